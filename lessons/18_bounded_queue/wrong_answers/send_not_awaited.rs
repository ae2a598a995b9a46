        // A plausible wrong answer: the future `send` returns is never awaited, so it
        // never runs; `let _ =` silences the warning that says so.
        let _ = tx.send(item);
