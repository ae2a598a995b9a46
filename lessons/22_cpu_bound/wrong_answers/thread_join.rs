        // A plausible wrong answer: the sum on a thread of its own, joined: `join`
        // blocks the runtime's thread until that thread ends.
        let sum = std::thread::spawn(|| sum_of_squares_on_all_cores(N))
            .join()
            .expect("the sum does not panic");
