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

/// Parts one after another, a blank line between.
fn join(parts: impl Iterator<Item = String>) -> String {
    let parts: Vec<String> = parts.collect();
    parts.join("\n")
}

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

    /// Renders the score reports of one file under several rubrics: one as
    /// [`Format::score`]; several one after another (JSON: `{schema_version, scorecards}`;
    /// HTML: one page).
    pub fn scores(self, reports: &[ScoreReport]) -> String {
        match (self, reports) {
            (_, [one]) => self.score(one),
            (Format::Json, _) => json::to_string(&json::several(reports.iter().map(json::score).collect())),
            (Format::Html, _) => html::scores(reports),
            (Format::Text, _) => join(reports.iter().enumerate().map(|(i, r)| text::score_part(r, i == 0))),
            (Format::Markdown, _) => join(reports.iter().enumerate().map(|(i, r)| markdown::score_part(r, i == 0))),
        }
    }

    /// Renders the diff reports of one comparison under several rubrics: the redline
    /// once, then each scorecard's table and amendments.
    pub fn diffs(self, reports: &[DiffReport]) -> String {
        match (self, reports) {
            (_, [one]) => self.diff(one),
            (Format::Json, _) => json::to_string(&json::several(reports.iter().map(json::diff).collect())),
            (Format::Html, _) => html::diffs(reports),
            (Format::Text, _) => reports.iter().enumerate().map(|(i, r)| text::diff_part(r, i == 0)).collect(),
            (Format::Markdown, _) => join(reports.iter().enumerate().map(|(i, r)| markdown::diff_part(r, i == 0))),
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
