        // A plausible wrong answer: the ticket is never looked at, so a woken waiter
        // is a newcomer again: it finds the queue not empty, and joins its back.
        if !state.locked && state.waiters.is_empty() {
            state.locked = true;
            return Poll::Ready(Guard { lock });
        }
        let ticket = state.next_ticket;
        state.next_ticket += 1;
        state.waiters.push_back((ticket, cx.waker().clone()));
        this.ticket = Some(ticket);
        Poll::Pending
