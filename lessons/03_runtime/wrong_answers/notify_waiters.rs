    // A plausible wrong answer: `notify_waiters` wakes only the tasks already waiting.
    // The server has not run yet, so nobody waits, and the stop is lost.
    stop.notify_waiters();
    rt.block_on(server).expect("the server panicked");
    rt.shutdown_timeout(Duration::from_millis(100));
