    // A plausible wrong answer: `await asyncio.sleep(2)` "to let both tasks finish":
    // spawn both, then sleep as long as the longer one takes.
    tokio::spawn(say_after(2, "world"));
    tokio::spawn(say_after(1, "hello"));
    sleep(Duration::from_secs(2)).await;
    let said = ["world", "hello"];
