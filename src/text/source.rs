//! Reading input files: size limit, binary and encoding checks, standard input.
//!
//! A [`Source`] is a file's text exactly as read; every byte offset the tool reports
//! (evidence spans, error places) is an offset into it.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::text::inputs;
use crate::text::lines::LineIndex;

/// Inputs larger than this are refused: a whole code title is a few megabytes, so
/// anything this large is almost certainly not a statute.
pub const MAX_INPUT_BYTES: usize = 32 * 1024 * 1024;

/// The name used for standard input in messages and reports.
pub const STDIN_NAME: &str = "<stdin>";

/// A file's text exactly as read.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name shown to users: the path as given, or `<stdin>`.
    pub name: String,
    /// The file system path, when the input was a file.
    pub path: Option<PathBuf>,
    /// The text, byte for byte as read (a byte-order mark included).
    pub text: String,
    /// Built on first use: only errors and evidence need line numbers.
    lines: std::sync::OnceLock<LineIndex>,
    /// The SHA-256 in hex, computed once (possibly on another thread, ahead of need).
    digest: std::sync::OnceLock<String>,
}

impl Source {
    /// Builds a source from text already in memory (tests, derived texts).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            path: None,
            text: text.into(),
            lines: Default::default(),
            digest: Default::default(),
        }
    }

    /// Reads a file, or standard input when `arg` is `-`. A named path may be any file
    /// the user can read (a regular file, a pipe such as `<(…)`, a device); reading stops
    /// at the input limit, counted in bytes read, whatever size the file claims.
    pub fn read(arg: &str) -> Result<Self> {
        if arg == "-" {
            let mut bytes = Vec::new();
            inputs::record_stdin();
            std::io::stdin()
                .lock()
                .take(MAX_INPUT_BYTES as u64 + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| Error::file(STDIN_NAME, format!("cannot read standard input: {e}")))?;
            return Self::from_bytes(STDIN_NAME, None, bytes);
        }
        let path = Path::new(arg);
        let file = std::fs::File::open(path).map_err(|e| Error::file(arg, not_found_message(arg, &e)))?;
        let meta = file.metadata().map_err(|e| Error::file(arg, io_message(&e)))?;
        if meta.is_dir() {
            return Err(Error::file(arg, "is a directory, not a file"));
        }
        inputs::record(&meta, arg);
        if meta.len() > MAX_INPUT_BYTES as u64 {
            return Err(Error::file(
                arg,
                format!("file is {} bytes, over the {} MiB input limit", meta.len(), MAX_INPUT_BYTES / (1024 * 1024)),
            ));
        }
        let mut bytes = Vec::with_capacity(if meta.is_file() { meta.len() as usize } else { 0 });
        file.take(MAX_INPUT_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| Error::file(arg, io_message(&e)))?;
        Self::from_bytes(arg, Some(path.to_path_buf()), bytes)
    }

    /// Reads a file that the tool found or that another file names (a statute beside a
    /// bill, a proposal's `base`): it must be a regular file, checked without opening it,
    /// so that a named pipe put in its place cannot make the tool wait for a writer.
    pub fn read_regular(arg: &str) -> Result<Self> {
        let meta = std::fs::metadata(arg).map_err(|e| Error::file(arg, io_message(&e)))?;
        if !meta.is_file() {
            return Err(Error::file(
                arg,
                "is not a regular file (a directory, pipe or device); give the statute file on the command line",
            ));
        }
        Self::read(arg)
    }

    /// Checks raw bytes and turns them into a source: not empty, not binary, UTF-8.
    pub fn from_bytes(name: &str, path: Option<PathBuf>, bytes: Vec<u8>) -> Result<Self> {
        if bytes.len() > MAX_INPUT_BYTES {
            return Err(over_limit(name));
        }
        // `contains` on bytes is a vectorized search; the position is only needed for the error.
        if let Some(nul) = bytes.contains(&0).then(|| bytes.iter().position(|&b| b == 0)).flatten() {
            let (line, column) = line_col_lossy(&bytes, nul);
            return Err(Error::at(
                name,
                line,
                column,
                format!("binary file: NUL byte at byte offset {nul}; expected plain UTF-8 text"),
            ));
        }
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let (line, column) = line_col_lossy(&bytes, offset);
                return Err(Error::at(
                    name,
                    line,
                    column,
                    format!(
                        "invalid UTF-8 at byte offset {offset} (byte 0x{:02x}); save the file as UTF-8",
                        bytes[offset]
                    ),
                ));
            }
        };
        if text.trim_start_matches('\u{feff}').trim().is_empty() {
            return Err(Error::file(name, "file is empty: no text to read"));
        }
        if memchr::memchr(0x1b, text.as_bytes()).is_some() {
            inputs::saw_escape();
        }
        Ok(Source { name: name.to_string(), path, text, lines: Default::default(), digest: Default::default() })
    }

    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines().line_col(&self.text, offset)
    }

    /// The SHA-256 of the bytes as read, in lowercase hex: what a report's provenance
    /// footer names, so a reader can check that a file is the one that was scored.
    pub fn sha256(&self) -> String {
        self.digest.get_or_init(|| sha256_hex(self.text.as_bytes())).clone()
    }

    /// The line index of the text.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }
}

fn over_limit(name: &str) -> Error {
    Error::file(name, format!("input is over the {} MiB input limit", MAX_INPUT_BYTES / (1024 * 1024)))
}

/// An open error; for a missing file, with the nearest existing files named.
fn not_found_message(arg: &str, e: &std::io::Error) -> String {
    let nearest = match e.kind() {
        std::io::ErrorKind::NotFound => nearest_files(arg),
        _ => Vec::new(),
    };
    match nearest.as_slice() {
        [] => io_message(e),
        [one] => format!("no such file; the nearest is {one}"),
        many => format!("no such file; the nearest are {}", many.join(", ")),
    }
}

/// Most directory entries looked at for [`nearest_files`].
const MAX_LISTED: usize = 4096;

/// Existing files whose paths are nearest to `arg` (a mistyped statute path): files in
/// the nearest existing folder above it and in that folder's subfolders, ranked by edit
/// distance to the name asked for (a different version of the same section first).
fn nearest_files(arg: &str) -> Vec<String> {
    let wanted = Path::new(arg);
    let Some(name) = wanted.file_name().map(|n| n.to_string_lossy().to_string()) else { return Vec::new() };
    let mut dir = wanted.parent().map(Path::to_path_buf).unwrap_or_default();
    for _ in 0..4 {
        if dir.as_os_str().is_empty() || dir.is_dir() {
            break;
        }
        dir = dir.parent().map(Path::to_path_buf).unwrap_or_default();
    }
    let shown_dir = dir.clone();
    let dir = if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir };
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut listed = 0;
    let mut visit = |d: &Path,
                     shown: &Path,
                     depth: usize,
                     files: &mut Vec<(PathBuf, String)>,
                     subdirs: &mut Vec<(PathBuf, PathBuf)>| {
        let Ok(entries) = std::fs::read_dir(d) else { return };
        for entry in entries.flatten() {
            listed += 1;
            if listed > MAX_LISTED {
                return;
            }
            let n = entry.file_name().to_string_lossy().to_string();
            if n.starts_with('.') {
                continue;
            }
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_file() {
                files.push((shown.join(&n), n));
            } else if kind.is_dir() && depth == 0 {
                subdirs.push((d.join(&n), shown.join(&n)));
            }
        }
    };
    let mut subdirs = Vec::new();
    visit(&dir, &shown_dir, 0, &mut files, &mut subdirs);
    subdirs.sort();
    for (d, shown) in subdirs {
        visit(&d, &shown, 1, &mut files, &mut Vec::new());
    }
    let stem = |n: &str| n.split('@').next().unwrap_or(n).to_string();
    let mut ranked: Vec<(bool, usize, String)> = files
        .into_iter()
        .map(|(p, n)| (stem(&n) != stem(&name), strsim::levenshtein(&n, &name), p.display().to_string()))
        .filter(|(other_section, d, _)| !*other_section || *d <= (name.chars().count() / 3).max(2))
        .collect();
    ranked.sort();
    ranked.into_iter().take(3).map(|r| r.2).collect()
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {e}"),
    }
}

/// Line and column of a byte offset in bytes that may not be valid UTF-8 after it.
fn line_col_lossy(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, column)
}

/// The SHA-256 of `bytes` in lowercase hex.
///
/// ```
/// assert_eq!(
///     redline::text::source::sha256_hex(b"abc"),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    use std::fmt::Write;
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_the_byte_offset_and_line() {
        let err = Source::from_bytes("x.txt", None, b"ok\nab\xffcd".to_vec()).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("x.txt:2:3: invalid UTF-8 at byte offset 5"), "{text}");
    }

    #[test]
    fn nul_byte_is_binary() {
        let err = Source::from_bytes("b.bin", None, b"abc\0def".to_vec()).unwrap_err();
        assert!(err.to_string().contains("binary file: NUL byte at byte offset 3"));
    }

    #[test]
    fn whitespace_only_is_empty() {
        let err = Source::from_bytes("e.txt", None, b"\xef\xbb\xbf \n\t\n".to_vec()).unwrap_err();
        assert_eq!(err.to_string(), "e.txt: file is empty: no text to read");
    }
}
