        // A plausible wrong answer: newcomers join the front of the queue, so the
        // last to ask is the first served.
        let first = match this.ticket {
            None => state.waiters.is_empty(),
            Some(ticket) => state.waiters.front().is_some_and(|(t, _)| *t == ticket),
        };
        if first && !state.locked {
            state.locked = true;
            if this.ticket.take().is_some() {
                state.waiters.pop_front();
            }
            return Poll::Ready(Guard { lock });
        }
        match this.ticket {
            None => {
                let ticket = state.next_ticket;
                state.next_ticket += 1;
                state.waiters.push_front((ticket, cx.waker().clone()));
                this.ticket = Some(ticket);
            }
            Some(ticket) => {
                let entry = state.waiters.iter_mut().find(|(t, _)| *t == ticket);
                entry.unwrap().1.clone_from(cx.waker());
            }
        }
        Poll::Pending
