    // A plausible wrong answer: `time.sleep` habits. The task waits with the standard
    // library's sleep, which blocks the runtime's only thread instead of yielding it.
    tokio::spawn(async move {
        std::thread::sleep(delay);
        f()
    })
