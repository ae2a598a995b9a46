    // A plausible wrong answer: "the last task spawned finishes last", so only its
    // handle is awaited. Here the last one is the quicker: world is left behind.
    let _world = tokio::spawn(say_after(2, "world"));
    let hello = tokio::spawn(say_after(1, "hello"));
    hello.await.expect("say_after does not panic");
