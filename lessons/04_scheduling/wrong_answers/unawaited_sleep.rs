    // A plausible wrong answer: the task makes a `sleep` future but never awaits it.
    // Like `asyncio.sleep(delay)` without `await`, it waits for nothing.
    tokio::spawn(async move {
        let _ = sleep(delay);
        f()
    })
