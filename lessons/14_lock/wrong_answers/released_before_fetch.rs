    // A plausible wrong answer: the guard is dropped before the fetch, "so that
    // others are not kept waiting", and taken again to store the page.
    let pages = cache.lock().await;
    if let Some(page) = pages.get(url) {
        return page.clone();
    }
    drop(pages);
    let page = site.fetch(who, url).await;
    cache.lock().await.insert(url.to_owned(), page.clone());
    page
