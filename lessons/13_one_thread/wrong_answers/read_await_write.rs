    // A plausible wrong answer: the value read before the await is written after it.
    for _ in 0..STEPS {
        let seen = total.get();
        log.write(delta).await;
        total.set(seen + delta);
    }
