    // A plausible wrong answer: polling on a timer, as a loop that checks every 100ms.
    // It never looks at the waker, so it polls whether or not anything happened.
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        thread::sleep(Duration::from_millis(100));
    }
