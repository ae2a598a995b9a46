    // A plausible wrong answer: the channel is never closed, since `tx` lives until
    // the end of the function. The workers wait for more jobs forever, and
    // `join_all` waits for them: the program hangs (Python's workers wait forever
    // too, but there `join()` counts jobs and the workers are cancelled).
    let (tx, rx) = async_channel::unbounded();
    for (i, &ms) in JOBS.iter().enumerate() {
        let job = Job { number: i + 1, duration: Duration::from_millis(ms) };
        tx.try_send(job).expect("an unbounded channel is never full");
    }
    let mut workers = JoinSet::new();
    for id in 0..WORKERS {
        let rx = rx.clone();
        workers.spawn(async move {
            while let Ok(job) = rx.recv().await {
                work(id, job, start).await;
            }
        });
    }
    workers.join_all().await;
