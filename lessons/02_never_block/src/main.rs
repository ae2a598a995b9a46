//! Lesson 02: three tasks that each wait 0.3 s, first with an async sleep (they wait
//! together) and then with a blocking sleep (they wait in turn, and starve the rest).

use std::time::Duration;

use tokio::time::{Instant, sleep};

/// How long each task "works": a stand-in for waiting on the network.
const WORK: Duration = Duration::from_millis(300);
/// When the heartbeat task asks to run, counted from the start of its batch.
const HEARTBEAT: Duration = Duration::from_millis(100);

// ANCHOR: main
// One thread runs every task, as one thread runs asyncio's event loop. No virtual
// clock in this lesson: tokio's paused clock would not move while the thread sits in
// `std::thread::sleep`, so this lesson always runs, and is checked, on the real clock.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    println!("-- three tasks wait 0.3s without blocking --");
    batch("async", async_work).await;

    println!("-- three tasks wait 0.3s by blocking the thread --");
    batch("blocking", blocking_work).await;
}
// ANCHOR_END: main

// ANCHOR: work
/// 0.3 s of waiting, done the async way.
async fn async_work() {
    // ANCHOR: async_wait
    // `.await` parks this task and gives the thread back to the runtime, which runs
    // the other tasks until the timer fires: `await asyncio.sleep(0.3)`.
    sleep(WORK).await;
    // ANCHOR_END: async_wait
}

/// The same 0.3 s, done with a blocking call: `time.sleep(0.3)` inside a coroutine.
async fn blocking_work() {
    // No `.await`, so no way back to the runtime: the thread itself sleeps, and it is
    // the only thread the runtime has. Nothing warns you; it compiles just the same.
    std::thread::sleep(WORK);
}
// ANCHOR_END: work

// ANCHOR: batch
/// Spawns a heartbeat that wants to run at 0.1s, then three tasks that run `work`,
/// and reports when each thing actually happened.
async fn batch<W, F>(label: &str, work: W)
where
    // `work` is an async fn, passed like a coroutine function in Python. Its future
    // goes to `tokio::spawn`, which wants `Send + 'static` even on one thread, so
    // the same code would run on a multi-thread runtime.
    W: Fn() -> F,
    F: Future<Output = ()> + Send + 'static,
{
    let start = Instant::now();

    // Spawned first, so it is polled first: it sets its 0.1s timer before any
    // worker runs. When it prints tells us when the runtime was free to run it.
    let heartbeat = tokio::spawn(async move {
        sleep(HEARTBEAT).await;
        println!("heartbeat due at 0.1s, ran at {:.1}s", secs(start));
    });

    let workers: Vec<_> = (1..=3)
        .map(|id| {
            let job = work(); // only builds the future: nothing runs yet
            // A current-thread runtime polls spawned tasks in spawn order, so the
            // "starts" lines always come out as task 1, 2, 3.
            tokio::spawn(async move {
                println!("task {id} starts at {:.1}s", secs(start));
                job.await;
            })
        })
        .collect();

    // Wait for everything before the last line, so it always comes last.
    heartbeat.await.expect("heartbeat panicked");
    for worker in workers {
        worker.await.expect("worker panicked");
    }
    println!("{label} batch took {:.1}s", secs(start));
}
// ANCHOR_END: batch

/// Seconds since `start`, on tokio's clock (the real one in this lesson).
fn secs(start: Instant) -> f64 {
    start.elapsed().as_secs_f64()
}
