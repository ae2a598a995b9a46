    // A plausible wrong answer: right results, but each factorial is awaited before
    // the next one starts, so nothing takes turns.
    let results = vec![
        factorial("A", 4, start).await,
        factorial("B", 2, start).await,
        factorial("C", 3, start).await,
    ];
