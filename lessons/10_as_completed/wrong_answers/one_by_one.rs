    // A plausible wrong answer: each job is awaited before the next one starts.
    let jobs = [("a", 2, 10), ("b", 1, 20), ("c", 3, 30)];
    for (done, (name, secs, value)) in (1..).zip(jobs) {
        let (name, value) = after(secs, (name, value)).await;
        let now = start.elapsed().as_secs_f64();
        println!("{name} answered {value} at {now:.1}s, {} still running", 3 - done);
    }
