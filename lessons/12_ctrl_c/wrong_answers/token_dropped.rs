    // A plausible wrong answer after lesson 11's "cancelling is dropping": drop the
    // token, then wait for every worker. Each worker holds a clone, and dropping one
    // clone cancels nothing: no worker stops, and the first await never ends.
    drop(token);
    let mut outcomes = Vec::new();
    for worker in workers {
        outcomes.push(worker.await);
    }
