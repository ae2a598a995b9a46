    // A plausible wrong answer: `tokio::join!` runs the three together and keeps
    // argument order, but it rotates which future it polls first, so lines due at the
    // same second do not print as A, B, C.
    let (a, b, c) = tokio::join!(
        factorial("A", 4, start),
        factorial("B", 2, start),
        factorial("C", 3, start),
    );
    let results = vec![a, b, c];
