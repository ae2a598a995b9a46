    // A plausible wrong answer: right results, but each fetch awaited before the next starts.
    let mut answers = Vec::new();
    for id in 1..=5 {
        answers.push(fetch(id).await);
    }
