    // A plausible wrong answer: both tasks spawned, neither awaited ("they say their
    // words anyway"). main returns at once and the runtime, shutting down, drops both
    // tasks before they print.
    tokio::spawn(say_after(2, "world"));
    tokio::spawn(say_after(1, "hello"));
    let said = ["world", "hello"];
