// The cache with a `std::sync::Mutex` held across the fetch, in a spawned task. The
// runner checks rustc's error against std_guard_across_fetch.stderr.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

type Cache = Arc<Mutex<HashMap<String, String>>>;

#[tokio::main]
async fn main() {
    let cache = Arc::new(Mutex::new(HashMap::new()));
    let task = tokio::spawn(get_stuff(cache, "/stuff"));
    println!("{}", task.await.unwrap());
}

async fn get_stuff(cache: Cache, url: &str) -> String {
    let mut pages = cache.lock().unwrap();
    if let Some(page) = pages.get(url) {
        return page.clone();
    }
    let page = fetch(url).await;
    pages.insert(url.to_owned(), page.clone());
    page
}

async fn fetch(url: &str) -> String {
    tokio::time::sleep(Duration::from_secs(1)).await;
    format!("<page of {url}>")
}
