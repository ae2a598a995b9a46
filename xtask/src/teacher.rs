//! The teacher's and author's commands: `grade` (re-check many students' copies) and
//! `verify-exercises` (every exercise tells right from wrong).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::cargo::{self, Build};
use crate::ctx::Ctx;
use crate::exercise::{self, Progress, Workspace};
use crate::judge::relative;
use crate::lesson::{self, KnownMistake, Lesson};
use crate::pool;
use crate::verdict::{Copy, judge_copy};

/// A scratch workspace under `target/` for checks that must not touch `exercises/`.
/// It is kept between runs, so that crates whose code did not change are not rebuilt,
/// and locked while a run uses it (two authors' checks may start at once): the lock
/// is released when the returned file is dropped.
fn scratch(ctx: &Ctx, name: &str) -> Result<(std::fs::File, Workspace)> {
    let dir = ctx.root.join("target").join(name);
    std::fs::create_dir_all(&dir).with_context(|| {
        format!("cannot make the scratch folder {}", dir.display())
    })?;
    let lock_path = dir.join(".lock");
    let lock = std::fs::File::create(&lock_path)
        .with_context(|| format!("cannot create {}", lock_path.display()))?;
    if lock.try_lock().is_err() {
        eprintln!(
            "another `cargo xtask` is using {}; waiting for it to finish",
            relative(&dir)
        );
        lock.lock()
            .with_context(|| format!("cannot lock {}", lock_path.display()))?;
    }
    let ws = Workspace {
        dir,
        root: ctx.root.clone(),
    };
    Ok((lock, ws))
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
        let progress: Progress =
            std::fs::read_to_string(copies.join(exercise::PROGRESS_FILE))
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
    let packages: Vec<String> =
        crates.keys().map(|c| Workspace::package_name(c)).collect();
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
    // (student, exercise) -> (passed, the known mistakes `check` names)
    let mut results: BTreeMap<(usize, String), (bool, Vec<String>)> = BTreeMap::new();
    for (crate_dir, (i, lesson, code)) in &crates {
        let copy = Copy {
            package: &Workspace::package_name(crate_dir),
            crate_dir,
            prefix: "",
            source: code,
        };
        let verdict = judge_copy(ctx, lesson, &build, &copy)?;
        results.insert(
            (*i, lesson.dir_name.clone()),
            (verdict.passed, verdict.mistakes),
        );
    }
    if json {
        let doc: Vec<_> = students
            .iter()
            .enumerate()
            .map(|(i, (name, progress))| {
                let rows: Vec<_> = exercises
                    .iter()
                    .map(|l| {
                        let attempts = progress
                            .exercises
                            .get(&l.dir_name)
                            .map_or(0, |p| p.attempts);
                        let result = results.get(&(i, l.dir_name.clone()));
                        serde_json::json!({
                            "exercise": l.dir_name,
                            "submitted": result.is_some(),
                            "passed": result.is_some_and(|r| r.0),
                            "known_mistakes": result.map(|r| r.1.clone()).unwrap_or_default(),
                            "attempts": attempts,
                        })
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
            .map(
                |l| match results.get(&(i, l.dir_name.clone())).map(|r| r.0) {
                    Some(true) => {
                        passed += 1;
                        format!("  {}", ctx.ui.green("✔"))
                    }
                    Some(false) => format!("  {}", ctx.ui.red("✘")),
                    None => "  -".to_owned(),
                },
            )
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
    let lessons = lesson::select(&all, wanted)?;
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
    for c in &mut crates {
        // The same name on every run, so that an unchanged crate is not rebuilt.
        c.dir = match &c.kind {
            Kind::Wrong { file, .. } => {
                let stem = Path::new(file).file_stem().unwrap_or_default();
                let stem: String = stem
                    .to_string_lossy()
                    .chars()
                    .map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '_' })
                    .collect();
                format!("{}_wrong_{stem}", c.lesson.dir_name)
            }
            kind => format!("{}_{}", c.lesson.dir_name, kind.tag()),
        };
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

    // Many wrong answers hang until their lesson's timeout, using no CPU meanwhile:
    // run twice as many at once as `verify` does.
    let outcomes = pool::map(&crates, 2 * pool::default_jobs(), |c| {
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
            Kind::Unsolved if verdict.passed => Some(
                "the unsolved exercise passes `check`: it is a freebie".to_owned(),
            ),
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
                (fired != expected)
                    .then(|| wrong_hints_message(file, hint.as_deref(), &fired))
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
fn wrong_answer_region(
    lesson: &Lesson,
    mistake: Option<&KnownMistake>,
    text: &str,
) -> String {
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
