//! Lesson 08: done callbacks. A `JoinHandle` has no `add_done_callback`; here are
//! the Rust ways to run code when a task finishes, and closures in place of
//! `functools.partial`.

// ANCHOR: imports
use std::time::Duration;

use futures::FutureExt; // `inspect` and `map` on every future
use tokio::sync::mpsc;
use tokio::task::{JoinError, JoinHandle};
use tokio::time::{Instant, sleep};
// ANCHOR_END: imports

#[tokio::main(flavor = "current_thread")]
async fn main() {
    workbook::virtual_clock_if_asked();

    // ANCHOR: next_line
    println!("-- the usual way: the line after .await --");
    // Whatever should happen when the work is done is simply the next line.
    let result = brew_report(1).await;
    println!("callback: got '{result}'");
    println!("main: result is '{result}'");
    // ANCHOR_END: next_line

    // ANCHOR: channel
    println!("-- a channel: tasks report, one loop reacts --");
    let start = Instant::now();
    let (tx, mut rx) = mpsc::channel(8);
    for secs in [3, 1] {
        let tx = tx.clone();
        tokio::spawn(async move {
            let result = brew_report(secs).await;
            // The task's last act: report. The receiver is the callback.
            tx.send(result)
                .await
                .expect("the receiver is still listening");
        });
    }
    // Drop our own sender, or `recv` would wait forever for a message from it.
    drop(tx);
    let mut heard = 0;
    while let Some(result) = rx.recv().await {
        heard += 1;
        let at = start.elapsed().as_secs_f64();
        println!("listener: got '{result}' at {at:.1}s");
    }
    println!("listener: heard from all {heard} tasks");
    // ANCHOR_END: channel

    // ANCHOR: inspect
    println!("-- inspect and map: callbacks that ride on the future --");
    let start = Instant::now();
    // `inspect` runs a closure on the output as it goes by; `map` replaces the
    // output. Both wrap the future before it is spawned, so they run inside the
    // task, the moment the work finishes, whether or not anyone awaits the handle.
    let task = tokio::spawn(
        brew_report(1)
            .inspect(|result| println!("callback: got '{result}'"))
            .map(|result| result.len()),
    );
    let length = task.await.expect("brew_report does not panic");
    let at = start.elapsed().as_secs_f64();
    println!("main: result has {length} characters at {at:.1}s");
    // ANCHOR_END: inspect

    // ANCHOR: continuation
    println!("-- add_done_callback, by hand: a continuation task --");
    let start = Instant::now();
    let task = tokio::spawn(brew_report(2));
    println!("  {task:?}"); // `print(task)`: a handle shows only the task's id
    // The continuation owns the handle now, and hands the outcome on to us.
    let follower = add_done_callback(task, callback);
    println!("  {follower:?}: the callback runs in a task of its own");
    let outcome = follower.await.expect("the continuation does not panic");
    let result = outcome.expect("brew_report does not panic");
    let at = start.elapsed().as_secs_f64();
    println!("main: result is '{result}' at {at:.1}s");

    // The callback sees every outcome, a cancelled task's too, as in asyncio.
    let slow = tokio::spawn(brew_report(10));
    // Keep a way to cancel it: the handle itself goes to the continuation.
    let abort_handle = slow.abort_handle();
    let follower = add_done_callback(slow, callback);
    sleep(Duration::from_secs(1)).await;
    abort_handle.abort();
    let outcome = follower.await.expect("the continuation does not panic");
    let cancelled = outcome.is_err_and(|err| err.is_cancelled());
    let at = start.elapsed().as_secs_f64();
    println!("main: cancelled? {} at {at:.1}s", yes_no(cancelled));
    // ANCHOR_END: continuation

    // ANCHOR: arguments
    println!("-- extra arguments: a closure instead of functools.partial --");
    let start = Instant::now();
    let mut followers: Vec<JoinHandle<Outcome<String>>> = Vec::new();
    for (url, secs) in [("/a", 3), ("/b", 1), ("/c", 2)] {
        let task = tokio::spawn(fetch(url, secs));
        // ANCHOR: capture
        // `move` copies `url` and `start` in: `partial(report, url, start)`.
        let follower = add_done_callback(task, move |done| report(url, start, done));
        followers.push(follower);
        // ANCHOR_END: capture
    }
    // The callbacks deal with the outcomes; main only waits until they have run.
    let count = followers.len();
    for follower in followers {
        let _ = follower.await;
    }
    let at = start.elapsed().as_secs_f64();
    println!("main: {count} callbacks done at {at:.1}s");
    // ANCHOR_END: arguments
}

// ANCHOR: add_done_callback
/// A finished task, as awaiting its handle gives it: the value, or why there is none.
type Outcome<T> = Result<T, JoinError>;

/// Python's `task.add_done_callback(callback)`, written by hand: a second task that
/// waits for the first, calls `callback` with its outcome, then passes it on.
fn add_done_callback<T, F>(task: JoinHandle<T>, callback: F) -> JoinHandle<Outcome<T>>
where
    T: Send + 'static,
    // `'static` and `Send`: the callback is moved into a task that may outlive
    // this function and, on a multi-thread runtime, run on another thread.
    F: FnOnce(&Outcome<T>) + Send + 'static,
{
    tokio::spawn(async move {
        let outcome = task.await;
        callback(&outcome);
        outcome
    })
}
// ANCHOR_END: add_done_callback

// ANCHOR: callback
/// Like asyncio's callback(future): it gets the finished task's outcome.
fn callback(outcome: &Outcome<String>) {
    match outcome {
        Ok(result) => println!("callback: got '{result}'"),
        Err(err) if err.is_cancelled() => {
            println!("callback: the task was cancelled")
        }
        Err(err) => println!("callback: the task failed: {err}"),
    }
}

/// A callback that needs more than the outcome: which URL, and since when.
fn report(url: &str, start: Instant, outcome: &Outcome<String>) {
    let at = start.elapsed().as_secs_f64();
    match outcome {
        Ok(page) => println!("callback for {url}: got '{page}' at {at:.1}s"),
        Err(err) => println!("callback for {url}: failed: {err}"),
    }
}
// ANCHOR_END: callback

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

// ANCHOR: work
/// Stands in for slow work: it waits `secs` seconds, then says so.
async fn brew_report(secs: u64) -> String {
    println!("working for {secs}s");
    sleep(Duration::from_secs(secs)).await;
    format!("report ready in {secs}s")
}

/// Stands in for fetching a page.
async fn fetch(url: &str, secs: u64) -> String {
    sleep(Duration::from_secs(secs)).await;
    format!("page {url}")
}
// ANCHOR_END: work
