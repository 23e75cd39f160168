//! Reports: one model, one renderer per format.
//!
//! [`model`] holds everything computed (scores, evidence, deltas, provenance); [`view`]
//! words shared by the renderers; [`text`] is the terminal format, [`json`] the
//! documented JSON contract, [`markdown`] and [`html`] the documents for testimony. Color
//! is decided once, in [`color`], and only the text format ever carries it.

pub mod color;
pub mod html;
pub mod json;
pub mod markdown;
pub mod model;
pub mod text;
pub mod view;

pub use model::{DiffReport, DocInfo, RubricInfo, ScoreReport};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A scorecard for the terminal (colored on a terminal).
    #[default]
    Text,
    /// The documented JSON contract.
    Json,
    /// Markdown (CommonMark with tables and strikethrough) for testimony and wikis.
    Markdown,
    /// One self-contained HTML page, readable on screen and printable.
    Html,
}

impl Format {
    /// How the rendered report is written: JSON as data (its encoder escapes control
    /// characters itself), the others as text for a reader.
    pub fn shown(self, color: bool) -> crate::cli::output::Shown {
        match self {
            Format::Json => crate::cli::output::Shown::Data,
            _ => crate::cli::output::Shown::Text { color },
        }
    }

    /// Renders a score report. Color (text only) must already be decided.
    pub fn score(self, report: &ScoreReport) -> String {
        match self {
            Format::Text => text::score(report),
            Format::Json => json::to_string(&json::score(report)),
            Format::Markdown => markdown::score(report),
            Format::Html => html::score(report),
        }
    }

    /// Renders a diff report. Color (text only) must already be decided.
    pub fn diff(self, report: &DiffReport) -> String {
        match self {
            Format::Text => text::diff(report),
            Format::Json => json::to_string(&json::diff(report)),
            Format::Markdown => markdown::diff(report),
            Format::Html => html::diff(report),
        }
    }
}
