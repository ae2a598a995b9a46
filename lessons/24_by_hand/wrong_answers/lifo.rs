// region: run_once_body
// A plausible wrong answer: the ready queue drained from the back, as a stack: the
// task woken last runs first.
if self.0.ready.lock().unwrap().is_empty() {
    let Some(next) = self.0.timers.lock().unwrap().peek().map(|t| t.when)
    else {
        return false;
    };
    let mut state = self.0.state.lock().unwrap();
    state.now = state.now.max(next);
}
let now = self.0.state.lock().unwrap().now;
loop {
    // Pop under the lock, call with it released: the callback may add a
    // timer or wake a task.
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
    let task = self.0.ready.lock().unwrap().pop_back();
    if let Some(task) = task {
        task.poll();
    }
}
true
