// A plausible wrong answer: `let _ =` as Python's throwaway name. In Rust `_` is no
// name at all: the permit is dropped at once, and nothing is limited.
let sem = Arc::new(Semaphore::new(64));
let tasks: Vec<_> = (0..N)
    .map(|n| {
        let (sem, flight) = (Arc::clone(&sem), Arc::clone(&flight));
        tokio::spawn(async move {
            let _ = sem.acquire().await.expect("never closed");
            let conn = connect(addr, &flight).await?;
            conn.get(n).await
        })
    })
    .collect();
let mut results = Vec::new();
for task in tasks {
    results.push(task.await.expect("the task does not panic"));
}
