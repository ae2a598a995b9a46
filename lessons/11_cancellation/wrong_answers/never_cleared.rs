    // A plausible wrong answer: the partial line outlives every round, as it should,
    // but it is never cleared, so the first line is still in it when the second ends.
    let mut line = String::new();
    loop {
        tokio::select! {
            chunk = chunks.recv() => match chunk {
                Some(chunk) => {
                    line.push_str(chunk);
                    if let Some(whole) = line.strip_suffix('\n') {
                        println!("safe loop: got \"{whole}\" at {:.1}s", at());
                    }
                }
                None => break,
            },
            _ = ticker.tick() => println!("safe loop: tick at {:.1}s", at()),
        }
    }
