//! Writing results: standard output, or a file written atomically (a temporary file in
//! the same directory, then a rename) that is never one of the inputs.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Where a command writes.
#[derive(Debug, Clone)]
pub enum Output {
    Stdout,
    File(PathBuf),
}

impl Output {
    pub fn new(path: Option<&Path>) -> Output {
        match path {
            Some(p) if p.as_os_str() != "-" => Output::File(p.to_path_buf()),
            _ => Output::Stdout,
        }
    }

    /// Whether output goes to standard output (so color may apply).
    pub fn is_stdout(&self) -> bool {
        matches!(self, Output::Stdout)
    }

    /// Refuses an output path that is one of the inputs (checked before any work).
    pub fn check_not_input(&self, inputs: &[&str]) -> Result<()> {
        let Output::File(out) = self else { return Ok(()) };
        let out_key = identity(out);
        for input in inputs.iter().filter(|i| **i != "-") {
            if out_key.is_some() && identity(Path::new(input)) == out_key {
                return Err(Error::file(
                    out.display().to_string(),
                    format!("refusing to write over an input file ({input}); choose another -o path"),
                ));
            }
        }
        Ok(())
    }

    /// Writes `content`; a closed pipe on standard output is not an error.
    pub fn write(&self, content: &str) -> Result<()> {
        match self {
            Output::Stdout => {
                let mut out = std::io::stdout().lock();
                match out.write_all(content.as_bytes()).and_then(|_| out.flush()) {
                    Ok(()) => Ok(()),
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                    Err(e) => Err(Error::file("<stdout>", format!("cannot write: {e}"))),
                }
            }
            Output::File(path) => write_atomic(path, content.as_bytes()),
        }
    }
}

/// A path's identity for comparison: canonical path of the file, or of its directory
/// joined with the file name when the file does not exist yet.
fn identity(p: &Path) -> Option<PathBuf> {
    if let Ok(c) = p.canonicalize() {
        return Some(c);
    }
    let parent = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Some(parent.canonicalize().ok()?.join(p.file_name()?))
}

/// Writes a file atomically: nothing is left behind on failure. A path that already
/// names something other than a regular file (`/dev/null`, a named pipe, a terminal) is
/// written in place, since renaming over it would replace the device itself; a symbolic
/// link to a regular file is followed, so the link stays and its target is replaced.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.display().to_string();
    let target = path.canonicalize().ok();
    if let Some(meta) = target.as_deref().and_then(|t| std::fs::metadata(t).ok()) {
        if !meta.is_file() && !meta.is_dir() {
            return std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|mut f| f.write_all(bytes))
                .map_err(|e| Error::file(name, format!("cannot write output: {e}")));
        }
    }
    let path = target.as_deref().unwrap_or(path);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if path.is_dir() {
        return Err(Error::file(name, "is a directory; -o needs a file path"));
    }
    let file_name = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.redline-{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "directory does not exist".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        return Err(Error::file(name, format!("cannot write output: {why}")));
    }
    Ok(())
}
