    // A plausible wrong answer: the partial line outlives the rounds, but as one slot
    // for the chunk before the last, which is enough only for lines of two chunks.
    let mut partial: Option<&str> = None;
    loop {
        tokio::select! {
            chunk = chunks.recv() => match chunk {
                Some(chunk) => {
                    if let Some(end) = chunk.strip_suffix('\n') {
                        let head = partial.take().unwrap_or("");
                        println!("safe loop: got \"{head}{end}\" at {:.1}s", at());
                    } else {
                        partial = Some(chunk);
                    }
                }
                None => break,
            },
            _ = ticker.tick() => println!("safe loop: tick at {:.1}s", at()),
        }
    }
