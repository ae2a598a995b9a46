// Every task must own what it uses ('static): the one Arc is moved into the
// first task, and there is none left for the second.
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

async fn job(i: u64, finished: Arc<AtomicU64>) -> u64 {
    finished.fetch_add(1, Ordering::SeqCst);
    i
}

#[tokio::main]
async fn main() {
    let finished = Arc::new(AtomicU64::new(0));
    let mut handles = Vec::new();
    for i in 0..10 {
        handles.push(tokio::spawn(job(i, finished)));
    }
    for handle in handles {
        handle.await.unwrap();
    }
}
