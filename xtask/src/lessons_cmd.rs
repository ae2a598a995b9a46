//! The lesson commands: `list`, `run`, `verify` and `bless`.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::cargo::{self, Build};
use crate::ctx::Ctx;
use crate::expected::{Expected, render_diff};
use crate::judge::{self, Mode, Program, relative};
use crate::lesson::{self, Clock, Lesson};
use crate::load::Load;
use crate::timeline;
use crate::{mistakes, pool, python};

pub fn start(ctx: &Ctx) -> Result<bool> {
    let lessons = ctx.lessons()?;
    eprintln!("Building all {} lessons and the book...", lessons.len());
    let build = build(ctx)?;
    let broken: Vec<&str> = lessons
        .iter()
        .filter(|l| !build.executables.contains_key(&l.name))
        .map(|l| l.dir_name.as_str())
        .collect();
    if !broken.is_empty() {
        eprintln!(
            "{} these lessons do not compile: {} (`cargo xtask run NN` shows why)",
            ctx.ui.red("warning:"),
            broken.join(", ")
        );
    }
    if !crate::book::build(ctx, true)? {
        return Ok(false);
    }
    eprintln!(
        "\nReady. Read the first page, then run its lesson:\n  cargo xtask run 01\n\
         `cargo xtask list` shows every lesson; `cargo xtask --help` every command."
    );
    Ok(broken.is_empty())
}

pub fn list(ctx: &Ctx) -> Result<bool> {
    let lessons = ctx.lessons()?;
    let width = lessons
        .iter()
        .map(|l| l.meta.title.chars().count())
        .max()
        .unwrap_or(0);
    let mut chapter = "";
    for l in &lessons {
        if l.meta.chapter != chapter {
            chapter = &l.meta.chapter;
            println!("{}", ctx.ui.bold(chapter));
        }
        let twin = if l.twin_path().is_some() {
            ""
        } else {
            "  (no Python twin)"
        };
        println!(
            "  {:02}  {:<width$}  {}{twin}",
            l.number,
            l.meta.title,
            ctx.ui.dim(&l.meta.topics.join(" "))
        );
    }
    println!(
        "\nRun one with `cargo xtask run NN`; check them all with `cargo xtask verify`."
    );
    Ok(true)
}

/// Builds every lesson in one cargo invocation. Even when one lesson is asked for:
/// `cargo build -p NAME` would resolve the dependencies' features for that lesson
/// alone, a second set of artefacts beside the workspace's (2.5 s the first time; see
/// ARCHITECTURE.md). Warm, it costs nothing; a broken lesson does not stop the others.
pub fn build(ctx: &Ctx) -> Result<Build> {
    cargo::build(&ctx.manifest(), &[], None, &ctx.ui)
}

/// The lesson's executable, or `None` after printing the compiler's errors.
fn executable<'a>(
    ctx: &Ctx,
    build: &'a Build,
    lesson: &Lesson,
) -> Option<&'a std::path::PathBuf> {
    let exe = build.executables.get(&lesson.name);
    if exe.is_none() {
        let errors = build.failure_for(&lesson.name);
        eprintln!(
            "{} lesson {} does not compile:\n{errors}",
            ctx.ui.red("error:"),
            lesson.dir_name
        );
    }
    exe
}

/// What `run` draws after the transcript.
#[derive(Default)]
pub struct RunOptions {
    pub python: bool,
    /// Draw the run's timeline in the terminal.
    pub timeline: bool,
    /// Write the run's timeline as Chrome trace JSON here.
    pub trace: Option<std::path::PathBuf>,
}

pub fn run(ctx: &Ctx, wanted: &str, opts: &RunOptions) -> Result<bool> {
    let python = opts.python;
    let lessons = ctx.lessons()?;
    let lesson = lesson::find(&lessons, wanted)?;
    let ui = &ctx.ui;
    let program;
    let expected_path;
    let interpreter;
    let build;
    if python {
        let script = lesson.twin_path().with_context(|| {
            format!(
                "lesson {} has no Python twin: {}",
                lesson.dir_name,
                lesson.meta.python.none.as_deref().unwrap_or("")
            )
        })?;
        interpreter = python::interpreter(&ctx.root)?;
        if let Some(why) =
            python::twin_blocked(&interpreter, &lesson.meta.python.requires)?
        {
            anyhow::bail!("{why}");
        }
        expected_path = lesson.twin_expected_path();
        program = Program::Python {
            interpreter: &interpreter,
            script,
        };
    } else {
        build = self::build(ctx)?;
        let Some(exe) = executable(ctx, &build, lesson) else {
            return Ok(false);
        };
        expected_path = lesson.expected_path();
        program = Program::Rust(exe);
    }
    let what = if python { "Python twin of " } else { "" };
    eprintln!(
        "{} {what}{} (real clock, output as it happens)\n",
        ui.bold("▶"),
        lesson.label()
    );
    let recording = (opts.timeline || opts.trace.is_some())
        .then(tempfile::NamedTempFile::new)
        .transpose()?;
    let judged = judge::run_and_judge_recording(
        &ctx.root,
        lesson,
        program,
        &expected_path,
        Mode::Watch,
        ui,
        recording.as_ref().map(|f| f.path()),
    )?;
    eprintln!();
    if let Some(file) = &recording {
        show_rows(ctx, &timeline::read(file.path(), &lesson.dir)?, opts)?;
    }
    let elapsed = format!("{:.1}s", judged.outcome.elapsed.as_secs_f64());
    match &judged.problem {
        None => {
            eprintln!(
                "{} the output matches {} ({elapsed})",
                ui.green("✔"),
                relative(&expected_path)
            );
            if !python && lesson.meta.clock == Clock::Virtual {
                eprintln!("{}", ui.dim(&format!("`cargo xtask verify {:02}` checks the same on a virtual clock, in no time.", lesson.number)));
            }
            Ok(true)
        }
        Some(problem) => {
            eprintln!("{} {problem}", ui.red("✘"));
            Ok(false)
        }
    }
}

/// Draws (or writes) the timeline a run recorded.
fn show_rows(ctx: &Ctx, rows: &[timeline::Row], opts: &RunOptions) -> Result<()> {
    if rows.is_empty() {
        eprintln!(
            "{} this run recorded no timeline. A Rust lesson records one through the \
             `workbook` crate, and this one does not use it (see ARCHITECTURE.md, \"Timelines\").\n",
            ctx.ui.bold("timeline:")
        );
        return Ok(());
    }
    if opts.timeline {
        let width = console::Term::stdout()
            .size_checked()
            .map_or(100, |(_, cols)| usize::from(cols));
        println!("{}", timeline::draw(rows, width));
        println!("{}\n", ctx.ui.dim(timeline::LEGEND));
    }
    if let Some(path) = &opts.trace {
        std::fs::write(path, timeline::chrome_trace(rows))
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!(
            "{} wrote {} ({} tasks): open it in https://ui.perfetto.dev or chrome://tracing\n",
            ctx.ui.green("✔"),
            relative(path),
            rows.len()
        );
    }
    Ok(())
}

pub struct VerifyOptions {
    pub python: bool,
    pub repeat: u32,
    pub jobs: Option<usize>,
    /// Run under the defined load (see `load.rs`).
    pub under_load: bool,
    /// After the verdicts, draw each lesson's (and twin's) timeline.
    pub timeline: bool,
}

/// One lesson's verdict.
struct Report {
    passed: bool,
    elapsed: Duration,
    details: Vec<String>,
    /// Why the twin was not run, when its packages are missing (never under CI).
    skipped: Option<String>,
}

pub fn verify(ctx: &Ctx, wanted: &[String], opts: &VerifyOptions) -> Result<bool> {
    let all = ctx.lessons()?;
    let selected = lesson::select(&all, wanted)?;
    let interpreter = if opts.python {
        Some(python::interpreter(&ctx.root)?)
    } else {
        None
    };
    let start = Instant::now();
    let build = build(ctx)?;
    let load = if opts.under_load {
        let load =
            Load::start(&ctx.manifest(), ctx.root.join("target").join("under-load"))?;
        eprintln!("{} {}", ctx.ui.bold("under load:"), load.describe());
        Some(load)
    } else {
        None
    };

    let ui = &ctx.ui;
    let jobs = opts.jobs.unwrap_or_else(pool::default_jobs);
    let bar = ui.lesson_bar(selected.len(), "verifying");
    let running = std::sync::Mutex::new(std::collections::BTreeSet::new());
    let reports = pool::map(&selected, jobs, |lesson| {
        let show_running = |running: &std::collections::BTreeSet<&str>| {
            let names: Vec<&str> = running.iter().copied().collect();
            bar.set_message(format!("running {}", names.join(", ")));
        };
        {
            let mut running = running.lock().expect("no panics");
            running.insert(lesson.dir_name.as_str());
            show_running(&running);
        }
        let report =
            verify_one(ctx, lesson, &build, interpreter.as_deref(), opts.repeat)
                .unwrap_or_else(|e| Report {
                    passed: false,
                    elapsed: Duration::ZERO,
                    details: vec![format!("{e:#}")],
                    skipped: None,
                });
        let verdict = if report.passed {
            ui.green("ok  ")
        } else {
            ui.red("FAIL")
        };
        let line = format!(
            "{verdict} {:<30} {:>6.2}s",
            lesson.dir_name,
            report.elapsed.as_secs_f64()
        );
        if ui.interactive {
            bar.println(line)
        } else {
            println!("{line}")
        }
        {
            let mut running = running.lock().expect("no panics");
            running.remove(lesson.dir_name.as_str());
            show_running(&running);
        }
        bar.inc(1);
        report
    });
    bar.finish_and_clear();
    if let Some(load) = load {
        let builds = load.stop();
        eprintln!(
            "{} the load is stopped ({builds} cold build(s) of the lessons finished during the runs)",
            ui.bold("under load:")
        );
    }

    let mut failed = 0;
    for (lesson, report) in selected.iter().zip(&reports) {
        if !report.passed {
            failed += 1;
            println!("\n{} {}", ui.red("FAILED"), ui.bold(&lesson.label()));
            for detail in &report.details {
                println!("{detail}");
            }
        }
    }
    for (lesson, report) in selected.iter().zip(&reports) {
        if let Some(why) = &report.skipped {
            println!(
                "{} {}: twin SKIPPED: {why}",
                ui.bold("note:"),
                lesson.dir_name
            );
        }
    }
    let passed = selected.len() - failed;
    let repeat = if opts.repeat > 1 {
        format!(", each run {} times", opts.repeat)
    } else {
        String::new()
    };
    let twins = if opts.python { " and Python twins" } else { "" };
    let repeat = if opts.under_load {
        format!("{repeat}, under load")
    } else {
        repeat
    };
    let summary = format!(
        "{passed} passed, {failed} failed (lessons{twins}{repeat}; {:.1}s)",
        start.elapsed().as_secs_f64()
    );
    println!(
        "\n{}",
        if failed == 0 {
            ui.green(&summary)
        } else {
            ui.red(&summary)
        }
    );
    if opts.timeline {
        for lesson in &selected {
            draw_verified_timelines(ctx, lesson, &build, interpreter.as_deref())?;
        }
    }
    Ok(failed == 0)
}

/// `verify --timeline`: runs the lesson (and its twin) once more, recording, as
/// `verify` runs it, and draws what it recorded.
fn draw_verified_timelines(
    ctx: &Ctx,
    lesson: &Lesson,
    build: &Build,
    interpreter: Option<&str>,
) -> Result<()> {
    let options = RunOptions {
        timeline: true,
        ..RunOptions::default()
    };
    for (language, rows) in timeline::record_runs(ctx, lesson, build, interpreter)? {
        let title = format!("timeline of {} ({language})", lesson.dir_name);
        println!("\n{}", ctx.ui.bold(&title));
        show_rows(ctx, &rows, &options)?;
    }
    Ok(())
}

fn verify_one(
    ctx: &Ctx,
    lesson: &Lesson,
    build: &Build,
    interpreter: Option<&str>,
    repeat: u32,
) -> Result<Report> {
    let start = Instant::now();
    let mut details = Vec::new();
    match build.executables.get(&lesson.name) {
        None => details.push(format!(
            "does not compile:\n{}",
            build.failure_for(&lesson.name)
        )),
        Some(exe) => {
            if let Some(problem) = repeat_runs(
                ctx,
                lesson,
                Program::Rust(exe),
                &lesson.expected_path(),
                repeat,
            )? {
                details.push(problem);
            }
        }
    }
    details.extend(mistakes::check(lesson, build, ctx.ui.color)?);
    let mut skipped = None;
    if let (Some(interpreter), Some(script)) = (interpreter, lesson.twin_path()) {
        let blocked =
            python::twin_blocked(interpreter, &lesson.meta.python.requires)?;
        match blocked {
            // Under CI nothing is skipped: .ci/run installs the packages.
            Some(why) if crate::ctx::under_ci() => {
                details.push(format!("{why} (under CI no twin may be skipped)"))
            }
            Some(why) => skipped = Some(why),
            None => {
                let program = Program::Python {
                    interpreter,
                    script,
                };
                if let Some(problem) = repeat_runs(
                    ctx,
                    lesson,
                    program,
                    &lesson.twin_expected_path(),
                    repeat,
                )? {
                    details.push(format!("the Python twin: {problem}"));
                }
            }
        }
    }
    Ok(Report {
        passed: details.is_empty(),
        elapsed: start.elapsed(),
        details,
        skipped,
    })
}

/// Runs a program `repeat` times as `verify` does; a problem if any run fails or any
/// transcript differs from the first.
fn repeat_runs(
    ctx: &Ctx,
    lesson: &Lesson,
    program: Program<'_>,
    expected: &std::path::Path,
    repeat: u32,
) -> Result<Option<String>> {
    // Repeated runs on the virtual clock also record their timelines, which must be
    // byte-identical too: the picture of a run is as fixed as its transcript.
    let record = repeat > 1 && lesson.meta.clock == Clock::Virtual;
    let mut first: Option<(String, String)> = None;
    for run in 1..=repeat.max(1) {
        let file = record.then(tempfile::NamedTempFile::new).transpose()?;
        let judged = judge::run_and_judge_recording(
            &ctx.root,
            lesson,
            program.clone(),
            expected,
            Mode::Verify,
            &ctx.ui,
            file.as_ref().map(|f| f.path()),
        )?;
        let at = if repeat > 1 {
            format!(" (run {run} of {repeat})")
        } else {
            String::new()
        };
        if let Some(problem) = judged.problem {
            return Ok(Some(format!("{problem}{at}")));
        }
        let timeline = match &file {
            Some(f) => std::fs::read_to_string(f.path())?,
            None => String::new(),
        };
        match &first {
            None => first = Some((judged.outcome.stdout, timeline)),
            Some((stdout, _)) if *stdout != judged.outcome.stdout => {
                return Ok(Some(format!(
                    "the transcript is not deterministic: run {run} differs from run 1:\n{}",
                    render_diff(
                        stdout,
                        &judged.outcome.stdout,
                        "run 1",
                        ctx.ui.color
                    )
                )));
            }
            Some((_, first_timeline)) if *first_timeline != timeline => {
                return Ok(Some(format!(
                    "the timeline is not deterministic: run {run} recorded other events than \
                     run 1 (`cargo xtask run {:02} --timeline` draws one):\n{}",
                    lesson.number,
                    render_diff(first_timeline, &timeline, "run 1", ctx.ui.color)
                )));
            }
            Some(_) => {}
        }
    }
    Ok(None)
}

pub fn bless(ctx: &Ctx, wanted: &str) -> Result<bool> {
    let lessons = ctx.lessons()?;
    let lesson = lesson::find(&lessons, wanted)?;
    let build = build(ctx)?;
    let Some(exe) = executable(ctx, &build, lesson) else {
        return Ok(false);
    };
    let judged = judge::run_and_judge(
        &ctx.root,
        lesson,
        Program::Rust(exe),
        &lesson.expected_path(),
        Mode::Verify,
        &ctx.ui,
    )?;
    let mut ok = accept(ctx, &lesson.expected_path(), &judged.outcome.stdout)?;
    if judged.outcome.timed_out
        || judged.outcome.status.and_then(|s| s.code()) != Some(lesson.meta.exit_code)
    {
        eprintln!(
            "{} the lesson {}; fix that before trusting its output",
            ctx.ui.red("warning:"),
            judged.outcome.exit_description()
        );
        ok = false;
    }
    if let (Some(file), Some(script)) =
        (&lesson.meta.python.expected, lesson.twin_path())
    {
        let interpreter = python::interpreter(&ctx.root)?;
        let program = Program::Python {
            interpreter: &interpreter,
            script,
        };
        let path = lesson.dir.join(file);
        let judged = judge::run_and_judge(
            &ctx.root,
            lesson,
            program,
            &path,
            Mode::Verify,
            &ctx.ui,
        )?;
        ok &= accept(ctx, &path, &judged.outcome.stdout)?;
    }
    for file in mistakes::files(lesson)? {
        let actual = mistakes::compile(lesson, &file, &build)?;
        ok &= accept(ctx, &file.with_extension("stderr"), &actual)?;
    }
    Ok(ok)
}

/// Writes `actual` to `path` unless what is there already matches; shows the diff.
fn accept(ctx: &Ctx, path: &std::path::Path, actual: &str) -> Result<bool> {
    let name = relative(path);
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let parsed = Expected::parse(old.as_bytes()).ok();
    if parsed.as_ref().is_some_and(|e| e.matches(actual)) {
        eprintln!(
            "{} {name} already matches; left as it is",
            ctx.ui.green("✔")
        );
        return Ok(true);
    }
    // Keep the wildcards that still match; write this run's text for the rest.
    let text = parsed.map_or_else(|| actual.to_owned(), |e| e.bless_text(actual));
    std::fs::write(path, &text).with_context(|| format!("cannot write {name}"))?;
    eprintln!(
        "{} wrote {name}; read what changed:\n{}",
        ctx.ui.bold("✎"),
        render_diff(&old, &text, &name, ctx.ui.color)
    );
    Ok(true)
}
