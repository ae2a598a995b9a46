//! `cargo xtask`: the workbook's runner. Each subcommand is one variant of
//! [`Command`]; its doc comment is its `--help`. See ARCHITECTURE.md for the map.

// The runner kills a lesson's whole process group and sends it signals: Unix only.
#[cfg(not(unix))]
compile_error!(
    "The workbook runs on Linux and macOS. On Windows, use it inside WSL \
     (https://learn.microsoft.com/windows/wsl/): clone it there and run `cargo xtask start`."
);

mod bench;
mod book;
mod browser;
mod cargo;
mod ctx;
mod exec;
mod exercise;
mod expected;
mod judge;
mod lesson;
mod lessons_cmd;
mod load;
mod mistakes;
mod netns;
mod pool;
mod python;
mod serve;
mod student;
mod teacher;
mod test_all;
mod timeline;
mod ui;
mod verdict;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use ctx::Ctx;

/// The runner of "From asyncio to async Rust".
///
/// Build, run and check the workbook's lessons, do their exercises, and build its book.
/// New here? `cargo xtask start` builds everything and opens the book; then
/// `cargo xtask run 01`. Run every command from the repository's root.
#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    version,
    max_term_width = 100
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start here: build every lesson and the book, then open the book.
    ///
    /// The first time, this compiles all dependencies (a couple of minutes). Then it
    /// opens the book in your browser (or prints where it is) and tells you what to
    /// run next.
    Start,

    /// List the lessons: number, title, chapter and the seed topics each covers.
    List,

    /// Run one lesson for real and check its output.
    ///
    /// Builds the lesson, runs it on the real clock with its output streamed as it
    /// happens (so a 2-second wait takes 2 seconds), then compares what it printed
    /// with the lesson's expected.txt and says whether they match.
    ///
    /// Examples: `cargo xtask run 1`, `cargo xtask run 07`,
    /// `cargo xtask run 01_sync_vs_async`, `cargo xtask run sync_vs_async --python`.
    Run {
        /// The lesson: its number (`9` or `09`), folder (`09_gather`) or topic (`gather`).
        lesson: String,
        /// Run the lesson's Python twin instead (needs `python3`).
        #[arg(long)]
        python: bool,
        /// After the transcript, draw the run's timeline: one row per task, its polls,
        /// waits, wake-ups and end, recorded from this very run.
        #[arg(long)]
        timeline: bool,
        /// Write the run's timeline as Chrome trace JSON to FILE (open it in
        /// https://ui.perfetto.dev or chrome://tracing).
        #[arg(long, value_name = "FILE")]
        trace: Option<PathBuf>,
    },

    /// Check lessons quickly: build, run on a virtual clock, compare.
    ///
    /// Lessons whose waits are all tokio timers run on a paused clock, so a
    /// 2-second sleep takes no time and the transcript is exactly the same.
    /// Lessons run in parallel; each gets a verdict and its time, failures get a
    /// diff, and a closing line counts passes and failures. Exits non-zero if any
    /// lesson fails.
    Verify {
        /// Lessons to check (default: all).
        lessons: Vec<String>,
        /// Also check each lesson's Python twin (needs `python3`).
        #[arg(long)]
        python: bool,
        /// Run each lesson this many times and require byte-identical transcripts.
        #[arg(long, default_value_t = 1, value_name = "N")]
        repeat: u32,
        /// How many lessons run at the same time (default: twice the CPU count).
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
        /// Run under load, as on a busy laptop: four CPU-bound processes per CPU and a
        /// cold `cargo build` of the lessons (in target/under-load/), started after the
        /// build and stopped at the end. Transcripts must not change.
        #[arg(long)]
        under_load: bool,
        /// After the verdicts, draw each lesson's timeline (and its twin's, with
        /// --python), recorded from one more run on the same clock.
        #[arg(long)]
        timeline: bool,
    },

    /// For authors: accept a lesson's current output as its expected transcript.
    ///
    /// Runs the lesson as `verify` does and rewrites its expected.txt (and the twin's
    /// own expected file and the mistakes' .stderr files, where they exist and differ),
    /// printing the diff it accepts. Read that diff: it becomes the truth.
    Bless {
        /// The lesson to bless.
        lesson: String,
    },

    /// Build the book (with search) into book/book, after checking it.
    ///
    /// Fails if an `{{#include}}` points at a missing file or anchor, if a lesson has
    /// no page, if a lesson page includes no lesson, if a relative link is broken, or
    /// if a code line is too wide for the page. With --serve, a live preview: serves
    /// the book on 127.0.0.1 and rebuilds it (and reloads the page) whenever a page, a
    /// lesson's code or its expected output changes.
    Book {
        /// Open the built book in a browser.
        #[arg(long)]
        open: bool,
        /// Serve the book on 127.0.0.1 and rebuild it on every change (Ctrl+C stops).
        #[arg(long)]
        serve: bool,
        /// The port for --serve.
        #[arg(long, default_value_t = 3000, requires = "serve")]
        port: u16,
    },

    /// Make your own copy of lesson NN to solve as an exercise.
    ///
    /// Your copy is exercises/NN_topic/src/main.rs: the lesson's program with its
    /// exercise regions replaced by a stub and instructions. git ignores exercises/,
    /// so pulling a new version of the workbook never touches your work. An existing
    /// copy with your changes is never overwritten unless you add --force.
    Exercise {
        /// The lesson: its number, folder or topic.
        lesson: String,
        /// Overwrite your copy even if you changed it (`reset` keeps a backup instead).
        #[arg(long)]
        force: bool,
    },

    /// Check your copy of exercise NN: build it, run it as `verify` does, compare.
    ///
    /// Runs on the virtual clock with the lesson's timeout and compares your output
    /// with the lesson's expected transcript. Prints pass or fail, the diff, any known
    /// mistake it recognises, and what to try next.
    Check {
        /// The exercise: its number, folder or topic.
        lesson: String,
    },

    /// Show one more hint for exercise NN each time you ask.
    Hint {
        /// The exercise: its number, folder or topic.
        lesson: String,
    },

    /// Re-check an exercise every time you save it.
    ///
    /// Without NN, watches all your copies, starting with the first one not yet done.
    /// Uses file notifications and falls back to polling (said so) where they fail.
    Watch {
        /// The exercise to watch: its number, folder or topic.
        lesson: Option<String>,
        /// Poll for changes every second instead of using file notifications.
        #[arg(long)]
        poll: bool,
    },

    /// Which exercises you have done (kept in exercises/.progress.json).
    Progress,

    /// Start exercise NN over from a fresh copy (your old one is kept as main.rs.bak).
    Reset {
        /// The exercise: its number, folder or topic.
        lesson: String,
    },

    /// Show the lesson's own code for exercise NN's regions.
    ///
    /// Shown at once if you have passed the exercise; otherwise asks first (or needs --yes).
    Solution {
        /// The exercise: its number, folder or topic.
        lesson: String,
        /// Show it without asking, even if you have not passed yet.
        #[arg(long)]
        yes: bool,
    },

    /// Your results, to hand in: each exercise, passed, attempts, last check.
    Report {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },

    /// For teachers: re-check many students' copies and show one table.
    ///
    /// Each DIR is a student's copy of the workbook (or its exercises/ folder). Every
    /// exercise found is rebuilt from the student's src/main.rs alone and checked now.
    Grade {
        /// Students' workbooks or exercises/ folders.
        #[arg(required = true, value_name = "DIR")]
        dirs: Vec<PathBuf>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },

    /// For authors: check every lesson's exercise (or only those named).
    ///
    /// Each lesson must have an exercise that compiles, fails `check` unsolved, passes
    /// when filled with the lesson's own code, and ships at least three wrong answers
    /// (`wrong_answers/*.rs`), each rejected; a wrong answer that a known mistake names
    /// as its example must get that mistake's hint and no other, and any other wrong
    /// answer must get no hint at all.
    VerifyExercises {
        /// Lessons whose exercises to check (default: all).
        lessons: Vec<String>,
    },

    /// Install the Python twins' packages (aiohttp, ...) into the workbook's .venv/.
    ///
    /// Most twins need only Python's standard library; those of the HTTP chapter need
    /// aiohttp. This creates .venv/ with `python3 -m venv` and installs the pinned
    /// lessons/requirements.txt into it; from then on the runner runs the twins with
    /// .venv/bin/python. Without it, a twin that needs a package is skipped, and
    /// `verify` says so (under CI it fails instead).
    PythonSetup,

    /// Measure Rust against Python's asyncio: tasks, a queue, HTTP, CPU work.
    ///
    /// Builds bench/ with the release profile, runs each workload in Rust and in
    /// Python (uvloop too where it is installed) once to warm up and five times timed,
    /// prints the median, the spread, the peak memory and the ratio to Python, and
    /// writes book/src/bench/results.json, which the book's "How fast, how big" page
    /// is drawn from. A few minutes on 2 cores.
    Bench {
        /// Small sizes and two timed runs, to check that everything runs (writes
        /// target/bench/results-quick.json; the book keeps the full run).
        #[arg(long)]
        quick: bool,
    },

    /// For authors: check the built book in headless Chromium (a step of `test`).
    ///
    /// Serves book/book on 127.0.0.1 and opens every page at a desktop and a phone
    /// width through chromedriver, after proving on a scratch copy with planted faults
    /// that the check catches them. Needs Debian's chromium and chromium-driver.
    Browser,

    /// Run every test: formatting, lints, the runner's tests, every lesson and Python
    /// twin (20 times, byte-identical), the book's checks, and the book in a browser.
    ///
    /// This is what CI runs (.ci/run).
    Test {
        /// How many times `verify` runs each lesson.
        #[arg(long, default_value_t = 20, value_name = "N")]
        repeat: u32,
    },
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = Cli::parse();
    let ctx = Ctx::new();
    let result = match cli.command {
        Command::Start => lessons_cmd::start(&ctx),
        Command::List => lessons_cmd::list(&ctx),
        Command::Run {
            lesson,
            python,
            timeline,
            trace,
        } => lessons_cmd::run(
            &ctx,
            &lesson,
            &lessons_cmd::RunOptions {
                python,
                timeline,
                trace,
            },
        ),
        Command::Verify {
            lessons,
            python,
            repeat,
            jobs,
            under_load,
            timeline,
        } => lessons_cmd::verify(
            &ctx,
            &lessons,
            &lessons_cmd::VerifyOptions {
                python,
                repeat,
                jobs,
                under_load,
                timeline,
            },
        ),
        Command::Bless { lesson } => lessons_cmd::bless(&ctx, &lesson),
        Command::Book { open, serve, port } => {
            if serve {
                book::serve(&ctx, port, open)
            } else {
                book::build(&ctx, open)
            }
        }
        Command::Exercise { lesson, force } => {
            student::exercise(&ctx, &lesson, force)
        }
        Command::Check { lesson } => student::check(&ctx, &lesson),
        Command::Hint { lesson } => student::hint(&ctx, &lesson),
        Command::Watch { lesson, poll } => {
            watch::watch(&ctx, lesson.as_deref(), poll)
        }
        Command::Progress => student::progress(&ctx),
        Command::Reset { lesson } => student::reset(&ctx, &lesson),
        Command::Solution { lesson, yes } => student::solution(&ctx, &lesson, yes),
        Command::Report { json } => student::report(&ctx, json),
        Command::Grade { dirs, json } => teacher::grade(&ctx, &dirs, json),
        Command::VerifyExercises { lessons } => teacher::self_test(&ctx, &lessons),
        Command::Browser => browser::run(&ctx),
        Command::Bench { quick } => bench::run(&ctx, quick),
        Command::PythonSetup => python::setup(&ctx.root),
        Command::Test { repeat } => test_all::run(&ctx, repeat),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("{} {e:#}", ctx.ui.red("error:"));
            ExitCode::from(2)
        }
    }
}

/// `cargo xtask list | head` closes our stdout early; end quietly then, not with a
/// panic (Rust ignores SIGPIPE, so the next `println!` panics instead).
fn quiet_on_closed_pipe() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied());
        if message.is_some_and(|m| m.contains("Broken pipe")) {
            std::process::exit(0);
        }
        default_hook(info);
    }));
}
