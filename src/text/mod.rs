//! Text handling below the statute level: reading files, line and column lookup, and
//! normalization with a map back to the original bytes.

pub mod hash;
pub mod lines;
pub mod normalize;
pub mod source;

pub use lines::LineIndex;
pub use normalize::Normalized;
pub use source::Source;
