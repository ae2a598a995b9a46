    // A plausible wrong answer: the look-up and the fetch under one guard, but the
    // page is returned without being stored, so the cache stays empty.
    let pages = cache.lock().await;
    if let Some(page) = pages.get(url) {
        return page.clone();
    }
    site.fetch(who, url).await
