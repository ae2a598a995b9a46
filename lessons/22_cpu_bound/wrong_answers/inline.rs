        // A plausible wrong answer: the sum computed in the task, as `sum(...)` in a
        // coroutine: no `.await` until it is done.
        let sum = sum_of_squares(N);
