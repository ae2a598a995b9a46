        // A plausible wrong answer: `blocking_send` is for code outside the runtime
        // (a plain thread). Called from a task, it panics instead of blocking.
        tx.blocking_send(item).expect("the consumer hung up");
