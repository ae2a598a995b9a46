// The first section's tasks, spawned with `tokio::spawn` on the default multi-thread
// runtime. The runner checks rustc's error against rc_not_send.stderr.
use std::cell::Cell;
use std::rc::Rc;

#[tokio::main]
async fn main() {
    let total = Rc::new(Cell::new(0_i64));
    let add = tokio::spawn(count(1, Rc::clone(&total)));
    add.await.unwrap();
    println!("total = {}", total.get());
}

async fn count(delta: i64, total: Rc<Cell<i64>>) {
    for _ in 0..1_000_000 {
        total.set(total.get() + delta);
    }
}
