// The permit is taken, but `let _ =` keeps nothing: it goes back to the semaphore
// at the end of that statement, before the fetch starts.
let sem = Arc::new(Semaphore::new(LIMIT));
let mut seen = HashSet::from([start.clone()]);
let mut frontier = VecDeque::from([start.clone()]);
let mut fetches = JoinSet::new();
let mut skipped = 0;
loop {
    while let Some(url) = frontier.pop_front() {
        let (sem, client, db) = (Arc::clone(&sem), client.clone(), db.clone());
        let flight = Arc::clone(&flight);
        fetches.spawn(async move {
            let _ = sem.acquire().await.expect("never closed");
            visit(&client, url, &db, &flight).await
        });
    }
    let Some(links) = fetches.join_next().await else {
        break;
    };
    for link in links.expect("a visit does not panic") {
        if link.origin() != start.origin() {
            skipped += 1;
        } else if seen.insert(link.clone()) {
            frontier.push_back(link);
        }
    }
}
skipped
