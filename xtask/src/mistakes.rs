//! Deliberate mistakes: `lessons/NN/mistakes/NAME.rs` files that show what the compiler
//! says about a classic error. The book includes the source and `NAME.stderr`; `verify`
//! compiles each with rustc and checks that rustc still says what the page shows.
//! A mistake file may use the crates in [`crate::cargo::MISTAKE_LIBS`]: rustc gets the
//! lessons' own builds of them (`--extern`), so an error from `tokio::spawn` is the
//! real one.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::cargo::Build;
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
pub fn compile(lesson: &Lesson, file: &Path, build: &Build) -> Result<String> {
    let out_dir = tempfile::tempdir()?;
    let relative = file.strip_prefix(&lesson.dir).unwrap_or(file);
    let mut rustc =
        Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()));
    for (name, rlib) in &build.libs {
        rustc
            .arg("--extern")
            .arg(format!("{name}={}", rlib.display()));
        if let Some(deps) = rlib.parent() {
            rustc
                .arg("-L")
                .arg(format!("dependency={}", deps.display()));
        }
    }
    let output = rustc
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
    Ok(without_registry_paths(&String::from_utf8_lossy(
        &output.stderr,
    )))
}

/// rustc names a dependency's source by its place in cargo's registry, which differs
/// between machines (`/home/ana/.cargo/registry/src/index.crates.io-…/tokio-1.54.1/…`):
/// write `[registry]/tokio-1.54.1/…` instead.
fn without_registry_paths(text: &str) -> String {
    const MARK: &str = "/registry/src/";
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        match line.find(MARK) {
            Some(at) => {
                let start =
                    line[..at].rfind(char::is_whitespace).map_or(0, |i| i + 1);
                let after_index = &line[at + MARK.len()..];
                let rest =
                    after_index.split_once('/').map_or(after_index, |(_, r)| r);
                out.push_str(&line[..start]);
                out.push_str("[registry]/");
                out.push_str(rest);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// Checks every mistake of a lesson; returns a description of each mismatch.
pub fn check(lesson: &Lesson, build: &Build, color: bool) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for file in files(lesson)? {
        let expected_path = file.with_extension("stderr");
        let actual = compile(lesson, &file, build)?;
        match Expected::read(&expected_path) {
            Err(e) => problems.push(format!("{e:#}")),
            Ok(expected) if !expected.matches(&actual) => {
                let name = crate::judge::relative(&expected_path);
                problems.push(format!(
                    "rustc no longer says what {name} shows:\n{}",
                    render_diff(
                        &expected.normalize_for_diff(&actual),
                        &actual,
                        &name,
                        color
                    )
                ));
            }
            Ok(_) => {}
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    #[test]
    fn registry_paths_are_the_same_on_every_machine() {
        let line = "   --> /home/ana/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/tokio-1.54.1/src/task/spawn.rs:176:21\n";
        assert_eq!(
            super::without_registry_paths(line),
            "   --> [registry]/tokio-1.54.1/src/task/spawn.rs:176:21\n"
        );
        assert_eq!(super::without_registry_paths("no path\n"), "no path\n");
    }
}
