    // A plausible wrong answer: a `select!` in a loop that skips the jobs already
    // answered, but still builds the others' futures afresh every round, which
    // restarts their timers: a waits 1 + 2 seconds, c 1 + 2 + 3.
    let (mut a_done, mut b_done, mut c_done) = (false, false, false);
    for running in (0..3).rev() {
        let (name, value) = tokio::select! {
            answer = after(2, ("a", 10)), if !a_done => { a_done = true; answer }
            answer = after(1, ("b", 20)), if !b_done => { b_done = true; answer }
            answer = after(3, ("c", 30)), if !c_done => { c_done = true; answer }
        };
        let now = start.elapsed().as_secs_f64();
        println!("{name} answered {value} at {now:.1}s, {running} still running");
    }
