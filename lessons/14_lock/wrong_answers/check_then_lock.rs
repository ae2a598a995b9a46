    // A plausible wrong answer: look without holding the lock, then lock for the slow
    // part only, and fetch without looking again.
    if let Some(page) = cache.lock().await.get(url) {
        return page.clone();
    }
    let mut pages = cache.lock().await;
    let page = site.fetch(who, url).await;
    pages.insert(url.to_owned(), page.clone());
    page
