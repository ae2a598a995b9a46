// A plausible wrong answer, the seeds' `async with ClientSession() as session`
// inside each fetch: a new client, and so a new connection, for every GET.
async fn fetch(_client: &Client, url: &str) -> reqwest::Result<String> {
    let client = Client::new();
    let reply: Reply = client
        .get(url)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    Ok(reply.args.a)
}

async fn gather(client: &Client, base: &str) -> reqwest::Result<Vec<String>> {
    let urls: Vec<String> = NUMBERS.iter().map(|a| format!("{base}/get?a={a}")).collect();
    try_join_all(urls.iter().map(|url| fetch(client, url))).await
}
