// region: requeue
// A plausible wrong answer: the waker only says the task was woken, as if the loop
// kept every task and would find it by itself. Nothing puts it back in the queue.
let _ = &self.lp;
