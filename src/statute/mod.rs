//! Statute texts: front matter, sections, the provision tree and sentences.
//!
//! [`parse`] turns a file into a [`Document`]; every range in it is a range of the
//! normalized body text, which [`Document::file_range`] maps to bytes of the file.

pub mod document;
pub mod enumerator;
pub mod frontmatter;
pub mod layout;
pub mod parse;
pub mod sentence;

pub use document::{Document, ProvId, Provision, Section, Segment, SegmentKind, Sentence};
pub use frontmatter::FrontMatter;
pub use parse::{parse, read};
