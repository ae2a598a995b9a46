// A plausible wrong answer, `for page in await gather(*tasks): print(page)`: the
// twenty GETs run at once, but nothing is printed until the last is in, and then
// in request order, not as they completed.
async fn as_they_complete(shop: SocketAddr) {
    let pages = join_all((0..PAGES).map(|n| get_page(shop, n))).await;
    for page in pages {
        println!("{}", page.expect("the shop answers"));
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
