//! Lesson 15: how an async lock works inside. A lock written by hand, as asyncio's
//! `Lock` is written: a flag, a queue of waiting tasks' wakers, `unlock` waking the
//! first; then the same greedy tasks on tokio's `Mutex`, which is just as fair.

// ANCHOR: imports
use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use tokio::time::{Instant, sleep, timeout};
// ANCHOR_END: imports

#[tokio::main(flavor = "current_thread")]
async fn main() {
    workbook::virtual_clock_if_asked();

    println!("-- the hand-written lock --");
    greedy_tasks(Arc::new(Lock::new())).await;
    println!("-- the library's lock --");
    greedy_tasks(Arc::new(tokio::sync::Mutex::new(()))).await;
}

// ANCHOR: lock
/// An async lock, as asyncio's `Lock` is built: a flag, and the waiting tasks in
/// arrival order. It guards no data, as `asyncio.Lock` guards none.
struct Lock {
    // A short `std` mutex around the state: it is never held across an `.await`.
    state: Mutex<State>,
}

struct State {
    locked: bool,
    /// asyncio's `_waiters`: one entry per waiting task, first come first, with the
    /// `Waker` to call when its turn comes. The number tells the entries apart.
    waiters: VecDeque<(u64, Waker)>,
    next_ticket: u64,
}

impl Lock {
    fn new() -> Lock {
        let waiters = VecDeque::new();
        let state = State {
            locked: false,
            waiters,
            next_ticket: 0,
        };
        Lock {
            state: Mutex::new(state),
        }
    }

    /// `await lock.acquire()`: a future that is ready once this task holds the lock.
    fn lock(&self) -> Acquire<'_> {
        Acquire {
            lock: self,
            ticket: None,
        }
    }

    /// asyncio's `release`: mark the lock free and wake the first waiter, which takes
    /// the lock when it runs. The others sleep on.
    fn unlock(&self) {
        let mut state = self.state.lock().unwrap();
        state.locked = false;
        if let Some((_, waker)) = state.waiters.front() {
            waker.wake_by_ref();
        }
    }
}

/// The future of one `lock()` call. `ticket` is its place in the queue, once it
/// has one.
struct Acquire<'a> {
    lock: &'a Lock,
    ticket: Option<u64>,
}

impl<'a> Future for Acquire<'a> {
    type Output = Guard<'a>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Guard<'a>> {
        let this = self.get_mut();
        let lock = this.lock;
        let mut state = lock.state.lock().unwrap();
        // ANCHOR: poll
        // Our turn if nobody is ahead of us: a newcomer when the queue is empty, a
        // waiter when it is first in line. A free lock is not enough: that is what
        // makes the lock fair (asyncio: `not self._locked and all(...)`).
        let first = match this.ticket {
            None => state.waiters.is_empty(),
            Some(ticket) => state.waiters.front().is_some_and(|(t, _)| *t == ticket),
        };
        if first && !state.locked {
            state.locked = true;
            if this.ticket.take().is_some() {
                state.waiters.pop_front();
            }
            return Poll::Ready(Guard { lock });
        }
        // Not yet: join the back of the queue the first time, and after that keep
        // the waker up to date (a task may be polled with a different one).
        match this.ticket {
            None => {
                let ticket = state.next_ticket;
                state.next_ticket += 1;
                state.waiters.push_back((ticket, cx.waker().clone()));
                this.ticket = Some(ticket);
            }
            Some(ticket) => {
                let entry = state.waiters.iter_mut().find(|(t, _)| *t == ticket);
                entry.unwrap().1.clone_from(cx.waker());
            }
        }
        Poll::Pending
        // ANCHOR_END: poll
    }
}

/// A waiter that gives up (a timeout, an aborted task) drops its `Acquire` and
/// leaves the queue. If it was first in line and the lock is free, it had been
/// woken to take it: it wakes the next waiter instead (asyncio does the same in
/// `acquire`'s `except CancelledError`).
impl Drop for Acquire<'_> {
    fn drop(&mut self) {
        let Some(ticket) = self.ticket else { return };
        let mut state = self.lock.state.lock().unwrap();
        let was_first = state.waiters.front().is_some_and(|(t, _)| *t == ticket);
        state.waiters.retain(|(t, _)| *t != ticket);
        if was_first
            && !state.locked
            && let Some((_, waker)) = state.waiters.front()
        {
            waker.wake_by_ref();
        }
    }
}

/// Holding the lock. Dropping the guard unlocks: `async with` without the `with`.
struct Guard<'a> {
    lock: &'a Lock,
}

impl Drop for Guard<'_> {
    fn drop(&mut self) {
        self.lock.unlock();
    }
}
// ANCHOR_END: lock

// ANCHOR: greedy
/// Three greedy tasks take the lock twice each, holding it a second each time, and
/// ask again at once. `d` gives up after half a second in the queue.
async fn greedy_tasks<L: AnyLock>(lock: Arc<L>) {
    let seen = Arc::new(Seen::default());
    let a = tokio::spawn(greedy("a", Arc::clone(&lock), Arc::clone(&seen)));
    let d = tokio::spawn(gives_up(Arc::clone(&lock), Arc::clone(&seen)));
    let b = tokio::spawn(greedy("b", Arc::clone(&lock), Arc::clone(&seen)));
    let c = tokio::spawn(greedy("c", Arc::clone(&lock), Arc::clone(&seen)));
    // If the lock never comes back, say so after a minute instead of hanging.
    let all = async {
        for task in [a, d, b, c] {
            task.await.unwrap();
        }
    };
    if timeout(Duration::from_secs(60), all).await.is_err() {
        println!("stuck: a task still waits for the lock at 60.0s");
    }
    let order = seen.order.lock().unwrap().join(" ");
    let most = seen.most.load(Ordering::Relaxed);
    let now = seen.start.elapsed().as_secs_f64();
    println!("order: {order}; at most {most} holder(s); done at {now:.1}s");
}

async fn greedy<L: AnyLock>(name: &'static str, lock: Arc<L>, seen: Arc<Seen>) {
    for round in 1..=2 {
        let guard = lock.take().await;
        let now = seen.start.elapsed().as_secs_f64();
        println!("{now:.1}s {name} acquired (round {round})");
        seen.order.lock().unwrap().push(name);
        let holding = seen.holding.fetch_add(1, Ordering::Relaxed) + 1;
        seen.most.fetch_max(holding, Ordering::Relaxed);
        sleep(Duration::from_secs(1)).await;
        seen.holding.fetch_sub(1, Ordering::Relaxed);
        // Release, and at once (no `.await` between) ask again.
        drop(guard);
    }
}

async fn gives_up<L: AnyLock>(lock: Arc<L>, seen: Arc<Seen>) {
    // `timeout` drops the `lock.take()` future when time is up.
    let outcome = timeout(Duration::from_millis(500), lock.take()).await;
    let what = if outcome.is_ok() {
        "acquired"
    } else {
        "gave up"
    };
    println!("{:.1}s d {what}", seen.start.elapsed().as_secs_f64());
}

/// What the tasks saw: who held the lock in turn, and how many at once at most.
struct Seen {
    start: Instant,
    order: Mutex<Vec<&'static str>>,
    holding: AtomicUsize,
    most: AtomicUsize,
}

impl Default for Seen {
    fn default() -> Seen {
        let (holding, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let order = Mutex::new(Vec::new());
        Seen {
            start: Instant::now(),
            order,
            holding,
            most,
        }
    }
}
// ANCHOR_END: greedy

// ANCHOR: any_lock
/// What `greedy_tasks` needs of a lock: a future that ends holding it, and a guard
/// that releases it when dropped. Boxed, so that both locks fit one signature.
type Held<'a> = Box<dyn Send + 'a>;

trait AnyLock: Send + Sync + 'static {
    fn take(&self) -> Pin<Box<dyn Future<Output = Held<'_>> + Send + '_>>;
}

impl AnyLock for Lock {
    fn take(&self) -> Pin<Box<dyn Future<Output = Held<'_>> + Send + '_>> {
        Box::pin(async { Box::new(self.lock().await) as Held<'_> })
    }
}

impl AnyLock for tokio::sync::Mutex<()> {
    fn take(&self) -> Pin<Box<dyn Future<Output = Held<'_>> + Send + '_>> {
        Box::pin(async { Box::new(self.lock().await) as Held<'_> })
    }
}
// ANCHOR_END: any_lock
