//! Lesson 21: `run_in_executor(ThreadPoolExecutor(3), get_url, url)` in tokio: twenty
//! blocking HTTP GETs over `std::net::TcpStream`, three at a time, on
//! `spawn_blocking` behind a `Semaphore(3)`; why `spawn_blocking` alone is not
//! limited to three; and a runtime whose blocking pool has three threads.

// ANCHOR: imports
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use tokio::runtime::{Builder, Runtime};
use tokio::sync::Semaphore;
use tokio::task;
// ANCHOR_END: imports
// Unused here, but linking `workbook` lets the runner record this lesson's timeline
// (`cargo xtask run NN --timeline`; see ARCHITECTURE.md, "Timelines").
use workbook as _;

// ANCHOR: main
// A plain `fn main` that builds its runtimes: the last section needs a runtime
// built with a setting `#[tokio::main]` does not offer, and a runtime cannot be
// started from inside another one.
fn main() {
    // The shop runs on plain threads of its own, so that nothing the client does
    // (even blocking the runtime's thread) can stop it from answering.
    let shop = start_shop();

    // `#[tokio::main(flavor = "current_thread")]`: one thread runs the tasks, and
    // `spawn_blocking` jobs go to the runtime's blocking pool, as `run_in_executor`
    // jobs go to an executor's threads while the loop's thread stays free.
    let runtime = new_runtime(&mut Builder::new_current_thread());
    runtime.block_on(twenty_pages(shop));

    println!("-- 5 long pages on the default pool --");
    runtime.block_on(five_pages(shop));

    println!("-- 5 long pages on a default pool of 3 threads --");
    // The blocking pool of this runtime has three threads at most: jobs beyond
    // three wait in its queue, as they wait in a `ThreadPoolExecutor(3)`'s.
    new_runtime(Builder::new_current_thread().max_blocking_threads(3))
        .block_on(five_pages(shop));
}

fn new_runtime(builder: &mut Builder) -> Runtime {
    builder.enable_all().build().expect("a runtime")
}
// ANCHOR_END: main

// ANCHOR: twenty
/// The articles' run: twenty pages, fetched with a blocking client, three at a time.
async fn twenty_pages(shop: SocketAddr) {
    println!("-- 20 pages on a pool of 3 threads --");
    let flight = Arc::new(Flight::default());
    let start = Instant::now();
    // ANCHOR: pool
    // Three permits: a job runs only while it holds one. `acquire_owned` waits,
    // without blocking the runtime's thread, until one of the three is free.
    let sem = Arc::new(Semaphore::new(3));
    let mut jobs = Vec::new();
    for n in 0..PAGES {
        let permit = Arc::clone(&sem)
            .acquire_owned()
            .await
            .expect("never closed");
        let flight = Arc::clone(&flight);
        // `spawn_blocking` is `run_in_executor`: the closure runs on a thread of
        // the blocking pool, and its `JoinHandle` is a future the task can await.
        // The permit moves in with it and goes back when the job is done.
        jobs.push(task::spawn_blocking(move || {
            let body = get_page(shop, n, &flight);
            drop(permit);
            body
        }));
    }
    // Awaited in request order, as `gather` answers: each `.await` parks the task.
    let mut bodies = Vec::new();
    for job in jobs {
        bodies.push(job.await.expect("the job does not panic"));
    }
    // ANCHOR_END: pool
    let took = start.elapsed();
    let ids: Vec<&str> = bodies
        .iter()
        .map(|body| body.trim_start_matches("goods "))
        .collect();
    println!("results: goods {}", ids.join(" "));
    println!("at most {} in flight", flight.max());
    // Load makes a run slower, never faster, so each comparison is printed, not
    // the time: at least what three threads need, less than what one needs.
    let one = DELAYS_MS.iter().sum::<u64>() as f64 / 1000.0;
    println!(
        "took {} {THREE_THREADS:.1}s and {} {one:.1}s",
        at_least_or_less(took, THREE_THREADS),
        at_least_or_less(took, one)
    );
}

/// The least time three threads need for the twenty pages, taken in order: the
/// page draws the schedule. The last page is answered at 2.1s.
const THREE_THREADS: f64 = 2.1;

fn at_least_or_less(took: Duration, secs: f64) -> &'static str {
    if took.as_secs_f64() >= secs {
        "at least"
    } else {
        "less than"
    }
}
// ANCHOR_END: twenty

// ANCHOR: five
/// Five pages with `spawn_blocking` alone: how many threads they get depends on the
/// runtime's blocking pool, not on the code.
async fn five_pages(shop: SocketAddr) {
    let flight = Arc::new(Flight::default());
    let jobs: Vec<_> = FIVE
        .into_iter()
        .map(|n| {
            let flight = Arc::clone(&flight);
            task::spawn_blocking(move || get_page(shop, n, &flight))
        })
        .collect();
    for job in jobs {
        job.await.expect("the job does not panic");
    }
    let max = flight.max();
    if max > 3 {
        // How many above three depends on the machine in Python (the default
        // executor has min(32, CPUs + 4) threads), so the line says only this.
        println!("more than 3 in flight");
    } else {
        println!("at most {max} in flight");
    }
}

/// Five pages of 0.4s to 0.8s: long enough for all five to be in flight at once,
/// when nothing limits them, even on a busy machine that starts threads slowly.
const FIVE: [usize; 5] = [0, 15, 11, 7, 10];
// ANCHOR_END: five

// ANCHOR: client
/// The articles' `get_url`: an HTTP GET on a blocking socket. Every call here
/// blocks the thread: `connect`, `write_all`, and `read_to_string`, which returns
/// when the shop closes the connection (`Connection: close`).
fn get_page(shop: SocketAddr, n: usize, flight: &Flight) -> String {
    flight.enter();
    let mut stream = TcpStream::connect(shop).expect("the shop is listening");
    let request = format!(
        "GET /goods/{n}/ HTTP/1.1\r\nHost: {shop}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).expect("request sent");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response read");
    let (_head, body) = response.split_once("\r\n\r\n").expect("a head and a body");
    flight.leave();
    body.to_string()
}

/// How many GETs are in flight now, and the most there ever were at once.
/// Atomics, because the jobs run on several threads.
#[derive(Default)]
struct Flight {
    now: AtomicUsize,
    max: AtomicUsize,
}

impl Flight {
    fn enter(&self) {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.max.fetch_max(now, Ordering::SeqCst);
    }

    fn leave(&self) {
        self.now.fetch_sub(1, Ordering::SeqCst);
    }

    fn max(&self) -> usize {
        self.max.load(Ordering::SeqCst)
    }
}
// ANCHOR_END: client

// ANCHOR: shop
/// How many pages the shop has.
const PAGES: usize = 20;

/// How long the shop takes to answer `/goods/N/`, in milliseconds: 6.0s in all.
/// Fetched three at a time in order, page 0 arrives seventh and the last page at
/// 2.1s at best (the page draws the schedule).
const DELAYS_MS: [u64; PAGES] = [
    800, 200, 300, 200, 300, 100, 200, 500, 200, 200, 400, 600, 100, 300, 100, 700,
    200, 300, 100, 200,
];

/// Starts the shop on 127.0.0.1, on a port the OS picks: an accepting thread, and a
/// thread per connection, so that the shop answers any number of GETs at once.
fn start_shop() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("a bound address");
    thread::spawn(move || {
        for conn in listener.incoming() {
            let conn = conn.expect("a connection");
            thread::spawn(move || answer(conn));
        }
    });
    addr
}

/// Reads one request (`GET /goods/N/ HTTP/1.1` and its headers), waits the page's
/// delay, answers, and closes.
fn answer(mut conn: TcpStream) {
    let mut reader = BufReader::new(&conn);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).expect("a request line");
    // Read the headers to the blank line: closing a socket with unread input
    // makes the OS reset the connection, and the client could lose the answer.
    let mut header = String::new();
    while reader.read_line(&mut header).expect("a header") > 2 {
        header.clear();
    }
    let n: usize = request_line
        .split('/')
        .nth(2)
        .and_then(|n| n.parse().ok())
        .expect("GET /goods/N/");
    thread::sleep(Duration::from_millis(DELAYS_MS[n]));
    let page = format!("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\ngoods {n}");
    conn.write_all(page.as_bytes()).expect("answer sent");
}
// ANCHOR_END: shop
