        // A plausible wrong answer: the queue is right, but taking the lock does not
        // mark it taken.
        let first = match this.ticket {
            None => state.waiters.is_empty(),
            Some(ticket) => state.waiters.front().is_some_and(|(t, _)| *t == ticket),
        };
        if first && !state.locked {
            if this.ticket.take().is_some() {
                state.waiters.pop_front();
            }
            return Poll::Ready(Guard { lock });
        }
        match this.ticket {
            None => {
                let ticket = state.next_ticket;
                state.next_ticket += 1;
                state.waiters.push_back((ticket, cx.waker().clone()));
                this.ticket = Some(ticket);
            }
            Some(ticket) => {
                let entry = state.waiters.iter_mut().find(|(t, _)| *t == ticket);
                entry.unwrap().1.clone_from(cx.waker());
            }
        }
        Poll::Pending
