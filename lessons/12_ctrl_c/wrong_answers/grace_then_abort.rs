    // A plausible wrong answer: ask every worker to stop, give each 150 ms of grace,
    // then abort it. A fine last resort, but worker 1's cleanup takes 300 ms.
    token.cancel();
    let mut outcomes = Vec::new();
    for mut worker in workers {
        match tokio::time::timeout(Duration::from_millis(150), &mut worker).await {
            Ok(outcome) => outcomes.push(outcome),
            Err(_elapsed) => {
                worker.abort();
                outcomes.push(worker.await);
            }
        }
    }
