// region: turn
// A plausible wrong answer: the reactor notes which sockets are ready, but never
// calls the waker of the task waiting on them.
let mut events = Events::new();
self.poller
    .wait(&mut events, Some(STUCK_AFTER))
    .expect("the poller can wait");
if events.is_empty() {
    return false;
}
for event in events.iter() {
    println!("  socket {} readable", event.key);
    let _waiting = self.wakers.lock().unwrap().contains_key(&event.key);
}
true
