//! Lesson 17: `asyncio.Event` and `asyncio.Condition`, which tokio does not have:
//! an event on a `CancellationToken`, why `Notify` is not one, and a condition
//! built from a `Mutex` and a `Notify`.

// ANCHOR: imports
use std::collections::VecDeque;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, MutexGuard, Notify};
use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep, timeout};
use tokio_util::sync::CancellationToken;
// ANCHOR_END: imports

/// How long any waiter here waits before it gives up. The right program never
/// needs that long; a lost wake-up shows as a line instead of a hang.
const GIVE_UP: Duration = Duration::from_secs(3);

#[tokio::main(flavor = "current_thread")]
async fn main() {
    workbook::virtual_clock_if_asked();

    an_event().await;
    notify_keeps_no_state().await;
    let cond = Arc::new(Condition::new(VecDeque::new()));
    condition_round("notify(1), then notify(2)", &cond, notify_one_then_two).await;
    condition_round("notify_all", &cond, notify_all).await;
}

// ANCHOR: event
/// `asyncio.Event` on a `CancellationToken`: a flag that, once raised, releases
/// every waiter, those waiting now and any that come later. It cannot be lowered
/// again: there is no `clear`.
struct Event {
    token: CancellationToken,
}

impl Event {
    fn new() -> Self {
        Event {
            token: CancellationToken::new(),
        }
    }

    /// `event.set()`.
    fn set(&self) {
        self.token.cancel();
    }

    /// `event.is_set()`.
    fn is_set(&self) -> bool {
        self.token.is_cancelled()
    }

    /// `await event.wait()`: returns at once if the event is set already.
    async fn wait(&self) {
        self.token.cancelled().await;
    }
}
// ANCHOR_END: event

// ANCHOR: an_event
/// The articles' event: a timer sets it, and every waiter goes on, including one
/// that only starts waiting after the set.
async fn an_event() {
    println!("-- an event, set by a timer --");
    let start = Instant::now();
    let event = Arc::new(Event::new());
    println!("event set? {}", event.is_set());
    // `loop.call_later(0.1, set_event)`: a task that sleeps, then acts (lesson 04).
    let timer = tokio::spawn({
        let event = Arc::clone(&event);
        async move {
            sleep(Duration::from_millis(100)).await;
            println!("{:.1}s the timer sets the event", secs(start));
            event.set();
        }
    });
    let e1 = tokio::spawn(waiter("e1", Arc::clone(&event), start));
    let e2 = tokio::spawn(waiter("e2", Arc::clone(&event), start));
    let e3 = tokio::spawn({
        let event = Arc::clone(&event);
        async move {
            sleep(Duration::from_millis(200)).await; // starts after the set
            waiter("e3", event, start).await
        }
    });
    timer.await.expect("the timer does not panic");
    // Reported here, in a fixed order, once all three are done: one set wakes e1
    // and e2 at the same instant, and an event built on a `watch` would wake them
    // in no fixed order, so lines printed by the waiters as they wake could swap.
    report([("e1", e1), ("e2", e2), ("e3", e3)]).await;
    println!("event set? {}", event.is_set());
}

/// Waits for the event, at most `GIVE_UP`; says when it went on, or gave up.
async fn waiter(name: &str, event: Arc<Event>, start: Instant) -> Outcome {
    println!("{:.1}s {name} waits for the event", secs(start));
    let released = timeout(GIVE_UP, event.wait()).await.is_ok();
    (released, secs(start))
}
// ANCHOR_END: an_event

/// Whether a waiter went on (or gave up), and when.
type Outcome = (bool, f64);

/// Waits for every waiter, then says when each went on, or that it gave up.
async fn report<const N: usize>(waiters: [(&str, JoinHandle<Outcome>); N]) {
    let mut outcomes = Vec::new();
    for (name, waiter) in waiters {
        outcomes.push((name, waiter.await.expect("a waiter does not panic")));
    }
    for (name, (released, at)) in outcomes {
        if released {
            println!("{name} went on at {at:.1}s");
        } else {
            println!("{name} gave up at {at:.1}s, still waiting");
        }
    }
}

fn secs(start: Instant) -> f64 {
    start.elapsed().as_secs_f64()
}

// ANCHOR: notify
/// `Notify` wakes tasks; it does not remember that it did.
async fn notify_keeps_no_state() {
    println!("-- Notify: notify_waiters stores nothing --");
    let start = Instant::now();
    let notify = Arc::new(Notify::new());
    // `notify_waiters` wakes the waiters that exist at that moment, and stores
    // nothing: n2, which comes 0.1s later, waits for a wake-up that never comes.
    let n1 = tokio::spawn(notified("n1", Arc::clone(&notify), 0, start));
    let n2 = tokio::spawn(notified("n2", Arc::clone(&notify), 200, start));
    sleep(Duration::from_millis(100)).await;
    println!("{:.1}s wake all who wait (notify_waiters)", secs(start));
    notify.notify_waiters();
    report([("n1", n1), ("n2", n2)]).await;

    println!("-- Notify: notify_one stores one permit --");
    // `notify_one` with nobody waiting stores one permit, and only one: n3 takes
    // it at once, n4 finds none.
    let start = Instant::now();
    println!(
        "{:.1}s wake one, with nobody waiting (notify_one)",
        secs(start)
    );
    notify.notify_one();
    let n3 = tokio::spawn(notified("n3", Arc::clone(&notify), 100, start));
    let n4 = tokio::spawn(notified("n4", Arc::clone(&notify), 200, start));
    report([("n3", n3), ("n4", n4)]).await;
}

/// After `after_ms`, waits for a notification, at most `GIVE_UP`.
async fn notified(
    name: &str,
    notify: Arc<Notify>,
    after_ms: u64,
    start: Instant,
) -> Outcome {
    sleep(Duration::from_millis(after_ms)).await;
    println!("{:.1}s {name} waits", secs(start));
    let released = timeout(GIVE_UP, notify.notified()).await.is_ok();
    (released, secs(start))
}
// ANCHOR_END: notify

// ANCHOR: condition
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
        self.waiters.notify_waiters();
    }
}
// ANCHOR_END: condition

// ANCHOR: rounds
/// A stock of numbered items, guarded by the condition.
type Stock = Arc<Condition<VecDeque<u32>>>;

/// The articles' rounds: consumers that start waiting at 0.0s, 0.5s and 1.0s, and
/// a producer that adds items and notifies from 2.0s on.
async fn condition_round<P, F>(title: &str, cond: &Stock, producer: P)
where
    P: FnOnce(Stock, Instant) -> F,
    F: Future<Output = ()> + Send + 'static,
{
    println!("-- a condition: {title} --");
    let start = Instant::now();
    let producer = tokio::spawn(producer(Arc::clone(cond), start));
    let mut consumers = Vec::new();
    for (name, after_ms) in [("c1", 0), ("c2", 500), ("c3", 1000)] {
        let cond = Arc::clone(cond);
        let consumer = tokio::spawn(consumer(name, cond, after_ms, start));
        consumers.push(consumer);
    }
    for consumer in consumers {
        consumer.await.expect("a consumer does not panic");
    }
    producer.await.expect("the producer does not panic");
}

/// Waits until the stock has an item, and takes it.
async fn consumer(name: &str, cond: Stock, after_ms: u64, start: Instant) {
    sleep(Duration::from_millis(after_ms)).await;
    println!("{:.1}s {name} waits for an item", secs(start));
    // `ready` runs before the first wait and again after each wake-up: a wake-up
    // that finds the stock empty (another waiter was first) says so.
    let last_check = std::sync::Mutex::new(None);
    let ready = |stock: &VecDeque<u32>| {
        let now = secs(start);
        let before = last_check.lock().unwrap().replace(now);
        if before.is_some_and(|then| then < now) && stock.is_empty() {
            println!("{now:.1}s {name} woke, but the stock is empty: waits again");
        }
        !stock.is_empty()
    };
    let took = timeout(GIVE_UP, async {
        let stock = cond.lock().await;
        let mut stock = cond.wait_for(stock, ready).await;
        stock.pop_front()
    })
    .await;
    let t = secs(start);
    match took {
        Ok(Some(item)) => println!("{t:.1}s {name} takes item {item}"),
        // Only a waiter that went on without checking again can land here.
        Ok(None) => println!("{t:.1}s {name} woke to an empty stock"),
        Err(_) => println!("{t:.1}s {name} gave up, still waiting"),
    }
}

/// At 2.0s item 1 and `notify(1)`; at 2.1s items 2 and 3 and `notify(2)`.
async fn notify_one_then_two(cond: Stock, start: Instant) {
    sleep(Duration::from_secs(2)).await;
    for items in [&[1][..], &[2, 3]] {
        let mut stock = cond.lock().await;
        stock.extend(items);
        let n = items.len();
        println!("{:.1}s producer: {items:?} in, notify({n})", secs(start));
        cond.notify(n);
        drop(stock); // as the end of `async with cond:` releases the lock
        sleep(Duration::from_millis(100)).await;
    }
}

/// At 2.0s items 4 and 5 for three waiters and `notify_all()`; at 2.1s item 6
/// and `notify(1)`.
async fn notify_all(cond: Stock, start: Instant) {
    sleep(Duration::from_secs(2)).await;
    let mut stock = cond.lock().await;
    stock.extend([4, 5]);
    println!("{:.1}s producer: [4, 5] in, notify_all()", secs(start));
    cond.notify_all();
    drop(stock);
    sleep(Duration::from_millis(100)).await;
    let mut stock = cond.lock().await;
    stock.push_back(6);
    println!("{:.1}s producer: [6] in, notify(1)", secs(start));
    cond.notify(1);
}
// ANCHOR_END: rounds
