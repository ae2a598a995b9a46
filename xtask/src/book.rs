//! `cargo xtask book`: check the book's sources, then build it with mdBook (as a
//! library, search included).
//!
//! mdBook only logs a warning for an `{{#include}}` whose file is missing and
//! silently includes nothing for a missing anchor, so we check those ourselves.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};

use crate::ctx::Ctx;
use crate::exercise;
use crate::lesson::{Clock, Lesson};

/// The appendix whose table maps every seed topic to its lesson.
pub const TOPIC_TABLE: &str = "appendix/python-to-rust.md";
/// What a row of that table says when no lesson teaches its topic yet.
pub const NOT_YET: &str = "not yet taught";

pub fn build(ctx: &Ctx, open: bool) -> Result<bool> {
    let book_dir = ctx.root.join("book");
    let start = Instant::now();
    let problems = check(&ctx.root, &ctx.lessons()?)?;
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{} {p}", ctx.ui.red("error:"));
        }
        eprintln!(
            "{} problem(s) in the book's sources; nothing was built.",
            problems.len()
        );
        return Ok(false);
    }
    let lessons = ctx.lessons()?;
    let timelines = record_timelines(ctx, &lessons)?;
    let mut book = mdbook_driver::MDBook::load(&book_dir).context("cannot load the book")?;
    book.with_preprocessor(Exercises { lessons });
    book.with_preprocessor(Timelines {
        sections: timelines,
    });
    book.build().context("mdBook could not build the book")?;
    let index = book_dir.join("book/index.html");
    eprintln!(
        "{} built the book in {:.1}s: {}",
        ctx.ui.green("✔"),
        start.elapsed().as_secs_f64(),
        crate::judge::relative(&index)
    );
    if open {
        open_in_browser(&index);
    }
    Ok(true)
}

fn open_in_browser(index: &Path) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let opened = std::process::Command::new(opener)
        .arg(index)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !opened {
        eprintln!(
            "could not start a browser; open this file in one: {}",
            index.display()
        );
    }
}

/// The anchor around a lesson's `use` lines, which its page shows so that a reader
/// knows which crate each name comes from.
pub const IMPORTS_ANCHOR: &str = "imports";

/// The directive a lesson page uses for the timeline of its run.
pub const TIMELINE_DIRECTIVE: &str = "{{#timeline ";

/// Runs every lesson and twin once, recording, as `verify` runs them (the virtual
/// clock where the lesson has one), and returns each lesson's timeline section.
fn record_timelines(ctx: &Ctx, lessons: &[Lesson]) -> Result<BTreeMap<String, String>> {
    let build = crate::cargo::build(&ctx.manifest(), &[], None, &ctx.ui)?;
    let interpreter = crate::python::interpreter().ok();
    let sections = crate::pool::map(lessons, crate::pool::default_jobs(), |lesson| {
        timeline_section(ctx, lesson, &build, interpreter.as_deref())
    });
    lessons
        .iter()
        .zip(sections)
        .map(|(l, s)| Ok((l.dir_name.clone(), s?)))
        .collect()
}

/// The page section for one lesson: its Rust run and its twin's, drawn side by side
/// (one above the other on a narrow screen), with the same as text.
fn timeline_section(
    ctx: &Ctx,
    lesson: &Lesson,
    build: &crate::cargo::Build,
    interpreter: Option<&str>,
) -> Result<String> {
    use crate::timeline;
    let mut pictures = String::new();
    let mut text = String::new();
    for (language, rows) in timeline::record_runs(ctx, lesson, build, interpreter)? {
        if rows.is_empty() {
            continue;
        }
        let id = format!("timeline-{}-{}", lesson.number, language.to_lowercase());
        pictures.push_str(&format!(
            "<figure class=\"timeline\" style=\"margin: 1em 0; overflow-x: auto\">\n{}\n<figcaption>{language}</figcaption>\n</figure>\n\n",
            timeline::svg(
                &rows,
                &id,
                &format!("The {language} run of lesson {:02}", lesson.number)
            )
        ));
        text.push_str(&format!(
            "{language}:\n\n```text\n{}```\n\n",
            timeline::draw(&rows, 87)
        ));
    }
    if pictures.is_empty() {
        return Ok("*(No timeline: the lesson did not build or recorded nothing.)*\n".into());
    }
    let clock = match lesson.meta.clock {
        Clock::Virtual => "on the virtual clock",
        Clock::Real => "on the real clock, so its times vary a little from run to run",
    };
    Ok(format!(
        "{pictures}One row per task, time left to right, {clock}: a block is a poll (the \
         task running), a thin line a wait, a circle a wake-up, and ✓, ✗ or ! how the task \
         ended (returned, cancelled, panicked). Drawn from this very run when the book was \
         built; `cargo xtask run {n:02} --timeline` draws yours (add `--python` for the \
         twin), and `--trace FILE` writes it for Perfetto. See \
         [How to read a timeline](how-to-read-a-timeline.md).\n\n\
         <details><summary>The same, as text</summary>\n\n{text}{legend}\n\n</details>\n",
        n = lesson.number,
        legend = timeline::LEGEND,
    ))
}

/// Expands `{{#timeline NN_topic}}` into the lesson's timeline section.
struct Timelines {
    sections: BTreeMap<String, String>,
}

impl mdbook_preprocessor::Preprocessor for Timelines {
    fn name(&self) -> &str {
        "workbook-timelines"
    }

    fn run(
        &self,
        _ctx: &mdbook_preprocessor::PreprocessorContext,
        book: mdbook_preprocessor::book::Book,
    ) -> Result<mdbook_preprocessor::book::Book> {
        expand(book, TIMELINE_DIRECTIVE, |name| {
            self.sections.get(name).cloned().with_context(|| {
                format!("`{TIMELINE_DIRECTIVE}{name}}}}}`: there is no lesson {name}")
            })
        })
    }
}

/// Replaces every line of the book that is `{directive}NAME}}` alone on its line (so
/// that prose can quote a directive) with `section(NAME)`; the first error fails it.
fn expand(
    mut book: mdbook_preprocessor::book::Book,
    directive: &str,
    section: impl Fn(&str) -> Result<String>,
) -> Result<mdbook_preprocessor::book::Book> {
    let mut failure = None;
    book.for_each_chapter_mut(|chapter| {
        let mut content = String::with_capacity(chapter.content.len());
        for line in chapter.content.split_inclusive('\n') {
            let name = line
                .trim()
                .strip_prefix(directive)
                .and_then(|rest| rest.strip_suffix("}}"))
                .map(str::trim);
            match name.map(&section) {
                None => content.push_str(line),
                Some(Ok(text)) => content.push_str(&text),
                Some(Err(e)) => {
                    failure.get_or_insert(e);
                }
            }
        }
        chapter.content = content;
    });
    match failure {
        Some(e) => Err(e),
        None => Ok(book),
    }
}

/// The directive a lesson page uses for its generated exercise section.
pub const EXERCISE_DIRECTIVE: &str = "{{#exercise ";

/// Expands `{{#exercise NN_topic}}` into the lesson's exercise section, generated from
/// the same regions and metadata that `cargo xtask exercise` uses.
struct Exercises {
    lessons: Vec<Lesson>,
}

impl mdbook_preprocessor::Preprocessor for Exercises {
    fn name(&self) -> &str {
        "workbook-exercises"
    }

    fn run(
        &self,
        _ctx: &mdbook_preprocessor::PreprocessorContext,
        book: mdbook_preprocessor::book::Book,
    ) -> Result<mdbook_preprocessor::book::Book> {
        expand(book, EXERCISE_DIRECTIVE, |name| {
            let lesson = self
                .lessons
                .iter()
                .find(|l| l.dir_name == name)
                .with_context(|| {
                    format!("`{EXERCISE_DIRECTIVE}{name}}}}}`: there is no lesson {name}")
                })?;
            book_section(lesson)
        })
    }
}

/// Every problem in the book's sources, each naming a file and line.
pub fn check(root: &Path, lessons: &[Lesson]) -> Result<Vec<String>> {
    let src = root.join("book/src");
    let mut problems = Vec::new();
    let pages = markdown_files(&src)?;
    let summary = std::fs::read_to_string(src.join("SUMMARY.md"))
        .context("cannot read book/src/SUMMARY.md")?;
    let mut included_lessons: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut texts: BTreeMap<&Path, String> = BTreeMap::new();

    for page in &pages {
        let text = texts.entry(page).or_insert(std::fs::read_to_string(page)?);
        let shown = page
            .strip_prefix(root)
            .unwrap_or(page)
            .display()
            .to_string();
        let dir = page.parent().expect("a page is in a folder");
        for (line_no, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l)) {
            for include in includes(line) {
                let (file, anchor) = split_include(include);
                let target = dir.join(file);
                if !target.is_file() {
                    problems.push(format!(
                        "{shown}:{line_no}: `{{{{#include {include}}}}}` points at a missing file"
                    ));
                    continue;
                }
                if let Some(anchor) = anchor {
                    let content = std::fs::read_to_string(&target)?;
                    if !has_anchor(&content, anchor) {
                        problems.push(format!(
                            "{shown}:{line_no}: `{{{{#include {include}}}}}`: {} has no `ANCHOR: {anchor}` ... `ANCHOR_END: {anchor}`",
                            file
                        ));
                    }
                }
                if let Ok(canonical) = target.canonicalize()
                    && let Some(lesson) = lessons.iter().find(|l| canonical.starts_with(&l.dir))
                {
                    included_lessons
                        .entry(page.clone())
                        .or_default()
                        .insert(lesson.dir_name.clone());
                }
            }
            for link in links(line) {
                if link.starts_with("http://")
                    || link.starts_with("https://")
                    || link.starts_with('#')
                    || link.starts_with("mailto:")
                {
                    continue;
                }
                let path = link.split('#').next().unwrap_or("");
                if !path.is_empty() && !dir.join(path).exists() {
                    problems.push(format!(
                        "{shown}:{line_no}: the link `{link}` points at nothing"
                    ));
                }
            }
        }
    }

    // Every lesson has its page, listed in SUMMARY.md, that includes that lesson's files.
    for lesson in lessons {
        let page = src.join(format!("{}.md", lesson.dir_name));
        let name = format!("book/src/{}.md", lesson.dir_name);
        if !page.is_file() {
            problems.push(format!(
                "lesson {} has no page: create {name}",
                lesson.dir_name
            ));
            continue;
        }
        if !summary.contains(&format!("({}.md)", lesson.dir_name)) {
            problems.push(format!("{name} is not listed in book/src/SUMMARY.md"));
        }
        let text = &texts[page.as_path()];
        let directive = format!("{EXERCISE_DIRECTIVE}{}}}}}", lesson.dir_name);
        if !lesson.meta.exercises.is_empty() && !text.contains(&directive) {
            problems.push(format!("{name} has no exercise section: add `{directive}`"));
        }
        // The parts every lesson page has (see "Writing a lesson").
        let dir = format!("../../lessons/{}", lesson.dir_name);
        let mut required = vec![
            (format!("({dir}/)"), "a link to the lesson's folder"),
            (
                format!("{dir}/expected.txt}}}}"),
                "the expected output, included",
            ),
            (
                format!("cargo xtask run {:02}", lesson.number),
                "how to run it",
            ),
            (
                format!("{dir}/src/main.rs:{IMPORTS_ANCHOR}}}}}"),
                "the lesson's `use` lines, included",
            ),
            (
                format!("{TIMELINE_DIRECTIVE}{}}}}}", lesson.dir_name),
                "the timeline of its run",
            ),
        ];
        if let Some(twin) = lesson.twin_path() {
            let twin = twin
                .strip_prefix(&lesson.dir)
                .unwrap_or(&twin)
                .display()
                .to_string();
            required.push((format!("{dir}/{twin}"), "the Python twin, included"));
        }
        for (needle, what) in required {
            if !text.contains(&needle) {
                problems.push(format!("{name} lacks {what} (`{needle}`)"));
            }
        }
        if !included_lessons
            .get(&page)
            .is_some_and(|set| set.contains(&lesson.dir_name))
        {
            problems.push(format!(
                "{name} includes nothing from lessons/{}/",
                lesson.dir_name
            ));
        }
    }
    // Every numbered page belongs to a lesson.
    for page in &pages {
        let file = page.file_name().unwrap_or_default().to_string_lossy();
        let stem = file.trim_end_matches(".md");
        let numbered = stem.len() > 3
            && stem.as_bytes()[..2].iter().all(u8::is_ascii_digit)
            && stem.as_bytes()[2] == b'_';
        if numbered && !lessons.iter().any(|l| l.dir_name == stem) {
            problems.push(format!(
                "book/src/{file} looks like a lesson page, but there is no lessons/{stem}/"
            ));
        }
    }
    problems.extend(check_topic_table(&src, lessons)?);
    Ok(problems)
}

/// The appendix has one row per topic; its lesson links agree with the lessons' metadata.
fn check_topic_table(src: &Path, lessons: &[Lesson]) -> Result<Vec<String>> {
    let path = src.join(TOPIC_TABLE);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read book/src/{TOPIC_TABLE}"))?;
    let mut problems = Vec::new();
    for n in 1..=46 {
        let id = format!("T{n:02}");
        let rows: Vec<(usize, &str)> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.starts_with(&format!("| {id} ")))
            .map(|(i, l)| (i + 1, l))
            .collect();
        let [(line_no, row)] = rows.as_slice() else {
            problems.push(format!(
                "book/src/{TOPIC_TABLE}: topic {id} needs exactly one row, found {}",
                rows.len()
            ));
            continue;
        };
        let teaching: Vec<&Lesson> = lessons
            .iter()
            .filter(|l| l.meta.topics.contains(&id))
            .collect();
        if teaching.is_empty() {
            if !row.contains(NOT_YET) {
                problems.push(format!("book/src/{TOPIC_TABLE}:{line_no}: no lesson teaches {id}, so its row must say \"{NOT_YET}\""));
            }
        } else {
            for l in teaching {
                if !row.contains(&format!("../{}.md", l.dir_name)) {
                    problems.push(format!(
                        "book/src/{TOPIC_TABLE}:{line_no}: lesson {} teaches {id}; link it as (../{}.md)",
                        l.dir_name, l.dir_name
                    ));
                }
            }
            if row.contains(NOT_YET) {
                problems.push(format!(
                    "book/src/{TOPIC_TABLE}:{line_no}: {id} is taught now; drop \"{NOT_YET}\""
                ));
            }
        }
    }
    Ok(problems)
}

fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(markdown_files(&path)?);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// The arguments of `{{#include ...}}` and `{{#rustdoc_include ...}}` on a line.
fn includes(line: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find("{{#") {
        let after = &rest[start + 3..];
        let Some(end) = after.find("}}") else { break };
        let inner = &after[..end];
        for kind in ["include ", "rustdoc_include "] {
            if let Some(arg) = inner.strip_prefix(kind) {
                found.push(arg.trim());
            }
        }
        rest = &after[end + 2..];
    }
    found
}

/// `path:anchor` -> (`path`, Some(`anchor`)); line ranges (`path:3:9`) have no anchor.
fn split_include(arg: &str) -> (&str, Option<&str>) {
    match arg.split_once(':') {
        Some((file, rest)) => {
            let is_range = rest
                .split(':')
                .all(|p| p.is_empty() || p.chars().all(|c| c.is_ascii_digit()));
            (file, (!is_range).then_some(rest))
        }
        None => (arg, None),
    }
}

fn has_anchor(content: &str, anchor: &str) -> bool {
    let marks = |kind: &str| {
        content.lines().any(|l| {
            l.split_once(kind)
                .is_some_and(|(_, name)| name.trim().trim_end_matches("*/").trim() == anchor)
        })
    };
    marks("ANCHOR:") && marks("ANCHOR_END:")
}

/// Targets of inline Markdown links `[text](target)` on a line (code spans skipped).
fn links(line: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut in_code = false;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'`' => in_code = !in_code,
            b']' if !in_code && bytes.get(i + 1) == Some(&b'(') => {
                if let Some(end) = line[i + 2..].find(')') {
                    let target = line[i + 2..i + 2 + end]
                        .split_whitespace()
                        .next()
                        .unwrap_or("");
                    found.push(target);
                    i += end + 2;
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_includes_and_anchors() {
        assert_eq!(
            includes("{{#include ../a.rs:main}} and {{#rustdoc_include b.rs}}"),
            vec!["../a.rs:main", "b.rs"]
        );
        assert_eq!(split_include("a.rs:main"), ("a.rs", Some("main")));
        assert_eq!(split_include("a.rs:3:9"), ("a.rs", None));
        assert_eq!(split_include("a.rs"), ("a.rs", None));
        assert!(has_anchor(
            "// ANCHOR: x\nfn f() {}\n// ANCHOR_END: x\n",
            "x"
        ));
        assert!(!has_anchor("// ANCHOR: x\n", "x"));
        assert!(!has_anchor("// ANCHOR: xy\n// ANCHOR_END: xy\n", "x"));
    }

    /// A one-lesson workbook whose book passes every check; tests break it.
    fn tiny_workbook() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |path: &str, text: &str| {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "lessons/01_x/lesson.toml",
            "title = \"X\"\nchapter = \"C\"\ntopics = [\"T01\"]\nclock = \"real\"\n",
        );
        write(
            "lessons/01_x/src/main.rs",
            "// ANCHOR: imports\nuse std::fmt;\n// ANCHOR_END: imports\n// ANCHOR: main\nfn main() {}\n// ANCHOR_END: main\n",
        );
        write("lessons/01_x/expected.txt", "hi\n");
        write("lessons/01_x/python/main.py", "print('hi')\n");
        write("book/src/SUMMARY.md", "- [X](01_x.md)\n");
        write(
            "book/src/01_x.md",
            "# X\n[folder](../../lessons/01_x/)\n{{#include ../../lessons/01_x/src/main.rs:imports}}\n\
             {{#include ../../lessons/01_x/src/main.rs:main}}\n\
             {{#include ../../lessons/01_x/expected.txt}}\n{{#include ../../lessons/01_x/python/main.py}}\n\
             `cargo xtask run 01`\n{{#timeline 01_x}}\n",
        );
        let mut table = String::from("| ID | Python | Rust | Lesson |\n");
        for n in 1..=46 {
            let lesson = if n == 1 { "[01](../01_x.md)" } else { NOT_YET };
            table.push_str(&format!("| T{n:02} | p | r | {lesson} |\n"));
        }
        write(&format!("book/src/{TOPIC_TABLE}"), &table);
        dir
    }

    fn problems(root: &Path) -> Vec<String> {
        check(root, &crate::lesson::discover(root).unwrap()).unwrap()
    }

    fn edit(root: &Path, file: &str, from: &str, to: &str) {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from} not in {file}");
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    #[test]
    fn a_sound_book_has_no_problems() {
        let dir = tiny_workbook();
        assert_eq!(problems(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn each_broken_part_is_named() {
        let cases: &[(&str, &str, &str, &str)] = &[
            (
                "book/src/01_x.md",
                "main.rs:main",
                "main.rs:nope",
                "has no `ANCHOR: nope`",
            ),
            (
                "book/src/01_x.md",
                "python/main.py}}",
                "python/gone.py}}",
                "points at a missing file",
            ),
            (
                "book/src/01_x.md",
                "[folder](../../lessons/01_x/)",
                "[folder](../../lessons/02_y/)",
                "points at nothing",
            ),
            (
                "book/src/01_x.md",
                "`cargo xtask run 01`",
                "",
                "lacks how to run it",
            ),
            (
                "book/src/01_x.md",
                "main.rs:imports}}",
                "main.rs:main}}",
                "lacks the lesson's `use` lines",
            ),
            (
                "book/src/SUMMARY.md",
                "(01_x.md)",
                "(other.md)",
                "is not listed in book/src/SUMMARY.md",
            ),
            (
                "book/src/appendix/python-to-rust.md",
                "[01](../01_x.md)",
                NOT_YET,
                "lesson 01_x teaches T01",
            ),
            (
                "book/src/appendix/python-to-rust.md",
                "| T02 |",
                "| T2 |",
                "topic T02 needs exactly one row",
            ),
        ];
        for (file, from, to, expected) in cases {
            let dir = tiny_workbook();
            edit(dir.path(), file, from, to);
            let found = problems(dir.path());
            assert!(
                found.iter().any(|p| p.contains(expected)),
                "{file}: {from} -> {to}: {found:?}"
            );
        }
    }

    #[test]
    fn a_lesson_without_a_page_is_named() {
        let dir = tiny_workbook();
        std::fs::remove_file(dir.path().join("book/src/01_x.md")).unwrap();
        assert!(
            problems(dir.path())
                .iter()
                .any(|p| p.contains("lesson 01_x has no page"))
        );
    }

    #[test]
    fn finds_links_outside_code_spans() {
        assert_eq!(
            links("see [this](../a.md#x) and `[not](this)`"),
            vec!["../a.md#x"]
        );
    }
}
