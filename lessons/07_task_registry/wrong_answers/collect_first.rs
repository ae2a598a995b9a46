    // A plausible wrong answer: every result is right, but none is printed until the
    // whole set is done, so every line says 3.0s and "0 still running".
    let mut results = Vec::new();
    while let Some(joined) = set.join_next().await {
        results.push(joined.expect("fetch does not panic"));
    }
    for (name, answer) in results {
        let at = start.elapsed().as_secs_f64();
        println!(
            "{name} finished at {at:.1}s -> '{answer}', {} still running",
            set.len()
        );
    }
