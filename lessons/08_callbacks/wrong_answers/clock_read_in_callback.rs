        // A plausible wrong answer: the callback reads the clock itself instead of
        // capturing `start`, so it measures from when it runs: every line says 0.0s.
        let follower = add_done_callback(task, move |done| report(url, Instant::now(), done));
        followers.push(follower);
