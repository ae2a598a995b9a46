    // A plausible wrong answer: `asyncio.wait(..., return_when=FIRST_COMPLETED)` in a
    // loop, as a `select!` that builds all three futures afresh every round. Each
    // round restarts every timer, so the fastest job wins every time.
    for running in (0..3).rev() {
        let (name, value) = tokio::select! {
            answer = after(2, ("a", 10)) => answer,
            answer = after(1, ("b", 20)) => answer,
            answer = after(3, ("c", 30)) => answer,
        };
        let now = start.elapsed().as_secs_f64();
        println!("{name} answered {value} at {now:.1}s, {running} still running");
    }
