    // A plausible wrong answer: each log write in a task of its own, never awaited:
    // the section ends before most of them have run, and drops them.
    for _ in 0..STEPS {
        total.set(total.get() + delta);
        let log = log.clone();
        task::spawn_local(async move { log.write(delta).await });
    }
