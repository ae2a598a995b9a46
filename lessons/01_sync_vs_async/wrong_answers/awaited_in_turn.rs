    // A plausible wrong answer, from asyncio's `tasks = [create_task(...)]` habit:
    // build all five futures first, then await each in turn. Building a Rust future
    // does not start it, so each fetch still begins only when the one before is done.
    let fetches = IDS.map(fetch);
    let mut answers = Vec::new();
    for fetch in fetches {
        answers.push(fetch.await);
    }
