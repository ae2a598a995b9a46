// A classic mistake: a callback closure that borrows its extra argument instead of
// taking it along. The runner compiles this file and checks rustc's error against
// forgot_move.stderr.

/// Stands in for the lesson's `add_done_callback`: a callback runs later, inside a
/// task that may outlive the caller, so it must own everything it uses (`'static`).
fn add_done_callback(callback: impl FnOnce(&str) + Send + 'static) {
    callback("a page");
}

fn main() {
    for url in [String::from("/a"), String::from("/b")] {
        // Without `move`, the closure only borrows `url`, which dies at the end of
        // this iteration, long before the task would finish.
        add_done_callback(|page| println!("callback for {url}: got '{page}'"));
    }
}
