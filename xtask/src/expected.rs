//! Expected transcripts: parsing, wildcard matching and diffs.
//!
//! Two wildcards, as in cargo's own UI tests and snapbox:
//! - `[..]` inside a line matches any text on that line;
//! - a line that is exactly `...` matches any number of lines, none included.

use std::path::Path;

use anyhow::Result;
use similar::{ChangeTag, TextDiff};

const ANY_TEXT: &str = "[..]";
const ANY_LINES: &str = "...";

/// A parsed expected file.
#[derive(Debug, Clone)]
pub struct Expected {
    lines: Vec<Pattern>,
}

#[derive(Debug, Clone)]
enum Pattern {
    /// A line, possibly with `[..]` wildcards.
    Line(String),
    /// `...`: any number of lines.
    AnyLines,
}

impl Expected {
    /// Reads an expected file; problems name the file and line.
    pub fn read(path: &Path) -> Result<Expected> {
        let bytes = std::fs::read(path).map_err(|e| {
            anyhow::anyhow!(
                "cannot read expected output {}: {e}\n(an author creates it with `cargo xtask bless NN`)",
                path.display()
            )
        })?;
        Self::parse(&bytes).map_err(|(line, msg)| {
            anyhow::anyhow!(
                "malformed expected output at {}:{line}: {msg}",
                path.display()
            )
        })
    }

    /// Parses an expected transcript; an error carries the 1-based line number.
    pub fn parse(bytes: &[u8]) -> Result<Expected, (usize, String)> {
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let line = bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1;
                return Err((line, "the file is not valid UTF-8".into()));
            }
        };
        if text.is_empty() {
            return Err((
                1,
                "the file is empty; a lesson must print a transcript".into(),
            ));
        }
        let mut lines = Vec::new();
        for (i, line) in split_lines(text).into_iter().enumerate() {
            let number = i + 1;
            if line.ends_with('\r') {
                return Err((
                    number,
                    "Windows line ending (\\r\\n); save the file with \\n endings"
                        .into(),
                ));
            }
            if line.contains("[...]") {
                return Err((
                    number,
                    "`[...]` is not a wildcard: write `[..]` for any text on a line"
                        .into(),
                ));
            }
            if line == ANY_LINES {
                if matches!(lines.last(), Some(Pattern::AnyLines)) {
                    return Err((
                        number,
                        "two `...` lines in a row; one already matches any number of lines".into(),
                    ));
                }
                lines.push(Pattern::AnyLines);
            } else {
                lines.push(Pattern::Line(line.to_owned()));
            }
        }
        Ok(Expected { lines })
    }

    /// Does `actual` match, wildcards included?
    pub fn matches(&self, actual: &str) -> bool {
        let actual = split_lines(actual);
        let mut failed = std::collections::HashSet::new();
        match_from(&self.lines, &actual, 0, 0, &mut failed)
    }

    /// What `bless` writes for `actual`: its lines, except that a line an old pattern
    /// with a `[..]` wildcard still matches keeps that pattern (the longest common
    /// subsequence of old patterns and new lines decides which pairs match), so that
    /// blessing one change does not bake this machine's text into every wildcard.
    pub fn bless_text(&self, actual: &str) -> String {
        let old: Vec<&str> = self
            .lines
            .iter()
            .filter_map(|p| match p {
                Pattern::Line(line) => Some(line.as_str()),
                Pattern::AnyLines => None,
            })
            .collect();
        let new = split_lines(actual);
        // lcs[i][j]: the longest match of old[i..] and new[j..].
        let mut lcs = vec![vec![0usize; new.len() + 1]; old.len() + 1];
        for i in (0..old.len()).rev() {
            for j in (0..new.len()).rev() {
                lcs[i][j] = if line_matches(old[i], new[j]) {
                    lcs[i + 1][j + 1] + 1
                } else {
                    lcs[i + 1][j].max(lcs[i][j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        let mut out = String::new();
        while j < new.len() {
            if i < old.len()
                && line_matches(old[i], new[j])
                && lcs[i][j] == lcs[i + 1][j + 1] + 1
            {
                out.push_str(old[i]);
                i += 1;
                j += 1;
            } else if i < old.len() && lcs[i + 1][j] >= lcs[i][j + 1] {
                i += 1;
                continue;
            } else {
                out.push_str(new[j]);
                j += 1;
            }
            out.push('\n');
        }
        out
    }

    /// The expected text with every wildcard that matched replaced by what it matched, so
    /// that a diff against `actual` shows only the real differences.
    pub fn normalize_for_diff(&self, actual: &str) -> String {
        let actual = split_lines(actual);
        let mut out: Vec<&str> = Vec::new();
        let mut a = 0;
        for (i, pattern) in self.lines.iter().enumerate() {
            match pattern {
                Pattern::AnyLines => {
                    // Take actual lines up to the first one the next pattern accepts.
                    // If none does, leave as many lines as patterns remain.
                    let remaining = self.lines[i + 1..]
                        .iter()
                        .filter(|p| matches!(p, Pattern::Line(_)))
                        .count();
                    let fallback = actual.len().saturating_sub(remaining).max(a);
                    let stop = match self.lines.get(i + 1) {
                        Some(Pattern::Line(next)) => (a..actual.len())
                            .find(|&k| line_matches(next, actual[k]))
                            .unwrap_or(fallback),
                        _ => actual.len(),
                    };
                    out.extend(&actual[a..stop]);
                    a = stop;
                }
                Pattern::Line(p) => {
                    if a < actual.len() && line_matches(p, actual[a]) {
                        out.push(actual[a]);
                        a += 1;
                    } else {
                        out.push(p);
                        // Count the actual line as this one's replacement, unless the
                        // next pattern matches it (then this line was left out).
                        let next_takes_it = match self.lines.get(i + 1) {
                            Some(Pattern::Line(next)) => {
                                a < actual.len() && line_matches(next, actual[a])
                            }
                            _ => false,
                        };
                        if a < actual.len() && !next_takes_it {
                            a += 1;
                        }
                    }
                }
            }
        }
        join_lines(&out)
    }
}

fn match_from(
    patterns: &[Pattern],
    actual: &[&str],
    p: usize,
    a: usize,
    failed: &mut std::collections::HashSet<(usize, usize)>,
) -> bool {
    if failed.contains(&(p, a)) {
        return false;
    }
    let ok = match patterns.get(p) {
        None => a == actual.len(),
        Some(Pattern::AnyLines) => (a..=actual.len())
            .any(|skip| match_from(patterns, actual, p + 1, skip, failed)),
        Some(Pattern::Line(line)) => {
            a < actual.len()
                && line_matches(line, actual[a])
                && match_from(patterns, actual, p + 1, a + 1, failed)
        }
    };
    if !ok {
        failed.insert((p, a));
    }
    ok
}

/// Matches one line against a pattern in which `[..]` stands for any text.
pub fn line_matches(pattern: &str, line: &str) -> bool {
    let mut parts = pattern.split(ANY_TEXT);
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = line.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty(); // no wildcard at all
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// Lines of a transcript; a final newline does not start an extra empty line.
pub fn split_lines(text: &str) -> Vec<&str> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    if text.is_empty() {
        Vec::new()
    } else {
        text.split('\n').collect()
    }
}

fn join_lines(lines: &[&str]) -> String {
    let mut s = lines.join("\n");
    if !lines.is_empty() {
        s.push('\n');
    }
    s
}

/// A unified diff from `expected` to `actual`, coloured when `color` is set.
pub fn render_diff(
    expected: &str,
    actual: &str,
    expected_name: &str,
    color: bool,
) -> String {
    let diff = TextDiff::from_lines(expected, actual);
    let (red, green, cyan, reset) = if color {
        ("\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[0m")
    } else {
        ("", "", "", "")
    };
    let mut out = format!(
        "{red}--- expected ({expected_name}){reset}\n{green}+++ actual output{reset}\n"
    );
    for group in diff.grouped_ops(3) {
        let (first, last) = (&group[0], &group[group.len() - 1]);
        let old = first.old_range().start + 1..last.old_range().end + 1;
        out.push_str(&format!("{cyan}@@ expected line {} @@{reset}\n", old.start));
        for op in &group {
            for change in diff.iter_changes(op) {
                let (sign, colour) = match change.tag() {
                    ChangeTag::Delete => ('-', red),
                    ChangeTag::Insert => ('+', green),
                    ChangeTag::Equal => (' ', ""),
                };
                let text =
                    change.value().strip_suffix('\n').unwrap_or(change.value());
                let end = if colour.is_empty() { "" } else { reset };
                out.push_str(&format!("{colour}{sign}{text}{end}\n"));
                if change.missing_newline() {
                    out.push_str("\\ no newline at end\n");
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn bless_keeps_wildcards_that_still_match() {
        let old = super::Expected::parse(b"start\nid [..]\nold line\nend at [..]\n")
            .unwrap();
        let new = "start\nid 42\nnew line\nextra\nend at 3.0s\n";
        assert_eq!(
            old.bless_text(new),
            "start\nid [..]\nnew line\nextra\nend at [..]\n"
        );
        let blessed = super::Expected::parse(old.bless_text(new).as_bytes()).unwrap();
        assert!(blessed.matches(new));
    }

    use super::*;

    fn exp(text: &str) -> Expected {
        Expected::parse(text.as_bytes()).unwrap()
    }

    #[test]
    fn plain_lines_must_match_exactly() {
        assert!(exp("a\nb\n").matches("a\nb\n"));
        assert!(!exp("a\nb\n").matches("a\nc\n"));
        assert!(!exp("a\n").matches("a\nb\n"));
        assert!(!exp("a\nb\n").matches("a\n"));
    }

    #[test]
    fn any_text_wildcard_matches_within_a_line() {
        assert!(exp("took [..] ms\n").matches("took 12 ms\n"));
        assert!(exp("took [..] ms\n").matches("took  ms\n"));
        assert!(exp("[..]x[..]y\n").matches("..x..x..y\n"));
        assert!(!exp("took [..] ms\n").matches("took 12 s\n"));
        assert!(!exp("a[..]\n").matches("b\n"));
    }

    #[test]
    fn any_lines_wildcard_matches_zero_or_more_lines() {
        let e = exp("start\n...\nend\n");
        assert!(e.matches("start\nend\n"));
        assert!(e.matches("start\n1\n2\nend\n"));
        assert!(!e.matches("start\n1\n"));
        assert!(exp("...\nend\n").matches("x\nend\n"));
        assert!(exp("a\n...\n").matches("a\nb\nc\n"));
    }

    #[test]
    fn malformed_files_name_the_line() {
        let err = |t: &[u8]| Expected::parse(t).unwrap_err();
        assert_eq!(err(b"a\n...\n...\n").0, 3);
        assert_eq!(err(b"a\nb\r\n").0, 2);
        assert_eq!(err(b"a\nb [...] c\n").0, 2);
        assert_eq!(err(b"ok\nok\n\xff\n").0, 3);
        assert_eq!(err(b"").0, 1);
    }

    #[test]
    fn a_changed_line_before_any_lines_diffs_as_a_change() {
        let e = exp("warning: `y`\n...\n");
        let actual = "warning: `x`\n --> here\n";
        let diff = render_diff(&e.normalize_for_diff(actual), actual, "e", false);
        assert!(
            diff.contains("-warning: `y`\n+warning: `x`\n  --> here"),
            "{diff}"
        );
    }

    #[test]
    fn a_missing_line_diffs_as_a_deletion() {
        let e = exp("a [..]\nb\nc [..]\n");
        let actual = "a 1\nc 3\n";
        let diff = render_diff(&e.normalize_for_diff(actual), actual, "e", false);
        assert!(diff.contains(" a 1\n-b\n c 3"), "{diff}");
    }

    #[test]
    fn normalized_diff_shows_only_real_differences() {
        let e = exp("took [..] ms\n...\nlast\n");
        let actual = "took 5 ms\nx\ny\nLAST\n";
        let normalized = e.normalize_for_diff(actual);
        assert_eq!(normalized, "took 5 ms\nx\ny\nlast\n");
        let diff = render_diff(&normalized, actual, "e.txt", false);
        assert!(diff.contains("-last\n+LAST\n"), "{diff}");
        assert!(!diff.contains("-took"), "{diff}");
    }
}
