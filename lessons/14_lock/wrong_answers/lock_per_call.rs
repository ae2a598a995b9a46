    // A plausible wrong answer: a lock of its own around the fetch, as in Python, but
    // a new one at each call, so no other call ever waits for it.
    let fetching = Mutex::new(());
    let _held = fetching.lock().await;
    let cached = cache.lock().await.get(url).cloned();
    if let Some(page) = cached {
        return page;
    }
    let page = site.fetch(who, url).await;
    cache.lock().await.insert(url.to_owned(), page.clone());
    page
