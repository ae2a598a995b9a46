//! Judging a student's copy of an exercise: run it as `verify` runs the lesson, compare
//! with the lesson's expected transcript, and name the known mistakes it shows. Used by
//! the student's `check` and by the teacher's `grade` and `verify-exercises`.

use anyhow::Result;

use crate::cargo::Build;
use crate::ctx::Ctx;
use crate::exercise;
use crate::expected::line_matches;
use crate::judge::{self, Judged, Mode, Program};
use crate::lesson::Lesson;

const TODO_HIT: &str =
    "Your program reached a `todo!()`: the exercise region is not filled in yet.";
const HANG_HINT: &str = "Your program was still running at the lesson's timeout. Is it awaiting something that \
never completes: a task that was never spawned, a channel whose sender is still alive, a future nobody polls?";

/// The verdict on a student's copy.
pub struct Verdict {
    pub passed: bool,
    /// What went wrong (compile errors, diff, ...), ready to print.
    pub problem: Option<String>,
    /// Hints of known mistakes recognised in the output.
    pub mistakes: Vec<String>,
    /// Extra advice (todo reached, hang).
    pub advice: Vec<String>,
}

/// Judges one built exercise, whose source is `source`: compile failure, run, known
/// mistakes.
pub fn judge_copy(
    ctx: &Ctx,
    lesson: &Lesson,
    build: &Build,
    copy: &Copy<'_>,
) -> Result<Verdict> {
    let verdict = match build.executables.get(copy.package) {
        None => Verdict {
            passed: false,
            problem: Some(format!(
                "your copy does not compile:\n{}",
                build.failure_for(copy.package)
            )),
            mistakes: vec![],
            advice: vec![],
        },
        Some(exe) => {
            let expected = lesson.expected_path();
            let program = Program::Rust(exe);
            let judged = judge::run_and_judge(
                &ctx.root,
                lesson,
                program,
                &expected,
                Mode::Verify,
                &ctx.ui,
            )?;
            verdict_of(lesson, judged, copy.source)
        }
    };
    // rustc's errors and a panic's location name the file from the exercises'
    // workspace (`01_x/src/main.rs`): name it from where the student stands.
    let from = format!("{}/src/", copy.crate_dir);
    let to = format!("{}{}/src/", copy.prefix, copy.crate_dir);
    Ok(Verdict {
        problem: verdict.problem.map(|p| p.replace(&from, &to)),
        ..verdict
    })
}

/// One student's copy of an exercise, as built in some exercises workspace.
pub struct Copy<'a> {
    /// Its package (and binary) name in that workspace.
    pub package: &'a str,
    /// Its folder in that workspace.
    pub crate_dir: &'a str,
    /// How messages name that workspace's folder (`exercises/`, or nothing).
    pub prefix: &'a str,
    /// Its `src/main.rs`.
    pub source: &'a str,
}

fn verdict_of(lesson: &Lesson, judged: Judged, source: &str) -> Verdict {
    let mut advice = Vec::new();
    if judged.outcome.stderr.contains("not yet implemented") {
        advice.push(TODO_HIT.to_owned());
    }
    if judged.outcome.timed_out && judged.outcome.was_busy() != Some(true) {
        advice.push(HANG_HINT.to_owned());
    }
    let mistakes = if judged.problem.is_some() {
        known_mistakes(lesson, &judged.outcome.stdout, source)
    } else {
        vec![]
    };
    Verdict {
        passed: judged.problem.is_none(),
        problem: judged.problem,
        mistakes,
        advice,
    }
}

/// The hints of every known mistake that `stdout` and the copy's `source` show: all
/// its lines printed in order, and its `code_has`/`code_lacks` true of the region.
pub fn known_mistakes(lesson: &Lesson, stdout: &str, source: &str) -> Vec<String> {
    lesson
        .meta
        .mistakes
        .iter()
        .filter(|m| prints_in_order(stdout, &m.output_has))
        .filter(|m| {
            // The mistake's region (default: the first), or the whole copy if the
            // student removed its markers.
            let region = m.region.as_deref().or(lesson
                .meta
                .exercises
                .first()
                .map(|e| e.region.as_str()));
            let block = region.and_then(|r| exercise::student_block(source, r));
            let code = bare_code(block.as_deref().unwrap_or(source));
            m.code_has
                .as_deref()
                .is_none_or(|c| code.contains(&bare_code(c)))
                && m.code_lacks
                    .as_deref()
                    .is_none_or(|c| !code.contains(&bare_code(c)))
        })
        .map(|m| m.hint.clone())
        .collect()
}

/// Whether `stdout` has lines matching `patterns`, in that order (others may come between).
fn prints_in_order(stdout: &str, patterns: &[String]) -> bool {
    let mut lines = stdout.lines();
    patterns
        .iter()
        .all(|pattern| lines.any(|line| line_matches(pattern, line)))
}

/// Code without `//` comments and whitespace, for `code_has`/`code_lacks`.
fn bare_code(code: &str) -> String {
    code.lines()
        .map(|line| line.split_once("//").map_or(line, |(code, _)| code))
        .flat_map(|line| line.chars().filter(|c| !c.is_whitespace()))
        .collect()
}
