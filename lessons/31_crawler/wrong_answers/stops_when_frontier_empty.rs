// The loop runs while the frontier holds URLs, taking in whatever fetch has
// already ended. Right after the start URL is handed out the frontier is empty,
// although a fetch is still in flight: the crawl stops, and no link is followed.
let sem = Arc::new(Semaphore::new(LIMIT));
let mut seen = HashSet::from([start.clone()]);
let mut frontier = VecDeque::from([start.clone()]);
let mut fetches = JoinSet::new();
let mut skipped = 0;
while let Some(url) = frontier.pop_front() {
    let (sem, client, db) = (Arc::clone(&sem), client.clone(), db.clone());
    let flight = Arc::clone(&flight);
    fetches.spawn(async move {
        let _permit = sem.acquire().await.expect("never closed");
        visit(&client, url, &db, &flight).await
    });
    while let Some(links) = fetches.try_join_next() {
        for link in links.expect("a visit does not panic") {
            if link.origin() != start.origin() {
                skipped += 1;
            } else if seen.insert(link.clone()) {
                frontier.push_back(link);
            }
        }
    }
}
// Wait for what is still in flight, but follow none of its links.
fetches.join_all().await;
skipped
