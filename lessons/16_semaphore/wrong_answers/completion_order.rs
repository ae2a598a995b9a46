    // A plausible wrong answer: the limit is right, but a JoinSet hands back the
    // answers in the order the fetches finish.
    let sem = Arc::new(Semaphore::new(3));
    let mut set = tokio::task::JoinSet::new();
    for n in 1..=12 {
        let sem = Arc::clone(&sem);
        let flight = Arc::clone(&flight);
        set.spawn(async move {
            let _permit = sem.acquire().await.expect("never closed");
            fetch(n, &flight).await
        });
    }
    let mut results = Vec::new();
    while let Some(answer) = set.join_next().await {
        results.push(answer.expect("fetch does not panic"));
    }
