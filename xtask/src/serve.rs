//! A static file server on 127.0.0.1 for the built book: `cargo xtask book --serve`
//! (live preview) and the browser check in `cargo xtask test` use it.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{Context, Result};

/// The path the live-preview script polls for the number of the current build.
const VERSION_PATH: &str = "/__workbook/build";

/// Appended to every HTML page in live preview: reload when the build number changes.
const RELOAD_SCRIPT: &str = "<script>\n\
// cargo xtask book --serve: reload this page when the book has been rebuilt.\n\
(function () {\n\
  let seen = null;\n\
  setInterval(async function () {\n\
    try {\n\
      const now = await (await fetch('/__workbook/build', { cache: 'no-store' })).text();\n\
      if (seen !== null && now !== seen) location.reload();\n\
      seen = now;\n\
    } catch (e) {}\n\
  }, 1000);\n\
})();\n\
</script>\n";

/// A running server; it stops when the process ends.
pub struct Server {
    pub url: String,
    /// Bumped after each rebuild; pages served with live reload poll it.
    pub build: Arc<AtomicU64>,
}

/// Serves `root` on 127.0.0.1:`port` (0: any free port) from background threads.
///
/// HTTP/1.1 with one request per connection and a thread per connection, like Python's
/// `http.server`: all a static book needs. (tiny_http, tried first, now and then
/// left one of a browser's parallel requests unanswered until the page timed out.)
pub fn start(root: &Path, port: u16, live_reload: bool) -> Result<Server> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .with_context(|| format!("cannot listen on 127.0.0.1:{port}"))?;
    let addr = listener.local_addr()?;
    let build = Arc::new(AtomicU64::new(0));
    let root = root.to_path_buf();
    let counter = build.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (root, counter) = (root.clone(), counter.clone());
            std::thread::spawn(move || {
                let _ = answer(stream, &root, live_reload, &counter);
            });
        }
    });
    Ok(Server {
        url: format!("http://{addr}/"),
        build,
    })
}

/// Reads one request from `stream` and writes its response.
fn answer(
    mut stream: TcpStream,
    root: &Path,
    live_reload: bool,
    build: &AtomicU64,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(&stream);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    // The headers: nothing in them changes what a static book answers.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let url = request.split_whitespace().nth(1).unwrap_or("/");
    let (status, kind, body) = respond(root, url, live_reload, build);
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    stream.flush()
}

fn respond(
    root: &Path,
    url: &str,
    live_reload: bool,
    build: &AtomicU64,
) -> (&'static str, &'static str, Vec<u8>) {
    const NOT_FOUND: (&str, &str, &[u8]) =
        ("404 Not Found", "text/plain", b"404: not in the book");
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if live_reload && path == VERSION_PATH {
        let n = build.load(Ordering::SeqCst).to_string();
        return ("200 OK", "text/plain", n.into_bytes());
    }
    let Some(mut body) = resolve(root, path).and_then(|f| {
        let body = std::fs::read(&f).ok()?;
        Some((f, body))
    }) else {
        return (NOT_FOUND.0, NOT_FOUND.1, NOT_FOUND.2.to_vec());
    };
    let kind = content_type(&body.0);
    if live_reload && kind.starts_with("text/html") {
        body.1.extend_from_slice(RELOAD_SCRIPT.as_bytes());
    }
    ("200 OK", kind, body.1)
}

/// The file a URL path names inside `root`, never outside it.
fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(path.trim_start_matches('/'));
    let relative = Path::new(&decoded);
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut file = root.join(relative);
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_files_and_nothing_outside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("files")).unwrap();
        std::fs::write(dir.path().join("index.html"), "home").unwrap();
        std::fs::write(dir.path().join("files/a b.html"), "ab").unwrap();
        assert_eq!(
            resolve(dir.path(), "/"),
            Some(dir.path().join("index.html"))
        );
        assert_eq!(
            resolve(dir.path(), "/files/a%20b.html"),
            Some(dir.path().join("files/a b.html"))
        );
        assert_eq!(resolve(dir.path(), "/../etc/passwd"), None);
        assert_eq!(resolve(dir.path(), "/files/%2e%2e/%2e%2e/x"), None);
        assert_eq!(resolve(dir.path(), "/missing.html"), None);
    }

    fn get(url: &str, path: &str) -> String {
        use std::io::Read;
        let addr = url.trim_start_matches("http://").trim_end_matches('/');
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    }

    #[test]
    fn answers_over_http_and_reloads_only_when_live() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<p>home</p>").unwrap();
        let plain = start(dir.path(), 0, false).unwrap();
        let page = get(&plain.url, "/");
        assert!(page.starts_with("HTTP/1.1 200 OK\r\n"), "{page}");
        assert!(page.ends_with("<p>home</p>"), "{page}");
        assert!(get(&plain.url, "/nope.html").starts_with("HTTP/1.1 404"));
        assert!(get(&plain.url, VERSION_PATH).starts_with("HTTP/1.1 404"));

        let live = start(dir.path(), 0, true).unwrap();
        assert!(get(&live.url, "/index.html").contains("/__workbook/build"));
        live.build.fetch_add(1, Ordering::SeqCst);
        assert!(get(&live.url, VERSION_PATH).ends_with("\r\n\r\n1"));
    }
}
