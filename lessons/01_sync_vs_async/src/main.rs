//! Lesson 01: five requests of different lengths, one after another and then all at
//! once, and why an `async fn` you call but never await does nothing.

// ANCHOR: imports
use std::time::Duration;

use futures::future::join_all;
use tokio::time::{Instant, sleep};
// ANCHOR_END: imports

// ANCHOR: fetch
/// The requests to make, in this order. Request `id` takes `id` tenths of a second,
/// so they finish in a different order from the one they are sent in.
const IDS: [u32; 5] = [4, 10, 2, 8, 6];

/// Stands in for one network request: it waits, then answers `id * 10`.
async fn fetch(id: u32) -> u32 {
    let begun = Instant::now();
    // `.await` hands control back to the runtime until the timer fires,
    // like `await asyncio.sleep(id / 10)`.
    sleep(Duration::from_millis(100 * u64::from(id))).await;
    let answer = id * 10;
    let took = begun.elapsed().as_secs_f64();
    println!("  fetch {id} -> {answer} after {took:.1}s");
    answer
}
// ANCHOR_END: fetch

#[tokio::main(flavor = "current_thread")]
async fn main() {
    workbook::virtual_clock_if_asked();

    // ANCHOR: sequential
    println!("-- one after another --");
    let start = Instant::now();
    let mut answers = Vec::new();
    for id in IDS {
        // Each `.await` waits for this fetch to finish before the loop goes on.
        answers.push(fetch(id).await);
    }
    let took = start.elapsed().as_secs_f64();
    println!("answers {answers:?} at {took:.1}s");
    // ANCHOR_END: sequential

    // ANCHOR: concurrent
    println!("-- all at once --");
    let start = Instant::now();
    // ANCHOR: concurrent_body
    // Build the five futures first (nothing runs yet), then await them together:
    // `join_all` polls all of them, so their timers run side by side. Like `gather`,
    // it returns the answers in the order of its arguments, not of completion.
    let answers = join_all(IDS.map(fetch)).await;
    // ANCHOR_END: concurrent_body
    let took = start.elapsed().as_secs_f64();
    println!("answers {answers:?} at {took:.1}s");
    // ANCHOR_END: concurrent

    // ANCHOR: lazy
    println!("-- futures are lazy --");
    let never_awaited = announce("never awaited");
    println!("created a future: nothing has run");
    drop(never_awaited); // dropped unpolled: its body never runs at all
    let awaited = announce("awaited");
    println!("created another future: nothing has run");
    awaited.await; // only now does its body run
    println!("done");
    // ANCHOR_END: lazy
}

/// Prints when its body actually runs.
async fn announce(name: &str) {
    println!("  the {name} future runs");
}
