    // A plausible wrong answer: a counter of its own instead of `set.len()`, but it
    // goes down only after the line is printed, so each task counts itself.
    let mut left = set.len();
    while let Some(joined) = set.join_next().await {
        let (name, answer) = joined.expect("fetch does not panic");
        let at = start.elapsed().as_secs_f64();
        println!("{name} finished at {at:.1}s -> '{answer}', {left} still running");
        left -= 1;
    }
