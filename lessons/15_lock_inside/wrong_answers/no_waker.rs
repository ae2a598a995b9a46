        // A plausible wrong answer: "Pending, try again later", with nothing left
        // behind to wake the task when later comes.
        if !state.locked && state.waiters.is_empty() {
            state.locked = true;
            return Poll::Ready(Guard { lock });
        }
        let _ = cx;
        Poll::Pending
