    // A plausible wrong answer: `event.clear(); event.wait()`, reset the flag and
    // then sleep until it is set. But the reset comes after the poll, and a wake-up
    // that came during the poll is thrown away.
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        signal.woken.store(false, Ordering::Release);
        while !signal.woken.load(Ordering::Acquire) {
            thread::park();
        }
    }
