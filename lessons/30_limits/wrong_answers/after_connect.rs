// A plausible wrong answer: the permit taken after the connection is open, to
// limit the requests. The descriptors are taken before any permit.
let sem = Arc::new(Semaphore::new(64));
let tasks: Vec<_> = (0..N)
    .map(|n| {
        let (sem, flight) = (Arc::clone(&sem), Arc::clone(&flight));
        tokio::spawn(async move {
            let conn = connect(addr, &flight).await?;
            let _permit = sem.acquire().await.expect("never closed");
            conn.get(n).await
        })
    })
    .collect();
let mut results = Vec::new();
for task in tasks {
    results.push(task.await.expect("the task does not panic"));
}
