// A plausible wrong answer: the blocking sleep moves to the blocking pool, but
// nothing waits for it there.
tokio::task::spawn_blocking(|| std::thread::sleep(WORK));
