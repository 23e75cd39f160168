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

/// `warning: …`
pub fn warn(message: impl std::fmt::Display) {
    line(&format!("warning: {message}"));
}

/// `error: …`
pub fn error(message: impl std::fmt::Display) {
    line(&format!("error: {message}"));
}
