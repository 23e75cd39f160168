//! Writing results: standard output, or a file written atomically (a temporary file in
//! the same directory, then a rename) that is never one of the inputs.
//!
//! The guards, each with a regression test named after it in `tests/output_safety.rs`:
//! - an output that is any file the command read (named, a proposal's `base`, a rubric,
//!   the statute a bill matched, standard input), by device and inode, is refused before
//!   anything is written;
//! - the temporary file is created exclusively (`O_EXCL`, never through a link) under an
//!   unpredictable name, and removed if the command is interrupted (SIGINT, SIGTERM,
//!   SIGHUP) by a signal handler, not only when dropped;
//! - a replaced file keeps its permissions.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};
use crate::text::controls;
use crate::text::inputs::{self, FileId};

/// Where a command writes.
#[derive(Debug, Clone)]
pub enum Output {
    Stdout,
    File(PathBuf),
}

/// How written text is shown: data written as it is (JSON, an amended statute), or text
/// for a reader, whose control characters from inputs are escaped (with the renderer's
/// own color sequences kept when `color` is on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Data,
    Text { color: bool },
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

    /// Refuses, before any work, an output path that is one of the inputs named on the
    /// command line. [`Output::write`] checks again, against every file read.
    pub fn check_not_input(&self, inputs: &[&str]) -> Result<()> {
        let Output::File(out) = self else { return Ok(()) };
        let Some(target) = FileId::of_path(out) else { return Ok(()) };
        for input in inputs {
            let id = if *input == "-" { inputs::stdin_id() } else { FileId::of_path(Path::new(input)) };
            if id.as_ref() == Some(&target) {
                let name = if *input == "-" { crate::text::source::STDIN_NAME } else { input };
                return Err(refusal(out, name));
            }
        }
        Ok(())
    }

    /// Writes `content`; a closed pipe on standard output is not an error.
    pub fn write(&self, content: &str, shown: Shown) -> Result<()> {
        let content = match shown {
            Shown::Data => std::borrow::Cow::Borrowed(content),
            Shown::Text { color: true } => controls::escape_keeping_color(content),
            Shown::Text { color: false } => controls::escape(content),
        };
        match self {
            Output::Stdout => {
                let mut out = std::io::stdout().lock();
                match out.write_all(content.as_bytes()).and_then(|_| out.flush()) {
                    Ok(()) => Ok(()),
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                    Err(e) => Err(Error::file("<stdout>", format!("cannot write: {e}"))),
                }
            }
            Output::File(path) => {
                if let Some(name) = FileId::of_path(path).and_then(|id| inputs::read_as(&id)) {
                    return Err(refusal(path, &name));
                }
                write_atomic(path, content.as_bytes())
            }
        }
    }
}

fn refusal(out: &Path, input: &str) -> Error {
    Error::file(
        out.display().to_string(),
        format!("refusing to write over an input file ({input}); choose another -o path"),
    )
}

/// Temporary files being written, removed by the signal handler if the process is
/// interrupted before they are renamed into place.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Installs, once, the handler that removes pending temporary files on SIGINT, SIGTERM
/// or SIGHUP and then ends the process with the usual status (128 + the signal).
fn install_cleanup() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        static INSTALLED: std::sync::Once = std::sync::Once::new();
        INSTALLED.call_once(|| {
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else { return };
            let _ = std::thread::Builder::new().name("cleanup".into()).spawn(move || {
                if let Some(sig) = signals.forever().next() {
                    // Held to the end: a rename in progress finishes first, or never starts.
                    let files = pending();
                    for f in files.iter() {
                        let _ = std::fs::remove_file(f);
                    }
                    std::process::exit(128 + sig);
                }
            });
        });
    }
}

/// In debug builds only, `REDLINE_TEST_PAUSE_BEFORE_RENAME_MS` holds a written temporary
/// file open that long before its rename, so that a test can interrupt the command there
/// and see the signal handler remove it (`tests/output_safety.rs`). Release builds have
/// no such pause.
fn pause_for_tests() {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("REDLINE_TEST_PAUSE_BEFORE_RENAME_MS").ok().and_then(|v| v.parse().ok()) {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// Writes a file atomically: nothing is left behind on failure or interruption. A path
/// that already names something other than a regular file (`/dev/null`, a named pipe, a
/// terminal) is written in place, since renaming over it would replace the device itself;
/// a symbolic link to a regular file is followed, so the link stays and its target is
/// replaced. The replaced file's permissions are kept; a new file gets the usual
/// permissions for the user's umask.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.display().to_string();
    let target = path.canonicalize().ok();
    let existing = target.as_deref().and_then(|t| std::fs::metadata(t).ok());
    if let Some(meta) = &existing {
        if meta.is_dir() {
            return Err(Error::file(name, "is a directory; -o needs a file path"));
        }
        if !meta.is_file() {
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
    let file_name = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    install_cleanup();
    let result = (|| -> std::io::Result<()> {
        let prefix = format!(".{file_name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".redline.tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let mut tmp = builder.tempfile_in(&dir)?;
        pending().push(tmp.path().to_path_buf());
        let written = (|| {
            if let Some(meta) = &existing {
                std::fs::set_permissions(tmp.path(), meta.permissions())?;
            }
            tmp.write_all(bytes)?;
            tmp.as_file().sync_all()
        })();
        pause_for_tests();
        let mut files = pending();
        files.retain(|f| f != tmp.path());
        written?;
        tmp.persist(path).map_err(|e| e.error)?;
        drop(files);
        Ok(())
    })();
    if let Err(e) = result {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "directory does not exist".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        return Err(Error::file(name, format!("cannot write output: {why}")));
    }
    Ok(())
}
