// A plausible wrong answer: a sleep that holds the runtime's only thread.
std::thread::sleep(WORK);
