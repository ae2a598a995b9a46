//! Lesson 03: the runtime is a value you build and drive. `asyncio.run`,
//! `asyncio.Runner`, `run_until_complete`, `run_forever`/`stop` and `close` in tokio.

// ANCHOR: imports
use std::future::pending;
use std::panic;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Duration;

use tokio::runtime::{Builder, Handle, Runtime};
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio::time::{sleep, timeout};
// ANCHOR_END: imports
// Unused here, but linking `workbook` lets the runner record this lesson's timeline
// (`cargo xtask run NN --timeline`; see ARCHITECTURE.md, "Timelines").
use workbook as _;

// ANCHOR: main
// No `#[tokio::main]`: a plain `fn main` that builds its runtimes itself, which is
// all `#[tokio::main]` does too.
fn main() {
    outside_any_runtime();

    println!("-- asyncio.run: run main, then close the loop --");
    let answer = tokio_main();
    println!("main returned {answer}");

    a_runtime_you_own();
    stop_then_close();
    which_thread();
}
// ANCHOR_END: main

// ANCHOR: outside
fn outside_any_runtime() {
    println!("-- outside any loop --");
    // `Handle::try_current()` is close to `asyncio.get_running_loop()`: an error when
    // this thread is not inside a runtime. (`Handle::current()` panics instead.)
    let running = Handle::try_current().is_ok();
    println!("a loop is running here: {}", yes_no(running));
    // A tokio timer looks up the current runtime (and its timer driver) the moment it
    // is created, though it registers with the driver only when first polled. Outside
    // a runtime that lookup panics: "there is no reactor running, ...".
    let failed = panics(|| sleep(Duration::from_millis(100)));
    println!(
        "a timer outside any loop: {}",
        if failed { "fails" } else { "works" }
    );
}
// ANCHOR_END: outside

// ANCHOR: tokio_main
/// `#[tokio::main] async fn tokio_main() -> u32 { BODY }` expands to this plain
/// function (tokio-macros 2.7; a few attributes and a type check left out).
fn tokio_main() -> u32 {
    let body = async {
        // BODY runs inside `block_on`, so a runtime is running here.
        let running = Handle::try_current().is_ok();
        println!("a loop is running here: {}", yes_no(running));
        // A task still pending when BODY returns. The guard belongs to the task's
        // future, so it is dropped when the task is.
        let guard = PrintOnDrop("leftover task: cancelled at shutdown");
        tokio::spawn(async move {
            let _guard = guard;
            pending::<()>().await; // never completes
        });
        42
    };
    // `asyncio.run(main())`: build a runtime, run BODY to completion, and drop the
    // runtime (a temporary) before returning, which cancels (drops) every task left.
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("Failed building the Runtime")
        .block_on(body)
}
// ANCHOR_END: tokio_main

// ANCHOR: own
fn a_runtime_you_own() {
    println!("-- a loop you own: run it, run it forever, stop it --");
    // `asyncio.Runner()` or `new_event_loop()`: a runtime you keep and run as often
    // as you like. A current-thread runtime runs its tasks only on the thread that
    // is inside `block_on`, like an asyncio loop inside `run_*`.
    let rt = Builder::new_current_thread().enable_all().build().unwrap();

    // `loop.create_task(...)`: scheduled, but nothing runs until the loop is driven.
    let task = rt.spawn(async {
        println!("  the task runs, inside the run");
        1
    });
    println!("spawned a task: it has not run yet");
    // `loop.run_until_complete(task)`: drive the runtime until this future is done.
    // (`runner.run(coro)` is the same: `rt.block_on(coro)`.)
    let one = rt.block_on(task).expect("the task panicked");
    println!("run until complete returned {one}");

    // `run_forever()` + `stop()`: tokio has neither. Block on a future that completes
    // only when a "callback" (a spawned task here) says stop.
    let stop = Arc::new(Notify::new());
    let stopper = Arc::clone(&stop);
    rt.spawn(async move {
        println!("  a callback calls stop");
        stopper.notify_one();
    });
    println!("running until a callback stops the loop");
    rt.block_on(stop.notified());
    println!("stopped");
} // `rt` is dropped here: `loop.close()`, or the end of `with asyncio.Runner()`
// ANCHOR_END: own

// ANCHOR: stop_close
fn stop_then_close() {
    println!("-- stop a server, then close the loop --");
    let rt = Builder::new_current_thread().enable_all().build().unwrap();

    // A task that serves until it is told to stop. How it ended comes back on a
    // channel, even if it is dropped halfway (see `Report`); if it is dropped before
    // it ever ran, its sender goes with it.
    let stop = Arc::new(Notify::new());
    let (ended_tx, ended) = mpsc::channel();
    let server = rt.spawn(serve(Arc::clone(&stop), ended_tx));
    // A blocking job still running when the loop closes (`run_in_executor`).
    let (go, wait_for_go) = mpsc::channel();
    let job = start_blocking_job(&rt, wait_for_go);

    stop_and_close(rt, server, &stop);

    let how = ended.recv().unwrap_or("was dropped before it ran");
    println!("closed; the server {how}");
    let _ = go.send(()); // now let the blocking job end (if it still waits)
    println!("the blocking job {}", job.recv().unwrap());
}

/// `loop.stop()`, then `loop.close()`: stop the server and let it finish, then
/// close the runtime without waiting for the blocking job.
fn stop_and_close(rt: Runtime, server: JoinHandle<()>, stop: &Notify) {
    // ANCHOR: stop_and_close
    // The server has not run yet (a current-thread runtime runs tasks only inside
    // `block_on`), so the stop must wait for it: `notify_one` stores a permit.
    stop.notify_one();
    rt.block_on(server).expect("the server panicked");
    // Dropping `rt` would wait for the blocking job; this waits at most 0.1s.
    rt.shutdown_timeout(Duration::from_millis(100));
    // ANCHOR_END: stop_and_close
}

/// Serves until `stop` is notified, then closes its connections, which takes a
/// moment. It gives up by itself after 3s, so that a stop that never arrives shows in
/// the transcript instead of hanging the lesson.
async fn serve(stop: Arc<Notify>, ended: mpsc::Sender<&'static str>) {
    let mut report = Report {
        ended,
        how: "was dropped while serving",
    };
    println!("  server: running");
    let told = timeout(Duration::from_secs(3), stop.notified()).await;
    if told.is_err() {
        report.how = "gave up: no stop came within 3s";
        return;
    }
    println!("  server: told to stop, closing its connections");
    report.how = "was dropped while closing its connections";
    sleep(Duration::from_millis(100)).await;
    report.how = "stopped when told";
}

/// Sends how far the server got when it is dropped: at its end, or when the runtime
/// drops the task halfway. Dropping is how tokio cancels, and `Drop` still runs.
struct Report {
    ended: mpsc::Sender<&'static str>,
    how: &'static str,
}

impl Drop for Report {
    fn drop(&mut self) {
        let _ = self.ended.send(self.how);
    }
}

/// Starts a job on the runtime's blocking pool that ends when main says go (or
/// gives up after 3s), and waits until it runs: shutdown skips a job still queued.
fn start_blocking_job(rt: &Runtime, go: Receiver<()>) -> Receiver<&'static str> {
    let (report, job) = mpsc::channel();
    rt.spawn_blocking(move || {
        report.send("started").unwrap();
        let how = match go.recv_timeout(Duration::from_secs(3)) {
            Ok(()) => "ended when main said go",
            Err(_) => "gave up: nobody said go within 3s",
        };
        report.send(how).unwrap();
    });
    assert_eq!(job.recv(), Ok("started"));
    job
}
// ANCHOR_END: stop_close

// ANCHOR: threads
fn which_thread() {
    println!("-- which thread runs a spawned task --");
    let current = Builder::new_current_thread().enable_all().build().unwrap();
    let on_main = spawned_task_runs_on_main(&current);
    println!(
        "current-thread loop: the task ran on main: {}",
        yes_no(on_main)
    );
    // `Runtime::new()` is the multi-thread runtime `#[tokio::main]` builds: a pool
    // of worker threads, one per CPU core. `block_on` polls its own future on the
    // calling thread, but spawned tasks run on the workers (which is why they must
    // be `Send`).
    let multi = Runtime::new().unwrap();
    let on_main = spawned_task_runs_on_main(&multi);
    println!(
        "loop on worker threads: the task ran on main: {}",
        yes_no(on_main)
    );
}

/// Spawns a task on `rt` (called from the main thread) that reports where it ran.
fn spawned_task_runs_on_main(rt: &Runtime) -> bool {
    let main_thread = thread::current().id();
    rt.block_on(async move {
        tokio::spawn(async move { thread::current().id() == main_thread })
            .await
            .expect("the task panicked")
    })
}
// ANCHOR_END: threads

/// Prints its message when dropped, to show when a task's future is dropped.
struct PrintOnDrop(&'static str);

impl Drop for PrintOnDrop {
    fn drop(&mut self) {
        println!("{}", self.0);
    }
}

/// Runs `f` and tells whether it panicked, keeping the expected panic off stderr.
fn panics<T>(f: impl FnOnce() -> T + panic::UnwindSafe) -> bool {
    let default_hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let panicked = panic::catch_unwind(f).is_err();
    panic::set_hook(default_hook);
    panicked
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}
