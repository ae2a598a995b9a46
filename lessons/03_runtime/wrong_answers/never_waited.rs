    // A plausible wrong answer: the stop is sent, but the runtime is closed before
    // the server ever ran, so it is dropped without seeing it.
    stop.notify_one();
    drop(server);
    rt.shutdown_timeout(Duration::from_millis(100));
