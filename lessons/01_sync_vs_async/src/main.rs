//! Lesson 01: five one-second waits, one after another and then all at once,
//! and why an `async fn` you call but never await does nothing.

use std::time::Duration;

use futures::future::join_all;
use tokio::time::{Instant, sleep};

// ANCHOR: fetch
/// Stands in for one network request: it waits one second, then answers.
async fn fetch(id: u32) -> u32 {
    // `.await` hands control back to the runtime until the timer fires,
    // like `await asyncio.sleep(1)`.
    sleep(Duration::from_secs(1)).await;
    id * 10
}
// ANCHOR_END: fetch

#[tokio::main(flavor = "current_thread")]
async fn main() {
    workbook::virtual_clock_if_asked();

    // ANCHOR: sequential
    println!("-- one after another --");
    let start = Instant::now();
    for id in 1..=5 {
        // Each `.await` waits for this fetch to finish before the loop goes on.
        let answer = fetch(id).await;
        println!(
            "fetch {id} -> {answer} at {:.1}s",
            start.elapsed().as_secs_f64()
        );
    }
    // ANCHOR_END: sequential

    // ANCHOR: concurrent
    println!("-- all at once --");
    let start = Instant::now();
    // ANCHOR: concurrent_body
    // Build the five futures first (nothing runs yet), then await them together:
    // `join_all` polls all of them, so their one-second timers run side by side.
    let fetches = (1..=5).map(fetch);
    let answers = join_all(fetches).await;
    // ANCHOR_END: concurrent_body
    println!(
        "answers {answers:?} at {:.1}s",
        start.elapsed().as_secs_f64()
    );
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
