// A classic mistake: a `std::sync::MutexGuard` held across an `.await` in a spawned
// task. The runner checks rustc's error against guard_across_await.stderr.
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::sleep;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let task = tokio::spawn({
        let log = Arc::clone(&log);
        async move {
            let mut lines = log.lock().unwrap(); // a guard, in a local...
            sleep(Duration::from_millis(100)).await; // ...across an await
            lines.push("done");
        }
    });
    task.await.unwrap();
}
