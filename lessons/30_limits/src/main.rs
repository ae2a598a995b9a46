//! Lesson 30: the articles' "too many open files". The lesson lowers its own soft
//! limit of open files to 128, opens 1000 connections at once to a server it starts
//! (in a process of its own), and gets the real `EMFILE`; then the cures: a
//! semaphore that bounds the connections open at once, and the soft limit raised to
//! the hard limit.

// ANCHOR: imports
use std::io;
use std::net::SocketAddr;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use rlimit::Resource;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpSocket, TcpStream};
use tokio::process::{Child, Command};
use tokio::sync::Semaphore;
// ANCHOR_END: imports

// ANCHOR: main
/// How many connections each section opens.
const N: usize = 1000;
/// The soft limit of open files the lesson lowers itself to.
const LOW: u64 = 128;
/// `libc::EMFILE` ("Too many open files") on Linux and macOS.
const EMFILE: i32 = 24;

// One thread, as asyncio has. It also fixes the order in which the tasks start:
// all 1000 are polled once, in spawn order, before any is polled again.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    if std::env::args().nth(1).as_deref() == Some("serve") {
        return serve().await;
    }
    // The server is another process, as a real server is another machine: its
    // descriptors are its own, so only this process (the client) hits the limit.
    let (mut server, addr) = start_server().await;

    // Like `ulimit -n 128`, for this process only: lower the soft limit, keep the
    // hard one. Lowering is always allowed, and so is raising it back up to hard.
    let (_soft, hard) = Resource::NOFILE.get().expect("getrlimit");
    Resource::NOFILE.set(LOW, hard).expect("setrlimit");
    println!("soft limit of open files lowered to {LOW}");

    println!("-- {N} connections at once --");
    report(at_once(addr).await);

    println!("-- {N} connections, bounded --");
    report(bounded(addr).await);

    // The other cure: as many descriptors as the hard limit allows. An ordinary
    // process may raise its soft limit up to its hard limit, no higher.
    let soft = rlimit::increase_nofile_limit(u64::MAX).expect("setrlimit");
    println!("soft limit raised to the hard limit");
    println!("room for {N} at once: {}", yes_no(soft >= N as u64 + 64));

    println!("-- {N} connections at once --");
    report(at_once(addr).await);

    println!("-- {N} connections, bounded --");
    report(bounded(addr).await);

    // Closing the server's stdin tells it to exit.
    drop(server.stdin.take());
    server.wait().await.expect("the server exits");
}
// ANCHOR_END: main

// ANCHOR: at_once
/// The articles' mistake: a task per connection, all started at once.
async fn at_once(addr: SocketAddr) -> Outcome {
    let flight = Arc::new(Flight::default());
    let tasks: Vec<_> = (0..N)
        .map(|n| {
            let flight = Arc::clone(&flight);
            tokio::spawn(async move {
                let conn = connect(addr, &flight).await?;
                conn.get(n).await
            })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.expect("the task does not panic"));
    }
    Outcome { results, flight }
}
// ANCHOR_END: at_once

// ANCHOR: bounded
/// The first cure: at most 64 connections open at once. Each task holds a permit
/// from before it opens its connection until after the connection is closed.
async fn bounded(addr: SocketAddr) -> Outcome {
    let flight = Arc::new(Flight::default());
    // ANCHOR: semaphore
    let sem = Arc::new(Semaphore::new(64));
    let tasks: Vec<_> = (0..N)
        .map(|n| {
            let (sem, flight) = (Arc::clone(&sem), Arc::clone(&flight));
            tokio::spawn(async move {
                // Named, so that it lives to the end of the block: `let _ = ...`
                // would drop the permit at once.
                let _permit = sem.acquire().await.expect("never closed");
                let conn = connect(addr, &flight).await?;
                // `get` consumes `conn`: the socket is closed when it returns,
                // before `_permit` is dropped, at the end of the block.
                conn.get(n).await
            })
        })
        .collect();
    // In page order, as `gather` answers.
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.expect("the task does not panic"));
    }
    // ANCHOR_END: semaphore
    Outcome { results, flight }
}
// ANCHOR_END: bounded

// ANCHOR: report
/// What a section did: each connection's page or error, and how many were open.
struct Outcome {
    results: Vec<io::Result<String>>,
    flight: Arc<Flight>,
}

/// Prints what is fixed whatever the timing: whether any connection failed with
/// `EMFILE`, and whether all the others got their page. How many failed depends
/// on how many descriptors the process had open already, so it is not printed.
fn report(Outcome { results, flight }: Outcome) {
    let emfile: Vec<&io::Error> = results
        .iter()
        .filter_map(|result| result.as_ref().err())
        .filter(|error| error.raw_os_error() == Some(EMFILE))
        .collect();
    let answered = (0..N)
        .filter(|&n| matches!(&results[n], Ok(page) if *page == format!("page {n}")))
        .count();
    if let Some(first) = emfile.first() {
        println!("some failed with EMFILE: yes");
        println!("first failure: {first}");
        println!(
            "the others answered: {}",
            yes_no(answered + emfile.len() == N)
        );
    } else {
        println!("failed: none; answered: {answered} of {N}");
        println!("at most {} open at once", flight.max());
    }
}

fn yes_no(fact: bool) -> &'static str {
    if fact { "yes" } else { "no" }
}
// ANCHOR_END: report

// ANCHOR: client
/// How many of this process's connections are open now, and the most at once.
#[derive(Default)]
struct Flight {
    open: AtomicUsize,
    max: AtomicUsize,
}

impl Flight {
    fn max(&self) -> usize {
        self.max.load(Ordering::SeqCst)
    }
}

/// One open connection: a socket, and so one file descriptor, until it is dropped.
struct Conn {
    stream: TcpStream,
    _open: Open,
}

/// Counts a descriptor as open from its creation to its drop.
struct Open(Arc<Flight>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Opens a connection to `addr`. `TcpSocket::new_v4` is the `socket()` call that
/// takes a descriptor: that is where `EMFILE` comes from.
async fn connect(addr: SocketAddr, flight: &Arc<Flight>) -> io::Result<Conn> {
    let socket = TcpSocket::new_v4()?;
    let now = flight.open.fetch_add(1, Ordering::SeqCst) + 1;
    flight.max.fetch_max(now, Ordering::SeqCst);
    let open = Open(Arc::clone(flight));
    let stream = socket.connect(addr).await?;
    Ok(Conn {
        stream,
        _open: open,
    })
}

impl Conn {
    /// `GET /n` over HTTP/1.0: one request, then the server closes. The socket
    /// is closed when `self` is dropped, as this returns.
    async fn get(mut self, n: usize) -> io::Result<String> {
        let request = format!("GET /{n} HTTP/1.0\r\n\r\n");
        self.stream.write_all(request.as_bytes()).await?;
        let mut response = String::new();
        self.stream.read_to_string(&mut response).await?;
        match response.split_once("\r\n\r\n") {
            Some((head, body)) if head.starts_with("HTTP/1.0 200") => {
                Ok(body.to_string())
            }
            _ => Err(io::Error::other(format!("a bad answer: {response:?}"))),
        }
    }
}
// ANCHOR_END: client

// ANCHOR: server
/// How long the server takes to answer, so that connections stay open a while.
const DELAY: Duration = Duration::from_millis(50);

/// Starts this program again as the server, and reads the address it listens on.
async fn start_server() -> (Child, SocketAddr) {
    let mut server = Command::new(std::env::current_exe().expect("this program"))
        .arg("serve")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        // Only the client records a timeline (see ARCHITECTURE.md, "Timelines").
        .env_remove(workbook::TIMELINE_VAR)
        .kill_on_drop(true)
        .spawn()
        .expect("the server starts");
    let stdout = server.stdout.take().expect("piped");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .await
        .expect("the server's address");
    (server, line.trim().parse().expect("an address"))
}

/// The server: raises its own soft limit to its hard limit (it holds up to 1000
/// connections), listens on 127.0.0.1, port 0, says where, and answers every
/// `GET /n` with `page n` after `DELAY`, until its stdin closes.
async fn serve() {
    rlimit::increase_nofile_limit(u64::MAX).expect("setrlimit");
    let socket = TcpSocket::new_v4().expect("a socket");
    socket
        .bind(([127, 0, 0, 1], 0).into())
        .expect("a free port");
    // A backlog above 1000, so that no connection waits for the kernel to retry.
    let listener = socket.listen(2048).expect("listen");
    println!("{}", listener.local_addr().expect("an address"));
    tokio::spawn(async move {
        loop {
            let (conn, _) = listener.accept().await.expect("accept");
            tokio::spawn(answer(conn));
        }
    });
    // Reads stdin to its end: the client closes it when it is done.
    tokio::io::stdin()
        .read_to_end(&mut Vec::new())
        .await
        .expect("stdin");
}

async fn answer(conn: TcpStream) {
    let mut conn = BufReader::new(conn);
    let mut line = String::new();
    conn.read_line(&mut line).await.expect("a request line");
    // `GET /n HTTP/1.0`: the page number is the path.
    let n = line
        .split_whitespace()
        .nth(1)
        .expect("a path")
        .trim_start_matches('/');
    let page = format!("HTTP/1.0 200 OK\r\n\r\npage {n}");
    // Read the rest of the request (to the blank line): closing a socket with
    // unread input makes the OS reset the connection.
    let mut header = String::new();
    while conn.read_line(&mut header).await.expect("a header") > 2 {
        header.clear();
    }
    tokio::time::sleep(DELAY).await;
    conn.write_all(page.as_bytes()).await.expect("the answer");
}
// ANCHOR_END: server
