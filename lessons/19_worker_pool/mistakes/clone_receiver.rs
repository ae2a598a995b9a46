// A classic mistake: two workers on one tokio `mpsc` channel. The runner compiles
// this file and checks rustc's error against clone_receiver.stderr.
use tokio::sync::mpsc;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (tx, mut rx) = mpsc::channel::<u32>(10);
    let mut rx2 = rx.clone(); // a second consumer, as for `queue.get()`
    tokio::spawn(async move { while let Some(job) = rx2.recv().await { drop(job) } });
    while let Some(job) = rx.recv().await {
        drop(job);
    }
    drop(tx);
}
