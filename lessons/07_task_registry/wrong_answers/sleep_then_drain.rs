    // A plausible wrong answer, an asyncio habit: sleep long enough for every fetch,
    // then drain the set. The lines are right, but all of them come at 3.0s.
    sleep(Duration::from_secs(3)).await;
    while let Some(joined) = set.join_next().await {
        let (name, answer) = joined.expect("fetch does not panic");
        let at = start.elapsed().as_secs_f64();
        println!(
            "{name} finished at {at:.1}s -> '{answer}', {} still running",
            set.len()
        );
    }
