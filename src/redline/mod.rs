//! Redlines: provisions aligned first ([`align`]), then a bounded word-level diff inside
//! each changed provision ([`diff`]), then moved text found across provisions: a run of
//! words deleted in one place and inserted in another is shown as moved, not as a
//! deletion and an insertion.

pub mod align;
pub mod diff;
pub mod tokenize;

use crate::text::hash::{FastMap, FastSet};
use std::ops::Range;

use crate::redline::align::{Interner, Unit};
use crate::redline::diff::{Budget, Op};
use crate::statute::{Document, ProvId};

/// Fewest words a moved run has (shorter common runs are coincidences).
pub const MIN_MOVE_WORDS: usize = 8;
/// Longest run searched for moves (longer runs are whole-text fallbacks).
pub const MAX_MOVE_RUN_WORDS: usize = 20_000;
/// Most seed matches examined for one deleted run (a deterministic bound on the work).
pub const MAX_MOVE_SEED_HITS: usize = 100_000;

/// What happened to a provision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Added,
    Deleted,
    Modified,
    Moved,
    Unchanged,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Deleted => "deleted",
            Status::Modified => "modified",
            Status::Moved => "moved",
            Status::Unchanged => "unchanged",
        }
    }
}

/// A piece of a provision's redline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChunkKind {
    Equal,
    Insert,
    Delete,
    /// Deleted here, inserted at `to` (a provision path).
    MovedOut {
        to: String,
    },
    /// Inserted here, deleted at `from`.
    MovedIn {
        from: String,
    },
}

/// A run of text with what happened to it; `text` is the original spelling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub kind: ChunkKind,
    pub text: String,
}

/// One provision's redline.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The provision's path (its new path; the old one for a deleted provision).
    pub path: String,
    /// Both paths, when the provision was renumbered.
    pub old_path: Option<String>,
    pub new_path: Option<String>,
    pub status: Status,
    pub chunks: Vec<Chunk>,
    pub old_prov: Option<ProvId>,
    pub new_prov: Option<ProvId>,
    /// Categories whose score this change moved (filled by the report).
    pub categories: Vec<String>,
}

/// A provision-aligned redline of two versions.
#[derive(Debug, Clone)]
pub struct Redline {
    pub entries: Vec<Entry>,
    /// Whether any diff fell back to the simpler form because of the budget.
    pub fallback: bool,
}

/// Internal run of one operation over a unit's tokens.
#[derive(Debug, Clone)]
struct Run {
    kind: ChunkKind,
    /// Token range in the old unit (delete, moved out, equal) or new unit (insert, moved in).
    toks: Range<usize>,
    old_side: bool,
    /// For a deletion: whether the next pass of [`find_moves`] must search it. A deletion
    /// searched without a move, whose search was not cut short, finds none later either:
    /// later insertions are only pieces of earlier ones.
    seek: bool,
}

impl Run {
    fn new(kind: ChunkKind, toks: Range<usize>, old_side: bool) -> Run {
        Run { kind, toks, old_side, seek: true }
    }
}

struct Work {
    old_unit: Option<usize>,
    new_unit: Option<usize>,
    /// The runs of a changed pair, a deleted or an added unit; empty for a pair with
    /// byte-identical text, which is one unchanged chunk.
    runs: Vec<Run>,
}

/// Builds the redline of `old` → `new`.
pub fn redline(old: &Document, new: &Document, budget: &Budget) -> Redline {
    let mut old_units = align::units(old);
    let mut new_units = align::units(new);
    // The unchanged bulk pairs by path and bytes; only the rest is tokenized and aligned.
    let identical = align::pair_identical(&old_units, old.text(), &new_units, new.text());
    let mut old_same = vec![false; old_units.len()];
    let mut new_same = vec![false; new_units.len()];
    for &(i, j) in &identical {
        old_same[i] = true;
        new_same[j] = true;
    }
    let mut interner = Interner::default();
    for (u, _) in old_units.iter_mut().zip(&old_same).filter(|(_, same)| !**same) {
        u.tokenize(old.text(), &mut interner);
    }
    for (u, _) in new_units.iter_mut().zip(&new_same).filter(|(_, same)| !**same) {
        u.tokenize(new.text(), &mut interner);
    }
    let pairs = align::align(&old_units, &new_units, &identical);
    let mut partner_of_new: FastMap<usize, usize> = FastMap::default();
    let mut partner_of_old: FastMap<usize, usize> = FastMap::default();
    for &(i, j) in &pairs {
        partner_of_new.insert(j, i);
        partner_of_old.insert(i, j);
    }
    // Moved: pairs out of order (not in a longest increasing run of old positions).
    let mut paired_new: Vec<usize> = pairs.iter().map(|p| p.1).collect();
    paired_new.sort_unstable();
    let seq: Vec<usize> = paired_new.iter().map(|j| partner_of_new[j]).collect();
    let in_order: FastSet<usize> = align::longest_increasing(&seq).into_iter().map(|k| seq[k]).collect();

    let mut fallback = false;
    let mut work: Vec<Work> = Vec::new();
    let mut old_cursor = 0usize;
    let emit_deleted_until = |limit: usize, cursor: &mut usize, work: &mut Vec<Work>| {
        while *cursor < limit {
            if !partner_of_old.contains_key(cursor) {
                let n = old_units[*cursor].toks.len();
                work.push(Work {
                    old_unit: Some(*cursor),
                    new_unit: None,
                    runs: vec![Run::new(ChunkKind::Delete, 0..n, true)],
                });
            }
            *cursor += 1;
        }
    };
    for (j, nu) in new_units.iter().enumerate() {
        match partner_of_new.get(&j) {
            Some(&i) => {
                if in_order.contains(&i) {
                    emit_deleted_until(i, &mut old_cursor, &mut work);
                }
                if new_same[j] {
                    work.push(Work { old_unit: Some(i), new_unit: Some(j), runs: Vec::new() });
                    continue;
                }
                let a: Vec<u32> = old_units[i].toks.iter().map(|t| t.id).collect();
                let b: Vec<u32> = nu.toks.iter().map(|t| t.id).collect();
                let outcome = diff::diff(&a, &b, budget);
                fallback |= outcome.fallback;
                let wa: Vec<u32> = old_units[i].toks.iter().map(|t| u32::from(!t.space)).collect();
                let wb: Vec<u32> = nu.toks.iter().map(|t| u32::from(!t.space)).collect();
                let runs = diff::cleanup(outcome.edits, &wa, &wb)
                    .into_iter()
                    .map(|e| match e.op {
                        Op::Equal => Run::new(ChunkKind::Equal, e.b, false),
                        Op::Insert => Run::new(ChunkKind::Insert, e.b, false),
                        Op::Delete => Run::new(ChunkKind::Delete, e.a, true),
                    })
                    .collect();
                work.push(Work { old_unit: Some(i), new_unit: Some(j), runs });
            }
            None => {
                work.push(Work {
                    old_unit: None,
                    new_unit: Some(j),
                    runs: vec![Run::new(ChunkKind::Insert, 0..nu.toks.len(), false)],
                });
            }
        }
    }
    emit_deleted_until(old_units.len(), &mut old_cursor, &mut work);
    // Each pass marks at most one move per deleted run; what is left of a run may hold
    // another move, so repeat (a bounded number of times).
    let mut words_cache = FastMap::default();
    for _ in 0..16 {
        if !find_moves(&mut work, &old_units, &new_units, old, new, &mut words_cache) {
            break;
        }
    }

    let entries = work
        .into_iter()
        .map(|w| {
            let old_u = w.old_unit.map(|i| &old_units[i]);
            let new_u = w.new_unit.map(|j| &new_units[j]);
            let chunks: Vec<Chunk> = match (w.runs.is_empty(), new_u) {
                (true, Some(u)) => vec![Chunk { kind: ChunkKind::Equal, text: pieces_text(new, &u.pieces) }],
                _ => w
                    .runs
                    .iter()
                    .filter(|r| !r.toks.is_empty())
                    .map(|r| {
                        let (doc, unit) = if r.old_side { (old, old_u.unwrap()) } else { (new, new_u.unwrap()) };
                        Chunk { kind: r.kind.clone(), text: original_text(doc, &unit.toks[r.toks.clone()]) }
                    })
                    .collect(),
            };
            let changed = chunks.iter().any(|c| c.kind != ChunkKind::Equal && !c.text.trim().is_empty());
            let status = match (w.old_unit, w.new_unit) {
                (Some(_), None) => Status::Deleted,
                (None, Some(_)) => Status::Added,
                (Some(i), Some(_)) if !in_order.contains(&i) => Status::Moved,
                _ if changed => Status::Modified,
                _ => Status::Unchanged,
            };
            let old_path = old_u.map(|u| old.display_path(u.prov));
            let new_path = new_u.map(|u| new.display_path(u.prov));
            let renumbered = old_path.is_some() && new_path.is_some() && old_path != new_path;
            Entry {
                path: new_path.clone().or_else(|| old_path.clone()).unwrap_or_default(),
                old_path: if renumbered { old_path } else { None },
                new_path: if renumbered { new_path } else { None },
                status,
                chunks,
                old_prov: old_u.map(|u| u.prov),
                new_prov: new_u.map(|u| u.prov),
                categories: Vec::new(),
            }
        })
        .collect();
    Redline { entries, fallback }
}

/// The original text of a run of tokens. A provision's own text can be interrupted by its
/// children; a gap between tokens is shown as " … ".
fn original_text(doc: &Document, toks: &[align::Tok]) -> String {
    join_gapped(doc, toks.iter().map(align::Tok::range))
}

/// The original text of body ranges in order: touching ranges run together, a gap between
/// two is shown as " … ".
fn join_gapped(doc: &Document, mut ranges: impl Iterator<Item = Range<usize>>) -> String {
    let mut out = String::new();
    let Some(first) = ranges.next() else { return out };
    let (mut start, mut end) = (first.start, first.end);
    for r in ranges {
        if r.start != end {
            out.push_str(doc.original(start..end));
            out.push_str(" … ");
            start = r.start;
        }
        end = r.end;
    }
    out.push_str(doc.original(start..end));
    out
}

/// Where the seeds of deleted runs occur among inserted runs.
enum SeedHits<'a> {
    /// An index of the inserted runs' seeds, asked per seed.
    Indexed(SeedIndex<'a>),
    /// Found ahead by scanning: (deleted run, start) → occurrences (inserted run, start).
    Scanned(FastMap<(usize, usize), Vec<(usize, usize)>>),
}

impl SeedHits<'_> {
    /// The occurrences of deleted run `d`'s seed at `s` (which is `seed`), in (inserted
    /// run, start) order.
    fn of<'s>(&'s self, d: usize, s: usize, seed: &'s [u32]) -> impl Iterator<Item = (usize, usize)> + 's {
        let (indexed, scanned) = match self {
            SeedHits::Indexed(index) => (Some(index.hits(seed)), None),
            SeedHits::Scanned(map) => (None, Some(map.get(&(d, s)).map_or(&[][..], Vec::as_slice).iter().copied())),
        };
        indexed.into_iter().flatten().chain(scanned.into_iter().flatten())
    }
}

/// For each (deleted sequence, start), where its seed of `len` words occurs in the
/// inserted sequences, in (sequence, start) order: the inserted ones are scanned once.
fn scan_seeds<'a>(
    deleted: impl Iterator<Item = &'a [u32]>,
    inserted: impl Iterator<Item = &'a [u32]>,
    len: usize,
) -> FastMap<(usize, usize), Vec<(usize, usize)>> {
    let deleted: Vec<&[u32]> = deleted.collect();
    let mut by_hash: FastMap<u64, Vec<(usize, usize)>> = FastMap::default();
    for (d, ids) in deleted.iter().enumerate() {
        for s in 0..=ids.len().saturating_sub(len) {
            if ids.len() >= len {
                by_hash.entry(seed_hash(&ids[s..s + len])).or_default().push((d, s));
            }
        }
    }
    let mut out: FastMap<(usize, usize), Vec<(usize, usize)>> = FastMap::default();
    for (k, ids) in inserted.enumerate() {
        for is in 0..=ids.len().saturating_sub(len) {
            if ids.len() < len {
                break;
            }
            let seed = &ids[is..is + len];
            let Some(owners) = by_hash.get(&seed_hash(seed)) else { continue };
            for &(d, s) in owners {
                if deleted[d][s..s + len] == *seed {
                    out.entry((d, s)).or_default().push((k, is));
                }
            }
        }
    }
    out
}

/// Where each run of `len` words occurs in a list of word sequences.
struct SeedIndex<'a> {
    len: usize,
    seqs: Vec<&'a [u32]>,
    /// Seed hash → first occurrence.
    head: FastMap<u64, u32>,
    /// Occurrences (sequence, start) and the next occurrence with the same hash.
    occ: Vec<(u32, u32, u32)>,
}

const NO_NEXT: u32 = u32::MAX;

impl<'a> SeedIndex<'a> {
    fn new(seqs: impl Iterator<Item = &'a [u32]>, len: usize) -> SeedIndex<'a> {
        let seqs: Vec<&[u32]> = seqs.collect();
        let mut index = SeedIndex { len, seqs, head: FastMap::default(), occ: Vec::new() };
        // Built back to front so that each chain runs front to back.
        for (k, ids) in index.seqs.iter().enumerate().rev() {
            for s in (0..=ids.len().saturating_sub(len)).rev().filter(|_| ids.len() >= len) {
                let h = seed_hash(&ids[s..s + len]);
                let next = index.head.get(&h).copied().unwrap_or(NO_NEXT);
                index.head.insert(h, index.occ.len() as u32);
                index.occ.push((k as u32, s as u32, next));
            }
        }
        index
    }

    /// The occurrences (sequence, start) of `seed`, in (sequence, start) order.
    fn hits<'s>(&'s self, seed: &'s [u32]) -> impl Iterator<Item = (usize, usize)> + 's {
        let mut at = self.head.get(&seed_hash(seed)).copied().unwrap_or(NO_NEXT);
        std::iter::from_fn(move || loop {
            if at == NO_NEXT {
                return None;
            }
            let (k, s, next) = self.occ[at as usize];
            at = next;
            let (k, s) = (k as usize, s as usize);
            if self.seqs[k][s..s + self.len] == *seed {
                return Some((k, s));
            }
        })
    }
}

fn seed_hash(seed: &[u32]) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<crate::text::hash::FastHasher>::default().hash_one(seed)
}

/// The original text of a unit's pieces; pieces that are not adjacent (a child's text
/// lies between) are joined by " … ", as [`original_text`] joins their tokens.
fn pieces_text(doc: &Document, pieces: &[Range<usize>]) -> String {
    join_gapped(doc, pieces.iter().cloned())
}

/// Word positions (token indexes of non-space tokens) within a run.
fn words(unit: &Unit, toks: &Range<usize>) -> Vec<usize> {
    toks.clone().filter(|&k| !unit.toks[k].space).collect()
}

/// Finds runs deleted in one place and inserted in another, and marks the longest common
/// stretch of each such pair as moved (one move per deleted run).
/// A run's words: their token positions and their ids.
type Words = (Vec<usize>, Vec<u32>);

/// Words of runs by (work item, side, first token, end token), kept between passes of
/// [`find_moves`]: a run that was not split keeps its words.
type WordsCache = FastMap<(usize, bool, usize, usize), std::rc::Rc<Words>>;

fn find_moves(
    work: &mut [Work],
    old_units: &[Unit],
    new_units: &[Unit],
    old: &Document,
    new: &Document,
    cache: &mut WordsCache,
) -> bool {
    const SEED: usize = 6;
    // Runs shorter than a move, or longer than MAX_MOVE_RUN_WORDS (a whole-text
    // fallback), are not searched.
    // Inserted runs in (work, run) order, which is the order seed hits are examined in.
    let mut inserted: Vec<((usize, usize), std::rc::Rc<Words>)> = Vec::new();
    let mut deleted: Vec<((usize, usize), std::rc::Rc<Words>)> = Vec::new();
    for (wi, w) in work.iter().enumerate() {
        for (ri, r) in w.runs.iter().enumerate() {
            let unit = match (&r.kind, w.old_unit, w.new_unit) {
                (ChunkKind::Insert, _, Some(j)) => &new_units[j],
                (ChunkKind::Delete, Some(i), _) if r.seek => &old_units[i],
                _ => continue,
            };
            let entry = cache.entry((wi, r.old_side, r.toks.start, r.toks.end)).or_insert_with(|| {
                let ws = words(unit, &r.toks);
                let ids: Vec<u32> = ws.iter().map(|&k| unit.toks[k].id).collect();
                std::rc::Rc::new((ws, ids))
            });
            let n = entry.0.len();
            if !(MIN_MOVE_WORDS..=MAX_MOVE_RUN_WORDS).contains(&n) {
                continue;
            }
            if r.kind == ChunkKind::Insert {
                inserted.push(((wi, ri), entry.clone()));
            } else {
                deleted.push(((wi, ri), entry.clone()));
            }
        }
    }
    if deleted.is_empty() {
        return false;
    }
    // Where each deleted run's seeds occur in the inserted runs, in (run, start) order:
    // from an index of the inserted runs' seeds, or, when the deletions left to search are
    // few (later passes), from one scan of the inserted runs against the deletions' seeds.
    let inserted_words: usize = inserted.iter().map(|(_, w)| w.1.len()).sum();
    let deleted_words: usize = deleted.iter().map(|(_, w)| w.1.len()).sum();
    let hits = if deleted_words * 8 < inserted_words {
        SeedHits::Scanned(scan_seeds(
            deleted.iter().map(|(_, w)| w.1.as_slice()),
            inserted.iter().map(|(_, w)| w.1.as_slice()),
            SEED,
        ))
    } else {
        SeedHits::Indexed(SeedIndex::new(inserted.iter().map(|(_, w)| w.1.as_slice()), SEED))
    };
    let mut used_insert = vec![false; inserted.len()];
    // (work, run, moved tokens) of a deletion, and (work, run, moved tokens) of its insertion.
    type Move = ((usize, usize, Range<usize>), (usize, usize, Range<usize>));
    let mut moves: Vec<Move> = Vec::new();
    // Deletions whose search found no move but was blocked or cut short: searched again.
    let mut again: Vec<(usize, usize)> = Vec::new();
    for (d, ((wi, ri), words)) in deleted.iter().enumerate() {
        let (dw, did) = (&words.0, &words.1);
        let mut best: Option<(usize, usize, usize, usize)> = None; // len, d_start, inserted run, i_start
        let mut examined = 0usize;
        let mut blocked = false;
        'seeds: for s in 0..=did.len() - SEED {
            // No later start can give a longer match than the best so far.
            if best.is_some_and(|b| b.0 >= did.len() - s) {
                break;
            }
            for (k, is) in hits.of(d, s, &did[s..s + SEED]) {
                examined += 1;
                if examined > MAX_MOVE_SEED_HITS {
                    blocked = true;
                    break 'seeds;
                }
                if used_insert[k] || inserted[k].0 == (*wi, *ri) {
                    blocked |= used_insert[k];
                    continue;
                }
                let iid = &inserted[k].1 .1;
                let mut len = 0;
                while s + len < did.len() && is + len < iid.len() && did[s + len] == iid[is + len] {
                    len += 1;
                }
                if best.is_none_or(|b| len > b.0) {
                    best = Some((len, s, k, is));
                }
            }
        }
        if let Some((len, ds, k, is)) = best.filter(|b| b.0 >= MIN_MOVE_WORDS) {
            used_insert[k] = true;
            let ((iwi, iri), iwords) = &inserted[k];
            let iw = &iwords.0;
            moves.push(((*wi, *ri, dw[ds]..dw[ds + len - 1] + 1), (*iwi, *iri, iw[is]..iw[is + len - 1] + 1)));
        } else if blocked {
            again.push((*wi, *ri));
        }
    }
    // Every deletion searched now needs no search later, unless blocked or split below.
    for ((wi, ri), _) in &deleted {
        work[*wi].runs[*ri].seek = false;
    }
    for (wi, ri) in again {
        work[wi].runs[ri].seek = true;
    }
    if moves.is_empty() {
        return false;
    }
    // Apply the moves: split each run into before / moved / after.
    let path_of = |doc: &Document, unit: &Unit| doc.display_path(unit.prov);
    let mut splits: FastMap<(usize, usize), (Range<usize>, ChunkKind)> = FastMap::default();
    for ((wi, ri, drange), (iwi, iri, irange)) in moves {
        let to = path_of(new, &new_units[work[iwi].new_unit.unwrap()]);
        let from = path_of(old, &old_units[work[wi].old_unit.unwrap()]);
        splits.insert((wi, ri), (drange, ChunkKind::MovedOut { to }));
        splits.insert((iwi, iri), (irange, ChunkKind::MovedIn { from }));
    }
    for (wi, w) in work.iter_mut().enumerate() {
        let mut runs = Vec::with_capacity(w.runs.len());
        for (ri, r) in w.runs.drain(..).enumerate() {
            match splits.remove(&(wi, ri)) {
                Some((mid, kind)) => {
                    runs.push(Run::new(r.kind.clone(), r.toks.start..mid.start, r.old_side));
                    runs.push(Run::new(kind, mid.clone(), r.old_side));
                    runs.push(Run::new(r.kind, mid.end..r.toks.end, r.old_side));
                }
                None => runs.push(r),
            }
        }
        w.runs = runs;
    }
    true
}
