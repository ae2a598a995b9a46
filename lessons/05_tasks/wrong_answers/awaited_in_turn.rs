    // A plausible wrong answer: two tasks, but the first is awaited before the second
    // is spawned, so the two waits still add up.
    let world = tokio::spawn(say_after(2, "world"));
    world.await.expect("say_after does not panic");
    let hello = tokio::spawn(say_after(1, "hello"));
    hello.await.expect("say_after does not panic");
