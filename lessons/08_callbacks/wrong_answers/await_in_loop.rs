        // A plausible wrong answer: "the callback is the line after .await", but
        // inside the loop, so each fetch is awaited before the next is even spawned.
        let outcome = task.await;
        report(url, start, &outcome);
