// region: condition
// A plausible wrong answer: `notify_all` as `notify_one` twice, "one per item", so
// the third waiter is not woken, though all three wait.
/// `asyncio.Condition` for tokio: a `Mutex` guards the state, and a `Notify`
/// wakes the waiters.
struct Condition<T> {
    state: Mutex<T>,
    waiters: Notify,
}

impl<T> Condition<T> {
    fn new(state: T) -> Self {
        Condition {
            state: Mutex::new(state),
            waiters: Notify::new(),
        }
    }

    /// `async with cond:` (the guard unlocks when dropped).
    async fn lock(&self) -> MutexGuard<'_, T> {
        self.state.lock().await
    }

    /// `await cond.wait_for(ready)`: gives the lock up while it waits, and takes
    /// it back before it checks `ready` again. A wake-up is only a hint that the
    /// state changed: another waiter may have been first.
    async fn wait_for<'a>(
        &'a self,
        mut guard: MutexGuard<'a, T>,
        ready: impl Fn(&T) -> bool,
    ) -> MutexGuard<'a, T> {
        while !ready(&guard) {
            // Join the queue of waiters *before* letting go of the lock: a
            // notify sent between the unlock and our first poll reaches us.
            let mut notified = pin!(self.waiters.notified());
            notified.as_mut().enable();
            drop(guard);
            notified.await;
            guard = self.state.lock().await;
        }
        guard
    }

    /// `cond.notify(n)`: wakes the first `n` waiters. (`notify_one` with nobody
    /// waiting would store a permit, and wake a later waiter for nothing: the
    /// `while` above puts it back to sleep.)
    fn notify(&self, n: usize) {
        for _ in 0..n {
            self.waiters.notify_one();
        }
    }

    /// `cond.notify_all()`: wakes every waiter queued now.
    fn notify_all(&self) {
        self.waiters.notify_one();
        self.waiters.notify_one();
    }
}
