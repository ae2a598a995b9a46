    // A plausible wrong answer: the right calls in the wrong order. The wait comes
    // first, so the stop is sent only after the server has ended on its own.
    rt.block_on(server).expect("the server panicked");
    stop.notify_one();
    rt.shutdown_timeout(Duration::from_millis(100));
