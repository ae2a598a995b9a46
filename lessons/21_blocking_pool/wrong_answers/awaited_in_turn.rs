    // A plausible wrong answer: each job goes to the blocking pool, but is awaited
    // before the next one is spawned, so only one runs at a time.
    let mut bodies = Vec::new();
    for n in 0..PAGES {
        let flight = Arc::clone(&flight);
        let body = task::spawn_blocking(move || get_page(shop, n, &flight))
            .await
            .expect("the job does not panic");
        bodies.push(body);
    }
