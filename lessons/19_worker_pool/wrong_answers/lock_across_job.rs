    // A plausible wrong answer: tokio's single receiver, shared behind a mutex.
    // The guard is a temporary of the `while let` condition, and such
    // temporaries live until the end of the loop's body: each worker holds the
    // lock while it works.
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    for (i, &ms) in JOBS.iter().enumerate() {
        let job = Job { number: i + 1, duration: Duration::from_millis(ms) };
        tx.send(job).expect("the receiver is alive");
    }
    drop(tx);
    let rx = std::sync::Arc::new(tokio::sync::Mutex::new(rx));
    let mut workers = JoinSet::new();
    for id in 0..WORKERS {
        let rx = rx.clone();
        workers.spawn(async move {
            while let Some(job) = rx.lock().await.recv().await {
                work(id, job, start).await;
            }
        });
    }
    workers.join_all().await;
