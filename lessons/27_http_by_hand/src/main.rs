//! Lesson 27: an HTTP GET written by hand on a `tokio::net::TcpStream`
//! (`asyncio.open_connection`), its answer read line by line (`async for line in
//! reader`), for twenty pages at once: printed as they complete (`as_completed`),
//! then in request order (`gather`). The shop they come from is the lesson's own.

// ANCHOR: imports
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use futures::StreamExt;
use futures::future::join_all;
use futures::stream::FuturesUnordered;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::time::sleep;
// ANCHOR_END: imports
// Unused here, but linking `workbook` lets the runner record this lesson's timeline
// (`cargo xtask run NN --timeline`; see ARCHITECTURE.md, "Timelines").
use workbook as _;

// ANCHOR: main
// One thread runs the shop and the client: every wait below is an `.await`, so
// neither can stop the other, as a server and a client share one asyncio loop.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let shop = Shop::start().await;

    println!("-- 20 pages at once, as they complete --");
    as_they_complete(shop.addr).await;
    shop.round_over().await;

    println!("-- 20 pages at once, in request order --");
    in_request_order(shop.addr).await;
    shop.round_over().await;
}
// ANCHOR_END: main

// ANCHOR: fetch_all
// ANCHOR: as_they_complete
/// `for next_page in asyncio.as_completed(tasks)`: each page printed the moment
/// its GET is done.
async fn as_they_complete(shop: SocketAddr) {
    // Twenty futures in a set that is also a stream of their outputs, in the order
    // they finish. They run inside this task, all at once: nothing is spawned.
    let mut pending: FuturesUnordered<_> =
        (0..PAGES).map(|n| get_page(shop, n)).collect();
    while let Some(page) = pending.next().await {
        println!("{}", page.expect("the shop answers"));
    }
}
// ANCHOR_END: as_they_complete

// ANCHOR: in_request_order
/// `await asyncio.gather(*tasks)`: the twenty pages at once, their answers in the
/// order they were asked for.
async fn in_request_order(shop: SocketAddr) {
    let pages = join_all((0..PAGES).map(|n| get_page(shop, n))).await;
    let ids: Vec<String> = pages
        .into_iter()
        .map(|page| page.expect("the shop answers").id())
        .collect();
    println!("in request order: goods {}", ids.join(" "));
}
// ANCHOR_END: in_request_order
// ANCHOR_END: fetch_all

// ANCHOR: get_page
/// The articles' `get_url`, on tokio: connect, write a GET by hand, and read the
/// answer line by line until the shop closes the connection.
async fn get_page(shop: SocketAddr, n: usize) -> io::Result<Page> {
    // `await asyncio.open_connection(host, port)`: the connect waits, the thread
    // does not. One stream both reads and writes; asyncio hands out two objects.
    let mut stream = TcpStream::connect(shop).await?;
    let request = format!(
        "GET /goods/{n}/ HTTP/1.1\r\nHost: {shop}\r\nConnection: close\r\n\r\n"
    );
    // `writer.write(...)` and `await writer.drain()` in one: a future that writes
    // every byte, and does nothing until it is awaited.
    stream.write_all(request.as_bytes()).await?;

    // `async for raw_line in reader`: a buffered reader, and its lines one by one.
    // `next_line` answers `Ok(None)` at the end of the stream: the shop has closed
    // its side (`Connection: close`), so the whole answer is in.
    let mut lines = BufReader::new(stream).lines();
    let mut all_lines = Vec::new();
    while let Some(line) = lines.next_line().await? {
        all_lines.push(line);
    }
    // Returning drops `lines`, and the stream inside it: that closes our side.
    Ok(Page::parse(all_lines))
}

/// What the client keeps of an answer: its status, its body, how many lines it was.
struct Page {
    status: String,
    body: String,
    lines: usize,
}

impl Page {
    /// `HTTP/1.1 200 OK`, the headers, an empty line, then the body.
    fn parse(lines: Vec<String>) -> Page {
        let status = lines[0].split_once(' ').map_or("", |(_, s)| s).to_string();
        let blank = lines
            .iter()
            .position(String::is_empty)
            .unwrap_or(lines.len());
        let body = lines[blank..].join(" ").trim().to_string();
        Page {
            status,
            body,
            lines: lines.len(),
        }
    }

    /// `goods 13` -> `13`.
    fn id(&self) -> String {
        self.body.trim_start_matches("goods ").to_string()
    }
}

impl fmt::Display for Page {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} ({}, {} lines)", self.body, self.status, self.lines)
    }
}
// ANCHOR_END: get_page

// ANCHOR: shop
/// How many pages the shop has.
const PAGES: usize = 20;

/// How long the shop waits before it answers `/goods/N/`, in milliseconds: 240,
/// 280, ... 1000, forty apart, dealt out to the pages in a shuffled order. The
/// first answer comes 240 ms after its request: by then all twenty have arrived.
const DELAYS_MS: [u64; PAGES] = [
    440, 680, 320, 800, 520, 920, 640, 280, 1000, 400, 760, 560, 840, 240, 960, 720,
    480, 880, 360, 600,
];

/// The shop: where it listens, and what it knows of the connections of a round.
struct Shop {
    addr: SocketAddr,
    state: watch::Sender<State>,
}

#[derive(Default)]
struct State {
    /// Page n's request has been read.
    arrived: [bool; PAGES],
    /// Page n's answer has been read to the end: the client closed its side.
    done: [bool; PAGES],
    open: usize,
    most_open: usize,
}

impl Shop {
    /// Listens on 127.0.0.1, on a port the OS picks, and serves in a task.
    async fn start() -> Shop {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let addr = listener.local_addr().expect("a bound address");
        let state = watch::Sender::new(State::default());
        tokio::spawn(serve(listener, state.clone()));
        Shop { addr, state }
    }

    /// Waits until every connection of the round is closed, prints how many were
    /// open at once at most, and forgets the round.
    async fn round_over(&self) {
        let mut state = self.state.subscribe();
        let most = state
            .wait_for(|s| s.open == 0)
            .await
            .expect("shop")
            .most_open;
        println!("most connections open at once: {most}");
        self.state.send_replace(State::default());
    }
}

/// The accept loop: a task per connection, as `asyncio.start_server` runs its
/// handler in a task per client.
async fn serve(listener: TcpListener, state: watch::Sender<State>) {
    loop {
        let (conn, _) = listener.accept().await.expect("a connection");
        state.send_modify(|s| {
            s.open += 1;
            s.most_open = s.most_open.max(s.open);
        });
        tokio::spawn(answer(conn, state.clone()));
    }
}

/// Reads `GET /goods/N/ ...` and its headers, waits page N's delay and its turn,
/// answers, and waits for the client to close.
async fn answer(mut conn: TcpStream, state: watch::Sender<State>) {
    let (reader, mut writer) = conn.split();
    let mut lines = BufReader::new(reader).lines();
    let request_line = lines.next_line().await.ok().flatten().unwrap_or_default();
    // The headers, to the empty line that ends them.
    while let Ok(Some(header)) = lines.next_line().await {
        if header.is_empty() {
            break;
        }
    }
    let n: usize = request_line
        .split('/')
        .nth(2)
        .and_then(|n| n.parse().ok())
        .expect("GET /goods/N/");
    state.send_modify(|s| s.arrived[n] = true);

    sleep(Duration::from_millis(DELAYS_MS[n])).await;
    // Its turn: every page with a shorter delay whose request came in has been
    // read to the end. Forty milliseconds already keep the pages in that order;
    // waiting for the client makes it certain on a machine as busy as you like.
    let mut watching = state.subscribe();
    watching
        .wait_for(|s| {
            (0..PAGES)
                .filter(|&q| DELAYS_MS[q] < DELAYS_MS[n])
                .all(|q| !s.arrived[q] || s.done[q])
        })
        .await
        .expect("the shop's state");

    let body = format!("goods {n}\r\n");
    let answer = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    // The answer, then the end of our side (the client's `next_line` answers
    // `None`); then whatever comes until the client closes its side too. A
    // client that hangs up early makes these fail: the page is done all the same.
    if writer.write_all(answer.as_bytes()).await.is_ok()
        && writer.shutdown().await.is_ok()
    {
        while let Ok(Some(_)) = lines.next_line().await {}
    }
    state.send_modify(|s| {
        s.done[n] = true;
        s.open -= 1;
    });
}
// ANCHOR_END: shop
