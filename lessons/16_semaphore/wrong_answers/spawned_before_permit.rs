    // A plausible wrong answer: every fetch spawned first, as `create_task` would,
    // then a permit taken around each await. The tasks were running already.
    let sem = Arc::new(Semaphore::new(3));
    let mut handles = Vec::new();
    for n in 1..=12 {
        let flight = Arc::clone(&flight);
        handles.push(tokio::spawn(async move { fetch(n, &flight).await }));
    }
    let mut results = Vec::new();
    for handle in handles {
        let _permit = sem.acquire().await.expect("never closed");
        results.push(handle.await.expect("fetch does not panic"));
    }
