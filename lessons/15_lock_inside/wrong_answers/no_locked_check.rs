        // A plausible wrong answer: the queue is right, but a task whose turn it is
        // takes the lock without checking that it is free.
        let first = match this.ticket {
            None => state.waiters.is_empty(),
            Some(ticket) => state.waiters.front().is_some_and(|(t, _)| *t == ticket),
        };
        if first {
            state.locked = true;
            if this.ticket.take().is_some() {
                state.waiters.pop_front();
            }
            return Poll::Ready(Guard { lock });
        }
        if this.ticket.is_none() {
            let ticket = state.next_ticket;
            state.next_ticket += 1;
            state.waiters.push_back((ticket, cx.waker().clone()));
            this.ticket = Some(ticket);
        }
        Poll::Pending
