    // A plausible wrong answer, Python's habit: cancel, and consider it done. Nobody
    // waits for the workers, and returning from main drops them mid-cleanup.
    token.cancel();
    let outcomes: Vec<Result<String, tokio::task::JoinError>> = Vec::new();
    drop(workers);
