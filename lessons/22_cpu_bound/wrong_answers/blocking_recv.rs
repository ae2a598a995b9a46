        // A plausible wrong answer: rayon computes on its own threads, but the task
        // waits for the result with a blocking receive.
        let (sender, receiver) = std::sync::mpsc::channel();
        rayon::spawn(move || {
            let _ = sender.send(sum_of_squares_on_all_cores(N));
        });
        let sum = receiver.recv().expect("rayon sends the sum");
