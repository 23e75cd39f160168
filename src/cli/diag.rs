//! Messages on standard error: warnings, errors and the `--fail-under` verdict. Control
//! characters from inputs are shown escaped, and a failure to write (a closed or full
//! stderr) is ignored: the exit status and any `-o` file are what they would have been.

use std::io::Write;

use crate::text::controls;

/// Writes one message line to standard error, escaped; errors writing are ignored.
pub fn line(message: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", controls::escape(message));
}

static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// `warning: …` (unless [`quietly`] is running).
pub fn warn(message: impl std::fmt::Display) {
    if !QUIET.load(std::sync::atomic::Ordering::Relaxed) {
        line(&format!("warning: {message}"));
    }
}

/// Runs `f` without its warnings: the same inputs read again (under a second rubric)
/// warn once.
pub fn quietly<T>(f: impl FnOnce() -> T) -> T {
    QUIET.store(true, std::sync::atomic::Ordering::Relaxed);
    let out = f();
    QUIET.store(false, std::sync::atomic::Ordering::Relaxed);
    out
}

/// `error: …`
pub fn error(message: impl std::fmt::Display) {
    line(&format!("error: {message}"));
}
