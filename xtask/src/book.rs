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
    let mut book =
        mdbook_driver::MDBook::load(&book_dir).context("cannot load the book")?;
    book.with_preprocessor(Exercises { lessons });
    book.with_preprocessor(Timelines {
        sections: timelines,
    });
    book.with_preprocessor(LessonPages {
        lessons: ctx.lessons()?,
    });
    book.with_preprocessor(Bench {
        dir: book_dir.join("src/bench"),
    });
    // Last, so that it sees every block as the reader will.
    book.with_preprocessor(LineLimit);
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

/// `book --serve`: build, serve on 127.0.0.1:`port`, and rebuild on every change to
/// the book's sources or a lesson; the served pages reload themselves after a
/// rebuild. A failed rebuild keeps the last good book and prints its problems.
pub fn serve(ctx: &Ctx, port: u16, open: bool) -> Result<bool> {
    use notify::{RecursiveMode, Watcher};
    build(ctx, false)?;
    let server = crate::serve::start(&ctx.root.join("book/book"), port, true)?;
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)?;
    for dir in ["book/src", "book/theme", "book/book.toml", "lessons"] {
        watcher.watch(&ctx.root.join(dir), RecursiveMode::Recursive)?;
    }
    eprintln!(
        "{} serving the book at {} ; it rebuilds when a page or a lesson changes \
         (Ctrl+C stops)",
        ctx.ui.green("✔"),
        server.url
    );
    if open {
        open_in_browser(Path::new(&server.url));
    }
    let relevant = |event: &notify::Result<notify::Event>| match event {
        Ok(e) => {
            !e.kind.is_access()
                && e.paths.iter().any(|p| {
                    let s = p.to_string_lossy();
                    !s.contains("__pycache__")
                        && !s.contains("/target/")
                        && !s.ends_with('~')
                })
        }
        Err(_) => false,
    };
    while let Ok(event) = rx.recv() {
        if !relevant(&event) {
            continue;
        }
        // An editor's save is several events: let them settle, then build once.
        std::thread::sleep(std::time::Duration::from_millis(300));
        while rx.try_recv().is_ok() {}
        eprintln!("\nchange seen; rebuilding…");
        match build(ctx, false) {
            Ok(true) => {
                server
                    .build
                    .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
            Ok(false) => {
                eprintln!("the book was not rebuilt; still serving the last one")
            }
            Err(e) => eprintln!(
                "{} {e:#}; still serving the last book",
                ctx.ui.red("error:")
            ),
        }
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
fn record_timelines(
    ctx: &Ctx,
    lessons: &[Lesson],
) -> Result<BTreeMap<String, String>> {
    let build = crate::cargo::build(&ctx.manifest(), &[], None, &ctx.ui)?;
    let interpreter = crate::python::interpreter(&ctx.root).ok();
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
            timeline::draw(&rows, MAX_CODE_COLUMNS)
        ));
    }
    if pictures.is_empty() {
        return Ok(
            "*(No timeline: the lesson did not build or recorded nothing.)*\n".into(),
        );
    }
    let clock = match lesson.meta.clock {
        Clock::Virtual => "on the virtual clock",
        Clock::Real => {
            "on the real clock, so its times vary a little from run to run"
        }
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

/// The directive that draws benchmark results: `{{#bench results.json}}`, a file in
/// `book/src/bench/` written by `cargo xtask bench`.
pub const BENCH_DIRECTIVE: &str = "{{#bench ";

/// Expands `{{#bench FILE}}` into the results' charts and tables.
struct Bench {
    dir: PathBuf,
}

impl mdbook_preprocessor::Preprocessor for Bench {
    fn name(&self) -> &str {
        "workbook-bench"
    }

    fn run(
        &self,
        _ctx: &mdbook_preprocessor::PreprocessorContext,
        book: mdbook_preprocessor::book::Book,
    ) -> Result<mdbook_preprocessor::book::Book> {
        expand(book, BENCH_DIRECTIVE, |name| {
            let results = crate::bench::load(&self.dir.join(name))?;
            Ok(crate::bench::book_section(&results))
        })
    }
}

/// The directive that opens a lesson page: the lesson's folder, topics and command.
pub const LESSON_DIRECTIVE: &str = "{{#lesson ";

/// The widest code line a reader sees without scrolling: mdBook's text column (750 px)
/// holds 87 columns of its code font, one less inside a quote or a list.
pub const MAX_CODE_COLUMNS: usize = 86;
/// What a list item's indentation takes from a code block inside it (40 px).
pub const LIST_INDENT_COLUMNS: usize = 5;

/// A code block whose info string has this class (` ```text,wrap `) wraps long lines
/// instead of scrolling (`theme/workbook.css`): for text the book quotes whole and
/// cannot reflow, rustc's errors and the files pages.
pub const WRAP_CLASS: &str = "wrap";

/// Expands `{{#lesson NN_topic}}` into the page's header, links each topic to its row
/// of the topic table, gives those rows their ids, and adds under each lesson's page a
/// generated page that shows the lesson's files (a link to the folder itself would open
/// a directory listing from a file and nothing at all from a web server).
struct LessonPages {
    lessons: Vec<Lesson>,
}

impl mdbook_preprocessor::Preprocessor for LessonPages {
    fn name(&self) -> &str {
        "workbook-lesson-pages"
    }

    fn run(
        &self,
        _ctx: &mdbook_preprocessor::PreprocessorContext,
        book: mdbook_preprocessor::book::Book,
    ) -> Result<mdbook_preprocessor::book::Book> {
        let mut book = expand(book, LESSON_DIRECTIVE, |name| {
            let lesson = find_lesson(&self.lessons, LESSON_DIRECTIVE, name)?;
            Ok(lesson_header(lesson))
        })?;
        let mut failure = None;
        book.for_each_chapter_mut(|chapter| {
            let Some(path) = chapter.path.clone() else {
                return;
            };
            if path == Path::new(TOPIC_TABLE) {
                chapter.content = topic_anchors(&chapter.content);
            }
            let stem = path.with_extension("");
            let Some(lesson) =
                self.lessons.iter().find(|l| Path::new(&l.dir_name) == stem)
            else {
                return;
            };
            match files_page(lesson) {
                Ok(content) => {
                    let mut page = mdbook_preprocessor::book::Chapter::new(
                        "Its files",
                        content,
                        format!("files/{}.md", lesson.dir_name),
                        [chapter.parent_names.clone(), vec![chapter.name.clone()]]
                            .concat(),
                    );
                    page.source_path = None;
                    page.number = chapter.number.as_ref().map(|n| {
                        let mut parts: Vec<u32> = n.iter().copied().collect();
                        parts.push(1);
                        mdbook_preprocessor::book::SectionNumber::new(parts)
                    });
                    chapter.sub_items.push(page.into());
                }
                Err(e) => {
                    failure.get_or_insert(e);
                }
            }
        });
        match failure {
            Some(e) => Err(e),
            None => Ok(book),
        }
    }
}

fn find_lesson<'a>(
    lessons: &'a [Lesson],
    directive: &str,
    name: &str,
) -> Result<&'a Lesson> {
    lessons
        .iter()
        .find(|l| l.dir_name == name)
        .with_context(|| {
            format!("`{directive}{name}}}}}`: there is no lesson {name}")
        })
}

/// The line under a lesson page's title.
fn lesson_header(lesson: &Lesson) -> String {
    let topics: Vec<String> = lesson
        .meta
        .topics
        .iter()
        .map(|t| format!("[{t}]({TOPIC_TABLE}#{})", t.to_lowercase()))
        .collect();
    format!(
        "<div class=\"lesson-meta\">\n\n**Lesson** [`lessons/{dir}`](files/{dir}.md) · \
         **Topics** {topics} · **Run it** `cargo xtask run {n:02}`\n\n</div>\n",
        dir = lesson.dir_name,
        topics = topics.join(", "),
        n = lesson.number,
    )
}

/// Gives each row of the topic table (`| T17 | ...`) the id `t17`.
fn topic_anchors(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    for line in content.split_inclusive('\n') {
        let id = line
            .strip_prefix("| T")
            .and_then(|rest| rest.get(..2))
            .filter(|n| n.bytes().all(|b| b.is_ascii_digit()));
        match id {
            Some(n) => {
                out.push_str(&format!("| <span id=\"t{n}\">T{n}</span>"));
                out.push_str(&line[5..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// The folders of a lesson that its files page shows, in this order; `wrong_answers/`
/// is left out on purpose: it is the exercise checker's test data.
const SHOWN_FILES: [&str; 6] = [
    "Cargo.toml",
    "lesson.toml",
    "src",
    "expected.txt",
    "python",
    "mistakes",
];

/// The generated page listing a lesson's files with their contents.
fn files_page(lesson: &Lesson) -> Result<String> {
    let mut files = Vec::new();
    for name in SHOWN_FILES {
        collect_files(&lesson.dir.join(name), &mut files)?;
    }
    let mut md = format!(
        "# The files of lesson {n:02}\n\nThe folder `lessons/{dir}/` as this book was built \
         from it (its `wrong_answers/`, which test the exercise checker, are not shown). \
         Back to [the lesson](../{dir}.md).\n\n",
        n = lesson.number,
        dir = lesson.dir_name,
    );
    for file in files {
        let shown = file.strip_prefix(&lesson.dir).unwrap_or(&file);
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let language = match file.extension().and_then(|e| e.to_str()) {
            Some("rs") => "rust,noplayground,wrap",
            Some("py") => "python,wrap",
            Some("toml") => "toml,wrap",
            _ => "text,wrap",
        };
        md.push_str(&format!(
            "## `{}`\n\n````{language}\n{text}{}````\n\n",
            shown.display(),
            if text.ends_with('\n') { "" } else { "\n" }
        ));
    }
    Ok(md)
}

fn collect_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    if path.is_file() {
        out.push(path.to_path_buf());
    } else if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
            .map(|e| e.map(|e| e.path()))
            .collect::<std::io::Result<_>>()?;
        entries.sort();
        for entry in entries {
            let name = entry.file_name().unwrap_or_default().to_string_lossy();
            if name == "__pycache__" || name.ends_with(".pyc") {
                continue;
            }
            collect_files(&entry, out)?;
        }
    }
    Ok(())
}

/// Fails the build if a code block has a line wider than [`MAX_CODE_COLUMNS`], naming
/// the file and line it came from where it can be found. Blocks that wrap (see
/// [`WRAP_CLASS`]) are exempt.
struct LineLimit;

impl mdbook_preprocessor::Preprocessor for LineLimit {
    fn name(&self) -> &str {
        "workbook-line-limit"
    }

    fn run(
        &self,
        ctx: &mdbook_preprocessor::PreprocessorContext,
        book: mdbook_preprocessor::book::Book,
    ) -> Result<mdbook_preprocessor::book::Book> {
        let root = ctx.root.parent().unwrap_or(&ctx.root).to_path_buf();
        let mut problems = Vec::new();
        for chapter in book.chapters() {
            let Some(path) = &chapter.path else { continue };
            for line in long_code_lines(&chapter.content) {
                let place = find_source(&root, line)
                    .unwrap_or_else(|| format!("book/src/{}", path.display()));
                problems.push(format!(
                    "{place}: a code line of {} columns (at most {MAX_CODE_COLUMNS} fit \
                     the page, {} in a list): {}",
                    line.trim_start().chars().count(),
                    MAX_CODE_COLUMNS - LIST_INDENT_COLUMNS,
                    line.trim_start()
                ));
            }
        }
        if problems.is_empty() {
            Ok(book)
        } else {
            anyhow::bail!(
                "{} code line(s) too wide for the page:\n{}",
                problems.len(),
                problems.join("\n")
            )
        }
    }
}

/// The lines inside fenced code blocks that are wider than the page. A block inside a
/// list item (an indented fence) has [`LIST_INDENT_COLUMNS`] fewer.
fn long_code_lines(markdown: &str) -> Vec<&str> {
    // The open fence, its indentation, and whether its block wraps its lines (info
    // string `...,wrap`).
    let mut fence: Option<(&str, usize, bool)> = None;
    let mut out = Vec::new();
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        match fence {
            None if trimmed.starts_with("```") => {
                let ticks = trimmed.len() - trimmed.trim_start_matches('`').len();
                let info = &trimmed[ticks..];
                let wraps = info.split([',', ' ']).any(|class| class == WRAP_CLASS);
                fence = Some((&trimmed[..ticks], indent, wraps));
            }
            Some((f, _, _)) if trimmed.trim_end() == f => fence = None,
            Some((_, fence_indent, false)) => {
                let limit = if fence_indent > 0 {
                    MAX_CODE_COLUMNS - LIST_INDENT_COLUMNS
                } else {
                    MAX_CODE_COLUMNS
                };
                if line.chars().count() - indent.min(fence_indent) > limit {
                    out.push(line);
                }
            }
            _ => {}
        }
    }
    out
}

/// `path:line` of the first file under `book/src` or `lessons` holding this line.
fn find_source(root: &Path, line: &str) -> Option<String> {
    fn walk(dir: &Path, root: &Path, line: &str) -> Option<String> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for entry in entries {
            let name = entry.file_name()?.to_string_lossy().to_string();
            if entry.is_dir() {
                if name != "target"
                    && !name.starts_with('.')
                    && let Some(found) = walk(&entry, root, line)
                {
                    return Some(found);
                }
            } else if let Ok(text) = std::fs::read_to_string(&entry)
                && let Some(n) = text.lines().position(|l| l == line)
            {
                let shown = entry.strip_prefix(root).unwrap_or(&entry);
                return Some(format!("{}:{}", shown.display(), n + 1));
            }
        }
        None
    }
    walk(&root.join("lessons"), root, line)
        .or_else(|| walk(&root.join("book/src"), root, line))
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
            book_section(find_lesson(&self.lessons, EXERCISE_DIRECTIVE, name)?)
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
            if line.starts_with(' ') && line.trim_start().starts_with("{{#include") {
                problems.push(format!(
                    "{shown}:{line_no}: an include inside a list item: mdBook inserts \
                     the file without the item's indentation, so its lines break out of \
                     the list; put the code block at the left margin"
                ));
            }
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
                    && let Some(lesson) =
                        lessons.iter().find(|l| canonical.starts_with(&l.dir))
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
                let target = dir.join(path);
                let generated = target
                    .strip_prefix(src.join("files"))
                    .ok()
                    .and_then(|f| f.to_str()?.strip_suffix(".md"))
                    .is_some_and(|name| lessons.iter().any(|l| l.dir_name == name));
                if !path.is_empty() && !normalize(&target).starts_with(&src) {
                    problems.push(format!(
                        "{shown}:{line_no}: the link `{link}` leaves the book, so a web \
                         server cannot follow it; link a lesson's files page, \
                         files/NN_topic.md"
                    ));
                } else if !path.is_empty() && !generated && !target.exists() {
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
            problems
                .push(format!("{name} has no exercise section: add `{directive}`"));
        }
        // The parts every lesson page has (see "Writing a lesson").
        let dir = format!("../../lessons/{}", lesson.dir_name);
        let mut required = vec![
            (
                format!("{LESSON_DIRECTIVE}{}}}}}", lesson.dir_name),
                "its header (folder, topics, command)",
            ),
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

/// `a/b/../c` as `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
    {
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
            l.split_once(kind).is_some_and(|(_, name)| {
                name.trim().trim_end_matches("*/").trim() == anchor
            })
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
            "# X\n{{#lesson 01_x}}\n[files](files/01_x.md)\n{{#include ../../lessons/01_x/src/main.rs:imports}}\n\
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
                "[files](files/01_x.md)",
                "[files](files/02_y.md)",
                "points at nothing",
            ),
            (
                "book/src/01_x.md",
                "[files](files/01_x.md)",
                "[files](../../lessons/01_x/)",
                "leaves the book",
            ),
            (
                "book/src/01_x.md",
                "{{#lesson 01_x}}",
                "",
                "lacks its header",
            ),
            (
                "book/src/01_x.md",
                "{{#include ../../lessons/01_x/expected.txt}}",
                "- item\n  {{#include ../../lessons/01_x/expected.txt}}",
                "an include inside a list item",
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
    fn topic_rows_get_ids_and_long_code_lines_are_found() {
        assert_eq!(
            topic_anchors("| ID |\n| T07 | a | b |\n"),
            "| ID |\n| <span id=\"t07\">T07</span> | a | b |\n"
        );
        let wide = "x".repeat(MAX_CODE_COLUMNS + 1);
        let fits = "y".repeat(MAX_CODE_COLUMNS);
        let page = format!(
            "{wide}\n```rust\n{fits}\n{wide}\n```\n````text\n```\n{wide}\n````\n"
        );
        assert_eq!(long_code_lines(&page), vec![wide.as_str(), wide.as_str()]);
    }

    #[test]
    fn finds_links_outside_code_spans() {
        assert_eq!(
            links("see [this](../a.md#x) and `[not](this)`"),
            vec!["../a.md#x"]
        );
    }
}
