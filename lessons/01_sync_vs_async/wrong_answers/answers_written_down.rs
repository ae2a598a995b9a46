    // A plausible wrong answer: wait as long as the slowest request, then write the
    // answers down instead of fetching them.
    sleep(Duration::from_secs(1)).await;
    let answers = vec![40, 100, 20, 80, 60];
