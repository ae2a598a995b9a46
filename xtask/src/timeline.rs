//! Timelines recorded from a lesson's own run (issue 8): the runner sets
//! `WORKBOOK_TIMELINE` to a file, the program appends one JSON event per line (spawn,
//! poll_start, poll_end, wake, end; see `lessons/workbook/python/workbook_timeline.py`),
//! and this module turns the events into one row per task, drawn in the terminal or
//! written as Chrome trace JSON for Perfetto and `chrome://tracing`.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::cargo::Build;
use crate::ctx::Ctx;
use crate::judge::{self, Mode, Program};
use crate::lesson::Lesson;

/// The variable that asks a program to record its timeline into a file.
pub const TIMELINE_VAR: &str = "WORKBOOK_TIMELINE";

/// One line of the event file.
#[derive(Debug, Deserialize)]
struct Event {
    t: f64,
    task: u32,
    ev: String,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    at: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    how: Option<String>,
}

/// One task's life.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// What the lesson calls it: `main`, the variable the handle went into, ...
    pub label: String,
    pub spawned: f64,
    /// Each poll: when it started and ended.
    pub polls: Vec<(f64, f64)>,
    pub wakes: Vec<f64>,
    /// When and how it ended: `returned`, `cancelled` or `panicked`.
    pub end: Option<(f64, String)>,
}

/// Reads an event file into rows, in the order the tasks were spawned. `dir` is the
/// folder the program ran in; an event's `at` (`python/main.py:38`) is read from there
/// to name the row.
pub fn read(path: &Path, dir: &Path) -> Result<Vec<Row>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the timeline {}", path.display()))?;
    let mut events = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let event: Event = serde_json::from_str(line).with_context(|| {
            format!("{}:{}: not a timeline event", path.display(), i + 1)
        })?;
        events.push(event);
    }
    Ok(rows(&events, dir))
}

fn rows(events: &[Event], dir: &Path) -> Vec<Row> {
    let mut rows: BTreeMap<u32, Row> = BTreeMap::new();
    let mut order = Vec::new();
    let mut open: BTreeMap<u32, f64> = BTreeMap::new();
    for e in events {
        let row = rows.entry(e.task).or_insert_with(|| {
            order.push(e.task);
            Row {
                label: String::new(),
                spawned: e.t,
                polls: Vec::new(),
                wakes: Vec::new(),
                end: None,
            }
        });
        match e.ev.as_str() {
            "spawn" => {
                row.spawned = e.t;
                row.label = label(e, dir);
            }
            "poll_start" => {
                open.insert(e.task, e.t);
            }
            "poll_end" => {
                let start = open.remove(&e.task).unwrap_or(e.t);
                row.polls.push((start, e.t));
            }
            "wake" => row.wakes.push(e.t),
            "end" => {
                row.end =
                    Some((e.t, e.how.clone().unwrap_or_else(|| "returned".into())))
            }
            _ => {}
        }
    }
    // Tasks spawned on the same line (a loop) are told apart by a number.
    let rows: Vec<Row> = order.iter().map(|n| rows[n].clone()).collect();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for row in &rows {
        *seen.entry(row.label.clone()).or_default() += 1;
    }
    let mut counter: BTreeMap<String, usize> = BTreeMap::new();
    let mut kept = Vec::with_capacity(rows.len().min(256));
    for mut row in rows {
        let many = seen[&row.label];
        if many > 1 {
            let k = counter.entry(row.label.clone()).or_default();
            *k += 1;
            // Thousands of tasks from one line would drown the picture: draw the
            // first few and say how many more there were.
            if *k > MAX_ROWS_PER_LINE {
                continue;
            }
            row.label = if *k == MAX_ROWS_PER_LINE && many > MAX_ROWS_PER_LINE {
                format!(
                    "{} #{k} (+{} more, not drawn)",
                    row.label,
                    many - MAX_ROWS_PER_LINE
                )
            } else {
                format!("{} #{k}", row.label)
            };
        }
        kept.push(row);
    }
    kept
}

/// The most rows drawn for tasks spawned by one line.
const MAX_ROWS_PER_LINE: usize = 6;

/// A row's name: the task's own name, `main`, or what the spawning line calls it.
fn label(e: &Event, dir: &Path) -> String {
    if let Some(name) = &e.name {
        return name.clone();
    }
    if e.kind.as_deref() == Some("main") {
        return "main".into();
    }
    let Some(at) = &e.at else {
        return format!("task {}", e.task);
    };
    let mut parts = at.split(':');
    let (file, line) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let source = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
    let lines: Vec<&str> = source.lines().collect();
    let n = line.parse::<usize>().unwrap_or(0);
    let text = |k: usize| lines.get(k.wrapping_sub(1)).map_or("", |l| l.trim());
    // The spawning line names it, or the `let` a few lines up that collects it
    // (`let workers: Vec<_> = (1..=3).map(|id| { ... tokio::spawn(async move {`).
    name_in(text(n))
        .or_else(|| {
            (n.saturating_sub(6)..n)
                .rev()
                .map(text)
                .find(|l| l.starts_with("let "))
                .and_then(name_in)
        })
        .unwrap_or_else(|| format!("line {line}"))
}

/// `let world = tokio::spawn(...)` → `world`; `b = asyncio.create_task(f())` → `b`;
/// `asyncio.create_task(worker(2))` → `worker(2)`.
fn name_in(line: &str) -> Option<String> {
    let line = line.strip_prefix("let ").unwrap_or(line);
    let line = line.strip_prefix("mut ").unwrap_or(line);
    if let Some((lhs, _)) = line.split_once('=')
        && !lhs.is_empty()
        && lhs.trim().chars().all(|c| {
            c.is_alphanumeric()
                || c == '_'
                || c == ':'
                || c == ' '
                || c == '<'
                || c == '>'
        })
    {
        let name = lhs.split(':').next().unwrap_or(lhs).trim();
        if !name.is_empty() && !name.contains(' ') {
            return Some(name.to_owned());
        }
    }
    // The argument of the spawning call.
    for call in ["spawn(", "create_task(", "ensure_future(", "spawn_local("] {
        if let Some((_, rest)) = line.split_once(call) {
            let arg: String = rest.chars().take_while(|c| *c != ',').collect();
            let arg = arg.trim_end_matches([')', ';']).trim();
            if !arg.is_empty() && arg.len() <= 24 && !arg.starts_with("async") {
                // The trimming above took the call's closing `)`s: give back the
                // argument's own, if it is a call (`work(i)`), and none to a name.
                let open = arg.matches('(').count();
                let closed = arg.matches(')').count();
                return Some(format!(
                    "{arg}{}",
                    ")".repeat(open.saturating_sub(closed))
                ));
            }
        }
    }
    None
}

/// Runs the lesson (and its twin, given an interpreter) once each as `verify` runs
/// them, recording; returns each run's rows, labelled `Rust` or `Python`.
pub fn record_runs(
    ctx: &Ctx,
    lesson: &Lesson,
    build: &Build,
    interpreter: Option<&str>,
) -> Result<Vec<(&'static str, Vec<Row>)>> {
    let mut programs = Vec::new();
    if let Some(exe) = build.executables.get(&lesson.name) {
        programs.push(("Rust", Program::Rust(exe)));
    }
    // A twin whose packages are not installed here is not drawn (`verify` says why).
    let interpreter = interpreter.filter(|i| {
        crate::python::twin_blocked(i, &lesson.meta.python.requires)
            .is_ok_and(|blocked| blocked.is_none())
    });
    if let (Some(interpreter), Some(script)) = (interpreter, lesson.twin_path()) {
        programs.push((
            "Python",
            Program::Python {
                interpreter,
                script,
            },
        ));
    }
    let mut runs = Vec::new();
    for (language, program) in programs {
        let file = tempfile::NamedTempFile::new()?;
        judge::run_and_judge_recording(
            &ctx.root,
            lesson,
            program,
            &lesson.expected_path(),
            Mode::Verify,
            &ctx.ui,
            Some(file.path()),
        )?;
        runs.push((language, read(file.path(), &lesson.dir)?));
    }
    Ok(runs)
}

/// The legend printed under every drawn timeline.
pub const LEGEND: &str = "█ running (a poll)   ─ waiting   ↑ woken   ✓ returned   ✗ cancelled   ! panicked";

/// Draws `rows` in `width` columns: one line per task, time left to right.
pub fn draw(rows: &[Row], width: usize) -> String {
    let label_width = rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, 20);
    let cells = width.saturating_sub(label_width + 3).max(20);
    let last = last_time(rows);
    let span = if last > 0.0 { last } else { 1.0 };
    let cell_of =
        |t: f64| (((t / span) * (cells - 1) as f64).round() as usize).min(cells - 1);
    let mut out = String::new();
    for row in rows {
        let mut line: Vec<char> = vec![' '; cells];
        let end_cell = row.end.as_ref().map_or(cells - 1, |(t, _)| cell_of(*t));
        for c in line
            .iter_mut()
            .take(end_cell + 1)
            .skip(cell_of(row.spawned))
        {
            *c = '─';
        }
        for &t in &row.wakes {
            line[cell_of(t)] = '↑';
        }
        for &(a, b) in &row.polls {
            for c in line.iter_mut().take(cell_of(b) + 1).skip(cell_of(a)) {
                *c = '█';
            }
        }
        if let Some((t, how)) = &row.end {
            let mark = end_mark(how);
            let cell = cell_of(*t);
            // Past the last poll's block, so the block stays visible.
            let cell = if line[cell] == '█' && cell + 1 < cells {
                cell + 1
            } else {
                cell
            };
            line[cell] = mark;
        }
        let label: String = row.label.chars().take(label_width).collect();
        out.push_str(&format!(
            "{label:>label_width$} │{}\n",
            line.iter().collect::<String>().trim_end()
        ));
    }
    let axis_end = format!("{last:.1}s");
    out.push_str(&format!(
        "{:>label_width$} └0.0s{}{axis_end}\n",
        "",
        "─".repeat(cells.saturating_sub(4 + axis_end.len()))
    ));
    out
}

/// The rows as an SVG picture for the book: it scales to the page's width, takes its
/// colours from mdBook's theme variables (light and dark), and carries a title and a
/// description for screen readers.
pub fn svg(rows: &[Row], id: &str, title: &str) -> String {
    const LABEL: f64 = 150.0;
    const PLOT: f64 = 560.0;
    const ROW: f64 = 22.0;
    let last = last_time(rows);
    let span = if last > 0.0 { last } else { 1.0 };
    let x = |t: f64| LABEL + 8.0 + (t / span) * PLOT;
    let height = ROW * rows.len() as f64 + 34.0;
    let fg = "style=\"fill: var(--fg)\"";
    let mut out = format!(
        "<svg class=\"timeline\" viewBox=\"0 0 760 {height}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" style=\"width: 100%; min-width: 560px; height: auto; \
         font: 12px var(--mono-font, monospace)\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(&describe(rows))
    );
    for (i, row) in rows.iter().enumerate() {
        let y = 14.0 + ROW * i as f64;
        out.push_str(&format!(
            "<text x=\"{LABEL}\" y=\"{}\" text-anchor=\"end\" {fg}>{}</text>",
            y + 4.0,
            escape(&row.label)
        ));
        let end = row.end.as_ref().map_or(last, |e| e.0);
        out.push_str(&format!(
            "<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{y}\" y2=\"{y}\" \
             style=\"stroke: var(--fg); opacity: 0.35\"/>",
            x(row.spawned),
            x(end)
        ));
        for &(a, b) in &row.polls {
            out.push_str(&format!(
                "<rect x=\"{:.1}\" y=\"{}\" width=\"{:.1}\" height=\"12\" \
                 style=\"fill: var(--links)\"><title>poll {a:.3}s to {b:.3}s</title></rect>",
                x(a),
                y - 6.0,
                (x(b) - x(a)).max(2.0)
            ));
        }
        for &t in &row.wakes {
            out.push_str(&format!(
                "<circle cx=\"{:.1}\" cy=\"{y}\" r=\"3\" style=\"fill: none; stroke: var(--links)\"/>",
                x(t)
            ));
        }
        if let Some((t, how)) = &row.end {
            let mark = end_mark(how);
            out.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{}\" {fg}><title>{how} at {t:.3}s</title>{mark}</text>",
                x(*t) + 4.0,
                y + 4.0
            ));
        }
    }
    let axis = 14.0 + ROW * rows.len() as f64;
    out.push_str(&format!(
        "<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{axis}\" y2=\"{axis}\" style=\"stroke: var(--fg)\"/>",
        x(0.0),
        x(last)
    ));
    for k in 0..=4 {
        let t = span * f64::from(k) / 4.0;
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" {fg}>{t:.1}s</text>",
            x(t),
            axis + 14.0
        ));
    }
    out.push_str("</svg>");
    out
}

/// A sentence per task, for screen readers and the text version.
pub fn describe(rows: &[Row]) -> String {
    rows.iter()
        .map(|r| {
            let end = r
                .end
                .as_ref()
                .map_or("still running at the end".to_owned(), |(t, how)| {
                    format!("{how} at {t:.1}s")
                });
            format!(
                "{}: spawned at {:.1}s, polled {} time(s), {end}.",
                r.label,
                r.spawned,
                r.polls.len()
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn end_mark(how: &str) -> char {
    match how {
        "cancelled" => '✗',
        "panicked" => '!',
        _ => '✓',
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn last_time(rows: &[Row]) -> f64 {
    rows.iter()
        .flat_map(|r| {
            r.polls
                .iter()
                .map(|p| p.1)
                .chain(r.wakes.iter().copied())
                .chain(r.end.iter().map(|e| e.0))
                .chain([r.spawned])
        })
        .fold(0.0_f64, f64::max)
}

/// The same rows as Chrome trace JSON (`chrome://tracing`, https://ui.perfetto.dev):
/// one thread per task, a slice per poll, an instant per wake-up and end.
pub fn chrome_trace(rows: &[Row]) -> String {
    let us = |t: f64| (t * 1e6).round();
    let mut events = Vec::new();
    for (tid, row) in rows.iter().enumerate() {
        events.push(serde_json::json!({
            "name": "thread_name", "ph": "M", "pid": 1, "tid": tid,
            "args": { "name": row.label }
        }));
        events.push(serde_json::json!({
            "name": "spawned", "ph": "i", "s": "t", "pid": 1, "tid": tid, "ts": us(row.spawned)
        }));
        for &(a, b) in &row.polls {
            events.push(serde_json::json!({
                "name": "poll", "ph": "X", "pid": 1, "tid": tid, "ts": us(a), "dur": us(b) - us(a)
            }));
        }
        for &t in &row.wakes {
            events.push(serde_json::json!({
                "name": "woken", "ph": "i", "s": "t", "pid": 1, "tid": tid, "ts": us(t)
            }));
        }
        if let Some((t, how)) = &row.end {
            events.push(serde_json::json!({
                "name": how, "ph": "i", "s": "t", "pid": 1, "tid": tid, "ts": us(*t)
            }));
        }
    }
    serde_json::json!({ "traceEvents": events, "displayTimeUnit": "ms" }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_svg_has_a_title_a_description_and_a_block_per_poll() {
        let rows = vec![Row {
            label: "a<b>".into(),
            spawned: 0.0,
            polls: vec![(0.0, 0.0), (1.0, 1.5)],
            wakes: vec![1.0],
            end: Some((1.5, "returned".into())),
        }];
        let svg = svg(&rows, "t1", "Rust");
        assert!(svg.contains("<title id=\"t1-title\">Rust</title>"), "{svg}");
        assert!(svg.contains(
            "a&lt;b&gt;: spawned at 0.0s, polled 2 time(s), returned at 1.5s."
        ));
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }

    fn events(lines: &[&str]) -> Vec<Event> {
        lines
            .iter()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn rows_are_named_from_the_spawning_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("python")).unwrap();
        std::fs::write(
            dir.path().join("python/main.py"),
            "x\n    world = asyncio.create_task(say(2))\n    tasks.append(asyncio.create_task(work(i)))\n",
        )
        .unwrap();
        let rows = rows(
            &events(&[
                r#"{"t": 0.0, "task": 0, "ev": "spawn", "kind": "main", "at": "python/main.py:9"}"#,
                r#"{"t": 0.0, "task": 1, "ev": "spawn", "kind": "task", "at": "python/main.py:2"}"#,
                r#"{"t": 0.0, "task": 2, "ev": "spawn", "kind": "task", "at": "python/main.py:3"}"#,
                r#"{"t": 0.0, "task": 3, "ev": "spawn", "kind": "task", "at": "python/main.py:3"}"#,
                r#"{"t": 0.5, "task": 1, "ev": "poll_start"}"#,
                r#"{"t": 0.5, "task": 1, "ev": "poll_end"}"#,
                r#"{"t": 2.0, "task": 1, "ev": "end", "how": "returned"}"#,
            ]),
            dir.path(),
        );
        let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["main", "world", "work(i) #1", "work(i) #2"]);
        assert_eq!(rows[1].polls, [(0.5, 0.5)]);
        assert_eq!(
            name_in("    workers.spawn(worker);").as_deref(),
            Some("worker")
        );
        assert_eq!(
            name_in("    set.spawn(f(g(1)));").as_deref(),
            Some("f(g(1))")
        );
        // A loop of many tasks: the first few rows, and how many more.
        let many: Vec<String> = (0..20)
            .map(|i| {
                format!(
                    r#"{{"t": 0.0, "task": {i}, "ev": "spawn", "kind": "task", "at": "python/main.py:3"}}"#
                )
            })
            .collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let labels: Vec<String> = super::rows(&events(&many), dir.path())
            .into_iter()
            .map(|r| r.label)
            .collect();
        assert_eq!(labels.len(), MAX_ROWS_PER_LINE);
        assert_eq!(labels[5], "work(i) #6 (+14 more, not drawn)");
        assert_eq!(rows[1].polls, [(0.5, 0.5)]);
        assert_eq!(rows[1].end, Some((2.0, "returned".into())));
    }

    #[test]
    fn a_drawing_shows_polls_waits_wakes_and_ends() {
        let row = |label: &str, polls: Vec<(f64, f64)>, end: &str| Row {
            label: label.into(),
            spawned: 0.0,
            polls,
            wakes: vec![1.0],
            end: Some((2.0, end.into())),
        };
        let drawn = draw(
            &[
                row("a", vec![(0.0, 0.0), (1.0, 1.0)], "returned"),
                row("b", vec![(0.0, 0.0)], "cancelled"),
            ],
            30,
        );
        let lines: Vec<&str> = drawn.lines().collect();
        assert_eq!(lines[0], "   a │█──────────█──────────✓");
        assert_eq!(lines[1], "   b │█──────────↑──────────✗");
        assert!(lines[2].ends_with("2.0s"), "{drawn}");
    }

    #[test]
    fn chrome_trace_has_a_thread_per_task_and_a_slice_per_poll() {
        let rows = vec![Row {
            label: "main".into(),
            spawned: 0.0,
            polls: vec![(0.0, 0.25)],
            wakes: vec![],
            end: None,
        }];
        let trace: serde_json::Value =
            serde_json::from_str(&chrome_trace(&rows)).unwrap();
        let events = trace["traceEvents"].as_array().unwrap();
        assert!(
            events
                .iter()
                .any(|e| e["ph"] == "M" && e["args"]["name"] == "main")
        );
        assert!(
            events
                .iter()
                .any(|e| e["ph"] == "X" && e["dur"] == 250000.0)
        );
    }
}
