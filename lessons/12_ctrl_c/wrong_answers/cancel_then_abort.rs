    // A plausible wrong answer: ask every worker to stop, then abort them to be sure.
    // The abort comes before any worker has run again, so none of them cleans up.
    token.cancel();
    for worker in &workers {
        worker.abort();
    }
    let mut outcomes = Vec::new();
    for worker in workers {
        outcomes.push(worker.await);
    }
