// Results as they come in, as with asyncio.as_completed.
let mut jobs: futures::stream::FuturesUnordered<smol::Task<u64>> = (1..=3)
    .map(|i| smol::spawn(smol_job(i, tx.clone(), flight.clone())))
    .collect();
let mut results = Vec::new();
while let Some(result) = jobs.next().await {
    results.push(result);
}
