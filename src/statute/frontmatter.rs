//! TOML front matter between `+++` lines at the top of a statute file.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::text::Source;

/// The keys a statute file's front matter may hold; all optional strings.
pub const KNOWN_KEYS: &[&str] = &[
    "jurisdiction",
    "citation",
    "title",
    "version",
    "effective",
    "source",
    "provenance",
    "notes",
    "history",
    "includes",
];

/// Metadata about a statute text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrontMatter {
    /// Two-letter jurisdiction code, e.g. `CT`.
    pub jurisdiction: Option<String>,
    /// The citation, e.g. `Conn. Gen. Stat. § 54-95c`.
    pub citation: Option<String>,
    /// The section's title.
    pub title: Option<String>,
    /// Which version of the text this is, e.g. `2016`.
    pub version: Option<String>,
    /// Effective date.
    pub effective: Option<String>,
    /// Where the text was copied from.
    pub source: Option<String>,
    /// How this version came to be (which acts, which proposal).
    pub provenance: Option<String>,
    /// Editors' notes.
    pub notes: Option<String>,
    /// The history line of the section.
    pub history: Option<String>,
    /// Other sections the file includes for context, e.g. definitions.
    pub includes: Option<String>,
}

/// Front matter split from a file, with where the body starts.
#[derive(Debug, Clone, Default)]
pub struct Split {
    /// The parsed keys.
    pub front: FrontMatter,
    /// Whether the file had a front matter block.
    pub present: bool,
    /// Byte range of the TOML between the `+++` lines.
    pub toml_range: Range<usize>,
    /// Byte offset where the statute text begins.
    pub body_start: usize,
    /// Unknown keys, as warnings naming file, line and column.
    pub warnings: Vec<String>,
}

/// Splits and parses front matter. A file without a leading `+++` line has none.
pub fn split(src: &Source) -> Result<Split> {
    let text = &src.text;
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let Some(after_open) = strip_fence(rest) else {
        return Ok(Split { body_start: 0, ..Split::default() });
    };
    let open_len = rest.len() - after_open.len();
    let toml_start = start + open_len;
    // The closing fence is a line holding only `+++`.
    let mut pos = toml_start;
    let close = loop {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = text[pos..line_end].trim_end_matches(['\n', '\r']);
        if line.trim_end() == "+++" {
            break Some((pos, line_end));
        }
        if line_end >= text.len() {
            break None;
        }
        pos = line_end;
    };
    let Some((close_start, body_start)) = close else {
        let (line, column) = src.line_col(start);
        return Err(Error::at(&src.name, line, column, "front matter opened with `+++` is never closed"));
    };
    let toml_text = &text[toml_start..close_start];
    if toml_text.len() > MAX_FRONT_MATTER_BYTES {
        let (line, column) = src.line_col(start);
        return Err(Error::at(
            &src.name,
            line,
            column,
            format!(
                "front matter is {} bytes, over the {} KiB it may hold (a few keys: {})",
                toml_text.len(),
                MAX_FRONT_MATTER_BYTES / 1024,
                KNOWN_KEYS.join(", ")
            ),
        ));
    }
    let table: toml::Table = toml::from_str(toml_text).map_err(|e| toml_error(src, toml_start, &e))?;
    let mut warnings = Vec::new();
    let mut unknown: Vec<(usize, &str)> = Vec::new();
    let mut front = FrontMatter::default();
    let offsets = key_offsets(toml_text);
    for (key, value) in &table {
        let at = offsets.get(key.as_str()).map_or(toml_start, |o| toml_start + o);
        let (line, column) = src.line_col(at);
        let Some(s) = value.as_str() else {
            return Err(Error::at(&src.name, line, column, format!("front-matter key `{key}` must be a string")));
        };
        let slot = match key.as_str() {
            "jurisdiction" => &mut front.jurisdiction,
            "citation" => &mut front.citation,
            "title" => &mut front.title,
            "version" => &mut front.version,
            "effective" => &mut front.effective,
            "source" => &mut front.source,
            "provenance" => &mut front.provenance,
            "notes" => &mut front.notes,
            "history" => &mut front.history,
            "includes" => &mut front.includes,
            _ => {
                unknown.push((at, key.as_str()));
                continue;
            }
        };
        *slot = Some(s.to_string());
    }
    // In the file's order; past a few, only counted.
    unknown.sort_unstable();
    for &(at, key) in unknown.iter().take(MAX_KEY_WARNINGS) {
        let (line, column) = src.line_col(at);
        warnings.push(format!(
            "{}:{line}:{column}: unknown front-matter key `{key}` (known: {})",
            src.name,
            KNOWN_KEYS.join(", ")
        ));
    }
    if unknown.len() > MAX_KEY_WARNINGS {
        warnings.push(format!(
            "{}: {} more unknown front-matter keys not listed",
            src.name,
            unknown.len() - MAX_KEY_WARNINGS
        ));
    }
    Ok(Split { front, present: true, toml_range: toml_start..close_start, body_start, warnings })
}

/// Renders front matter back to a `+++` block, keys in the documented order.
///
/// Every value is a one-line TOML basic string, its quotes, backslashes and control
/// characters escaped, so that no value (a title holding a `+++` line) can end the block
/// early and what is written reads back as itself.
pub fn render(front: &FrontMatter) -> String {
    let value = toml::Value::try_from(front).unwrap_or(toml::Value::Table(Default::default()));
    let mut out = String::from("+++\n");
    if let toml::Value::Table(t) = value {
        for key in KNOWN_KEYS {
            if let Some(v) = t.get(*key).and_then(toml::Value::as_str) {
                out.push_str(&format!("{key} = {}\n", basic_string(v)));
            }
        }
    }
    out.push_str("+++\n");
    out
}

/// `s` as a one-line TOML basic string.
fn basic_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn strip_fence(s: &str) -> Option<&str> {
    let line_end = s.find('\n')?;
    if s[..line_end].trim_end_matches('\r').trim_end() == "+++" {
        Some(&s[line_end + 1..])
    } else {
        None
    }
}

/// The most bytes a front-matter block may hold: a few short keys need far less, and the
/// TOML reader's memory grows with the block.
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

/// Most unknown front-matter keys warned about one by one; the rest are counted.
const MAX_KEY_WARNINGS: usize = 20;

/// Where each bare key is first assigned (`key = …` at a line's start), in one pass.
fn key_offsets(toml_text: &str) -> std::collections::HashMap<&str, usize> {
    let mut out = std::collections::HashMap::new();
    let mut offset = 0;
    for line in toml_text.split_inclusive('\n') {
        crate::work::add(crate::work::Counter::FrontMatterLines, 1);
        let trimmed = line.trim_start();
        if let Some((key, _)) = trimmed.split_once('=') {
            out.entry(key.trim_end()).or_insert(offset + (line.len() - trimmed.len()));
        }
        offset += line.len();
    }
    out
}

/// Converts a TOML error inside a larger file into an error at the file's line and column.
pub fn toml_error(src: &Source, base: usize, e: &toml::de::Error) -> Error {
    let at = base + e.span().map_or(0, |s| s.start);
    let (line, column) = src.line_col(at);
    let message = e.message().lines().next().unwrap_or("invalid TOML").to_string();
    let width = e.span().map_or(1, |s| s.len().clamp(1, 40));
    Error::at(&src.name, line, column, message).with_detail(crate::text::lines::caret_snippet(&src.text, at, width))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keys_and_finds_the_body() {
        let src = Source::from_text("s.txt", "+++\njurisdiction = \"CT\"\nversion = \"2016\"\n+++\nAt any time");
        let split = split(&src).unwrap();
        assert_eq!(split.front.jurisdiction.as_deref(), Some("CT"));
        assert_eq!(&src.text[split.body_start..], "At any time");
    }

    #[test]
    fn unknown_key_is_a_warning_with_place() {
        let src = Source::from_text("s.txt", "+++\ncolour = \"red\"\n+++\nText");
        let split = split(&src).unwrap();
        assert_eq!(split.warnings.len(), 1);
        assert!(split.warnings[0].starts_with("s.txt:2:1: unknown front-matter key `colour`"));
    }

    #[test]
    fn malformed_toml_names_line_and_column() {
        let src = Source::from_text("s.txt", "+++\nversion = \n+++\nText");
        let err = split(&src).unwrap_err();
        assert!(err.to_string().starts_with("s.txt:2:"), "{err}");
    }

    #[test]
    fn no_front_matter_means_the_whole_file_is_text() {
        let src = Source::from_text("s.txt", "At any time after");
        let split = split(&src).unwrap();
        assert!(!split.present);
        assert_eq!(split.body_start, 0);
    }

    #[test]
    fn render_round_trips() {
        let front = FrontMatter {
            jurisdiction: Some("CT".into()),
            notes: Some("say \"hi\"\nthere".into()),
            ..FrontMatter::default()
        };
        let text = format!("{}Body", render(&front));
        let src = Source::from_text("r.txt", text);
        assert_eq!(split(&src).unwrap().front, front);
    }
}
