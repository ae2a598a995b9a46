    // A plausible wrong answer: it sleeps until the flag is set, but never resets it,
    // so after the first wake-up it never sleeps again.
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        while !signal.woken.load(Ordering::Acquire) {
            thread::park();
        }
    }
