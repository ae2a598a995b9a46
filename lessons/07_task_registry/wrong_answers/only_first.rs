    // A plausible wrong answer: `if let` instead of `while let`, so only the first
    // task to finish is taken out; the other two stay in the set.
    if let Some(joined) = set.join_next().await {
        let (name, answer) = joined.expect("fetch does not panic");
        let at = start.elapsed().as_secs_f64();
        println!(
            "{name} finished at {at:.1}s -> '{answer}', {} still running",
            set.len()
        );
    }
