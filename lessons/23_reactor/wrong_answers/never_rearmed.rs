// region: wait_readable
// A plausible wrong answer: the socket was registered readable once, in `add`, so
// the wait only leaves the waker, as if the registration lasted (it does with
// asyncio's selector and with mio; `polling` delivers one event and disarms).
self.wakers.lock().unwrap().insert(key, waker.clone());
let _ = socket;
