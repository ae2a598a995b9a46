    // A plausible wrong answer: after Pending it polls once more "in case it is ready
    // now" before it sleeps, so every wait starts with a poll nothing asked for.
    loop {
        for _ in 0..2 {
            if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                return output;
            }
        }
        while !signal.woken.swap(false, Ordering::Acquire) {
            thread::park();
        }
    }
