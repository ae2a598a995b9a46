        // A plausible wrong answer: the callback is attached and its continuation
        // detached. Nothing waits for it, so main returns before any fetch is done.
        add_done_callback(task, move |done| report(url, start, done));
