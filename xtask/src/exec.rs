//! Running one program (a lesson, a Python twin or a student's copy) under the
//! runner's rules: its own process group, a timeout that kills the whole group,
//! stdin from the metadata, signals sent when given lines appear, output captured
//! and, for `run`, streamed as it happens.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

use crate::lesson::{SignalName, SignalStep};

/// What to run and how.
pub struct Spec {
    pub program: PathBuf,
    pub args: Vec<String>,
    pub cwd: PathBuf,
    /// Variables to set; `None` removes a variable the runner inherited.
    pub env: Vec<(String, Option<String>)>,
    pub stdin: Option<String>,
    pub timeout: Duration,
    pub signals: Vec<SignalStep>,
    /// Echo stdout and stderr while the program runs.
    pub stream: bool,
}

/// What happened.
#[derive(Debug)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    /// `None` when the program was killed at its timeout.
    pub status: Option<ExitStatus>,
    pub timed_out: bool,
    pub elapsed: Duration,
    /// Signal triggers whose line never appeared.
    pub unsent_signals: Vec<SignalStep>,
    /// For a program killed at its timeout: the CPU time it had used (where the OS
    /// tells us: Linux), to tell a busy loop from a wait that never ends.
    pub cpu_at_timeout: Option<Duration>,
}

impl Outcome {
    /// For a program killed at its timeout: whether it kept a CPU busy (at least a
    /// tenth of the time, which a loop gets even on a machine loaded many times over)
    /// rather than waiting. `None` if it was not killed or the OS does not say.
    pub fn was_busy(&self) -> Option<bool> {
        let cpu = self.cpu_at_timeout?;
        Some(cpu.as_secs_f64() >= 0.1 * self.elapsed.as_secs_f64())
    }

    /// The exit code, or a description of how the process ended.
    pub fn exit_description(&self) -> String {
        use std::os::unix::process::ExitStatusExt;
        match self.status {
            None => "killed at its timeout".into(),
            Some(s) => match (s.code(), s.signal()) {
                (Some(code), _) => format!("exit code {code}"),
                (None, Some(sig)) => format!("killed by signal {sig}"),
                _ => "unknown exit".into(),
            },
        }
    }
}

enum Event {
    Line(Vec<u8>),
    StdoutClosed,
    Exited(std::io::Result<ExitStatus>),
}

pub fn run(spec: &Spec) -> Result<Outcome> {
    use std::os::unix::process::CommandExt;

    let mut cmd = Command::new(&spec.program);
    cmd.args(&spec.args)
        .current_dir(&spec.cwd)
        .stdin(if spec.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // A group of its own, so that a timeout kills everything it started.
        .process_group(0);
    for (key, value) in &spec.env {
        match value {
            Some(v) => cmd.env(key, v),
            None => cmd.env_remove(key),
        };
    }
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .with_context(|| format!("cannot start {}", spec.program.display()))?;
    let group = Pid::from_raw(child.id() as i32);

    if let Some(input) = &spec.stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        let input = input.clone();
        std::thread::spawn(move || pipe.write_all(input.as_bytes()));
    }

    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().expect("stdout is piped");
    let tx_out = tx.clone();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        loop {
            let mut line = Vec::new();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    if tx_out.send(Event::Line(line)).is_err() {
                        break;
                    }
                }
            }
        }
        let _ = tx_out.send(Event::StdoutClosed);
    });
    let mut stderr_pipe = child.stderr.take().expect("stderr is piped");
    let stream = spec.stream;
    let stderr_thread = std::thread::spawn(move || {
        let mut all = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = stderr_pipe.read(&mut buf) {
            if n == 0 {
                break;
            }
            if stream {
                let _ = std::io::stderr().write_all(&buf[..n]);
            }
            all.extend_from_slice(&buf[..n]);
        }
        all
    });
    std::thread::spawn(move || {
        let _ = tx.send(Event::Exited(child.wait()));
    });

    let deadline = start + spec.timeout;
    let mut stdout = Vec::new();
    let mut pending_signals = spec.signals.iter();
    let mut next_signal = pending_signals.next();
    let (mut closed, mut status, mut timed_out) = (false, None, false);
    let mut cpu_at_timeout = None;
    while !(closed && status.is_some()) {
        let now = Instant::now();
        // After a kill, allow a moment for the pipes to close.
        let wait = if timed_out {
            Duration::from_secs(2)
        } else {
            deadline.saturating_duration_since(now)
        };
        match rx.recv_timeout(wait) {
            Ok(Event::Line(line)) => {
                if spec.stream {
                    let mut out = std::io::stdout().lock();
                    let _ = out.write_all(&line);
                    let _ = out.flush();
                }
                if let Some(step) = next_signal
                    && String::from_utf8_lossy(&line).trim_end_matches(['\n', '\r'])
                        == step.after_line
                {
                    let signal = match step.signal {
                        SignalName::Int => Signal::SIGINT,
                        SignalName::Term => Signal::SIGTERM,
                    };
                    let _ = killpg(group, signal);
                    if spec.stream {
                        // Tell the learner why the program is about to stop.
                        let like = match step.signal {
                            SignalName::Int => "as if you pressed Ctrl+C",
                            SignalName::Term => "as `kill` would",
                        };
                        eprintln!(
                            "[the runner sends {signal}, {like}: see `signals` in lesson.toml]"
                        );
                    }
                    next_signal = pending_signals.next();
                }
                stdout.extend_from_slice(&line);
            }
            Ok(Event::StdoutClosed) => closed = true,
            Ok(Event::Exited(result)) => {
                status = Some(result.context("waiting for the program")?);
                // The group may still hold the pipe open (a leftover grandchild): end it.
                let _ = killpg(group, Signal::SIGKILL);
            }
            Err(mpsc::RecvTimeoutError::Timeout) if !timed_out => {
                timed_out = true;
                cpu_at_timeout = cpu_time(group);
                let _ = killpg(group, Signal::SIGKILL);
            }
            Err(_) => break, // killed, yet the pipes stay open: give up on them
        }
    }
    let elapsed = start.elapsed();
    let stderr = stderr_thread.join().unwrap_or_default();
    let mut unsent_signals: Vec<SignalStep> =
        next_signal.into_iter().cloned().collect();
    unsent_signals.extend(pending_signals.cloned());
    Ok(Outcome {
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        status: if timed_out { None } else { status },
        timed_out,
        elapsed,
        unsent_signals,
        cpu_at_timeout,
    })
}

/// The CPU time (user + system, all threads) a live process has used, from Linux's
/// `/proc/PID/stat`; `None` elsewhere.
fn cpu_time(pid: Pid) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) start at field 3;
    // utime and stime are fields 14 and 15, in clock ticks.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 =
        fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    let per_second =
        nix::unistd::sysconf(nix::unistd::SysconfVar::CLK_TCK).ok()??;
    Some(Duration::from_secs_f64(ticks as f64 / per_second as f64))
}
