        // A plausible wrong answer: the callback is attached, but its continuation is
        // awaited at once, so each fetch ends before the next one is even spawned.
        let follower = add_done_callback(task, move |done| report(url, start, done));
        let _ = follower.await;
