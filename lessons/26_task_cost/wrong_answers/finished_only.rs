// Sums the results that are ready, as `sum(t.result() for t in tasks if t.done())`.
let handles: Vec<_> = (0..TASKS)
    .map(|i| tokio::spawn(job(i, gauge.clone())))
    .collect();
handles
    .into_iter()
    .filter_map(|handle| futures::FutureExt::now_or_never(handle))
    .map(|result| result.unwrap())
    .sum()
