// region: event
// A plausible wrong answer: the flag in a `watch` channel, but `wait` waits for
// the next change of it rather than for it to be true.
struct Event {
    flag: tokio::sync::watch::Sender<bool>,
}

impl Event {
    fn new() -> Self {
        Event {
            flag: tokio::sync::watch::Sender::new(false),
        }
    }

    fn set(&self) {
        self.flag.send_replace(true);
    }

    fn is_set(&self) -> bool {
        *self.flag.borrow()
    }

    async fn wait(&self) {
        let mut rx = self.flag.subscribe();
        rx.changed().await.expect("the sender lives in self");
    }
}
