//! Lesson 31: the articles' crawler, done right. A site of thirty linked pages
//! (with cycles, and links to other hosts) served on 127.0.0.1; a crawler with a
//! frontier, a seen-set, three permits, a real HTML parser and SQLite through an
//! async pool, which stops when nothing is queued and nothing is in flight; the
//! server's own log as proof; and what a Bloom filter trades for its small size.

// ANCHOR: imports
use std::collections::{HashSet, VecDeque};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{Html as HtmlPage, IntoResponse, Response};
use reqwest::{Client, Url};
use scraper::{Html, Selector};
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions, SqliteSynchronous};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
// ANCHOR_END: imports
// Unused here, but linking `workbook` lets the runner record this lesson's timeline
// (`cargo xtask run NN --timeline`; see ARCHITECTURE.md, "Timelines").
use workbook as _;

// ANCHOR: main
/// At most this many fetches in flight: the articles' `Semaphore(3)`.
const LIMIT: usize = 3;

// One thread runs the crawler and both servers: nothing here blocks, and SQLite's
// calls run on sqlx's own worker threads.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    // Every host but the site answers here: `127.0.0.1` on another port, and
    // (through the client's DNS overrides below) example.com and other.test. It
    // counts the requests it gets, so a crawler that leaves the site is caught,
    // without ever touching the internet.
    let elsewhere = Server::start(Role::Elsewhere).await;
    let site = Server::start(Role::Site {
        elsewhere: elsewhere.addr,
    })
    .await;
    println!(
        "site: {PAGES} pages, with {} links to other hosts",
        site_offsite_links(site.addr, elsewhere.addr)
    );

    // One client for the whole crawl, as one `ClientSession`: it keeps connections
    // open between requests. No proxy from the environment, and the two other
    // names resolve to `elsewhere`, never through DNS.
    let client = Client::builder()
        .no_proxy()
        .resolve("example.com", elsewhere.addr)
        .resolve("other.test", elsewhere.addr)
        .build()
        .expect("a client");

    // The database is a file in a temporary folder, deleted when `dir` is dropped.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = open_db(&dir.path().join("crawl.db")).await;

    let start = Url::parse(&format!("http://{}/", site.addr)).expect("a URL");
    let flight = Arc::new(Flight::default());
    let skipped = crawl(start.clone(), client, db.clone(), Arc::clone(&flight)).await;
    println!(
        "crawl: {} fetches ({} failed), {}, {skipped} off-site links skipped",
        flight.fetches.load(Ordering::SeqCst),
        flight.failed.load(Ordering::SeqCst),
        flight.most(),
    );

    let paths = print_rows(&db, &start).await;
    site.print_log("site");
    elsewhere.print_log("other hosts");
    db.close().await;

    bloom_filter(&paths);
}
// ANCHOR_END: main

// ANCHOR: crawl_fn
/// Crawls the site from `start`, storing one row per page; returns how many links
/// to other hosts it skipped.
async fn crawl(
    start: Url,
    client: Client,
    db: SqlitePool,
    flight: Arc<Flight>,
) -> usize {
    // ANCHOR: crawl
    // Three permits: a fetch holds one from before its GET until its row is stored.
    let sem = Arc::new(Semaphore::new(LIMIT));
    // A URL goes into `seen` when it is queued, never later: a page linked from
    // two pages (or twice from one) is queued once, so it is fetched once.
    let mut seen = HashSet::from([start.clone()]);
    let mut frontier = VecDeque::from([start.clone()]);
    let mut fetches = JoinSet::new();
    let mut skipped = 0;
    loop {
        // Start a fetch for each URL waiting. Each is a task that first waits for
        // a permit, so at most three GETs are out whatever the frontier holds.
        while let Some(url) = frontier.pop_front() {
            let (sem, client, db) = (Arc::clone(&sem), client.clone(), db.clone());
            let flight = Arc::clone(&flight);
            let fetch = async move {
                let _permit = sem.acquire().await.expect("never closed");
                visit(&client, url, &db, &flight).await
            };
            fetches.spawn(fetch);
        }
        // Nothing queued: wait for a fetch to end. `None` means none is in flight
        // either, so no new URL can turn up: the crawl is over.
        let Some(links) = fetches.join_next().await else {
            break;
        };
        for link in links.expect("a visit does not panic") {
            if link.origin() != start.origin() {
                // Another scheme, host or port: not ours to fetch.
                skipped += 1;
            } else if seen.insert(link.clone()) {
                frontier.push_back(link);
            }
        }
    }
    skipped
    // ANCHOR_END: crawl
}
// ANCHOR_END: crawl_fn

// ANCHOR: visit
/// A crawler that loses its seen-set would go round the site's cycles forever;
/// a real one has a budget of pages, and so does this one.
const BUDGET: usize = 10 * PAGES;

/// Fetches one page, stores its title, and returns its links as absolute URLs
/// (relative ones resolved against the page's URL, fragments dropped).
async fn visit(
    client: &Client,
    url: Url,
    db: &SqlitePool,
    flight: &Flight,
) -> Vec<Url> {
    // Count the fetch, unless the budget is spent: then fetch nothing.
    let counted =
        flight
            .fetches
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < BUDGET).then_some(n + 1)
            });
    if counted.is_err() {
        return Vec::new();
    }
    flight.enter();
    let body = get(client, &url).await;
    flight.leave();
    let Ok(body) = body else {
        flight.failed.fetch_add(1, Ordering::SeqCst);
        return Vec::new();
    };
    // `Html` is not `Send`, so it must not live across an `.await` in a spawned
    // task: `parse` is a plain function, and only its `String`s come back.
    let (title, links) = parse(&body, &url);
    // `bind` sends the title as a parameter, never as SQL: a title with a quote
    // in it is stored as it is (the articles' `format` into SQL breaks on it).
    sqlx::query("INSERT INTO pages (url, title) VALUES (?, ?)")
        .bind(url.as_str())
        .bind(&title)
        .execute(db)
        .await
        .expect("a row stored");
    links
}

async fn get(client: &Client, url: &Url) -> reqwest::Result<String> {
    let response = client.get(url.clone()).send().await?;
    response.error_for_status()?.text().await
}

/// The page's `<title>` and the `href` of each `<a>`. A real parser: entities are
/// decoded (`&amp;` is `&`), and a link inside an HTML comment is no link.
fn parse(body: &str, base: &Url) -> (String, Vec<Url>) {
    let page = Html::parse_document(body);
    let title_tag = Selector::parse("title").expect("a selector");
    let link_tag = Selector::parse("a[href]").expect("a selector");
    let title = page
        .select(&title_tag)
        .next()
        .map(|title| title.text().collect::<String>().trim().to_string())
        .unwrap_or_default();
    let links = page
        .select(&link_tag)
        .filter_map(|a| base.join(a.attr("href")?).ok())
        .map(|mut link| {
            link.set_fragment(None);
            link
        })
        .collect();
    (title, links)
}

/// How many fetches have started, failed, and are in flight, and the most there
/// ever were at once.
#[derive(Default)]
struct Flight {
    fetches: AtomicUsize,
    failed: AtomicUsize,
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

    /// The bound, said so that a machine under load cannot change it: the most
    /// at once is 3 whenever three fetches overlap, and any crawler that lets a
    /// fourth in lets in several.
    fn most(&self) -> String {
        match self.max.load(Ordering::SeqCst) {
            max if max <= LIMIT => format!("at most {max} in flight"),
            _ => format!("more than {LIMIT} in flight"),
        }
    }
}
// ANCHOR_END: visit

// ANCHOR: db
/// A pool of SQLite connections (three, as many as fetches) over one file.
async fn open_db(file: &Path) -> SqlitePool {
    // The file is deleted at the end: nothing to keep through a power cut, so
    // SQLite need not wait for the disk after each commit (the default, FULL,
    // does, and a disk busy with other writes can make that wait long).
    let options = SqliteConnectOptions::new()
        .filename(file)
        .create_if_missing(true)
        .synchronous(SqliteSynchronous::Off);
    let db = SqlitePoolOptions::new()
        .max_connections(3)
        .connect_with(options)
        .await
        .expect("the database opens");
    sqlx::query("CREATE TABLE pages (url TEXT NOT NULL, title TEXT NOT NULL)")
        .execute(&db)
        .await
        .expect("a table");
    db
}

/// Prints the stored rows in a fixed order (by URL, whatever order they were
/// stored in) and returns their paths.
async fn print_rows(db: &SqlitePool, start: &Url) -> Vec<String> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT url, title FROM pages ORDER BY url")
            .fetch_all(db)
            .await
            .expect("the rows");
    println!("{} rows in SQLite, ORDER BY url:", rows.len());
    let origin = start.as_str().trim_end_matches('/');
    let mut paths = Vec::new();
    for (url, title) in rows {
        // The port changes from run to run: print the path, not the whole URL.
        let path = url.strip_prefix(origin).unwrap_or(&url).to_string();
        println!("  {path:<13} {title}");
        paths.push(path);
    }
    paths
}
// ANCHOR_END: db

// ANCHOR: site
/// The site: `/` and `/articles/01` to `/articles/29`.
const PAGES: usize = 30;

const TITLES: [&str; PAGES] = [
    "Home: a small site about asyncio",
    "Event loops &amp; callbacks",
    "Coroutines are lazy",
    "Tasks: create_task and spawn",
    "Python's event loop, inside",
    "gather, wait &amp; as_completed",
    "Timeouts",
    "Cancellation",
    "Locks",
    "Semaphores",
    "Events and conditions",
    "Queues",
    "Worker pools",
    "Priority queues",
    "Threads &amp; executors",
    "Processes",
    "A task by hand",
    "A loop by hand",
    "Sockets",
    "HTTP by hand",
    "Clients",
    "Servers",
    "Too many open files",
    "Crawlers",
    "Bloom filters",
    "SQLite",
    "Pools of connections",
    "Back-pressure",
    "Shutting down",
    "Parsing &lt;title&gt;",
];

/// How long the site takes to answer page `i`: 30 to 130 ms, fixed per page.
fn delay(i: usize) -> Duration {
    Duration::from_millis(30 + (i as u64 * 13 % 6) * 20)
}

/// Page `i`'s `href`s, in the order they appear. Home links to articles 1-5.
/// Article `i` links home, to the next article twice (menu and text), to two
/// others (one by a relative `href`, one by an absolute URL with a fragment),
/// and, on some pages, to other hosts and to a draft inside an HTML comment.
fn links(i: usize, site: SocketAddr, elsewhere: SocketAddr) -> Vec<String> {
    if i == 0 {
        let mut links: Vec<String> =
            (1..=5).map(|j| format!("/articles/{j:02}")).collect();
        links.push("http://example.com/".to_string());
        return links;
    }
    let next = i % 29 + 1;
    let mut links = vec![
        "/".to_string(),
        format!("/articles/{next:02}"),
        format!("{:02}", i * 4 % 29 + 1),
        format!("http://{site}/articles/{:02}#top", i * 7 % 29 + 1),
        format!("/articles/{next:02}"),
    ];
    if i.is_multiple_of(3) {
        links.push(format!("http://example.com/asyncio/{i:02}"));
    }
    if i.is_multiple_of(5) {
        links.push(format!("http://other.test/feed/{i:02}"));
    }
    if i.is_multiple_of(7) {
        links.push(format!("http://{elsewhere}/mirror/{i:02}"));
    }
    links
}

/// How many links on the whole site point to other hosts: absolute URLs whose
/// host and port are not the site's.
fn site_offsite_links(site: SocketAddr, elsewhere: SocketAddr) -> usize {
    let own = format!("http://{site}/");
    (0..PAGES)
        .flat_map(|i| links(i, site, elsewhere))
        .filter(|href| href.starts_with("http://") && !href.starts_with(&own))
        .count()
}

fn page(i: usize, site: SocketAddr, elsewhere: SocketAddr) -> String {
    let mut html = format!(
        "<!DOCTYPE html>\n<html><head><title>{}</title></head>\n<body>\n",
        TITLES[i]
    );
    for href in links(i, site, elsewhere) {
        html += &format!("<p><a href=\"{href}\">{href}</a></p>\n");
    }
    if i.is_multiple_of(4) {
        html += &format!("<!-- <a href=\"/drafts/{i:02}\">next week</a> -->\n");
    }
    html + "</body></html>\n"
}

/// The page number of a path the site has: `/` is 0, `/articles/07` is 7.
fn page_number(path: &str) -> Option<usize> {
    if path == "/" {
        return Some(0);
    }
    let n: usize = path.strip_prefix("/articles/")?.parse().ok()?;
    (1..PAGES).contains(&n).then_some(n)
}

fn path_of(i: usize) -> String {
    if i == 0 {
        "/".to_string()
    } else {
        format!("/articles/{i:02}")
    }
}
// ANCHOR_END: site

// ANCHOR: server
/// What a server is: the site, or every other host.
#[derive(Clone, Copy)]
enum Role {
    Site { elsewhere: SocketAddr },
    Elsewhere,
}

/// A running server and its log of requested paths.
struct Server {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<String>>>,
}

#[derive(Clone)]
struct Shared {
    role: Role,
    addr: SocketAddr,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Binds 127.0.0.1 on a port the OS picks and serves on a task of its own.
    async fn start(role: Role) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let addr = listener.local_addr().expect("an address");
        let log = Arc::new(Mutex::new(Vec::new()));
        let shared = Shared {
            role,
            addr,
            log: Arc::clone(&log),
        };
        // One handler for every path, so that the log sees every request, even
        // for a path the site does not have.
        let app = Router::new().fallback(answer).with_state(shared);
        tokio::spawn(async move { axum::serve(listener, app).await });
        Server { addr, log }
    }

    /// What the server was asked for: the proof that the crawl was right.
    fn print_log(&self, name: &str) {
        let log = self.log.lock().unwrap();
        println!("{name}: {} requests", log.len());
        if name != "site" {
            return;
        }
        let count = |path: &str| log.iter().filter(|p| *p == path).count();
        let twice: Vec<String> = (0..PAGES)
            .map(path_of)
            .filter(|path| count(path) > 1)
            .collect();
        let never: Vec<String> = (0..PAGES)
            .map(path_of)
            .filter(|path| count(path) == 0)
            .collect();
        let mut other: Vec<String> = log
            .iter()
            .filter(|path| page_number(path).is_none())
            .cloned()
            .collect();
        other.sort();
        other.dedup();
        println!("  pages fetched more than once: {}", list(&twice));
        println!("  pages never fetched: {}", list(&never));
        println!("  other paths requested: {}", list(&other));
    }
}

fn list(paths: &[String]) -> String {
    if paths.is_empty() {
        "none".to_string()
    } else {
        paths.join(" ")
    }
}

async fn answer(State(shared): State<Shared>, uri: Uri) -> Response {
    let path = uri.path().to_string();
    shared.log.lock().unwrap().push(path.clone());
    match shared.role {
        Role::Site { elsewhere } => match page_number(&path) {
            Some(i) => {
                tokio::time::sleep(delay(i)).await;
                HtmlPage(page(i, shared.addr, elsewhere)).into_response()
            }
            None => StatusCode::NOT_FOUND.into_response(),
        },
        Role::Elsewhere => {
            HtmlPage("<html><head><title>Somebody else's page</title></head></html>")
                .into_response()
        }
    }
}
// ANCHOR_END: server

// ANCHOR: bloom
/// A Bloom filter: `m` bits, `k` of them set per item. An item whose `k` bits are
/// all set is "maybe seen"; one with any bit clear was never added.
struct Bloom {
    words: Vec<u64>,
    m: u64,
    k: u64,
}

impl Bloom {
    fn new(m: u64, k: u64) -> Bloom {
        // The bits, 64 to a word: m bits take about m / 8 bytes.
        let words = vec![0; m.div_ceil(64) as usize];
        Bloom { words, m, k }
    }

    /// The item's `k` bit positions: `h1 + i * h2` for i in 0..k (Kirsch and
    /// Mitzenmacher: two hashes give all k). Both are FNV-1a with fixed seeds, so
    /// every run and the Python twin set the same bits (std's `RandomState` and
    /// Python's `hash` of a `str` are seeded at random, on purpose).
    fn positions(&self, item: &str) -> impl Iterator<Item = u64> + use<> {
        let h1 = mix(fnv1a(FNV_OFFSET, item));
        let h2 = mix(fnv1a(FNV_OFFSET ^ SEED, item));
        let m = self.m;
        (0..self.k).map(move |i| h1.wrapping_add(i.wrapping_mul(h2)) % m)
    }

    fn insert(&mut self, item: &str) {
        for at in self.positions(item) {
            self.words[(at / 64) as usize] |= 1 << (at % 64);
        }
    }

    fn maybe_contains(&self, item: &str) -> bool {
        self.positions(item)
            .all(|at| self.words[(at / 64) as usize] & (1 << (at % 64)) != 0)
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
/// The second hash's seed: any fixed number other than 0.
const SEED: u64 = 0x9e37_79b9_7f4a_7c15;

fn fnv1a(seed: u64, item: &str) -> u64 {
    item.bytes().fold(seed, |h, byte| {
        (h ^ u64::from(byte)).wrapping_mul(FNV_PRIME)
    })
}

/// MurmurHash3's last step. FNV-1a alone leaves paths that differ in one digit
/// with related hashes; they pile up on the same bits, and the measured rate
/// drops below the formula's, which assumes bits picked at random.
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The crawled paths and 1000 more in a filter of 10,000 bits (about 1.2 KB) with
/// 7 hashes; then 10,000 paths never added, counting those it calls seen.
fn bloom_filter(crawled: &[String]) {
    let (m, k, tests) = (10_000, 7, 10_000);
    let mut added: Vec<String> = crawled.to_vec();
    added.extend((0..1000).map(|i| format!("/archive/{i:04}")));
    let mut bloom = Bloom::new(m, k);
    for path in &added {
        bloom.insert(path);
    }
    let n = added.len();
    println!("-- the seen-set as a Bloom filter: {m} bits, {k} hashes --");
    let found = added.iter().filter(|p| bloom.maybe_contains(p)).count();
    println!(
        "added {n} paths ({} crawled, 1000 made up); found again: {found}",
        crawled.len()
    );
    let false_positives = (0..tests)
        .filter(|i| bloom.maybe_contains(&format!("/search?q={i}")))
        .count();
    // The expected rate of a filter of m bits, k hashes and n items.
    let theory = (1.0 - (-(k as f64) * n as f64 / m as f64).exp()).powi(k as i32);
    let measured = 100.0 * false_positives as f64 / tests as f64;
    println!(
        "{tests} paths never added: {false_positives} called seen ({measured:.2}%), \
         theory {:.2}%",
        100.0 * theory
    );
}
// ANCHOR_END: bloom
