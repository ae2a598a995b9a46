//! The Rust side of `cargo xtask bench` (the Python side is `python/bench.py`, the
//! same workloads on the same command line). Each run does one workload once and
//! prints one JSON line: the result, which must equal Python's, the seconds the work
//! took (the runtime is built before the clock starts), and the process's peak
//! resident memory in KiB. The runner repeats runs and takes medians.
//!
//!     bench spawn   <tokio-ct | tokio-mt | smol> <n>
//!     bench channel <tokio-mpsc | async-channel> <n>
//!     bench cpu     <one-thread | rayon> <n>
//!     bench server  axum
//!     bench client  reqwest <url> <n> <in_flight>

use std::error::Error;
use std::hint::black_box;
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use futures::{StreamExt, TryStreamExt};
use rayon::prelude::*;
use tokio::runtime::{Builder, Runtime};

const USAGE: &str = "\
usage: bench spawn   <tokio-ct | tokio-mt | smol> <n>
       bench channel <tokio-mpsc | async-channel> <n>
       bench cpu     <one-thread | rayon> <n>
       bench server  axum
       bench client  reqwest <url> <n> <in_flight>";

/// The bounded queue's capacity in the channel workload (Python's `maxsize`).
const CAPACITY: usize = 128;

/// Bad arguments: the error that prints the usage.
#[derive(Debug)]
struct Usage;

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(USAGE)
    }
}

impl Error for Usage {}

type Fallible<T> = Result<T, Box<dyn Error + Send + Sync>>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let outcome = match args[..] {
        ["spawn", variant, n] => parse(n).and_then(|n| spawn(variant, n)),
        ["channel", variant, n] => parse(n).and_then(|n| channel(variant, n)),
        ["cpu", variant, n] => parse(n).and_then(|n| cpu(variant, n)),
        ["server", "axum"] => server(),
        ["client", "reqwest", url, n, in_flight] => {
            parse(n).and_then(|n| client(url, n, parse(in_flight)?))
        }
        _ => Err(Usage.into()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bench: {error}");
            // 2 for bad arguments, as clap and Python's argparse do.
            ExitCode::from(if error.is::<Usage>() { 2 } else { 1 })
        }
    }
}

// --- spawn: n tasks that each yield once and return their number ---

fn spawn(variant: &str, n: u64) -> Fallible<()> {
    match variant {
        // One thread runs every task, as asyncio's loop does.
        "tokio-ct" => {
            let runtime = Builder::new_current_thread().build()?;
            measure(|| runtime.block_on(spawn_on_tokio(n)))
        }
        // A worker thread per core, stealing tasks from each other. The tasks are
        // spawned from `block_on`, outside the workers, as in `#[tokio::main]`.
        "tokio-mt" => {
            let runtime = Builder::new_multi_thread().build()?;
            measure(|| runtime.block_on(spawn_on_tokio(n)))
        }
        // An `Executor` of our own, run by `block_on` on this thread: one thread,
        // like tokio-ct. (`smol::spawn` would hand the tasks to the global
        // executor's own thread instead.)
        "smol" => {
            let executor = smol::Executor::new();
            measure(|| smol::block_on(executor.run(spawn_on_smol(&executor, n))))
        }
        _ => Err(Usage.into()),
    }
}

async fn spawn_on_tokio(n: u64) -> Fallible<u64> {
    // `spawn` puts the task in the runtime's queue; nothing runs until we await.
    let handles: Vec<_> = (0..n)
        .map(|i| {
            tokio::spawn(async move {
                tokio::task::yield_now().await;
                i
            })
        })
        .collect();
    let mut sum = 0;
    for handle in handles {
        // A `JoinError` means the task panicked (or was aborted): an error here.
        sum += handle.await?;
    }
    Ok(sum)
}

async fn spawn_on_smol(executor: &smol::Executor<'_>, n: u64) -> Fallible<u64> {
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            executor.spawn(async move {
                smol::future::yield_now().await;
                i
            })
        })
        .collect();
    let mut sum = 0;
    for task in tasks {
        // A smol `Task` gives the output itself; a panic in it resumes here.
        sum += task.await;
    }
    Ok(sum)
}

// --- channel: 0..n from one producer task to one consumer task, 128 at most queued ---

fn channel(variant: &str, n: u64) -> Fallible<()> {
    // Both variants on the same current-thread runtime: only the channel differs.
    let runtime = Builder::new_current_thread().build()?;
    match variant {
        "tokio-mpsc" => measure(|| runtime.block_on(through_tokio_mpsc(n))),
        "async-channel" => measure(|| runtime.block_on(through_async_channel(n))),
        _ => Err(Usage.into()),
    }
}

async fn through_tokio_mpsc(n: u64) -> Fallible<u64> {
    let (sender, mut receiver) = tokio::sync::mpsc::channel(CAPACITY);
    let producer = tokio::spawn(async move {
        for i in 0..n {
            // Waits while the queue is full; fails only if the receiver is gone.
            sender.send(i).await?;
        }
        // Dropping the sender here closes the channel: the consumer's loop ends.
        Fallible::Ok(())
    });
    let consumer = tokio::spawn(async move {
        let mut sum = 0;
        while let Some(i) = receiver.recv().await {
            sum += i;
        }
        sum
    });
    producer.await??;
    Ok(consumer.await?)
}

async fn through_async_channel(n: u64) -> Fallible<u64> {
    let (sender, receiver) = async_channel::bounded(CAPACITY);
    let producer = tokio::spawn(async move {
        for i in 0..n {
            sender.send(i).await?;
        }
        Fallible::Ok(())
    });
    let consumer = tokio::spawn(async move {
        let mut sum = 0;
        // `recv` fails once the channel is closed and empty.
        while let Ok(i) = receiver.recv().await {
            sum += i;
        }
        sum
    });
    producer.await??;
    Ok(consumer.await?)
}

// --- cpu: the sum of i * i for i in 0..n, wrapping at 2^64 ---

fn cpu(variant: &str, n: u64) -> Fallible<()> {
    match variant {
        "one-thread" => measure(|| Ok(sum_of_squares(n))),
        // rayon's global pool starts its threads (one per core) at its first use,
        // inside the clock, as Python's process pool starts its workers.
        "rayon" => measure(|| Ok(sum_of_squares_on_all_cores(n))),
        _ => Err(Usage.into()),
    }
}

/// `black_box` hides each `i` from the optimiser, which would otherwise replace
/// the loop by the closed form n(n-1)(2n-1)/6 and time nothing.
fn sum_of_squares(n: u64) -> u64 {
    (0..n)
        .map(|i| square(black_box(i)))
        .fold(0, u64::wrapping_add)
}

/// The same sum split across rayon's threads, each summing pieces of the range.
fn sum_of_squares_on_all_cores(n: u64) -> u64 {
    (0..n)
        .into_par_iter()
        .map(|i| square(black_box(i)))
        .reduce(|| 0, u64::wrapping_add)
}

fn square(i: u64) -> u64 {
    i.wrapping_mul(i)
}

// --- server: GET /item/{i} answers `item {i}` until stdin reaches its end ---

fn server() -> Fallible<()> {
    // The default runtime of `#[tokio::main]`: a worker thread per core.
    Runtime::new()?.block_on(async {
        let app = axum::Router::new().route("/item/{i}", axum::routing::get(item));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        // The runner waits for this line before it starts a client.
        println!("{{\"port\": {port}}}");
        std::io::stdout().flush()?;
        axum::serve(listener, app)
            .with_graceful_shutdown(stdin_closed())
            .await?;
        Ok(())
    })
}

async fn item(axum::extract::Path(i): axum::extract::Path<u64>) -> String {
    format!("item {i}")
}

/// Completes when stdin reaches its end: when the runner closes it, or dies.
async fn stdin_closed() {
    let _ = tokio::io::copy(&mut tokio::io::stdin(), &mut tokio::io::sink()).await;
}

// --- client: n GETs through one client, at most in_flight at once ---

fn client(url: &str, n: u64, in_flight: usize) -> Fallible<()> {
    if in_flight == 0 {
        return Err("in_flight must be at least 1".into());
    }
    let runtime = Runtime::new()?;
    // One client: it keeps a pool of connections, reused from request to request.
    let client = reqwest::Client::new();
    measure(|| {
        runtime.block_on(
            // `buffer_unordered` polls at most `in_flight` requests at once, starting
            // the next as one finishes: futures inside this one, no task for each
            // (hyper runs each connection as a task of its own).
            futures::stream::iter(0..n)
                .map(|i| body_length(&client, url, i))
                .buffer_unordered(in_flight)
                .try_fold(0, |sum, length| async move { Ok(sum + length) }),
        )
    })
}

async fn body_length(client: &reqwest::Client, url: &str, i: u64) -> Fallible<u64> {
    let response = client.get(format!("{url}item/{i}")).send().await?;
    let status = response.status();
    if status != reqwest::StatusCode::OK {
        return Err(format!("GET {url}item/{i}: {status}").into());
    }
    Ok(response.bytes().await?.len() as u64)
}

// --- helpers ---

/// Runs the work once on a monotonic clock and prints the run's JSON line.
fn measure(work: impl FnOnce() -> Fallible<u64>) -> Fallible<()> {
    let start = Instant::now();
    let result = work()?;
    let seconds = start.elapsed().as_secs_f64();
    let peak_kb = peak_kb();
    println!(
        "{{\"result\": {result}, \"seconds\": {seconds}, \"peak_kb\": {peak_kb}}}"
    );
    Ok(())
}

/// The process's peak resident memory in KiB (`VmHWM`, "high water mark", in
/// Linux's `/proc/self/status`); 0 where there is no such file.
fn peak_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn parse<T: std::str::FromStr>(number: &str) -> Fallible<T> {
    number.parse().map_err(|_| Usage.into())
}
