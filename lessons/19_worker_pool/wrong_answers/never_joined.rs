    // A plausible wrong answer: the workers are spawned, but nothing waits for them.
    // `run_pool` returns at once, `main` prints and returns, and the runtime drops
    // the workers before they have done a single job.
    let (tx, rx) = async_channel::unbounded();
    for (i, &ms) in JOBS.iter().enumerate() {
        let job = Job { number: i + 1, duration: Duration::from_millis(ms) };
        tx.try_send(job).expect("an unbounded channel is never full");
    }
    drop(tx);
    for id in 0..WORKERS {
        let rx = rx.clone();
        tokio::spawn(async move {
            while let Ok(job) = rx.recv().await {
                work(id, job, start).await;
            }
        });
    }
