// A plausible wrong answer: tell tokio that this task is about to block. Only a
// multi-thread runtime can hand its other tasks to another worker meanwhile.
tokio::task::block_in_place(|| std::thread::sleep(WORK));
