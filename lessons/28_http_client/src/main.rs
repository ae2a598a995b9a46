//! Lesson 28: an HTTP client library, reqwest, as aiohttp's `ClientSession`: one
//! GET; twelve at once, gathered in request order; JSON decoded with serde
//! (httpbin's `/get?a=N` answers `{"args": {"a": "N"}}`); `error_for_status`; and
//! why one `Client` is shared: the connections the server accepted, counted.

// ANCHOR: imports
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::serve::ListenerExt;
use futures::future::try_join_all;
use reqwest::Client;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::time::sleep;
// ANCHOR_END: imports
// Unused here, but linking `workbook` lets the runner record this lesson's timeline
// (`cargo xtask run NN --timeline`; see ARCHITECTURE.md, "Timelines").
use workbook as _;

// ANCHOR: main
// One thread runs the server and the client: every wait is an `.await`.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let shop = Shop::start().await;
    let base = format!("http://{}", shop.addr);

    println!("-- one GET --");
    one_get(&base).await;
    shop.round_over();

    println!("-- 12 GETs at once, gathered in request order --");
    // `async with aiohttp.ClientSession() as session`: one client, its pool of
    // connections, its settings. No `async with`: dropping it closes the pool.
    let client = Client::new();
    match gather(&client, &base).await {
        Ok(values) => {
            for (a, value) in NUMBERS.iter().zip(values) {
                println!("fetch({a}) = {value}");
            }
        }
        Err(e) => println!("gather failed: {}", describe(e)),
    }
    shop.round_over();

    println!("-- 5 GETs in turn on one shared client --");
    let client = Client::new();
    for a in 12..17 {
        report(a, fetch(&client, &format!("{base}/get?a={a}")).await);
    }
    shop.round_over();

    println!("-- 5 GETs in turn, a new client for each --");
    for a in 17..22 {
        let client = Client::new();
        report(a, fetch(&client, &format!("{base}/get?a={a}")).await);
    }
    shop.round_over();

    println!("-- an error status --");
    let client = Client::new();
    match fetch(&client, &format!("{base}/status/404")).await {
        Ok(value) => println!("fetch(/status/404) = {value}"),
        Err(e) => println!("fetch(/status/404) failed: {}", describe(e)),
    }
}

fn report(a: u32, value: reqwest::Result<String>) {
    match value {
        Ok(value) => println!("fetch({a}) = {value}"),
        Err(e) => println!("fetch({a}) failed: {}", describe(e)),
    }
}

/// An error status as aiohttp's `ClientResponseError` shows it; any other error
/// with what caused it (serde's message, for a body that is not the JSON
/// expected), and without its URL, whose port changes from run to run.
fn describe(e: reqwest::Error) -> String {
    if let Some(status) = e.status() {
        return format!("HTTP {status}");
    }
    let cause = std::error::Error::source(&e).map(|cause| format!(" ({cause})"));
    format!("{}{}", e.without_url(), cause.unwrap_or_default())
}
// ANCHOR_END: main

// ANCHOR: one_get
/// `async with session.get(url) as r: print(r.status); print(await r.text())`.
async fn one_get(base: &str) {
    let client = Client::new();
    // `send()` answers once the status line and the headers are in; the body is
    // read by a second await, as in aiohttp.
    let response = client
        .get(format!("{base}/get?a=1"))
        .send()
        .await
        .expect("the shop answers");
    println!("status: {}", response.status());
    let text = response.text().await.expect("a body");
    println!("body: {text}");
}
// ANCHOR_END: one_get

// ANCHOR: reply
/// The shape of httpbin's answer to `/get?a=N`, as far as we read it:
/// `{"args": {"a": "N"}}`. serde fills it in; fields the JSON has and the struct
/// lacks are ignored, and a field the struct has and the JSON lacks is an error.
#[derive(Deserialize)]
struct Reply {
    args: Args,
}

#[derive(Deserialize)]
struct Args {
    a: String,
}

/// The numbers the seed asks httpbin for, twelve of them.
const NUMBERS: [u32; 12] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
// ANCHOR_END: reply

// ANCHOR: fetch_all
// ANCHOR: fetch
/// The seed's `fetch_async`: GET `url` with `client`, fail on an error status,
/// decode the JSON body and answer its `args.a`.
async fn fetch(client: &Client, url: &str) -> reqwest::Result<String> {
    let reply: Reply = client
        .get(url)
        .send()
        .await?
        // `r.raise_for_status()`: a 4xx or 5xx status becomes an `Err`.
        .error_for_status()?
        // `await r.json()`: reads the whole body, then decodes it into `Reply`.
        .json()
        .await?;
    Ok(reply.args.a)
}
// ANCHOR_END: fetch

// ANCHOR: gather
/// `await asyncio.gather(*(fetch(session, url) for ...))`: the twelve GETs at
/// once on the shared client, their answers in request order; the first error
/// ends it, as a plain `gather` raises its first exception.
async fn gather(client: &Client, base: &str) -> reqwest::Result<Vec<String>> {
    let urls: Vec<String> = NUMBERS
        .iter()
        .map(|a| format!("{base}/get?a={a}"))
        .collect();
    try_join_all(urls.iter().map(|url| fetch(client, url))).await
}
// ANCHOR_END: gather
// ANCHOR_END: fetch_all

// ANCHOR: shop
/// How long the shop takes to answer `/get?a=N` for the twelve numbers, in
/// milliseconds: a hundred apart, in a shuffled order, so that the answers come
/// in another order than they were asked for. Other numbers answer at once.
const DELAYS_MS: [u64; 12] = [
    700, 300, 1100, 100, 900, 500, 1200, 200, 800, 400, 1000, 600,
];

/// The shop: where it listens, and what it counts.
struct Shop {
    addr: SocketAddr,
    counts: Arc<Counts>,
}

#[derive(Default)]
struct Counts {
    /// TCP connections accepted.
    accepted: AtomicUsize,
    /// Requests being answered now, and the most there were at once.
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
}

impl Shop {
    /// axum on 127.0.0.1, on a port the OS picks, served by a task. Two httpbin
    /// routes: `/get` echoes its query, `/status/{code}` answers that status.
    async fn start() -> Shop {
        let counts = Arc::new(Counts::default());
        let app = Router::new()
            .route("/get", get(echo))
            .route("/status/{code}", get(status))
            .with_state(Arc::clone(&counts));
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let addr = listener.local_addr().expect("a bound address");
        // `tap_io` runs a closure on every connection `accept` hands over: the
        // count of TCP connections, whatever HTTP then does on them.
        let tapped = Arc::clone(&counts);
        let listener = listener.tap_io(move |_tcp| {
            tapped.accepted.fetch_add(1, Ordering::SeqCst);
        });
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
        Shop { addr, counts }
    }

    /// Prints what the shop counted since the last round, and starts again.
    fn round_over(&self) {
        let most = self.counts.most_in_flight.swap(0, Ordering::SeqCst);
        let accepted = self.counts.accepted.swap(0, Ordering::SeqCst);
        println!("most requests in flight at once: {most}");
        println!("connections accepted: {accepted}");
    }
}

/// `/get?a=N`: waits N's delay, then answers `{"args": {"a": "N"}}`.
async fn echo(
    State(counts): State<Arc<Counts>>,
    Query(args): Query<serde_json::Map<String, Value>>,
) -> axum::Json<Value> {
    let now = counts.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    counts.most_in_flight.fetch_max(now, Ordering::SeqCst);
    let a = args.get("a").and_then(Value::as_str).unwrap_or("");
    if let Some(&ms) = a.parse::<usize>().ok().and_then(|n| DELAYS_MS.get(n)) {
        sleep(Duration::from_millis(ms)).await;
    }
    counts.in_flight.fetch_sub(1, Ordering::SeqCst);
    axum::Json(json!({ "args": args }))
}

/// `/status/{code}`: an empty answer with that status.
async fn status(Path(code): Path<u16>) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST)
}
// ANCHOR_END: shop
