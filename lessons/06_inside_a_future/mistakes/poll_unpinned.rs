// A classic mistake: polling an inner future that is not pinned. The runner
// compiles this file and checks rustc's error against poll_unpinned.stderr.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

struct Logged<F> {
    inner: F,
}

impl<F: Future> Future for Logged<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.inner.poll(cx) // wants `Pin<&mut F>`, and this is a plain `F`
    }
}

fn main() {
    drop(Logged { inner: async {} });
}
