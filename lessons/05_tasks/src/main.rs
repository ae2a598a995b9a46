//! Lesson 05: tasks. `tokio::spawn` is `asyncio.create_task`: the task starts on its
//! own, its `JoinHandle` tells whether it has finished, and awaiting the handle gives
//! back the task's result, or the reason there is none.

use std::time::Duration;

use tokio::task::{JoinError, JoinHandle};
use tokio::time::{Instant, sleep};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    workbook::virtual_clock_if_asked();

    // ANCHOR: spawn
    println!("-- a spawned task starts on its own --");
    let start = Instant::now();
    // `tokio::spawn` is `asyncio.create_task`: the runtime owns the future from now on
    // and polls it as soon as `main` lets go of the thread, awaited or not.
    let handle: JoinHandle<u32> = tokio::spawn(compute("task"));
    println!("spawned; main sleeps 1s");
    sleep(Duration::from_secs(1)).await; // main waits here, so the task gets its turn
    println!("main awake at {:.1}s; awaiting the handle", secs(start));
    // Awaiting a `JoinHandle<u32>` gives `Result<u32, JoinError>`: the Err says the task
    // panicked or was aborted. This one can do neither, so `expect` is honest here.
    let answer = handle.await.expect("compute neither panics nor is aborted");
    println!("result: {answer}");
    // ANCHOR_END: spawn

    // ANCHOR: plain
    println!("-- a plain future waits for its .await --");
    let start = Instant::now();
    let future = compute("future"); // only builds the state machine: nothing runs
    println!("built; main sleeps 1s");
    sleep(Duration::from_secs(1)).await; // nobody polls `future` meanwhile
    println!("main awake at {:.1}s; awaiting the future", secs(start));
    let answer = future.await; // its body runs now, inside main, with no task of its own
    println!("result: {answer}");
    // ANCHOR_END: plain

    // ANCHOR: states
    println!("-- a task's states --");
    let start = Instant::now();
    let handle = tokio::spawn(square(7));
    println!("just spawned: {}", state(&handle));
    sleep(Duration::from_millis(500)).await;
    // Started and now asleep inside its own `.await`: still "pending" from outside.
    println!("at {:.1}s: {}", secs(start), state(&handle));
    sleep(Duration::from_secs(1)).await;
    println!("at {:.1}s: {}", secs(start), state(&handle));
    println!("outcome: {}", outcome(handle.await));
    // ANCHOR_END: states

    // ANCHOR: cancel_and_fail
    println!("-- a cancelled task, a failed task --");
    let start = Instant::now();
    let handle = tokio::spawn(square(8));
    sleep(Duration::from_millis(500)).await;
    println!("at {:.1}s: {}, cancelling it", secs(start), state(&handle));
    // `abort` is `task.cancel()`: the runtime drops the task's future at its `.await`,
    // so `square(8)` never prints its last line.
    handle.abort();
    println!("outcome: {}", outcome(handle.await));

    // A panic inside a task does not take `main` down: the runtime catches it and
    // hands it over as the handle's Err, as asyncio stores an exception in the Task.
    let handle = tokio::spawn(broken());
    println!("outcome: {}", outcome(handle.await));
    // ANCHOR_END: cancel_and_fail

    // ANCHOR: in_turn
    println!("-- say_after, awaited in turn --");
    let start = Instant::now();
    println!("in turn: started at {:.1}s", secs(start));
    // The second say_after does not even exist until the first has finished.
    say_after(1, "hello").await;
    say_after(2, "world").await;
    println!("in turn: finished at {:.1}s", secs(start));
    // ANCHOR_END: in_turn

    // ANCHOR: as_tasks
    println!("-- say_after, spawned first --");
    let start = Instant::now();
    println!("as tasks: started at {:.1}s", secs(start));
    // ANCHOR: as_tasks_body
    // Both tasks start their timers at once; each `.await` below only waits for
    // what is left of one. Without the awaits, main would return and the runtime,
    // shutting down, would cancel both tasks before they print anything.
    let hello = tokio::spawn(say_after(1, "hello"));
    let world = tokio::spawn(say_after(2, "world"));
    hello.await.expect("say_after does not panic");
    world.await.expect("say_after does not panic");
    // ANCHOR_END: as_tasks_body
    println!("as tasks: finished at {:.1}s", secs(start));
    // ANCHOR_END: as_tasks
}

// ANCHOR: helpers
/// Says when its body really runs, then answers.
async fn compute(name: &str) -> u32 {
    println!("  {name}: running");
    42
}

/// Takes a second over its answer, saying when it starts and when it returns.
async fn square(n: u32) -> u32 {
    println!("  square({n}): started");
    sleep(Duration::from_secs(1)).await;
    println!("  square({n}): returning {}", n * n);
    n * n
}

/// A task that fails: asyncio's `raise` inside a task is a panic here.
async fn broken() -> u32 {
    println!("  broken: started");
    panic!("broken on purpose");
}

/// What asyncio's `task.done()` answers. There is no "running" to ask about, in
/// either language: a task that has started and is suspended is still pending.
fn state<T>(handle: &JoinHandle<T>) -> &'static str {
    if handle.is_finished() {
        "finished"
    } else {
        "pending"
    }
}

/// How a task ended, read from what awaiting its handle gave.
fn outcome(result: Result<u32, JoinError>) -> String {
    match result {
        Ok(value) => format!("done, result {value}"),
        Err(e) if e.is_cancelled() => "cancelled".to_owned(),
        Err(e) => {
            // The only other case is `e.is_panic()`: the payload is what `panic!` got.
            let payload = e.into_panic();
            let message = payload.downcast_ref::<&str>().copied().unwrap_or("?");
            format!("failed: {message}")
        }
    }
}
// ANCHOR_END: helpers

// ANCHOR: say_after
async fn say_after(delay: u64, what: &str) {
    sleep(Duration::from_secs(delay)).await;
    println!("{what}");
}
// ANCHOR_END: say_after

/// Seconds since `start`, on tokio's clock (virtual under `cargo xtask verify`).
fn secs(start: Instant) -> f64 {
    start.elapsed().as_secs_f64()
}
