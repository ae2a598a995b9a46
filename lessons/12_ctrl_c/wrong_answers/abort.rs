    // A plausible wrong answer: abort every worker instead of asking it to stop.
    for worker in &workers {
        worker.abort();
    }
    let mut outcomes = Vec::new();
    for worker in workers {
        outcomes.push(worker.await);
    }
