//! How the runner talks to people: colours and progress bars on a terminal, plain
//! lines otherwise (CI logs, pipes).

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

#[derive(Debug, Clone, Copy)]
pub struct Ui {
    /// Standard error is a terminal: draw progress bars.
    pub interactive: bool,
    /// Colour diffs and verdicts.
    pub color: bool,
}

impl Ui {
    pub fn detect() -> Ui {
        let interactive = std::io::stderr().is_terminal();
        let color =
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        Ui { interactive, color }
    }

    pub fn green(&self, s: &str) -> String {
        self.paint("32", s)
    }

    pub fn red(&self, s: &str) -> String {
        self.paint("31", s)
    }

    pub fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }

    pub fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }

    pub fn build_progress(&self) -> BuildProgress {
        BuildProgress {
            bar: None,
            interactive: self.interactive,
            announced: AtomicBool::new(false),
        }
        .with_bar(self.interactive)
    }

    /// A bar counting lessons on a terminal; hidden otherwise.
    pub fn lesson_bar(&self, len: usize, what: &str) -> ProgressBar {
        if !self.interactive {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new(len as u64);
        bar.set_style(
            ProgressStyle::with_template(
                "{prefix} [{bar:30}] {pos}/{len} {wide_msg}",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        bar.set_prefix(what.to_owned());
        bar.enable_steady_tick(Duration::from_millis(100));
        bar
    }
}

/// Shows that a (possibly long, cold) cargo build is under way.
pub struct BuildProgress {
    bar: Option<ProgressBar>,
    interactive: bool,
    announced: AtomicBool,
}

impl BuildProgress {
    fn with_bar(mut self, interactive: bool) -> Self {
        if interactive {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} building {wide_msg}")
                    .expect("valid template"),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar.set_message("lessons (cargo build)");
            self.bar = Some(bar);
        }
        self
    }

    /// Cargo started compiling `what`, `elapsed` into the build. Without a terminal we
    /// say something only once a build is clearly a long one.
    pub fn compiling(&self, what: &str, elapsed: Duration) {
        match &self.bar {
            Some(bar) => bar.set_message(what.to_owned()),
            None if elapsed > Duration::from_secs(2)
                && !self.announced.swap(true, Ordering::Relaxed) =>
            {
                eprintln!(
                    "building... (a first build compiles every dependency: under a minute on 2 cores)"
                );
            }
            None => {}
        }
    }

    pub fn note(&self, what: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(what.to_owned());
        }
    }

    pub fn finish(&self, elapsed: Duration, ok: bool) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if (self.announced.load(Ordering::Relaxed) || self.interactive)
            && elapsed > Duration::from_secs(3)
        {
            let verdict = if ok {
                "built"
            } else {
                "build finished with errors"
            };
            eprintln!("{verdict} in {:.0}s", elapsed.as_secs_f64());
        }
    }
}
