    // A plausible wrong answer: tasks in a JoinSet come back in completion order, so
    // each one returns its id too, and the pairs are sorted by id afterwards. But the
    // order of IDS is not the order of the ids.
    let mut set = tokio::task::JoinSet::new();
    for id in IDS {
        set.spawn(async move { (id, fetch(id).await) });
    }
    let mut pairs = Vec::new();
    while let Some(pair) = set.join_next().await {
        pairs.push(pair.expect("a fetch panicked"));
    }
    pairs.sort();
    let answers: Vec<u32> = pairs.into_iter().map(|(_, answer)| answer).collect();
