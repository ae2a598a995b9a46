// A plausible wrong answer: the blocking sleep moves to a thread of its own, so it
// "cannot block the runtime". But the task then waits for that thread with `join`.
std::thread::spawn(|| std::thread::sleep(WORK))
    .join()
    .expect("the sleeping thread does not panic");
