    // A plausible wrong answer: a JoinSet, drained as the tasks finish. Both run side
    // by side, but the words come back in completion order.
    let mut set = tokio::task::JoinSet::new();
    set.spawn(say_after(2, "world"));
    set.spawn(say_after(1, "hello"));
    let first = set.join_next().await.expect("two tasks").expect("no panic");
    let second = set.join_next().await.expect("two tasks").expect("no panic");
    let said = [first, second];
