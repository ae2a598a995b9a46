    // A plausible wrong answer: the factorials run together, but a FuturesUnordered
    // yields each result as it is ready, as `as_completed` does, not in argument order.
    use futures::StreamExt;
    use futures::stream::FuturesUnordered;
    let results: Vec<u64> = [("A", 4), ("B", 2), ("C", 3)]
        .into_iter()
        .map(|(name, n)| factorial(name, n, start))
        .collect::<FuturesUnordered<_>>()
        .collect()
        .await;
