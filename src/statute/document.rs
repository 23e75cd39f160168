//! The parsed statute: sections, the provision tree, and the segments that tile the text.

use std::ops::Range;

use crate::statute::frontmatter::FrontMatter;
use crate::statute::layout::AnnotationKind;
use crate::text::{Normalized, Source};

/// Index of a provision in [`Document::provisions`].
pub type ProvId = usize;

/// A parsed statute text.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file as read.
    pub source: Source,
    /// Front matter (empty when the file has none).
    pub front: FrontMatter,
    /// Whether the file had a front matter block.
    pub has_front_matter: bool,
    /// Warnings found while reading (unknown front-matter keys).
    pub warnings: Vec<String>,
    /// The normalized statute text (after front matter) with its map to file offsets.
    pub body: Normalized,
    /// Sections in file order.
    pub sections: Vec<Section>,
    /// All provisions; each section's root first, then its provisions in text order.
    pub provisions: Vec<Provision>,
    /// Ordered, non-overlapping segments that cover the whole body text.
    pub segments: Vec<Segment>,
    /// Sentences of law text (never of headings or annotations), in text order.
    pub sentences: Vec<Sentence>,
}

/// One section of a statute file.
#[derive(Debug, Clone)]
pub struct Section {
    /// The section number from its heading, e.g. `22-1844`.
    pub number: Option<String>,
    /// The heading's range in the body text.
    pub heading: Option<Range<usize>>,
    /// The whole section, heading and annotations included.
    pub span: Range<usize>,
    /// The law text: from after the heading to the first annotation.
    pub law: Range<usize>,
    /// The section's root provision.
    pub root: ProvId,
}

/// A provision: a section's root, or an enumerated subdivision.
#[derive(Debug, Clone)]
pub struct Provision {
    /// Full path: enumerators joined, prefixed by the section number in a multi-section
    /// file: `(d)(2)`, `22-1845(a)(1)`; a single section's root is `""`.
    pub path: String,
    /// The enumerator as a path element, e.g. `(a)`; `None` for a section root.
    pub label: Option<String>,
    /// The section this provision belongs to.
    pub section: usize,
    pub parent: Option<ProvId>,
    pub children: Vec<ProvId>,
    /// The provision's range, children included.
    pub span: Range<usize>,
    /// Depth below the section root (root = 0).
    pub depth: usize,
}

/// What a segment of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentKind {
    /// A section heading.
    Heading,
    /// Non-law text: history notes, commentary, chapter headings.
    Annotation(AnnotationKind),
    /// Law text owned by a provision (not by its children).
    Text(ProvId),
    /// Whitespace or unclassified text outside any provision.
    Gap,
}

/// A run of body text with one owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub range: Range<usize>,
    pub kind: SegmentKind,
    /// The section the segment lies in, if any.
    pub section: Option<usize>,
}

/// A sentence of law text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub range: Range<usize>,
    pub section: usize,
}

impl Document {
    /// The normalized body text.
    pub fn text(&self) -> &str {
        &self.body.text
    }

    /// Whether the file holds more than one section (paths then carry section numbers).
    pub fn is_multi_section(&self) -> bool {
        self.sections.len() > 1
    }

    /// The provision whose own text holds byte `pos` of the body, if `pos` is law text.
    pub fn provision_at(&self, pos: usize) -> Option<ProvId> {
        let i = self.segments.partition_point(|s| s.range.end <= pos);
        match self.segments.get(i)?.kind {
            SegmentKind::Text(p) => Some(p),
            _ => None,
        }
    }

    /// The deepest provision that contains all of `range`.
    pub fn provision_for(&self, range: Range<usize>) -> Option<ProvId> {
        let a = self.provision_at(range.start)?;
        let last = range.end.saturating_sub(1).max(range.start);
        let b = self.provision_at(last).unwrap_or(a);
        Some(self.common_ancestor(a, b))
    }

    /// The lowest common ancestor of two provisions (their section root at worst).
    pub fn common_ancestor(&self, a: ProvId, b: ProvId) -> ProvId {
        let chain = |mut p: ProvId| {
            let mut v = vec![p];
            while let Some(q) = self.provisions[p].parent {
                v.push(q);
                p = q;
            }
            v
        };
        let ca = chain(a);
        let cb = chain(b);
        ca.iter().find(|p| cb.contains(p)).copied().unwrap_or(a)
    }

    /// Provisions with exactly this path.
    pub fn find_path(&self, path: &str) -> Vec<ProvId> {
        let wanted = normalize_path(path);
        (0..self.provisions.len()).filter(|&p| self.provisions[p].path == wanted).collect()
    }

    /// The ranges of text a provision owns itself (not its children's).
    pub fn own_ranges(&self, p: ProvId) -> impl Iterator<Item = Range<usize>> + '_ {
        // A provision's segments lie within its span (segments are in text order), so
        // only that stretch is searched: a whole code title has hundreds of thousands.
        let span = self.provisions[p].span.clone();
        let from = self.segments.partition_point(|s| s.range.end <= span.start);
        self.segments[from..]
            .iter()
            .take_while(move |s| s.range.start < span.end)
            .filter(move |s| s.kind == SegmentKind::Text(p))
            .map(|s| s.range.clone())
    }

    /// The path shown to users: the section citation for a root, else the path.
    pub fn display_path(&self, p: ProvId) -> String {
        let prov = &self.provisions[p];
        if !prov.path.is_empty() {
            if self.is_multi_section() && prov.parent.is_none() {
                return format!("§ {}", prov.path);
            }
            return prov.path.clone();
        }
        self.citation_or_name()
    }

    /// The front matter's citation, or the section number, or the file name.
    pub fn citation_or_name(&self) -> String {
        if let Some(c) = &self.front.citation {
            return c.clone();
        }
        if let Some(n) = self.sections.first().and_then(|s| s.number.clone()) {
            return format!("§ {n}");
        }
        self.source.name.clone()
    }

    /// File byte range of a body range.
    pub fn file_range(&self, r: Range<usize>) -> Range<usize> {
        self.body.orig_range(r)
    }

    /// The original text of a body range (as in the file, before normalization).
    pub fn original(&self, r: Range<usize>) -> &str {
        let f = self.file_range(r);
        &self.source.text[f]
    }

    /// Sentences of the given sections.
    pub fn sentences_in(&self, sections: &[usize]) -> impl Iterator<Item = &Sentence> + '_ {
        let sections = sections.to_vec();
        self.sentences.iter().filter(move |s| sections.contains(&s.section))
    }

    /// The section whose number is `n` (compared without a leading `§`).
    pub fn section_by_number(&self, n: &str) -> Option<usize> {
        let n = n.trim().trim_start_matches('§').trim();
        self.sections.iter().position(|s| s.number.as_deref() == Some(n))
    }
}

/// A path as users may type it: `(a)(1)`, `a(1)`, `(a) (1)` all mean `(a)(1)`; a
/// section prefix (`22-1845(a)`) is kept; `A.`-style enumerators become `(A)`.
pub fn normalize_path(path: &str) -> String {
    let p: String = path.chars().filter(|c| !c.is_whitespace()).collect();
    let p = p.trim_start_matches('§').to_string();
    if p.is_empty() || p.contains('(') {
        return p;
    }
    // `A.1.` → `(A)(1)`
    if p.ends_with('.') && p.split('.').all(|s| s.len() <= 3) {
        return p.split('.').filter(|s| !s.is_empty()).map(|s| format!("({s})")).collect();
    }
    p
}

#[cfg(test)]
mod tests {
    use super::normalize_path;

    #[test]
    fn paths_are_normalized() {
        assert_eq!(normalize_path(" (a) (1) "), "(a)(1)");
        assert_eq!(normalize_path("A.1."), "(A)(1)");
        assert_eq!(normalize_path("§22-1845(a)"), "22-1845(a)");
        assert_eq!(normalize_path("22-1845"), "22-1845");
    }
}
