    // A plausible wrong answer: `spawn_blocking` as `run_in_executor`, trusting the
    // pool to be small. tokio's blocking pool has up to 512 threads.
    let jobs: Vec<_> = (0..PAGES)
        .map(|n| {
            let flight = Arc::clone(&flight);
            task::spawn_blocking(move || get_page(shop, n, &flight))
        })
        .collect();
    let mut bodies = Vec::new();
    for job in jobs {
        bodies.push(job.await.expect("the job does not panic"));
    }
