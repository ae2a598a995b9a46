//! Lesson 11: three ways to cancel a task (drop its future, abort it, ask it to stop),
//! cancelling a whole group while another one finishes, and why a `select!` branch in
//! a loop must be cancel safe.

// ANCHOR: imports
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio::time::{Instant, Interval, interval_at, sleep, sleep_until};
use tokio_util::sync::CancellationToken;
// ANCHOR_END: imports

#[tokio::main(flavor = "current_thread")]
async fn main() {
    workbook::virtual_clock_if_asked();

    drop_the_future().await;
    abort_a_task().await;
    ask_a_task().await;
    cancel_a_group().await;

    println!("-- 5. select! in a loop: not cancel safe --");
    read_lines_lossy(send_lines_in_chunks()).await;
    println!("-- 6. select! in a loop: cancel safe --");
    read_lines_safely(send_lines_in_chunks()).await;
}

// ANCHOR: download
/// A three-second job. Its `Guard` is dropped however the future ends: by finishing,
/// or by being dropped half-way. So `Drop` is where synchronous cleanup goes.
async fn download(name: &'static str) {
    let _guard = Guard(name);
    println!("{name}: started");
    sleep(Duration::from_secs(3)).await;
    println!("{name}: finished"); // never printed below: every download is cancelled
}

/// Rust's `finally:`, except that it cannot `.await`.
struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("{}: cleanup runs", self.0);
    }
}
// ANCHOR_END: download

// ANCHOR: drop
/// Way 1: stop polling a future and drop it. Nothing after its current `.await` runs.
async fn drop_the_future() {
    println!("-- 1. drop the future --");
    let start = Instant::now();
    let at = || start.elapsed().as_secs_f64();
    // `select!` polls both futures; when the sleep wins, it drops the download
    // before running the winning branch. No exception is thrown into the download:
    // it is simply never polled again, and dropping it runs its `Drop` impls.
    tokio::select! {
        _ = download("A") => unreachable!("A takes 3 s"),
        _ = sleep(Duration::from_secs(1)) => {
            println!("gave up on A at {:.1}s", at());
        }
    }
}
// ANCHOR_END: drop

// ANCHOR: abort
/// Way 2: abort a spawned task. The runtime drops its future where it is parked.
async fn abort_a_task() {
    println!("-- 2. abort a spawned task --");
    let start = Instant::now();
    let at = || start.elapsed().as_secs_f64();
    let task = tokio::spawn(download("B"));
    sleep(Duration::from_secs(1)).await;
    println!("aborting B at {:.1}s", at());
    task.abort(); // like `task.cancel()`, but returns () and the task cannot refuse
    // Awaiting the handle is how you learn the task's fate: an `Err(JoinError)` whose
    // `is_cancelled()` is true, where Python's `await task` raises CancelledError.
    match task.await {
        Err(error) if error.is_cancelled() => println!("awaiting B: cancelled"),
        other => println!("awaiting B: {other:?}"),
    }
}
// ANCHOR_END: abort

// ANCHOR: token
/// Way 3: ask the task to stop, and let it decide how: cooperative cancellation.
async fn ask_a_task() {
    println!("-- 3. ask a task to stop: CancellationToken --");
    let start = Instant::now();
    let at = || start.elapsed().as_secs_f64();
    let token = CancellationToken::new();
    // The task gets a clone; cancelling any clone cancels them all.
    let task = tokio::spawn(worker("C", token.clone()));
    sleep(Duration::from_secs(1)).await;
    println!("cancelling C at {:.1}s", at());
    token.cancel();
    // The task was not killed: it noticed, cleaned up, and returned a value.
    let report = task.await.expect("C does not panic");
    println!("C returned \"{report}\" at {:.1}s", at());
}

/// Works in 0.4 s chunks until its token is cancelled, then saves its work.
async fn worker(name: &str, token: CancellationToken) -> String {
    println!("{name}: started");
    let mut chunks = 0;
    loop {
        tokio::select! {
            // `cancelled()` is the `except CancelledError:` of this task: it is
            // where the task learns that it should stop.
            _ = token.cancelled() => break,
            _ = sleep(Duration::from_millis(400)) => chunks += 1,
        }
    }
    println!("{name}: cancelled after {chunks} chunks; saving them");
    // Unlike `Drop`, this cleanup can await: the task is still running.
    sleep(Duration::from_millis(100)).await;
    format!("saved {chunks} chunks")
}
// ANCHOR_END: token

// ANCHOR: group
/// `group2.cancel()` on a gather: cancel a whole group, let the other one finish.
async fn cancel_a_group() {
    println!("-- 4. cancel one group, let the other finish --");
    let start = Instant::now();
    let at = || start.elapsed().as_secs_f64();
    // A JoinSet owns a group of spawned tasks, like a gather of tasks.
    let mut group1 = JoinSet::new();
    group1.spawn(fetch("g1-a", 1500));
    group1.spawn(fetch("g1-b", 2000));
    let mut group2 = JoinSet::new();
    group2.spawn(fetch("g2-a", 2500));
    group2.spawn(fetch("g2-b", 3000));

    // Cancel group 2 at once, before any task has run. A task aborted before its
    // first poll never runs at all: g2-a and g2-b will not even print `start`.
    group2.abort_all();
    println!("cancelled group 2 at {:.1}s", at());

    // Group 1 is not affected. Careful: `JoinSet::join_all` returns results in the
    // order the tasks FINISH (and panics if one panicked or was cancelled), unlike
    // `futures::future::join_all` (lesson 09), which keeps the order of its input.
    let results = group1.join_all().await;
    println!("group 1 results: {} at {:.1}s", results.join(", "), at());
    // Each aborted task comes back as a JoinError that says it was cancelled.
    let mut cancelled = 0;
    while let Some(outcome) = group2.join_next().await {
        if outcome.is_err_and(|error| error.is_cancelled()) {
            cancelled += 1;
        }
    }
    println!("group 2: {cancelled} of 2 tasks cancelled");
}

/// Stands in for a request that takes `millis` milliseconds.
async fn fetch(name: &'static str, millis: u64) -> &'static str {
    println!("{name}: start");
    sleep(Duration::from_millis(millis)).await;
    println!("{name}: done after {:.1}s", millis as f64 / 1000.0);
    name
}
// ANCHOR_END: group

// ANCHOR: sender
/// Three lines in chunks: (when, in milliseconds, chunk). A tick (every second) falls
/// inside each of the first two lines; none falls inside the third.
const CHUNKS: [(u64, &str); 7] = [
    (500, "hel"), // "hello\n"
    (1200, "lo\n"),
    (1500, "wor"), // "world\n"
    (2200, "ld\n"),
    (2400, "b"), // "bye\n"
    (2500, "y"),
    (2700, "e\n"),
];

/// Sends the chunks at their times, then hangs up, which ends the receiver's stream.
fn send_lines_in_chunks() -> mpsc::Receiver<&'static str> {
    let (tx, rx) = mpsc::channel(8);
    tokio::spawn(async move {
        let start = Instant::now();
        for (millis, chunk) in CHUNKS {
            sleep_until(start + Duration::from_millis(millis)).await;
            tx.send(chunk).await.expect("the receiver is alive");
        }
    });
    rx
}
// ANCHOR_END: sender

// ANCHOR: lossy
/// Reads lines and prints a tick every second. Loses data: see `read_line`.
async fn read_lines_lossy(mut chunks: mpsc::Receiver<&'static str>) {
    let start = Instant::now();
    let at = || start.elapsed().as_secs_f64();
    let mut ticker = every_second();
    loop {
        tokio::select! {
            // A new `read_line` future every time round the loop. When the tick
            // wins, select! drops this one, and the partial line inside it.
            line = read_line(&mut chunks) => match line {
                Some(line) => println!("lossy loop: got \"{line}\" at {:.1}s", at()),
                None => break, // the sender hung up
            },
            _ = ticker.tick() => println!("lossy loop: tick at {:.1}s", at()),
        }
    }
}

/// Reads chunks until a whole line has arrived. NOT cancel safe: the chunks read so
/// far live inside this future, so dropping the future drops them.
async fn read_line(chunks: &mut mpsc::Receiver<&'static str>) -> Option<String> {
    let mut line = String::new();
    while let Some(chunk) = chunks.recv().await {
        line.push_str(chunk);
        if let Some(whole) = line.strip_suffix('\n') {
            return Some(whole.to_owned());
        }
    }
    None
}
// ANCHOR_END: lossy

// ANCHOR: safe
/// The same loop, cancel safe: the partial line lives outside every future.
async fn read_lines_safely(mut chunks: mpsc::Receiver<&'static str>) {
    let start = Instant::now();
    let at = || start.elapsed().as_secs_f64();
    let mut ticker = every_second();
    // ANCHOR: safe_loop
    let mut line = String::new(); // survives every lost race in select!
    loop {
        tokio::select! {
            // `recv` is cancel safe (tokio documents it): if the tick wins, no chunk
            // has been taken from the channel, so dropping this future loses nothing.
            chunk = chunks.recv() => match chunk {
                Some(chunk) => {
                    line.push_str(chunk);
                    if let Some(whole) = line.strip_suffix('\n') {
                        println!("safe loop: got \"{whole}\" at {:.1}s", at());
                        line.clear();
                    }
                }
                None => break,
            },
            _ = ticker.tick() => println!("safe loop: tick at {:.1}s", at()),
        }
    }
    // ANCHOR_END: safe_loop
}
// ANCHOR_END: safe

/// An interval whose first tick is one second from now (tokio's first tick is
/// immediate). `tick()` is cancel safe: losing a race in select! consumes no tick.
fn every_second() -> Interval {
    let period = Duration::from_secs(1);
    interval_at(Instant::now() + period, period)
}
