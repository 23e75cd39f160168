//! Reports: one model, one renderer per format.
//!
//! [`model`] holds everything computed (scores, evidence, deltas); [`json`] is the
//! documented JSON contract; [`text`] is the terminal format. Color is decided once, in
//! [`color`].

pub mod color;
pub mod json;
pub mod model;
pub mod text;

pub use model::{DocInfo, RubricInfo, ScoreReport};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A scorecard for the terminal.
    #[default]
    Text,
    /// The documented JSON contract.
    Json,
}
