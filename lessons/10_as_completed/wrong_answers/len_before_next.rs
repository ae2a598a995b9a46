    // A plausible wrong answer: the count is read before `next()` takes the finished
    // future out of the set, so each line counts its own job as still running.
    let mut pending: FuturesUnordered<_> = [("a", 2, 10), ("b", 1, 20), ("c", 3, 30)]
        .into_iter()
        .map(|(name, secs, value)| after(secs, (name, value)))
        .collect();
    while !pending.is_empty() {
        let running = pending.len();
        let (name, value) = pending.next().await.expect("the set is not empty");
        let now = start.elapsed().as_secs_f64();
        println!("{name} answered {value} at {now:.1}s, {running} still running");
    }
