//! Lesson 12: Ctrl+C. Start some workers, wait for SIGINT, then cancel every worker,
//! wait for each one to finish its cleanup, and exit 0.

// ANCHOR: imports
use std::time::Duration;

use tokio::signal::unix::{SignalKind, signal};
use tokio::task::JoinHandle;
use tokio::time::sleep;
use tokio_util::sync::CancellationToken;
// ANCHOR_END: imports
// Unused here, but linking `workbook` lets the runner record this lesson's timeline
// (`cargo xtask run NN --timeline`; see ARCHITECTURE.md, "Timelines").
use workbook as _;

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    // ANCHOR: start
    // One token for the whole program: cancelling it asks every worker to stop.
    let token = CancellationToken::new();
    let workers: Vec<JoinHandle<String>> = (1..)
        .zip(CLEANUP)
        .map(|(id, cleanup)| tokio::spawn(worker(id, cleanup, token.clone())))
        .collect();
    println!("spawned {} workers", workers.len());
    // ANCHOR_END: start

    // ANCHOR: wait
    // Install the handler *before* inviting Ctrl+C. `signal` registers it right here,
    // and from now on SIGINT no longer kills the process: it wakes `recv` instead.
    let mut interrupt = signal(SignalKind::interrupt())?;
    println!("running; press Ctrl+C to stop");
    interrupt.recv().await;
    println!("Ctrl+C received: shutting down");
    // ANCHOR_END: wait

    // ANCHOR: shutdown
    // ANCHOR: stop_all
    token.cancel(); // every worker's `token.cancelled()` completes now
    // Wait for each worker to finish its cleanup. Awaiting them in spawn order also
    // fixes the order of the report below.
    let mut outcomes = Vec::new();
    for worker in workers {
        outcomes.push(worker.await);
    }
    // ANCHOR_END: stop_all
    for (id, outcome) in (1..).zip(outcomes) {
        match outcome {
            Ok(report) => println!("{report}"),
            Err(error) if error.is_cancelled() => {
                println!("worker {id}: aborted, its cleanup never ran");
            }
            Err(error) => println!("worker {id}: {error}"),
        }
    }
    println!("all workers stopped; exiting");
    // ANCHOR_END: shutdown
    Ok(()) // returning from main drops the runtime: any task still alive dies here
}

// ANCHOR: worker
/// How long each worker's cleanup takes. Worker 1 has the most to save, so the
/// workers finish in the order 2, 3, 1, not in the order they were spawned.
const CLEANUP: [Duration; 3] = [
    Duration::from_millis(300),
    Duration::from_millis(100),
    Duration::from_millis(200),
];

/// Works until the token is cancelled, then cleans up and reports.
async fn worker(id: u32, cleanup: Duration, token: CancellationToken) -> String {
    loop {
        tokio::select! {
            _ = token.cancelled() => break,
            // One unit of work. Nothing is printed per unit: how many fit in before
            // Ctrl+C depends on when you press it.
            _ = sleep(Duration::from_secs(1)) => {}
        }
    }
    // The cleanup may await (flush a file, say goodbye to a server): the task is
    // still running, it was asked to stop, not killed.
    sleep(cleanup).await;
    format!("worker {id}: saved its work in {cleanup:?}, then stopped")
}
// ANCHOR_END: worker
