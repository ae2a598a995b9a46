    // A plausible wrong answer: each job is awaited before the next one starts.
    for (name, secs, value) in [("a", 3, 10), ("b", 1, 20), ("c", 2, 30)] {
        let (name, value) = after(secs, (name, value)).await;
        println!(
            "{name} answered {value} at {:.1}s",
            start.elapsed().as_secs_f64()
        );
    }
