//! `watch`: re-check a student's copy on every save, with file notifications (or
//! polling where they fail).

use std::time::Duration;

use anyhow::{Context, Result};

use crate::ctx::Ctx;
use crate::exercise::{Progress, Workspace};
use crate::judge::relative;
use crate::lesson::Lesson;
use crate::student::{NO_COPY, check_lesson, find_lesson};

/// `watch [NN]`: re-check on every save.
pub fn watch(ctx: &Ctx, wanted: Option<&str>, poll: bool) -> Result<bool> {
    use notify::{Config, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
    let lessons = ctx.lessons()?;
    let ws = Workspace::students(&ctx.root);
    let first = match wanted {
        Some(w) => Some(find_lesson(&lessons, w)?),
        None => {
            let progress = Progress::load(&ctx.root)?;
            lessons.iter().find(|l| {
                ws.source(l).is_file()
                    && !progress
                        .exercises
                        .get(&l.dir_name)
                        .is_some_and(|p| p.passed)
            })
        }
    };
    let Some(first) = first else {
        eprintln!("No exercise to watch: start one with `cargo xtask exercise NN`.");
        return Ok(false);
    };
    if !ws.source(first).is_file() {
        eprintln!(
            "{} {NO_COPY}\n  cargo xtask exercise {:02}",
            ctx.ui.red("error:"),
            first.number
        );
        return Ok(false);
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let poll_config = Config::default()
        .with_poll_interval(Duration::from_secs(1))
        .with_compare_contents(true);
    let mut watcher: Box<dyn Watcher> = if poll {
        Box::new(PollWatcher::new(tx, poll_config)?)
    } else {
        match RecommendedWatcher::new(tx.clone(), Config::default())
            .and_then(|mut w| w.watch(&ws.dir, RecursiveMode::Recursive).map(|_| w))
        {
            Ok(w) => Box::new(w),
            Err(e) => {
                eprintln!(
                    "{} file notifications are not available here ({e});\nfalling back to polling every second \
                     (`cargo xtask watch --poll` chooses polling directly).",
                    ctx.ui.bold("note:")
                );
                Box::new(PollWatcher::new(tx, poll_config)?)
            }
        }
    };
    watcher.watch(&ws.dir, RecursiveMode::Recursive)?;
    let watched: Vec<&Lesson> = match wanted {
        Some(_) => vec![first],
        None => lessons
            .iter()
            .filter(|l| !l.meta.exercises.is_empty())
            .collect(),
    };
    let mut current = first;
    loop {
        check_lesson(ctx, &lessons, current)?;
        eprintln!(
            "{}",
            ctx.ui.dim(&format!(
                "\nwatching {} for changes; Ctrl+C to stop",
                relative(&ws.dir)
            ))
        );
        // Wait for a change to a watched exercise's source...
        let changed = loop {
            let event = rx.recv().context("the file watcher stopped")?;
            let Ok(event) = event else { continue };
            // Opening or closing a file is not a change.
            if matches!(event.kind, notify::EventKind::Access(_)) {
                continue;
            }
            if let Some(l) = event.paths.iter().find_map(|p| {
                watched.iter().find(|l| {
                    p.starts_with(ws.crate_dir(&l.dir_name))
                        && p.extension().is_some_and(|e| e == "rs")
                })
            }) {
                break *l;
            }
        };
        // ...then let the burst of events an editor's save makes die down.
        while rx.recv_timeout(Duration::from_millis(300)).is_ok() {}
        current = changed;
        eprintln!(
            "\n{}",
            ctx.ui
                .bold(&format!("── {} changed ──", relative(&ws.source(current))))
        );
    }
}
