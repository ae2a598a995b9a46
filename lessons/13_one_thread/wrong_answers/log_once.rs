    // A plausible wrong answer: the update alone in the loop, the log written once.
    for _ in 0..STEPS {
        total.set(total.get() + delta);
    }
    log.write(delta).await;
