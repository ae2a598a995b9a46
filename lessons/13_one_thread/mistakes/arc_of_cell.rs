// The obvious next try: `Arc` in place of `Rc`. The count is atomic now, but the
// `Cell` inside is not. The runner checks rustc's error against arc_of_cell.stderr.
use std::cell::Cell;
use std::sync::Arc;

#[tokio::main]
async fn main() {
    let total = Arc::new(Cell::new(0_i64));
    let add = tokio::spawn(count(1, Arc::clone(&total)));
    add.await.unwrap();
    println!("total = {}", total.get());
}

async fn count(delta: i64, total: Arc<Cell<i64>>) {
    for _ in 0..1_000_000 {
        total.set(total.get() + delta);
    }
}
