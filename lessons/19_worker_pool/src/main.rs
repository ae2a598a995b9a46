//! Lesson 19: a worker pool on a queue: N workers share the jobs of one MPMC channel;
//! closing the channel and awaiting the workers replaces `task_done`/`join` + cancel.

// ANCHOR: imports
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};
// ANCHOR_END: imports

/// How long each job takes, in milliseconds, in the order they are queued.
const JOBS: [u64; 10] = [800, 300, 500, 400, 600, 200, 700, 900, 100, 500];
/// How many workers share the queue.
const WORKERS: usize = 3;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    workbook::virtual_clock_if_asked();

    let start = Instant::now();
    // The work is known before anything runs, as the sum of the sleeps is in Python.
    let work: Duration = JOBS.iter().map(|&ms| Duration::from_millis(ms)).sum();
    run_pool(start).await;
    println!("====");
    println!(
        "{WORKERS} workers did {:.1}s of work in {:.1}s",
        work.as_secs_f64(),
        start.elapsed().as_secs_f64()
    );
}

// ANCHOR: job
/// One job: its number (from 1, in queue order) and how long it takes.
struct Job {
    number: usize,
    duration: Duration,
}

/// Does one job (a sleep stands in for the work) and says who did it, and when.
async fn work(worker: usize, job: Job, start: Instant) {
    sleep(job.duration).await;
    let (number, secs) = (job.number, job.duration.as_secs_f64());
    let now = start.elapsed().as_secs_f64();
    println!("{now:.1}s worker-{worker} finished job {number} ({secs:.1}s)");
}
// ANCHOR_END: job

// ANCHOR: pool
/// Queues every job, runs them on `WORKERS` workers, and returns once all are done.
async fn run_pool(start: Instant) {
    // ANCHOR: run_pool
    // An unbounded MPMC channel: `Queue()` with `put_nowait`. Both halves clone.
    let (tx, rx) = async_channel::unbounded();
    for (i, &ms) in JOBS.iter().enumerate() {
        let job = Job {
            number: i + 1,
            duration: Duration::from_millis(ms),
        };
        tx.try_send(job)
            .expect("an unbounded channel is never full");
    }
    // No more jobs: dropping the last `Sender` closes the channel. The workers
    // still receive every job queued; after that, `recv` returns `Err`.
    drop(tx);

    let mut workers = JoinSet::new();
    for id in 0..WORKERS {
        // Each worker owns a clone of the receiver; each job goes to one of them.
        let rx = rx.clone();
        let worker = async move {
            while let Ok(job) = rx.recv().await {
                work(id, job, start).await;
            }
            // The queue is empty and closed: the worker returns, nobody cancels it.
        };
        workers.spawn(worker);
    }
    // `queue.join()` and the cancels in one: every worker returns once the jobs are
    // done. `join_all` also re-raises a worker's panic here.
    workers.join_all().await;
    // ANCHOR_END: run_pool
}
// ANCHOR_END: pool
