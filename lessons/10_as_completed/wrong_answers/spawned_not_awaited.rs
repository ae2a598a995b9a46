    // A plausible wrong answer: each job becomes a task that prints its own answer,
    // as a done-callback would, but nothing waits for the tasks: the function
    // returns at once and the answers turn up during the next sections.
    for (name, secs, value) in [("a", 2, 10), ("b", 1, 20), ("c", 3, 30)] {
        tokio::spawn(async move {
            let (name, value) = after(secs, (name, value)).await;
            let now = start.elapsed().as_secs_f64();
            println!("{name} answered {value} at {now:.1}s");
        });
    }
