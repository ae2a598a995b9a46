    // A plausible wrong answer: the blocking GET called right in the async function,
    // as `get_url(url)` called in a coroutine: it blocks the runtime's only thread.
    let mut bodies = Vec::new();
    for n in 0..PAGES {
        bodies.push(get_page(shop, n, &flight));
    }
