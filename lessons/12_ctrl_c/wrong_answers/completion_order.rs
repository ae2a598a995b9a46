    // A plausible wrong answer: ask every worker to stop, then collect the outcomes
    // with a JoinSet, whose `join_all` returns them in the order the workers finish.
    token.cancel();
    let mut set = tokio::task::JoinSet::new();
    for worker in workers {
        set.spawn(worker);
    }
    let outcomes = set.join_all().await;
