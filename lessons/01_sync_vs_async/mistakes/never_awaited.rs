// The classic mistake: calling an async function without `.await`. The runner
// compiles this file and checks rustc's warning against never_awaited.stderr.

use std::time::Duration;

use tokio::time::sleep;

async fn hello(i: u32) {
    sleep(Duration::from_secs(1)); // forgot `.await`: nothing waits
    println!("hello {i}");
}

fn main() {
    drop(hello(1));
}
