    // A plausible wrong answer: a permit for each fetch, but each fetch awaited
    // before the next one starts, so only one is ever in flight.
    let sem = Arc::new(Semaphore::new(3));
    let mut results = Vec::new();
    for n in 1..=12 {
        let _permit = sem.acquire().await.expect("never closed");
        results.push(fetch(n, &flight).await);
    }
