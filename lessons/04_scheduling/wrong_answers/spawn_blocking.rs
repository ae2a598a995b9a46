    // A plausible wrong answer: each callback waits on a thread of the blocking pool,
    // with the standard library's sleep, instead of on the runtime's timer.
    tokio::task::spawn_blocking(move || {
        std::thread::sleep(delay);
        f()
    })
