//! Lesson 06: inside a future. An `async fn` that awaits another compiles into one
//! state machine nested in another; a task drives the outermost one with `poll`, which
//! answers `Pending` or `Ready`, and the `Waker` is how a future asks to be polled again.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::time::{Instant, sleep};

#[tokio::main(flavor = "current_thread")]
async fn main() {
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
    // `.await` on our own type works like on any future: main's poll polls it.
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

    // `Pin<&mut Self>` promises the future will not move between polls. Countdown holds
    // no references into itself, so it is `Unpin` and `self.polls` works as usual.
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        // ANCHOR: countdown_poll
        self.polls += 1;
        if self.left == 0 {
            println!("  poll #{}: Ready", self.polls);
            return Poll::Ready(self.polls);
        }
        println!("  poll #{}: Pending, {} to go", self.polls, self.left);
        self.left -= 1;
        // Returning Pending promises that something will wake this task later. No timer
        // or socket knows about us, so we wake it ourselves, now: the runtime polls it
        // again on its next turn (a bare `yield` to asyncio's Task).
        cx.waker().wake_by_ref();
        Poll::Pending
        // ANCHOR_END: countdown_poll
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
