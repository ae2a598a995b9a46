// A classic mistake: a spawned task that borrows a local of the function that
// spawns it. The runner checks rustc's error against borrowed_local.stderr.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let name = String::from("world");
    // Without `move`, the async block only borrows `name`.
    let task = tokio::spawn(async { println!("hello, {name}") });
    task.await.unwrap();
}
