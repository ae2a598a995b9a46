// A plausible wrong answer: the GETs spawned into a `JoinSet`, and its `join_all`
// taken for `gather`. It answers in the order the tasks finished.
async fn as_they_complete(shop: SocketAddr) {
    let mut pending: FuturesUnordered<_> =
        (0..PAGES).map(|n| get_page(shop, n)).collect();
    while let Some(page) = pending.next().await {
        println!("{}", page.expect("the shop answers"));
    }
}

async fn in_request_order(shop: SocketAddr) {
    let mut set = tokio::task::JoinSet::new();
    for n in 0..PAGES {
        set.spawn(get_page(shop, n));
    }
    let ids: Vec<String> = set
        .join_all()
        .await
        .into_iter()
        .map(|page| page.expect("the shop answers").id())
        .collect();
    println!("in request order: goods {}", ids.join(" "));
}
