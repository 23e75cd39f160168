//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `redline` command run from the repository root.
pub fn redline() -> Command {
    let mut c = Command::cargo_bin("redline").unwrap();
    c.current_dir(root());
    c.env_remove("NO_COLOR");
    c
}

/// Runs `redline` with arguments and parses standard output as JSON; panics unless the
/// exit code is `code`.
pub fn json(args: &[&str], code: i32) -> serde_json::Value {
    let out = redline().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(code), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// Reads a file relative to the repository root.
pub fn read(rel: impl AsRef<Path>) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap()
}

/// Splits a TSV line with CSV-style quoting (quoted fields, doubled quotes).
pub fn tsv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut cur = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_start => quoted = true,
            '"' if quoted => {
                if chars.peek() == Some(&'"') {
                    cur.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            }
            '\t' if !quoted => {
                fields.push(std::mem::take(&mut cur));
                at_start = true;
                continue;
            }
            _ => cur.push(c),
        }
        at_start = false;
    }
    fields.push(cur);
    fields
}

/// Runs `redline` with arguments; panics unless it exits 0; returns standard output.
pub fn stdout(args: &[&str]) -> Vec<u8> {
    let out = redline().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "redline {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// The name of every element tag in an HTML text (`<p>`, `</p>`, `<!DOCTYPE` excluded),
/// lowercased: what a browser would build elements from.
pub fn html_tag_names(html: &str) -> Vec<String> {
    let bytes = html.as_bytes();
    let mut names = Vec::new();
    for (i, _) in html.match_indices('<') {
        let rest = &bytes[i + 1..];
        let rest = rest.strip_prefix(b"/").unwrap_or(rest);
        let name: String =
            rest.iter().take_while(|b| b.is_ascii_alphanumeric()).map(|b| b.to_ascii_lowercase() as char).collect();
        if !name.is_empty() {
            names.push(name);
        }
    }
    names
}

/// The elements the HTML reports are made of; anything else in a report was injected.
pub const REPORT_ELEMENTS: &[&str] = &[
    "html", "head", "meta", "title", "style", "body", "main", "header", "section", "footer", "h1", "h2", "h3", "p",
    "span", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "del", "ins", "q", "br", "ul", "li",
    "code",
];
