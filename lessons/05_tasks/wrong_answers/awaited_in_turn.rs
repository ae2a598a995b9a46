    // A plausible wrong answer: two tasks, but the first is awaited before the second
    // is spawned, so the two waits still add up.
    let world = tokio::spawn(say_after(2, "world"));
    let first = world.await.expect("say_after does not panic");
    let hello = tokio::spawn(say_after(1, "hello"));
    let said = [first, hello.await.expect("say_after does not panic")];
