// region: run_once_body
// A plausible wrong answer: when no task is ready, call the next timer at once,
// but leave the clock where it is.
if self.0.ready.lock().unwrap().is_empty() {
    let next = self.0.timers.lock().unwrap().pop();
    let Some(timer) = next else { return false };
    (timer.callback)();
}
let now = self.0.state.lock().unwrap().now;
loop {
    let due = {
        let mut timers = self.0.timers.lock().unwrap();
        match timers.peek() {
            Some(timer) if timer.when <= now => timers.pop(),
            _ => None,
        }
    };
    let Some(timer) = due else { break };
    (timer.callback)();
}
let ntodo = self.0.ready.lock().unwrap().len();
for _ in 0..ntodo {
    let task = self.0.ready.lock().unwrap().pop_front();
    if let Some(task) = task {
        task.poll();
    }
}
true
