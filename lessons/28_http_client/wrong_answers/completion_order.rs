// A plausible wrong answer: the twelve GETs at once, but collected as they
// complete, so the values come in the order of the shop's delays.
async fn fetch(client: &Client, url: &str) -> reqwest::Result<String> {
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
    use futures::StreamExt;
    let urls: Vec<String> = NUMBERS.iter().map(|a| format!("{base}/get?a={a}")).collect();
    let mut pending: futures::stream::FuturesUnordered<_> =
        urls.iter().map(|url| fetch(client, url)).collect();
    let mut values = Vec::new();
    while let Some(value) = pending.next().await {
        values.push(value?);
    }
    Ok(values)
}
