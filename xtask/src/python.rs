//! Finding a Python interpreter for the twins.

use std::process::Command;

use anyhow::{Result, bail};

/// What we tell a user who has no Python.
const NO_PYTHON: &str = "the Python twins need `python3` (3.11 or newer) on PATH, and none was found.\n\
Install it (Debian/Ubuntu: `sudo apt install python3`; macOS: `brew install python`),\n\
or set WORKBOOK_PYTHON to an interpreter's path.";

/// The interpreter to use: `$WORKBOOK_PYTHON`, else `python3`; an error says how to get one.
pub fn interpreter() -> Result<String> {
    let candidate =
        std::env::var("WORKBOOK_PYTHON").unwrap_or_else(|_| "python3".into());
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
pub fn available() -> bool {
    interpreter().is_ok()
}
