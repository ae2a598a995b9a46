    // A plausible wrong answer: only the first task to finish is waited for (as
    // `asyncio.wait(..., return_when=FIRST_COMPLETED)` would), and its word is used
    // for both. world is left behind, still asleep.
    let world = tokio::spawn(say_after(2, "world"));
    let hello = tokio::spawn(say_after(1, "hello"));
    let first = tokio::select! {
        w = world => w.expect("say_after does not panic"),
        h = hello => h.expect("say_after does not panic"),
    };
    let said = [first, first];
