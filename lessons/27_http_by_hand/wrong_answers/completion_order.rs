// A plausible wrong answer: the second round collects the pages from the same set
// as the first, so they come in completion order where request order was asked.
async fn as_they_complete(shop: SocketAddr) {
    let mut pending: FuturesUnordered<_> =
        (0..PAGES).map(|n| get_page(shop, n)).collect();
    while let Some(page) = pending.next().await {
        println!("{}", page.expect("the shop answers"));
    }
}

async fn in_request_order(shop: SocketAddr) {
    let pages: Vec<_> = (0..PAGES)
        .map(|n| get_page(shop, n))
        .collect::<FuturesUnordered<_>>()
        .collect()
        .await;
    let ids: Vec<String> = pages
        .into_iter()
        .map(|page| page.expect("the shop answers").id())
        .collect();
    println!("in request order: goods {}", ids.join(" "));
}
