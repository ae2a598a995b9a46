        // A plausible wrong answer: rayon computes on every core, but the call is
        // made in the task, and it blocks the runtime's thread until rayon is done.
        let sum = sum_of_squares_on_all_cores(N);
