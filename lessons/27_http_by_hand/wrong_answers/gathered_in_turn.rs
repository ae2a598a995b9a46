// A plausible wrong answer: the second round asks for each page only when the one
// before it is in. The order is right, but the GETs ran one at a time.
async fn as_they_complete(shop: SocketAddr) {
    let mut pending: FuturesUnordered<_> =
        (0..PAGES).map(|n| get_page(shop, n)).collect();
    while let Some(page) = pending.next().await {
        println!("{}", page.expect("the shop answers"));
    }
}

async fn in_request_order(shop: SocketAddr) {
    let mut ids = Vec::new();
    for n in 0..PAGES {
        ids.push(get_page(shop, n).await.expect("the shop answers").id());
    }
    println!("in request order: goods {}", ids.join(" "));
}
