    // A plausible wrong answer: the right shape, but four permits, not three.
    let sem = Arc::new(Semaphore::new(4));
    let mut handles = Vec::new();
    for n in 1..=12 {
        let permit = Arc::clone(&sem).acquire_owned().await.expect("never closed");
        let flight = Arc::clone(&flight);
        handles.push(tokio::spawn(async move {
            let answer = fetch(n, &flight).await;
            drop(permit);
            answer
        }));
    }
    let mut results = Vec::new();
    for handle in handles {
        results.push(handle.await.expect("fetch does not panic"));
    }
