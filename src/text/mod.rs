//! Text handling below the statute level: reading files, line and column lookup, and
//! normalization with a map back to the original bytes.

pub mod controls;
pub mod hash;
pub mod inputs;
pub mod lines;
pub mod normalize;
pub mod source;

pub use lines::LineIndex;
pub use normalize::Normalized;
pub use source::Source;

/// The items of `items`, which are sorted by `key`, whose key lies in `r`: a slice found by
/// two binary searches.
pub fn keyed_in<'a, T>(items: &'a [T], key: impl Fn(&T) -> usize, r: &std::ops::Range<usize>) -> &'a [T] {
    let from = items.partition_point(|t| key(t) < r.start);
    let to = from + items[from..].partition_point(|t| key(t) < r.end);
    &items[from..to]
}
