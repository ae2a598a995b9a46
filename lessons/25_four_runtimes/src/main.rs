//! Lesson 25: four runtimes, one program. The same tasks, timer, channel and TCP echo
//! on tokio, smol, async-std and `futures`' LocalPool, printing the same lines; then
//! what differs: what a dropped handle does, what a dropped executor does, and
//! `block_on` inside a runtime.

// ANCHOR: imports
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures::executor::LocalPool;
use futures::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use futures::stream::StreamExt;
use futures::task::LocalSpawnExt;
use smol::{Async, LocalExecutor, Timer};
use tokio::runtime::{Builder, Runtime};
use tokio_util::compat::TokioAsyncReadCompatExt;
// ANCHOR_END: imports

/// Job `i` sleeps `DELAYS_MS[i - 1]`: the last one spawned finishes first.
const DELAYS_MS: [u64; 3] = [60, 40, 20];
/// What the client sends to the echo server, and must get back.
const WORDS: &str = "four runtimes, one echo";

// ANCHOR: main
fn main() {
    report("tokio", on_tokio());
    report("smol", on_smol());
    report("async-std", on_async_std());
    report("futures LocalPool", on_local_pool());
    handle_dropped();
    executor_dropped();
    nested_block_on();
}
// ANCHOR_END: main

// ANCHOR: report
/// What each runtime's run found out. Every section prints it the same way.
struct Report {
    /// The three jobs' return values, in the order they were spawned.
    results: Vec<u64>,
    /// The most jobs running at once.
    in_flight: usize,
    /// What the jobs sent on the channel.
    messages: Vec<u64>,
    /// When the last job was joined.
    took: Duration,
    /// What came back from the echo server.
    echoed: String,
}

fn report(runtime: &str, r: Report) {
    println!("-- {runtime} --");
    println!(
        "tasks: results {:?}, at most {} in flight",
        r.results, r.in_flight
    );
    let sum: u64 = r.messages.iter().sum();
    println!("channel: {} messages, sum {sum}", r.messages.len());
    let longest = Duration::from_millis(DELAYS_MS[0]);
    let yes = if r.took >= longest { "yes" } else { "no" };
    println!("timer: took at least {}ms: {yes}", longest.as_millis());
    println!("echo: {:?}", r.echoed);
}
// ANCHOR_END: report

// ANCHOR: tokio
fn on_tokio() -> Report {
    // tokio: a runtime is a value; `#[tokio::main]` builds this one.
    let rt = Runtime::new().unwrap();
    rt.block_on(async {
        let start = Instant::now();
        let flight = Flight::new();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        // `tokio::spawn` wants a `Send + 'static` future: any worker may run it.
        let jobs: Vec<_> = (1..=3)
            .map(|i| tokio::spawn(tokio_job(i, tx.clone(), flight.clone())))
            .collect();
        let mut results = Vec::new();
        for job in jobs {
            results.push(job.await.unwrap());
        }
        let took = start.elapsed();
        drop(tx); // the jobs' clones are gone too: `recv` returns None at the end
        let mut messages = Vec::new();
        while let Some(m) = rx.recv().await {
            messages.push(m);
        }
        let echoed = tokio_echo().await;
        Report {
            results,
            in_flight: flight.max(),
            messages,
            took,
            echoed,
        }
    })
}

async fn tokio_job(
    i: u64,
    tx: tokio::sync::mpsc::UnboundedSender<u64>,
    f: Arc<Flight>,
) -> u64 {
    let _flying = f.take_off();
    tokio::time::sleep(delay(i)).await;
    tx.send(i * 10).unwrap();
    i * i
}

async fn tokio_echo() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let (mut reader, mut writer) = stream.split();
        // tokio's own `AsyncRead`/`AsyncWrite` traits, and its `copy`.
        tokio::io::copy(&mut reader, &mut writer).await.unwrap();
    });
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    // `talk` is written for `futures::io`'s traits: `compat()` adapts tokio's stream.
    let echoed = talk(stream.compat()).await;
    server.await.unwrap();
    echoed
}
// ANCHOR_END: tokio

// ANCHOR: smol
fn on_smol() -> Report {
    // smol: `block_on` drives this future; `smol::spawn` puts tasks on a global
    // executor that runs in its own thread ("smol-1").
    smol::block_on(async {
        let start = Instant::now();
        let flight = Flight::new();
        let (tx, rx) = smol::channel::unbounded::<u64>();
        // ANCHOR: smol_tasks
        // A `smol::Task` cancels its task when dropped: keep it until joined.
        let jobs: Vec<smol::Task<u64>> = (1..=3)
            .map(|i| smol::spawn(smol_job(i, tx.clone(), flight.clone())))
            .collect();
        let mut results = Vec::new();
        for job in jobs {
            results.push(job.await);
        }
        // ANCHOR_END: smol_tasks
        let took = start.elapsed();
        drop(tx);
        let messages: Vec<u64> = rx.collect().await;
        let echoed = smol_echo().await;
        Report {
            results,
            in_flight: flight.max(),
            messages,
            took,
            echoed,
        }
    })
}

async fn smol_job(i: u64, tx: smol::channel::Sender<u64>, f: Arc<Flight>) -> u64 {
    let _flying = f.take_off();
    Timer::after(delay(i)).await;
    tx.send(i * 10).await.unwrap();
    i * i
}

async fn smol_echo() -> String {
    let listener = smol::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = smol::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        // `futures::io`'s traits (smol's `io` is futures-lite's, the same traits).
        smol::io::copy(stream.clone(), &mut stream.clone())
            .await
            .unwrap();
        stream.shutdown(std::net::Shutdown::Write).unwrap();
    });
    let stream = smol::net::TcpStream::connect(addr).await.unwrap();
    let echoed = talk(stream).await;
    server.await;
    echoed
}
// ANCHOR_END: smol

// ANCHOR: async_std
fn on_async_std() -> Report {
    // async-std: a global runtime, started by the first spawn or block_on.
    async_std::task::block_on(async {
        let start = Instant::now();
        let flight = Flight::new();
        let (tx, rx) = async_std::channel::unbounded();
        let jobs: Vec<_> = (1..=3)
            .map(|i| {
                async_std::task::spawn(async_std_job(i, tx.clone(), flight.clone()))
            })
            .collect();
        let mut results = Vec::new();
        for job in jobs {
            results.push(job.await);
        }
        let took = start.elapsed();
        drop(tx);
        let messages: Vec<u64> = rx.collect().await;
        let echoed = async_std_echo().await;
        Report {
            results,
            in_flight: flight.max(),
            messages,
            took,
            echoed,
        }
    })
}

async fn async_std_job(
    i: u64,
    tx: async_std::channel::Sender<u64>,
    f: Arc<Flight>,
) -> u64 {
    let _flying = f.take_off();
    async_std::task::sleep(delay(i)).await;
    tx.send(i * 10).await.unwrap();
    i * i
}

async fn async_std_echo() -> String {
    let listener = async_std::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let server = async_std::task::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        async_std::io::copy(&mut &stream, &mut &stream)
            .await
            .unwrap();
        stream.shutdown(std::net::Shutdown::Write).unwrap();
    });
    let stream = async_std::net::TcpStream::connect(addr).await.unwrap();
    let echoed = talk(stream).await;
    server.await;
    echoed
}
// ANCHOR_END: async_std

// ANCHOR: local_pool
fn on_local_pool() -> Report {
    // futures: an executor and nothing else. No timer, no sockets: those come from
    // async-io (smol's `Timer` and `Async`), whose reactor runs in its own thread
    // when no `smol::block_on` drives it.
    let mut pool = LocalPool::new();
    let spawner = pool.spawner();
    pool.run_until(async {
        let start = Instant::now();
        let flight = Flight::new();
        let (tx, rx) = futures::channel::mpsc::unbounded();
        // `spawn_local_with_handle` gives a `RemoteHandle`: dropping it cancels.
        let jobs: Vec<_> = (1..=3)
            .map(|i| {
                spawner.spawn_local_with_handle(futures_job(
                    i,
                    tx.clone(),
                    flight.clone(),
                ))
            })
            .collect::<Result<_, _>>()
            .unwrap();
        let mut results = Vec::new();
        for job in jobs {
            results.push(job.await);
        }
        let took = start.elapsed();
        drop(tx);
        let messages: Vec<u64> = rx.collect().await;
        let echoed = futures_echo(&spawner).await;
        Report {
            results,
            in_flight: flight.max(),
            messages,
            took,
            echoed,
        }
    })
}

async fn futures_job(
    i: u64,
    tx: futures::channel::mpsc::UnboundedSender<u64>,
    f: Arc<Flight>,
) -> u64 {
    let _flying = f.take_off();
    Timer::after(delay(i)).await;
    tx.unbounded_send(i * 10).unwrap();
    i * i
}

async fn futures_echo(spawner: &futures::executor::LocalSpawner) -> String {
    let listener = Async::<std::net::TcpListener>::bind(([127, 0, 0, 1], 0)).unwrap();
    let addr = listener.get_ref().local_addr().unwrap();
    let server = spawner
        .spawn_local_with_handle(async move {
            let (stream, _) = listener.accept().await.unwrap();
            futures::io::copy(&stream, &mut &stream).await.unwrap();
            stream
                .get_ref()
                .shutdown(std::net::Shutdown::Write)
                .unwrap();
        })
        .unwrap();
    let stream = Async::<std::net::TcpStream>::connect(addr).await.unwrap();
    let echoed = talk(stream).await;
    server.await;
    echoed
}
// ANCHOR_END: local_pool

// ANCHOR: talk
/// The client, written once for `futures::io`'s traits: send the words, read as
/// many bytes back. Dropping the stream closes it, and the server's `copy` ends.
async fn talk(mut stream: impl AsyncRead + AsyncWrite + Unpin) -> String {
    stream.write_all(WORDS.as_bytes()).await.unwrap();
    let mut echoed = vec![0; WORDS.len()];
    stream.read_exact(&mut echoed).await.unwrap();
    String::from_utf8(echoed).unwrap()
}
// ANCHOR_END: talk

fn delay(i: u64) -> Duration {
    Duration::from_millis(DELAYS_MS[i as usize - 1])
}

// ANCHOR: flight
/// Counts the jobs running at once, and the most there ever were.
struct Flight {
    now: AtomicUsize,
    max: AtomicUsize,
}

impl Flight {
    fn new() -> Arc<Flight> {
        Arc::new(Flight {
            now: AtomicUsize::new(0),
            max: AtomicUsize::new(0),
        })
    }

    /// One more job running, until the guard is dropped.
    fn take_off(self: &Arc<Self>) -> Landing {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.max.fetch_max(now, Ordering::SeqCst);
        Landing(Arc::clone(self))
    }

    fn max(&self) -> usize {
        self.max.load(Ordering::SeqCst)
    }
}

struct Landing(Arc<Flight>);

impl Drop for Landing {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, Ordering::SeqCst);
    }
}
// ANCHOR_END: flight

// ANCHOR: handle_dropped
/// A task that waits for a go, then says it ran. Its handle is dropped before the go.
fn handle_dropped() {
    println!("-- a task whose handle is dropped --");
    let (go, done, waiter) = probe();
    let rt = Runtime::new().unwrap();
    drop(rt.spawn(waiter));
    println!("tokio JoinHandle: {}", outcome(go, done));

    let (go, done, waiter) = probe();
    drop(smol::spawn(waiter));
    println!("smol Task: {}", outcome(go, done));

    let (go, done, waiter) = probe();
    drop(async_std::task::spawn(waiter));
    println!("async-std JoinHandle: {}", outcome(go, done));

    let (go, done, waiter) = probe();
    let mut pool = LocalPool::new();
    drop(pool.spawner().spawn_local_with_handle(waiter).unwrap());
    go.send_blocking(()).ok();
    let ran = pool.run_until(done.recv()).is_ok();
    println!(
        "futures RemoteHandle: {}",
        if ran { "ran (detached)" } else { "cancelled" }
    );
}
// ANCHOR_END: handle_dropped

// ANCHOR: executor_dropped
/// The same waiting task, with its executor dropped (or its `block_on` over) first.
fn executor_dropped() {
    println!("-- a waiting task when its executor is dropped --");
    let (go, done, waiter) = probe();
    let rt = Runtime::new().unwrap();
    drop(rt.spawn(waiter)); // detached, as above; then the runtime goes
    drop(rt);
    println!("tokio Runtime: {}", outcome(go, done));

    let (go, done, waiter) = probe();
    let ex = LocalExecutor::new();
    ex.spawn(waiter).detach();
    smol::block_on(ex.tick()); // it starts, and waits for its go
    drop(ex);
    println!("smol LocalExecutor: {}", outcome(go, done));

    let (go, done, waiter) = probe();
    smol::block_on(async { smol::spawn(waiter).detach() });
    println!("smol global executor: {}", outcome(go, done));

    let (go, done, waiter) = probe();
    async_std::task::block_on(async { drop(async_std::task::spawn(waiter)) });
    println!("async-std global executor: {}", outcome(go, done));

    let (go, done, waiter) = probe();
    let mut pool = LocalPool::new();
    pool.spawner().spawn_local(waiter).unwrap();
    pool.run_until_stalled(); // it starts, and waits for its go
    drop(pool);
    println!("futures LocalPool: {}", outcome(go, done));
}
// ANCHOR_END: executor_dropped

// ANCHOR: probe
type Go = async_channel::Sender<()>;
type Done = async_channel::Receiver<()>;

/// A task that waits for a go, then says it ran: `done` gets a message if it ran
/// to the end, and is closed without one if its future was dropped first.
fn probe() -> (Go, Done, impl Future<Output = ()> + Send + 'static) {
    let (go, wait_for_go) = async_channel::bounded(1);
    let (ran, done) = async_channel::bounded(1);
    let waiter = async move {
        wait_for_go.recv().await.unwrap();
        ran.send(()).await.unwrap();
    };
    (go, done, waiter)
}

/// Gives the go from this thread and waits for the task's answer.
fn outcome(go: Go, done: Done) -> &'static str {
    go.send_blocking(()).ok(); // fails if the task, and its receiver, are gone
    match done.recv_blocking() {
        Ok(()) => "ran (detached)",
        Err(_) => "cancelled",
    }
}
// ANCHOR_END: probe

// ANCHOR: nested
/// `block_on` inside a task that a runtime is running.
fn nested_block_on() {
    println!("-- block_on inside a runtime --");
    let rt = Builder::new_current_thread().build().unwrap();
    let tokio =
        caught(|| rt.block_on(async { Runtime::new().unwrap().block_on(async {}) }));
    println!("tokio: {tokio}");
    let smol = caught(|| smol::block_on(async { smol::block_on(async {}) }));
    println!("smol: {smol}");
    let futures = caught(|| {
        futures::executor::block_on(async { futures::executor::block_on(async {}) })
    });
    println!("futures: {futures}");
}

/// "works", or "panics: " and the first clause of the panic's message (up to its
/// first ". " or ": "), which is kept off stderr.
fn caught(f: impl FnOnce()) -> String {
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    panic::set_hook(hook);
    let Err(payload) = result else {
        return "works".into();
    };
    let message = match payload.downcast::<String>() {
        Ok(text) => *text,
        Err(payload) => payload
            .downcast::<&str>()
            .map(|t| t.to_string())
            .unwrap_or_default(),
    };
    let sentence = message.split(". ").next().unwrap_or_default();
    let first = sentence.split(": ").next().unwrap_or_default();
    format!("panics: {first}")
}
// ANCHOR_END: nested
