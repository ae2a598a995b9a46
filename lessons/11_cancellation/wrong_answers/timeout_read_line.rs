    // A plausible wrong answer, the shape of asyncio's `wait_for` in a loop: race
    // `read_line` against the next tick with a timeout. When the timeout fires, it
    // drops the `read_line` future, and the partial line inside it.
    let mut next_tick = Instant::now() + Duration::from_secs(1);
    loop {
        match tokio::time::timeout_at(next_tick, read_line(&mut chunks)).await {
            Ok(Some(line)) => println!("safe loop: got \"{line}\" at {:.1}s", at()),
            Ok(None) => break,
            Err(_elapsed) => {
                println!("safe loop: tick at {:.1}s", at());
                next_tick += Duration::from_secs(1);
            }
        }
    }
