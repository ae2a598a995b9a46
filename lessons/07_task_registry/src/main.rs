//! Lesson 07: which tasks are running? asyncio's `current_task` and `all_tasks`,
//! and the methods of a Task, in tokio: task ids, a `JoinSet` you keep yourself,
//! and the `JoinHandle`.

// ANCHOR: imports
use std::collections::HashMap;
use std::time::Duration;

use tokio::runtime::Handle;
use tokio::task::{self, JoinSet};
use tokio::time::{Instant, sleep};
// ANCHOR_END: imports

#[tokio::main(flavor = "current_thread")]
async fn main() {
    workbook::virtual_clock_if_asked();

    // ANCHOR: current
    println!("-- current_task: which task am I? --");
    // Inside a task, `task::id()` names the running task, as `current_task()` does.
    let first = tokio::spawn(async { task::id() });
    let second = tokio::spawn(async { task::id() });
    // Take the ids from the handles first: awaiting a handle consumes it.
    let (first_id, second_id) = (first.id(), second.id());
    let seen_by_first = first.await.expect("the task does not panic");
    let seen_by_second = second.await.expect("the task does not panic");
    let same = seen_by_first == first_id && seen_by_second == second_id;
    println!(
        "seen from inside, each task is the one main spawned: {}",
        yes_no(same)
    );
    println!("two tasks, two ids: {}", yes_no(first_id != second_id));
    // `#[tokio::main]` runs `main` in `block_on`, which is not a task: it has no id,
    // and `task::id()` would panic here. `try_id()` asks without panicking.
    println!("main is a task: {}", yes_no(task::try_id().is_some()));
    // ANCHOR_END: current

    // ANCHOR: all_tasks
    println!("-- all_tasks: keep your own JoinSet --");
    let start = Instant::now();
    // tokio keeps no list of tasks that you could iterate, so keep your own: a
    // JoinSet owns the tasks spawned into it and hands each one back as it finishes.
    let mut set = JoinSet::new();
    for (name, secs) in [("fetch-a", 3), ("fetch-b", 1), ("fetch-c", 2)] {
        set.spawn(fetch(name, secs));
    }
    println!("spawned {} tasks", set.len());
    // The runtime itself will only count its tasks, not list them.
    let alive = Handle::current().metrics().num_alive_tasks();
    println!("the runtime counts {alive} alive");
    // `try_join_next` never waits. Nothing is finished: nothing has even started,
    // because spawned tasks run only once `main` yields at an `.await`.
    let ready = set.try_join_next();
    println!(
        "finished without waiting: {}",
        if ready.is_some() { "one" } else { "none" }
    );
    // ANCHOR: drain
    // `join_next` waits for whichever task finishes first: completion order.
    while let Some(joined) = set.join_next().await {
        let (name, answer) = joined.expect("fetch does not panic");
        let at = start.elapsed().as_secs_f64();
        println!(
            "{name} finished at {at:.1}s -> '{answer}', {} still running",
            set.len()
        );
    }
    // ANCHOR_END: drain
    // ANCHOR_END: all_tasks

    // ANCHOR: cancel_all
    println!("-- cancel them all --");
    let start = Instant::now();
    // tokio tasks have no names, but they have ids: map them to names yourself.
    let mut names = HashMap::new();
    for name in ["sleeper-1", "sleeper-2", "sleeper-3"] {
        let abort_handle = set.spawn(fetch(name, 10));
        names.insert(abort_handle.id(), name);
    }
    sleep(Duration::from_secs(1)).await;
    println!(
        "{} running at {:.1}s: cancel them all",
        set.len(),
        start.elapsed().as_secs_f64()
    );
    set.abort_all();
    let mut cancelled = Vec::new();
    while let Some(joined) = set.join_next().await {
        // A cancelled task ends in a `JoinError`, which carries the task's id.
        if let Err(err) = joined
            && err.is_cancelled()
        {
            cancelled.push(names[&err.id()]);
        }
    }
    cancelled.sort(); // the set hands them back in no promised order
    println!(
        "cancelled at {:.1}s: {}, {} running",
        start.elapsed().as_secs_f64(),
        cancelled.join(", "),
        set.len()
    );
    // ANCHOR_END: cancel_all

    // ANCHOR: methods
    println!("-- a task's methods --");
    let start = Instant::now();
    let task = tokio::spawn(fetch("fetch-d", 1));
    // task.done() is `is_finished()`: it looks, it never waits.
    println!("done? {}", yes_no(task.is_finished()));
    sleep(Duration::from_millis(1500)).await;
    let at = start.elapsed().as_secs_f64();
    println!("done? {} at {at:.1}s", yes_no(task.is_finished()));
    // task.result() is awaiting the handle. Where `result()` on a running task
    // raises InvalidStateError, `.await` simply waits for the task to finish.
    let (_, answer) = task.await.expect("fetch does not panic");
    println!("result: '{answer}'");

    let slow = tokio::spawn(fetch("slow", 10));
    sleep(Duration::from_millis(500)).await;
    // task.cancel() is `abort()`: the runtime drops the task where it is suspended.
    slow.abort();
    // task.cancelled() is asked of the outcome: a `JoinError` says why it failed.
    match slow.await {
        Ok((_, answer)) => println!("not cancelled: '{answer}'"),
        Err(err) => {
            let at = start.elapsed().as_secs_f64();
            println!("cancelled? {} at {at:.1}s", yes_no(err.is_cancelled()));
        }
    }
    // ANCHOR_END: methods
}

// ANCHOR: fetch
/// Stands in for a request that takes `secs` seconds; answers with its name
/// (a tokio task has none of its own) and what it did.
async fn fetch(name: &'static str, secs: u64) -> (&'static str, String) {
    sleep(Duration::from_secs(secs)).await;
    (name, format!("{secs}s of work"))
}
// ANCHOR_END: fetch

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}
