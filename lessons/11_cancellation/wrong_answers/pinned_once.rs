    // A plausible wrong answer: keep one `read_line` future across rounds, pinned, and
    // race `&mut` to it, so that losing a race no longer drops it. It gets "hello",
    // but then the finished future is polled again, and that panics.
    let mut reading = std::pin::pin!(read_line(&mut chunks));
    loop {
        tokio::select! {
            line = &mut reading => match line {
                Some(line) => println!("safe loop: got \"{line}\" at {:.1}s", at()),
                None => break,
            },
            _ = ticker.tick() => println!("safe loop: tick at {:.1}s", at()),
        }
    }
