//! Opens the built book in headless Chromium, through chromedriver (WebDriver), and
//! checks what a reader sees: at a desktop and a phone width, on every page, no
//! console error, no failed or outside request, no sideways scrolling, no play button
//! or hidden line, each lesson page's parts and transcript; then search, the themes'
//! contrast, the print page, and every link and fragment.
//!
//! `cargo xtask test` serves the book on 127.0.0.1 and runs this binary against it
//! (see `xtask/src/browser.rs`); it prints one line per problem and exits with 1 if
//! there was any.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::Parser;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

#[derive(Parser)]
#[command(
    about = "Checks the built book in headless Chromium (run by `cargo xtask test`)"
)]
struct Args {
    /// Where the book is served, e.g. http://127.0.0.1:4000/
    #[arg(long)]
    url: String,
    /// The built book (book/book), whose HTML files are the pages to visit
    #[arg(long)]
    book: PathBuf,
    /// The lessons' folder, for each lesson's expected.txt
    #[arg(long)]
    lessons: PathBuf,
    /// Visit only these pages (paths inside the book) and skip search, themes and print
    #[arg(long = "page")]
    pages: Vec<String>,
    #[arg(long, default_value = "/usr/bin/chromium")]
    chromium: PathBuf,
    #[arg(long, default_value = "/usr/bin/chromedriver")]
    chromedriver: PathBuf,
}

/// The two screens a reader uses.
const WIDTHS: [(&str, u32, u32, bool); 2] =
    [("desktop", 1280, 900, false), ("phone", 390, 844, true)];

/// Queries typed into the search box, and the page that must be among the first three
/// results (any of several where the term is the subject of several pages).
const SEARCHES: [(&str, &[&str]); 6] = [
    ("gather", &["09_gather.html"]),
    ("cancel", &["11_cancellation.html"]),
    ("JoinSet", &["07_task_registry.html", "09_gather.html"]),
    ("call_soon", &["04_scheduling.html"]),
    ("add_done_callback", &["08_callbacks.html"]),
    ("Ctrl+C", &["12_ctrl_c.html"]),
];

/// WCAG AA for normal text.
const MIN_CONTRAST: f64 = 4.5;

#[tokio::main]
async fn main() {
    let args = Args::parse();
    match run(&args).await {
        Ok(problems) if problems.is_empty() => {}
        Ok(problems) => {
            for p in &problems {
                println!("PROBLEM {p}");
            }
            eprintln!("{} problem(s) seen in the browser", problems.len());
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::exit(2);
        }
    }
}

async fn run(args: &Args) -> Result<Vec<String>> {
    let start = Instant::now();
    let (mut driver, port) = start_driver(&args.chromedriver).await?;
    let profile =
        std::env::temp_dir().join(format!("book-browser-{}", std::process::id()));
    let client = connect(port, &args.chromium, &profile).await;
    let result = match client {
        Ok(client) => {
            let result = check_book(&client, args).await;
            let _ = client.close().await;
            result
        }
        Err(e) => Err(e),
    };
    let _ = driver.kill().await;
    let _ = std::fs::remove_dir_all(&profile);
    let problems = result?;
    eprintln!(
        "browser: checked in {:.0}s, {} problem(s)",
        start.elapsed().as_secs_f64(),
        problems.len()
    );
    Ok(problems)
}

async fn start_driver(path: &Path) -> Result<(tokio::process::Child, u16)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mut cmd = tokio::process::Command::new(path);
    cmd.arg(format!("--port={port}"));
    // For debugging the check itself: chromedriver's own log, verbose.
    if let Some(log) = std::env::var_os("BOOK_BROWSER_DRIVER_LOG") {
        cmd.arg("--verbose")
            .arg(format!("--log-path={}", log.to_string_lossy()));
    }
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("cannot start {}", path.display()))?;
    let deadline = Instant::now() + Duration::from_secs(20);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        if Instant::now() > deadline {
            bail!(
                "{} did not listen on port {port} within 20s",
                path.display()
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok((child, port))
}

async fn connect(port: u16, chromium: &Path, profile: &Path) -> Result<Client> {
    // The flags the machine's notes give for a root container with no network: no
    // sandbox, and none of Chromium's own background connections.
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                format!("--user-data-dir={}", profile.display()),
            ],
        },
        "goog:loggingPrefs": { "browser": "ALL" },
    });
    let Value::Object(caps) = caps else {
        unreachable!()
    };
    ClientBuilder::rustls()?
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .context("cannot open a WebDriver session with chromedriver")
}

/// A chromedriver extension: a Chrome DevTools command, or the browser's console log.
#[derive(Debug)]
enum Extension {
    Cdp(&'static str, Value),
    BrowserLog,
}

impl WebDriverCompatibleCommand for Extension {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session.unwrap_or_default();
        match self {
            Extension::Cdp(..) => {
                base.join(&format!("session/{session}/goog/cdp/execute"))
            }
            Extension::BrowserLog => base.join(&format!("session/{session}/se/log")),
        }
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        let body = match self {
            Extension::Cdp(cmd, params) => json!({ "cmd": cmd, "params": params }),
            Extension::BrowserLog => json!({ "type": "browser" }),
        };
        (http::Method::POST, Some(body.to_string()))
    }
}

async fn cdp(client: &Client, cmd: &'static str, params: Value) -> Result<Value> {
    client
        .issue_cmd(Extension::Cdp(cmd, params))
        .await
        .with_context(|| format!("DevTools command {cmd} failed"))
}

/// The console errors since the last call (reading the log empties it).
async fn console_errors(client: &Client) -> Result<Vec<String>> {
    let log = client.issue_cmd(Extension::BrowserLog).await?;
    Ok(log
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["level"] == "SEVERE")
        .map(|e| e["message"].as_str().unwrap_or_default().to_string())
        .collect())
}

async fn set_width(
    client: &Client,
    (_, width, height, mobile): (&str, u32, u32, bool),
) -> Result<()> {
    cdp(
        client,
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile }),
    )
    .await?;
    Ok(())
}

/// What one visit of a page measured (see `PAGE_SCRIPT`).
struct Visit {
    ids: BTreeSet<String>,
    links: Vec<String>,
}

async fn check_book(client: &Client, args: &Args) -> Result<Vec<String>> {
    let base = url::Url::parse(&args.url)?;
    let mut pages = if args.pages.is_empty() {
        html_pages(&args.book)?
    } else {
        args.pages.clone()
    };
    pages.sort();
    let mut problems = Vec::new();
    // A page that hangs fails in 30 s, with its name, instead of chromedriver's 300 s.
    let limit = Some(Duration::from_secs(30));
    client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            limit, limit, None,
        ))
        .await?;
    // Stub window.print on every page before its scripts run: print.html calls it on
    // load, and a headless browser would then wait in "printing" for ever.
    cdp(
        client,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "window.print = () => { window.__printed = (window.__printed || 0) + 1; };" }),
    )
    .await?;
    client.goto(base.as_str()).await?;
    console_errors(client).await?;

    let mut visits: BTreeMap<String, Visit> = BTreeMap::new();
    for width in WIDTHS {
        set_width(client, width).await?;
        for page in &pages {
            let visit =
                check_page(client, args, &base, page, width.0, &mut problems).await?;
            visits.entry(page.clone()).or_insert(visit);
        }
    }
    set_width(client, WIDTHS[0]).await?;
    if args.pages.is_empty() {
        check_search(client, &base, &mut problems).await?;
        check_themes(client, &base, &mut problems).await?;
        let print = check_print(client, &base, &pages, &mut problems).await?;
        visits.insert("print.html".into(), print);
    }
    check_links(&base, &args.book, &visits, &mut problems);
    eprintln!(
        "browser: {} page(s) at {} widths{}",
        pages.len(),
        WIDTHS.len(),
        if args.pages.is_empty() {
            ", search, 5 themes, print.html, links"
        } else {
            ", links"
        }
    );
    Ok(problems)
}

/// Every page of the built book a reader can reach from the sidebar, plus index.html.
fn html_pages(book: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![book.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(book)?
                .to_string_lossy()
                .replace('\\', "/");
            // print.html is checked on its own; toc.html is the no-JavaScript fallback
            // of the sidebar, and 404.html the server's error page.
            let skip = ["print.html", "toc.html", "404.html"];
            if rel.ends_with(".html") && !skip.contains(&rel.as_str()) {
                out.push(rel);
            }
        }
    }
    if out.is_empty() {
        bail!("no pages in {}: build the book first", book.display());
    }
    Ok(out)
}

/// Measures one page in the browser; returns a JSON object.
const PAGE_SCRIPT: &str = r#"
const main = document.querySelector('main');
const code = [...document.querySelectorAll('main pre > code')];
const longest = (text) => text.split('\n').reduce((a, b) => (b.length > a.length ? b : a), '');
const after = (id) => {
  const h = document.getElementById(id);
  if (!h) return null;
  const parts = [];
  for (let el = h.nextElementSibling; el && el.tagName !== 'H2'; el = el.nextElementSibling) parts.push(el);
  return parts;
};
const prints = after('what-it-prints');
const firstPre = prints && prints.find((el) => el.tagName === 'PRE');
const exercise = after('exercise');
const nav = performance.getEntriesByType('navigation')[0];
return {
  status: nav ? nav.responseStatus : 0,
  resources: performance.getEntriesByType('resource').map((e) => [e.name, e.responseStatus]),
  pageWidth: [document.documentElement.scrollWidth, window.innerWidth],
  wideBlocks: code.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => longest(c.innerText)),
  playButtons: document.querySelectorAll('.play-button, pre.playground').length,
  runnableRust: [...document.querySelectorAll('code.language-rust')]
    .filter((c) => !c.classList.contains('noplayground') && !c.classList.contains('ignore')).length,
  hiddenLines: document.querySelectorAll('.boring').length,
  markers: code.map((c) => c.textContent)
    .filter((t) => /\{\{#/.test(t) || /^\s*(\/\/|#) ANCHOR(_END)?:/m.test(t))
    .map((t) => longest(t.split('\n').filter((l) => /\{\{#|ANCHOR/.test(l)).join('\n'))),
  h1: document.querySelectorAll('main h1').length,
  h2: [...document.querySelectorAll('main h2[id]')].map((h) => h.id),
  prints: firstPre ? firstPre.innerText : null,
  exercise: exercise ? exercise.map((el) => el.innerText).join('\n') : null,
  consoleCopies: [...document.querySelectorAll('pre')]
    .filter((p) => p.querySelector('code.language-console'))
    .map((p) => playground_text(p, false)),
  svgs: [...document.querySelectorAll('main svg')].map((s) => {
    const r = s.getBoundingClientRect();
    const st = getComputedStyle(s);
    return [r.width, r.height, st.visibility, st.display, s.id || ''];
  }),
  ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
  links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
};
"#;

async fn check_page(
    client: &Client,
    args: &Args,
    base: &url::Url,
    page: &str,
    width: &str,
    problems: &mut Vec<String>,
) -> Result<Visit> {
    let url = base.join(page)?;
    if std::env::var_os("BOOK_BROWSER_VERBOSE").is_some() {
        eprintln!("  {width}: {page}");
    }
    client
        .goto(url.as_str())
        .await
        .with_context(|| format!("{page} [{width}] did not load"))?;
    let m = client.execute(PAGE_SCRIPT, vec![]).await?;
    let mut say = |what: String| problems.push(format!("{page} [{width}]: {what}"));
    for error in console_errors(client).await? {
        say(format!("console error: {error}"));
    }
    if m["status"].as_u64().is_some_and(|s| s >= 400) {
        say(format!("the page itself answered {}", m["status"]));
    }
    for r in m["resources"].as_array().into_iter().flatten() {
        let (name, status) = (
            r[0].as_str().unwrap_or_default(),
            r[1].as_u64().unwrap_or(0),
        );
        let outside = url::Url::parse(name)
            .map(|u| u.origin() != base.origin() && u.scheme() != "data")
            .unwrap_or(false);
        if outside {
            say(format!("a request left the book's server: {name}"));
        } else if status >= 400 {
            say(format!("request failed with {status}: {name}"));
        }
    }
    let (scroll, inner) = (m["pageWidth"][0].as_u64(), m["pageWidth"][1].as_u64());
    if scroll > inner {
        say(format!(
            "the page scrolls sideways ({} px of content in a {} px window)",
            scroll.unwrap_or(0),
            inner.unwrap_or(0)
        ));
    }
    // On a phone every code block scrolls inside its own box; on a desktop none may.
    if width == "desktop" {
        for line in m["wideBlocks"].as_array().into_iter().flatten() {
            say(format!(
                "a code block is wider than its box; its longest line: {}",
                line.as_str().unwrap_or_default()
            ));
        }
    }
    if m["playButtons"].as_u64() != Some(0) || m["runnableRust"].as_u64() != Some(0) {
        say(format!(
            "Rust blocks with a play button: {} button(s), {} block(s) without `noplayground`",
            m["playButtons"], m["runnableRust"]
        ));
    }
    if m["hiddenLines"].as_u64() != Some(0) {
        say(format!(
            "{} hidden line(s) (`# ` lines) in code",
            m["hiddenLines"]
        ));
    }
    // A files page shows whole files, anchor comments included, on purpose.
    let files_page = page.starts_with("files/");
    for marker in m["markers"].as_array().into_iter().flatten() {
        let marker = marker.as_str().unwrap_or_default();
        if !files_page || marker.contains("{{#") {
            say(format!("an include or anchor marker is shown: {marker}"));
        }
    }
    for svg in m["svgs"].as_array().into_iter().flatten() {
        let (w, h) = (
            svg[0].as_f64().unwrap_or(0.0),
            svg[1].as_f64().unwrap_or(0.0),
        );
        if w < 1.0 || h < 1.0 || svg[2] != "visible" || svg[3] == "none" {
            say(format!(
                "a picture ({}) is not visible: {w}x{h}, {}",
                svg[4], svg[2]
            ));
        }
    }
    for copied in m["consoleCopies"].as_array().into_iter().flatten() {
        let copied = copied.as_str().unwrap_or_default();
        if copied.lines().any(|l| l.starts_with("$ ")) {
            say(format!("the copy button copies a `$ ` prompt: {copied}"));
        }
    }
    if m["h1"].as_u64() != Some(1) {
        say(format!("{} titles (h1) instead of 1", m["h1"]));
    }
    if let Some(lesson) = lesson_of(page) {
        check_lesson_page(&m, &args.lessons.join(lesson), &mut say);
    }
    Ok(Visit {
        ids: strings(&m["ids"]).into_iter().collect(),
        links: strings(&m["links"]),
    })
}

/// `NN_topic` for a lesson page `NN_topic.html`.
fn lesson_of(page: &str) -> Option<&str> {
    let stem = page.strip_suffix(".html")?;
    let b = stem.as_bytes();
    (b.len() > 3 && b[0].is_ascii_digit() && b[1].is_ascii_digit() && b[2] == b'_')
        .then_some(stem)
}

fn check_lesson_page(m: &Value, lesson: &Path, say: &mut impl FnMut(String)) {
    let h2 = strings(&m["h2"]);
    for part in [
        "the-python-you-know",
        "the-rust",
        "what-it-prints",
        "the-run-drawn",
        "exercise",
    ] {
        if !h2.iter().any(|id| id == part) {
            say(format!("the lesson page has no section #{part}"));
        }
    }
    match std::fs::read_to_string(lesson.join("expected.txt")) {
        Ok(expected) => {
            let shown = m["prints"].as_str().unwrap_or_default();
            if shown.trim_end() != expected.trim_end() {
                let first = shown
                    .lines()
                    .zip(expected.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(shown.lines().count().min(expected.lines().count()));
                say(format!(
                    "\"What it prints\" differs from {}/expected.txt at line {}",
                    lesson.display(),
                    first + 1
                ));
            }
        }
        Err(e) => say(format!(
            "cannot read {}/expected.txt: {e}",
            lesson.display()
        )),
    }
    let exercise = m["exercise"].as_str().unwrap_or_default();
    let number = lesson
        .file_name()
        .map(|n| n.to_string_lossy()[..2].to_string())
        .unwrap_or_default();
    for part in [
        "Your task",
        "// EXERCISE",
        "// END EXERCISE",
        &format!("cargo xtask check {number}"),
    ] {
        if !exercise.contains(part) {
            say(format!("the exercise section lacks `{part}`"));
        }
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(String::from))
        .collect()
}

/// Types each query into the search box of a page in a sub-folder (so that relative
/// result links are tested too), and follows the first results.
async fn check_search(
    client: &Client,
    base: &url::Url,
    problems: &mut Vec<String>,
) -> Result<()> {
    let from = base.join("appendix/python-to-rust.html")?;
    let mut queries: Vec<(&str, &[&str])> = SEARCHES.to_vec();
    queries.push(("xyzzy", &[]));
    for (query, expected) in queries {
        client.goto(from.as_str()).await?;
        client
            .find(Locator::Id("mdbook-search-toggle"))
            .await?
            .click()
            .await?;
        let bar = client.find(Locator::Id("mdbook-searchbar")).await?;
        bar.send_keys(query).await?;
        // The search runs after a short debounce; wait for its header.
        let deadline = Instant::now() + Duration::from_secs(10);
        let (header, links) = loop {
            let v = client
                .execute(
                    "return [document.getElementById('mdbook-searchresults-header').innerText,
                             [...document.querySelectorAll('#mdbook-searchresults a')].map(a => a.href)];",
                    vec![],
                )
                .await?;
            let header = v[0].as_str().unwrap_or_default().to_string();
            if !header.is_empty() || Instant::now() > deadline {
                break (header, strings(&v[1]));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        let mut say =
            |what: String| problems.push(format!("search `{query}`: {what}"));
        if expected.is_empty() {
            if !header.contains("No search results") {
                say(format!("expected no results, got \"{header}\""));
            }
            continue;
        }
        let top: Vec<&String> = links.iter().take(3).collect();
        if !top
            .iter()
            .any(|l| expected.iter().any(|p| l.contains(&format!("/{p}"))))
        {
            say(format!(
                "none of {expected:?} among the first results {top:?} (\"{header}\")"
            ));
        }
        for link in top {
            client.goto(link).await?;
            let v = client
                .execute(
                    "const id = decodeURIComponent(location.hash.slice(1));
                     return [id === '' || document.getElementById(id) !== null,
                             document.querySelectorAll('main mark').length];",
                    vec![],
                )
                .await?;
            if v[0] != true {
                say(format!("the result {link} points at a missing fragment"));
            }
            if v[1].as_u64() == Some(0) {
                say(format!(
                    "the result {link} opens a page with nothing highlighted"
                ));
            }
        }
    }
    Ok(())
}

/// WCAG contrast of the code comments on a lesson page, in each theme, and the theme a
/// reader in dark mode gets first.
const CONTRAST_SCRIPT: &str = r#"
const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
const lum = ([r, g, b]) => {
  const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
};
const background = (el) => {
  for (; el; el = el.parentElement) {
    const c = rgb(getComputedStyle(el).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
  }
  return [255, 255, 255];
};
let worst = [99, ''];
for (const el of document.querySelectorAll('main pre code .hljs-comment')) {
  const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (ratio < worst[0]) worst = [ratio, getComputedStyle(el).color + ' on ' + background(el)];
}
return [document.documentElement.className, worst[0], worst[1],
        document.querySelectorAll('main pre code .hljs-comment').length];
"#;

async fn check_themes(
    client: &Client,
    base: &url::Url,
    problems: &mut Vec<String>,
) -> Result<()> {
    let page = base.join("09_gather.html")?;
    // A reader whose system is in dark mode, first visit: the book's preferred dark theme.
    cdp(
        client,
        "Emulation.setEmulatedMedia",
        json!({ "features": [{ "name": "prefers-color-scheme", "value": "dark" }] }),
    )
    .await?;
    client.goto(page.as_str()).await?;
    client.execute("localStorage.clear();", vec![]).await?;
    client.refresh().await?;
    let v = client.execute(CONTRAST_SCRIPT, vec![]).await?;
    let class = v[0].as_str().unwrap_or_default();
    if ["light", "rust"]
        .iter()
        .any(|t| class.split(' ').any(|c| c == *t))
    {
        problems.push(format!(
            "dark mode: the book opens in a light theme ({class})"
        ));
    }
    contrast(&v, "dark mode, first visit", problems);
    cdp(
        client,
        "Emulation.setEmulatedMedia",
        json!({ "features": [] }),
    )
    .await?;
    for theme in ["light", "rust", "coal", "navy", "ayu"] {
        client.goto(page.as_str()).await?;
        client
            .find(Locator::Id("mdbook-theme-toggle"))
            .await?
            .click()
            .await?;
        client
            .find(Locator::Id(&format!("mdbook-theme-{theme}")))
            .await?
            .click()
            .await?;
        let v = client.execute(CONTRAST_SCRIPT, vec![]).await?;
        if !v[0]
            .as_str()
            .unwrap_or_default()
            .split(' ')
            .any(|c| c == theme)
        {
            problems.push(format!(
                "theme {theme}: choosing it did not apply it ({})",
                v[0]
            ));
        }
        contrast(&v, &format!("theme {theme}"), problems);
    }
    client.execute("localStorage.clear();", vec![]).await?;
    Ok(())
}

fn contrast(v: &Value, what: &str, problems: &mut Vec<String>) {
    let ratio = v[1].as_f64().unwrap_or(0.0);
    if v[3].as_u64() == Some(0) {
        problems.push(format!("{what}: no code comments found to measure"));
    } else if ratio < MIN_CONTRAST {
        problems.push(format!(
            "{what}: code comments have a contrast of {ratio:.2}:1 ({}), under {MIN_CONTRAST}:1",
            v[2].as_str().unwrap_or_default()
        ));
    }
}

/// print.html holds every chapter, asks to print, and wraps code for paper.
async fn check_print(
    client: &Client,
    base: &url::Url,
    pages: &[String],
    problems: &mut Vec<String>,
) -> Result<Visit> {
    client.goto(base.join("print.html")?.as_str()).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let v = client
        .execute(
            "return [window.__printed || 0, document.querySelectorAll('main h1').length,
                     [...document.querySelectorAll('main svg')].filter(s => {
                        const r = s.getBoundingClientRect(); return r.width < 1 || r.height < 1; }).length,
                     [...document.querySelectorAll('[id]')].map(e => e.id),
                     [...document.querySelectorAll('a[href]')].map(a => a.href)];",
            vec![],
        )
        .await?;
    let mut say = |what: String| problems.push(format!("print.html: {what}"));
    if v[0].as_u64() == Some(0) {
        say("it never asked the browser to print".into());
    }
    // Every page but index.html (a copy of the first chapter) is one chapter.
    let chapters = pages.iter().filter(|p| *p != "index.html").count() as u64;
    if v[1].as_u64() != Some(chapters) {
        say(format!("{} chapter titles for {chapters} chapters", v[1]));
    }
    if v[2].as_u64() != Some(0) {
        say(format!("{} picture(s) with no size", v[2]));
    }
    for error in console_errors(client).await? {
        say(format!("console error: {error}"));
    }
    cdp(
        client,
        "Emulation.setEmulatedMedia",
        json!({ "media": "print" }),
    )
    .await?;
    let wrap = client
        .execute(
            "return [...document.querySelectorAll('main pre > code')]
               .filter(c => getComputedStyle(c).whiteSpace !== 'pre-wrap').length;",
            vec![],
        )
        .await?;
    if wrap.as_u64() != Some(0) {
        say(format!(
            "{wrap} code block(s) would be cut off on paper (no pre-wrap)"
        ));
    }
    cdp(client, "Emulation.setEmulatedMedia", json!({ "media": "" })).await?;
    Ok(Visit {
        ids: strings(&v[3]).into_iter().collect(),
        links: strings(&v[4]),
    })
}

/// Every link to a page of the book points at a file that exists, and every fragment
/// at an id on the page it names (for the pages visited).
fn check_links(
    base: &url::Url,
    book: &Path,
    visits: &BTreeMap<String, Visit>,
    problems: &mut Vec<String>,
) {
    for (page, visit) in visits {
        for link in &visit.links {
            let Ok(url) = url::Url::parse(link) else {
                problems.push(format!("{page}: a link that is not a URL: {link}"));
                continue;
            };
            if url.origin() != base.origin() {
                continue;
            }
            let Some(path) = url.path().strip_prefix(base.path()) else {
                problems.push(format!("{page}: the link {link} leaves the book"));
                continue;
            };
            let path = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.to_string()
            };
            if !book.join(&path).is_file() {
                problems.push(format!("{page}: the link {link} points at nothing"));
                continue;
            }
            if let (Some(fragment), Some(target)) =
                (url.fragment(), visits.get(&path))
                && !fragment.is_empty()
            {
                let id = percent_decode(fragment);
                if !target.ids.contains(&id) {
                    problems.push(format!(
                        "{page}: the link {link} points at a missing #{id}"
                    ));
                }
            }
        }
    }
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| s.to_string())
}
