// region: event
// A plausible wrong answer: an event made of `Notify`. `set` raises a flag and
// wakes the tasks waiting now; `wait` waits for a wake-up, without looking at the
// flag.
struct Event {
    flag: std::sync::atomic::AtomicBool,
    waiters: Notify,
}

impl Event {
    fn new() -> Self {
        Event {
            flag: std::sync::atomic::AtomicBool::new(false),
            waiters: Notify::new(),
        }
    }

    fn set(&self) {
        self.flag.store(true, std::sync::atomic::Ordering::Relaxed);
        self.waiters.notify_waiters();
    }

    fn is_set(&self) -> bool {
        self.flag.load(std::sync::atomic::Ordering::Relaxed)
    }

    async fn wait(&self) {
        self.waiters.notified().await;
    }
}
