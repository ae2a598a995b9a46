    // A plausible wrong answer: waiting for the server without telling it to stop,
    // as if it ended by itself.
    rt.block_on(server).expect("the server panicked");
    rt.shutdown_timeout(Duration::from_millis(100));
