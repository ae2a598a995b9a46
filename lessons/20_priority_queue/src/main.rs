//! Lesson 20: a priority queue and a LIFO queue for tasks. tokio has neither, so the
//! lesson builds one: a store behind a lock, and a semaphore that counts its items.

// ANCHOR: imports
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::time::{Instant, sleep};
// ANCHOR_END: imports

/// What the producer puts, in this order (the numbers of the seed's run).
const NUMBERS: [u32; 7] = [6, 4, 22, 48, 9, 90, 40];

#[tokio::main(flavor = "current_thread")]
async fn main() {
    workbook::virtual_clock_if_asked();

    println!("-- a priority queue: smallest first --");
    produce_and_consume(Queue::<Smallest>::new()).await;
    println!("-- a LIFO queue: last in, first out --");
    produce_and_consume(Queue::<Stack>::new()).await;
}

// ANCHOR: run
/// The seed's run: the consumer is started first, the producer puts every number,
/// and the consumer takes them out in the queue's order.
async fn produce_and_consume<S>(queue: Queue<S>)
where
    S: Store<Item = u32> + Send + 'static,
{
    let start = Instant::now();
    // Shared by two tasks, so an `Arc`; `Queue` locks inside, so no `Mutex` here.
    let queue = Arc::new(queue);
    // Spawned first, but it first runs when `main` awaits, below: by then every
    // number is in the queue, as in the seed, where `await queue.put()` on an
    // unbounded queue never suspends either.
    let consumer = tokio::spawn(consume(Arc::clone(&queue), NUMBERS.len(), start));
    for number in NUMBERS {
        println!("producing {number}");
        queue.put(number);
    }
    // The consumer takes as many items as were put: `queue.join()` and the
    // cancel of the seed, in one await.
    consumer.await.expect("the consumer panicked");
}

async fn consume<S: Store<Item = u32>>(
    queue: Arc<Queue<S>>,
    count: usize,
    start: Instant,
) {
    for _ in 0..count {
        let number = queue.get().await;
        // Stands in for the seed's request for each number.
        sleep(Duration::from_millis(100)).await;
        println!("{:.1}s consuming {number}", start.elapsed().as_secs_f64());
    }
}
// ANCHOR_END: run

// ANCHOR: queue
/// Where a queue keeps its items, and in which order they come out: CPython's
/// `_put`/`_get` pair, which `PriorityQueue` and `LifoQueue` override.
trait Store: Default {
    type Item;
    fn put(&mut self, item: Self::Item);
    fn get(&mut self) -> Option<Self::Item>;
}

/// An unbounded async queue: `put` never waits, `get` waits for an item.
struct Queue<S> {
    /// Locked for one `put` or `get`, never across an `.await`: a std `Mutex`.
    store: Mutex<S>,
    /// One permit per item in `store`. A `get` waits here while the store is empty.
    items: Semaphore,
}

impl<S: Store> Queue<S> {
    fn new() -> Self {
        let store = Mutex::new(S::default());
        Queue {
            store,
            items: Semaphore::new(0),
        }
    }

    fn put(&self, item: S::Item) {
        self.store.lock().unwrap().put(item);
        // Hands the permit to the first waiting `get`, if any, and wakes it.
        self.items.add_permits(1);
    }

    async fn get(&self) -> S::Item {
        let permit = self.items.acquire().await.expect("never closed");
        // The item leaves the store: its permit must not come back.
        permit.forget();
        self.store
            .lock()
            .unwrap()
            .get()
            .expect("a permit means an item")
    }
}
// ANCHOR_END: queue

// ANCHOR: smallest
/// `PriorityQueue`: the smallest item comes out first. `BinaryHeap` is a max-heap,
/// so the items go in wrapped in `Reverse`, which turns their order around.
#[derive(Default)]
struct Smallest(BinaryHeap<Reverse<u32>>);

impl Store for Smallest {
    type Item = u32;

    fn put(&mut self, item: u32) {
        self.0.push(Reverse(item));
    }

    fn get(&mut self) -> Option<u32> {
        self.0.pop().map(|Reverse(item)| item)
    }
}
// ANCHOR_END: smallest

// ANCHOR: stack
/// `LifoQueue`: the last item put comes out first. A `Vec` is a stack already.
#[derive(Default)]
struct Stack(Vec<u32>);

impl Store for Stack {
    type Item = u32;

    fn put(&mut self, item: u32) {
        self.0.push(item);
    }

    fn get(&mut self) -> Option<u32> {
        self.0.pop()
    }
}
// ANCHOR_END: stack
