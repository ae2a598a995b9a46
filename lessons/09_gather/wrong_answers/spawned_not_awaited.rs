    // A plausible wrong answer: the factorials are spawned, as `create_task` would
    // schedule them, but nothing waits for them; the results are written down instead.
    for (name, n) in [("A", 4), ("B", 2), ("C", 3)] {
        tokio::spawn(factorial(name, n, start));
    }
    let results = vec![24, 2, 6];
