//! `cargo xtask bench [--quick]`: the same workloads in Rust (built with the release
//! profile) and in Python's asyncio, each run several times after a warm-up; prints a
//! table (median, spread, peak memory, ratio to Python) and writes the results, stamped
//! with the machine and the versions, to the file the book's "How fast, how big" page
//! is drawn from (`book/src/bench/results.json`; `--quick` writes
//! `target/bench/results-quick.json` instead, and the page keeps the full run).
//!
//! The programs are `bench/` (Rust) and `bench/python/bench.py`, with one command
//! line: `bench spawn|channel|cpu VARIANT N`, `bench server VARIANT` (prints
//! `{"port": P}`, serves until its stdin closes), `bench client VARIANT URL N
//! IN_FLIGHT`; each run prints one JSON line, `{"result", "seconds", "peak_kb"}`. The
//! results of one workload must be equal in every column: the same work was done.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::ctx::Ctx;

/// The full run's results, which the book includes.
pub const RESULTS: &str = "book/src/bench/results.json";
/// `--quick` writes here, so that a check never replaces the committed full run.
const QUICK_RESULTS: &str = "target/bench/results-quick.json";

/// One measured configuration: a workload at one size, in several columns.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Case {
    pub workload: String,
    pub title: String,
    pub n: u64,
    pub columns: Vec<Column>,
}

#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Column {
    pub name: String,
    pub language: String,
    /// Each timed run's seconds (the warm-up is not kept).
    pub seconds: Vec<f64>,
    pub median: f64,
    pub min: f64,
    pub max: f64,
    /// The largest peak resident memory of the timed runs, in KiB.
    pub peak_kb: u64,
    /// What the program computed; equal across a case's columns.
    pub result: u64,
}

#[derive(Serialize, Deserialize, Debug)]
pub struct Results {
    pub command: String,
    pub date: String,
    pub machine: Machine,
    pub versions: Vec<(String, String)>,
    pub warmups: u32,
    pub runs: u32,
    pub cases: Vec<Case>,
    /// Notes on columns left out (uvloop not installed, ...).
    pub notes: Vec<String>,
}

#[derive(Serialize, Deserialize, Debug)]
pub struct Machine {
    pub cores: usize,
    pub cpu: String,
    pub os: String,
    /// The load average (1, 5, 15 minutes) when the run started: other work on the
    /// machine slows both languages down, and the reader should know.
    #[serde(default)]
    pub load: String,
}

/// How a column's program is started.
#[derive(Clone)]
enum Side {
    Rust,
    Python,
}

/// A column to measure: its name, language, and the arguments after the program.
struct Plan {
    name: &'static str,
    side: Side,
    args: Vec<String>,
    /// The server this client talks to, if any.
    server: Option<(Side, &'static str)>,
    /// Leave the column out (with a note) if the program exits with code 3.
    optional: bool,
}

struct Sizes {
    spawn: &'static [u64],
    channel: u64,
    cpu: u64,
    http: (u64, u64),
    warmups: u32,
    runs: u32,
}

const FULL: Sizes = Sizes {
    spawn: &[10_000, 100_000, 1_000_000],
    channel: 1_000_000,
    cpu: 10_000_000,
    http: (10_000, 100),
    warmups: 1,
    runs: 5,
};

const QUICK: Sizes = Sizes {
    spawn: &[1_000, 10_000],
    channel: 10_000,
    cpu: 100_000,
    http: (300, 20),
    warmups: 1,
    runs: 2,
};

pub fn run(ctx: &Ctx, quick: bool) -> Result<bool> {
    let sizes = if quick { &QUICK } else { &FULL };
    let start = Instant::now();
    let rust = build(ctx)?;
    let python = crate::python::interpreter(&ctx.root)?;
    let script = ctx.root.join("bench/python/bench.py");
    let mut notes = Vec::new();
    let has_aiohttp =
        crate::python::missing(&python, &["aiohttp".into()])?.is_empty();
    if !has_aiohttp {
        if crate::ctx::under_ci() {
            bail!(
                "the HTTP workloads need aiohttp: run `cargo xtask python-setup` first"
            );
        }
        notes.push(format!(
            "aiohttp is not installed (`{}`): the HTTP workload's Python columns are left out.",
            crate::python::SETUP_COMMAND
        ));
    }
    let cases = plans(sizes, has_aiohttp);
    let total: u64 = cases
        .iter()
        .map(|(_, _, _, columns)| columns.len() as u64)
        .sum::<u64>()
        * u64::from(sizes.warmups + sizes.runs);
    let bar = ctx.ui.lesson_bar(total as usize, "benchmarking");
    let mut results = Vec::new();
    for (workload, title, n, columns) in cases {
        let mut measured = Vec::new();
        for plan in columns {
            bar.set_message(format!("{title}: {}", plan.name));
            let program = |side: &Side| match side {
                Side::Rust => (rust.clone(), Vec::new()),
                Side::Python => {
                    (PathBuf::from(&python), vec![script.display().to_string()])
                }
            };
            match measure(&plan, program, sizes, &bar)? {
                Some(column) => measured.push(column),
                None => notes.push(format!(
                    "{}: {} is not installed, so its column is left out.",
                    title, plan.name
                )),
            }
        }
        if let Some(first) = measured.first()
            && let Some(odd) = measured.iter().find(|c| c.result != first.result)
        {
            bail!(
                "{title}: {} computed {} but {} computed {}: the programs do not do the same work",
                first.name,
                first.result,
                odd.name,
                odd.result
            );
        }
        results.push(Case {
            workload: workload.into(),
            title,
            n,
            columns: measured,
        });
    }
    bar.finish_and_clear();
    let results = Results {
        command: format!("cargo xtask bench{}", if quick { " --quick" } else { "" }),
        date: today(),
        machine: machine(),
        versions: versions(ctx, &python)?,
        warmups: sizes.warmups,
        runs: sizes.runs,
        cases: results,
        notes,
    };
    print!("{}", table(&results));
    let path = ctx.root.join(if quick { QUICK_RESULTS } else { RESULTS });
    std::fs::create_dir_all(path.parent().expect("a folder"))?;
    std::fs::write(&path, serde_json::to_string_pretty(&results)? + "\n")?;
    // Read it back as the book will: a file the book cannot draw is a failure.
    load(&path)?;
    eprintln!(
        "{} measured in {:.0}s; results in {}",
        ctx.ui.green("✔"),
        start.elapsed().as_secs_f64(),
        crate::judge::relative(&path)
    );
    Ok(true)
}

/// Builds `bench/` with the release profile; returns its binary.
fn build(ctx: &Ctx) -> Result<PathBuf> {
    eprintln!("building bench/ with the release profile…");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args([
            "build",
            "--release",
            "--quiet",
            "-p",
            "workbook-bench",
            "--manifest-path",
        ])
        .arg(ctx.manifest())
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("bench/ did not build");
    }
    Ok(ctx.root.join("target/release/bench"))
}

/// Every case, in the order of the table: (workload, title, n, columns).
fn plans(
    sizes: &Sizes,
    aiohttp: bool,
) -> Vec<(&'static str, String, u64, Vec<Plan>)> {
    let plan = |name, side, args: &[&str], optional| Plan {
        name,
        side,
        args: args.iter().map(|a| a.to_string()).collect(),
        server: None,
        optional,
    };
    let mut cases = Vec::new();
    for &n in sizes.spawn {
        let n_s = n.to_string();
        let n_s = n_s.as_str();
        cases.push((
            "spawn",
            format!("Spawn and join {} tasks", thousands(n)),
            n,
            vec![
                plan(
                    "tokio current-thread",
                    Side::Rust,
                    &["spawn", "tokio-ct", n_s],
                    false,
                ),
                plan(
                    "tokio multi-thread",
                    Side::Rust,
                    &["spawn", "tokio-mt", n_s],
                    false,
                ),
                plan("smol", Side::Rust, &["spawn", "smol", n_s], false),
                plan("asyncio", Side::Python, &["spawn", "asyncio", n_s], false),
                plan("uvloop", Side::Python, &["spawn", "uvloop", n_s], true),
            ],
        ));
    }
    let n = sizes.channel;
    let n_s = n.to_string();
    cases.push((
        "channel",
        format!("{} items through a bounded queue", thousands(n)),
        n,
        vec![
            plan(
                "tokio mpsc",
                Side::Rust,
                &["channel", "tokio-mpsc", &n_s],
                false,
            ),
            plan(
                "async-channel",
                Side::Rust,
                &["channel", "async-channel", &n_s],
                false,
            ),
            plan(
                "asyncio.Queue",
                Side::Python,
                &["channel", "asyncio", &n_s],
                false,
            ),
            plan("uvloop", Side::Python, &["channel", "uvloop", &n_s], true),
        ],
    ));
    let (requests, in_flight) = sizes.http;
    let (r, f) = (requests.to_string(), in_flight.to_string());
    let client = |name, side: Side, server: (Side, &'static str)| Plan {
        name,
        args: vec![
            "client".into(),
            match side {
                Side::Rust => "reqwest".into(),
                Side::Python => "aiohttp".into(),
            },
            String::new(), // the server's URL, filled in when it runs
            r.clone(),
            f.clone(),
        ],
        side,
        server: Some(server),
        optional: false,
    };
    let mut http = vec![client("reqwest → axum", Side::Rust, (Side::Rust, "axum"))];
    if aiohttp {
        http.push(client(
            "aiohttp → aiohttp",
            Side::Python,
            (Side::Python, "aiohttp"),
        ));
        http.push(client(
            "reqwest → aiohttp",
            Side::Rust,
            (Side::Python, "aiohttp"),
        ));
        http.push(client("aiohttp → axum", Side::Python, (Side::Rust, "axum")));
    }
    cases.push((
        "http",
        format!(
            "{} HTTP requests on loopback, {in_flight} in flight",
            thousands(requests)
        ),
        requests,
        http,
    ));
    let n = sizes.cpu;
    let n_s = n.to_string();
    cases.push((
        "cpu",
        format!("Sum of squares below {}", thousands(n)),
        n,
        vec![
            plan(
                "Rust, one thread",
                Side::Rust,
                &["cpu", "one-thread", &n_s],
                false,
            ),
            plan(
                "Rust, rayon (all cores)",
                Side::Rust,
                &["cpu", "rayon", &n_s],
                false,
            ),
            plan("Python", Side::Python, &["cpu", "plain", &n_s], false),
            plan(
                "Python, 4 threads",
                Side::Python,
                &["cpu", "threads", &n_s],
                false,
            ),
            plan(
                "Python, 4 processes",
                Side::Python,
                &["cpu", "processes", &n_s],
                false,
            ),
        ],
    ));
    cases
}

/// One run's report, as the programs print it.
#[derive(Deserialize)]
struct Report {
    result: u64,
    seconds: f64,
    peak_kb: u64,
}

/// Runs one column's warm-ups and timed runs; `None` if an optional column's program
/// says its package is missing (exit code 3).
fn measure(
    plan: &Plan,
    program: impl Fn(&Side) -> (PathBuf, Vec<String>),
    sizes: &Sizes,
    bar: &indicatif::ProgressBar,
) -> Result<Option<Column>> {
    let mut reports = Vec::new();
    for i in 0..sizes.warmups + sizes.runs {
        let server = match &plan.server {
            Some((side, variant)) => Some(Server::start(program(side), variant)?),
            None => None,
        };
        let (exe, mut args) = program(&plan.side);
        args.extend(plan.args.iter().cloned());
        if let Some(server) = &server
            && let Some(url) = args.iter_mut().find(|a| a.is_empty())
        {
            url.clone_from(&server.url);
        }
        let out = Command::new(&exe)
            .args(&args)
            .stdin(Stdio::null())
            .output()
            .with_context(|| format!("cannot run {}", exe.display()))?;
        drop(server);
        if plan.optional && out.status.code() == Some(3) {
            bar.inc(u64::from(sizes.warmups + sizes.runs - i));
            return Ok(None);
        }
        let stdout = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            bail!(
                "{} {} failed ({}):\n{}{}",
                exe.display(),
                args.join(" "),
                out.status,
                stdout,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let report: Report =
            serde_json::from_str(stdout.trim()).with_context(|| {
                format!(
                    "{} {} printed no report: {stdout}",
                    exe.display(),
                    args.join(" ")
                )
            })?;
        if i >= sizes.warmups {
            reports.push(report);
        }
        bar.inc(1);
    }
    let mut seconds: Vec<f64> = reports.iter().map(|r| r.seconds).collect();
    let mut sorted = seconds.clone();
    sorted.sort_by(f64::total_cmp);
    let median = if !sorted.len().is_multiple_of(2) {
        sorted[sorted.len() / 2]
    } else {
        (sorted[sorted.len() / 2 - 1] + sorted[sorted.len() / 2]) / 2.0
    };
    seconds.shrink_to_fit();
    Ok(Some(Column {
        name: plan.name.into(),
        language: match plan.side {
            Side::Rust => "Rust".into(),
            Side::Python => "Python".into(),
        },
        median,
        min: sorted[0],
        max: sorted[sorted.len() - 1],
        peak_kb: reports.iter().map(|r| r.peak_kb).max().unwrap_or(0),
        result: reports[0].result,
        seconds,
    }))
}

/// A server process for the HTTP workload; stopped (stdin closed, then waited for)
/// when dropped.
struct Server {
    child: std::process::Child,
    url: String,
}

impl Server {
    fn start(
        (exe, mut args): (PathBuf, Vec<String>),
        variant: &str,
    ) -> Result<Server> {
        args.extend(["server".to_string(), variant.to_string()]);
        let mut child = Command::new(&exe)
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("cannot start {}", exe.display()))?;
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().expect("piped"))
            .read_line(&mut line)
            .context("the server said nothing")?;
        #[derive(Deserialize)]
        struct Ready {
            port: u16,
        }
        let ready: Ready = serde_json::from_str(line.trim()).with_context(|| {
            format!("the {variant} server printed {line:?}, not its port")
        })?;
        Ok(Server {
            child,
            url: format!("http://127.0.0.1:{}/", ready.port),
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        if self.child.wait().is_err() {
            let _ = self.child.kill();
        }
    }
}

/// Reads a results file; an error names it and what is wrong.
pub fn load(path: &Path) -> Result<Results> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!("cannot read {}: run `cargo xtask bench`", path.display())
    })?;
    let results: Results = serde_json::from_str(&text).with_context(|| {
        format!("{} is not a benchmark results file", path.display())
    })?;
    for case in &results.cases {
        if case.columns.is_empty() {
            bail!(
                "{}: the case \"{}\" has no columns",
                path.display(),
                case.title
            );
        }
    }
    Ok(results)
}

/// The Python column each case's ratios are taken against.
pub fn baseline(case: &Case) -> Option<&Column> {
    let name = match case.workload.as_str() {
        "spawn" => "asyncio",
        "channel" => "asyncio.Queue",
        "http" => "aiohttp → aiohttp",
        _ => "Python",
    };
    case.columns.iter().find(|c| c.name == name)
}

/// Bytes of peak memory per task, from the largest two spawn sizes: the growth of the
/// peak divided by the growth of the number of tasks.
pub fn bytes_per_task(results: &Results, column: &str) -> Option<f64> {
    let mut points: Vec<(u64, u64)> = results
        .cases
        .iter()
        .filter(|c| c.workload == "spawn")
        .filter_map(|c| {
            let col = c.columns.iter().find(|col| col.name == column)?;
            Some((c.n, col.peak_kb))
        })
        .collect();
    points.sort();
    let [.., (n1, kb1), (n2, kb2)] = points.as_slice() else {
        return None;
    };
    Some((*kb2 as f64 - *kb1 as f64) * 1024.0 / (*n2 as f64 - *n1 as f64))
}

/// The terminal's table (the book draws its own from the same file).
fn table(results: &Results) -> String {
    let mut out = String::new();
    for case in &results.cases {
        out.push_str(&format!("\n{}\n", case.title));
        let base = baseline(case).map(|b| b.median);
        for c in &case.columns {
            let ratio =
                base.map_or(String::new(), |b| format!("{:>8.3}", c.median / b));
            out.push_str(&format!(
                "  {:<26} {:>10} ({} – {})  {:>9} KiB  Rust/Python {ratio}\n",
                c.name,
                seconds(c.median),
                seconds(c.min),
                seconds(c.max),
                c.peak_kb
            ));
        }
    }
    let per_task: Vec<String> = [
        "tokio current-thread",
        "tokio multi-thread",
        "smol",
        "asyncio",
    ]
    .iter()
    .filter_map(|c| Some(format!("{c} {:.0} B", bytes_per_task(results, c)?)))
    .collect();
    if !per_task.is_empty() {
        out.push_str(&format!("\nmemory per task: {}\n", per_task.join(", ")));
    }
    for note in &results.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    out
}

/// A duration for people: 12.3 ms, 1.23 s, 45.6 µs.
pub fn seconds(s: f64) -> String {
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.1} ms", s * 1e3)
    } else {
        format!("{:.1} µs", s * 1e6)
    }
}

/// 1000000 as "1,000,000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

fn today() -> String {
    let out = Command::new("date").arg("+%Y-%m-%d").output();
    out.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

fn machine() -> Machine {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    let os = Command::new("uname")
        .args(["-sr"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let load = std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    Machine {
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        cpu,
        os,
        load,
    }
}

/// rustc's, the measured crates' (from Cargo.lock), Python's and aiohttp's versions.
fn versions(ctx: &Ctx, python: &str) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let rustc = Command::new("rustc").arg("--version").output()?;
    out.push(("rustc".into(), first_word_after(&rustc.stdout, "rustc ")));
    let lock: toml::Value =
        toml::from_str(&std::fs::read_to_string(ctx.root.join("Cargo.lock"))?)?;
    for name in ["tokio", "smol", "async-channel", "axum", "reqwest", "rayon"] {
        // The newest of the locked versions: older ones come in through other crates
        // (async-std still uses async-channel 1).
        let version = lock["package"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["name"].as_str() == Some(name))
            .filter_map(|p| p["version"].as_str())
            .max_by_key(|v| {
                v.split('.')
                    .map(|n| n.parse::<u64>().unwrap_or(0))
                    .collect::<Vec<_>>()
            })
            .unwrap_or("?");
        out.push((name.into(), version.into()));
    }
    let py = Command::new(python).arg("--version").output()?;
    out.push(("Python".into(), first_word_after(&py.stdout, "Python ")));
    for module in ["aiohttp", "uvloop"] {
        let v = Command::new(python)
            .args([
                "-c",
                &format!("import {module}; print({module}.__version__)"),
            ])
            .output()?;
        if v.status.success() {
            out.push((
                module.into(),
                String::from_utf8_lossy(&v.stdout).trim().into(),
            ));
        }
    }
    Ok(out)
}

fn first_word_after(bytes: &[u8], prefix: &str) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.trim()
        .strip_prefix(prefix)
        .unwrap_or(text.trim())
        .split_whitespace()
        .next()
        .unwrap_or("?")
        .to_string()
}

/// The book's section for a results file: per workload a chart and a table, then
/// memory per task, the machine, the versions and the command.
pub fn book_section(results: &Results) -> String {
    let mut md = String::new();
    for (i, case) in results.cases.iter().enumerate() {
        md.push_str(&format!(
            "### {}

",
            case.title
        ));
        md.push_str(&chart(case, &format!("bench-{i}")));
        md.push_str(
            "\n| | median | fastest – slowest | peak memory | time ÷ Python's |\n\
             |---|--:|--:|--:|--:|\n",
        );
        let base = baseline(case).map(|b| b.median);
        for c in &case.columns {
            md.push_str(&format!(
                "| {} ({}) | {} | {} – {} | {} MiB | {} |\n",
                c.name,
                c.language,
                seconds(c.median),
                seconds(c.min),
                seconds(c.max),
                format_args!("{:.1}", c.peak_kb as f64 / 1024.0),
                base.map_or("".into(), |b| format!("{:.3}", c.median / b)),
            ));
        }
        md.push('\n');
    }
    let per_task: Vec<String> = [
        "tokio current-thread",
        "tokio multi-thread",
        "smol",
        "asyncio",
    ]
    .iter()
    .filter_map(|c| Some(format!("{c}: {:.0} bytes", bytes_per_task(results, c)?)))
    .collect();
    if !per_task.is_empty() {
        md.push_str(&format!(
            "**Peak memory per task** (the growth of the peak between the two largest \
             spawn runs, divided by the growth in tasks): {}.\n\n",
            per_task.join("; ")
        ));
    }
    for note in &results.notes {
        md.push_str(&format!("*Note: {note}*\n\n"));
    }
    let versions: Vec<String> = results
        .versions
        .iter()
        .map(|(name, v)| format!("{name} {v}"))
        .collect();
    md.push_str(&format!(
        "Measured on {date} by `{command}` ({warmups} warm-up run and {runs} timed runs \
         per cell, in a row): {cores} cores, {cpu}, {os}, load average {load} when it \
         started (above {cores}, other work was competing for the cores); {versions}.\n",
        date = results.date,
        command = results.command,
        warmups = results.warmups,
        runs = results.runs,
        cores = results.machine.cores,
        cpu = results.machine.cpu,
        os = results.machine.os,
        load = if results.machine.load.is_empty() { "unknown" } else { &results.machine.load },
        versions = versions.join(", "),
    ));
    md
}

/// A horizontal bar per column (its median; a thin line from fastest to slowest),
/// coloured with the theme's own variables so that it reads in light and dark themes.
fn chart(case: &Case, id: &str) -> String {
    const LABEL: f64 = 190.0;
    const WIDTH: f64 = 640.0;
    const BAR: f64 = 18.0;
    const GAP: f64 = 8.0;
    let longest = case.columns.iter().map(|c| c.max).fold(0.0, f64::max);
    let scale = (WIDTH - LABEL - 90.0) / longest.max(f64::MIN_POSITIVE);
    let height = case.columns.len() as f64 * (BAR + GAP) + GAP;
    let mut svg = format!(
        "<figure class=\"bench-chart\" style=\"margin: 1em 0\">\n<svg id=\"{id}\" \
         xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"100%\" role=\"img\" aria-labelledby=\"{id}-title\" \
         style=\"max-width: {WIDTH}px; font: 13px sans-serif\">\n\
         <title id=\"{id}-title\">{}: median time of each (shorter is faster)</title>\n",
        escape(&case.title)
    );
    for (i, c) in case.columns.iter().enumerate() {
        let y = GAP + i as f64 * (BAR + GAP);
        let colour = if c.language == "Rust" {
            "fill: var(--links)"
        } else {
            "fill: var(--fg); fill-opacity: 0.45"
        };
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" style=\"fill: var(--fg)\">{}</text>\n\
             <rect x=\"{LABEL}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{BAR}\" style=\"{colour}\"/>\n\
             <line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" style=\"stroke: var(--fg)\"/>\n\
             <text x=\"{:.1}\" y=\"{:.1}\" style=\"fill: var(--fg)\">{}</text>\n",
            LABEL - 6.0,
            y + BAR - 5.0,
            escape(&c.name),
            (c.median * scale).max(1.5),
            LABEL + c.min * scale,
            LABEL + c.max * scale,
            y + BAR / 2.0,
            y + BAR / 2.0,
            LABEL + c.max * scale + 6.0,
            y + BAR - 5.0,
            seconds(c.median),
        ));
    }
    svg.push_str("</svg>\n<figcaption>Median time; the line spans fastest to slowest run. \
                  Rust in the links' colour, Python in grey.</figcaption>\n</figure>\n");
    svg
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(300), "300");
        assert_eq!(seconds(2.5), "2.50 s");
        assert_eq!(seconds(0.0123), "12.3 ms");
        assert_eq!(seconds(0.0000456), "45.6 µs");
    }
}
