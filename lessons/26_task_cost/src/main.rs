//! Lesson 26: what a task costs. 10 000 tasks spawned and joined on five executors
//! (tokio's two, smol, async-std, futures' LocalPool): each yields once and returns
//! a number. The transcript counts and sums; the sizes are the compiler's.

// ANCHOR: imports
use std::mem::{size_of, size_of_val};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use futures::executor::LocalPool;
use futures::future::RemoteHandle;
use futures::task::LocalSpawnExt;
use smol::future::yield_now;
use tokio::runtime::Builder;
// ANCHOR_END: imports
use workbook as _;

/// How many tasks each executor spawns and joins.
const TASKS: u64 = 10_000;

// ANCHOR: main
fn main() {
    sizes();
    let gauge = Gauge::new();
    let sum = tokio_current_thread(&gauge);
    report("tokio, current thread", &gauge, sum, true);
    let gauge = Gauge::new();
    let sum = tokio_multi_thread(&gauge);
    report("tokio, multi-thread", &gauge, sum, false);
    let gauge = Gauge::new();
    let sum = on_smol(&gauge);
    report("smol", &gauge, sum, false);
    let gauge = Gauge::new();
    let sum = on_async_std(&gauge);
    report("async-std", &gauge, sum, false);
    let gauge = Gauge::new();
    let sum = on_local_pool(&gauge);
    report("futures LocalPool", &gauge, sum, true);
}
// ANCHOR_END: main

// ANCHOR: job
/// What every task does: note that it started, give the executor its turn once,
/// note that it finished, and return its number. The same future on every executor:
/// `yield_now` is futures-lite's (through smol), which wakes its own task and
/// returns `Pending` once, whoever runs it.
async fn job(i: u64, gauge: Arc<Gauge>) -> u64 {
    gauge.started();
    yield_now().await;
    gauge.finished();
    i
}
// ANCHOR_END: job

// ANCHOR: sizes
/// What a task holds: its future's size is fixed by the compiler, before it runs.
fn sizes() {
    println!("-- sizes --");
    let gauge = Gauge::new();
    println!(
        "a task's future: {} bytes",
        size_of_val(&job(0, gauge.clone()))
    );
    let big = holds_a_buffer(gauge);
    println!(
        "one that holds 1 KiB across its await: {} bytes",
        size_of_val(&big)
    );
    println!(
        "handles: tokio {}, smol {}, async-std {}, futures {} bytes",
        size_of::<tokio::task::JoinHandle<u64>>(),
        size_of::<smol::Task<u64>>(),
        size_of::<async_std::task::JoinHandle<u64>>(),
        size_of::<RemoteHandle<u64>>(),
    );
}

/// The same job, but with a buffer that lives across the `.await`: it is part of
/// the future's state, so every such task carries it.
async fn holds_a_buffer(gauge: Arc<Gauge>) -> u64 {
    let buffer = [1_u8; 1024];
    let i = job(0, gauge).await;
    i + buffer.iter().map(|&b| u64::from(b)).sum::<u64>()
}
// ANCHOR_END: sizes

// ANCHOR: current_thread
fn tokio_current_thread(gauge: &Arc<Gauge>) -> u64 {
    let rt = Builder::new_current_thread().build().unwrap();
    rt.block_on(async {
        // ANCHOR: spawn_join
        // Spawn them all, then join them all: `gather`'s two halves.
        let handles: Vec<_> = (0..TASKS)
            .map(|i| tokio::spawn(job(i, gauge.clone())))
            .collect();
        let mut sum = 0;
        for handle in handles {
            sum += handle.await.unwrap();
        }
        sum
        // ANCHOR_END: spawn_join
    })
}
// ANCHOR_END: current_thread

// ANCHOR: others
fn tokio_multi_thread(gauge: &Arc<Gauge>) -> u64 {
    let rt = Builder::new_multi_thread().build().unwrap();
    rt.block_on(async {
        let handles: Vec<_> = (0..TASKS)
            .map(|i| tokio::spawn(job(i, gauge.clone())))
            .collect();
        let mut sum = 0;
        for handle in handles {
            sum += handle.await.unwrap();
        }
        sum
    })
}

fn on_smol(gauge: &Arc<Gauge>) -> u64 {
    smol::block_on(async {
        let tasks: Vec<_> = (0..TASKS)
            .map(|i| smol::spawn(job(i, gauge.clone())))
            .collect();
        let mut sum = 0;
        for task in tasks {
            sum += task.await;
        }
        sum
    })
}

fn on_async_std(gauge: &Arc<Gauge>) -> u64 {
    async_std::task::block_on(async {
        let handles: Vec<_> = (0..TASKS)
            .map(|i| async_std::task::spawn(job(i, gauge.clone())))
            .collect();
        let mut sum = 0;
        for handle in handles {
            sum += handle.await;
        }
        sum
    })
}

fn on_local_pool(gauge: &Arc<Gauge>) -> u64 {
    let mut pool = LocalPool::new();
    let spawner = pool.spawner();
    pool.run_until(async {
        let handles: Vec<_> = (0..TASKS)
            .map(|i| spawner.spawn_local_with_handle(job(i, gauge.clone())))
            .collect::<Result<_, _>>()
            .unwrap();
        let mut sum = 0;
        for handle in handles {
            sum += handle.await;
        }
        sum
    })
}
// ANCHOR_END: others

// ANCHOR: gauge
/// Counts the tasks that started, that finished, and the most that were started
/// and not yet finished at one time.
struct Gauge {
    started: AtomicU64,
    finished: AtomicU64,
    alive: AtomicU64,
    peak: AtomicU64,
}

impl Gauge {
    fn new() -> Arc<Gauge> {
        Arc::new(Gauge {
            started: AtomicU64::new(0),
            finished: AtomicU64::new(0),
            alive: AtomicU64::new(0),
            peak: AtomicU64::new(0),
        })
    }

    fn started(&self) {
        self.started.fetch_add(1, Ordering::SeqCst);
        let alive = self.alive.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(alive, Ordering::SeqCst);
    }

    fn finished(&self) {
        self.alive.fetch_sub(1, Ordering::SeqCst);
        self.finished.fetch_add(1, Ordering::SeqCst);
    }
}

/// The counts, the sum, and on one thread the peak (with several threads, how many
/// tasks overlap depends on how the threads happen to run).
fn report(executor: &str, gauge: &Gauge, sum: u64, one_thread: bool) {
    println!("-- {executor} --");
    let started = gauge.started.load(Ordering::SeqCst);
    let finished = gauge.finished.load(Ordering::SeqCst);
    println!("{TASKS} spawned, {started} started, {finished} finished, sum {sum}");
    if one_thread {
        let peak = gauge.peak.load(Ordering::SeqCst);
        println!("at most {peak} started and not finished at once");
    }
}
// ANCHOR_END: gauge
