//! Lesson 14: `asyncio.Lock` in Rust. A cache that fetches the same page twice
//! without a lock and once with one; `tokio::sync::Mutex` against `std::sync::Mutex`;
//! and the articles' lock, taken by `main` and released by a timer.

// ANCHOR: imports
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::{Instant, sleep, sleep_until};
// ANCHOR_END: imports

#[tokio::main(flavor = "current_thread")]
async fn main() {
    workbook::virtual_clock_if_asked();

    without_a_lock().await;
    with_a_lock().await;
    released_by_a_timer().await;
}

// ANCHOR: site
/// Stands for a slow web site: a fetch takes a second, and the site counts them.
struct Site {
    start: Instant,
    fetches: AtomicUsize,
}

impl Site {
    fn new() -> Site {
        let fetches = AtomicUsize::new(0);
        Site {
            start: Instant::now(),
            fetches,
        }
    }

    async fn fetch(&self, who: &str, url: &str) -> String {
        println!("{} {who}: fetching {url}", self.now());
        sleep(Duration::from_secs(1)).await;
        self.fetches.fetch_add(1, Ordering::Relaxed);
        format!("<page of {url}>")
    }

    /// Seconds since the section started, for the transcript.
    fn now(&self) -> String {
        format!("{:.1}s", self.start.elapsed().as_secs_f64())
    }
}
// ANCHOR_END: site

// ANCHOR: callers
/// Three tasks that go through the cache `get`: `index` wants another page, then
/// `parse_stuff` and `use_stuff` want the same page, half a second apart.
async fn callers<F>(
    site: &Arc<Site>,
    get: impl Fn(Arc<Site>, &'static str, &'static str) -> F,
) where
    F: Future<Output = String> + Send + 'static,
{
    // One caller: wait until its time, ask, and say what it got.
    let caller = |who, url, after_ms| {
        let (site, get) = (Arc::clone(site), get(Arc::clone(site), who, url));
        async move {
            sleep_until(site.start + Duration::from_millis(after_ms)).await;
            println!("{} {who}: asks for {url}", site.now());
            let page = get.await;
            println!("{} {who}: got {page}", site.now());
        }
    };
    let index = tokio::spawn(caller("index", "/index", 0));
    let parse = tokio::spawn(caller("parse", "/stuff", 200));
    let use_ = tokio::spawn(caller("use", "/stuff", 700));
    for task in [index, parse, use_] {
        task.await.unwrap();
    }
    println!("fetches: {}", site.fetches.load(Ordering::Relaxed));
}
// ANCHOR_END: callers

// ANCHOR: without
/// The articles' first cache: look, fetch on a miss, store. The map sits in a
/// `std::sync::Mutex`, locked only to look up and to store, never across `.await`.
async fn without_a_lock() {
    println!("-- a cache without a lock --");
    let site = Arc::new(Site::new());
    let pages = Arc::new(std::sync::Mutex::new(HashMap::new()));
    callers(&site, |site, who, url| {
        let pages = Arc::clone(&pages);
        async move {
            // The guard is a temporary: it is dropped at the end of this statement.
            let cached = pages.lock().unwrap().get(url).cloned();
            if let Some(page) = cached {
                return page;
            }
            // Nothing stops the other task from missing too while this one waits.
            let page = site.fetch(who, url).await;
            pages.lock().unwrap().insert(url.to_owned(), page.clone());
            page
        }
    })
    .await;
}
// ANCHOR_END: without

// ANCHOR: with
/// The same two tasks, through a cache whose `tokio::sync::Mutex` is held from the
/// look-up to the store, across the fetch.
async fn with_a_lock() {
    println!("-- a cache with a lock --");
    let site = Arc::new(Site::new());
    // The map lives inside the lock: there is no way to reach it without locking.
    let cache = Arc::new(Mutex::new(HashMap::new()));
    callers(&site, |site, who, url| {
        let cache = Arc::clone(&cache);
        async move { get_stuff(&cache, &site, who, url).await }
    })
    .await;
}

/// `async with lock:` around the look-up, the fetch and the store.
async fn get_stuff(
    cache: &Mutex<HashMap<String, String>>,
    site: &Site,
    who: &str,
    url: &str,
) -> String {
    // ANCHOR: get_stuff
    // Waiting for the lock is an `.await`: the thread runs other tasks meanwhile.
    let mut pages = cache.lock().await;
    if let Some(page) = pages.get(url) {
        return page.clone();
    }
    // Still holding the lock: whoever asks next waits here until the page is stored.
    let page = site.fetch(who, url).await;
    pages.insert(url.to_owned(), page.clone());
    page
    // `pages`, the guard, is dropped here: that is the release.
    // ANCHOR_END: get_stuff
}
// ANCHOR_END: with

// ANCHOR: timer
/// The articles' lock: `main` takes it, a timer releases it 0.1s later, and `l1` and
/// `l2`, waiting meanwhile, take it in turn.
async fn released_by_a_timer() {
    println!("-- a lock released by a timer --");
    let start = Instant::now();
    let lock = Arc::new(Mutex::new(()));
    // `lock_owned` takes an `Arc` of the mutex and returns a guard that keeps one:
    // it borrows nothing, so it can move into another task.
    let guard = Arc::clone(&lock).lock_owned().await;
    // `loop.call_later(0.1, unlock, lock)`: a task that owns the guard, and releases
    // the lock by dropping it.
    let timer = tokio::spawn(async move {
        sleep(Duration::from_millis(100)).await;
        let now = start.elapsed().as_secs_f64();
        println!("{now:.1}s callback releasing lock");
        drop(guard);
    });
    let l1 = tokio::spawn(take_in_turn("l1", Arc::clone(&lock), start));
    let l2 = tokio::spawn(take_in_turn("l2", Arc::clone(&lock), start));
    for task in [timer, l1, l2] {
        task.await.unwrap();
    }
}

async fn take_in_turn(name: &str, lock: Arc<Mutex<()>>, start: Instant) {
    println!("{name} waiting for the lock");
    let guard = lock.lock().await;
    let now = start.elapsed().as_secs_f64();
    println!("{now:.1}s {name} acquired lock");
    drop(guard);
    println!("{now:.1}s {name} released lock");
}
// ANCHOR_END: timer
