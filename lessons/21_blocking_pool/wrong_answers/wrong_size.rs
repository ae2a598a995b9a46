    // A plausible wrong answer: the right shape, but a pool of four.
    let sem = Arc::new(Semaphore::new(4));
    let mut jobs = Vec::new();
    for n in 0..PAGES {
        let permit = Arc::clone(&sem).acquire_owned().await.expect("never closed");
        let flight = Arc::clone(&flight);
        jobs.push(task::spawn_blocking(move || {
            let body = get_page(shop, n, &flight);
            drop(permit);
            body
        }));
    }
    let mut bodies = Vec::new();
    for job in jobs {
        bodies.push(job.await.expect("the job does not panic"));
    }
