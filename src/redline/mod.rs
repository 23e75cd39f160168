//! Redlines: provisions aligned first ([`align`]), then a bounded word-level diff inside
//! each changed provision ([`diff`]), then moved text found across provisions: a run of
//! words deleted in one place and inserted in another is shown as moved, not as a
//! deletion and an insertion.

pub mod align;
pub mod diff;
pub mod tokenize;

use std::collections::HashMap;
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
}

struct Work {
    old_unit: Option<usize>,
    new_unit: Option<usize>,
    runs: Vec<Run>,
}

/// Builds the redline of `old` → `new`.
pub fn redline(old: &Document, new: &Document, budget: &Budget) -> Redline {
    let mut interner = Interner::default();
    let old_units = align::units(old, &mut interner);
    let new_units = align::units(new, &mut interner);
    let pairs = align::align(&old_units, &new_units);
    let mut partner_of_new: HashMap<usize, usize> = HashMap::new();
    let mut partner_of_old: HashMap<usize, usize> = HashMap::new();
    for &(i, j) in &pairs {
        partner_of_new.insert(j, i);
        partner_of_old.insert(i, j);
    }
    // Moved: pairs out of order (not in a longest increasing run of old positions).
    let mut paired_new: Vec<usize> = pairs.iter().map(|p| p.1).collect();
    paired_new.sort_unstable();
    let seq: Vec<usize> = paired_new.iter().map(|j| partner_of_new[j]).collect();
    let in_order: std::collections::HashSet<usize> =
        align::longest_increasing(&seq).into_iter().map(|k| seq[k]).collect();

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
                    runs: vec![Run { kind: ChunkKind::Delete, toks: 0..n, old_side: true }],
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
                let a: Vec<u32> = old_units[i].toks.iter().map(|t| t.id).collect();
                let b: Vec<u32> = nu.toks.iter().map(|t| t.id).collect();
                let outcome = diff::diff(&a, &b, budget);
                fallback |= outcome.fallback;
                let wa: Vec<u32> = old_units[i].toks.iter().map(|t| u32::from(!t.space)).collect();
                let wb: Vec<u32> = nu.toks.iter().map(|t| u32::from(!t.space)).collect();
                let runs = diff::cleanup(outcome.edits, &wa, &wb)
                    .into_iter()
                    .map(|e| match e.op {
                        Op::Equal => Run { kind: ChunkKind::Equal, toks: e.b, old_side: false },
                        Op::Insert => Run { kind: ChunkKind::Insert, toks: e.b, old_side: false },
                        Op::Delete => Run { kind: ChunkKind::Delete, toks: e.a, old_side: true },
                    })
                    .collect();
                work.push(Work { old_unit: Some(i), new_unit: Some(j), runs });
            }
            None => {
                work.push(Work {
                    old_unit: None,
                    new_unit: Some(j),
                    runs: vec![Run { kind: ChunkKind::Insert, toks: 0..nu.toks.len(), old_side: false }],
                });
            }
        }
    }
    emit_deleted_until(old_units.len(), &mut old_cursor, &mut work);
    // Each pass marks at most one move per deleted run; what is left of a run may hold
    // another move, so repeat (a bounded number of times).
    for _ in 0..16 {
        if !find_moves(&mut work, &old_units, &new_units, old, new) {
            break;
        }
    }

    let entries = work
        .into_iter()
        .map(|w| {
            let old_u = w.old_unit.map(|i| &old_units[i]);
            let new_u = w.new_unit.map(|j| &new_units[j]);
            let chunks: Vec<Chunk> = w
                .runs
                .iter()
                .filter(|r| !r.toks.is_empty())
                .map(|r| {
                    let (doc, unit) = if r.old_side { (old, old_u.unwrap()) } else { (new, new_u.unwrap()) };
                    Chunk { kind: r.kind.clone(), text: original_text(doc, &unit.toks[r.toks.clone()]) }
                })
                .collect();
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
    let mut out = String::new();
    let mut start = toks[0].start;
    let mut end = toks[0].end;
    for t in &toks[1..] {
        if t.start != end {
            out.push_str(doc.original(start..end));
            out.push_str(" … ");
            start = t.start;
        }
        end = t.end;
    }
    out.push_str(doc.original(start..end));
    out
}

/// Word positions (token indexes of non-space tokens) within a run.
fn words(unit: &Unit, toks: &Range<usize>) -> Vec<usize> {
    toks.clone().filter(|&k| !unit.toks[k].space).collect()
}

/// Finds runs deleted in one place and inserted in another, and marks the longest common
/// stretch of each such pair as moved (one move per deleted run).
fn find_moves(work: &mut [Work], old_units: &[Unit], new_units: &[Unit], old: &Document, new: &Document) -> bool {
    const SEED: usize = 6;
    // Words of each inserted and deleted run, computed once: (work, run) → (token
    // positions, token ids). Runs longer than MAX_MOVE_RUN_WORDS (a whole-text fallback)
    // are not searched for moves.
    // A run's words: their token positions and their ids.
    type Words = (Vec<usize>, Vec<u32>);
    let mut inserted: HashMap<(usize, usize), Words> = HashMap::new();
    let mut deleted: Vec<((usize, usize), Words)> = Vec::new();
    for (wi, w) in work.iter().enumerate() {
        for (ri, r) in w.runs.iter().enumerate() {
            let unit = match (&r.kind, w.old_unit, w.new_unit) {
                (ChunkKind::Insert, _, Some(j)) => &new_units[j],
                (ChunkKind::Delete, Some(i), _) => &old_units[i],
                _ => continue,
            };
            let ws = words(unit, &r.toks);
            if ws.len() < MIN_MOVE_WORDS || ws.len() > MAX_MOVE_RUN_WORDS {
                continue;
            }
            let ids: Vec<u32> = ws.iter().map(|&k| unit.toks[k].id).collect();
            if r.kind == ChunkKind::Insert {
                inserted.insert((wi, ri), (ws, ids));
            } else {
                deleted.push(((wi, ri), (ws, ids)));
            }
        }
    }
    // Index the inserted runs by their word seeds.
    let mut seeds: HashMap<&[u32], Vec<(usize, usize, usize)>> = HashMap::new();
    let mut keys: Vec<&(usize, usize)> = inserted.keys().collect();
    keys.sort_unstable();
    for key in keys {
        let ids = &inserted[key].1;
        for s in 0..=ids.len() - SEED {
            seeds.entry(&ids[s..s + SEED]).or_default().push((key.0, key.1, s));
        }
    }
    if seeds.is_empty() {
        return false;
    }
    let mut used_insert: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    // (work, run, moved tokens) of a deletion, and (work, run, moved tokens) of its insertion.
    type Move = ((usize, usize, Range<usize>), (usize, usize, Range<usize>));
    let mut moves: Vec<Move> = Vec::new();
    for ((wi, ri), (dw, did)) in &deleted {
        let mut best: Option<(usize, usize, usize, usize, usize)> = None; // len, d_start, wi, ri, i_start
        let mut examined = 0usize;
        'seeds: for s in 0..=did.len() - SEED {
            let Some(hits) = seeds.get(&did[s..s + SEED]) else { continue };
            for &(iwi, iri, is) in hits {
                examined += 1;
                if examined > MAX_MOVE_SEED_HITS {
                    break 'seeds;
                }
                if used_insert.contains(&(iwi, iri)) || (iwi, iri) == (*wi, *ri) {
                    continue;
                }
                let iid = &inserted[&(iwi, iri)].1;
                let mut len = 0;
                while s + len < did.len() && is + len < iid.len() && did[s + len] == iid[is + len] {
                    len += 1;
                }
                if best.is_none_or(|b| len > b.0) {
                    best = Some((len, s, iwi, iri, is));
                }
            }
        }
        if let Some((len, ds, iwi, iri, is)) = best.filter(|b| b.0 >= MIN_MOVE_WORDS) {
            used_insert.insert((iwi, iri));
            let iw = &inserted[&(iwi, iri)].0;
            moves.push(((*wi, *ri, dw[ds]..dw[ds + len - 1] + 1), (iwi, iri, iw[is]..iw[is + len - 1] + 1)));
        }
    }
    if moves.is_empty() {
        return false;
    }
    // Apply the moves: split each run into before / moved / after.
    let path_of = |doc: &Document, unit: &Unit| doc.display_path(unit.prov);
    let mut splits: HashMap<(usize, usize), (Range<usize>, ChunkKind)> = HashMap::new();
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
                    runs.push(Run { kind: r.kind.clone(), toks: r.toks.start..mid.start, old_side: r.old_side });
                    runs.push(Run { kind, toks: mid.clone(), old_side: r.old_side });
                    runs.push(Run { kind: r.kind, toks: mid.end..r.toks.end, old_side: r.old_side });
                }
                None => runs.push(r),
            }
        }
        w.runs = runs;
    }
    true
}
