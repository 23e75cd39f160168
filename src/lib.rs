//! `redline`: score statutes against published scorecards, and redline proposals with the
//! score change each amendment makes.
//!
//! The pipeline, one module per stage:
//! - [`text`]: reading files and normalizing text with a map back to original bytes;
//! - [`statute`]: front matter, sections and the provision tree;
//! - [`rubric`]: rubric files, clause extraction and scoring with evidence;
//! - [`report`]: the report model and one renderer per output format;
//! - [`cli`]: the command line, which only wires the stages together.

pub mod cli;
pub mod compare;
pub mod error;
pub mod proposal;
pub mod redline;
pub mod report;
pub mod rubric;
pub mod statute;
pub mod suggest;
pub mod text;
pub mod work;

pub use error::{Error, Result};
