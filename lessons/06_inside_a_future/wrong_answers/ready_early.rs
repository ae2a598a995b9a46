        // A plausible wrong answer: counting down before checking, so the third poll
        // already finds `left` at zero and answers Ready one poll early.
        self.polls += 1;
        self.left -= 1;
        if self.left == 0 {
            println!("  poll #{}: Ready", self.polls);
            return Poll::Ready(self.polls);
        }
        println!("  poll #{}: Pending, {} to go", self.polls, self.left);
        cx.waker().wake_by_ref();
        Poll::Pending
