    // A plausible wrong answer: tokio's receiver behind a mutex, locked once before
    // the loop: the first worker keeps the guard until the queue is empty.
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    for (i, &ms) in JOBS.iter().enumerate() {
        let job = Job { number: i + 1, duration: Duration::from_millis(ms) };
        tx.send(job).unwrap();
    }
    drop(tx);
    let rx = std::sync::Arc::new(tokio::sync::Mutex::new(rx));
    let mut workers = JoinSet::new();
    for id in 0..WORKERS {
        let rx = rx.clone();
        workers.spawn(async move {
            let mut rx = rx.lock().await;
            while let Some(job) = rx.recv().await {
                work(id, job, start).await;
            }
        });
    }
    workers.join_all().await;
