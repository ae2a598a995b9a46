//! Lesson 29: the articles' aiohttp server in axum: routes `/` and `/{name}` that
//! answer `Hello, Anonymous` and `Hello, <name>`, on 127.0.0.1, asked by the
//! lesson's own reqwest client; then a graceful shutdown that lets the request in
//! flight finish, and refuses the next one.

// ANCHOR: imports
use std::error::Error;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use tokio::net::TcpListener;
use tokio::runtime::Builder;
use tokio::sync::{Notify, oneshot};
use tokio::time::{sleep, timeout};
use tokio_util::sync::CancellationToken;
// ANCHOR_END: imports
// Unused here, but linking `workbook` lets the runner record this lesson's timeline
// (`cargo xtask run NN --timeline`; see ARCHITECTURE.md, "Timelines").
use workbook as _;

// ANCHOR: main
// The client's runtime: one thread, as asyncio has.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    // Port 0: the OS picks a free port, and `local_addr` says which.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("a bound address");
    let shared = Shared::default();
    // Cancelling `stop` asks the server to shut down (lesson 11's token).
    let stop = CancellationToken::new();
    // The server is a program of its own: a thread with its own runtime, which
    // says how it stopped once that runtime is gone.
    let (stopped_tx, stopped) = oneshot::channel();
    thread::spawn({
        let (shared, stop) = (shared.clone(), stop.clone());
        move || stopped_tx.send(server_main(listener, shared, stop))
    });

    println!("-- routes --");
    // One `Client` for the lesson, as one `ClientSession`: it keeps connections
    // open between requests (keep-alive) and reuses them.
    let client = reqwest::Client::new();
    for path in ["/", "/Ada", "/Ren%C3%A9", "/a/b"] {
        println!("GET {path} -> {}", get_text(&client, addr, path).await);
    }

    println!("-- graceful shutdown --");
    // The slow request runs in a task of its own, so that `main` can ask for
    // the shutdown while it is in flight.
    let slow_get = tokio::spawn({
        let client = client.clone();
        async move { get_text(&client, addr, "/slow/Grace").await }
    });
    // Wait until the handler has started: from here on the request is in
    // flight, whatever the load on the machine. (A server that never runs it
    // would leave `main` waiting forever, hence the bound.)
    if timeout(GRACE, shared.started.notified()).await.is_err() {
        println!("GET /slow/Grace never reached its handler");
        return;
    }
    println!("GET /slow/Grace is in its handler");
    stop.cancel();
    println!("shutdown asked");
    println!("{}", stopped.await.expect("the server says how it stopped"));
    let slow = slow_get.await.expect("the client task does not panic");
    println!("GET /slow/Grace -> {slow}");
    // A new client, so that the request needs a new connection: the old client's
    // pool may still hold a connection the server has closed.
    let after = get_text(&reqwest::Client::new(), addr, "/").await;
    println!("GET / after the shutdown -> {after}");
}
// ANCHOR_END: main

// ANCHOR: server_main
/// The server's `main`: serves until `stop` is cancelled, gives the shutdown
/// `GRACE` to finish, and returns how it stopped. Its runtime is dropped as it
/// returns, with every task still on it, as when a server process exits.
fn server_main(
    listener: std::net::TcpListener,
    shared: Shared,
    stop: CancellationToken,
) -> String {
    let runtime = Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .expect("a non-blocking socket");
        let listener = TcpListener::from_std(listener).expect("a tokio listener");
        let mut server =
            tokio::spawn(serve(listener, app(shared.clone()), stop.clone()));
        stop.cancelled().await;
        // A graceful shutdown waits for the requests in flight, but not forever:
        // a deadline, then abort, as aiohttp's `shutdown_timeout` does.
        match timeout(GRACE, &mut server).await {
            Ok(served) => {
                served.expect("the server does not panic");
                let answered = shared.answered.load(Ordering::SeqCst);
                format!("server stopped; slow requests answered by then: {answered}")
            }
            Err(_) => {
                server.abort();
                format!("server still running {GRACE:?} after the ask: aborted")
            }
        }
    })
}

/// How long the shutdown may take before the server is aborted.
const GRACE: Duration = Duration::from_secs(5);
// ANCHOR_END: server_main

// ANCHOR: client
/// GETs `path` and says what came back: the status and, for a 200, the body; or
/// why there was no answer.
async fn get_text(client: &reqwest::Client, addr: SocketAddr, path: &str) -> String {
    match client.get(format!("http://{addr}{path}")).send().await {
        Ok(response) => {
            let status = response.status();
            // Read the body even of a 404: the connection is reused only then.
            let body = response.text().await.expect("a body");
            if status.is_success() {
                format!("{} {body}", status.as_u16())
            } else {
                status.to_string()
            }
        }
        Err(error) => why(&error),
    }
}

/// Why a request got no answer. reqwest's error wraps hyper's, which may wrap
/// the `io::Error` of `connect`: the innermost cause says what happened.
fn why(error: &reqwest::Error) -> String {
    let mut cause: &dyn Error = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    match cause.downcast_ref::<io::Error>() {
        Some(io) if io.kind() == io::ErrorKind::ConnectionRefused => {
            "connection refused".to_string()
        }
        _ => format!("no answer: {cause}"),
    }
}
// ANCHOR_END: client

// ANCHOR: app
/// The routes: the articles' two, which share one handler, and a slow one.
fn app(shared: Shared) -> Router {
    Router::new()
        .route("/", get(hello))
        .route("/{name}", get(hello))
        .route("/slow/{name}", get(slow))
        .with_state(shared)
}

/// What the handlers share with `main`: the slow handler says when it starts,
/// and counts the answers it has finished.
#[derive(Clone, Default)]
struct Shared {
    started: Arc<Notify>,
    answered: Arc<AtomicUsize>,
}
// ANCHOR_END: app

// ANCHOR: hello
/// `request.match_info.get("name", "Anonymous")`: `Option<Path<_>>` is `None` on
/// the route that has no `{name}`, and the name otherwise, percent-decoded.
async fn hello(name: Option<Path<String>>) -> String {
    let name = match name {
        Some(Path(name)) => name,
        None => "Anonymous".to_string(),
    };
    format!("Hello, {name}")
}
// ANCHOR_END: hello

// ANCHOR: slow
/// A request that takes its time: it says it has started, works for `SLOW`, and
/// counts itself answered just before it returns its response.
async fn slow(State(shared): State<Shared>, Path(name): Path<String>) -> String {
    shared.started.notify_one();
    sleep(SLOW).await;
    shared.answered.fetch_add(1, Ordering::SeqCst);
    format!("Hello, {name}, at last")
}

const SLOW: Duration = Duration::from_millis(800);
// ANCHOR_END: slow

// ANCHOR: serve
/// Serves `app` on `listener` until `stop` is cancelled; then stops accepting,
/// lets the requests in flight finish, and returns once every connection is closed.
async fn serve(listener: TcpListener, app: Router, stop: CancellationToken) {
    axum::serve(listener, app)
        .with_graceful_shutdown(async move { stop.cancelled().await })
        .await
        .expect("axum::serve returns no error");
}
// ANCHOR_END: serve
