// A classic mistake: a permit borrowed from a local semaphore, moved into a spawned
// task. The runner checks rustc's error against borrowed_permit.stderr.
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::time::sleep;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let sem = Semaphore::new(3);
    let permit = sem.acquire().await.unwrap(); // borrows `sem`...
    let task = tokio::spawn(async move {
        sleep(Duration::from_millis(100)).await; // ...and the task may outlive it
        drop(permit);
    });
    task.await.unwrap();
}
