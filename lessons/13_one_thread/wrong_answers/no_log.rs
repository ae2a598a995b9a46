    // A plausible wrong answer: the await caused the race, so it is gone, and so is
    // the log.
    for _ in 0..STEPS {
        total.set(total.get() + delta);
    }
    let _ = &log;
