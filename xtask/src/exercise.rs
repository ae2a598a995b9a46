//! Exercises derived from lessons: the student's copy of a lesson is its
//! `src/main.rs` with each exercise region (an `ANCHOR` region named in
//! `lesson.toml`) replaced by a stub between two marker comments:
//!
//! ```text
//!     // EXERCISE concurrent_body: Run the five fetches concurrently ...
//!     let answers: Vec<u32> = todo!();
//!     // END EXERCISE concurrent_body
//! ```
//!
//! Students' copies live in `exercises/` at the workbook's root: git ignores it, so
//! `git pull` never conflicts with a student's work and `git status` stays clean.
//! It is a Cargo workspace of its own, generated from the lessons' workspace, and
//! builds into the same `target/` so no dependency is compiled twice.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::lesson::{Exercise, Lesson};

/// The folder of students' copies, relative to the workbook's root.
pub const EXERCISES_DIR: &str = "exercises";
/// Beside each copy: the copy as generated, before the student's edits.
pub const PRISTINE_FILE: &str = ".as-generated.rs";
/// The student's progress, inside [`EXERCISES_DIR`].
pub const PROGRESS_FILE: &str = ".progress.json";
const BEGIN: &str = "// EXERCISE ";
const END: &str = "// END EXERCISE ";
/// Instructions are wrapped to this width (not counting the region's indentation, which
/// the book's copy of the region drops), so that the book shows them whole.
const WIDTH: usize = crate::book::MAX_CODE_COLUMNS;

/// The student's copy of `lesson`'s source, every exercise region replaced by its stub.
pub fn derive(lesson: &Lesson, source: &str) -> Result<String> {
    let mut out = format!(
        "// Exercise {num:02}: {title}\n\
         // Your copy of lessons/{dir}/src/main.rs. Fill in each EXERCISE region below, then\n\
         // run `cargo xtask check {num:02}`. Stuck? `cargo xtask hint {num:02}`.\n\n",
        num = lesson.number,
        title = lesson.meta.title,
        dir = lesson.dir_name,
    );
    let mut skipping: Option<&str> = None;
    for line in source.lines() {
        if let Some(region) = skipping {
            if anchor_name(line, "ANCHOR_END:") == Some(region) {
                skipping = None;
            }
            continue;
        }
        if let Some(name) = anchor_name(line, "ANCHOR:") {
            if let Some(ex) = lesson.meta.exercises.iter().find(|e| e.region == name)
            {
                let indent = &line[..line.len() - line.trim_start().len()];
                out.push_str(&stub_block(ex, indent));
                skipping = Some(&ex.region);
            }
            continue;
        }
        if anchor_name(line, "ANCHOR_END:").is_some() {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    if let Some(region) = skipping {
        bail!(
            "lessons/{}/src/main.rs: `// ANCHOR: {region}` has no `// ANCHOR_END: {region}`",
            lesson.dir_name
        );
    }
    for ex in &lesson.meta.exercises {
        if !out.contains(&format!("{BEGIN}{}:", ex.region)) {
            bail!(
                "lessons/{}/lesson.toml names the exercise region `{}`, but src/main.rs has no `// ANCHOR: {}`",
                lesson.dir_name,
                ex.region,
                ex.region
            );
        }
    }
    Ok(out)
}

/// The marker comments and stub that stand for one region in the student's copy.
pub fn stub_block(ex: &Exercise, indent: &str) -> String {
    let mut block = String::new();
    let mut line = format!("{indent}{BEGIN}{}:", ex.region);
    for word in ex.task.split_whitespace() {
        if line[indent.len()..].chars().count() + 1 + word.chars().count() > WIDTH {
            block.push_str(&line);
            block.push('\n');
            line = format!("{indent}//");
        }
        line.push(' ');
        line.push_str(word);
    }
    block.push_str(&line);
    block.push('\n');
    for stub_line in ex.stub.as_deref().unwrap_or("todo!();").lines() {
        block.push_str(&format!("{indent}{stub_line}\n"));
    }
    block.push_str(&format!("{indent}{END}{}\n", ex.region));
    block
}

/// `// ANCHOR: name` -> `name` (with `kind` = `"ANCHOR:"`).
fn anchor_name<'a>(line: &'a str, kind: &str) -> Option<&'a str> {
    let rest = line.trim_start().strip_prefix("//")?.trim_start();
    Some(rest.strip_prefix(kind)?.trim())
}

/// The lesson's own code for each region (nested anchor lines removed).
pub fn solutions(lesson: &Lesson, source: &str) -> Result<BTreeMap<String, String>> {
    let mut found = BTreeMap::new();
    for ex in &lesson.meta.exercises {
        let mut inside = false;
        let mut code = String::new();
        for line in source.lines() {
            if anchor_name(line, "ANCHOR:") == Some(ex.region.as_str()) {
                inside = true;
            } else if anchor_name(line, "ANCHOR_END:") == Some(ex.region.as_str()) {
                inside = false;
            } else if inside
                && anchor_name(line, "ANCHOR:").is_none()
                && anchor_name(line, "ANCHOR_END:").is_none()
            {
                code.push_str(line);
                code.push('\n');
            }
        }
        if code.is_empty() {
            bail!(
                "lessons/{}/src/main.rs has no code in the region `{}`",
                lesson.dir_name,
                ex.region
            );
        }
        found.insert(ex.region.clone(), code);
    }
    Ok(found)
}

/// Replaces what stands between a region's markers in a student's copy with `code`
/// (the instruction comments after the opening marker stay).
pub fn fill(student: &str, region: &str, code: &str) -> Result<String> {
    let lines: Vec<&str> = student.lines().collect();
    let begin = lines
        .iter()
        .position(|l| l.trim_start().starts_with(&format!("{BEGIN}{region}:")))
        .with_context(|| format!("no `{BEGIN}{region}:` marker"))?;
    let end = lines
        .iter()
        .position(|l| l.trim() == format!("{END}{region}"))
        .with_context(|| format!("no `{END}{region}` marker"))?;
    let mut body_start = begin + 1;
    while body_start < end
        && lines[body_start].trim_start().starts_with("//")
        && !lines[body_start].trim_start().starts_with("// ANCHOR")
    {
        body_start += 1;
    }
    let mut out = String::new();
    for l in &lines[..body_start] {
        out.push_str(l);
        out.push('\n');
    }
    out.push_str(code);
    for l in &lines[end..] {
        out.push_str(l);
        out.push('\n');
    }
    Ok(out)
}

/// A region's whole block in a student's copy, markers included, dedented.
pub fn student_block(student: &str, region: &str) -> Option<String> {
    let lines: Vec<&str> = student.lines().collect();
    let begin = lines
        .iter()
        .position(|l| l.trim_start().starts_with(&format!("{BEGIN}{region}:")))?;
    let end = lines
        .iter()
        .position(|l| l.trim() == format!("{END}{region}"))?;
    let indent =
        &lines[begin][..lines[begin].len() - lines[begin].trim_start().len()];
    Some(
        lines[begin..=end]
            .iter()
            .map(|l| format!("{}\n", l.strip_prefix(indent).unwrap_or(l)))
            .collect(),
    )
}

/// A workspace of exercise crates: the students' `exercises/`, or a scratch one for checks.
pub struct Workspace {
    pub dir: PathBuf,
    /// The workbook's root, whose workspace settings this one copies.
    pub root: PathBuf,
}

impl Workspace {
    pub fn students(root: &Path) -> Workspace {
        Workspace {
            dir: root.join(EXERCISES_DIR),
            root: root.to_path_buf(),
        }
    }

    pub fn crate_dir(&self, crate_dir_name: &str) -> PathBuf {
        self.dir.join(crate_dir_name)
    }

    /// Where the student's copy of `lesson` is.
    pub fn source(&self, lesson: &Lesson) -> PathBuf {
        self.crate_dir(&lesson.dir_name).join("src/main.rs")
    }

    pub fn manifest(&self) -> PathBuf {
        self.dir.join("Cargo.toml")
    }

    /// The package (and binary) name of an exercise crate.
    pub fn package_name(crate_dir_name: &str) -> String {
        let topic = crate_dir_name
            .split_once('_')
            .map_or(crate_dir_name, |(_, t)| t);
        format!("{topic}_exercise")
    }

    /// Writes one exercise crate (`Cargo.toml` + `src/main.rs`) named `crate_dir_name`.
    pub fn write_crate(
        &self,
        crate_dir_name: &str,
        lesson: &Lesson,
        source: &str,
    ) -> Result<()> {
        let dir = self.crate_dir(crate_dir_name);
        std::fs::create_dir_all(dir.join("src"))
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let manifest = std::fs::read_to_string(lesson.dir.join("Cargo.toml"))?;
        let mut manifest: toml::Table =
            toml::from_str(&manifest).context("lesson Cargo.toml")?;
        let package = manifest
            .get_mut("package")
            .and_then(|p| p.as_table_mut())
            .context("[package]")?;
        package.insert("name".into(), Self::package_name(crate_dir_name).into());
        let text = format!(
            "# Generated by `cargo xtask exercise` from lessons/{}/Cargo.toml.\n{}",
            lesson.dir_name,
            toml::to_string(&manifest)?
        );
        write_if_changed(&dir.join("Cargo.toml"), &text)?;
        write_if_changed(&dir.join("src/main.rs"), source)?;
        // The copy as it was made: tells a student's edits from a lesson that changed.
        write_if_changed(&dir.join(PRISTINE_FILE), source)?;
        Ok(())
    }

    /// The student's copy of `lesson` as it was made, if it was made by this version.
    pub fn pristine(&self, lesson: &Lesson) -> Option<String> {
        std::fs::read_to_string(self.crate_dir(&lesson.dir_name).join(PRISTINE_FILE))
            .ok()
    }

    /// (Re)writes the workspace manifest for the crates now in the folder, copying the
    /// lessons' workspace settings and lock file so that builds reuse `target/`.
    pub fn write_manifest(&self) -> Result<()> {
        let root_manifest: toml::Table =
            toml::from_str(&std::fs::read_to_string(self.root.join("Cargo.toml"))?)?;
        let mut workspace = root_manifest
            .get("workspace")
            .and_then(|w| w.as_table())
            .cloned()
            .context("[workspace]")?;
        let mut members: Vec<String> = std::fs::read_dir(&self.dir)?
            .filter_map(|e| e.ok())
            .filter(|e| e.path().join("Cargo.toml").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        members.sort();
        workspace.insert("members".into(), members.into());
        workspace.remove("exclude");
        // The lessons' default members (every lesson, not `bench/`) mean nothing here.
        workspace.remove("default-members");
        // Path dependencies point into the workbook.
        let relative_root = pathdiff(&self.root, &self.dir);
        if let Some(deps) = workspace
            .get_mut("dependencies")
            .and_then(|d| d.as_table_mut())
        {
            for (_, dep) in deps.iter_mut() {
                if let Some(path) = dep.get_mut("path") {
                    let p = path.as_str().unwrap_or_default();
                    *path = relative_root.join(p).display().to_string().into();
                }
            }
        }
        let mut manifest = toml::Table::new();
        manifest.insert("workspace".into(), workspace.into());
        if let Some(profile) = root_manifest.get("profile") {
            manifest.insert("profile".into(), profile.clone());
        }
        let text = format!(
            "# Generated by `cargo xtask exercise`: the workspace of your exercises.\n\
             # Edit each exercise's src/main.rs; this file is rewritten as needed.\n{}",
            toml::to_string(&manifest)?
        );
        write_if_changed(&self.manifest(), &text)?;
        // A plain `cargo build` in here shares the workbook's `target/` too, so it
        // does not compile every dependency a second time.
        std::fs::create_dir_all(self.dir.join(".cargo"))?;
        write_if_changed(
            &self.dir.join(".cargo/config.toml"),
            &format!(
                "# Generated by `cargo xtask exercise`.\n[build]\ntarget-dir = \"{}\"\n",
                relative_root.join("target").display()
            ),
        )?;
        if let Ok(lock) = std::fs::read_to_string(self.root.join("Cargo.lock")) {
            write_if_changed(&self.dir.join("Cargo.lock"), &lock)?;
        }
        Ok(())
    }
}

/// Writes `contents` to `path` unless it already holds exactly that: an unchanged file
/// keeps its modification time, so cargo does not rebuild the crate.
fn write_if_changed(path: &Path, contents: &str) -> Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    std::fs::write(path, contents)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// `to` relative to `from` (both absolute; `from` below `to` or beside it).
fn pathdiff(to: &Path, from: &Path) -> PathBuf {
    let mut up = PathBuf::new();
    let mut base = from;
    loop {
        if let Ok(rest) = to.strip_prefix(base) {
            return up.join(rest);
        }
        match base.parent() {
            Some(parent) => {
                up.push("..");
                base = parent;
            }
            None => return to.to_path_buf(),
        }
    }
}

/// The student's progress, in `exercises/.progress.json`.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Progress {
    pub exercises: BTreeMap<String, ExerciseProgress>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct ExerciseProgress {
    pub attempts: u32,
    pub passed: bool,
    /// RFC 3339, UTC.
    pub last_check: Option<String>,
    pub hints_shown: usize,
    /// Hints of known mistakes recognised in the last failed check.
    #[serde(default)]
    pub last_mistakes: Vec<String>,
}

impl Progress {
    pub fn path(root: &Path) -> PathBuf {
        root.join(EXERCISES_DIR).join(PROGRESS_FILE)
    }

    pub fn load(root: &Path) -> Result<Progress> {
        let path = Self::path(root);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).with_context(|| {
                format!("{} is damaged; delete it to start afresh", path.display())
            }),
            Err(_) => Ok(Progress::default()),
        }
    }

    pub fn save(&self, root: &Path) -> Result<()> {
        let path = Self::path(root);
        std::fs::create_dir_all(path.parent().expect("in exercises/"))?;
        std::fs::write(&path, serde_json::to_string_pretty(self)? + "\n")
            .with_context(|| format!("cannot write {}", path.display()))
    }

    pub fn entry(&mut self, lesson: &Lesson) -> &mut ExerciseProgress {
        self.exercises.entry(lesson.dir_name.clone()).or_default()
    }
}

/// Now, as RFC 3339 in UTC.
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::Metadata;

    fn lesson(exercises: &str) -> Lesson {
        let meta: Metadata = toml::from_str(&format!(
            "title = \"T\"\nchapter = \"C\"\ntopics = [\"T01\"]\nclock = \"virtual\"\n{exercises}"
        ))
        .unwrap();
        Lesson {
            number: 7,
            dir_name: "07_x".into(),
            name: "x".into(),
            dir: PathBuf::from("/nowhere"),
            meta,
        }
    }

    const SOURCE: &str = "fn main() {\n    // ANCHOR: outer\n    let a = 1;\n    // ANCHOR: body\n    let b = a + 1;\n    // ANCHOR_END: body\n    println!(\"{b}\");\n    // ANCHOR_END: outer\n}\n";

    #[test]
    fn derive_replaces_the_region_and_drops_other_anchors() {
        let l = lesson(
            "[[exercise]]\nregion = \"body\"\ntask = \"Add one.\"\nstub = \"let b: i32 = todo!();\"\n",
        );
        let student = derive(&l, SOURCE).unwrap();
        assert!(student.contains("    // EXERCISE body: Add one.\n    let b: i32 = todo!();\n    // END EXERCISE body\n"), "{student}");
        assert!(!student.contains("ANCHOR"), "{student}");
        assert!(!student.contains("a + 1"), "{student}");
    }

    #[test]
    fn filling_with_the_solution_restores_the_lesson() {
        let l = lesson("[[exercise]]\nregion = \"body\"\ntask = \"Add one.\"\n");
        let student = derive(&l, SOURCE).unwrap();
        let solutions = solutions(&l, SOURCE).unwrap();
        let solved = fill(&student, "body", &solutions["body"]).unwrap();
        assert!(
            solved.contains(
                "    // EXERCISE body: Add one.\n    let b = a + 1;\n    // END EXERCISE body\n"
            ),
            "{solved}"
        );
        assert_eq!(
            student_block(&solved, "body").unwrap(),
            "// EXERCISE body: Add one.\nlet b = a + 1;\n// END EXERCISE body\n"
        );
    }

    #[test]
    fn a_missing_region_is_named() {
        let l = lesson("[[exercise]]\nregion = \"nope\"\ntask = \"x\"\n");
        let err = derive(&l, SOURCE).unwrap_err().to_string();
        assert!(err.contains("`nope`"), "{err}");
    }

    #[test]
    fn long_tasks_wrap_into_comment_lines() {
        let ex = Exercise {
            region: "r".into(),
            task: "word ".repeat(40),
            stub: None,
        };
        let block = stub_block(&ex, "    ");
        assert!(block.lines().all(|l| l.len() <= WIDTH + 4), "{block}");
        assert!(
            block
                .lines()
                .filter(|l| l.trim_start().starts_with("//"))
                .count()
                > 2
        );
    }

    #[test]
    fn relative_paths_climb_as_needed() {
        assert_eq!(
            pathdiff(Path::new("/a/b"), Path::new("/a/b/exercises")),
            PathBuf::from("..")
        );
        assert_eq!(
            pathdiff(Path::new("/a/b"), Path::new("/a/b/target/x")),
            PathBuf::from("../..")
        );
    }
}
