// A plausible wrong answer: the permit limits connecting, and goes back once the
// connection is open, while the connection (its descriptor) stays open.
let sem = Arc::new(Semaphore::new(64));
let tasks: Vec<_> = (0..N)
    .map(|n| {
        let (sem, flight) = (Arc::clone(&sem), Arc::clone(&flight));
        tokio::spawn(async move {
            let permit = sem.acquire().await.expect("never closed");
            let conn = connect(addr, &flight).await?;
            drop(permit);
            conn.get(n).await
        })
    })
    .collect();
let mut results = Vec::new();
for task in tasks {
    results.push(task.await.expect("the task does not panic"));
}
