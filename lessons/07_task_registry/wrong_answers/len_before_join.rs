    // A plausible wrong answer: the count is read before `join_next` takes the
    // finished task out, so each line counts that task as still running.
    while !set.is_empty() {
        let running = set.len();
        let joined = set.join_next().await.expect("the set is not empty");
        let (name, answer) = joined.expect("fetch does not panic");
        let at = start.elapsed().as_secs_f64();
        println!("{name} finished at {at:.1}s -> '{answer}', {running} still running");
    }
