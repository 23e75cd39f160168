//! Aligning the blocks of two versions of a statute.
//!
//! A unit is a block: a provision's own text with its inline children's (children on
//! lines of their own are units of their own). Units pair by path and identical bytes,
//! by a declared redesignation, by identical words under another label, by label with
//! alike text ([`pair_strong`]), and, for what is left, by similarity within a section
//! ([`pair_similar`]). Work is bounded: the similarity search compares at most
//! [`MAX_COMPARISONS`] pairs per section.

use crate::text::hash::{FastHasher, FastMap};
use std::collections::VecDeque;
use std::hash::Hasher;
use std::ops::Range;

use crate::redline::tokenize::{self, Kind};
use crate::statute::{Document, ProvId, SegmentKind};

/// Most similarity comparisons per section pair.
pub const MAX_COMPARISONS: usize = 40_000;

/// A token of a unit: its range in the document's body text and its id.
#[derive(Debug, Clone, Copy)]
pub struct Tok {
    /// Body offsets, 32-bit (inputs are far smaller than 4 GiB): a text holds a token
    /// for every word and every space between words.
    pub start: u32,
    pub end: u32,
    pub id: u32,
    pub space: bool,
}

impl Tok {
    /// The token's body range.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A block: a provision's own text together with the text of its inline children (those
/// that begin mid-line, as in "constitutes (1) trafficking …, or (2) …"), which are read
/// and shown as part of it. Children on lines of their own are blocks of their own. The
/// pieces are trimmed of whitespace at both ends; tokenized only when needed.
#[derive(Debug, Clone)]
pub struct Unit {
    pub prov: ProvId,
    pub path: String,
    /// The path compared for pairing by label: enumerators compared case-insensitively
    /// (a bill may print new matter's enumerators in capitals).
    pub label_key: String,
    pub section_key: String,
    /// The inline descendants whose text the block holds, in text order.
    pub covers: Vec<ProvId>,
    /// Body ranges of the block's text, in order, whitespace trimmed at the ends.
    pub pieces: Vec<Range<usize>>,
    /// The tokens of the pieces (empty until [`Unit::tokenize`]).
    pub toks: Vec<Tok>,
    /// The ids of the word tokens, sorted (for [`similarity`]).
    pub sorted_words: Vec<u32>,
}

impl Unit {
    /// Ids of the non-space tokens.
    pub fn words(&self) -> impl Iterator<Item = u32> + '_ {
        self.toks.iter().filter(|t| !t.space).map(|t| t.id)
    }

    /// The body range the unit spans (its first to its last piece).
    pub fn range(&self) -> Range<usize> {
        match (self.pieces.first(), self.pieces.last()) {
            (Some(a), Some(b)) => a.start..b.end,
            _ => 0..0,
        }
    }

    /// Tokenizes the pieces (tokens never cross a piece boundary).
    pub fn tokenize(&mut self, text: &str, interner: &mut Interner) {
        self.toks.clear();
        for r in &self.pieces {
            push_tokens(text, r.clone(), interner, &mut self.toks);
        }
        self.sorted_words = self.words().collect();
        self.sorted_words.sort_unstable();
    }

    /// Whether two units hold exactly the same text (byte for byte, pieces joined).
    /// A hash of the block's bytes (its pieces run together; `buf` is scratch space), equal
    /// for blocks of which [`Unit::same_bytes`] holds.
    pub fn bytes_hash(&self, text: &str, buf: &mut Vec<u8>) -> u64 {
        buf.clear();
        for r in &self.pieces {
            buf.extend_from_slice(&text.as_bytes()[r.clone()]);
        }
        let mut h = FastHasher::default();
        h.write(buf);
        h.finish()
    }

    pub fn same_bytes(&self, text: &str, other: &Unit, other_text: &str) -> bool {
        let len = |u: &Unit| u.pieces.iter().map(|r| r.len()).sum::<usize>();
        if len(self) != len(other) {
            return false;
        }
        if self.pieces.len() == 1 && other.pieces.len() == 1 {
            return text[self.pieces[0].clone()] == other_text[other.pieces[0].clone()];
        }
        let a = self.pieces.iter().flat_map(|r| text.as_bytes()[r.clone()].iter());
        let b = other.pieces.iter().flat_map(|r| other_text.as_bytes()[r.clone()].iter());
        a.eq(b)
    }
}

/// Appends the tokens of `text[range]` to `out`, their ids from `interner`.
pub fn push_tokens(text: &str, range: Range<usize>, interner: &mut Interner, out: &mut Vec<Tok>) {
    let piece = &text[range.clone()];
    tokenize::each(piece, |t| {
        let key = tokenize::key(piece, &t);
        let offset = |at: usize| u32::try_from(range.start + at).unwrap_or(u32::MAX);
        out.push(Tok {
            start: offset(t.range.start),
            end: offset(t.range.end),
            id: interner.id(key),
            space: t.kind == Kind::Space,
        });
    });
}

/// Interns token keys as ids shared by both documents.
#[derive(Debug, Default)]
pub struct Interner {
    ids: FastMap<String, u32>,
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

/// The blocks of a document, in text order, untokenized. A block whose text is only
/// whitespace has no unit.
pub fn units(doc: &Document) -> Vec<Unit> {
    let text = doc.text();
    let owner = block_owners(doc);
    let mut pieces_of: Vec<Vec<Range<usize>>> = vec![Vec::new(); doc.provisions.len()];
    let mut order: Vec<ProvId> = Vec::new();
    for seg in &doc.segments {
        let SegmentKind::Text(p) = seg.kind else { continue };
        if seg.range.is_empty() {
            continue;
        }
        let b = owner[p];
        if pieces_of[b].is_empty() {
            order.push(b);
        }
        pieces_of[b].push(seg.range.clone());
    }
    let mut covers: Vec<Vec<ProvId>> = vec![Vec::new(); doc.provisions.len()];
    for (p, &b) in owner.iter().enumerate() {
        if b != p {
            covers[b].push(p);
        }
    }
    order
        .into_iter()
        .filter_map(|p| {
            let mut pieces = std::mem::take(&mut pieces_of[p]);
            trim_pieces(text, &mut pieces);
            if pieces.is_empty() {
                return None;
            }
            let prov = &doc.provisions[p];
            let section_key = doc.sections[prov.section].number.clone().unwrap_or_else(|| format!("#{}", prov.section));
            // The label within its section, and the section: the same provision whether
            // its file holds one section (paths without the number) or several.
            let own = doc.sections[prov.section].number.as_deref().and_then(|n| prov.path.strip_prefix(n));
            let label_key = format!("{section_key}|{}", own.unwrap_or(&prov.path)).to_lowercase();
            Some(Unit {
                prov: p,
                path: prov.path.clone(),
                label_key,
                section_key,
                covers: std::mem::take(&mut covers[p]),
                pieces,
                toks: Vec::new(),
                sorted_words: Vec::new(),
            })
        })
        .collect()
}

/// For each provision, the block it is shown in: itself, or for an inline provision (one
/// that begins on a line after law text of its parent's block, not after a heading) its
/// parent's block.
pub fn block_owners(doc: &Document) -> Vec<ProvId> {
    let text = doc.text();
    let mut owner: Vec<ProvId> = (0..doc.provisions.len()).collect();
    for (p, prov) in doc.provisions.iter().enumerate() {
        let Some(parent) = prov.parent.filter(|&q| q < p) else { continue };
        let before = text[..prov.span.start.min(text.len())].trim_end_matches([' ', '\t']);
        if before.is_empty() || before.ends_with('\n') {
            continue;
        }
        if doc.provision_at(before.len() - 1).is_some_and(|q| owner[q] == owner[parent]) {
            owner[p] = owner[parent];
        }
    }
    owner
}

/// Drops whitespace at the start of the first pieces and the end of the last ones (the
/// whitespace tokens a tokenized unit would begin or end with).
fn trim_pieces(text: &str, pieces: &mut Vec<Range<usize>>) {
    while let Some(first) = pieces.first_mut() {
        let s = &text[first.clone()];
        first.start += s.len() - s.trim_start().len();
        if first.start < first.end {
            break;
        }
        pieces.remove(0);
    }
    while let Some(last) = pieces.last_mut() {
        let s = &text[last.clone()];
        last.end = last.start + s.trim_end().len();
        if last.start < last.end {
            break;
        }
        pieces.pop();
    }
}

/// Pairs units with the same path and byte-identical text: the unchanged bulk of two
/// versions, found without tokenizing.
pub fn pair_identical(old: &[Unit], old_text: &str, new: &[Unit], new_text: &str) -> Vec<(usize, usize)> {
    // A path may occur more than once (a text printed twice, a section in two versions):
    // blocks are looked up by path and a hash of their bytes, and the occurrences of one
    // key pair in order. Each new block is taken once, so the work is linear.
    let mut buf = Vec::new();
    let mut by_key: FastMap<(&str, u64), VecDeque<usize>> = FastMap::default();
    for (j, u) in new.iter().enumerate() {
        by_key.entry((u.path.as_str(), u.bytes_hash(new_text, &mut buf))).or_default().push_back(j);
    }
    let mut pairs = Vec::new();
    for (i, u) in old.iter().enumerate() {
        let Some(js) = by_key.get_mut(&(u.path.as_str(), u.bytes_hash(old_text, &mut buf))) else { continue };
        // The bytes themselves decide (two texts may share a hash).
        if let Some(k) = js.iter().position(|&j| u.same_bytes(old_text, &new[j], new_text)) {
            pairs.push((i, js.remove(k).expect("a position found")));
        }
    }
    pairs
}

/// Dice similarity of two units' word multisets (a merge of their sorted word ids).
pub fn similarity(a: &Unit, b: &Unit) -> f64 {
    let (x, y) = (&a.sorted_words, &b.sorted_words);
    if x.is_empty() && y.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (x.len() + y.len()) as f64
}

/// The most [`similarity`] two units of these word counts can have.
fn similarity_bound(a: &Unit, b: &Unit) -> f64 {
    let (na, nb) = (a.sorted_words.len(), b.sorted_words.len());
    if na + nb == 0 {
        return 1.0;
    }
    2.0 * na.min(nb) as f64 / (na + nb) as f64
}

fn same_text(a: &Unit, b: &Unit) -> bool {
    a.words().eq(b.words())
}

/// The pairs that need no similarity search, in no particular order: `identical` (same
/// path, same bytes, whose units need no tokens), then by a declared redesignation
/// (`declared` gives an old path's declared new path), then the same words under another
/// label, then the same label (enumerators compared case-insensitively) with alike text
/// or a repeal notice (`repeal_notice`, per new unit) in place of the old text.
pub fn pair_strong(
    old: &[Unit],
    new: &[Unit],
    identical: &[(usize, usize)],
    declared: impl Fn(&str) -> Option<String>,
    repeal_notice: &[bool],
    same_label_min: f64,
) -> Vec<(usize, usize)> {
    let mut pairs = identical.to_vec();
    let mut old_used = vec![false; old.len()];
    let mut new_used = vec![false; new.len()];
    for &(i, j) in identical {
        old_used[i] = true;
        new_used[j] = true;
    }
    let mut take = |i: usize, j: usize, old_used: &mut Vec<bool>, new_used: &mut Vec<bool>| {
        pairs.push((i, j));
        old_used[i] = true;
        new_used[j] = true;
    };
    // 1. Declared redesignations.
    let by_path: FastMap<&str, usize> = new.iter().enumerate().map(|(j, u)| (u.path.as_str(), j)).collect();
    let mut redesignated = vec![false; old.len()];
    for (i, u) in old.iter().enumerate() {
        let Some(to) = declared(&u.path).filter(|to| *to != u.path) else { continue };
        redesignated[i] = true;
        if let Some(&j) = by_path.get(to.as_str()) {
            if !old_used[i] && !new_used[j] {
                take(i, j, &mut old_used, &mut new_used);
            }
        }
    }
    // 2. The same words under another label (moved or renumbered).
    let mut by_text: FastMap<Vec<u32>, Vec<usize>> = FastMap::default();
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
                take(i, j, &mut old_used, &mut new_used);
            }
        }
    }
    // 3. The same label, alike text (or text repealed).
    let by_label: FastMap<&str, usize> = new.iter().enumerate().map(|(j, u)| (u.label_key.as_str(), j)).collect();
    for (i, u) in old.iter().enumerate() {
        if old_used[i] || redesignated[i] {
            continue;
        }
        if let Some(&j) = by_label.get(u.label_key.as_str()) {
            if !new_used[j] && (repeal_notice[j] || same_text(u, &new[j]) || similarity(u, &new[j]) >= same_label_min) {
                take(i, j, &mut old_used, &mut new_used);
            }
        }
    }
    pairs
}

/// Pairs of (old, new) among `olds` and `news` (unit indexes) whose text is alike (at
/// least `min`), in the same section, where `allowed` permits; best pairs first. Work is
/// bounded: at most [`MAX_COMPARISONS`] comparisons per section.
pub fn pair_similar(
    old: &[Unit],
    new: &[Unit],
    olds: &[usize],
    news: &[usize],
    min: f64,
    allowed: impl Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    let mut sections: FastMap<&str, (Vec<usize>, Vec<usize>)> = FastMap::default();
    for &i in olds {
        sections.entry(old[i].section_key.as_str()).or_default().0.push(i);
    }
    for &j in news {
        sections.entry(new[j].section_key.as_str()).or_default().1.push(j);
    }
    let mut keys: Vec<&str> = sections.keys().copied().collect();
    keys.sort_unstable();
    let mut pairs = Vec::new();
    let mut old_used: FastMap<usize, ()> = FastMap::default();
    let mut new_used: FastMap<usize, ()> = FastMap::default();
    for key in keys {
        let (is, js) = &sections[key];
        if is.is_empty() || js.is_empty() || is.len() * js.len() > MAX_COMPARISONS {
            continue;
        }
        let mut scored: Vec<(f64, usize, usize)> = Vec::new();
        for &i in is {
            for &j in js {
                if similarity_bound(&old[i], &new[j]) < min || !allowed(i, j) {
                    continue;
                }
                let s = similarity(&old[i], &new[j]);
                if s >= min {
                    scored.push((s, i, j));
                }
            }
        }
        scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        for (_, i, j) in scored {
            if !old_used.contains_key(&i) && !new_used.contains_key(&j) {
                pairs.push((i, j));
                old_used.insert(i, ());
                new_used.insert(j, ());
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
