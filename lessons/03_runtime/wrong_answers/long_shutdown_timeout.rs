    // A plausible wrong answer: a "generous" limit for the close, longer than the
    // blocking job waits for main.
    stop.notify_one();
    rt.block_on(server).expect("the server panicked");
    rt.shutdown_timeout(Duration::from_secs(5));
