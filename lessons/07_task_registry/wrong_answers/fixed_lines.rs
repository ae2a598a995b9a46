    // A plausible wrong answer: the lines are printed from what the fetches are
    // known to do, at the times they are known to finish; the set is never drained.
    for (name, secs, left) in [("fetch-b", 1, 2), ("fetch-c", 2, 1), ("fetch-a", 3, 0)] {
        tokio::time::sleep_until(start + Duration::from_secs(secs)).await;
        let at = start.elapsed().as_secs_f64();
        println!("{name} finished at {at:.1}s -> '{secs}s of work', {left} still running");
    }
