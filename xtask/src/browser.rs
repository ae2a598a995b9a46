//! The book in a real browser, a step of `cargo xtask test`: serves the built book on
//! 127.0.0.1 and runs `xtask/browser/` (headless Chromium driven through
//! chromedriver) against it. First it proves the check can fail: it plants four
//! faults in a scratch copy of the book and requires each to be reported, and an
//! untouched page to pass.
//!
//! The check is a crate of its own that only this step builds, so that a learner's
//! `cargo xtask start` never compiles a WebDriver client.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::ctx::Ctx;

/// Where Debian's packages put the browser and its driver; `WORKBOOK_CHROMIUM` and
/// `WORKBOOK_CHROMEDRIVER` override them.
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// How to install them, for the message when they are missing.
pub const INSTALL: &str = "sudo apt-get install -y --no-install-recommends chromium chromium-driver fonts-liberation";

pub fn run(ctx: &Ctx) -> Result<bool> {
    let chromium = tool("WORKBOOK_CHROMIUM", CHROMIUM);
    let driver = tool("WORKBOOK_CHROMEDRIVER", CHROMEDRIVER);
    if !chromium.is_file() || !driver.is_file() {
        let missing = format!(
            "Chromium or chromedriver not found ({} / {}); install them with\n  {INSTALL}",
            chromium.display(),
            driver.display()
        );
        if crate::ctx::under_ci() {
            eprintln!(
                "{} {missing}\n(under CI the browser check may not be skipped)",
                ctx.ui.red("error:")
            );
            return Ok(false);
        }
        eprintln!("{} SKIPPED: {missing}", ctx.ui.bold("note:"));
        return Ok(true);
    }
    let book = ctx.root.join("book/book");
    if !book.join("index.html").is_file() {
        bail!("the book is not built: run `cargo xtask book` first");
    }
    let check = build_check(ctx)?;
    let runner = Runner {
        check,
        chromium,
        driver,
        lessons: ctx.root.join("lessons"),
    };
    if !self_test(&runner, &book)? {
        return Ok(false);
    }
    eprintln!("checking every page…");
    let server = crate::serve::start(&book, 0, false)?;
    let (ok, output) = runner.check(&server.url, &book, &[])?;
    print!("{output}");
    Ok(ok)
}

fn tool(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from)
}

/// Builds the check and returns its binary.
fn build_check(ctx: &Ctx) -> Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = ctx.root.join("xtask/Cargo.toml");
    let status = Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "-p",
            "book-browser-check",
            "--manifest-path",
        ])
        .arg(&manifest)
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("the browser check (xtask/browser) did not build");
    }
    Ok(ctx.root.join("xtask/target/debug/book-browser-check"))
}

struct Runner {
    check: PathBuf,
    chromium: PathBuf,
    driver: PathBuf,
    lessons: PathBuf,
}

impl Runner {
    /// Runs the check; returns whether it passed and what it printed.
    fn check(
        &self,
        url: &str,
        book: &Path,
        pages: &[&str],
    ) -> Result<(bool, String)> {
        let mut cmd = Command::new(&self.check);
        cmd.arg("--url")
            .arg(url)
            .arg("--book")
            .arg(book)
            .arg("--lessons")
            .arg(&self.lessons)
            .arg("--chromium")
            .arg(&self.chromium)
            .arg("--chromedriver")
            .arg(&self.driver);
        for page in pages {
            cmd.arg("--page").arg(page);
        }
        let out = cmd.output().context("cannot run the browser check")?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        // Debian's chromium wrapper prints a harmless shell warning; keep the rest.
        eprint!("{stderr}");
        if out.status.code() == Some(2) {
            bail!("the browser check could not run (see above)");
        }
        Ok((
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        ))
    }
}

/// A fault planted in a scratch copy of the book, and what the check must say.
struct Fault {
    page: &'static str,
    what: &'static str,
    plant: fn(&str) -> Option<String>,
    reported: &'static str,
}

const FAULTS: [Fault; 4] = [
    Fault {
        page: "09_gather.html",
        what: "a Rust block with a play button",
        plant: |html| {
            let from = "<pre><code class=\"language-rust noplayground\">";
            html.contains(from).then(|| {
                html.replacen(
                    from,
                    "<pre class=\"playground\"><code class=\"language-rust\">",
                    1,
                )
            })
        },
        reported: "play button",
    },
    Fault {
        page: "01_sync_vs_async.html",
        what: "a link to a fragment that does not exist",
        plant: |html| {
            let at = html.find("<main>")? + "<main>".len();
            let link = "<a href=\"04_scheduling.html#no-such-section\">planted</a>";
            Some(format!("{}{link}{}", &html[..at], &html[at..]))
        },
        reported: "missing #no-such-section",
    },
    Fault {
        page: "02_never_block.html",
        what: "a code line too long to fit",
        plant: |html| {
            let from = "<pre><code class=\"language-rust noplayground\">";
            let at = html.find(from)? + from.len();
            let long = format!("// {}\n", "planted ".repeat(14));
            Some(format!("{}{long}{}", &html[..at], &html[at..]))
        },
        reported: "wider than its box",
    },
    Fault {
        page: "05_tasks.html",
        what: "a transcript that differs from expected.txt",
        plant: |html| {
            let section = html.find("id=\"what-it-prints\"")?;
            let code = section + html[section..].find("<code")?;
            let at = code + html[code..].find('>')? + 1;
            Some(format!("{}planted {}", &html[..at], &html[at..]))
        },
        reported: "\"What it prints\" differs",
    },
];

/// An untouched page checked with the planted ones: it must pass.
const CONTROL_PAGE: &str = "04_scheduling.html";

/// Plants each fault in a scratch copy and requires the check to report each, on its
/// own page, and nothing on the control page.
fn self_test(runner: &Runner, book: &Path) -> Result<bool> {
    eprintln!(
        "self-test: planting {} faults in a scratch copy of the book…",
        FAULTS.len()
    );
    let scratch = tempfile::tempdir()?;
    copy_dir(book, scratch.path())?;
    for fault in &FAULTS {
        let file = scratch.path().join(fault.page);
        let html = std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let planted = (fault.plant)(&html).with_context(|| {
            format!("cannot plant {} in {}", fault.what, fault.page)
        })?;
        std::fs::write(&file, planted)?;
    }
    let server = crate::serve::start(scratch.path(), 0, false)?;
    let mut pages: Vec<&str> = FAULTS.iter().map(|f| f.page).collect();
    pages.push(CONTROL_PAGE);
    let (passed, output) = runner.check(&server.url, scratch.path(), &pages)?;
    let mut ok = !passed;
    for fault in &FAULTS {
        let caught = output
            .lines()
            .any(|l| l.contains(fault.page) && l.contains(fault.reported));
        eprintln!(
            "  {} {} ({})",
            if caught { "caught" } else { "MISSED" },
            fault.what,
            fault.page
        );
        ok &= caught;
    }
    let control: Vec<&str> = output
        .lines()
        .filter(|l| l.starts_with(&format!("PROBLEM {CONTROL_PAGE}")))
        .collect();
    if !control.is_empty() {
        eprintln!(
            "  the untouched {CONTROL_PAGE} was reported too:\n{}",
            control.join("\n")
        );
        ok = false;
    }
    if !ok {
        eprintln!(
            "self-test FAILED: the browser check did not see what was planted; its output:\n{output}"
        );
    }
    Ok(ok)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
