    // A plausible wrong answer: the buffer is cleared at the wrong place, on every
    // tick, as if a tick meant "the partial line has timed out".
    let mut line = String::new();
    loop {
        tokio::select! {
            chunk = chunks.recv() => match chunk {
                Some(chunk) => {
                    line.push_str(chunk);
                    if line.ends_with('\n') {
                        let whole = line.trim_end();
                        println!("safe loop: got \"{whole}\" at {:.1}s", at());
                        line.clear();
                    }
                }
                None => break,
            },
            _ = ticker.tick() => {
                line.clear();
                println!("safe loop: tick at {:.1}s", at());
            }
        }
    }
