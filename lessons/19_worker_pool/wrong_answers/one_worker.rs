    // A plausible wrong answer: the jobs, the closing and the join are right, but
    // one worker does them all, one after another.
    let (tx, rx) = async_channel::unbounded();
    for (i, &ms) in JOBS.iter().enumerate() {
        let job = Job { number: i + 1, duration: Duration::from_millis(ms) };
        tx.try_send(job).expect("an unbounded channel is never full");
    }
    drop(tx);
    let worker = tokio::spawn(async move {
        while let Ok(job) = rx.recv().await {
            work(0, job, start).await;
        }
    });
    worker.await.expect("the worker panicked");
