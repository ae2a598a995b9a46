    // A plausible wrong answer: `time.sleep` habits. main spawns both tasks, then
    // "waits for them" by blocking its thread for as long as the longer one takes.
    tokio::spawn(say_after(2, "world"));
    tokio::spawn(say_after(1, "hello"));
    std::thread::sleep(Duration::from_secs(2));
    let said = ["world", "hello"];
