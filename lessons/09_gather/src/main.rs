//! Lesson 09: waiting for many futures at once: `asyncio.wait`, `gather` and its
//! result order, a `TaskGroup`, gathers of gathers, and three factorials taking turns.

// ANCHOR: imports
use std::time::Duration;

use futures::future::join_all;
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};
// ANCHOR_END: imports

#[tokio::main(flavor = "current_thread")]
async fn main() {
    workbook::virtual_clock_if_asked();

    ten_tasks().await;
    in_argument_order().await;
    task_group().await;
    groups().await;
    factorials().await;
}

// ANCHOR: after
/// Stands in for a request that takes `secs` seconds and answers `value`.
async fn after<T>(secs: u64, value: T) -> T {
    sleep(Duration::from_secs(secs)).await;
    value
}
// ANCHOR_END: after

// ANCHOR: ten_tasks
/// `asyncio.wait(tasks)`: start ten two-second tasks, then wait until all are done.
async fn ten_tasks() {
    println!("-- ten tasks --");
    let start = Instant::now();
    // A JoinSet owns a group of spawned tasks. `spawn` hands each one to the runtime
    // at once, as `create_task` does; they start running at our next `.await`.
    let mut tasks = JoinSet::new();
    for _ in 0..10 {
        tasks.spawn(fetch(start));
    }
    // Draining the set is `await asyncio.wait(tasks)`: `join_next` hands back each
    // task's outcome as it finishes (an `Err` if the task panicked).
    let mut done = 0;
    while let Some(outcome) = tasks.join_next().await {
        outcome.expect("a task panicked");
        done += 1;
    }
    println!(
        "{done} tasks of 2s each: {:.1}s total",
        start.elapsed().as_secs_f64()
    );
}

/// The articles' request: it says when it starts and when it ends, two seconds later.
/// (Which of ten equal timers fires first is the runtime's business, so no ids.)
async fn fetch(start: Instant) {
    println!("  request starts at {:.1}s", start.elapsed().as_secs_f64());
    sleep(Duration::from_secs(2)).await;
    println!("  request ends at {:.1}s", start.elapsed().as_secs_f64());
}
// ANCHOR_END: ten_tasks

// ANCHOR: in_order
/// `gather` hands results back in argument order, whatever order they finish in.
async fn in_argument_order() {
    println!("-- results in argument order --");
    let start = Instant::now();
    // ANCHOR: join_all
    // Three jobs of one type, so they fit in an array: `join_all` is `gather(*jobs)`.
    let jobs = [("a", 3), ("b", 1), ("c", 2)];
    let jobs = jobs.map(|(name, secs)| job(name, secs, start));
    let names = join_all(jobs).await;
    println!(
        "results: {} at {:.1}s",
        names.join(", "),
        start.elapsed().as_secs_f64()
    );
    // ANCHOR_END: join_all

    // ANCHOR: join
    // A fixed number of futures of different types: `join!` gives back a tuple.
    let start = Instant::now();
    let (name, age) = tokio::join!(after(2, "ada"), after(1, 36));
    println!(
        "{name} is {age}, both at {:.1}s",
        start.elapsed().as_secs_f64()
    );
    // ANCHOR_END: join

    // ANCHOR: try_join
    // `try_join!` waits for futures that return `Result` and gives up at the first
    // `Err`, as `gather` raises the first exception. It drops the futures still
    // running: the 3-second one never finishes.
    let start = Instant::now();
    let outcome: Result<(u32, u32, u32), &str> = tokio::try_join!(
        after(1, Ok(1)),
        after(2, Err("disk full")),
        after(3, Ok(3))
    );
    match outcome {
        Ok((a, b, c)) => println!("all three: {a}, {b}, {c}"),
        Err(e) => {
            let now = start.elapsed().as_secs_f64();
            println!("first error: {e} at {now:.1}s");
        }
    }
    // ANCHOR_END: try_join
}

// ANCHOR: job
/// A job that says when it finishes and answers with its own name.
async fn job(name: &'static str, secs: u64, start: Instant) -> &'static str {
    sleep(Duration::from_secs(secs)).await;
    println!("  {name} finished at {:.1}s", start.elapsed().as_secs_f64());
    name
}
// ANCHOR_END: job
// ANCHOR_END: in_order

// ANCHOR: task_group
/// `async with asyncio.TaskGroup() as tg`: spawned tasks, and the first failure
/// cancels the others.
async fn task_group() {
    println!("-- a task group --");
    let start = Instant::now();
    let mut tasks = JoinSet::new();
    tasks.spawn(after(1, Ok(1)));
    tasks.spawn(after(2, Err("disk full")));
    tasks.spawn(after(3, Ok(3)));
    // A JoinSet cancels nothing when a task fails. `abort_all` on the first `Err` is
    // the TaskGroup's "cancel the rest" (so is returning: dropping the set aborts
    // them). The errors are ours to collect, as the group's ExceptionGroup does.
    let (mut ok, mut cancelled, mut errors) = (0, 0, Vec::new());
    while let Some(outcome) = tasks.join_next().await {
        // Two layers: the outer `Result` says how the task ended (a `JoinError` if
        // it panicked or was aborted), the inner one is what the job returned.
        match outcome {
            Ok(Ok(_value)) => ok += 1,
            Ok(Err(e)) => {
                errors.push(e);
                tasks.abort_all();
            }
            // An aborted task ends with a `JoinError` that says it was cancelled.
            Err(e) if e.is_cancelled() => cancelled += 1,
            // A panic: let it go on unwinding here.
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }
    println!(
        "{ok} ok, {cancelled} cancelled, errors: {} at {:.1}s",
        errors.join(", "),
        start.elapsed().as_secs_f64()
    );
}
// ANCHOR_END: task_group

// ANCHOR: groups
/// `gather(*g1, *g2)` against `gather(gather(*g1), gather(*g2))`.
async fn groups() {
    println!("-- groups --");
    let start = Instant::now();
    // One flat list: the two groups' futures chained into one `join_all`.
    let group1 = (1..=2).map(|n| after(1, n));
    let group2 = (3..=5).map(|n| after(2, n));
    let flat = join_all(group1.chain(group2)).await;
    println!("flat: {flat:?} at {:.1}s", start.elapsed().as_secs_f64());

    let start = Instant::now();
    // A group per `join_all`, and `join!` runs the two groups side by side.
    let group1 = join_all((1..=2).map(|n| after(1, n)));
    let group2 = join_all((3..=5).map(|n| after(2, n)));
    let (first, second) = tokio::join!(group1, group2);
    println!(
        "grouped: {first:?} and {second:?} at {:.1}s",
        start.elapsed().as_secs_f64()
    );
}
// ANCHOR_END: groups

// ANCHOR: factorials
/// Three factorials that take turns: each step waits a second.
async fn factorials() {
    println!("-- three factorials, taking turns --");
    let start = Instant::now();
    // ANCHOR: run_three
    // `join_all` polls its futures in argument order every time it is woken, so
    // steps that are due at the same second print as A, B, C. It also answers in
    // argument order, though B finishes first and A last.
    let results = join_all([
        factorial("A", 4, start),
        factorial("B", 2, start),
        factorial("C", 3, start),
    ])
    .await;
    // ANCHOR_END: run_three
    println!(
        "results {results:?} at {:.1}s",
        start.elapsed().as_secs_f64()
    );
}

async fn factorial(name: &str, n: u64, start: Instant) -> u64 {
    let mut product = 1;
    for i in 2..=n {
        let now = start.elapsed().as_secs_f64();
        println!("{now:.1}s {name}: factorial({n}), multiplying by {i}");
        // Each step yields to the runtime for a second, so the others get their turn.
        sleep(Duration::from_secs(1)).await;
        product *= i;
    }
    let now = start.elapsed().as_secs_f64();
    println!("{now:.1}s {name}: factorial({n}) = {product}");
    product
}
// ANCHOR_END: factorials
