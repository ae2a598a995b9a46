//! The timeline recorder: when the runner sets `WORKBOOK_TIMELINE` to a file (as
//! `cargo xtask run NN --timeline` does), every task's spawn, polls, wake-ups and end
//! go into that file, one JSON object per line, on tokio's clock. The runner draws
//! them. Lessons do nothing for it, and without the variable nothing is installed.
//!
//! How: with `--cfg tokio_unstable` and tokio's `tracing` feature, tokio runs every
//! task (and the future given to `block_on`) inside a `runtime.spawn` span, entered for
//! each poll, and its wakers emit `waker.wake` events naming the task's span. A
//! `tracing` layer turns those into the runner's events. It must be installed before
//! the runtime exists, or `main`'s span is lost: hence `#[ctor]`, run before `main`.

use std::collections::HashMap;
use std::fs::File;
use std::io::Write;
use std::sync::{Mutex, OnceLock};

use tracing::span::{Attributes, Id};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// The variable that asks for a timeline, naming the file to write.
pub const TIMELINE_VAR: &str = "WORKBOOK_TIMELINE";

/// Where `t = 0` is on tokio's clock, once `virtual_clock_if_asked` has paused it.
pub(crate) static VIRTUAL_START: OnceLock<tokio::time::Instant> = OnceLock::new();

#[ctor::ctor]
fn record_if_asked() {
    let Some(path) = std::env::var_os(TIMELINE_VAR) else {
        return;
    };
    // Taken out of the environment, so that a program the lesson starts (lesson 22
    // re-runs itself as a worker process) does not record into the same file.
    #[allow(unsafe_code)]
    // SAFETY: this runs before `main`, while the process has a single thread, so no
    // other thread can be reading the environment.
    unsafe {
        std::env::remove_var(TIMELINE_VAR)
    };
    let Ok(file) = File::create(&path) else {
        eprintln!(
            "workbook: cannot write the timeline to {}",
            path.to_string_lossy()
        );
        return;
    };
    let recorder = Recorder {
        state: Mutex::new(State {
            file,
            real_start: std::time::Instant::now(),
            last_t: 0.0,
            tasks: HashMap::new(),
            next: 0,
            last_event: None,
        }),
    };
    let _ = tracing::subscriber::set_global_default(
        tracing_subscriber::registry().with(recorder),
    );
    // A task that panics ends `panicked`: note it, then report as usual.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if let Some(id) = tokio::task::try_id() {
            PANICKED
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(id.to_string());
        }
        default_hook(info);
    }));
}

/// tokio task ids (as text) of tasks that panicked.
static PANICKED: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Recorder {
    state: Mutex<State>,
}

struct State {
    file: File,
    real_start: std::time::Instant,
    /// The time of the last event, for events on threads outside the runtime.
    last_t: f64,
    /// Task spans by span id.
    tasks: HashMap<u64, Task>,
    next: u32,
    /// The last event recorded: (span id, was it an exit).
    last_event: Option<(u64, bool)>,
}

struct Task {
    number: u32,
    /// When the current enter began.
    entered: Option<f64>,
    /// The last enter/exit pair, not written yet: it is a poll if another follows, and
    /// the future being dropped if the span closes next (tokio drops a task's future
    /// inside its span).
    held: Option<(f64, f64)>,
    /// Whether `held` began right after the previous pair ended: a future dropped as
    /// soon as its last poll returned, i.e. a task that returned.
    held_follows_poll: bool,
    /// Whether the current pair continues the previous one: polled again at the same
    /// instant with nothing else in between (a current-thread `block_on` polls `main`
    /// again on a wake from another thread, as often as the OS schedules it). One poll.
    merged: bool,
    woken: bool,
    tokio_id: String,
}

impl State {
    /// Now, in seconds from the start, on tokio's clock where the thread has one.
    fn now(&mut self) -> f64 {
        let t = match (VIRTUAL_START.get(), tokio::runtime::Handle::try_current()) {
            (Some(start), Ok(_)) => tokio::time::Instant::now()
                .saturating_duration_since(*start)
                .as_secs_f64(),
            // Virtual clock, but a thread outside the runtime: no clock of its own.
            (Some(_), Err(_)) => self.last_t,
            // Before the clock was paused, or on the real clock.
            (None, _) => {
                if std::env::var_os("WORKBOOK_CLOCK").is_some() {
                    0.0
                } else {
                    self.real_start.elapsed().as_secs_f64()
                }
            }
        };
        self.last_t = self.last_t.max(t);
        self.last_t
    }

    fn write(&mut self, task: u32, t: f64, rest: &str) {
        let _ = writeln!(
            self.file,
            r#"{{"t": {t:.6}, "task": {task}, "ev": "{rest}}}"#
        );
    }

    fn poll(&mut self, number: u32, (start, end): (f64, f64)) {
        self.write(number, start, r#"poll_start""#);
        self.write(number, end, r#"poll_end""#);
    }
}

impl<S: Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>> Layer<S>
    for Recorder
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _ctx: Context<'_, S>) {
        if attrs.metadata().name() != "runtime.spawn" {
            return;
        }
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let t = state.now();
        let number = state.next;
        state.next += 1;
        let kind = match fields.kind.as_str() {
            "block_on" => "main",
            "local" => "local",
            "blocking" => "blocking",
            _ => "task",
        };
        // `file!()` of the spawning line, relative to the lesson folder.
        let file = fields
            .file
            .rsplit_once("/src/")
            .map_or(fields.file.clone(), |(_, f)| format!("src/{f}"));
        let name = if fields.name.is_empty() {
            String::new()
        } else {
            format!(r#", "name": "{}""#, fields.name.replace('"', "'"))
        };
        let line = format!(
            r#"spawn", "kind": "{kind}", "at": "{file}:{}:{}"{name}"#,
            fields.line, fields.col
        );
        state.write(number, t, &line);
        state.tasks.insert(
            id.into_u64(),
            Task {
                number,
                entered: None,
                held: None,
                held_follows_poll: false,
                merged: false,
                woken: false,
                tokio_id: fields.tokio_id,
            },
        );
    }

    fn on_enter(&self, id: &Id, _ctx: Context<'_, S>) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if !state.tasks.contains_key(&id.into_u64()) {
            return;
        }
        let t = state.now();
        let follows = state.last_event == Some((id.into_u64(), true));
        let task = state.tasks.get_mut(&id.into_u64()).expect("checked");
        let number = task.number;
        task.woken = false;
        match task.held.take() {
            Some((start, end)) if follows && end == t => {
                task.entered = Some(start);
                task.merged = true;
            }
            held => {
                task.entered = Some(t);
                task.merged = false;
                task.held_follows_poll = follows && held.is_some();
                if let Some(pair) = held {
                    state.poll(number, pair);
                }
            }
        }
        state.last_event = Some((id.into_u64(), false));
    }

    fn on_exit(&self, id: &Id, _ctx: Context<'_, S>) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if !state.tasks.contains_key(&id.into_u64()) {
            return;
        }
        let t = state.now();
        let task = state.tasks.get_mut(&id.into_u64()).expect("checked");
        let start = task.entered.take().unwrap_or(t);
        task.held = Some((start, t));
        state.last_event = Some((id.into_u64(), true));
    }

    fn on_close(&self, id: Id, _ctx: Context<'_, S>) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let Some(task) = state.tasks.remove(&id.into_u64()) else {
            return;
        };
        let t = state.now();
        let panicked = PANICKED
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(&task.tokio_id);
        // The held pair ends with the future being dropped: at the instant of the last
        // poll (merged into it) if the task returned, later if it was cancelled.
        let returned = match task.held {
            Some(pair) if task.merged => {
                state.poll(task.number, pair);
                true
            }
            Some(_) => task.held_follows_poll,
            None => true,
        };
        let how = match (panicked, returned) {
            (true, _) => "panicked",
            (false, true) => "returned",
            (false, false) => "cancelled",
        };
        state.write(task.number, t, &format!(r#"end", "how": "{how}""#));
    }

    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        if event.metadata().target() != "tokio::task::waker" {
            return;
        }
        let mut fields = Fields::default();
        event.record(&mut fields);
        if !fields.op.starts_with("waker.wake") {
            return;
        }
        let Ok(span) = fields.tokio_id.parse::<u64>() else {
            return;
        };
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let t = state.now();
        let Some(task) = state.tasks.get_mut(&span) else {
            return;
        };
        if task.woken || task.entered.is_some() {
            return; // one wake per wait is enough; a task waking itself is running
        }
        task.woken = true;
        let number = task.number;
        state.write(number, t, r#"wake""#);
        state.last_event = Some((span, false));
    }
}

/// The fields of tokio's spans and waker events that the recorder reads.
#[derive(Default)]
struct Fields {
    kind: String,
    name: String,
    /// `task.id`: tokio's task id on a span, the task's span id on a waker event.
    tokio_id: String,
    file: String,
    line: u64,
    col: u64,
    op: String,
}

impl tracing::field::Visit for Fields {
    fn record_u64(&mut self, field: &tracing::field::Field, value: u64) {
        match field.name() {
            "task.id" => self.tokio_id = value.to_string(),
            "loc.line" => self.line = value,
            "loc.col" => self.col = value,
            _ => {}
        }
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        match field.name() {
            "loc.file" => self.file = value.to_owned(),
            "op" => self.op = value.to_owned(),
            _ => {}
        }
    }

    fn record_debug(
        &mut self,
        field: &tracing::field::Field,
        value: &dyn std::fmt::Debug,
    ) {
        match field.name() {
            "kind" => self.kind = format!("{value:?}"),
            "task.name" => self.name = format!("{value:?}"),
            "op" => self.op = format!("{value:?}").trim_matches('"').to_owned(),
            _ => {}
        }
    }
}
