//! Finding a Python interpreter for the twins, and the twins' own packages.
//!
//! Most twins need only the standard library. Those that need packages (aiohttp for
//! the HTTP chapter) name the modules in `[python] requires`; the packages are pinned
//! in `lessons/requirements.txt` and `cargo xtask python-setup` installs them into
//! the workbook's own virtual environment, `.venv/`, which the runner then prefers.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// What we tell a user who has no Python.
const NO_PYTHON: &str = "the Python twins need `python3` (3.11 or newer) on PATH, and none was found.\n\
Install it (Debian/Ubuntu: `sudo apt install python3`; macOS: `brew install python`),\n\
or set WORKBOOK_PYTHON to an interpreter's path.";

/// The workbook's virtual environment, relative to its root.
pub const VENV: &str = ".venv";
/// The twins' pinned packages, relative to the root.
pub const REQUIREMENTS: &str = "lessons/requirements.txt";
/// The command that installs them, for messages.
pub const SETUP_COMMAND: &str = "cargo xtask python-setup";

/// The interpreter to use: `$WORKBOOK_PYTHON`, else the workbook's `.venv` if
/// `python-setup` made one, else `python3`; an error says how to get one.
pub fn interpreter(root: &Path) -> Result<String> {
    let venv = venv_python(root);
    let candidate = match std::env::var("WORKBOOK_PYTHON") {
        Ok(chosen) => chosen,
        Err(_) if venv.is_file() => venv.to_string_lossy().into_owned(),
        Err(_) => "python3".into(),
    };
    match Command::new(&candidate)
        .args(["-c", "import sys; assert sys.version_info >= (3, 11)"])
        .output()
    {
        Ok(out) if out.status.success() => Ok(candidate),
        Ok(_) => {
            bail!(
                "`{candidate}` is older than Python 3.11, which the twins need.\n{NO_PYTHON}"
            )
        }
        Err(_) => bail!("{NO_PYTHON}"),
    }
}

/// Is an interpreter available? (`test` skips the twins, and says so, when not.)
pub fn available(root: &Path) -> bool {
    interpreter(root).is_ok()
}

fn venv_python(root: &Path) -> PathBuf {
    root.join(VENV).join("bin").join("python")
}

/// The modules of `modules` that `interpreter` cannot import.
pub fn missing(interpreter: &str, modules: &[String]) -> Result<Vec<String>> {
    if modules.is_empty() {
        return Ok(Vec::new());
    }
    let out = Command::new(interpreter)
        .args([
            "-c",
            "import importlib.util, sys\n\
             print(' '.join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))",
        ])
        .args(modules)
        .output()
        .with_context(|| format!("cannot run {interpreter}"))?;
    Ok(String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(String::from)
        .collect())
}

/// Why a twin cannot run here, if it cannot: the modules it needs that are missing.
pub fn twin_blocked(
    interpreter: &str,
    requires: &[String],
) -> Result<Option<String>> {
    let missing = missing(interpreter, requires)?;
    Ok((!missing.is_empty()).then(|| {
        format!(
            "the Python twin needs {} ({interpreter} has not got {}); install the twins' \
             packages with `{SETUP_COMMAND}`",
            requires.join(", "),
            if missing.len() == 1 { "it" } else { "them" }
        )
    }))
}

/// `cargo xtask python-setup`: makes `.venv` and installs `lessons/requirements.txt`.
pub fn setup(root: &Path) -> Result<bool> {
    let base = std::env::var("WORKBOOK_PYTHON").unwrap_or_else(|_| "python3".into());
    let venv = root.join(VENV);
    let python = venv_python(root);
    if !python.is_file() {
        eprintln!("creating the twins' virtual environment in {VENV}/ with {base}…");
        let ok = Command::new(&base)
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .with_context(|| format!("cannot run {base}: {NO_PYTHON}"))?
            .success();
        if !ok {
            bail!(
                "`{base} -m venv` failed; on Debian/Ubuntu the venv module is a package \
                 of its own: `sudo apt install python3-venv`"
            );
        }
    }
    eprintln!("installing {REQUIREMENTS} into {VENV}/…");
    let ok = Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "-q",
            "-r",
        ])
        .arg(root.join(REQUIREMENTS))
        .status()
        .context("cannot run pip")?
        .success();
    if ok {
        eprintln!(
            "✔ the twins' packages are installed; the runner now uses {VENV}/bin/python"
        );
    }
    Ok(ok)
}
