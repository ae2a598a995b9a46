// region: turn
// A plausible wrong answer: any event wakes every waiting task, and each looks
// for itself whether its socket has data (as a loop around `select` that never
// reads which sockets it returned).
let mut events = Events::new();
self.poller
    .wait(&mut events, Some(STUCK_AFTER))
    .expect("the poller can wait");
if events.is_empty() {
    return false;
}
for event in events.iter() {
    println!("  socket {} readable", event.key);
}
let wakers: Vec<Waker> = {
    let mut wakers = self.wakers.lock().unwrap();
    let mut keys: Vec<usize> = wakers.keys().copied().collect();
    keys.sort();
    keys.into_iter().filter_map(|key| wakers.remove(&key)).collect()
};
for waker in wakers {
    waker.wake();
}
true
