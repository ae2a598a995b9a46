    // A plausible wrong answer: `recv` is cancel safe, but the partial line is
    // declared inside the loop, so it is thrown away every time the tick wins a round.
    loop {
        let mut line = String::new();
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
