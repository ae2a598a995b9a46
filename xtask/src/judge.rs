//! Running a lesson (or its twin, or a student's copy) and judging the result
//! against the expected transcript.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;

use crate::exec::{self, Outcome, Spec};
use crate::expected::{Expected, line_matches, render_diff};
use crate::lesson::{Clock, Lesson};
use crate::ui::Ui;

/// The variable the `workbook` crate and the Python `sitecustomize` read.
pub const CLOCK_VAR: &str = "WORKBOOK_CLOCK";

/// How to run: as `verify` does, or as `run` does for a learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Virtual clock where the lesson allows it; output captured.
    Verify,
    /// Real clock; output streamed as it happens.
    Watch,
}

/// What is being run.
#[derive(Clone)]
pub enum Program<'a> {
    /// A compiled lesson (or a student's copy of one).
    Rust(&'a Path),
    /// The lesson's Python twin, through this interpreter.
    Python {
        interpreter: &'a str,
        script: PathBuf,
    },
}

/// The result of one run, judged.
#[derive(Debug)]
pub struct Judged {
    pub outcome: Outcome,
    /// `None` if everything matched; otherwise what to show the user.
    pub problem: Option<String>,
}

/// Runs `program` for `lesson` and compares its stdout with `expected_path`.
pub fn run_and_judge(
    root: &Path,
    lesson: &Lesson,
    program: Program<'_>,
    expected_path: &Path,
    mode: Mode,
    ui: &Ui,
) -> Result<Judged> {
    run_and_judge_recording(root, lesson, program, expected_path, mode, ui, None)
}

/// [`run_and_judge`], asking the program to record its timeline into `timeline`.
pub fn run_and_judge_recording(
    root: &Path,
    lesson: &Lesson,
    program: Program<'_>,
    expected_path: &Path,
    mode: Mode,
    ui: &Ui,
    timeline: Option<&Path>,
) -> Result<Judged> {
    let virtual_clock = mode == Mode::Verify && lesson.meta.clock == Clock::Virtual;
    let clock = virtual_clock.then(|| "virtual".to_owned());
    // A panic's message and place are what a learner needs; a backtrace is noise here.
    let mut env = vec![
        (CLOCK_VAR.to_owned(), clock),
        ("RUST_BACKTRACE".to_owned(), Some("0".to_owned())),
    ];
    let (program, args) = match program {
        Program::Rust(exe) => (exe.to_path_buf(), vec![]),
        Program::Python {
            interpreter,
            script,
        } => {
            env.push(("PYTHONUNBUFFERED".into(), Some("1".into())));
            env.push(("PYTHONDONTWRITEBYTECODE".into(), Some("1".into())));
            env.push(("PYTHONIOENCODING".into(), Some("utf-8".into())));
            // The twins' helper: the virtual clock and the timeline recorder.
            let site = root.join("lessons/workbook/python");
            env.push((
                "PYTHONPATH".into(),
                (virtual_clock || timeline.is_some())
                    .then(|| site.display().to_string()),
            ));
            (
                PathBuf::from(interpreter),
                vec![script.display().to_string()],
            )
        }
    };
    env.push((
        crate::timeline::TIMELINE_VAR.to_owned(),
        timeline.map(|path| path.display().to_string()),
    ));
    let spec = Spec {
        program,
        args,
        cwd: lesson.dir.clone(),
        env,
        stdin: lesson.meta.stdin.clone(),
        timeout: Duration::from_secs(lesson.meta.timeout),
        signals: lesson.meta.signals.clone(),
        stream: mode == Mode::Watch,
    };
    let outcome = exec::run(&spec)?;
    let problem = judge(lesson, &outcome, expected_path, ui);
    Ok(Judged { outcome, problem })
}

/// Everything wrong with an outcome, worded for a learner; `None` if it passed.
pub fn judge(
    lesson: &Lesson,
    outcome: &Outcome,
    expected_path: &Path,
    ui: &Ui,
) -> Option<String> {
    let expected_name = relative(expected_path);
    let mut problems = Vec::new();
    if outcome.timed_out {
        let why = match outcome.was_busy() {
            Some(true) => busy_message(lesson, outcome),
            _ => {
                "It was still running: is it awaiting something that never completes?"
                    .into()
            }
        };
        problems.push(format!(
            "killed after {}s, the lesson's timeout (with every process it started).\n{why}",
            lesson.meta.timeout
        ));
    } else if outcome.status.and_then(|s| s.code()) != Some(lesson.meta.exit_code) {
        problems.push(format!(
            "ended with {}, expected exit code {}.",
            outcome.exit_description(),
            lesson.meta.exit_code
        ));
    }
    for step in &outcome.unsent_signals {
        problems.push(format!(
            "the runner was to send {:?} after the line `{}`, which never appeared.",
            step.signal, step.after_line
        ));
    }
    match Expected::read(expected_path) {
        Err(e) => problems.push(format!("{e:#}")),
        Ok(expected) => {
            if !expected.matches(&outcome.stdout) {
                let normalized = expected.normalize_for_diff(&outcome.stdout);
                problems.push(format!(
                    "the output differs from {expected_name}:\n{}",
                    render_diff(
                        &normalized,
                        &outcome.stdout,
                        &expected_name,
                        ui.color
                    )
                ));
            }
        }
    }
    if problems.is_empty() {
        return None;
    }
    let mut text = problems.join("\n");
    let stderr = unintended_stderr(lesson, &outcome.stderr);
    if !stderr.trim().is_empty() {
        text.push_str(&format!("\n{}\n{}", ui.bold("stderr:"), stderr.trim_end()));
    }
    Some(text)
}

/// `stderr` without the lines the lesson writes there on purpose (`stderr_lines`).
fn unintended_stderr(lesson: &Lesson, stderr: &str) -> String {
    stderr
        .lines()
        .filter(|line| {
            !lesson
                .meta
                .stderr_lines
                .iter()
                .any(|own| line_matches(own, line))
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

/// Why a program that kept its CPU busy until the timeout hung.
fn busy_message(lesson: &Lesson, outcome: &Outcome) -> String {
    let cpu = outcome.cpu_at_timeout.unwrap_or_default().as_secs_f64();
    let mut text = format!(
        "It was busy, not waiting: it used {cpu:.1}s of CPU in {:.1}s. Some code ran without ever \
         reaching an `.await` that waits (a loop that never yields, a blocking call), so it never \
         gave the thread back to the runtime.",
        outcome.elapsed.as_secs_f64()
    );
    if lesson.meta.clock == Clock::Virtual {
        text.push_str(
            " On the virtual clock, time moves only when the runtime has nothing to run, \
             so while it spun no timer could fire and the clock stood still.",
        );
    }
    text
}

/// A path relative to the working directory when possible, for messages.
pub fn relative(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_lessons_own_stderr_lines_are_not_shown() {
        let mut lesson = crate::lesson::tests::fixture_lesson();
        lesson.meta.stderr_lines =
            vec!["thread '[..]' panicked at [..]".into(), "boom".into()];
        let stderr =
            "thread 'main' panicked at src/main.rs:3:5:\nboom\nreal trouble\n";
        assert_eq!(super::unintended_stderr(&lesson, stderr), "real trouble\n");
    }
}
