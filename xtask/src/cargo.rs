//! Building lessons with cargo: one `cargo build` for everything asked for, with
//! `--keep-going` so one broken lesson does not stop the others. Cargo reports in
//! JSON; we keep the executables and, for a lesson that fails, only the compiler's
//! errors (rendered as rustc renders them), not the wall of warnings and notes.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use cargo_metadata::Message;
use cargo_metadata::diagnostic::DiagnosticLevel;

use crate::ui::Ui;

/// The crates that the files of a lesson's `mistakes/` may use (see `mistakes.rs`).
pub const MISTAKE_LIBS: &[&str] = &["tokio", "tokio_util", "futures"];

/// The outcome of one build.
#[derive(Debug, Default)]
pub struct Build {
    /// Binary name -> executable.
    pub executables: BTreeMap<String, PathBuf>,
    /// Target name -> the compiler's errors for it, rendered.
    pub errors: BTreeMap<String, String>,
    /// Library name -> its `.rlib`, for the crates a deliberate mistake may use.
    pub libs: BTreeMap<String, PathBuf>,
    /// Errors cargo itself printed (a bad manifest, say).
    pub cargo_errors: String,
    pub elapsed: Duration,
}

impl Build {
    /// Why `bin` has no executable: its own compile errors, or everything we know.
    pub fn failure_for(&self, bin: &str) -> String {
        if let Some(errors) = self.errors.get(bin) {
            return errors.clone();
        }
        let mut all: String = self.errors.values().map(String::as_str).collect();
        all.push_str(&self.cargo_errors);
        if all.trim().is_empty() {
            all = "cargo did not build it and printed no error".into();
        }
        all
    }
}

/// Builds the binaries of `packages` (all workspace members if empty) in the workspace
/// at `manifest`.
pub fn build(
    manifest: &Path,
    packages: &[String],
    target_dir: Option<&Path>,
    ui: &Ui,
) -> Result<Build> {
    // Plain `json` keeps rustc's rendered text inside each message, where we want it
    // (`json-render-diagnostics` would print it to stderr instead).
    let format = if ui.color {
        "json-diagnostic-rendered-ansi"
    } else {
        "json"
    };
    let mut cmd =
        Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.arg("build").arg("--manifest-path").arg(manifest).args([
        "--bins",
        "--keep-going",
        "--message-format",
        format,
    ]);
    // No packages: the workspace's default members (every lesson; not `bench/`).
    for p in packages {
        cmd.args(["-p", p]);
    }
    if let Some(dir) = target_dir {
        cmd.env("CARGO_TARGET_DIR", dir);
    }
    cmd.stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(Stdio::null());

    let start = Instant::now();
    let mut child = cmd.spawn().context("cannot start cargo")?;
    let stderr = child.stderr.take().expect("stderr is piped");
    let progress = ui.build_progress();
    let mut build = std::thread::scope(|scope| -> Result<_> {
        let progress = &progress;
        let reader = scope.spawn(move || {
            // Cargo's own lines: progress to show, errors to keep.
            let mut cargo_errors = String::new();
            let mut in_error = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let trimmed = line.trim_start();
                if let Some(what) = trimmed.strip_prefix("Compiling ") {
                    progress.compiling(what, start.elapsed());
                    in_error = false;
                } else if trimmed.starts_with("error") || in_error {
                    in_error = true;
                    cargo_errors.push_str(&line);
                    cargo_errors.push('\n');
                } else if trimmed.starts_with("Blocking") {
                    progress.note(trimmed);
                }
            }
            cargo_errors
        });
        let mut build = Build::default();
        let stdout = child.stdout.take().expect("stdout is piped");
        for message in Message::parse_stream(BufReader::new(stdout)) {
            match message.context("cannot read cargo's output")? {
                Message::CompilerArtifact(artifact) => {
                    if MISTAKE_LIBS.contains(&artifact.target.name.as_str())
                        && let Some(rlib) = artifact
                            .filenames
                            .iter()
                            .find(|f| f.extension() == Some("rlib"))
                    {
                        build.libs.insert(
                            artifact.target.name.clone(),
                            rlib.clone().into(),
                        );
                    }
                    if let Some(exe) = artifact.executable {
                        build
                            .executables
                            .insert(artifact.target.name.clone(), exe.into());
                    }
                }
                Message::CompilerMessage(msg) => {
                    let is_error = matches!(
                        msg.message.level,
                        DiagnosticLevel::Error | DiagnosticLevel::Ice
                    );
                    if let (true, Some(rendered)) = (is_error, msg.message.rendered) {
                        build
                            .errors
                            .entry(msg.target.name.clone())
                            .or_default()
                            .push_str(&rendered);
                    }
                }
                _ => {}
            }
        }
        build.cargo_errors = reader.join().expect("reader thread");
        Ok(build)
    })?;
    let status = child.wait().context("waiting for cargo")?;
    build.elapsed = start.elapsed();
    progress.finish(build.elapsed, status.success());
    Ok(build)
}
