//! Finding lessons and reading their metadata (`lesson.toml`).
//!
//! The format is documented for authors in `book/src/appendix/writing-a-lesson.md`;
//! keep the two in step.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

/// Where a lesson's metadata lives, relative to its folder.
pub const METADATA_FILE: &str = "lesson.toml";
/// Where a lesson's expected stdout lives, relative to its folder.
pub const EXPECTED_FILE: &str = "expected.txt";
/// The default Python twin, relative to the lesson folder.
pub const DEFAULT_TWIN: &str = "python/main.py";
/// Folder of wrong answers to the exercise: each `NAME.rs` replaces an exercise region.
pub const WRONG_ANSWERS_DIR: &str = "wrong_answers";
/// Folder of deliberate mistakes: `NAME.rs` beside `NAME.stderr`, rustc's expected output.
pub const MISTAKES_DIR: &str = "mistakes";

/// One lesson: a folder `lessons/NN_topic/` with a binary crate and its metadata.
#[derive(Debug, Clone)]
pub struct Lesson {
    /// The lesson number, `NN` in the folder name.
    pub number: u32,
    /// The folder name, e.g. `01_sync_vs_async`.
    pub dir_name: String,
    /// The topic part of the folder name, e.g. `sync_vs_async`; also the crate and binary name.
    pub name: String,
    /// Absolute path of the folder.
    pub dir: PathBuf,
    pub meta: Metadata,
}

/// The contents of `lesson.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// Page title, shown by `list` and in the book.
    pub title: String,
    /// The chapter (book part) this lesson belongs to, e.g. "The event loop".
    pub chapter: String,
    /// Seed topic IDs this lesson teaches (`T01`..`T46`, see SEED_TOPICS.md).
    pub topics: Vec<String>,
    /// `virtual`: only tokio timers wait, so `verify` pauses tokio's clock.
    /// `real`: the lesson blocks threads, does I/O or uses another runtime.
    pub clock: Clock,
    /// Seconds of real time before the runner kills the lesson. Default 20.
    #[serde(default = "default_timeout")]
    pub timeout: u64,
    /// The exit code the lesson must end with. Default 0.
    #[serde(default)]
    pub exit_code: i32,
    /// Text written to the lesson's stdin; stdin is empty if absent.
    #[serde(default)]
    pub stdin: Option<String>,
    /// Signals the runner sends, each once the lesson has printed a given line.
    #[serde(default)]
    pub signals: Vec<SignalStep>,
    /// Hints for the exercise, from gentle to explicit; `hint` shows one more each time.
    #[serde(default)]
    pub hints: Vec<String>,
    /// The regions a student fills in (ANCHOR regions of `src/main.rs`).
    #[serde(default, rename = "exercise")]
    pub exercises: Vec<Exercise>,
    /// Known wrong answers, recognised in a student's output.
    #[serde(default, rename = "mistake")]
    pub mistakes: Vec<KnownMistake>,
    /// Lines the lesson writes to stderr on purpose (`[..]` wildcards), such as a panic
    /// it provokes to show one. A failed check does not show them to the student.
    #[serde(default)]
    pub stderr_lines: Vec<String>,
    /// The Python twin.
    #[serde(default)]
    pub python: Python,
}

fn default_timeout() -> u64 {
    20
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Clock {
    Virtual,
    Real,
}

/// "When the lesson prints `after_line`, send it `signal`."
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignalStep {
    /// A whole line of the lesson's stdout that triggers the signal.
    pub after_line: String,
    /// `SIGINT` (Ctrl+C) or `SIGTERM`.
    pub signal: SignalName,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum SignalName {
    #[serde(rename = "SIGINT")]
    Int,
    #[serde(rename = "SIGTERM")]
    Term,
}

/// An exercise region: an `// ANCHOR: region` of `src/main.rs` that the student rewrites.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// The anchor name in `src/main.rs`.
    pub region: String,
    /// What the student must achieve, in one or two sentences.
    pub task: String,
    /// Code that replaces the region in the student's copy; it must compile. Default `todo!()`.
    #[serde(default)]
    pub stub: Option<String>,
}

/// A known mistake: when a student's output shows it, `check` and `hint` name it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnownMistake {
    /// Lines (with `[..]` wildcards) that the mistaken program prints, in this order,
    /// not necessarily next to each other. One line may be given as a plain string.
    #[serde(deserialize_with = "one_or_many")]
    pub output_has: Vec<String>,
    /// Text the student's exercise region contains (whitespace and comments ignored),
    /// for a hint whose cause the output alone cannot prove.
    #[serde(default)]
    pub code_has: Option<String>,
    /// Text the student's exercise region does not contain (same rules as `code_has`).
    #[serde(default)]
    pub code_lacks: Option<String>,
    /// What to tell the student, e.g. "did you await each task before starting the next?"
    pub hint: String,
    /// A file in the lesson folder holding such a wrong answer for `region`; the
    /// exercise self-test plugs it in and requires `check` to reject it with this hint.
    #[serde(default)]
    pub example: Option<String>,
    /// The region `example` replaces. Default: the lesson's first exercise region.
    #[serde(default)]
    pub region: Option<String>,
}

/// `"line"` or `["line", "line"]`.
fn one_or_many<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(line) => vec![line],
        OneOrMany::Many(lines) => lines,
    })
}

/// The Python twin of a lesson.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Python {
    /// The twin's path in the lesson folder. Default `python/main.py`.
    #[serde(default)]
    pub file: Option<String>,
    /// The twin's own expected stdout, for when Python truly prints something else.
    #[serde(default)]
    pub expected: Option<String>,
    /// Why the twin's transcript differs (required with `expected`; the page explains it).
    #[serde(default)]
    pub why_different: Option<String>,
    /// Set instead of a twin when asyncio has no counterpart: says why.
    #[serde(default)]
    pub none: Option<String>,
    /// Modules the twin imports from outside the standard library (e.g. `aiohttp`),
    /// installed by `cargo xtask python-setup` from `lessons/requirements.txt`.
    #[serde(default)]
    pub requires: Vec<String>,
}

impl Lesson {
    pub fn expected_path(&self) -> PathBuf {
        self.dir.join(EXPECTED_FILE)
    }

    pub fn source_path(&self) -> PathBuf {
        self.dir.join("src/main.rs")
    }

    /// The twin's script, or `None` for a lesson without one.
    pub fn twin_path(&self) -> Option<PathBuf> {
        if self.meta.python.none.is_some() {
            return None;
        }
        Some(
            self.dir
                .join(self.meta.python.file.as_deref().unwrap_or(DEFAULT_TWIN)),
        )
    }

    /// The file the twin's stdout is compared with: its own, or the lesson's.
    pub fn twin_expected_path(&self) -> PathBuf {
        match &self.meta.python.expected {
            Some(file) => self.dir.join(file),
            None => self.expected_path(),
        }
    }

    /// `NN_name (title)`, for messages.
    pub fn label(&self) -> String {
        format!("{} ({})", self.dir_name, self.meta.title)
    }
}

/// All lessons under `<root>/lessons`, in number order. Any malformed lesson is an error
/// that names its file.
pub fn discover(root: &Path) -> Result<Vec<Lesson>> {
    let lessons_dir = root.join("lessons");
    let entries = std::fs::read_dir(&lessons_dir)
        .with_context(|| format!("cannot read {}", lessons_dir.display()))?;
    let mut lessons = Vec::new();
    for entry in entries {
        let entry = entry?;
        let dir_name = entry.file_name().to_string_lossy().into_owned();
        let Some((number, name)) = split_dir_name(&dir_name) else {
            continue; // e.g. `workbook/`, the shared helper
        };
        let dir = entry.path();
        let meta = read_metadata(&dir.join(METADATA_FILE))?;
        lessons.push(Lesson {
            number,
            name: name.to_owned(),
            dir_name,
            dir,
            meta,
        });
    }
    lessons.sort_by_key(|l| l.number);
    for pair in lessons.windows(2) {
        if pair[0].number == pair[1].number {
            bail!(
                "two lessons share the number {:02}: {} and {}",
                pair[0].number,
                pair[0].dir_name,
                pair[1].dir_name
            );
        }
    }
    Ok(lessons)
}

/// `"07_wait_gather"` -> `(7, "wait_gather")`.
fn split_dir_name(dir_name: &str) -> Option<(u32, &str)> {
    let (digits, name) = dir_name.split_once('_')?;
    if digits.len() != 2 || name.is_empty() {
        return None;
    }
    Some((digits.parse().ok()?, name))
}

/// Reads and checks one `lesson.toml`; errors name the file, line and column.
pub fn read_metadata(path: &Path) -> Result<Metadata> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read lesson metadata {}", path.display()))?;
    let meta: Metadata = toml::from_str(&text).map_err(|e| {
        let place = match e.span() {
            Some(span) => {
                let (line, column) = line_column(&text, span.start);
                format!("{}:{line}:{column}", path.display())
            }
            None => path.display().to_string(),
        };
        anyhow::anyhow!("malformed lesson metadata at {place}: {}", e.message())
    })?;
    check_metadata(&meta).map_err(|(needle, msg)| {
        let line = text.find(needle).map_or(1, |at| line_column(&text, at).0);
        anyhow::anyhow!(
            "malformed lesson metadata at {}:{line}: {msg}",
            path.display()
        )
    })?;
    Ok(meta)
}

/// Checks what serde cannot. Errors carry a snippet to locate in the file.
fn check_metadata(meta: &Metadata) -> Result<(), (&str, String)> {
    for topic in &meta.topics {
        let valid = topic.len() == 3
            && topic.starts_with('T')
            && topic[1..]
                .parse::<u32>()
                .is_ok_and(|n| (1..=46).contains(&n));
        if !valid {
            return Err((
                topic,
                format!("`{topic}` is not a seed topic ID (T01..T46)"),
            ));
        }
    }
    if meta.topics.is_empty() {
        return Err((
            "topics",
            "`topics` must name at least one seed topic".into(),
        ));
    }
    if meta.timeout == 0 {
        return Err(("timeout", "`timeout` must be at least 1 second".into()));
    }
    for mistake in &meta.mistakes {
        if mistake.output_has.is_empty() {
            return Err((
                "output_has",
                "a mistake's `output_has` must name at least one line".into(),
            ));
        }
        if let Some(region) = &mistake.region
            && !meta.exercises.iter().any(|e| &e.region == region)
        {
            return Err((
                region,
                format!("`{region}` is not one of this lesson's exercise regions"),
            ));
        }
    }
    let py = &meta.python;
    if py.none.is_some() && (py.file.is_some() || py.expected.is_some()) {
        return Err((
            "none",
            "`python.none` says there is no twin, so `file` and `expected` must go"
                .into(),
        ));
    }
    if py.expected.is_some() != py.why_different.is_some() {
        return Err((
            "expected",
            "`python.expected` and `python.why_different` go together".into(),
        ));
    }
    Ok(())
}

/// 1-based line and column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

/// Resolves what a user typed (`9`, `09`, `09_gather`, `gather`) to a lesson.
pub fn find<'a>(lessons: &'a [Lesson], wanted: &str) -> Result<&'a Lesson> {
    let wanted = wanted.trim().trim_end_matches('/');
    let wanted = wanted.strip_prefix("lessons/").unwrap_or(wanted);
    let by_number = wanted.parse::<u32>().ok();
    let found = lessons.iter().find(|l| {
        Some(l.number) == by_number || l.dir_name == wanted || l.name == wanted
    });
    match found {
        Some(lesson) => Ok(lesson),
        None => bail!("{}", unknown_lesson_message(lessons, wanted)),
    }
}

/// The lessons a user named (all of them if none), in the order given.
pub fn select<'a>(
    lessons: &'a [Lesson],
    wanted: &[String],
) -> Result<Vec<&'a Lesson>> {
    if wanted.is_empty() {
        return Ok(lessons.iter().collect());
    }
    wanted.iter().map(|w| find(lessons, w)).collect()
}

fn unknown_lesson_message(lessons: &[Lesson], wanted: &str) -> String {
    let mut msg = format!("there is no lesson `{wanted}`. The lessons are:\n");
    for l in lessons {
        let _ = writeln!(msg, "  {:02}  {:<28} {}", l.number, l.name, l.meta.title);
    }
    msg.push_str(
        "Name one by number (`9` or `09`), folder (`09_gather`) or topic (`gather`).",
    );
    msg
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// A minimal lesson, for tests of code that reads its metadata.
    pub fn fixture_lesson() -> Lesson {
        let meta = toml::from_str(
            "title = \"t\"\nchapter = \"c\"\ntopics = [\"T01\"]\nclock = \"virtual\"\n",
        )
        .unwrap();
        Lesson {
            number: 1,
            dir_name: "01_t".into(),
            name: "t".into(),
            dir: PathBuf::from("lessons/01_t"),
            meta,
        }
    }

    #[test]
    fn dir_names_split_into_number_and_name() {
        assert_eq!(split_dir_name("07_wait_gather"), Some((7, "wait_gather")));
        assert_eq!(split_dir_name("workbook"), None);
        assert_eq!(split_dir_name("7_short"), None);
        assert_eq!(split_dir_name("07_"), None);
    }

    #[test]
    fn line_column_counts_from_one() {
        assert_eq!(line_column("ab\ncd", 0), (1, 1));
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
    }

    fn write_meta(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(METADATA_FILE);
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn syntax_errors_name_file_and_line() {
        let (_dir, path) = write_meta(
            "title = \"x\"\nchapter = \"c\"\ntopics = [\"T01\"\nclock = \"real\"\n",
        );
        let err = read_metadata(&path).unwrap_err().to_string();
        assert!(err.contains(&format!("{}:4:", path.display())), "{err}");
    }

    #[test]
    fn unknown_fields_and_bad_topics_are_rejected_with_line() {
        let (_dir, path) = write_meta(
            "title = \"x\"\nchapter = \"c\"\ntopics = [\"T01\"]\nclock = \"real\"\ntimout = 3\n",
        );
        let err = read_metadata(&path).unwrap_err().to_string();
        assert!(err.contains(":5:") && err.contains("timout"), "{err}");

        let (_dir, path) = write_meta(
            "title = \"x\"\nchapter = \"c\"\nclock = \"real\"\ntopics = [\"T99\"]\n",
        );
        let err = read_metadata(&path).unwrap_err().to_string();
        assert!(err.contains(":4:") && err.contains("T99"), "{err}");
    }
}
