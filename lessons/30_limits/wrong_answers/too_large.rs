// A plausible wrong answer: the articles' `Semaphore(500)`, which stays below a
// limit of 1024 but not below this one.
let sem = Arc::new(Semaphore::new(500));
let tasks: Vec<_> = (0..N)
    .map(|n| {
        let (sem, flight) = (Arc::clone(&sem), Arc::clone(&flight));
        tokio::spawn(async move {
            let _permit = sem.acquire().await.expect("never closed");
            let conn = connect(addr, &flight).await?;
            conn.get(n).await
        })
    })
    .collect();
let mut results = Vec::new();
for task in tasks {
    results.push(task.await.expect("the task does not panic"));
}
