// A classic mistake: calling an async fn without `.await`.
// The runner compiles this file and checks rustc's warning against never_awaited.stderr.

async fn fetch() -> u32 {
    42
}

async fn caller() {
    fetch(); // forgot `.await`: this builds a future and drops it, running nothing
}

fn main() {
    drop(caller());
}
