//! Lesson 10: handling results as they arrive (`as_completed`), the first to finish
//! (`select!`), time limits (`wait_for`, `asyncio.timeout`), a time limit on a spawned
//! task, and collecting failures instead of stopping at the first
//! (`gather(..., return_exceptions=True)`).

// ANCHOR: imports
use std::time::Duration;

use futures::StreamExt;
use futures::future::{join_all, try_join_all};
use futures::stream::FuturesUnordered;
use tokio::time::{Instant, sleep, timeout};
use tokio_util::task::AbortOnDropHandle;
// ANCHOR_END: imports

#[tokio::main(flavor = "current_thread")]
async fn main() {
    workbook::virtual_clock_if_asked();

    as_completed().await;
    first_to_finish().await;
    time_limit().await;
    spawned_time_limit().await;
    collect_failures().await;
}

// ANCHOR: after
/// Stands in for a request that takes `secs` seconds and answers `value`.
async fn after<T>(secs: u64, value: T) -> T {
    sleep(Duration::from_secs(secs)).await;
    value
}
// ANCHOR_END: after

// ANCHOR: as_completed
/// `for fut in asyncio.as_completed(jobs)`: each answer as soon as it is ready.
async fn as_completed() {
    println!("-- as they complete --");
    let start = Instant::now();
    // ANCHOR: as_completed_body
    // A FuturesUnordered is a set of futures that is also a stream: `next()` yields
    // the output of whichever future finishes next. The futures run inside this
    // task; nothing is spawned.
    let mut pending: FuturesUnordered<_> = [("a", 2, 10), ("b", 1, 20), ("c", 3, 30)]
        .into_iter()
        .map(|(name, secs, value)| after(secs, (name, value)))
        .collect();
    while let Some((name, value)) = pending.next().await {
        let now = start.elapsed().as_secs_f64();
        // `len()` counts the futures still in the set: the ones not finished yet.
        println!(
            "{name} answered {value} at {now:.1}s, {} still running",
            pending.len()
        );
    }
    // ANCHOR_END: as_completed_body
}
// ANCHOR_END: as_completed

// ANCHOR: first_to_finish
/// `asyncio.wait(..., return_when=FIRST_COMPLETED)`: only the winner counts.
async fn first_to_finish() {
    println!("-- first to finish --");
    let start = Instant::now();
    // `select!` polls both branches and runs the arm of the first to complete. The
    // other future is dropped on the spot, which cancels it: no `cancel()` needed.
    let winner = tokio::select! {
        name = after(1, "fast") => name,
        name = after(2, "slow") => name,
    };
    println!("{winner} won at {:.1}s", start.elapsed().as_secs_f64());
}
// ANCHOR_END: first_to_finish

// ANCHOR: time_limit
// ANCHOR: wait_for
/// `asyncio.wait_for(eternity(), timeout=1.0)` and its `TimeoutError`.
async fn time_limit() {
    println!("-- a time limit --");
    let start = Instant::now();
    // `timeout` wraps the future; if the limit passes first, it answers
    // `Err(Elapsed)` and drops the future inside, so `eternity` stops mid-sleep.
    let outcome = timeout(Duration::from_secs(1), eternity()).await;
    match outcome {
        Ok(()) => println!("eternity finished"),
        Err(_elapsed) => {
            println!("timeout! at {:.1}s", start.elapsed().as_secs_f64())
        }
    }

    sequence_limit().await;
}
// ANCHOR_END: wait_for

// ANCHOR: sequence
/// `async with asyncio.timeout(2.5)`: one limit for a whole sequence of awaits.
async fn sequence_limit() {
    let start = Instant::now();
    let mut steps = 0;
    // An `async` block is a future like any other, so `timeout` takes it whole.
    let outcome = timeout(Duration::from_millis(2500), async {
        for _ in 0..3 {
            sleep(Duration::from_secs(1)).await;
            steps += 1;
        }
    })
    .await;
    let now = start.elapsed().as_secs_f64();
    match outcome {
        Ok(()) => println!("all {steps} steps within the limit at {now:.1}s"),
        Err(_elapsed) => println!("timeout! at {now:.1}s after {steps} of 3 steps"),
    }
}
// ANCHOR_END: sequence

// ANCHOR: eternity
/// Sleeps for an hour. Its guard's `Drop` plays the part of Python's `finally`:
/// it runs however the future ends, including being dropped mid-sleep.
async fn eternity() {
    let _cleanup = CleanUp("eternity");
    sleep(Duration::from_secs(3600)).await;
    println!("an hour has passed");
}

struct CleanUp(&'static str);

impl Drop for CleanUp {
    fn drop(&mut self) {
        println!("  {} cleans up", self.0);
    }
}
// ANCHOR_END: eternity
// ANCHOR_END: time_limit

// ANCHOR: spawned
/// A time limit on a spawned task: `timeout` drops the `JoinHandle`, not the task.
async fn spawned_time_limit() {
    println!("-- a time limit on a spawned task --");
    let limit = Duration::from_millis(500);

    // Dropping a JoinHandle only lets go of the task: it runs on, unseen, as a task
    // does in Python under `wait_for(shield(task))`.
    let start = Instant::now();
    let handle = tokio::spawn(report(1, start));
    if timeout(limit, handle).await.is_err() {
        let now = start.elapsed().as_secs_f64();
        println!("report 1: timeout! at {now:.1}s");
    }
    sleep(Duration::from_secs(1)).await; // a second to see what the task does

    // Cure 1: time out `&mut handle`, which keeps the handle, then abort the task.
    let start = Instant::now();
    let mut handle = tokio::spawn(report(2, start));
    if timeout(limit, &mut handle).await.is_err() {
        let now = start.elapsed().as_secs_f64();
        handle.abort();
        // Awaiting an aborted task's handle answers `Err(JoinError)`: "cancelled".
        let state = match handle.await {
            Err(e) if e.is_cancelled() => "cancelled",
            _ => "not cancelled",
        };
        println!("report 2: timeout! at {now:.1}s, {state}");
    }
    sleep(Duration::from_secs(1)).await;

    // Cure 2: an AbortOnDropHandle aborts its task when it is dropped.
    let start = Instant::now();
    let handle = AbortOnDropHandle::new(tokio::spawn(report(3, start)));
    if timeout(limit, handle).await.is_err() {
        let now = start.elapsed().as_secs_f64();
        println!("report 3: timeout! at {now:.1}s");
    }
    sleep(Duration::from_secs(1)).await;
}

/// A task that takes a second to send report `n`.
async fn report(n: u32, start: Instant) {
    sleep(Duration::from_secs(1)).await;
    println!("  report {n} sent at {:.1}s", start.elapsed().as_secs_f64());
}
// ANCHOR_END: spawned

// ANCHOR: collect_failures
/// `gather(..., return_exceptions=True)` against a plain `gather` that raises.
async fn collect_failures() {
    println!("-- collect failures --");
    let start = Instant::now();
    // ANCHOR: all_outcomes
    // `join_all` of futures that return `Result` waits for every one and keeps each
    // outcome, `Ok` or `Err`, in argument order: `return_exceptions=True`.
    let outcomes = join_all((1..=4).map(job)).await;
    for (id, outcome) in (1..).zip(&outcomes) {
        match outcome {
            Ok(value) => println!("job {id}: ok {value}"),
            Err(e) => println!("job {id}: failed ({e})"),
        }
    }
    let (ok, failed): (Vec<_>, Vec<_>) =
        outcomes.into_iter().partition(Result::is_ok);
    // ANCHOR_END: all_outcomes
    println!(
        "{} ok, {} failed, all in at {:.1}s",
        ok.len(),
        failed.len(),
        start.elapsed().as_secs_f64()
    );

    // ANCHOR: first_failure
    // `try_join_all` gives up at the first `Err` and drops the rest, as a plain
    // `gather` raises its first exception.
    let start = Instant::now();
    match try_join_all((1..=4).map(job)).await {
        Ok(values) => println!("all ok: {values:?}"),
        Err(e) => println!(
            "stopped at the first failure: {e} at {:.1}s",
            start.elapsed().as_secs_f64()
        ),
    }
    // ANCHOR_END: first_failure
}

/// Job `id` takes `id` seconds; the even ones fail.
async fn job(id: u64) -> Result<u64, String> {
    sleep(Duration::from_secs(id)).await;
    if id.is_multiple_of(2) {
        Err(format!("connection lost after {id}s"))
    } else {
        Ok(id * 10)
    }
}
// ANCHOR_END: collect_failures
