    // A plausible wrong answer: stopping the server the way `task.cancel()` stops a
    // task. `abort` drops the task's future: the server's own ending never runs.
    server.abort();
    rt.shutdown_timeout(Duration::from_millis(100));
