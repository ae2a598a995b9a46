//! The one helper every tokio lesson shares. It is explained once, in the book's
//! "How lessons keep time" page. (It also holds the timeline recorder, `timeline.rs`,
//! which lessons never call: the runner switches it on.)
//!
//! `cargo xtask run NN` runs a lesson on the real clock, so you feel its waits.
//! `cargo xtask verify` sets `WORKBOOK_CLOCK=virtual` for lessons whose metadata say
//! `clock = "virtual"`; then this function pauses tokio's clock, and every
//! `sleep` completes as soon as nothing else can run, with the clock jumping
//! straight to the deadline. The program prints the same times either way.

mod timeline;
pub use timeline::TIMELINE_VAR;

/// The environment variable the runner sets to ask for the virtual clock.
pub const CLOCK_VAR: &str = "WORKBOOK_CLOCK";

// ANCHOR: clock
/// Pauses tokio's clock if the runner asked for a virtual clock; does nothing
/// otherwise.
///
/// Call it first thing inside `#[tokio::main(flavor = "current_thread")]`: tokio
/// can only pause the clock of a current-thread runtime (it panics on a multi-thread
/// one).
pub fn virtual_clock_if_asked() {
    if std::env::var(CLOCK_VAR).is_ok_and(|v| v == "virtual") {
        tokio::time::pause();
        // A recorded timeline counts from here (see `timeline.rs`).
        let _ = timeline::VIRTUAL_START.set(tokio::time::Instant::now());
    }
}
// ANCHOR_END: clock
