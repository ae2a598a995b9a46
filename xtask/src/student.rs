//! The student's commands: `exercise`, `check`, `hint`, `progress`, `reset`,
//! `solution`, `report`. Every lesson is an exercise derived from its own source (see
//! `exercise.rs`); `check` runs the student's copy under the same rules as `verify` and
//! diffs it against the same expected transcript (see `verdict.rs`).

use std::io::{BufRead, IsTerminal, Write};
use std::time::Instant;

use anyhow::{Result, bail};
use serde::Serialize;

use crate::cargo;
use crate::ctx::Ctx;
use crate::exercise::{self, Progress, Workspace};
use crate::judge::relative;
use crate::lesson::{self, Lesson};
use crate::verdict::{Copy, judge_copy};

pub const NO_COPY: &str = "You have no copy of this exercise yet. Make one with";

pub fn find_lesson<'a>(lessons: &'a [Lesson], wanted: &str) -> Result<&'a Lesson> {
    let lesson = lesson::find(lessons, wanted)?;
    if lesson.meta.exercises.is_empty() {
        bail!("lesson {} has no exercise regions yet", lesson.dir_name);
    }
    Ok(lesson)
}

pub fn exercise(ctx: &Ctx, wanted: &str, force: bool) -> Result<bool> {
    let lessons = ctx.lessons()?;
    let lesson = find_lesson(&lessons, wanted)?;
    let ws = Workspace::students(&ctx.root);
    let fresh =
        exercise::derive(lesson, &std::fs::read_to_string(lesson.source_path())?)?;
    let path = ws.source(lesson);
    let current = std::fs::read_to_string(&path).ok();
    // The student's work: a copy that differs from both what we made then and now.
    let edited = current
        .as_ref()
        .is_some_and(|c| *c != fresh && Some(c) != ws.pristine(lesson).as_ref());
    if edited && !force {
        eprintln!(
            "{} {} already holds your work; nothing was changed.\n\
             Carry on editing it, or start over with `cargo xtask reset {:02}` (keeps a backup).",
            ctx.ui.bold("note:"),
            relative(&path),
            lesson.number
        );
        return Ok(true);
    }
    if current.is_some_and(|c| c != fresh) && !edited {
        eprintln!(
            "lesson {:02} has changed since your copy was made, and you had not edited it: updating it.",
            lesson.number
        );
    }
    std::fs::create_dir_all(&ws.dir)?;
    ws.write_crate(&lesson.dir_name, lesson, &fresh)?;
    ws.write_manifest()?;
    let n = lesson.number;
    eprintln!(
        "{} made your copy of lesson {n:02}: {}",
        ctx.ui.green("✔"),
        relative(&path)
    );
    for ex in &lesson.meta.exercises {
        eprintln!(
            "  {} {}",
            ctx.ui.bold(&format!("EXERCISE {}:", ex.region)),
            ex.task
        );
    }
    eprintln!(
        "\nEdit the EXERCISE region(s) in that file, then:\n  cargo xtask check {n:02}    check your answer\n  \
         cargo xtask watch {n:02}    check again on every save\n  cargo xtask hint {n:02}     one more hint each time"
    );
    Ok(true)
}

/// Builds and judges the student's copy of `lesson`, records the attempt, prints the verdict.
pub fn check(ctx: &Ctx, wanted: &str) -> Result<bool> {
    let lessons = ctx.lessons()?;
    let lesson = find_lesson(&lessons, wanted)?;
    check_lesson(ctx, &lessons, lesson)
}

pub fn check_lesson(ctx: &Ctx, lessons: &[Lesson], lesson: &Lesson) -> Result<bool> {
    let ui = &ctx.ui;
    let ws = Workspace::students(&ctx.root);
    let source = ws.source(lesson);
    if !source.is_file() {
        eprintln!(
            "{} {NO_COPY}\n  cargo xtask exercise {:02}",
            ui.red("error:"),
            lesson.number
        );
        return Ok(false);
    }
    let start = Instant::now();
    let package = Workspace::package_name(&lesson.dir_name);
    let build = cargo::build(
        &ws.manifest(),
        std::slice::from_ref(&package),
        Some(&ctx.root.join("target")),
        ui,
    )?;
    let code = std::fs::read_to_string(&source)?;
    let verdict = judge_copy(
        ctx,
        lesson,
        &build,
        &Copy {
            package: &package,
            crate_dir: &lesson.dir_name,
            prefix: &format!("{}/", exercise::EXERCISES_DIR),
            source: &code,
        },
    )?;

    let mut progress = Progress::load(&ctx.root)?;
    let entry = progress.entry(lesson);
    entry.attempts += 1;
    entry.passed |= verdict.passed;
    entry.last_check = Some(exercise::now_rfc3339());
    entry.last_mistakes = verdict.mistakes.clone();
    let hints_left = lesson.meta.hints.len().saturating_sub(entry.hints_shown);
    progress.save(&ctx.root)?;

    let n = lesson.number;
    let took = format!("({:.1}s)", start.elapsed().as_secs_f64());
    if verdict.passed {
        println!(
            "{} exercise {n:02} passes: your output matches {} {took}",
            ui.green("✔"),
            relative(&lesson.expected_path())
        );
        match next_exercise(&progress, lessons, lesson) {
            Some(next) => println!(
                "Next: `cargo xtask exercise {:02}` ({})",
                next.number, next.meta.title
            ),
            None => println!(
                "That was the last one not yet done. `cargo xtask progress` shows them all."
            ),
        }
        return Ok(true);
    }
    println!("{} exercise {n:02} does not pass yet {took}", ui.red("✘"));
    if let Some(problem) = &verdict.problem {
        println!("{problem}");
    }
    for advice in &verdict.advice {
        println!("\n{} {advice}", ui.bold("advice:"));
    }
    for mistake in &verdict.mistakes {
        println!("\n{} {mistake}", ui.bold("known mistake:"));
    }
    let next = if hints_left > 0 {
        format!("`cargo xtask hint {n:02}` ({hints_left} hint(s) left)")
    } else {
        format!("`cargo xtask solution {n:02}`")
    };
    println!(
        "\nEdit {}, then check again. Stuck? {next}",
        relative(&source)
    );
    let fresh =
        exercise::derive(lesson, &std::fs::read_to_string(lesson.source_path())?)?;
    if ws.pristine(lesson).is_some_and(|p| p != fresh) {
        println!(
            "\n{} lesson {n:02} has changed since your copy was made (a `git pull`?). If that explains \
             the difference, `cargo xtask reset {n:02}` takes the new version and keeps yours as main.rs.bak.",
            ui.bold("note:")
        );
    }
    Ok(false)
}

/// The first lesson after `after` (wrapping around) with an exercise not yet passed.
fn next_exercise<'a>(
    progress: &Progress,
    lessons: &'a [Lesson],
    after: &Lesson,
) -> Option<&'a Lesson> {
    let done = |l: &Lesson| {
        progress
            .exercises
            .get(&l.dir_name)
            .is_some_and(|p| p.passed)
    };
    let with_exercise = lessons.iter().filter(|l| !l.meta.exercises.is_empty());
    let (later, earlier): (Vec<&Lesson>, Vec<&Lesson>) =
        with_exercise.partition(|l| l.number > after.number);
    later.into_iter().chain(earlier).find(|l| !done(l))
}

pub fn hint(ctx: &Ctx, wanted: &str) -> Result<bool> {
    let lessons = ctx.lessons()?;
    let lesson = find_lesson(&lessons, wanted)?;
    let mut progress = Progress::load(&ctx.root)?;
    let entry = progress.entry(lesson);
    let ui = &ctx.ui;
    for mistake in &entry.last_mistakes {
        println!(
            "{} {mistake}\n",
            ui.bold("Your last check showed a known mistake:")
        );
    }
    let hints = &lesson.meta.hints;
    if hints.is_empty() {
        println!(
            "Lesson {:02} has no hints. Read its page again: `cargo xtask book --open`.",
            lesson.number
        );
        return Ok(true);
    }
    entry.hints_shown = (entry.hints_shown + 1).min(hints.len());
    for (i, hint) in hints.iter().enumerate().take(entry.hints_shown) {
        println!(
            "{} {hint}",
            ui.bold(&format!("Hint {} of {}:", i + 1, hints.len()))
        );
    }
    if entry.hints_shown < hints.len() {
        println!("\nAsk again for the next hint.");
    } else {
        println!(
            "\nThat was the last hint. `cargo xtask solution {:02}` shows the lesson's own code.",
            lesson.number
        );
    }
    progress.save(&ctx.root)?;
    Ok(true)
}

pub fn progress(ctx: &Ctx) -> Result<bool> {
    let lessons = ctx.lessons()?;
    let progress = Progress::load(&ctx.root)?;
    let ws = Workspace::students(&ctx.root);
    let ui = &ctx.ui;
    let mut done = 0;
    let mut total = 0;
    for l in lessons.iter().filter(|l| !l.meta.exercises.is_empty()) {
        total += 1;
        let p = progress
            .exercises
            .get(&l.dir_name)
            .cloned()
            .unwrap_or_default();
        let status = if p.passed {
            done += 1;
            ui.green("done       ")
        } else if ws.source(l).is_file() {
            "in progress".to_owned()
        } else {
            ui.dim("not started")
        };
        let attempts = if p.attempts > 0 {
            format!("{} check(s)", p.attempts)
        } else {
            String::new()
        };
        println!(
            "  {:02}  {status}  {:<44} {}",
            l.number,
            l.meta.title,
            ui.dim(&attempts)
        );
    }
    println!(
        "\n{done} of {total} exercises done. (Kept in {}.)",
        relative(&Progress::path(&ctx.root))
    );
    Ok(true)
}

pub fn reset(ctx: &Ctx, wanted: &str) -> Result<bool> {
    let lessons = ctx.lessons()?;
    let lesson = find_lesson(&lessons, wanted)?;
    let path = Workspace::students(&ctx.root).source(lesson);
    if path.is_file() {
        let backup = path.with_extension("rs.bak");
        std::fs::copy(&path, &backup)?;
        eprintln!("your previous version is saved as {}", relative(&backup));
    }
    exercise(ctx, wanted, true)
}

pub fn solution(ctx: &Ctx, wanted: &str, yes: bool) -> Result<bool> {
    let lessons = ctx.lessons()?;
    let lesson = find_lesson(&lessons, wanted)?;
    let passed = Progress::load(&ctx.root)?
        .exercises
        .get(&lesson.dir_name)
        .is_some_and(|p| p.passed);
    if !passed && !yes {
        let question = format!(
            "You have not passed exercise {:02} yet. Show the solution anyway? [y/N] ",
            lesson.number
        );
        if !std::io::stdin().is_terminal() {
            eprintln!(
                "You have not passed exercise {:02} yet; add --yes to see the solution anyway.",
                lesson.number
            );
            return Ok(false);
        }
        eprint!("{question}");
        std::io::stderr().flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !answer.trim().eq_ignore_ascii_case("y") {
            eprintln!(
                "Not shown. `cargo xtask hint {:02}` may be enough.",
                lesson.number
            );
            return Ok(true);
        }
    }
    let source = std::fs::read_to_string(lesson.source_path())?;
    let solutions = exercise::solutions(lesson, &source)?;
    for ex in &lesson.meta.exercises {
        println!(
            "{} {} ({})",
            ctx.ui.bold("EXERCISE"),
            ex.region,
            relative(&lesson.source_path())
        );
        println!("{}", solutions[&ex.region]);
    }
    println!("The lesson's page explains why: `cargo xtask book --open`.");
    Ok(true)
}

/// One row of `report`.
#[derive(Serialize)]
struct ReportRow {
    exercise: String,
    title: String,
    passed: bool,
    attempts: u32,
    last_check: Option<String>,
}

pub fn report(ctx: &Ctx, json: bool) -> Result<bool> {
    let lessons = ctx.lessons()?;
    let progress = Progress::load(&ctx.root)?;
    let rows: Vec<ReportRow> = lessons
        .iter()
        .filter(|l| !l.meta.exercises.is_empty())
        .map(|l| {
            let p = progress
                .exercises
                .get(&l.dir_name)
                .cloned()
                .unwrap_or_default();
            ReportRow {
                exercise: l.dir_name.clone(),
                title: l.meta.title.clone(),
                passed: p.passed,
                attempts: p.attempts,
                last_check: p.last_check,
            }
        })
        .collect();
    if json {
        let student = student_name();
        let doc = serde_json::json!({ "student": student, "generated": exercise::now_rfc3339(), "exercises": rows });
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        for r in &rows {
            let mark = if r.passed {
                ctx.ui.green("✔")
            } else {
                "·".to_owned()
            };
            println!(
                "{mark} {:<28} {:>3} check(s)  {}",
                r.exercise,
                r.attempts,
                r.last_check.as_deref().unwrap_or("-")
            );
        }
    }
    Ok(true)
}

fn student_name() -> String {
    std::process::Command::new("git")
        .args(["config", "user.name"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "unknown".into())
}
