//! `verify --under-load`: the load a busy learner's laptop puts on lessons, started
//! before the runs and stopped after them. The defined load is the machine
//! oversubscribed four times over by CPU-bound processes (four busy loops per CPU),
//! plus a cold `cargo build` of the lessons' workspace into a scratch target folder,
//! started again each time it finishes.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::{Context, Result};
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

/// Busy loops per CPU.
pub const OVERSUBSCRIPTION: usize = 4;

/// The running load; dropping it stops every process it started.
pub struct Load {
    burners: Vec<Child>,
    stop: Arc<AtomicBool>,
    builds: Arc<AtomicU32>,
    builder: Option<JoinHandle<()>>,
    target: PathBuf,
}

impl Load {
    /// Starts the load for the lessons' workspace at `manifest`; the compile builds
    /// into `target`, which is removed again at the end.
    pub fn start(manifest: &Path, target: PathBuf) -> Result<Load> {
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
        let mut burners = Vec::new();
        for _ in 0..OVERSUBSCRIPTION * cpus {
            // In the runner's process group, so that Ctrl+C stops them with it; and
            // each ends by itself once the runner is gone (`kill -0` is a builtin).
            let child = Command::new("sh")
                .args(["-c", "while kill -0 $PPID 2>/dev/null; do :; done"])
                .stdin(Stdio::null())
                .spawn()
                .context("cannot start a CPU-bound process (sh)")?;
            burners.push(child);
        }
        let stop = Arc::new(AtomicBool::new(false));
        let builds = Arc::new(AtomicU32::new(0));
        let builder = {
            let (stop, builds) = (stop.clone(), builds.clone());
            let (manifest, target) = (manifest.to_owned(), target.clone());
            std::thread::spawn(move || {
                compile_in_a_loop(&manifest, &target, &stop, &builds)
            })
        };
        Ok(Load {
            burners,
            stop,
            builds,
            builder: Some(builder),
            target,
        })
    }

    /// What the load is, for the user.
    pub fn describe(&self) -> String {
        format!(
            "{} CPU-bound processes ({OVERSUBSCRIPTION} per CPU) and a cold `cargo build` of the lessons, over and over",
            self.burners.len()
        )
    }

    /// Stops everything; returns how many cold builds finished meanwhile.
    pub fn stop(mut self) -> u32 {
        self.halt();
        self.builds.load(Ordering::Relaxed)
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for child in &mut self.burners {
            let _ = child.kill();
            let _ = child.wait();
        }
        self.burners.clear();
        if let Some(builder) = self.builder.take() {
            let _ = builder.join();
        }
        let _ = std::fs::remove_dir_all(&self.target);
    }
}

impl Drop for Load {
    fn drop(&mut self) {
        self.halt();
    }
}

/// Builds the workspace from scratch again and again until `stop`.
fn compile_in_a_loop(
    manifest: &Path,
    target: &Path,
    stop: &AtomicBool,
    builds: &AtomicU32,
) {
    while !stop.load(Ordering::Relaxed) {
        let _ = std::fs::remove_dir_all(target);
        // A group of its own, so that stopping it stops its rustc processes too. (If
        // the runner is killed instead, this build finishes on its own and ends.)
        let spawned =
            Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
                .args(["build", "--workspace", "--quiet", "--manifest-path"])
                .arg(manifest)
                .env("CARGO_TARGET_DIR", target)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn();
        let Ok(mut cargo) = spawned else { return };
        loop {
            if stop.load(Ordering::Relaxed) {
                let _ = killpg(Pid::from_raw(cargo.id() as i32), Signal::SIGKILL);
                let _ = cargo.wait();
                return;
            }
            match cargo.try_wait() {
                Ok(Some(_)) => break,
                Ok(None) => std::thread::sleep(Duration::from_millis(100)),
                Err(_) => return,
            }
        }
        builds.fetch_add(1, Ordering::Relaxed);
    }
}
