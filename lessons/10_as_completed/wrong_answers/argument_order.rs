    // A plausible wrong answer, `for task in tasks: print(await task)`: the jobs run
    // together as tasks, but the answers are taken in argument order, so b, done at
    // 1.0s, waits behind a.
    let tasks: Vec<_> = [("a", 2, 10), ("b", 1, 20), ("c", 3, 30)]
        .into_iter()
        .map(|(name, secs, value)| tokio::spawn(after(secs, (name, value))))
        .collect();
    let total = tasks.len();
    for (done, task) in (1..).zip(tasks) {
        let (name, value) = task.await.expect("the job does not panic");
        let now = start.elapsed().as_secs_f64();
        println!("{name} answered {value} at {now:.1}s, {} still running", total - done);
    }
