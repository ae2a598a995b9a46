        // A plausible wrong answer: a free lock is taken by whoever asks, even if
        // others have been waiting longer.
        if !state.locked {
            state.locked = true;
            if let Some(ticket) = this.ticket.take() {
                state.waiters.retain(|(t, _)| *t != ticket);
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
