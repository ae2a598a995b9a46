//! `cargo xtask test`: every check the workbook has, in one command (CI runs it).

use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::ctx::Ctx;
use crate::lesson::Clock;
use crate::lessons_cmd::{self, VerifyOptions};
use crate::{bench, book, browser, netns, python, teacher};

/// How many times `test` runs each real-clock lesson under load (README's figure for
/// 100 runs comes from `verify --python --repeat 100 --under-load`).
const UNDER_LOAD_REPEAT: u32 = 5;
/// How many times `test` runs each real-clock lesson without load (the virtual-clock
/// ones run `--repeat` times, 20 by default).
const REAL_CLOCK_REPEAT: u32 = 5;

pub fn run(ctx: &Ctx, repeat: u32) -> Result<bool> {
    let ui = &ctx.ui;
    let root = &ctx.root;
    let xtask_manifest = root.join("xtask/Cargo.toml");
    let lessons_manifest = ctx.manifest();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let with_python = python::available(&ctx.root);

    let mut failed = Vec::new();
    let mut step = |name: &str, f: &mut dyn FnMut() -> Result<bool>| {
        eprintln!("\n{} {name}", ui.bold("==>"));
        let start = Instant::now();
        let ok = f().unwrap_or_else(|e| {
            eprintln!("{} {e:#}", ui.red("error:"));
            false
        });
        let took = format!("({:.1}s)", start.elapsed().as_secs_f64());
        if ok {
            eprintln!("{} {name} {took}", ui.green("passed:"));
        } else {
            eprintln!("{} {name} {took}", ui.red("FAILED:"));
            failed.push(name.to_owned());
        }
    };
    let shell = |args: &[&str]| -> Result<bool> {
        let status = Command::new(&cargo)
            .args(args)
            .current_dir(root)
            .status()
            .with_context(|| format!("cannot run cargo {}", args.join(" ")))?;
        Ok(status.success())
    };
    let lm = lessons_manifest.to_str().context("non-UTF-8 path")?;
    let xm = xtask_manifest.to_str().context("non-UTF-8 path")?;

    step("formatting (cargo fmt --check)", &mut || {
        Ok(shell(&["fmt", "--all", "--check", "--manifest-path", lm])?
            & shell(&["fmt", "--all", "--check", "--manifest-path", xm])?)
    });
    step("lints (cargo clippy -D warnings)", &mut || {
        let lessons = shell(&[
            "clippy",
            "-q",
            "--workspace",
            "--all-targets",
            "--manifest-path",
            lm,
            "--",
            "-D",
            "warnings",
        ])?;
        let runner = shell(&[
            "clippy",
            "-q",
            "--workspace",
            "--all-targets",
            "--manifest-path",
            xm,
            "--",
            "-D",
            "warnings",
        ])?;
        Ok(lessons && runner)
    });
    step("the runner's own tests (cargo test)", &mut || {
        shell(&["test", "-q", "--manifest-path", xm])
    });
    // Virtual-clock lessons are cheap to repeat; real-clock ones wait for real, and
    // run five times more under load in the next step, so they repeat less here.
    let (virtual_clock, real_clock): (Vec<String>, Vec<String>) = {
        let (v, r): (Vec<_>, Vec<_>) = ctx
            .lessons()?
            .into_iter()
            .partition(|l| l.meta.clock == Clock::Virtual);
        (
            v.into_iter().map(|l| l.dir_name).collect(),
            r.into_iter().map(|l| l.dir_name).collect(),
        )
    };
    let real_repeat = repeat.min(REAL_CLOCK_REPEAT);
    let twins = if with_python {
        "lesson and Python twin"
    } else {
        "lesson (python3 not found: twins SKIPPED)"
    };
    let verify_name = format!(
        "every {twins}: virtual-clock ones {repeat} times, real-clock ones {real_repeat} times; \
         transcripts and virtual-clock timelines identical (verify --repeat)"
    );
    step(&verify_name, &mut || {
        let mut ok = true;
        for (lessons, repeat) in
            [(&virtual_clock, repeat), (&real_clock, real_repeat)]
        {
            ok &= lessons_cmd::verify(
                ctx,
                lessons,
                &VerifyOptions {
                    python: with_python,
                    repeat,
                    jobs: None,
                    under_load: false,
                    timeline: false,
                },
            )?;
        }
        Ok(ok)
    });
    // The real-clock lessons again, on a machine made busy on purpose: their
    // transcripts must not depend on its speed (`verify --under-load`).
    step(
        &format!(
            "the real-clock lessons{}, {UNDER_LOAD_REPEAT} times each under load (verify --under-load)",
            if with_python { " and twins" } else { "" }
        ),
        &mut || {
            lessons_cmd::verify(
                ctx,
                &real_clock,
                &VerifyOptions {
                    python: with_python,
                    repeat: UNDER_LOAD_REPEAT,
                    jobs: None,
                    under_load: true,
                    timeline: false,
                },
            )
        },
    );
    if with_python {
        step(
            "no network but loopback: verify --python inside a network namespace with only lo",
            &mut || netns::run(ctx),
        );
    }
    step(
        "every exercise: compiles, fails unsolved, passes solved, names known mistakes",
        &mut || teacher::self_test(ctx, &[]),
    );
    if with_python {
        step(
            "the benchmarks run (bench --quick: every workload in Rust and Python; checks that the results file parses, not who wins)",
            &mut || bench::run(ctx, true),
        );
    }
    step(
        "the book (includes, links, line widths, build)",
        &mut || book::build(ctx, false),
    );
    step(
        "the book in a browser (headless Chromium: every page at 2 widths, search, themes, print)",
        &mut || browser::run(ctx),
    );

    if failed.is_empty() {
        eprintln!("\n{}", ui.green("all checks passed"));
        Ok(true)
    } else {
        eprintln!("\n{} {}", ui.red("failed:"), failed.join("; "));
        Ok(false)
    }
}
