// A plausible wrong answer, `data["a"]` for `data["args"]["a"]`: the JSON decoded
// into a struct of the wrong shape. serde finds no field `a` at the top.
#[derive(serde::Deserialize)]
struct Flat {
    a: String,
}

async fn fetch(client: &Client, url: &str) -> reqwest::Result<String> {
    let reply: Flat = client
        .get(url)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    Ok(reply.a)
}

async fn gather(client: &Client, base: &str) -> reqwest::Result<Vec<String>> {
    let urls: Vec<String> = NUMBERS.iter().map(|a| format!("{base}/get?a={a}")).collect();
    try_join_all(urls.iter().map(|url| fetch(client, url))).await
}
