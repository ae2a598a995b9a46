//! Lesson 03: the runtime is a value you build and drive. `asyncio.run`,
//! `new_event_loop`, `run_until_complete`, `run_forever`/`stop` and `close` in tokio,
//! then a `block_on` written by hand to show what `run_until_complete` does inside.

use std::future::{Future, pending};
use std::panic;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::Duration;

use futures::FutureExt;
use futures::channel::oneshot;
use tokio::runtime::{Builder, Handle, Runtime};
use tokio::sync::Notify;

// ANCHOR: main
// No `#[tokio::main]`: a plain `fn main` that builds its runtimes itself, which is
// all `#[tokio::main]` does too.
fn main() {
    outside_any_runtime();

    println!("-- run main to completion, then close the loop --");
    let answer = tokio_main();
    println!("main returned {answer}");

    a_runtime_you_own();
    which_thread();

    println!("-- run until complete, by hand --");
    println!("result: {}", block_on(ReplyFromThread::new()));

    println!("-- run until complete, by the runtime --");
    let rt = Builder::new_current_thread().enable_all().build().unwrap();
    println!("result: {}", rt.block_on(ReplyFromThread::new()));
}
// ANCHOR_END: main

// ANCHOR: outside
fn outside_any_runtime() {
    println!("-- outside any loop --");
    // `Handle::try_current()` is `asyncio.get_running_loop()`: an error when no runtime
    // runs on this thread. (`Handle::current()` panics instead.)
    let running = Handle::try_current().is_ok();
    println!("a loop is running here: {}", yes_no(running));
    // A tokio timer looks up the current runtime (and its timer driver) the moment it
    // is created, though it registers with the driver only when first polled. Outside
    // a runtime that lookup panics: "there is no reactor running, ...".
    let failed = panics(|| tokio::time::sleep(Duration::from_millis(100)));
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
        println!(
            "a loop is running here: {}",
            yes_no(Handle::try_current().is_ok())
        );
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
    // runtime at the end of the statement, which cancels (drops) every task left.
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("Failed building the Runtime")
        .block_on(body)
}
// ANCHOR_END: tokio_main

// ANCHOR: own
fn a_runtime_you_own() {
    println!("-- a loop you own: create, run, run forever, close --");
    // `asyncio.new_event_loop()`. A current-thread runtime runs its tasks only on the
    // thread that is inside `block_on`, like an asyncio loop inside `run_*`.
    let rt = Builder::new_current_thread().enable_all().build().unwrap();

    // `loop.create_task(...)`: scheduled, but nothing runs until the loop is driven.
    let task = rt.spawn(async {
        println!("  the task runs, inside the run");
        1
    });
    println!("spawned a task: it has not run yet");
    // `loop.run_until_complete(task)`: drive the runtime until this future is done.
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

    // A blocking job on the runtime's thread pool that cannot end until we say "go".
    let (go, wait_for_go) = mpsc::channel::<()>();
    let (report, job) = mpsc::channel::<()>();
    rt.spawn_blocking(move || {
        report.send(()).unwrap(); // started
        wait_for_go.recv().unwrap();
        report.send(()).unwrap(); // finished
    });
    job.recv().unwrap(); // wait until it has started: a queued job would be skipped
    // `loop.close()`. Dropping `rt` would wait forever for the blocking job;
    // `shutdown_timeout` waits at most 0.1s, then leaves the job's thread running.
    rt.shutdown_timeout(Duration::from_millis(100));
    println!("closed; the blocking job is still running");
    go.send(()).unwrap();
    job.recv().unwrap();
    println!("the blocking job finished after the loop closed");
}
// ANCHOR_END: own

// ANCHOR: threads
fn which_thread() {
    println!("-- which thread runs a spawned task --");
    let current = Builder::new_current_thread().enable_all().build().unwrap();
    let on_main = spawned_task_runs_on_main(&current);
    println!(
        "current-thread loop: the task ran on main: {}",
        yes_no(on_main)
    );
    // `Runtime::new()` is the multi-thread runtime `#[tokio::main]` builds: a pool of
    // worker threads, one per CPU core. `block_on` polls its own future on the calling
    // thread, but spawned tasks run on the workers (which is why they must be `Send`).
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

// ANCHOR: block_on
/// A whole executor for one future: poll it; while it is Pending, sleep until its
/// waker is called, then poll it again.
fn block_on<F: Future>(future: F) -> F::Output {
    // `poll` takes the future pinned: an async block may hold references into itself.
    let mut future = pin!(future);
    let signal = Arc::new(Signal {
        thread: thread::current(),
        woken: AtomicBool::new(false),
    });
    let waker = Waker::from(Arc::clone(&signal));
    let mut cx = Context::from_waker(&waker);
    // ANCHOR: poll_loop
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        // Pending: the future has kept a clone of our waker. Sleep until it is used.
        // `park` may also return for no reason, so sleep until the flag says woken.
        while !signal.woken.swap(false, Ordering::Acquire) {
            thread::park();
        }
    }
    // ANCHOR_END: poll_loop
}

/// The waker behind `block_on`: `wake` flags the wake-up and unparks the thread.
struct Signal {
    thread: Thread,
    woken: AtomicBool,
}

impl Wake for Signal {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        self.thread.unpark();
    }
}
// ANCHOR_END: block_on

// ANCHOR: reply
/// A future answered by another thread, the stand-in for a socket that becomes
/// readable. It prints each poll, so the transcript shows the executor at work.
struct ReplyFromThread {
    reply: oneshot::Receiver<u32>,
    sender: Option<oneshot::Sender<u32>>, // handed to the answering thread at poll #1
    polls: u32,
}

impl ReplyFromThread {
    fn new() -> Self {
        let (sender, reply) = oneshot::channel();
        let sender = Some(sender);
        ReplyFromThread {
            reply,
            sender,
            polls: 0,
        }
    }
}

impl Future for ReplyFromThread {
    type Output = u32;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        self.polls += 1;
        // An empty channel keeps a clone of `cx`'s waker and answers Pending:
        // the sender will wake it.
        let poll = self.reply.poll_unpin(cx).map(|sent| sent.unwrap());
        println!("poll #{}: {poll:?}", self.polls);
        // Start the answering thread only once our waker is stored, so that poll #1
        // is Pending however fast that thread is.
        if let Some(sender) = self.sender.take() {
            thread::spawn(move || {
                println!("other thread: sends 42, which wakes the waiting thread");
                sender.send(42).unwrap();
            });
        }
        poll
    }
}
// ANCHOR_END: reply

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
