//! Lesson 04: asyncio's `call_soon`, `call_later` and `call_at` as tokio idioms,
//! stopping "the loop" from a callback, and `call_soon_threadsafe` from a plain
//! thread.

// ANCHOR: imports
use std::thread;
use std::time::Duration;

use tokio::runtime::Handle;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep, sleep_until};
// ANCHOR_END: imports

#[tokio::main(flavor = "current_thread")]
async fn main() {
    workbook::virtual_clock_if_asked();

    // ANCHOR: schedule
    println!("-- call_soon, call_later, call_at --");
    let start = Instant::now(); // loop.time(): the runtime's clock (paused in verify)
    // Added in this order; they run in deadline order, the `call_soon`s first.
    // Each returned `JoinHandle` is dropped at once: that detaches the task, no more.
    call_later(Duration::from_secs(2), move || callback("later 2s", start));
    call_later(Duration::from_secs(1), move || callback("later 1s", start));
    call_later(Duration::from_secs(3), move || callback("later 3s", start));
    call_at(start + Duration::from_millis(2500), move || {
        callback("at 2.5s", start)
    });
    call_soon(move || callback("soon 1", start));
    call_soon(move || callback("soon 2", start));
    // ANCHOR_END: schedule

    // ANCHOR: stop
    // There is no `loop.stop()`: the runtime runs as long as `main` does. So `main`
    // waits for a signal, and "stopping the loop" is a callback sending it.
    let (stop_tx, stop_rx) = oneshot::channel();
    call_later(Duration::from_millis(3500), move || {
        stop_loop(stop_tx, start)
    });
    // Awaiting hands the thread to the runtime, which runs the callbacks meanwhile.
    stop_rx.await.expect("stop_loop sends before it is dropped");
    println!("loop stopped at {:.1}s", start.elapsed().as_secs_f64());
    // ANCHOR_END: stop

    // ANCHOR: threadsafe
    println!("-- from a plain thread --");
    // Every timer above has fired, so none is pending while `main` waits for the
    // thread: the paused clock has nothing to jump to.
    // A `Handle` and an `UnboundedSender` are `Send + Sync`: any thread may use them.
    let handle = Handle::current();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let (done_tx, done_rx) = oneshot::channel();
    let worker = thread::Builder::new()
        .name("worker".into())
        .spawn(move || {
            say("hands a callback and three messages to the loop");
            // call_soon_threadsafe(callback): the task is queued on the runtime,
            // which wakes up to run it on its own thread.
            handle.spawn(async move {
                say("callback from the worker");
                let _ = done_tx.send(());
            });
            // Or send values: `send` is a plain function, callable from any thread.
            for n in 1..=3 {
                tx.send(n).expect("main is still receiving");
            }
            // `tx` is dropped here, which closes the channel.
        })
        .expect("the OS starts a thread");

    // The worker printed its one line before handing anything over. Waiting for the
    // callback before reading the messages puts its line first: the order is fixed.
    done_rx.await.expect("the callback runs");
    while let Some(n) = rx.recv().await {
        say(&format!("received {n}"));
    }
    say("the worker has finished");
    // The thread dropped its sender on its way out, so `join` waits a moment at most.
    worker.join().expect("the worker does not panic");
    // ANCHOR_END: threadsafe

    // ANCHOR: stop_at_once
    println!("-- stopping right away --");
    let start = Instant::now();
    // These handles are asyncio's TimerHandles: they tell us if a task is done.
    let later = [
        call_later(Duration::from_secs(1), move || callback("later 1s", start)),
        call_later(Duration::from_secs(2), move || callback("later 2s", start)),
    ];
    call_soon(move || callback("soon", start));
    let (stop_tx, stop_rx) = oneshot::channel();
    call_soon(move || stop_loop(stop_tx, start));
    stop_rx.await.expect("stop_loop sends before it is dropped");
    println!("loop stopped at {:.1}s", start.elapsed().as_secs_f64());
    let waiting = later.iter().filter(|task| !task.is_finished()).count();
    println!("{waiting} callbacks still waiting");
    // `main` returns: the runtime shuts down and drops every task still pending,
    // so the two `call_later` callbacks never run.
    // ANCHOR_END: stop_at_once
}

// ANCHOR: helpers
/// `loop.call_soon(f)`: run `f` as soon as `main` yields to the runtime.
/// A current-thread runtime runs spawned tasks in the order they were spawned.
fn call_soon(f: impl FnOnce() + Send + 'static) -> JoinHandle<()> {
    tokio::spawn(async move { f() })
}

/// `loop.call_later(delay, f)`: run `f` once `delay` has passed.
fn call_later(delay: Duration, f: impl FnOnce() + Send + 'static) -> JoinHandle<()> {
    // ANCHOR: call_later_body
    // The task sleeps, not the caller: `call_later` returns at once.
    tokio::spawn(async move {
        sleep(delay).await;
        f()
    })
    // ANCHOR_END: call_later_body
}

/// `loop.call_at(when, f)`: run `f` at the instant `when` of the runtime's clock.
fn call_at(when: Instant, f: impl FnOnce() + Send + 'static) -> JoinHandle<()> {
    tokio::spawn(async move {
        sleep_until(when).await;
        f()
    })
}
// ANCHOR_END: helpers

/// The callback every example schedules: it says when it runs.
fn callback(label: &str, start: Instant) {
    println!(
        "callback '{label}' at {:.1}s",
        start.elapsed().as_secs_f64()
    );
}

/// `loop.stop()` from a callback: wake `main`, which then returns or goes on.
fn stop_loop(stop: oneshot::Sender<()>, start: Instant) {
    println!("stop_loop at {:.1}s", start.elapsed().as_secs_f64());
    let _ = stop.send(());
}

/// Prints a line tagged with the thread it runs on.
fn say(what: &str) {
    println!("[{}] {what}", thread::current().name().unwrap_or("unnamed"));
}
