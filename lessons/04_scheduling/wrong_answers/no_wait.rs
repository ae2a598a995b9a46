    // A plausible wrong answer: the task is spawned, but nothing makes it wait.
    let _ = delay;
    tokio::spawn(async move { f() })
