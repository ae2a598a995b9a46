        // A plausible wrong answer: `try_send` never waits. On a full queue it
        // returns `Err(Full(item))`, and `let _ =` drops the item with the error.
        let _ = tx.try_send(item);
