//! Aligning the provisions of two versions of a statute.
//!
//! A unit is a provision's own text (its children are units of their own). Units pair by
//! path when their texts are alike, then by identical text (moved or renumbered), then by
//! similarity within the same section (renumbered and amended). Work is bounded: the
//! similarity search compares at most [`MAX_COMPARISONS`] pairs per section.

use std::collections::HashMap;
use std::ops::Range;

use crate::redline::tokenize::{self, Kind};
use crate::statute::{Document, ProvId, SegmentKind};

/// Most similarity comparisons per section pair.
pub const MAX_COMPARISONS: usize = 40_000;
/// Similarity (Dice over word tokens) at which two units of the same path still pair.
const SAME_PATH_MIN: f64 = 0.3;
/// Similarity at which two units of different paths pair.
const MOVED_MIN: f64 = 0.4;

/// A token of a unit: its range in the document's body text and its id.
#[derive(Debug, Clone, Copy)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub id: u32,
    pub space: bool,
}

/// A provision's own text, tokenized.
#[derive(Debug, Clone)]
pub struct Unit {
    pub prov: ProvId,
    pub path: String,
    pub section_key: String,
    pub toks: Vec<Tok>,
}

impl Unit {
    /// Ids of the non-space tokens.
    pub fn words(&self) -> impl Iterator<Item = u32> + '_ {
        self.toks.iter().filter(|t| !t.space).map(|t| t.id)
    }

    /// The body range the unit spans (its first to its last token).
    pub fn range(&self) -> Range<usize> {
        match (self.toks.first(), self.toks.last()) {
            (Some(a), Some(b)) => a.start..b.end,
            _ => 0..0,
        }
    }
}

/// Interns token keys as ids shared by both documents.
#[derive(Debug, Default)]
pub struct Interner {
    ids: HashMap<String, u32>,
}

impl Interner {
    pub fn id(&mut self, key: &str) -> u32 {
        if let Some(&i) = self.ids.get(key) {
            return i;
        }
        let i = self.ids.len() as u32;
        self.ids.insert(key.to_string(), i);
        i
    }
}

/// The units of a document, in text order.
pub fn units(doc: &Document, interner: &mut Interner) -> Vec<Unit> {
    let text = doc.text();
    let mut by_prov: HashMap<ProvId, Vec<Tok>> = HashMap::new();
    let mut order: Vec<ProvId> = Vec::new();
    for seg in &doc.segments {
        let SegmentKind::Text(p) = seg.kind else { continue };
        let piece = &text[seg.range.clone()];
        let toks = by_prov.entry(p).or_insert_with(|| {
            order.push(p);
            Vec::new()
        });
        for t in tokenize::tokenize(piece) {
            let key = tokenize::key(piece, &t);
            toks.push(Tok {
                start: seg.range.start + t.range.start,
                end: seg.range.start + t.range.end,
                id: interner.id(key),
                space: t.kind == Kind::Space,
            });
        }
    }
    order
        .into_iter()
        .filter_map(|p| {
            let mut toks = by_prov.remove(&p)?;
            // Trim leading and trailing whitespace tokens.
            while toks.first().is_some_and(|t| t.space) {
                toks.remove(0);
            }
            while toks.last().is_some_and(|t| t.space) {
                toks.pop();
            }
            if toks.is_empty() {
                return None;
            }
            let prov = &doc.provisions[p];
            let section_key = doc.sections[prov.section].number.clone().unwrap_or_else(|| format!("#{}", prov.section));
            Some(Unit { prov: p, path: prov.path.clone(), section_key, toks })
        })
        .collect()
}

/// Dice similarity of two units' word multisets.
pub fn similarity(a: &Unit, b: &Unit) -> f64 {
    let mut counts: HashMap<u32, i32> = HashMap::new();
    let (mut na, mut nb) = (0usize, 0usize);
    for w in a.words() {
        *counts.entry(w).or_default() += 1;
        na += 1;
    }
    let mut common = 0usize;
    for w in b.words() {
        nb += 1;
        if let Some(c) = counts.get_mut(&w) {
            if *c > 0 {
                *c -= 1;
                common += 1;
            }
        }
    }
    if na + nb == 0 {
        return 1.0;
    }
    2.0 * common as f64 / (na + nb) as f64
}

fn same_text(a: &Unit, b: &Unit) -> bool {
    a.words().eq(b.words())
}

/// Pairs of (old unit index, new unit index), in no particular order.
pub fn align(old: &[Unit], new: &[Unit]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut old_used = vec![false; old.len()];
    let mut new_used = vec![false; new.len()];
    // 1. Same path, alike text.
    let by_path: HashMap<&str, usize> = new.iter().enumerate().map(|(i, u)| (u.path.as_str(), i)).collect();
    for (i, u) in old.iter().enumerate() {
        if let Some(&j) = by_path.get(u.path.as_str()) {
            if !new_used[j] && (same_text(u, &new[j]) || similarity(u, &new[j]) >= SAME_PATH_MIN) {
                pairs.push((i, j));
                old_used[i] = true;
                new_used[j] = true;
            }
        }
    }
    // 2. Identical text elsewhere (moved or renumbered).
    let mut by_text: HashMap<Vec<u32>, Vec<usize>> = HashMap::new();
    for (j, u) in new.iter().enumerate().filter(|(j, _)| !new_used[*j]) {
        by_text.entry(u.words().collect()).or_default().push(j);
    }
    for (i, u) in old.iter().enumerate() {
        if old_used[i] {
            continue;
        }
        let key: Vec<u32> = u.words().collect();
        if let Some(js) = by_text.get_mut(&key) {
            if let Some(pos) = js.iter().position(|&j| !new_used[j]) {
                let j = js.remove(pos);
                pairs.push((i, j));
                old_used[i] = true;
                new_used[j] = true;
            }
        }
    }
    // 3. Similar text in the same section, best pairs first.
    let mut sections: HashMap<&str, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (i, u) in old.iter().enumerate().filter(|(i, _)| !old_used[*i]) {
        sections.entry(u.section_key.as_str()).or_default().0.push(i);
    }
    for (j, u) in new.iter().enumerate().filter(|(j, _)| !new_used[*j]) {
        sections.entry(u.section_key.as_str()).or_default().1.push(j);
    }
    let mut keys: Vec<&str> = sections.keys().copied().collect();
    keys.sort_unstable();
    for key in keys {
        let (is, js) = &sections[key];
        if is.is_empty() || js.is_empty() || is.len() * js.len() > MAX_COMPARISONS {
            continue;
        }
        let mut scored: Vec<(f64, usize, usize)> = Vec::new();
        for &i in is {
            for &j in js {
                let s = similarity(&old[i], &new[j]);
                if s >= MOVED_MIN {
                    scored.push((s, i, j));
                }
            }
        }
        scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        for (_, i, j) in scored {
            if !old_used[i] && !new_used[j] {
                pairs.push((i, j));
                old_used[i] = true;
                new_used[j] = true;
            }
        }
    }
    pairs
}

/// Indices (into `seq`) of a longest increasing subsequence.
pub fn longest_increasing(seq: &[usize]) -> Vec<usize> {
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; seq.len()];
    for (i, &x) in seq.iter().enumerate() {
        let pos = tails.partition_point(|&t| seq[t] < x);
        prev[i] = if pos > 0 { Some(tails[pos - 1]) } else { None };
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut out = Vec::new();
    let mut cur = tails.last().copied();
    while let Some(i) = cur {
        out.push(i);
        cur = prev[i];
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lis() {
        assert_eq!(longest_increasing(&[3, 0, 1, 4, 2, 5]), vec![1, 2, 4, 5]);
        assert!(longest_increasing(&[]).is_empty());
    }
}
