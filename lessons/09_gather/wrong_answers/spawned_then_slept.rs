    // A plausible wrong answer: the factorials are spawned and main sleeps as long as
    // the slowest should take, then writes the results down instead of awaiting them.
    for (name, n) in [("A", 4), ("B", 2), ("C", 3)] {
        tokio::spawn(factorial(name, n, start));
    }
    sleep(Duration::from_secs(3)).await;
    let results = vec![24, 2, 6];
