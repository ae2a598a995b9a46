    // A plausible wrong answer: each task acquires a permit, but `let _ =` binds
    // nothing, so the permit is dropped at the end of that statement.
    let sem = Arc::new(Semaphore::new(3));
    let mut handles = Vec::new();
    for n in 1..=12 {
        let sem = Arc::clone(&sem);
        let flight = Arc::clone(&flight);
        handles.push(tokio::spawn(async move {
            let _ = sem.acquire().await.expect("never closed");
            fetch(n, &flight).await
        }));
    }
    let mut results = Vec::new();
    for handle in handles {
        results.push(handle.await.expect("fetch does not panic"));
    }
