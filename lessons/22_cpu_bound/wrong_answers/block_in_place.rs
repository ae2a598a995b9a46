        // A plausible wrong answer: `block_in_place`, tokio's way to block a worker
        // of a multi-thread runtime; this runtime has one thread.
        let sum = task::block_in_place(|| sum_of_squares_on_all_cores(N));
