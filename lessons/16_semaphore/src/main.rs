//! Lesson 16: `asyncio.Semaphore` in tokio: at most three of twelve fetches at once,
//! permits as guards (`acquire_owned` for spawned tasks, `forget`), and a permit
//! held too long.

// ANCHOR: imports
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::time::{Instant, sleep};
// ANCHOR_END: imports

#[tokio::main(flavor = "current_thread")]
async fn main() {
    workbook::virtual_clock_if_asked();

    twelve_fetches().await;
    permits_are_guards();
    held_too_long().await;
}

// ANCHOR: fetches
/// The articles' twelve fetches, at most three at a time.
async fn twelve_fetches() {
    println!("-- twelve fetches, at most three at a time --");
    let flight = Arc::new(Flight::new());
    // ANCHOR: limit
    // Three permits, in an `Arc`: `acquire_owned` takes one, and each permit it
    // hands out owns a clone of it, so the permit can go into a spawned task.
    let sem = Arc::new(Semaphore::new(3));
    let mut handles = Vec::new();
    for n in 1..=12 {
        // Wait for a free permit *before* spawning: at most three fetch tasks exist
        // at any time. The permit is a guard: the semaphore gets it back when it is
        // dropped, so it is moved into the task and lives until the fetch is done.
        let permit = Arc::clone(&sem)
            .acquire_owned()
            .await
            .expect("never closed");
        let flight = Arc::clone(&flight);
        let fetching = tokio::spawn(async move {
            let answer = fetch(n, &flight).await;
            drop(permit); // the end of the task would drop it too; this says when
            answer
        });
        handles.push(fetching);
    }
    // Awaiting the handles in turn collects the answers in argument order; the
    // tasks are all running (or done) by now, so this waits for the slowest.
    let mut results = Vec::new();
    for handle in handles {
        results.push(handle.await.expect("fetch does not panic"));
    }
    // ANCHOR_END: limit
    println!("results in argument order: {results:?}");
    println!(
        "at most {} in flight, all done at {:.1}s",
        flight.max.load(Ordering::Relaxed),
        flight.start.elapsed().as_secs_f64()
    );
}

/// How long each fetch takes, in milliseconds. All different, so that no two
/// fetches end at the same instant: the order of the lines is fixed by the data.
const TAKES_MS: [u64; 12] = [
    400, 800, 600, 1000, 1400, 300, 1200, 1300, 900, 700, 500, 1100,
];

/// Stands in for an HTTP request that echoes `n`, as the articles' httpbin call
/// does. It counts the fetches in flight, and remembers the most it has seen.
async fn fetch(n: usize, flight: &Flight) -> usize {
    let now = flight.now.fetch_add(1, Ordering::Relaxed) + 1;
    flight.max.fetch_max(now, Ordering::Relaxed);
    let t = flight.start.elapsed().as_secs_f64();
    println!("{t:.1}s fetch({n}) starts, {now} in flight");
    sleep(Duration::from_millis(TAKES_MS[n - 1])).await;
    flight.now.fetch_sub(1, Ordering::Relaxed);
    let t = flight.start.elapsed().as_secs_f64();
    println!("{t:.1}s fetch({n}) = {n}");
    n
}

/// What the fetches share: how many run now, the most that ever ran at once, and
/// the clock. Atomics, because spawned tasks must be `Send`; on this one-thread
/// runtime they are never contended.
struct Flight {
    now: AtomicUsize,
    max: AtomicUsize,
    start: Instant,
}

impl Flight {
    fn new() -> Self {
        let start = Instant::now();
        let (now, max) = (AtomicUsize::new(0), AtomicUsize::new(0));
        Flight { now, max, start }
    }
}
// ANCHOR_END: fetches

// ANCHOR: guards
/// A permit is an RAII guard: acquiring takes one, dropping gives it back, and
/// `forget` keeps it from ever coming back.
fn permits_are_guards() {
    println!("-- a permit is a guard --");
    let sem = Semaphore::new(3);
    println!("{} permits free", sem.available_permits());
    // `try_acquire` takes a permit without waiting, or fails at once.
    let permit = sem.try_acquire().expect("three are free");
    println!("holding one: {} free", sem.available_permits());
    drop(permit);
    println!("dropped: {} free", sem.available_permits());
    // `forget` consumes the permit without returning it: the semaphore shrinks for
    // good, until `add_permits` grows it again.
    sem.try_acquire().expect("three are free").forget();
    println!("forgotten: {} free, for good", sem.available_permits());
    sem.add_permits(1);
    println!("add_permits(1): {} free", sem.available_permits());
}
// ANCHOR_END: guards

// ANCHOR: held_too_long
/// Four jobs, two permits. Each downloads (which the permit is for), then saves
/// (which needs no permit). Held through the save, the permit costs a second.
async fn held_too_long() {
    println!("-- a permit held too long --");
    for release_early in [false, true] {
        let start = Instant::now();
        let sem = Arc::new(Semaphore::new(2));
        let mut jobs = Vec::new();
        for _ in 0..4 {
            let sem = Arc::clone(&sem);
            let job = tokio::spawn(async move {
                // Acquired inside the task, which owns its clone of the `Arc`:
                // `acquire` borrows it, and the permit cannot outlive it.
                let permit = sem.acquire().await.expect("never closed");
                sleep(Duration::from_secs(1)).await; // download
                if release_early {
                    drop(permit);
                }
                // Otherwise `permit` lives to the end of this block, as any local
                // does: through the save, which did not need it.
                sleep(Duration::from_secs(1)).await; // save
            });
            jobs.push(job);
        }
        for job in jobs {
            job.await.expect("the job does not panic");
        }
        let how = if release_early {
            "dropped after the download"
        } else {
            "held through the save"
        };
        let secs = start.elapsed().as_secs_f64();
        println!("{how}: 4 jobs in {secs:.1}s");
    }
}
// ANCHOR_END: held_too_long
