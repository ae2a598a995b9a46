    // A plausible wrong answer: the jobs run together, but nothing is printed until
    // the slowest one is done.
    let answers = join_all(
        [("a", 2, 10), ("b", 1, 20), ("c", 3, 30)]
            .map(|(name, secs, value)| after(secs, (name, value))),
    )
    .await;
    for (done, (name, value)) in (1..).zip(answers) {
        let now = start.elapsed().as_secs_f64();
        println!("{name} answered {value} at {now:.1}s, {} still running", 3 - done);
    }
