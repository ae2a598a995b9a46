//! Deliberate mistakes: `lessons/NN/mistakes/NAME.rs` files that show what the compiler
//! says about a classic error. The book includes the source and `NAME.stderr`; `verify`
//! compiles each with rustc and checks that rustc still says what the page shows.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::expected::{Expected, render_diff};
use crate::lesson::{Lesson, MISTAKES_DIR};

/// The `.rs` files of a lesson's `mistakes/` folder, sorted.
pub fn files(lesson: &Lesson) -> Result<Vec<PathBuf>> {
    let dir = lesson.dir.join(MISTAKES_DIR);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|p| p.extension().is_some_and(|e| e == "rs"));
    files.sort();
    Ok(files)
}

/// rustc's diagnostics for one mistake file, with paths relative to the lesson folder.
pub fn compile(lesson: &Lesson, file: &Path) -> Result<String> {
    let out_dir = tempfile::tempdir()?;
    let relative = file.strip_prefix(&lesson.dir).unwrap_or(file);
    let output = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
        .args([
            "--edition",
            "2024",
            "--crate-type",
            "bin",
            "--emit",
            "metadata",
            "--color",
            "never",
        ])
        .arg("--out-dir")
        .arg(out_dir.path())
        .arg(relative)
        .current_dir(&lesson.dir)
        .output()
        .context("cannot run rustc")?;
    Ok(String::from_utf8_lossy(&output.stderr).into_owned())
}

/// Checks every mistake of a lesson; returns a description of each mismatch.
pub fn check(lesson: &Lesson, color: bool) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for file in files(lesson)? {
        let expected_path = file.with_extension("stderr");
        let actual = compile(lesson, &file)?;
        match Expected::read(&expected_path) {
            Err(e) => problems.push(format!("{e:#}")),
            Ok(expected) if !expected.matches(&actual) => {
                let name = crate::judge::relative(&expected_path);
                problems.push(format!(
                    "rustc no longer says what {name} shows:\n{}",
                    render_diff(&expected.normalize_for_diff(&actual), &actual, &name, color)
                ));
            }
            Ok(_) => {}
        }
    }
    Ok(problems)
}
