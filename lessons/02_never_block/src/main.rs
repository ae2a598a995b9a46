//! Lesson 02: three tasks that each wait 0.2 s, first with an async sleep (they wait
//! together) and then with a blocking sleep (they wait in turn, and starve the rest).

// ANCHOR: imports
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::time::{Instant, sleep};
// ANCHOR_END: imports
// Unused here, but linking `workbook` lets the runner record this lesson's timeline
// (`cargo xtask run NN --timeline`; see ARCHITECTURE.md, "Timelines").
use workbook as _;

/// How long each task "works": a stand-in for waiting on the network.
const WORK: Duration = Duration::from_millis(200);
/// When the heartbeat task asks to run, counted from the start of its batch.
const HEARTBEAT: Duration = Duration::from_millis(100);
/// How many worker tasks a batch has.
const TASKS: u32 = 3;

// ANCHOR: main
// One thread runs every task, as one thread runs asyncio's event loop. No virtual
// clock in this lesson: tokio's paused clock would not move while the thread sits
// in `std::thread::sleep`, so this lesson always runs, and is checked, on the real
// clock.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    println!("-- three tasks wait 0.2s without blocking --");
    batch("async", async_work).await;

    println!("-- three tasks wait 0.2s by blocking the thread --");
    batch("blocking", blocking_work).await;
}
// ANCHOR_END: main

// ANCHOR: work
/// 0.2 s of waiting, done the async way.
async fn async_work() {
    // ANCHOR: async_wait
    // `.await` parks this task and gives the thread back to the runtime, which runs
    // the other tasks until the timer fires: `await asyncio.sleep(0.2)`.
    sleep(WORK).await;
    // ANCHOR_END: async_wait
}

/// The same 0.2 s, done with a blocking call: `time.sleep(0.2)` inside a coroutine.
async fn blocking_work() {
    // No `.await`, so no way back to the runtime: the thread itself sleeps, and it is
    // the only thread the runtime has. Nothing warns you; it compiles just the same.
    std::thread::sleep(WORK);
}
// ANCHOR_END: work

// ANCHOR: batch
/// How many waits of the current batch are over. Every task can reach a `static`;
/// it is atomic because tasks given to `tokio::spawn` must be safe to move between
/// threads, even on a runtime that happens to have only one.
static WAITS_DONE: AtomicUsize = AtomicUsize::new(0);

/// Spawns a heartbeat that wants to run at 0.1s, then three tasks that run `work`,
/// and reports how many waits were over when each of them got to run.
async fn batch<W, F>(label: &str, work: W)
where
    // `work` is an async fn, passed like a coroutine function in Python. Its future
    // goes to `tokio::spawn`, which wants `Send + 'static` even on one thread, so
    // the same code would run on a multi-thread runtime.
    W: Fn() -> F,
    F: Future<Output = ()> + Send + 'static,
{
    WAITS_DONE.store(0, Ordering::Relaxed);
    let start = Instant::now();

    // Spawned first, so it is polled first: it sets its 0.1s timer before any
    // worker runs. The count it sees tells when the runtime was free to run it.
    let heartbeat = tokio::spawn(async move {
        sleep(HEARTBEAT).await;
        println!("heartbeat due at 0.1s runs: {}", waits_done());
    });

    let workers: Vec<_> = (1..=TASKS)
        .map(|id| {
            let job = work(); // only builds the future: nothing runs yet
            // A current-thread runtime polls spawned tasks in spawn order, so the
            // "starts" lines always come out as task 1, 2, 3.
            tokio::spawn(async move {
                println!("task {id} starts: {}", waits_done());
                job.await;
                WAITS_DONE.fetch_add(1, Ordering::Relaxed);
            })
        })
        .collect();

    // Wait for everything before the last line, so it always comes last.
    heartbeat.await.expect("heartbeat panicked");
    for worker in workers {
        worker.await.expect("worker panicked");
    }

    // A busy machine makes timers fire late and blocking sleeps overrun, never the
    // reverse, so the transcript compares the batch with the sum of its waits, which
    // the two batches land far on either side of, instead of printing clock readings.
    let sum = WORK * TASKS;
    let took = if start.elapsed() < sum {
        "less than"
    } else {
        "at least"
    };
    let sum = sum.as_secs_f64();
    println!("{label} batch took {took} the {sum:.1}s its waits add up to");
}
// ANCHOR_END: batch

/// "N of 3 waits done", for the transcript.
fn waits_done() -> String {
    let done = WAITS_DONE.load(Ordering::Relaxed);
    format!("{done} of {TASKS} waits done")
}
