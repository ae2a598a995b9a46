// The articles' order: a URL is marked seen when its page has been fetched, and a
// link is queued if it is not seen yet. A page linked twice before it is fetched
// (twice from one page, or from two) is queued, and fetched, twice.
let sem = Arc::new(Semaphore::new(LIMIT));
let mut seen = HashSet::new();
let mut frontier = VecDeque::from([start.clone()]);
let mut fetches = JoinSet::new();
let mut skipped = 0;
loop {
    while let Some(url) = frontier.pop_front() {
        let (sem, client, db) = (Arc::clone(&sem), client.clone(), db.clone());
        let flight = Arc::clone(&flight);
        fetches.spawn(async move {
            let _permit = sem.acquire().await.expect("never closed");
            let links = visit(&client, url.clone(), &db, &flight).await;
            (url, links)
        });
    }
    let Some(done) = fetches.join_next().await else {
        break;
    };
    let (url, links) = done.expect("a visit does not panic");
    seen.insert(url);
    for link in links {
        if link.origin() != start.origin() {
            skipped += 1;
        } else if !seen.contains(&link) {
            frontier.push_back(link);
        }
    }
}
skipped
