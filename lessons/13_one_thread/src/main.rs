//! Lesson 13: one thread needs no lock. Two tasks add and subtract a million times
//! and end at 0, because nothing runs between two `.await`s of a task; an `.await`
//! between a read and its write lets the other task in; and on many threads the
//! compiler refuses the single-thread tools.

// ANCHOR: imports
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use tokio::runtime::{Builder, Runtime};
use tokio::task::{self, LocalSet};
// ANCHOR_END: imports
use workbook as _;

/// How many times each task adds or subtracts one, as in the articles.
const TIMES: i64 = 1_000_000;
/// Steps of the tasks that await inside their loop.
const STEPS: i64 = 1_000;

// A plain `fn main` that builds its runtimes itself (lesson 03): one current-thread
// runtime, then one with two worker threads.
fn main() {
    one_thread();
    await_inside();
    two_threads();
}

// ANCHOR: one_thread
/// Two tasks on one thread, sharing a counter through `Rc<Cell<i64>>`.
fn one_thread() {
    println!("-- one thread, no await in the loop --");
    let rt = Builder::new_current_thread().build().unwrap();
    // A `LocalSet` runs its tasks on the thread that drives it, so they need not be
    // `Send`: they may hold an `Rc`, whose count is not atomic.
    let local = LocalSet::new();
    let total = Rc::new(Cell::new(0_i64));
    local.block_on(&rt, async {
        let add = task::spawn_local(count("add", 1, Rc::clone(&total)));
        let subtract = task::spawn_local(count("subtract", -1, Rc::clone(&total)));
        add.await.unwrap();
        subtract.await.unwrap();
    });
    println!("total = {}", total.get());
}

/// `total += delta`, a million times, with no `.await` in the loop: once the task
/// starts, nothing else runs on this thread until the loop is over.
async fn count(name: &str, delta: i64, total: Rc<Cell<i64>>) {
    let before = total.get();
    for _ in 0..TIMES {
        total.set(total.get() + delta);
    }
    println!("{name}: total {before} -> {}", total.get());
}
// ANCHOR_END: one_thread

// ANCHOR: await_inside
/// The same two tasks, but each step also writes to a log, and writing is an
/// `.await` (it stands for I/O). Where the `.await` sits decides the total.
fn await_inside() {
    println!("-- one thread, an await in the loop --");
    let rt = Builder::new_current_thread().build().unwrap();
    run_both(&rt, "read, await, write", change_badly);
    run_both(&rt, "write, then await", change);
}

/// Runs `step` as two tasks on one thread, one adding and one subtracting.
fn run_both<F>(rt: &Runtime, what: &str, step: impl Fn(i64, Rc<Cell<i64>>, Log) -> F)
where
    F: Future<Output = ()> + 'static,
{
    let total = Rc::new(Cell::new(0_i64));
    let log = Log::default();
    LocalSet::new().block_on(rt, async {
        let add = task::spawn_local(step(1, Rc::clone(&total), log.clone()));
        let subtract = task::spawn_local(step(-1, Rc::clone(&total), log.clone()));
        add.await.unwrap();
        subtract.await.unwrap();
    });
    println!(
        "{what}: total = {}, {} log writes",
        total.get(),
        log.writes()
    );
}

/// The bug: the value read before the `.await` is written back after it. While
/// this task waited, the other one ran and changed `total`: its change is lost.
async fn change_badly(delta: i64, total: Rc<Cell<i64>>, log: Log) {
    for _ in 0..STEPS {
        let seen = total.get();
        log.write(delta).await; // the other task runs here
        total.set(seen + delta); // ...and this overwrites what it did
    }
}

/// Read and write with no `.await` between them; then await the log.
async fn change(delta: i64, total: Rc<Cell<i64>>, log: Log) {
    // ANCHOR: change
    for _ in 0..STEPS {
        total.set(total.get() + delta);
        log.write(delta).await;
    }
    // ANCHOR_END: change
}
// ANCHOR_END: await_inside

// ANCHOR: log
/// A log that the two tasks share. `write` appends an entry, then lets the other
/// task run, as a real write to a file or socket would while it waits.
#[derive(Clone, Default)]
struct Log(Rc<RefCell<Vec<i64>>>);

impl Log {
    async fn write(&self, entry: i64) {
        self.0.borrow_mut().push(entry);
        task::yield_now().await;
    }

    fn writes(&self) -> usize {
        self.0.borrow().len()
    }
}
// ANCHOR_END: log

// ANCHOR: two_threads
/// The first section on two threads: `tokio::spawn` instead of `spawn_local`, and an
/// `Arc<AtomicI64>` instead of `Rc<Cell<i64>>`, or it does not compile.
fn two_threads() {
    println!("-- two threads --");
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let total = Arc::new(AtomicI64::new(0));
    rt.block_on(async {
        let add = tokio::spawn(count_atomic(1, Arc::clone(&total)));
        let subtract = tokio::spawn(count_atomic(-1, Arc::clone(&total)));
        add.await.unwrap();
        subtract.await.unwrap();
    });
    println!("total = {}", total.load(Ordering::Relaxed));
}

/// The two tasks may now run at the same time, on two threads: each addition must be
/// one indivisible step, which `fetch_add` is (a read and a write would not be).
async fn count_atomic(delta: i64, total: Arc<AtomicI64>) {
    for _ in 0..TIMES {
        total.fetch_add(delta, Ordering::Relaxed);
    }
}
// ANCHOR_END: two_threads
