    // A plausible wrong answer: the fetches run concurrently, as tasks in a JoinSet,
    // but `join_next` hands their answers back in the order they finish.
    let mut set = tokio::task::JoinSet::new();
    for id in IDS {
        set.spawn(fetch(id));
    }
    let mut answers = Vec::new();
    while let Some(answer) = set.join_next().await {
        answers.push(answer.expect("a fetch panicked"));
    }
