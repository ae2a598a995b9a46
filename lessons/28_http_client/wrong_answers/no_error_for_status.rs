// A plausible wrong answer: the status never checked. A 404's body is decoded as
// if it were the JSON asked for, and the error says so, not that it was a 404.
async fn fetch(client: &Client, url: &str) -> reqwest::Result<String> {
    let reply: Reply = client.get(url).send().await?.json().await?;
    Ok(reply.args.a)
}

async fn gather(client: &Client, base: &str) -> reqwest::Result<Vec<String>> {
    let urls: Vec<String> = NUMBERS.iter().map(|a| format!("{base}/get?a={a}")).collect();
    try_join_all(urls.iter().map(|url| fetch(client, url))).await
}
