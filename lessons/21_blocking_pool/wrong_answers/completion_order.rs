    // A plausible wrong answer: three at a time, but the results are collected as
    // the jobs finish, `as_completed`'s order, not `gather`'s.
    let sem = Arc::new(Semaphore::new(3));
    let mut jobs = tokio::task::JoinSet::new();
    for n in 0..PAGES {
        let permit = Arc::clone(&sem).acquire_owned().await.expect("never closed");
        let flight = Arc::clone(&flight);
        jobs.spawn_blocking(move || {
            let body = get_page(shop, n, &flight);
            drop(permit);
            body
        });
    }
    let mut bodies = Vec::new();
    while let Some(body) = jobs.join_next().await {
        bodies.push(body.expect("the job does not panic"));
    }
