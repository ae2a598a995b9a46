//! Lesson 05: tasks. `tokio::spawn` is `asyncio.create_task`: the task starts on its
//! own, its `JoinHandle` tells whether it has finished, and awaiting the handle gives
//! back the task's result, or the reason there is none.

// ANCHOR: imports
use std::error::Error;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::task::{self, JoinError, JoinHandle, LocalSet};
use tokio::time::{Instant, sleep};
// ANCHOR_END: imports

#[tokio::main(flavor = "current_thread")]
async fn main() {
    workbook::virtual_clock_if_asked();

    // ANCHOR: spawn
    println!("-- a spawned task starts on its own --");
    let start = Instant::now();
    // `tokio::spawn` is `asyncio.create_task`: the runtime owns the future from now
    // on and polls it as soon as `main` lets go of the thread, awaited or not.
    let handle: JoinHandle<u32> = tokio::spawn(compute("task"));
    println!("spawned; main sleeps 1s");
    sleep(Duration::from_secs(1)).await; // main waits here, so the task gets its turn
    println!("main awake at {:.1}s; awaiting the handle", secs(start));
    // Awaiting a `JoinHandle<u32>` gives `Result<u32, JoinError>`: the Err says the
    // task panicked or was aborted. This one can do neither, so `expect` is honest.
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
    // Its body runs now, inside main, with no task of its own.
    let answer = future.await;
    println!("result: {answer}");
    // ANCHOR_END: plain

    // ANCHOR: states
    println!("-- a task's states --");
    let start = Instant::now();
    let handle = tokio::spawn(square(7));
    println!("just spawned: {}", state(&handle));
    // What `print(task)` shows in Python; a handle's Debug shows only the task's id.
    println!("  {handle:?}");
    sleep(Duration::from_millis(500)).await;
    // Started and now asleep inside its own `.await`: still "pending" from outside.
    println!("at {:.1}s: {}", secs(start), state(&handle));
    sleep(Duration::from_secs(1)).await;
    println!("at {:.1}s: {}", secs(start), state(&handle));
    println!("  {handle:?}"); // no state, no result: those come from `.await`
    println!("outcome: {}", outcome(handle.await));
    // ANCHOR_END: states

    // ANCHOR: cancel_and_fail
    println!("-- a cancelled task, a failed task --");
    let start = Instant::now();
    let handle = tokio::spawn(square(8));
    sleep(Duration::from_millis(500)).await;
    println!("at {:.1}s: {}, cancelling it", secs(start), state(&handle));
    // `abort` is `task.cancel()`: the runtime drops the task's future at its
    // `.await`, so `square(8)` never prints its last line.
    handle.abort();
    println!("outcome: {}", outcome(handle.await));

    // A panic inside a task does not take `main` down: the runtime catches it and
    // hands it over as the handle's Err, as asyncio stores an exception in the Task.
    let handle = tokio::spawn(broken(3));
    println!("outcome: {}", outcome(handle.await));
    // ANCHOR_END: cancel_and_fail

    // ANCHOR: fallible
    println!("-- a task that can fail: two layers of Result --");
    for text in ["8080", "80a"] {
        match port_in_task(text).await {
            Ok(port) => println!("{text} -> port {port}"),
            Err(err) => println!("{text} -> error: {err}"),
        }
    }
    // ANCHOR_END: fallible

    // ANCHOR: shared
    println!("-- what a spawned task may hold --");
    // Data shared with tasks: an `Arc` (an `Rc` that may cross threads) around a
    // lock.
    let finished = Arc::new(Mutex::new(Vec::new()));
    let mut handles = Vec::new();
    for (who, secs) in [("slow", 2), ("quick", 1)] {
        // Clone before the `move`: each task owns a reference to the one Vec.
        let finished = Arc::clone(&finished);
        handles.push(tokio::spawn(async move {
            sleep(Duration::from_secs(secs)).await;
            // The std guard lives for this statement only, never across an `.await`.
            finished.lock().unwrap().push(who);
        }));
    }
    for handle in handles {
        handle.await.expect("the task does not panic");
    }
    println!("finished: {}", finished.lock().unwrap().join(", "));
    // ANCHOR_END: shared

    // ANCHOR: local
    // An `Rc` kept across an `.await` makes a future `!Send`, which `tokio::spawn`
    // refuses. `spawn_local` takes it: a `LocalSet` runs such tasks on this thread.
    let words = Rc::new(vec!["stays", "on", "this", "thread"]);
    let local = LocalSet::new();
    let count = local
        .run_until(async {
            let words = Rc::clone(&words);
            let counter = task::spawn_local(async move {
                sleep(Duration::from_millis(500)).await;
                words.len()
            });
            counter.await.expect("the task does not panic")
        })
        .await;
    println!("a task on this thread only: {count} words");
    // ANCHOR_END: local

    // ANCHOR: in_turn
    println!("-- say_after, awaited in turn --");
    let start = Instant::now();
    println!("in turn: started at {:.1}s", secs(start));
    // The second say_after does not even exist until the first has finished.
    let said = [say_after(1, "hello").await, say_after(2, "world").await];
    println!("in turn: said {}", said.join(", "));
    println!("in turn: finished at {:.1}s", secs(start));
    // ANCHOR_END: in_turn

    // ANCHOR: as_tasks
    println!("-- say_after, spawned first --");
    let start = Instant::now();
    println!("as tasks: started at {:.1}s", secs(start));
    // ANCHOR: as_tasks_body
    // Both tasks start their timers at once; each `.await` below only waits for
    // what is left of one, and hands back what that task returned. Without the
    // awaits, main would return and the runtime, shutting down, would cancel both
    // tasks before they print anything.
    let world = tokio::spawn(say_after(2, "world"));
    let hello = tokio::spawn(say_after(1, "hello"));
    let said = [
        world.await.expect("say_after does not panic"),
        hello.await.expect("say_after does not panic"),
    ];
    // ANCHOR_END: as_tasks_body
    println!("as tasks: said {}", said.join(", "));
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
async fn broken(step: u32) -> u32 {
    println!("  broken: started");
    if step == 3 {
        // A formatted message: the payload is a `String`.
        panic!("broken on purpose at step {step}");
    }
    step
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
            // The only other case is `e.is_panic()`. The payload is a `Box<dyn Any>`:
            // `panic!("text")` puts a `&str` in it, `panic!("{x}")` a `String`.
            let payload = e.into_panic();
            let message = match payload.downcast_ref::<String>() {
                Some(text) => text.as_str(),
                None => payload.downcast_ref::<&str>().copied().unwrap_or("?"),
            };
            format!("failed: {message}")
        }
    }
}
// ANCHOR_END: helpers

// ANCHOR: port_in_task
/// Parses a port number in a task of its own, to show both layers of `Result`.
async fn port_in_task(text: &'static str) -> Result<u16, Box<dyn Error>> {
    // The task's own failure is a value: it returns `Result<u16, String>`.
    let handle: JoinHandle<Result<u16, String>> = tokio::spawn(parse_port(text));
    // Awaiting gives `Result<Result<u16, String>, JoinError>`. The first `?` passes
    // on a `JoinError` (the task panicked or was aborted), the second the task's Err.
    let port = handle.await??;
    Ok(port)
}

async fn parse_port(text: &str) -> Result<u16, String> {
    text.parse().map_err(|_| format!("not a port: {text}"))
}
// ANCHOR_END: port_in_task

// ANCHOR: say_after
/// Waits `delay` seconds, says `what`, and returns it to whoever awaits it.
async fn say_after(delay: u64, what: &'static str) -> &'static str {
    sleep(Duration::from_secs(delay)).await;
    println!("{what}");
    what
}
// ANCHOR_END: say_after

/// Seconds since `start`, on tokio's clock (virtual under `cargo xtask verify`).
fn secs(start: Instant) -> f64 {
    start.elapsed().as_secs_f64()
}
