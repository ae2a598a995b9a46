// region: turn
// A plausible wrong answer: ask the poller without waiting, and come back at once
// if nothing is ready: the thread spins instead of sleeping in the kernel.
let mut events = Events::new();
self.poller
    .wait(&mut events, Some(Duration::ZERO))
    .expect("the poller can wait");
for event in events.iter() {
    println!("  socket {} readable", event.key);
    let waker = self.wakers.lock().unwrap().remove(&event.key);
    if let Some(waker) = waker {
        waker.wake();
    }
}
true
