//! Redlines that follow how laws are amended.
//!
//! A statute's text is cut into blocks (a provision with its inline children, see
//! [`align::units`]). Blocks pair first by a declared redesignation or byte-identical
//! text, then by label, and the pairs that keep their order anchor the rest. Between two
//! anchors, the blocks left on each side are diffed as one run of words, and the words
//! they share say where each old block's text went: to one new block (modified, or
//! renumbered when its label changed), to several (split), or from several into one
//! (merged). Blocks with no shared words are added or deleted, or, when a block of like
//! text sits elsewhere, moved. A block whose text becomes "[Repealed]." is repealed.
//! Section headings that changed are entries of their own. Runs of words deleted in one
//! place and inserted in another are then marked as moved.

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
    Unchanged,
    /// Same label, words changed.
    Modified,
    /// In place, under a new label (with its word changes, if any).
    Renumbered,
    /// Out of its old order (with its word changes, if any).
    Moved,
    /// Holds part of one old provision's text, the rest of which went elsewhere.
    Split,
    /// Holds the text of several old provisions.
    Merged,
    Added,
    Deleted,
    /// Its text replaced by a repeal notice ("[Repealed]."), or repealed by the proposal.
    Repealed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unchanged => "unchanged",
            Status::Modified => "modified",
            Status::Renumbered => "renumbered",
            Status::Moved => "moved",
            Status::Split => "split",
            Status::Merged => "merged",
            Status::Added => "added",
            Status::Deleted => "deleted",
            Status::Repealed => "repealed",
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
    /// The text; empty for the one chunk of an unchanged block, whose text is built when
    /// printed ([`Chunk::text_in`]).
    pub text: String,
    /// Where the text stands: body ranges of the old text for a deletion or a move out,
    /// of the new text otherwise (empty when not known). A proposal's comparison reads
    /// from them which amendment made the change.
    pub spans: Vec<Range<usize>>,
    /// The amendment that made the change (its id; the ids joined by ", " when the words
    /// come from several), when a proposal's comparison knows it.
    pub amendment: Option<String>,
}

impl Chunk {
    /// A chunk whose place is not known.
    pub fn new(kind: ChunkKind, text: impl Into<String>) -> Chunk {
        Chunk { kind, text: text.into(), spans: Vec::new(), amendment: None }
    }

    /// The chunk's text: an unchanged block's (which carries only its spans) built from
    /// `new`, the new version it was read from.
    pub fn text_in<'a>(&'a self, new: &Document) -> std::borrow::Cow<'a, str> {
        if self.text.is_empty() && !self.spans.is_empty() {
            std::borrow::Cow::Owned(pieces_text(new, &self.spans))
        } else {
            std::borrow::Cow::Borrowed(&self.text)
        }
    }

    /// A chunk of the text of `toks` in `doc`.
    fn of(kind: ChunkKind, doc: &Document, toks: &[align::Tok]) -> Chunk {
        let mut spans: Vec<Range<usize>> = Vec::new();
        for r in toks.iter().map(align::Tok::range) {
            match spans.last_mut() {
                Some(last) if last.end == r.start => last.end = r.end,
                _ => spans.push(r),
            }
        }
        Chunk { kind, text: original_text(doc, toks), spans, amendment: None }
    }
}

/// A section heading that changed: the words after the section number, before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingChange {
    pub before: String,
    pub after: String,
}

/// One provision's redline.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The provision's path (its new path; the old one for a deleted provision).
    pub path: String,
    /// Both paths, when the provision was renumbered or moved.
    pub old_path: Option<String>,
    pub new_path: Option<String>,
    pub status: Status,
    /// The old provisions whose text a split or merged provision holds.
    pub from: Vec<String>,
    /// Inline children renumbered with their parent: (old path, new path).
    pub children: Vec<(String, String)>,
    /// Set on the entry for a changed section heading (its chunks are the heading's).
    pub heading: Option<HeadingChange>,
    pub chunks: Vec<Chunk>,
    /// The old and new provisions whose text the entry shows (a block's inline children
    /// included; every source of a merge).
    pub old_provs: Vec<ProvId>,
    pub new_provs: Vec<ProvId>,
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

/// What a proposal or bill declares about its provisions: redesignations and repeals.
/// Paths are the old text's; the mapping composes redesignations in the order declared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Declared {
    /// (old path, path now), for each provision redesignated (its children follow it).
    renames: Vec<(String, String)>,
    /// Old paths of provisions repealed.
    repealed: Vec<String>,
}

impl Declared {
    /// Records that the provision now at `path` is redesignated with enumerator `to`
    /// (`(e)`, `e`, `5.`): its parent's path followed by the new enumerator.
    pub fn redesignate(&mut self, path: &str, to: &str) {
        let path = crate::statute::document::normalize_path(path);
        let value = to.trim().trim_start_matches('(').trim_end_matches(['.', ')']).trim();
        let parent = path.rfind('(').map_or("", |k| &path[..k]);
        let to = format!("{parent}({value})");
        let orig = self.original(&path);
        let mut exact = false;
        for (_, cur) in &mut self.renames {
            if let Some(rest) = under(cur, &path) {
                exact |= rest.is_empty();
                *cur = format!("{to}{rest}");
            }
        }
        if !exact {
            self.renames.push((orig, to));
        }
    }

    /// Records that the provision now at `path` is repealed.
    pub fn repeal(&mut self, path: &str) {
        let path = crate::statute::document::normalize_path(path);
        let orig = self.original(&path);
        self.repealed.push(orig);
    }

    /// The old path of the provision now at `cur`.
    fn original(&self, cur: &str) -> String {
        let best =
            self.renames.iter().filter_map(|(o, c)| under(cur, c).map(|rest| (c.len(), o, rest))).max_by_key(|x| x.0);
        best.map_or_else(|| cur.to_string(), |(_, o, rest)| format!("{o}{rest}"))
    }

    /// The declared new path of the old provision at `old`, if it was redesignated.
    fn new_path(&self, old: &str) -> Option<String> {
        let best = self
            .renames
            .iter()
            .filter_map(|(o, c)| under(old, o).map(|rest| (o.len(), c, rest)))
            .max_by_key(|x| x.0)?;
        Some(format!("{}{}", best.1, best.2))
    }

    fn is_repealed(&self, old: &str) -> bool {
        self.repealed.iter().any(|r| under(old, r).is_some())
    }
}

/// What follows `prefix` in `path` when `path` is `prefix` or a descendant of it.
fn under<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = path.strip_prefix(prefix)?;
    (rest.is_empty() || rest.starts_with('(')).then_some(rest)
}

/// Internal run of one operation over a block's tokens.
#[derive(Debug, Clone)]
struct Run {
    kind: ChunkKind,
    /// The block (an index into the old units for a deletion or a move out, else into the
    /// new units) and its token range.
    unit: usize,
    toks: Range<usize>,
    old_side: bool,
    /// For a deletion: whether the next pass of [`find_moves`] must search it. A deletion
    /// searched without a move, whose search was not cut short, finds none later either:
    /// later insertions are only pieces of earlier ones.
    seek: bool,
}

impl Run {
    fn new(kind: ChunkKind, unit: usize, toks: Range<usize>, old_side: bool) -> Run {
        Run { kind, unit, toks, old_side, seek: true }
    }
}

/// One entry being built.
struct Work {
    old_unit: Option<usize>,
    new_unit: Option<usize>,
    status: Status,
    /// Old units a split or merged block draws on.
    from: Vec<usize>,
    /// The runs of the entry; empty for a pair with byte-identical text, which is one
    /// unchanged chunk.
    runs: Vec<Run>,
    /// Sort key: (new position, order, old position).
    key: (usize, u8, usize),
    heading: Option<(HeadingChange, Vec<Chunk>, usize)>,
}

impl Work {
    fn new(old_unit: Option<usize>, new_unit: Option<usize>, status: Status, runs: Vec<Run>) -> Work {
        Work { old_unit, new_unit, status, from: Vec::new(), runs, key: (0, 0, 0), heading: None }
    }

    /// A paired old and new block, shown at the new block's place.
    fn pair(i: usize, j: usize, status: Status, runs: Vec<Run>) -> Work {
        Work { key: (j, 1, i), ..Work::new(Some(i), Some(j), status, runs) }
    }
}

/// The cleaned word diff of two token runs (spaces weigh nothing).
fn word_diff(a: &[align::Tok], b: &[align::Tok], budget: &Budget, fallback: &mut bool) -> Vec<diff::Edit> {
    let ids = |toks: &[align::Tok]| toks.iter().map(|t| t.id).collect::<Vec<u32>>();
    let weights = |toks: &[align::Tok]| toks.iter().map(|t| u32::from(!t.space)).collect::<Vec<u32>>();
    let outcome = diff::diff(&ids(a), &ids(b), budget);
    *fallback |= outcome.fallback;
    diff::cleanup(outcome.edits, &weights(a), &weights(b))
}

/// Similarity at which two blocks of the same label pair (below it, the label was
/// reused for other text: one deleted, one added, or each paired elsewhere).
const SAME_LABEL_MIN: f64 = 0.5;
/// Shared words that make a link between an old and a new block whatever their sizes.
const LINK_WORDS: usize = 10;
/// Similarity at which a deleted and an added block in different places pair as moved.
const MOVED_MIN: f64 = 0.5;

/// Whether a block's text is a repeal notice: after its enumerator, "[Repealed]",
/// "Repealed." (any case, brackets optional).
fn is_repeal_notice(doc: &Document, unit: &Unit) -> bool {
    let text = pieces_text(doc, &unit.pieces);
    let label = doc.provisions[unit.prov].label.as_deref().unwrap_or("");
    let label_value = label.trim_start_matches('(').trim_end_matches(')');
    let mut rest = text.trim_start();
    for written in [label.to_string(), format!("{label_value}.")] {
        if !written.is_empty() {
            if let Some(r) = rest.strip_prefix(written.as_str()) {
                rest = r;
                break;
            }
        }
    }
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '[' || c == '(');
    rest.len() >= 8 && rest.as_bytes()[..8].eq_ignore_ascii_case(b"repealed") && rest.split_whitespace().count() <= 12
}

/// Builds the redline of `old` → `new`, using what a proposal or bill declares.
pub fn redline(old: &Document, new: &Document, budget: &Budget, declared: &Declared) -> Redline {
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
    let repeal_notice: Vec<bool> = new_units.iter().map(|u| is_repeal_notice(new, u)).collect();
    let pairs = align::pair_strong(
        &old_units,
        &new_units,
        &identical,
        |p| declared.new_path(p),
        &repeal_notice,
        SAME_LABEL_MIN,
    );
    let mut partner_of_new: Vec<Option<usize>> = vec![None; new_units.len()];
    let mut partner_of_old: Vec<Option<usize>> = vec![None; old_units.len()];
    for &(i, j) in &pairs {
        partner_of_new[j] = Some(i);
        partner_of_old[i] = Some(j);
    }
    // Anchors: the pairs that keep their order (a longest increasing run of old
    // positions, in new order); the others moved.
    let seq: Vec<usize> = partner_of_new.iter().flatten().copied().collect();
    let in_order: FastSet<usize> = align::longest_increasing(&seq).into_iter().map(|k| seq[k]).collect();

    let mut fallback = false;
    let mut work: Vec<Work> = Vec::new();
    let pair_runs = |i: usize, j: usize, fallback: &mut bool| -> Vec<Run> {
        if new_same[j] {
            return Vec::new();
        }
        word_diff(&old_units[i].toks, &new_units[j].toks, budget, fallback)
            .into_iter()
            .map(|e| match e.op {
                Op::Equal => Run::new(ChunkKind::Equal, j, e.b, false),
                Op::Insert => Run::new(ChunkKind::Insert, j, e.b, false),
                Op::Delete => Run::new(ChunkKind::Delete, i, e.a, true),
            })
            .collect()
    };
    let label_differs = |i: usize, j: usize| old_units[i].label_key != new_units[j].label_key;
    for &(i, j) in &pairs {
        let runs = pair_runs(i, j, &mut fallback);
        let status = if !in_order.contains(&i) {
            Status::Moved
        } else if repeal_notice[j] && !is_repeal_notice(old, &old_units[i]) {
            Status::Repealed
        } else if label_differs(i, j) {
            Status::Renumbered
        } else {
            Status::Modified
        };
        work.push(Work::pair(i, j, status, runs));
    }

    // Regions: the blocks left between two anchors, section by section.
    let anchors: Vec<(usize, usize)> = {
        let mut a: Vec<(usize, usize)> = pairs.iter().copied().filter(|(i, _)| in_order.contains(i)).collect();
        a.sort_unstable_by_key(|p| p.1);
        a
    };
    let mut region_of_old = vec![usize::MAX; old_units.len()];
    let mut region_of_new = vec![usize::MAX; new_units.len()];
    let mut leftover_old: Vec<usize> = Vec::new();
    let mut leftover_new: Vec<usize> = Vec::new();
    let (mut pi, mut pj) = (0usize, 0usize);
    for (r, &(ai, aj)) in anchors.iter().chain([&(old_units.len(), new_units.len())]).enumerate() {
        let olds: Vec<usize> = (pi..ai).filter(|&i| partner_of_old[i].is_none()).collect();
        let news: Vec<usize> = (pj..aj).filter(|&j| partner_of_new[j].is_none()).collect();
        (pi, pj) = (ai + 1, aj + 1);
        // Group by section, keeping text order.
        let mut keys: Vec<&str> = Vec::new();
        for &i in &olds {
            if !keys.contains(&old_units[i].section_key.as_str()) {
                keys.push(&old_units[i].section_key);
            }
        }
        for key in keys {
            let o: Vec<usize> = olds.iter().copied().filter(|&i| old_units[i].section_key == key).collect();
            let n: Vec<usize> = news.iter().copied().filter(|&j| new_units[j].section_key == key).collect();
            if n.is_empty() {
                continue;
            }
            for &i in &o {
                region_of_old[i] = r;
            }
            for &j in &n {
                region_of_new[j] = r;
            }
            let Region { items, unlinked_old, unlinked_new, same_label } =
                region(&old_units, &new_units, &o, &n, budget, &mut fallback);
            work.extend(items);
            for (i, j) in same_label {
                let runs = pair_runs(i, j, &mut fallback);
                let status = if repeal_notice[j] { Status::Repealed } else { Status::Modified };
                work.push(Work::pair(i, j, status, runs));
            }
            leftover_old.extend(unlinked_old);
            leftover_new.extend(unlinked_new);
        }
        for &i in &olds {
            if region_of_old[i] == usize::MAX {
                leftover_old.push(i);
            }
        }
        for &j in &news {
            if region_of_new[j] == usize::MAX {
                leftover_new.push(j);
            }
        }
    }
    // Leftovers: a deleted block whose like sits in another place moved there.
    leftover_old.sort_unstable();
    leftover_new.sort_unstable();
    let moved = align::pair_similar(&old_units, &new_units, &leftover_old, &leftover_new, MOVED_MIN, |i, j| {
        region_of_old[i] == usize::MAX || region_of_old[i] != region_of_new[j]
    });
    let mut moved_old = FastSet::default();
    let mut moved_new = FastSet::default();
    for &(i, j) in &moved {
        moved_old.insert(i);
        moved_new.insert(j);
        let runs = pair_runs(i, j, &mut fallback);
        work.push(Work::pair(i, j, Status::Moved, runs));
    }
    // A deleted block is shown after the new home of the old block before it.
    let mut home: Vec<Option<usize>> = vec![None; old_units.len()];
    for w in &work {
        for i in w.old_unit.iter().chain(&w.from) {
            home[*i] = home[*i].max(w.new_unit);
        }
    }
    let mut after_home: Vec<(usize, u8)> = Vec::with_capacity(old_units.len());
    let mut last = (0, 0);
    for h in &home {
        after_home.push(last);
        if let Some(j) = h {
            last = (*j, 3);
        }
    }
    for &i in leftover_old.iter().filter(|i| !moved_old.contains(i)) {
        let n = old_units[i].toks.len();
        let status = if declared.is_repealed(&old_units[i].path) { Status::Repealed } else { Status::Deleted };
        let mut w = Work::new(Some(i), None, status, vec![Run::new(ChunkKind::Delete, i, 0..n, true)]);
        w.key = (after_home[i].0, after_home[i].1, i);
        work.push(w);
    }
    for &j in leftover_new.iter().filter(|j| !moved_new.contains(j)) {
        let n = new_units[j].toks.len();
        let mut w = Work::new(None, Some(j), Status::Added, vec![Run::new(ChunkKind::Insert, j, 0..n, false)]);
        w.key = (j, 1, 0);
        work.push(w);
    }
    work.extend(heading_changes(old, new, &new_units, &mut interner, budget, &mut fallback));
    work.sort_by_key(|w| w.key);

    // Each pass marks at most one move per deleted run; what is left of a run may hold
    // another move, so repeat (a bounded number of times).
    let mut words_cache = FastMap::default();
    for _ in 0..16 {
        if !find_moves(&mut work, &old_units, &new_units, old, new, &mut words_cache) {
            break;
        }
    }
    let entries = work.into_iter().map(|w| entry(w, &old_units, &new_units, old, new)).collect();
    Redline { entries, fallback }
}

/// The entry a piece of work becomes.
fn entry(w: Work, old_units: &[Unit], new_units: &[Unit], old: &Document, new: &Document) -> Entry {
    if let Some((heading, chunks, section)) = w.heading {
        let root = new.sections[section].root;
        return Entry {
            path: new.display_path(root),
            old_path: None,
            new_path: None,
            status: Status::Modified,
            from: Vec::new(),
            children: Vec::new(),
            heading: Some(heading),
            chunks,
            old_provs: Vec::new(),
            new_provs: vec![root],
            categories: Vec::new(),
        };
    }
    let old_u = w.old_unit.map(|i| &old_units[i]);
    let new_u = w.new_unit.map(|j| &new_units[j]);
    let chunks: Vec<Chunk> = match (w.runs.is_empty(), new_u) {
        // An unchanged block's text is built only when printed ([`Chunk::text_in`]): most
        // formats show a count of them, and a code title holds thousands.
        (true, Some(u)) if w.status == Status::Modified => {
            vec![Chunk { spans: u.pieces.clone(), ..Chunk::new(ChunkKind::Equal, String::new()) }]
        }
        (true, Some(u)) => vec![Chunk::new(ChunkKind::Equal, pieces_text(new, &u.pieces))],
        _ => w
            .runs
            .iter()
            .filter(|r| !r.toks.is_empty())
            .map(|r| {
                let (doc, unit) = if r.old_side { (old, &old_units[r.unit]) } else { (new, &new_units[r.unit]) };
                Chunk::of(r.kind.clone(), doc, &unit.toks[r.toks.clone()])
            })
            .collect(),
    };
    // Runs of one kind that meet (pieces of different blocks) are one chunk.
    let mut merged: Vec<Chunk> = Vec::with_capacity(chunks.len());
    for c in chunks {
        match merged.last_mut() {
            Some(last) if last.kind == c.kind && matches!(c.kind, ChunkKind::Delete | ChunkKind::Insert) => {
                last.text.push_str(&c.text);
                last.spans.extend(c.spans);
            }
            _ => merged.push(c),
        }
    }
    let chunks = merged;
    let changed = chunks.iter().any(|c| c.kind != ChunkKind::Equal && !c.text.trim().is_empty());
    let status = match w.status {
        Status::Modified if !changed => Status::Unchanged,
        s => s,
    };
    let old_path = old_u.map(|u| old.display_path(u.prov));
    let new_path = new_u.map(|u| new.display_path(u.prov));
    // A label that differs only in case (new matter printed in capitals) is the same; a
    // section root is shown by its citation, which may differ between the two files.
    let renumbered = matches!((old_u, new_u), (Some(a), Some(b)) if a.label_key != b.label_key);
    let mut children = Vec::new();
    if let (Some(ou), Some(nu), true) = (old_u, new_u, renumbered) {
        for &c in &nu.covers {
            let rest = &new.provisions[c].path[nu.path.len().min(new.provisions[c].path.len())..];
            let was = ou.covers.iter().find(|&&d| old.provisions[d].path.get(ou.path.len()..) == Some(rest));
            if let Some(&d) = was {
                children.push((old.display_path(d), new.display_path(c)));
            }
        }
    }
    let provs = |u: &Unit| std::iter::once(u.prov).chain(u.covers.iter().copied()).collect::<Vec<_>>();
    let mut old_provs: Vec<ProvId> = old_u.map(provs).unwrap_or_default();
    for &i in &w.from {
        old_provs.extend(provs(&old_units[i]));
    }
    Entry {
        path: new_path.clone().or_else(|| old_path.clone()).unwrap_or_default(),
        old_path: if renumbered { old_path } else { None },
        new_path: if renumbered { new_path } else { None },
        status,
        from: w.from.iter().map(|&i| old.display_path(old_units[i].prov)).collect(),
        children,
        heading: None,
        chunks,
        old_provs,
        new_provs: new_u.map(provs).unwrap_or_default(),
        categories: Vec::new(),
    }
}

/// One side of a region: its blocks and where each begins among the side's tokens
/// (`starts` has one more entry, the total).
struct Flat {
    blocks: Vec<usize>,
    starts: Vec<usize>,
}

impl Flat {
    /// The block (index into `blocks`) and token of position `k`.
    fn at(&self, k: usize) -> (usize, usize) {
        let i = self.starts.partition_point(|&s| s <= k) - 1;
        (i, k - self.starts[i])
    }

    /// A range of positions cut at block boundaries: (block, its token range).
    fn pieces(&self, r: Range<usize>) -> Vec<(usize, Range<usize>)> {
        let mut out = Vec::new();
        let mut k = r.start;
        while k < r.end {
            let (i, t) = self.at(k);
            let len = (r.end - k).min(self.starts[i + 1] - k);
            out.push((self.blocks[i], t..t + len));
            k += len;
        }
        out
    }
}

/// What a region's diff found.
struct Region {
    /// Entries of the new blocks that share words with old ones.
    items: Vec<Work>,
    /// Old and new blocks that share no words with the other side.
    unlinked_old: Vec<usize>,
    unlinked_new: Vec<usize>,
    /// Such blocks with the same label: a provision rewritten in place.
    same_label: Vec<(usize, usize)>,
}

/// A run of a region's diff: the new block it is shown under, the run, and for an
/// equality the old block and tokens it matches.
type Placed = (Option<usize>, Run, Option<(usize, Range<usize>)>);

/// The region between two anchors of one section: `olds` and `news` (block indexes, in
/// text order) diffed as one run of words each. Returns the entries of the blocks that
/// share words, the old and new blocks that share none with the other side, and the
/// pairs of such blocks with the same label (a provision rewritten in place).
fn region(
    old_units: &[Unit],
    new_units: &[Unit],
    olds: &[usize],
    news: &[usize],
    budget: &Budget,
    fallback: &mut bool,
) -> Region {
    // The tokens of each side in order, with their ids and weights; where each block
    // begins among them (positions are found by binary search: a region can hold
    // millions of tokens).
    let flat = |units: &[Unit], which: &[usize]| {
        let mut starts = Vec::with_capacity(which.len() + 1);
        let (mut ids, mut weight) = (Vec::new(), Vec::new());
        for &u in which {
            starts.push(ids.len());
            ids.extend(units[u].toks.iter().map(|t| t.id));
            weight.extend(units[u].toks.iter().map(|t| u32::from(!t.space)));
        }
        starts.push(ids.len());
        (Flat { blocks: which.to_vec(), starts }, ids, weight)
    };
    let (oa, oids, ow) = flat(old_units, olds);
    let (na, nids, nw) = flat(new_units, news);
    let outcome = diff::diff(&oids, &nids, budget);
    *fallback |= outcome.fallback;
    let edits = diff::cleanup(outcome.edits, &ow, &nw);
    // Runs in order, each with the new block it is shown under (a deletion: the block
    // of the last new word before it, or of the first after it).
    let mut ordered: Vec<Placed> = Vec::new();
    let mut links: FastMap<(usize, usize), usize> = FastMap::default();
    let mut cur: Option<usize> = None;
    for e in edits {
        match e.op {
            Op::Insert => {
                for (u, toks) in na.pieces(e.b) {
                    cur = Some(u);
                    ordered.push((Some(u), Run::new(ChunkKind::Insert, u, toks, false), None));
                }
            }
            Op::Delete => {
                // The start of an old block (its old enumerator) goes with what follows.
                for (u, toks) in oa.pieces(e.a) {
                    let shown = if toks.start == 0 { None } else { cur };
                    ordered.push((shown, Run::new(ChunkKind::Delete, u, toks, true), None));
                }
            }
            Op::Equal => {
                // Cut where either side's block changes.
                let (mut a, mut b) = (e.a.start, e.b.start);
                while a < e.a.end {
                    let (oi, ot0) = oa.at(a);
                    let (ni, nt0) = na.at(b);
                    let len = (e.a.end - a).min(oa.starts[oi + 1] - a).min(na.starts[ni + 1] - b);
                    let (ou, nu) = (oa.blocks[oi], na.blocks[ni]);
                    let words = nw[b..b + len].iter().sum::<u32>() as usize;
                    *links.entry((ou, nu)).or_default() += words;
                    let (ot, nt) = (ot0..ot0 + len, nt0..nt0 + len);
                    cur = Some(nu);
                    ordered.push((Some(nu), Run::new(ChunkKind::Equal, nu, nt, false), Some((ou, ot))));
                    a += len;
                    b += len;
                }
            }
        }
    }
    // Deletions not yet placed are shown under the next new word's block, or at the end
    // under the last one.
    // The start of an old block goes where the block's next shared words are.
    let mut next: Option<usize> = None;
    let mut next_of_old: FastMap<usize, usize> = FastMap::default();
    for x in ordered.iter_mut().rev() {
        if !x.1.old_side {
            next = x.0;
        }
        if let (Some((ou, _)), Some(shown)) = (&x.2, x.0) {
            next_of_old.insert(*ou, shown);
        }
        if x.0.is_none() {
            x.0 = next_of_old.get(&x.1.unit).copied().or(next);
        }
    }
    let mut prev: Option<usize> = news.first().copied();
    for x in &mut ordered {
        x.0 = x.0.or(prev);
        prev = x.0;
    }
    let words = |u: &Unit| u.toks.iter().filter(|t| !t.space).count();
    // A link is the old block's text going to the new one when it is more than the few
    // common words two texts share by chance: a quarter of the smaller block, or a
    // sentence's worth of words (a split sentence in a long block).
    let strong = |i: usize, j: usize| {
        let w = links.get(&(i, j)).copied().unwrap_or(0);
        let least = words(&old_units[i]).min(words(&new_units[j]));
        w > 0 && w >= least.min(3) && (4 * w >= least || w >= LINK_WORDS)
    };
    let mut sources: FastMap<usize, Vec<usize>> = FastMap::default();
    let mut targets: FastMap<usize, Vec<usize>> = FastMap::default();
    let mut keys: Vec<(usize, usize)> = links.keys().copied().collect();
    keys.sort_unstable();
    for (i, j) in keys {
        if strong(i, j) {
            sources.entry(j).or_default().push(i);
            targets.entry(i).or_default().push(j);
        }
    }
    // Words shared by chance are a deletion and an insertion.
    let mut runs_of: FastMap<usize, Vec<Run>> = FastMap::default();
    for (shown, run, peer) in ordered {
        let shown = shown.expect("a region has a new block");
        let mut place = |run: Run| {
            if !run.old_side {
                runs_of.entry(shown).or_default().push(run);
                return;
            }
            // The words of an old block with no strong link are its own entry's; those of
            // a linked one go with a block its text went to (the nearest from here).
            let Some(homes) = targets.get(&run.unit) else { return };
            let home = if homes.contains(&shown) {
                shown
            } else {
                homes.iter().copied().find(|&j| j > shown).unwrap_or(homes[homes.len() - 1])
            };
            runs_of.entry(home).or_default().push(run);
        };
        match peer {
            Some((ou, ot)) if !strong(ou, run.unit) => {
                place(Run::new(ChunkKind::Delete, ou, ot, true));
                place(Run::new(ChunkKind::Insert, run.unit, run.toks, false));
            }
            _ => place(run),
        }
    }
    let mut items = Vec::new();
    let mut unlinked_new = Vec::new();
    for &j in news {
        let runs = runs_of.remove(&j).unwrap_or_default();
        let from = sources.get(&j).cloned().unwrap_or_default();
        let mut w = match from.as_slice() {
            // New text, shown with any deletions that fell beside it.
            [] if runs.iter().any(|r| r.old_side) => Work::new(None, Some(j), Status::Added, runs),
            [] => {
                unlinked_new.push(j);
                continue;
            }
            [i] if targets[i].len() == 1 => {
                let status = if old_units[*i].label_key != new_units[j].label_key {
                    Status::Renumbered
                } else {
                    Status::Modified
                };
                Work::new(Some(*i), Some(j), status, runs)
            }
            [_] => Work { from, ..Work::new(None, Some(j), Status::Split, runs) },
            _ => Work { from, ..Work::new(None, Some(j), Status::Merged, runs) },
        };
        w.key = (j, 1, 0);
        items.push(w);
    }
    // An old block with no strong link is deleted here (or moved, if its like is
    // elsewhere): its words are shown by its own entry.
    let mut unlinked_old: Vec<usize> = olds.iter().copied().filter(|i| !targets.contains_key(i)).collect();
    // What is left under the same label in the same place was rewritten: one provision.
    let mut same_label = Vec::new();
    unlinked_new.retain(|&j| {
        let found = unlinked_old.iter().position(|&i| old_units[i].label_key == new_units[j].label_key);
        found.map(|k| same_label.push((unlinked_old.remove(k), j))).is_none()
    });
    Region { items, unlinked_old, unlinked_new, same_label }
}

/// Entries for section headings whose words changed, for sections found in both texts by
/// number (or the one section of each text).
fn heading_changes(
    old: &Document,
    new: &Document,
    new_units: &[Unit],
    interner: &mut Interner,
    budget: &Budget,
    fallback: &mut bool,
) -> Vec<Work> {
    let mut out = Vec::new();
    let single = old.sections.len() == 1 && new.sections.len() == 1;
    for (ns, section) in new.sections.iter().enumerate() {
        let os = if single { Some(0) } else { section.number.as_deref().and_then(|n| old.section_by_number(n)) };
        let Some(os) = os else { continue };
        let (Some(hb), Some(ha)) = (old.sections[os].heading.clone(), section.heading.clone()) else { continue };
        let (before, after) = (heading_words(old, os, hb), heading_words(new, ns, ha));
        let (mut ta, mut tb) = (Vec::new(), Vec::new());
        align::push_tokens(old.text(), before.clone(), interner, &mut ta);
        align::push_tokens(new.text(), after.clone(), interner, &mut tb);
        let words = |toks: &[align::Tok]| toks.iter().filter(|t| !t.space).map(|t| t.id).collect::<Vec<_>>();
        if words(&ta) == words(&tb) {
            continue;
        }
        let chunks = word_diff(&ta, &tb, budget, fallback)
            .into_iter()
            .filter_map(|e| {
                let (kind, doc, toks) = match e.op {
                    Op::Equal => (ChunkKind::Equal, new, &tb[e.b]),
                    Op::Insert => (ChunkKind::Insert, new, &tb[e.b]),
                    Op::Delete => (ChunkKind::Delete, old, &ta[e.a]),
                };
                (!toks.is_empty()).then(|| Chunk::of(kind, doc, toks))
            })
            .collect();
        let change = HeadingChange {
            before: old.original(before).trim().to_string(),
            after: new.original(after).trim().to_string(),
        };
        let first = new_units.iter().position(|u| new.provisions[u.prov].section == ns).unwrap_or(new_units.len());
        let mut w = Work::new(None, None, Status::Modified, Vec::new());
        w.key = (first, 0, 0);
        w.heading = Some((change, chunks, ns));
        out.push(w);
    }
    out
}

/// The words of a section's heading after its number (and the punctuation after it).
fn heading_words(doc: &Document, section: usize, heading: Range<usize>) -> Range<usize> {
    let text = &doc.text()[heading.clone()];
    let mut start = 0;
    if let Some(n) = doc.sections[section].number.as_deref() {
        if let Some(k) = text.find(n) {
            start = k + n.len();
        }
    }
    let rest = &text[start..];
    let skip = rest.len()
        - rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ':' | ']' | '-' | '—' | '–')).len();
    let end = text.trim_end().len().max(start + skip);
    heading.start + start + skip..heading.start + end
}

/// The original text of a run of tokens. A block's text can be interrupted by a child on
/// a line of its own; such a gap between tokens is shown as " … ".
fn original_text(doc: &Document, toks: &[align::Tok]) -> String {
    join_gapped(doc, toks.iter().map(align::Tok::range))
}

/// The original text of body ranges in order: touching ranges run together, a gap between
/// two is shown as " … " (with no space doubled around it).
fn join_gapped(doc: &Document, mut ranges: impl Iterator<Item = Range<usize>>) -> String {
    let mut out = String::new();
    let Some(first) = ranges.next() else { return out };
    let (mut start, mut end) = (first.start, first.end);
    for r in ranges {
        if r.start != end {
            out.push_str(doc.original(start..end).trim_end());
            out.push_str(" … ");
            start = r.start;
            let s = doc.text()[r.clone()].trim_start();
            start += r.len() - s.len();
            end = r.end.max(start);
            continue;
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

/// Words of runs by (block, side, first token, end token), kept between passes of
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
            let unit = match &r.kind {
                ChunkKind::Insert => &new_units[r.unit],
                ChunkKind::Delete if r.seek => &old_units[r.unit],
                _ => continue,
            };
            let entry = cache.entry((r.unit, r.old_side, r.toks.start, r.toks.end)).or_insert_with(|| {
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
                // Text deleted and inserted within one entry is an edit there, not a move.
                if used_insert[k] || inserted[k].0 .0 == *wi {
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
        let to = path_of(new, &new_units[work[iwi].runs[iri].unit]);
        let from = path_of(old, &old_units[work[wi].runs[ri].unit]);
        splits.insert((wi, ri), (drange, ChunkKind::MovedOut { to }));
        splits.insert((iwi, iri), (irange, ChunkKind::MovedIn { from }));
    }
    for (wi, w) in work.iter_mut().enumerate() {
        let mut runs = Vec::with_capacity(w.runs.len());
        for (ri, r) in w.runs.drain(..).enumerate() {
            match splits.remove(&(wi, ri)) {
                Some((mid, kind)) => {
                    runs.push(Run::new(r.kind.clone(), r.unit, r.toks.start..mid.start, r.old_side));
                    runs.push(Run::new(kind, r.unit, mid.clone(), r.old_side));
                    runs.push(Run::new(r.kind, r.unit, mid.end..r.toks.end, r.old_side));
                }
                None => runs.push(r),
            }
        }
        w.runs = runs;
    }
    true
}
