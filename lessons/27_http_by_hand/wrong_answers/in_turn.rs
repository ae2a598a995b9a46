// A plausible wrong answer, `for n in range(20): print(await get_url(...))`: each
// GET is awaited before the next one is sent, so one connection is open at a time
// and the pages come in request order, each after its own delay.
async fn as_they_complete(shop: SocketAddr) {
    for n in 0..PAGES {
        println!("{}", get_page(shop, n).await.expect("the shop answers"));
    }
}

async fn in_request_order(shop: SocketAddr) {
    let pages = join_all((0..PAGES).map(|n| get_page(shop, n))).await;
    let ids: Vec<String> = pages
        .into_iter()
        .map(|page| page.expect("the shop answers").id())
        .collect();
    println!("in request order: goods {}", ids.join(" "));
}
