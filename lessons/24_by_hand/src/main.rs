//! Lesson 24: a task and a loop built by hand, in plain Rust. A ready queue of tasks,
//! wakers that put their task back in it, timers in a heap (`call_later`),
//! `run_until_complete` and `stop`: the seed's hand-written `Task` and `Loop`, and
//! their two transcripts, then the same two programs on tokio.

// ANCHOR: imports
use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use tokio::time::{Instant, sleep};
// ANCHOR_END: imports

// ANCHOR: main
fn main() {
    println!("-- task.py: foo sleeps 2s, bar 1s, on the loop by hand --");
    seed_program(2.0, 1.0);
    println!("-- loop.py: foo and bar do not wait --");
    seed_program(0.0, 0.0);
    on_tokio();
}

/// The seed's program: two tasks, foo then bar, and the loop run until both are
/// done: `run_until_complete(asyncio.wait(tasks))`, which wraps that future in a
/// task of its own (named here `wait`).
fn seed_program(foo_secs: f64, bar_secs: f64) {
    let lp = Loop::new();
    let tasks = vec![
        lp.create_task("foo", foo(lp.clone(), foo_secs)),
        lp.create_task("bar", bar(lp.clone(), bar_secs)),
    ];
    if lp.run_until_complete("wait", wait_all(tasks)).is_none() {
        println!("wait never finished");
    }
    lp.close();
}
// ANCHOR_END: main

// ANCHOR: foo_bar
/// The seed's coroutines: sleep on our loop's clock (not at all if `secs` is 0,
/// as in loop.py), then print.
async fn foo(lp: Loop, secs: f64) {
    if secs > 0.0 {
        lp.sleep(secs).await;
    }
    println!("Hello Foo");
}

async fn bar(lp: Loop, secs: f64) {
    if secs > 0.0 {
        lp.sleep(secs).await;
    }
    println!("Hello Bar");
}
// ANCHOR_END: foo_bar

// ANCHOR: loop
/// The event loop: a queue of tasks ready to run, a heap of timers, and its own
/// clock. A cheap handle: clones share one loop, so that tasks and wakers can reach
/// it (tokio keeps its handle in a thread-local instead).
#[derive(Clone)]
struct Loop(Arc<Shared>);

struct Shared {
    /// asyncio's `_ready`: the tasks to poll, in the order they were woken.
    ready: Mutex<VecDeque<Arc<Task>>>,
    /// asyncio's `_scheduled`: the timers, the next one due on top.
    timers: Mutex<BinaryHeap<Timer>>,
    /// The state of the loop's clock and its `stop` flag.
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// The loop's clock: virtual. When nothing is ready, it jumps to the next timer
    /// instead of sleeping, as tokio's paused clock does, so a run takes no time.
    now: Duration,
    /// Timers made so far: the tie-break between equal deadlines.
    timers_made: u64,
    stopping: bool,
}
// ANCHOR_END: loop

// ANCHOR: timer
/// A callback to call at a time: asyncio's `TimerHandle`.
struct Timer {
    when: Duration,
    seq: u64,
    callback: Box<dyn FnOnce() + Send>,
}

impl Ord for Timer {
    fn cmp(&self, other: &Self) -> Ordering {
        // ANCHOR: timer_order
        // `BinaryHeap` is a max-heap: `pop` returns the greatest. The timer due
        // first must be the greatest, so compare the other way round (earlier is
        // greater), and among equal deadlines the one made first.
        other.when.cmp(&self.when).then(other.seq.cmp(&self.seq))
        // ANCHOR_END: timer_order
    }
}

impl PartialOrd for Timer {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Timer {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Timer {}
// ANCHOR_END: timer

// ANCHOR: task
/// A task: a future, boxed so that tasks of any future fit in one queue, and the
/// loop it runs on. `None` once the future has finished.
struct Task {
    name: &'static str,
    future: Mutex<Option<Pin<Box<dyn Future<Output = ()> + Send>>>>,
    lp: Loop,
}

/// The waker of a task is the task itself: `Waker::from(task)` turns an
/// `Arc<Task>` into a `Waker` whose `wake` is this.
impl Wake for Task {
    fn wake(self: Arc<Self>) {
        println!("  {:.1}s wake {}", self.lp.time(), self.name);
        // ANCHOR: requeue
        // Waking a task is putting it back in the ready queue: the loop polls it
        // on its next round (asyncio's `call_soon(self.__step)`).
        let lp = self.lp.clone();
        lp.call_soon(self);
        // ANCHOR_END: requeue
    }
}

impl Task {
    /// One step of the task, asyncio's `Task.__step`: poll the future once, with
    /// a waker that requeues this very task.
    fn poll(self: &Arc<Self>) {
        let mut slot = self.future.lock().unwrap();
        // Woken after it finished (a stale waker): nothing left to run.
        let Some(future) = slot.as_mut() else { return };
        println!("  {:.1}s poll {}", self.lp.time(), self.name);
        let waker = Waker::from(Arc::clone(self));
        let mut cx = Context::from_waker(&waker);
        if future.as_mut().poll(&mut cx).is_ready() {
            *slot = None;
        }
    }
}
// ANCHOR_END: task

// ANCHOR: methods
impl Loop {
    fn new() -> Self {
        Loop(Arc::new(Shared {
            ready: Mutex::new(VecDeque::new()),
            timers: Mutex::new(BinaryHeap::new()),
            state: Mutex::new(State::default()),
        }))
    }

    /// `loop.time()`: the loop's clock, in seconds.
    fn time(&self) -> f64 {
        self.0.state.lock().unwrap().now.as_secs_f64()
    }

    /// `call_soon`: the task goes to the back of the ready queue.
    fn call_soon(&self, task: Arc<Task>) {
        self.0.ready.lock().unwrap().push_back(task);
    }

    /// `call_later`: call `callback` once the clock reaches now + `secs`.
    fn call_later(&self, secs: f64, callback: impl FnOnce() + Send + 'static) {
        let mut state = self.0.state.lock().unwrap();
        let when = state.now + Duration::from_secs_f64(secs);
        state.timers_made += 1;
        let seq = state.timers_made;
        let callback = Box::new(callback);
        self.0.timers.lock().unwrap().push(Timer {
            when,
            seq,
            callback,
        });
    }

    /// `create_task`: wrap the future in a task and queue its first poll, as
    /// `Task.__init__` does with `call_soon(self.__step)`. The handle is the task's
    /// result, asyncio's `Future` half of a task.
    fn create_task<T: Send + 'static>(
        &self,
        name: &'static str,
        future: impl Future<Output = T> + Send + 'static,
    ) -> JoinHandle<T> {
        let outcome = Arc::new(Mutex::new(Outcome::default()));
        let (lp, theirs) = (self.clone(), Arc::clone(&outcome));
        let task = Arc::new(Task {
            name,
            future: Mutex::new(Some(Box::pin(async move {
                let value = future.await;
                println!("  {:.1}s {name} done", lp.time());
                // `set_result`: store the value, then call back whoever waits.
                let (waiter, callbacks) = {
                    let mut outcome = theirs.lock().unwrap();
                    outcome.value = Some(value);
                    (
                        outcome.waiter.take(),
                        std::mem::take(&mut outcome.callbacks),
                    )
                };
                if let Some(waiter) = waiter {
                    waiter.wake();
                }
                callbacks.into_iter().for_each(|callback| callback());
            }))),
            lp: self.clone(),
        });
        self.call_soon(task);
        JoinHandle(outcome)
    }

    /// `asyncio.sleep`: a timer whose callback wakes the sleeping task.
    fn sleep(&self, secs: f64) -> LoopSleep {
        LoopSleep {
            lp: self.clone(),
            secs,
            state: None,
        }
    }

    /// `run_until_complete`, as asyncio writes it: run the future as a task whose
    /// done-callback stops the loop, and run the loop until it stops. `None` if the
    /// loop got stuck first (nothing ready, no timer left).
    fn run_until_complete<T: Send + 'static>(
        &self,
        name: &'static str,
        future: impl Future<Output = T> + Send + 'static,
    ) -> Option<T> {
        let handle = self.create_task(name, future);
        let lp = self.clone();
        handle.add_done_callback(move || lp.stop());
        self.run_forever();
        handle.0.lock().unwrap().value.take()
    }

    /// `run_forever`: rounds until `stop` (or until the loop is stuck).
    fn run_forever(&self) {
        loop {
            if !self.run_once() {
                println!("  {:.1}s nothing ready, no timer left: stuck", self.time());
                break;
            }
            if std::mem::take(&mut self.0.state.lock().unwrap().stopping) {
                break;
            }
        }
    }

    /// `stop`: the loop ends after the round that is running.
    fn stop(&self) {
        self.0.state.lock().unwrap().stopping = true;
    }

    /// `close`: drop the tasks still queued (each holds the loop: a cycle).
    fn close(&self) {
        self.0.ready.lock().unwrap().clear();
        self.0.timers.lock().unwrap().clear();
    }
}
// ANCHOR_END: methods

// ANCHOR: run_once
impl Loop {
    /// One round, asyncio's `_run_once`: if no task is ready, move the clock to
    /// the next timer (where asyncio blocks in `select` with that timeout); call
    /// the timers that are due, in deadline order; then poll the tasks that are
    /// ready now, oldest first. Tasks woken during the round wait for the next.
    /// Returns false if nothing can ever run again.
    fn run_once(&self) -> bool {
        // ANCHOR: run_once_body
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
            let task = self.0.ready.lock().unwrap().pop_front();
            if let Some(task) = task {
                task.poll();
            }
        }
        true
        // ANCHOR_END: run_once_body
    }
}
// ANCHOR_END: run_once

// ANCHOR: handle
/// A task's result, asyncio's `Future`: empty until the task is done, then the
/// value; the waker of whoever awaits it, and done-callbacks.
struct Outcome<T> {
    value: Option<T>,
    waiter: Option<Waker>,
    callbacks: Vec<Box<dyn FnOnce() + Send>>,
}

impl<T> Default for Outcome<T> {
    fn default() -> Self {
        Outcome {
            value: None,
            waiter: None,
            callbacks: Vec::new(),
        }
    }
}

struct JoinHandle<T>(Arc<Mutex<Outcome<T>>>);

impl<T> JoinHandle<T> {
    /// `add_done_callback`: called once the task is done.
    fn add_done_callback(&self, callback: impl FnOnce() + Send + 'static) {
        self.0.lock().unwrap().callbacks.push(Box::new(callback));
    }
}

/// Awaiting a handle: Ready with the value, or Pending, leaving our waker for the
/// task to call when it is done (asyncio's Task adds its `__wakeup` as a
/// done-callback of the future it awaits).
impl<T> Future for JoinHandle<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut outcome = self.0.lock().unwrap();
        match outcome.value.take() {
            Some(value) => Poll::Ready(value),
            None => {
                outcome.waiter = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// `asyncio.wait(tasks)`, simply: await each task in turn. A task that ends while
/// `wait` awaits another keeps its value in its `Outcome` until asked.
async fn wait_all<T>(handles: Vec<JoinHandle<T>>) -> Vec<T> {
    let mut values = Vec::new();
    for handle in handles {
        values.push(handle.await);
    }
    values
}
// ANCHOR_END: handle

// ANCHOR: sleep
/// The future of `lp.sleep(secs)`: asyncio's `sleep` is a future plus a
/// `call_later` that sets its result. Here the timer's callback marks the sleep
/// over and wakes the waker of its latest poll.
struct LoopSleep {
    lp: Loop,
    secs: f64,
    state: Option<Arc<Mutex<SleepState>>>,
}

struct SleepState {
    over: bool,
    waker: Waker,
}

impl Future for LoopSleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if let Some(state) = &self.state {
            let mut state = state.lock().unwrap();
            if state.over {
                return Poll::Ready(());
            }
            // Polled again before its time: keep the latest waker.
            state.waker = cx.waker().clone();
            return Poll::Pending;
        }
        // The first poll starts the timer.
        let state = Arc::new(Mutex::new(SleepState {
            over: false,
            waker: cx.waker().clone(),
        }));
        let (lp, theirs) = (self.lp.clone(), Arc::clone(&state));
        self.lp.call_later(self.secs, move || {
            println!("  {:.1}s timer fires", lp.time());
            let waker = {
                let mut state = theirs.lock().unwrap();
                state.over = true;
                state.waker.clone()
            };
            waker.wake();
        });
        self.state = Some(state);
        Poll::Pending
    }
}
// ANCHOR_END: sleep

// ANCHOR: on_tokio
/// The same two programs on tokio: its tasks, its timer, its queue.
#[tokio::main(flavor = "current_thread")]
async fn on_tokio() {
    workbook::virtual_clock_if_asked();
    println!("-- both programs on the library's runtime: task.py, then loop.py --");
    let start = Instant::now();
    for (foo_secs, bar_secs) in [(2.0, 1.0), (0.0, 0.0)] {
        // Two tasks, started in this order; `join!` is `asyncio.wait` here.
        let foo_task = tokio::spawn(hello("Foo", foo_secs));
        let bar_task = tokio::spawn(hello("Bar", bar_secs));
        let (foo_done, bar_done) = tokio::join!(foo_task, bar_task);
        foo_done.and(bar_done).expect("foo and bar do not panic");
    }
    println!("done at {:.1}s", start.elapsed().as_secs_f64());
}

async fn hello(name: &str, secs: f64) {
    if secs > 0.0 {
        sleep(Duration::from_secs_f64(secs)).await;
    }
    println!("Hello {name}");
}
// ANCHOR_END: on_tokio
