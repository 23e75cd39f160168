//! Errors the library reports, and the exit codes the command line maps them to.
//!
//! Every error names the input it is about and, where it can, the place in it: a
//! `line:column` for text and TOML files, or a provision path for statute operations.
//! The first line of the rendered error is meant to be read on its own; any further
//! lines (a source line with a caret under it) are detail.

use std::fmt;

/// Exit codes of the `redline` binary.
pub mod exit {
    /// Success.
    pub const OK: i32 = 0;
    /// An explicit check failed (`--fail-under`, a failing `rubric check`).
    pub const CHECK_FAILED: i32 = 1;
    /// Bad input or usage; nothing was written.
    pub const BAD_INPUT: i32 = 2;
}

/// Where in an input an error was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// 1-based line and column (columns count characters).
    LineCol { line: usize, column: usize },
    /// A provision path, e.g. `(d)(2)`, or an operation within a proposal.
    Path(String),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::LineCol { line, column } => write!(f, "{line}:{column}"),
            Place::Path(p) => f.write_str(p),
        }
    }
}

/// A library error: what went wrong, in which file, and where.
#[derive(Debug, Clone, thiserror::Error)]
pub struct Error {
    /// The file the error is about, as the user named it (`-` input is `<stdin>`).
    pub file: String,
    /// Where in the file, when known.
    pub place: Option<Place>,
    /// One line saying what is wrong.
    pub message: String,
    /// Further lines: the offending source line with a caret, or a hint.
    pub detail: Option<String>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Some(Place::LineCol { .. }) => {
                write!(f, "{}:{}: {}", self.file, self.place.as_ref().unwrap(), self.message)?
            }
            Some(Place::Path(p)) => write!(f, "{}: {}: {}", self.file, p, self.message)?,
            None => write!(f, "{}: {}", self.file, self.message)?,
        }
        if let Some(d) = &self.detail {
            write!(f, "\n{d}")?;
        }
        Ok(())
    }
}

impl Error {
    /// An error about a whole file.
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Error { file: file.into(), place: None, message: message.into(), detail: None }
    }

    /// An error at a line and column.
    pub fn at(file: impl Into<String>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Error { file: file.into(), place: Some(Place::LineCol { line, column }), message: message.into(), detail: None }
    }

    /// An error at a provision path or other named place.
    pub fn at_path(file: impl Into<String>, path: impl Into<String>, message: impl Into<String>) -> Self {
        Error { file: file.into(), place: Some(Place::Path(path.into())), message: message.into(), detail: None }
    }

    /// Adds detail lines shown after the first line.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

/// A result with the library's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
