//! Lesson 22: CPU-bound work. The articles' sum of squares below 10^7, computed in
//! a task (which stalls every other task), on the blocking pool and on rayon's pool
//! (which do not); then what a process is still for: a crash or a runaway
//! computation that must not take the program down.

// ANCHOR: imports
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use rayon::prelude::*;
use tokio::process::Command;
use tokio::sync::oneshot;
use tokio::task;
use tokio::time::{sleep, timeout};
// ANCHOR_END: imports
// Unused here, but linking `workbook` lets the runner record this lesson's timeline
// (`cargo xtask run NN --timeline`; see ARCHITECTURE.md, "Timelines").
use workbook as _;

// ANCHOR: main
/// The articles' `sum(i * i for i in range(10 ** 7))`: the squares below this.
const N: u64 = 10_000_000;

fn main() {
    // The same program, re-run as a child process by `in_a_process`, gets one
    // argument: what to do there. Python's process pool does the same (it runs, or
    // forks, a new interpreter that imports your module).
    if let Some(job) = std::env::args().nth(1) {
        return child(&job);
    }
    parent();
}

// One thread runs every task, as in asyncio: a task that computes holds it.
#[tokio::main(flavor = "current_thread")]
async fn parent() {
    println!("-- the sum of squares below 10^7, beside a ticker due every 5 ms --");

    // In the task itself: no `.await` from start to end, so the runtime's only
    // thread computes and nothing else runs, the ticker included.
    let inline = beside_a_ticker(async { sum_of_squares(N) }).await;
    report("inline in the task", inline);

    // On the blocking pool: the task awaits the `JoinHandle` and gives the thread
    // back to the runtime, which runs the ticker meanwhile.
    let blocking = beside_a_ticker(async {
        task::spawn_blocking(|| sum_of_squares(N))
            .await
            .expect("the sum does not panic")
    })
    .await;
    report("on a thread pool", blocking);

    // ANCHOR: rayon
    let on_rayon = beside_a_ticker(async {
        // ANCHOR: on_rayon
        // rayon's pool has a thread per core and splits the range between them.
        // `rayon::spawn` returns at once; the sum comes back on a oneshot channel,
        // whose receiver is a future: awaiting it parks the task.
        let (sender, receiver) = oneshot::channel();
        rayon::spawn(move || {
            let _ = sender.send(sum_of_squares_on_all_cores(N));
        });
        let sum = receiver.await.expect("rayon sends the sum");
        // ANCHOR_END: on_rayon
        sum
    })
    .await;
    report("on a CPU pool", on_rayon);
    // ANCHOR_END: rayon

    println!("-- what a process is still for --");
    a_panic_in_a_thread().await;
    a_crash_in_a_process().await;
    a_runaway_process().await;
}
// ANCHOR_END: main

// ANCHOR: sums
/// The sum of the squares below `n`, on one thread. The sum below 10^7 is about
/// 3.3 * 10^20, more than a `u64` holds (1.8 * 10^19): a `u128`, where Python's
/// integers simply grow.
fn sum_of_squares(n: u64) -> u128 {
    (0..n).map(|i| u128::from(i) * u128::from(i)).sum()
}

/// The same sum on rayon's pool: `into_par_iter` splits the range into pieces that
/// rayon's threads take, and `sum` adds up their sums. Called from a thread that is
/// not one of rayon's, it blocks that thread until the pool is done.
fn sum_of_squares_on_all_cores(n: u64) -> u128 {
    (0..n)
        .into_par_iter()
        .map(|i| u128::from(i) * u128::from(i))
        .sum()
}
// ANCHOR_END: sums

// ANCHOR: ticker
/// Runs `computation` while a ticker task, due every 5 ms, counts its ticks, and
/// returns the result and whether the ticker ticked at all meanwhile. The sum takes
/// far longer than 5 ms, so a ticker that never ticked was stalled.
async fn beside_a_ticker(computation: impl Future<Output = u128>) -> (u128, bool) {
    let ticks = Arc::new(AtomicUsize::new(0));
    let ticker = tokio::spawn(tick(Arc::clone(&ticks)));
    let sum = computation.await;
    let ticked = ticks.load(Ordering::SeqCst) > 0;
    ticker.abort();
    (sum, ticked)
}

async fn tick(ticks: Arc<AtomicUsize>) {
    loop {
        sleep(Duration::from_millis(5)).await;
        ticks.fetch_add(1, Ordering::SeqCst);
    }
}

/// One line: the sum (an exact number), and what happened to the ticker.
fn report(how: &str, (sum, ticked): (u128, bool)) {
    let ticker = if ticked {
        "the ticker kept ticking"
    } else {
        "the ticker was stalled"
    };
    println!("{how}: {sum}; {ticker}");
}
// ANCHOR_END: ticker

// ANCHOR: panic
/// A panic on the blocking pool ends that job, not the program: the `JoinHandle`
/// hands it back as an `Err`, as an exception comes out of an awaited executor job.
async fn a_panic_in_a_thread() {
    let job = task::spawn_blocking(|| -> u128 { panic!("a bug in the computation") });
    let caught = job.await.is_err_and(|error| error.is_panic());
    if caught {
        println!("an error in a thread: caught, the program goes on");
    }
}
// ANCHOR_END: panic

// ANCHOR: process
/// An abort (or a segfault in a C library, or a stack overflow) ends the whole
/// process at once, every thread with it. In a child process, it ends the child.
async fn a_crash_in_a_process() {
    let status = in_a_process("abort")
        .status()
        .await
        .expect("the child starts");
    if !status.success() {
        println!("an abort in a child process: it died, the program goes on");
    }
}

/// A thread cannot be stopped from outside; a process can. A computation that
/// never ends is killed after 0.2s.
async fn a_runaway_process() {
    let mut child = in_a_process("spin").spawn().expect("the child starts");
    if timeout(Duration::from_millis(200), child.wait())
        .await
        .is_err()
    {
        child.kill().await.expect("the child is killed");
        println!("a child process that never ends: killed, the program goes on");
    }
}

/// This program, run again with one argument: what `child` should do.
fn in_a_process(job: &str) -> Command {
    let this_program = std::env::current_exe().expect("the path of this program");
    let mut command = Command::new(this_program);
    // `kill_on_drop`: should this task be dropped first, the child dies with it.
    command.arg(job).stdin(Stdio::null()).kill_on_drop(true);
    command
}

/// What the child process does.
fn child(job: &str) {
    match job {
        // Ends the process at once: no unwinding, nothing for a `JoinHandle` to
        // catch. The OS reports it to the parent as killed by SIGABRT.
        "abort" => std::process::abort(),
        // A computation that never ends (a bug). `black_box` keeps the compiler
        // from seeing through it.
        "spin" => loop {
            std::hint::black_box(sum_of_squares(1000));
        },
        other => panic!("unknown job {other}"),
    }
}
// ANCHOR_END: process
