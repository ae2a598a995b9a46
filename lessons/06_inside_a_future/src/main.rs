//! Lesson 06: inside a future. An `async fn` that awaits another compiles into one
//! state machine nested in another; a task drives the outermost one with `poll`,
//! which answers `Pending` or `Ready`, and the `Waker` is how a future asks to be
//! polled again. Then the other side: a `block_on` written by hand, driving a future
//! that another thread wakes.

// ANCHOR: imports
use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::Duration;

use tokio::time::{Instant, sleep};
// ANCHOR_END: imports

fn main() {
    on_tokio();
    by_hand();
}

/// The first half runs on tokio. `#[tokio::main]` works on any `async fn`: it builds
/// a runtime and `block_on`s the body, as lesson 03 showed.
#[tokio::main(flavor = "current_thread")]
async fn on_tokio() {
    workbook::virtual_clock_if_asked();

    // ANCHOR: chain
    println!("-- a coroutine awaiting a coroutine --");
    let start = Instant::now();
    print_sum(1, 2).await;
    println!("done at {:.1}s", secs(start));
    // ANCHOR_END: chain

    // ANCHOR: countdown_use
    println!("-- a future written by hand --");
    let start = Instant::now();
    // `.await` on our own type works like on any future: polling this function's
    // future (what `block_on` drives) polls it.
    let polls = Countdown { left: 3, polls: 0 }.await;
    println!("ready after {polls} polls, at {:.1}s", secs(start));
    // ANCHOR_END: countdown_use

    // ANCHOR: logged_use
    println!("-- the same chain, poll by poll --");
    let start = Instant::now();
    // One task owns the whole nest: Logged, around print_sum, around compute, around
    // a Sleep. The runtime polls the outermost future; each layer polls the next.
    let task = tokio::spawn(Logged::new("print_sum", print_sum(1, 2)));
    task.await.expect("print_sum does not panic");
    println!("done at {:.1}s", secs(start));
    // ANCHOR_END: logged_use
}

// ANCHOR: print_sum
async fn print_sum(x: u32, y: u32) {
    println!("print_sum({x}, {y}): awaiting compute");
    // No new task and no trip through the scheduler: compute's state machine is
    // stored inside print_sum's, and polling print_sum polls it.
    let result = compute(x, y).await;
    println!("{x} + {y} = {result}");
}

async fn compute(x: u32, y: u32) -> u32 {
    println!("  compute({x}, {y}): sleeping 1s");
    sleep(Duration::from_secs(1)).await;
    x + y
}
// ANCHOR_END: print_sum

// ANCHOR: countdown
/// A future written by hand: it answers `Pending` `left` times, then `Ready` with
/// the number of times it was polled.
struct Countdown {
    left: u32,
    polls: u32,
}

impl Future for Countdown {
    type Output = u32;

    // `Pin<&mut Self>` promises the future will not move between polls. Countdown
    // holds no references into itself, so it is `Unpin` and `self.polls` works as
    // usual.
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        self.polls += 1;
        if self.left == 0 {
            println!("  poll #{}: Ready", self.polls);
            return Poll::Ready(self.polls);
        }
        println!("  poll #{}: Pending, {} to go", self.polls, self.left);
        self.left -= 1;
        // Returning Pending promises that something will wake this task later. No
        // timer or socket knows about us, so we wake it ourselves, now: the runtime
        // polls it again on its next turn (a bare `yield` to asyncio's Task).
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
// ANCHOR_END: countdown

// ANCHOR: logged
/// Wraps a future and prints what each poll of it answered, and when.
struct Logged<F> {
    name: &'static str,
    // Boxed so that `Logged` is `Unpin` and can reach `inner` without unsafe code;
    // real combinators use pin projection (`pin-project-lite`) instead of a box.
    inner: Pin<Box<F>>,
    polls: u32,
    born: Instant,
}

impl<F> Logged<F> {
    fn new(name: &'static str, inner: F) -> Self {
        Logged {
            name,
            inner: Box::pin(inner),
            polls: 0,
            born: Instant::now(),
        }
    }
}

impl<F: Future> Future for Logged<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.polls += 1;
        let at = secs(self.born);
        // We hand the inner future our own Context: its Waker is the task's. When the
        // timer deep inside compute fires, it wakes the task, and the task polls us.
        let answer = self.inner.as_mut().poll(cx);
        let (n, name) = (self.polls, self.name);
        match &answer {
            Poll::Pending => println!("    poll #{n} of {name} at {at:.1}s: Pending"),
            Poll::Ready(_) => println!("    poll #{n} of {name} at {at:.1}s: Ready"),
        }
        answer
    }
}
// ANCHOR_END: logged

/// Seconds since `start`, on tokio's clock (virtual under `cargo xtask verify`).
fn secs(start: Instant) -> f64 {
    start.elapsed().as_secs_f64()
}

// ANCHOR: by_hand
/// The second half needs no runtime at all: our own `block_on` drives a future
/// that another thread answers three times, then one that wakes itself.
fn by_hand() {
    println!("-- a block_on by hand --");
    let sum = block_on(Replies::start([10, 20, 30]));
    println!("block_on returned {sum}");
    // Countdown calls its waker inside its own poll, before it even answers
    // Pending: the wake comes first, and `block_on` must not lose it.
    let polls = block_on(Countdown { left: 2, polls: 0 });
    println!("block_on(Countdown) returned {polls}");
}
// ANCHOR_END: by_hand

// ANCHOR: block_on
/// A whole executor for one future: poll it; while it is Pending, sleep until its
/// waker is called, then poll it again.
fn block_on<F: Future>(future: F) -> F::Output {
    // `poll` takes the future pinned; `pin!` pins it here, on our stack.
    let mut future = pin!(future);
    let signal = Arc::new(Signal {
        thread: thread::current(),
        woken: AtomicBool::new(false),
    });
    let waker = Waker::from(Arc::clone(&signal));
    let mut cx = Context::from_waker(&waker);
    // ANCHOR: poll_loop
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        // Pending: the future has kept a clone of our waker. Sleep until it is used.
        // `park` may also return for no reason, so sleep until the flag says woken,
        // and reset the flag for the next round.
        while !signal.woken.swap(false, Ordering::Acquire) {
            thread::park();
        }
    }
    // ANCHOR_END: poll_loop
}

/// The waker behind `block_on`: `wake` flags the wake-up and unparks the thread.
struct Signal {
    thread: Thread,
    woken: AtomicBool,
}

impl Wake for Signal {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        self.thread.unpark();
    }
}
// ANCHOR_END: block_on

// ANCHOR: replies
/// A future that another thread answers, the stand-in for a socket: Ready with the
/// sum once every reply has come. Each poll prints what it finds, and whether the
/// future's waker was called since the previous poll.
struct Replies {
    shared: Arc<Mutex<Shared>>,
    expected: usize,
    ask: mpsc::Sender<()>, // "I am waiting: send the next reply"
    asked: usize,
    polls: u32,
    not_woken: u32, // polls that nothing asked for
}

/// What the future and the replying thread share: what a channel keeps inside.
#[derive(Default)]
struct Shared {
    replies: Vec<u32>,
    woken: bool,          // set with each reply, reset by the next poll
    waker: Option<Waker>, // the waker of the latest Pending poll
}

impl Future for Replies {
    type Output = u32;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        self.polls += 1;
        let mut shared = self.shared.lock().unwrap();
        let woken = std::mem::take(&mut shared.woken);
        let got = shared.replies.len();
        let answer = if got == self.expected {
            Poll::Ready(shared.replies.iter().sum())
        } else {
            // Keep the waker of this poll: an executor may pass a new one each time
            // (`will_wake` saves a clone when it is the same).
            if !shared
                .waker
                .as_ref()
                .is_some_and(|w| w.will_wake(cx.waker()))
            {
                shared.waker = Some(cx.waker().clone());
            }
            Poll::Pending
        };
        drop(shared);
        self.report(woken, got, answer);
        // Ask for the next reply once, now that the waker is stored.
        if answer.is_pending() && self.asked == got {
            self.asked += 1;
            self.ask.send(()).expect("the replying thread is alive");
        }
        answer
    }
}
// ANCHOR_END: replies

impl Replies {
    /// Starts the replying thread: for each reply, it waits to be asked, takes its
    /// time (0.25s, as a network would), then stores the reply and wakes the future.
    fn start<const N: usize>(replies: [u32; N]) -> Self {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let (ask, asked) = mpsc::channel();
        let theirs = Arc::clone(&shared);
        thread::spawn(move || {
            for reply in replies {
                if asked.recv().is_err() {
                    return; // the future is gone
                }
                thread::sleep(Duration::from_millis(250));
                println!("  other thread: reply {reply}, wake the future");
                let waker = {
                    let mut shared = theirs.lock().unwrap();
                    shared.replies.push(reply);
                    shared.woken = true;
                    shared.waker.take()
                };
                // Wake outside the lock: the executor may poll at once.
                if let Some(waker) = waker {
                    waker.wake();
                }
            }
        });
        Replies {
            shared,
            expected: N,
            ask,
            asked: 0,
            polls: 0,
            not_woken: 0,
        }
    }

    /// Prints one poll. Polls that nothing woke are shown three times at most: a
    /// loop that polls without waiting makes thousands of them.
    fn report(&mut self, woken: bool, got: usize, answer: Poll<u32>) {
        let why = match (self.polls, woken) {
            (1, _) => "first poll",
            (_, true) => "woken",
            (_, false) => "not woken",
        };
        if why == "not woken" {
            self.not_woken += 1;
            if self.not_woken == 4 {
                println!("(more polls that nothing woke: not shown)");
            }
            if self.not_woken > 3 {
                return;
            }
        }
        let (n, of) = (self.polls, self.expected);
        println!("poll #{n}, {why}: {got} of {of} replies, {answer:?}");
    }
}
