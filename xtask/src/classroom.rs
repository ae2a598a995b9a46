//! Classroom mode: the commands a student and a teacher use. Every lesson is an
//! exercise derived from its own source (see `exercise.rs`); `check` runs the
//! student's copy under the same rules as `verify` and diffs it against the same
//! expected transcript.

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::Ctx;
use crate::cargo::{self, Build};
use crate::exercise::{self, Progress, Workspace};
use crate::expected::line_matches;
use crate::judge::{self, Judged, Mode, Program, relative};
use crate::lesson::{self, Clock, KnownMistake, Lesson};
use crate::pool;

const NO_COPY: &str = "You have no copy of this exercise yet. Make one with";
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
pub fn judge_copy(ctx: &Ctx, lesson: &Lesson, build: &Build, copy: &Copy<'_>) -> Result<Verdict> {
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
            let judged =
                judge::run_and_judge(&ctx.root, lesson, program, &expected, Mode::Verify, &ctx.ui)?;
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
            let region = m
                .region
                .as_deref()
                .unwrap_or(&lesson.meta.exercises[0].region);
            let code = bare_code(
                &exercise::student_block(source, region).unwrap_or_else(|| source.to_owned()),
            );
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

fn find_lesson<'a>(lessons: &'a [Lesson], wanted: &str) -> Result<&'a Lesson> {
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
    let fresh = exercise::derive(lesson, &std::fs::read_to_string(lesson.source_path())?)?;
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

fn check_lesson(ctx: &Ctx, lessons: &[Lesson], lesson: &Lesson) -> Result<bool> {
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
    let fresh = exercise::derive(lesson, &std::fs::read_to_string(lesson.source_path())?)?;
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

/// A scratch workspace under `target/` for checks that must not touch `exercises/`.
/// Each run gets its own folder (two authors' checks may run at once); it is removed
/// when the returned guard is dropped.
fn scratch(ctx: &Ctx, name: &str) -> Result<(tempfile::TempDir, Workspace)> {
    let target = ctx.root.join("target");
    std::fs::create_dir_all(&target)?;
    let dir = tempfile::Builder::new()
        .prefix(&format!("{name}-"))
        .tempdir_in(&target)
        .with_context(|| format!("cannot make a scratch folder in {}", target.display()))?;
    let ws = Workspace {
        dir: dir.path().to_owned(),
        root: ctx.root.clone(),
    };
    Ok((dir, ws))
}

/// `grade DIR...`: re-check every student's copies and show a table.
pub fn grade(ctx: &Ctx, dirs: &[PathBuf], json: bool) -> Result<bool> {
    let lessons = ctx.lessons()?;
    let exercises: Vec<&Lesson> = lessons
        .iter()
        .filter(|l| !l.meta.exercises.is_empty())
        .collect();
    let (_scratch, ws) = scratch(ctx, "xtask-grade")?;
    // crate folder -> (student index, lesson, source)
    let mut crates: BTreeMap<String, (usize, &Lesson, String)> = BTreeMap::new();
    let mut students = Vec::new();
    for (i, dir) in dirs.iter().enumerate() {
        let copies = if dir.join(exercise::EXERCISES_DIR).is_dir() {
            dir.join(exercise::EXERCISES_DIR)
        } else {
            dir.clone()
        };
        if !copies.is_dir() {
            bail!("{} is not a folder", dir.display());
        }
        let name = dir
            .canonicalize()
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| dir.display().to_string());
        let progress: Progress = std::fs::read_to_string(copies.join(exercise::PROGRESS_FILE))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        for lesson in &exercises {
            let source = copies.join(&lesson.dir_name).join("src/main.rs");
            if let Ok(code) = std::fs::read_to_string(&source) {
                let crate_dir = format!("{}_s{i}", lesson.dir_name);
                ws.write_crate(&crate_dir, lesson, &code)?;
                crates.insert(crate_dir, (i, lesson, code));
            }
        }
        students.push((name, progress));
    }
    ws.write_manifest()?;
    let packages: Vec<String> = crates.keys().map(|c| Workspace::package_name(c)).collect();
    let build = if packages.is_empty() {
        Build::default()
    } else {
        cargo::build(
            &ws.manifest(),
            &packages,
            Some(&ctx.root.join("target")),
            &ctx.ui,
        )?
    };
    let mut results: BTreeMap<(usize, String), bool> = BTreeMap::new();
    for (crate_dir, (i, lesson, code)) in &crates {
        let copy = Copy {
            package: &Workspace::package_name(crate_dir),
            crate_dir,
            prefix: "",
            source: code,
        };
        let verdict = judge_copy(ctx, lesson, &build, &copy)?;
        results.insert((*i, lesson.dir_name.clone()), verdict.passed);
    }
    if json {
        let doc: Vec<_> = students
            .iter()
            .enumerate()
            .map(|(i, (name, progress))| {
                let rows: Vec<_> = exercises
                    .iter()
                    .map(|l| {
                        let attempts = progress.exercises.get(&l.dir_name).map_or(0, |p| p.attempts);
                        serde_json::json!({ "exercise": l.dir_name, "submitted": results.contains_key(&(i, l.dir_name.clone())), "passed": results.get(&(i, l.dir_name.clone())).copied().unwrap_or(false), "attempts": attempts })
                    })
                    .collect();
                serde_json::json!({ "student": name, "exercises": rows })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(true);
    }
    let width = students
        .iter()
        .map(|(n, _)| n.len())
        .max()
        .unwrap_or(7)
        .max(7);
    let header: String = exercises
        .iter()
        .map(|l| format!(" {:02}", l.number))
        .collect();
    println!("{:<width$}{header}  passed", "student");
    for (i, (name, _)) in students.iter().enumerate() {
        let mut passed = 0;
        let cells: String = exercises
            .iter()
            .map(|l| match results.get(&(i, l.dir_name.clone())) {
                Some(true) => {
                    passed += 1;
                    format!("  {}", ctx.ui.green("✔"))
                }
                Some(false) => format!("  {}", ctx.ui.red("✘")),
                None => "  -".to_owned(),
            })
            .collect();
        println!("{name:<width$}{cells}  {passed}/{}", exercises.len());
    }
    println!("\n✔ passes `check` now   ✘ submitted, does not pass   - no copy");
    Ok(true)
}

/// For authors (and `cargo xtask test`): every lesson has an exercise; each derived
/// exercise compiles, fails unsolved, passes when filled with the lesson's own code;
/// every wrong answer in `wrong_answers/` is rejected, with exactly the hint of the
/// known mistake that names it as its example (and no hint if none does).
pub fn self_test(ctx: &Ctx, wanted: &[String]) -> Result<bool> {
    let all = ctx.lessons()?;
    let lessons: Vec<&Lesson> = if wanted.is_empty() {
        all.iter().collect()
    } else {
        wanted
            .iter()
            .map(|w| lesson::find(&all, w))
            .collect::<Result<_>>()?
    };
    let (_scratch, ws) = scratch(ctx, "xtask-exercise-selftest")?;
    let ui = &ctx.ui;
    let mut problems: Vec<String> = Vec::new();
    let mut crates: Vec<SelfTestCrate> = Vec::new();
    for &lesson in &lessons {
        if lesson.meta.exercises.is_empty() {
            problems.push(format!(
                "lesson {} has no [[exercise]] region",
                lesson.dir_name
            ));
            continue;
        }
        let source = std::fs::read_to_string(lesson.source_path())?;
        let student = exercise::derive(lesson, &source)?;
        let solutions = exercise::solutions(lesson, &source)?;
        let mut solved = student.clone();
        for (region, code) in &solutions {
            solved = exercise::fill(&solved, region, code)?;
        }
        crates.push(SelfTestCrate::new(lesson, Kind::Unsolved, student));
        crates.push(SelfTestCrate::new(lesson, Kind::Solved, solved.clone()));
        let wrong = wrong_answers(lesson)?;
        if wrong.len() < MIN_WRONG_ANSWERS {
            problems.push(format!(
                "lesson {} has {} wrong answer(s) in {}/; every exercise needs at least {MIN_WRONG_ANSWERS}",
                lesson.dir_name,
                wrong.len(),
                lesson::WRONG_ANSWERS_DIR
            ));
        }
        for m in &lesson.meta.mistakes {
            if let Some(example) = &m.example
                && !wrong.iter().any(|(name, _)| name == example)
            {
                problems.push(format!(
                    "lessons/{}/lesson.toml: the mistake example {example} is not a file of {}/",
                    lesson.dir_name,
                    lesson::WRONG_ANSWERS_DIR
                ));
            }
        }
        for (name, text) in wrong {
            let mistake = lesson
                .meta
                .mistakes
                .iter()
                .find(|m| m.example.as_deref() == Some(name.as_str()));
            let region = wrong_answer_region(lesson, mistake, &text);
            let code = exercise::fill(&solved, &region, &text)
                .with_context(|| format!("lessons/{}/{name}", lesson.dir_name))?;
            let hint = mistake.map(|m| m.hint.clone());
            crates.push(SelfTestCrate::new(
                lesson,
                Kind::Wrong { file: name, hint },
                code,
            ));
        }
    }
    for (i, c) in crates.iter_mut().enumerate() {
        c.dir = format!("{}_{}{i}", c.lesson.dir_name, c.kind.tag());
        ws.write_crate(&c.dir, c.lesson, &c.code)?;
    }
    ws.write_manifest()?;
    let packages: Vec<String> = crates
        .iter()
        .map(|c| Workspace::package_name(&c.dir))
        .collect();
    let build = cargo::build(
        &ws.manifest(),
        &packages,
        Some(&ctx.root.join("target")),
        ui,
    )?;
    let wrong_count = crates
        .iter()
        .filter(|c| matches!(c.kind, Kind::Wrong { .. }))
        .count();

    let outcomes = pool::map(&crates, pool::default_jobs(), |c| {
        let copy = Copy {
            package: &Workspace::package_name(&c.dir),
            crate_dir: &c.dir,
            prefix: "",
            source: &c.code,
        };
        judge_copy(ctx, c.lesson, &build, &copy)
    });
    for (c, verdict) in crates.iter().zip(outcomes) {
        let verdict = verdict?;
        let compiled = build
            .executables
            .contains_key(&Workspace::package_name(&c.dir));
        let problem = match &c.kind {
            kind if !compiled => Some(format!(
                "the {} exercise does not compile:\n{}",
                kind.tag(),
                verdict.problem.unwrap_or_default()
            )),
            Kind::Unsolved if verdict.passed => {
                Some("the unsolved exercise passes `check`: it is a freebie".to_owned())
            }
            Kind::Solved if !verdict.passed => Some(format!(
                "filled with the lesson's own code, it fails `check`:\n{}",
                verdict.problem.unwrap_or_default()
            )),
            Kind::Wrong { file, .. } if verdict.passed => {
                Some(format!("the wrong answer {file} passes `check`"))
            }
            Kind::Wrong { file, hint } => {
                let expected: Vec<&String> = hint.iter().collect();
                let fired: Vec<&String> = verdict.mistakes.iter().collect();
                (fired != expected).then(|| wrong_hints_message(file, hint.as_deref(), &fired))
            }
            _ => None,
        };
        let label = format!("{} ({})", c.lesson.dir_name, c.kind.describe());
        match problem {
            None => println!("{} {label}", ui.green("ok  ")),
            Some(p) => {
                println!("{} {label}", ui.red("FAIL"));
                problems.push(format!("{label}: {p}"));
            }
        }
    }
    for p in &problems {
        println!("\n{} {p}", ui.red("FAILED"));
    }
    let summary = format!(
        "{} lesson(s) with exercises, {wrong_count} wrong answer(s) checked: {} problem(s)",
        lessons
            .iter()
            .filter(|l| !l.meta.exercises.is_empty())
            .count(),
        problems.len()
    );
    println!(
        "\n{}",
        if problems.is_empty() {
            ui.green(&summary)
        } else {
            ui.red(&summary)
        }
    );
    Ok(problems.is_empty())
}

/// Every exercise ships at least this many wrong answers.
const MIN_WRONG_ANSWERS: usize = 3;

/// The lesson's wrong answers: (`wrong_answers/NAME.rs`, text), sorted by name.
fn wrong_answers(lesson: &Lesson) -> Result<Vec<(String, String)>> {
    let dir = lesson.dir.join(lesson::WRONG_ANSWERS_DIR);
    let mut found = Vec::new();
    if dir.is_dir() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "rs") {
                let name = format!(
                    "{}/{}",
                    lesson::WRONG_ANSWERS_DIR,
                    path.file_name().unwrap_or_default().to_string_lossy()
                );
                found.push((name, std::fs::read_to_string(&path)?));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The region a wrong answer replaces: its mistake's, else a first line
/// `// region: NAME`, else the lesson's first exercise region.
fn wrong_answer_region(lesson: &Lesson, mistake: Option<&KnownMistake>, text: &str) -> String {
    mistake
        .and_then(|m| m.region.clone())
        .or_else(|| {
            let first = text.lines().next()?.trim();
            Some(first.strip_prefix("// region:")?.trim().to_owned())
        })
        .unwrap_or_else(|| lesson.meta.exercises[0].region.clone())
}

fn wrong_hints_message(file: &str, hint: Option<&str>, fired: &[&String]) -> String {
    let fired = if fired.is_empty() {
        "no hint".to_owned()
    } else {
        fired
            .iter()
            .map(|h| format!("\"{h}\""))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    match hint {
        Some(hint) => format!(
            "`check` rejects {file} but names {fired} instead of its own mistake only: \"{hint}\""
        ),
        None => format!(
            "`check` rejects {file}, which no mistake names as its example, but names {fired}: a hint for another cause"
        ),
    }
}

/// One crate of the exercise self-test.
struct SelfTestCrate<'a> {
    lesson: &'a Lesson,
    kind: Kind,
    code: String,
    /// Its folder in the scratch workspace (set once all are known).
    dir: String,
}

impl<'a> SelfTestCrate<'a> {
    fn new(lesson: &'a Lesson, kind: Kind, code: String) -> Self {
        SelfTestCrate {
            lesson,
            kind,
            code,
            dir: String::new(),
        }
    }
}

enum Kind {
    Unsolved,
    Solved,
    /// A wrong answer, and the hint of the known mistake it is the example of.
    Wrong {
        file: String,
        hint: Option<String>,
    },
}

impl Kind {
    fn tag(&self) -> &'static str {
        match self {
            Kind::Unsolved => "unsolved",
            Kind::Solved => "solved",
            Kind::Wrong { .. } => "wrong",
        }
    }

    fn describe(&self) -> String {
        match self {
            Kind::Unsolved => "unsolved: compiles, fails check".into(),
            Kind::Solved => "solved with the lesson's code: passes check".into(),
            Kind::Wrong {
                file,
                hint: Some(_),
            } => format!("{file}: rejected with its hint only"),
            Kind::Wrong { file, hint: None } => format!("{file}: rejected, no hint"),
        }
    }
}

/// `watch [NN]`: re-check on every save.
pub fn watch(ctx: &Ctx, wanted: Option<&str>, poll: bool) -> Result<bool> {
    use notify::{Config, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
    let lessons = ctx.lessons()?;
    let ws = Workspace::students(&ctx.root);
    let first = match wanted {
        Some(w) => Some(find_lesson(&lessons, w)?),
        None => {
            let progress = Progress::load(&ctx.root)?;
            lessons.iter().find(|l| {
                ws.source(l).is_file()
                    && !progress
                        .exercises
                        .get(&l.dir_name)
                        .is_some_and(|p| p.passed)
            })
        }
    };
    let Some(first) = first else {
        eprintln!("No exercise to watch: start one with `cargo xtask exercise NN`.");
        return Ok(false);
    };
    if !ws.source(first).is_file() {
        eprintln!(
            "{} {NO_COPY}\n  cargo xtask exercise {:02}",
            ctx.ui.red("error:"),
            first.number
        );
        return Ok(false);
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let poll_config = Config::default()
        .with_poll_interval(Duration::from_secs(1))
        .with_compare_contents(true);
    let mut watcher: Box<dyn Watcher> = if poll {
        Box::new(PollWatcher::new(tx, poll_config)?)
    } else {
        match RecommendedWatcher::new(tx.clone(), Config::default())
            .and_then(|mut w| w.watch(&ws.dir, RecursiveMode::Recursive).map(|_| w))
        {
            Ok(w) => Box::new(w),
            Err(e) => {
                eprintln!(
                    "{} file notifications are not available here ({e});\nfalling back to polling every second \
                     (`cargo xtask watch --poll` chooses polling directly).",
                    ctx.ui.bold("note:")
                );
                Box::new(PollWatcher::new(tx, poll_config)?)
            }
        }
    };
    watcher.watch(&ws.dir, RecursiveMode::Recursive)?;
    let watched: Vec<&Lesson> = match wanted {
        Some(_) => vec![first],
        None => lessons
            .iter()
            .filter(|l| !l.meta.exercises.is_empty())
            .collect(),
    };
    let mut current = first;
    loop {
        check_lesson(ctx, &lessons, current)?;
        eprintln!(
            "{}",
            ctx.ui.dim(&format!(
                "\nwatching {} for changes; Ctrl+C to stop",
                relative(&ws.dir)
            ))
        );
        // Wait for a change to a watched exercise's source...
        let changed = loop {
            let event = rx.recv().context("the file watcher stopped")?;
            let Ok(event) = event else { continue };
            // Opening or closing a file is not a change.
            if matches!(event.kind, notify::EventKind::Access(_)) {
                continue;
            }
            if let Some(l) = event.paths.iter().find_map(|p| {
                watched.iter().find(|l| {
                    p.starts_with(ws.crate_dir(&l.dir_name))
                        && p.extension().is_some_and(|e| e == "rs")
                })
            }) {
                break *l;
            }
        };
        // ...then let the burst of events an editor's save makes die down.
        while rx.recv_timeout(Duration::from_millis(300)).is_ok() {}
        current = changed;
        eprintln!(
            "\n{}",
            ctx.ui
                .bold(&format!("── {} changed ──", relative(&ws.source(current))))
        );
    }
}

/// The book's exercise section for a lesson, generated from the same regions.
pub fn book_section(lesson: &Lesson) -> Result<String> {
    let source = std::fs::read_to_string(lesson.source_path())?;
    let student = exercise::derive(lesson, &source)?;
    let n = lesson.number;
    let mut md = String::new();
    for ex in &lesson.meta.exercises {
        md.push_str(&format!("**Your task:** {}\n\n", ex.task));
        let shown = exercise::student_block(&student, &ex.region).unwrap_or_default();
        md.push_str(&format!(
            "In your copy, the region reads:\n\n```rust,noplayground\n{shown}```\n\n"
        ));
    }
    md.push_str(&format!(
        "Make your copy with `cargo xtask exercise {n:02}`, edit `exercises/{dir}/src/main.rs`, and check it with \
         `cargo xtask check {n:02}` (or `cargo xtask watch {n:02}` to re-check on every save). The checker compares your \
         transcript with the one above, {clock}.",
        dir = lesson.dir_name,
        clock = match lesson.meta.clock {
            Clock::Virtual => "on the virtual clock, so it takes no time",
            Clock::Real => "on the real clock, as this lesson needs",
        }
    ));
    if !lesson.meta.hints.is_empty() {
        md.push_str(&format!(
            " Stuck? `cargo xtask hint {n:02}` has {} hints, one at a time.",
            lesson.meta.hints.len()
        ));
    }
    md.push('\n');
    Ok(md)
}
