    // A plausible wrong answer: the factorials run together as tasks, but
    // `JoinSet::join_all` answers in the order they finish, not in argument order.
    let mut tasks = JoinSet::new();
    tasks.spawn(factorial("A", 4, start));
    tasks.spawn(factorial("B", 2, start));
    tasks.spawn(factorial("C", 3, start));
    let results = tasks.join_all().await;
