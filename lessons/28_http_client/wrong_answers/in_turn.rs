// A plausible wrong answer: the twelve GETs awaited one after another. The answers
// are in order, but only one request was ever in flight.
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
    let mut values = Vec::new();
    for a in NUMBERS {
        values.push(fetch(client, &format!("{base}/get?a={a}")).await?);
    }
    Ok(values)
}
