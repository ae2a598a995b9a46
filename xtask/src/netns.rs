//! A step of `cargo xtask test`: the lessons and twins need no network but loopback.
//! `verify --python` runs again inside a new network namespace that has only `lo`
//! (`unshare -rn`, then `ip link set lo up`), where any other address is unreachable.
//! Where the system does not allow such a namespace (no user namespaces, no
//! `unshare` or `ip`), the step says so and is skipped.

use std::process::Command;

use anyhow::{Context, Result};

use crate::ctx::Ctx;

/// The shell run inside the namespace: bring up loopback, prove that an outside
/// address (192.0.2.1, reserved for documentation) is unreachable, then run the runner.
const INSIDE: &str = "ip link set lo up || exit 1
if (exec 3<>/dev/tcp/192.0.2.1/80) 2>/dev/null; then
    echo 'the namespace reaches 192.0.2.1: it is not isolated' >&2; exit 1
fi
echo 'inside: only loopback; 192.0.2.1 is unreachable'
exec \"$0\" verify --python";

pub fn run(ctx: &Ctx) -> Result<bool> {
    let probe = Command::new("unshare")
        .args(["-rn", "sh", "-c", "ip link set lo up"])
        .output();
    let reason = match &probe {
        Ok(out) if out.status.success() => None,
        Ok(out) => Some(String::from_utf8_lossy(&out.stderr).trim().to_string()),
        Err(e) => Some(format!("cannot run `unshare`: {e}")),
    };
    if let Some(reason) = reason {
        eprintln!(
            "{} SKIPPED: this system does not allow a network namespace here \
             (`unshare -rn sh -c 'ip link set lo up'`: {reason})",
            ctx.ui.bold("note:")
        );
        return Ok(true);
    }
    // Build outside: a cold build may need the registry. Inside, cargo only checks that
    // everything is fresh, offline.
    crate::lessons_cmd::build(ctx)?;
    let runner =
        std::env::current_exe().context("cannot find the runner's own binary")?;
    eprintln!(
        "inside a network namespace with only loopback: cargo xtask verify --python"
    );
    let status = Command::new("unshare")
        .args(["-rn", "bash", "-c", INSIDE])
        .arg(&runner)
        .env("WORKBOOK_ROOT", &ctx.root)
        .env("CARGO_NET_OFFLINE", "true")
        .status()
        .context("cannot run unshare")?;
    Ok(status.success())
}
