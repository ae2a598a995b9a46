//! Running many lessons at once, a few at a time.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many lessons run at once by default: twice the CPUs, since most of a
/// lesson's time is spent waiting rather than computing.
pub fn default_jobs() -> usize {
    2 * std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// `f` applied to every item on up to `jobs` threads; results in the items' order.
pub fn map<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> =
        Mutex::new(items.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, items.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else { break };
                    let result = f(item);
                    results.lock().expect("no panics")[index] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .expect("no panics")
        .into_iter()
        .map(|r| r.expect("every item mapped"))
        .collect()
}
