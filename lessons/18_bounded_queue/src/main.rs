//! Lesson 18: a bounded channel as `asyncio.Queue(maxsize)`: flow control, a producer
//! parked while the queue is full, and `try_send`, which hands a refused item back.

// ANCHOR: imports
use std::time::Duration;

use tokio::sync::mpsc::{self, Receiver, Sender, error::TrySendError};
use tokio::time::{Instant, sleep};
// ANCHOR_END: imports

/// The producer's items: 1, 2, ... up to this.
const ITEMS: u32 = 5;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    workbook::virtual_clock_if_asked();

    flow_control().await;
    without_waiting().await;
}

// ANCHOR: flow_control
/// `asyncio.Queue(maxsize=2)` between a fast producer and a slow consumer.
async fn flow_control() {
    println!("-- a queue of 2, a slow consumer --");
    let start = Instant::now();
    // At most two items wait in the channel. `channel(0)` panics: unlike
    // `Queue(0)`, there is no unbounded "size 0" (that is `unbounded_channel()`).
    let (tx, rx) = mpsc::channel(2);
    // The consumer is spawned first but runs only once `main` awaits: the
    // producer fills the queue before the consumer takes anything.
    let consumer = tokio::spawn(consume(rx, start));
    produce(tx, start).await;
    consumer.await.expect("the consumer panicked");
}
// ANCHOR_END: flow_control

// ANCHOR: produce
/// Puts 1..=ITEMS as fast as the queue lets it.
async fn produce(tx: Sender<u32>, start: Instant) {
    let mut waited = Duration::ZERO;
    for item in 1..=ITEMS {
        // `capacity()` is the number of free slots: the semaphore's permits.
        if tx.capacity() == 0 {
            let now = start.elapsed().as_secs_f64();
            println!("{now:.1}s queue full: the producer waits to put {item}");
        }
        let before = Instant::now();
        // ANCHOR: send
        // `send` waits for a free slot, as `await queue.put(item)` does, and fails
        // only if the receiver is gone.
        tx.send(item).await.expect("the consumer hung up");
        // ANCHOR_END: send
        waited += before.elapsed();
        let queued = tx.max_capacity() - tx.capacity();
        let now = start.elapsed().as_secs_f64();
        println!("{now:.1}s put {item} ({queued} queued)");
    }
    let now = start.elapsed().as_secs_f64();
    let waited = waited.as_secs_f64();
    println!("{now:.1}s producer done, after waiting {waited:.1}s; it hangs up");
    // `tx` is dropped here: the channel closes, and once the consumer has taken
    // what is left, `recv` returns `None`.
}
// ANCHOR_END: produce

// ANCHOR: consume
/// Needs a second before it can take each item, so the queue fills up.
async fn consume(mut rx: Receiver<u32>, start: Instant) {
    let mut got = Vec::new();
    loop {
        sleep(Duration::from_secs(1)).await;
        // Taking an item frees its slot: `recv` gives the permit back, and the
        // producer waiting in `send` is woken (it runs at our next `.await`).
        let Some(item) = rx.recv().await else { break };
        println!("{:.1}s got {item}", start.elapsed().as_secs_f64());
        got.push(item);
    }
    let now = start.elapsed().as_secs_f64();
    println!("{now:.1}s consumer: channel closed, got {got:?}");
}
// ANCHOR_END: consume

// ANCHOR: without_waiting
/// `put_nowait` on a full queue: `try_send` refuses, and hands the item back.
async fn without_waiting() {
    println!("-- without waiting: try_send, put_nowait --");
    let (tx, mut rx) = mpsc::channel(2);
    let mut refused = Vec::new();
    for item in 1..=ITEMS {
        match tx.try_send(item) {
            Ok(()) => println!("{item}: queued"),
            // The error owns the item: it is ours again. `let _ = tx.try_send(..)`
            // would drop it here, without a word.
            Err(TrySendError::Full(item)) => {
                println!("{item}: refused, the queue is full");
                refused.push(item);
            }
            Err(TrySendError::Closed(_)) => unreachable!("`rx` is still alive"),
        }
    }
    drop(tx);
    let mut queued = Vec::new();
    while let Some(item) = rx.recv().await {
        queued.push(item);
    }
    println!("the queue held {queued:?}; handed back {refused:?}");
}
// ANCHOR_END: without_waiting
