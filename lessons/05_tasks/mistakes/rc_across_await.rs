// A classic mistake: a spawned future that keeps an `Rc` across an `.await`. The
// runner compiles this file and checks rustc's error against rc_across_await.stderr.
use std::rc::Rc;
use std::time::Duration;

use tokio::time::sleep;

#[tokio::main(flavor = "current_thread")] // one thread, and still `Send` is required
async fn main() {
    let task = tokio::spawn(async {
        let visits = Rc::new(1); // not `Send`: its count is not atomic
        sleep(Duration::from_millis(100)).await;
        println!("{visits} visit"); // `visits` is used after the await
    });
    task.await.unwrap();
}
