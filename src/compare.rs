//! Comparing two versions of a statute: the redline, the scores before and after, and
//! each amendment's effect.
//!
//! The delta is reported three ways: the whole change (before → after); each amendment
//! alone on the base (marginal; an amendment that edits another's words is applied with
//! it, and the report says so); and each amendment after the ones before it
//! (sequential), so the sequential deltas add up to the whole delta.

use std::collections::BTreeSet;

use crate::error::Result;
use crate::proposal::apply::{self, with_dependencies, Stepper};
use crate::proposal::{OpKind, Proposal};
use crate::redline::diff::Budget;
use crate::redline::{Declared, Redline, Status};
use crate::rubric::standing::Reading;
use crate::rubric::{self, Confidence, Points, Rubric, Scorecard};
use crate::statute::{self, Document, ProvId};
use crate::text::Source;

/// One version of the statute, parsed and scored.
#[derive(Debug, Clone)]
pub struct Side {
    pub doc: Document,
    pub cards: Vec<Scorecard>,
}

impl Side {
    pub fn new(doc: Document, rubric: &Rubric) -> Side {
        let cards = rubric::score(&doc, rubric);
        Side { doc, cards }
    }

    /// The main scorecard.
    pub fn card(&self) -> &Scorecard {
        &self.cards[0]
    }
}

/// A category's points before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryDelta {
    pub id: String,
    pub name: String,
    pub before: Points,
    pub after: Points,
    /// The confidence of the decision before and after (a delta that rests on a review
    /// decision is marked in every output).
    pub confidence_before: Confidence,
    pub confidence_after: Confidence,
    /// What the text reads before and after (`None`: undecidable), for a scorecard whose
    /// levels may be ranges (see [`crate::rubric::standing`]).
    pub reading_before: Option<Reading>,
    pub reading_after: Option<Reading>,
}

impl CategoryDelta {
    pub fn delta(&self) -> Points {
        self.after - self.before
    }

    /// Whether the change (or the score on either side) rests on a decision flagged for
    /// review.
    pub fn rests_on_review(&self) -> bool {
        self.confidence_before == Confidence::Review || self.confidence_after == Confidence::Review
    }
}

/// A change in score: totals and every category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delta {
    pub before: Points,
    pub after: Points,
    pub categories: Vec<CategoryDelta>,
}

impl Delta {
    pub fn between(before: &Scorecard, after: &Scorecard) -> Delta {
        let categories = before
            .categories
            .iter()
            .zip(&after.categories)
            .map(|(b, a)| CategoryDelta {
                id: b.id.clone(),
                name: b.name.clone(),
                before: b.points,
                after: a.points,
                confidence_before: b.confidence(),
                confidence_after: a.confidence(),
                reading_before: Reading::of(b),
                reading_after: Reading::of(a),
            })
            .collect();
        Delta { before: before.total, after: after.total, categories }
    }

    pub fn total(&self) -> Points {
        self.after - self.before
    }

    /// Categories that gained and lost points.
    pub fn gains(&self) -> impl Iterator<Item = &CategoryDelta> {
        self.categories.iter().filter(|c| c.delta() > Points::ZERO)
    }

    pub fn losses(&self) -> impl Iterator<Item = &CategoryDelta> {
        self.categories.iter().filter(|c| c.delta() < Points::ZERO)
    }
}

/// One amendment's effect.
#[derive(Debug, Clone)]
pub struct AmendmentDelta {
    pub id: String,
    pub title: String,
    /// The group of alternatives it belongs to.
    pub group: Option<String>,
    /// Whether it was applied (every amendment of a successful run is).
    pub applied: bool,
    /// Amendments it edits the words of; its marginal delta includes them.
    pub depends_on: Vec<String>,
    /// Alone on the base (with its dependencies).
    pub marginal: Delta,
    /// After the amendments before it.
    pub sequential: Delta,
}

/// Everything `redline diff` reports.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub before: Side,
    pub after: Side,
    pub redline: Redline,
    pub delta: Delta,
    pub amendments: Vec<AmendmentDelta>,
    /// For a proposal with alternatives: every combination of them (the first is the one
    /// `before`/`after`, the redline and `delta` show). Empty otherwise.
    pub combinations: Vec<Combination>,
    /// Whether combinations were left out (more than [`MAX_COMBINATIONS`]).
    pub combinations_cut: bool,
    /// How each pair of amendments interacts, when asked for (`--interactions`).
    pub interactions: Vec<Interaction>,
}

/// The most combinations of alternatives a diff applies and scores.
pub const MAX_COMBINATIONS: usize = 32;

/// One combination of alternatives: the amendments applied, in order, and what they do.
#[derive(Debug, Clone)]
pub struct Combination {
    pub amendments: Vec<String>,
    /// The whole change.
    pub delta: Delta,
    /// Each amendment's change after the ones before it (they add up to `delta`).
    pub sequential: Vec<(String, Delta)>,
}

/// How two amendments interact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InteractionKind {
    /// Their effects add up, category by category, and they touch different provisions.
    Independent,
    /// Their effects do not add up: each one's sequential delta depends on the order.
    OrderDependent,
    /// They touch the same provision (or one edits the other's words).
    Overlapping,
    /// They strike the same words of the base: they cannot both apply.
    Conflicting,
    /// Alternatives of the same group: never applied together.
    Alternatives,
}

impl InteractionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InteractionKind::Independent => "independent",
            InteractionKind::OrderDependent => "order-dependent",
            InteractionKind::Overlapping => "overlapping",
            InteractionKind::Conflicting => "conflicting",
            InteractionKind::Alternatives => "alternatives",
        }
    }
}

/// A pair of amendments and how they interact, computed by applying them together.
#[derive(Debug, Clone)]
pub struct Interaction {
    pub a: String,
    pub b: String,
    pub kind: InteractionKind,
    /// The change with both applied (and what they depend on), when they can be.
    pub together: Option<Points>,
    /// The sum of their marginal changes.
    pub sum: Points,
    /// Whether each category's change with both is the sum of its changes with each alone.
    pub additive: Option<bool>,
    /// Provisions both touch (display paths), and whether one edits the other's words.
    pub shared: Vec<String>,
    pub dependent: bool,
    /// Why they conflict, for a conflict.
    pub conflict: Option<String>,
}

/// The most amendments whose pairs are computed (each pair is applied and scored).
pub const MAX_INTERACTION_AMENDMENTS: usize = 16;

/// Parses, scores and compares two texts of a statute, using two threads: each version
/// is parsed on its own; then the redline runs on one thread while the other scores both
/// versions and hashes both inputs for the report's provenance.
pub fn sources(before: Source, after: Source, rubric: &Rubric, budget: &Budget) -> Result<Comparison> {
    let (old, new) = std::thread::scope(|scope| {
        let new = scope.spawn(|| statute::parse(after));
        (statute::parse(before), join(new))
    });
    let (old, new) = (old?, new?);
    let (redline, (old_cards, new_cards)) = std::thread::scope(|scope| {
        let scores = scope.spawn(|| {
            let cards = (rubric::score(&old, rubric), rubric::score(&new, rubric));
            old.source.sha256();
            new.source.sha256();
            cards
        });
        (crate::redline::redline(&old, &new, budget, &Declared::default()), join(scores))
    });
    let before = Side { doc: old, cards: old_cards };
    let after = Side { doc: new, cards: new_cards };
    Ok(assemble(before, after, redline, Vec::new()))
}

/// The same two texts compared under another rubric: both sides rescored, the redline
/// kept (it does not depend on the rubric) with its categories tagged anew. Amendments are
/// not kept: a proposal or bill is compared again instead.
pub fn rescore(c: &Comparison, rubric: &Rubric) -> Comparison {
    let (before, after) = std::thread::scope(|scope| {
        let after = scope.spawn(|| Side::new(c.after.doc.clone(), rubric));
        (Side::new(c.before.doc.clone(), rubric), join(after))
    });
    let mut redline = c.redline.clone();
    for e in &mut redline.entries {
        e.categories.clear();
    }
    assemble(before, after, redline, Vec::new())
}

/// A scoped thread's result; a panic on it is resumed on the caller's thread.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Compares two texts of a statute.
pub fn texts(before: Document, after: Document, rubric: &Rubric, budget: &Budget) -> Comparison {
    let before = Side::new(before, rubric);
    let after = Side::new(after, rubric);
    finish(before, after, Vec::new(), budget, &Declared::default())
}

/// Applies a proposal to a base statute and compares.
pub fn proposal(base: &Source, proposal: &Proposal, rubric: &Rubric, budget: &Budget) -> Result<Comparison> {
    if proposal.has_alternatives() {
        return alternatives(base, proposal, rubric, budget);
    }
    let n = proposal.amendments.len();
    let all: Vec<usize> = (0..n).collect();
    let before = Side::new(statute::parse(base.clone())?, rubric);
    let derived_name = format!("{} + {}", base.name, proposal.name);
    // The scorecard after each prefix of the amendments, from one pass over them: each
    // amendment's deltas are taken as it is applied (the parse it is scored on is the one
    // the next amendment is located in), and only the previous scorecard is kept.
    let mut amendments: Vec<AmendmentDelta> = Vec::with_capacity(n);
    let mut prev: Option<Scorecard> = None;
    let mut stepper = Stepper::new(base, proposal, derived_name.clone(), None);
    for i in 0..n {
        stepper.step(i)?;
        let cards = rubric::score(stepper.doc()?, rubric);
        let a = &proposal.amendments[i];
        let depends_on = stepper.depends_on();
        let marginal = marginal_of(base, proposal, i, &all, depends_on, &before, &cards[0], rubric, &derived_name)?;
        amendments.push(AmendmentDelta {
            id: a.id.clone(),
            title: a.title.clone(),
            group: None,
            applied: true,
            depends_on: depends_on[i].iter().map(|&d| proposal.amendments[d].id.clone()).collect(),
            marginal,
            sequential: Delta::between(prev.as_ref().unwrap_or(before.card()), &cards[0]),
        });
        prev = Some(cards.into_iter().next().expect("a scoring has a scorecard"));
    }
    let cards = vec![prev.expect("a proposal has amendments")];
    let (doc, made) = stepper.into_parts()?;
    let after = Side { doc, cards };
    let mut c = finish(before, after, amendments, budget, &declared(proposal));
    name_amendments(&mut c, &made, proposal);
    Ok(c)
}

/// Names on each change of the redline the amendment that made it, from what the applier
/// recorded of the bytes it inserted and struck.
fn name_amendments(c: &mut Comparison, made: &apply::Provenance, proposal: &Proposal) {
    use crate::redline::ChunkKind;
    for entry in &mut c.redline.entries {
        for chunk in &mut entry.chunks {
            let by = match chunk.kind {
                ChunkKind::Equal => continue,
                ChunkKind::Insert | ChunkKind::MovedIn { .. } => {
                    made.inserted_by(chunk.spans.iter().map(|r| c.after.doc.file_range(r.clone())))
                }
                ChunkKind::Delete | ChunkKind::MovedOut { .. } => {
                    made.struck_by(chunk.spans.iter().map(|r| c.before.doc.file_range(r.clone())))
                }
            };
            if !by.is_empty() {
                let ids: Vec<&str> = by.iter().map(|&i| proposal.amendments[i].id.as_str()).collect();
                chunk.amendment = Some(ids.join(", "));
            }
        }
    }
}

/// The amendments `pos` (a position in `which`) needs applied first, transitively, then
/// itself, as amendment indexes in proposal order (`depends_on` is by position and holds
/// amendment indexes).
fn needs_of(pos: usize, which: &[usize], depends_on: &[BTreeSet<usize>]) -> Vec<usize> {
    let mut need = BTreeSet::from([which[pos]]);
    let mut stack = vec![pos];
    while let Some(k) = stack.pop() {
        for &d in &depends_on[k] {
            if need.insert(d) {
                if let Some(p) = which.iter().position(|&w| w == d) {
                    stack.push(p);
                }
            }
        }
    }
    need.into_iter().collect()
}

/// The change the amendment at `pos` of `which` makes alone on the base, with what it
/// depends on: the prefix's scorecard `card` when that is exactly what it needs, else
/// those applied (located in the base's parse) and scored.
#[allow(clippy::too_many_arguments)]
fn marginal_of(
    base: &Source,
    proposal: &Proposal,
    pos: usize,
    which: &[usize],
    depends_on: &[BTreeSet<usize>],
    before: &Side,
    card: &Scorecard,
    rubric: &Rubric,
    name: &str,
) -> Result<Delta> {
    let needs = needs_of(pos, which, depends_on);
    // When it needs exactly the amendments before it, this prefix is it alone.
    if needs == which[..=pos] {
        return Ok(Delta::between(before.card(), card));
    }
    let mut alone = Stepper::through(base, proposal, name.to_string(), &before.doc, &needs)?;
    Ok(Delta::between(before.card(), &rubric::score(alone.doc()?, rubric)[0]))
}

/// A proposal with alternatives: each combination applied and scored (the first is the
/// one shown), and each amendment's marginal change against the same base.
fn alternatives(base: &Source, proposal: &Proposal, rubric: &Rubric, budget: &Budget) -> Result<Comparison> {
    let before = Side::new(statute::parse(base.clone())?, rubric);
    let derived_name = format!("{} + {}", base.name, proposal.name);
    let (combos, cut) = proposal.combinations(MAX_COMBINATIONS);
    let mut by_amendment: Vec<Option<AmendmentDelta>> = vec![None; proposal.amendments.len()];
    let mut combinations = Vec::new();
    let mut first_after: Option<Side> = None;
    let mut first_made = None;
    for (k, combo) in combos.iter().enumerate() {
        let mut prev: Option<Scorecard> = None;
        let mut sequential = Vec::new();
        let mut stepper = Stepper::new(base, proposal, derived_name.clone(), None);
        for (pos, &i) in combo.iter().enumerate() {
            stepper.step(i)?;
            let a = &proposal.amendments[i];
            let cards = rubric::score(stepper.doc()?, rubric);
            let step = Delta::between(prev.as_ref().unwrap_or(before.card()), &cards[0]);
            if by_amendment[i].is_none() {
                let depends_on = stepper.depends_on();
                let marginal =
                    marginal_of(base, proposal, pos, combo, depends_on, &before, &cards[0], rubric, &derived_name)?;
                by_amendment[i] = Some(AmendmentDelta {
                    id: a.id.clone(),
                    title: a.title.clone(),
                    group: a.group.clone(),
                    applied: k == 0,
                    depends_on: depends_on[pos].iter().map(|&d| proposal.amendments[d].id.clone()).collect(),
                    marginal,
                    sequential: step.clone(),
                });
            }
            sequential.push((a.id.clone(), step));
            prev = Some(cards.into_iter().next().expect("a scoring has a scorecard"));
        }
        let card = prev.expect("a combination has amendments");
        combinations.push(Combination {
            amendments: combo.iter().map(|&i| proposal.amendments[i].id.clone()).collect(),
            delta: Delta::between(before.card(), &card),
            sequential,
        });
        if k == 0 {
            let (doc, made) = stepper.into_parts()?;
            first_after = Some(Side { doc, cards: vec![card] });
            first_made = Some(made);
        }
    }
    let after = first_after.expect("a proposal has a combination");
    let amendments = by_amendment.into_iter().flatten().collect();
    let mut c = finish(before, after, amendments, budget, &declared_of(proposal, &combos[0]));
    name_amendments(&mut c, &first_made.expect("made with the first combination"), proposal);
    c.combinations = combinations;
    c.combinations_cut = cut;
    Ok(c)
}

/// How each pair of a proposal's amendments interacts (the first
/// [`MAX_INTERACTION_AMENDMENTS`]): each pair applied together (with what they depend
/// on) and scored; `c` is the proposal's comparison (its marginal deltas).
pub fn interactions(base: &Source, proposal: &Proposal, rubric: &Rubric, c: &Comparison) -> Result<Vec<Interaction>> {
    let n = proposal.amendments.len().min(MAX_INTERACTION_AMENDMENTS);
    let base_doc = &c.before.doc;
    let derived_name = format!("{} + {}", base.name, proposal.name);
    // What each amendment touches, and needs, applied after what it depends on.
    let mut touched: Vec<BTreeSet<String>> = Vec::with_capacity(n);
    let mut needs: Vec<Vec<usize>> = Vec::with_capacity(n);
    // What each amendment depends on, by amendment index (found by id: with alternatives,
    // `c.amendments` may not hold every amendment).
    let depends: Vec<BTreeSet<usize>> = proposal
        .amendments
        .iter()
        .map(|a| {
            c.amendments.iter().find(|d| d.id == a.id).map_or_else(BTreeSet::new, |d| {
                d.depends_on.iter().filter_map(|id| proposal.amendments.iter().position(|x| &x.id == id)).collect()
            })
        })
        .collect();
    for i in 0..n {
        let need = with_dependencies(i, &depends);
        let applied = Stepper::through(base, proposal, derived_name.clone(), base_doc, &need)?.finish();
        let pos = need.iter().position(|&x| x == i).expect("an amendment needs itself");
        // A struck range's first word (not the line break before it) says where it is.
        let at = |r: &std::ops::Range<usize>| {
            let lead = base.text.get(r.clone()).map_or(0, |t| t.len() - t.trim_start().len());
            r.start + lead
        };
        touched.push(applied.touched[pos].iter().filter_map(|r| deepest_at(base_doc, at(r))).collect());
        needs.push(need);
    }
    let marginal = |i: usize| c.amendments.iter().find(|a| a.id == proposal.amendments[i].id).map(|a| &a.marginal);
    let mut out = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (&proposal.amendments[i], &proposal.amendments[j]);
            let sum = marginal(i).map_or(Points::ZERO, |d| d.total()) + marginal(j).map_or(Points::ZERO, |d| d.total());
            let shared: Vec<String> = touched[i].intersection(&touched[j]).cloned().collect();
            let dependent = needs[i].contains(&j) || needs[j].contains(&i);
            let mut cell = Interaction {
                a: a.id.clone(),
                b: b.id.clone(),
                kind: InteractionKind::Independent,
                together: None,
                sum,
                additive: None,
                shared,
                dependent,
                conflict: None,
            };
            if a.group.is_some() && a.group == b.group {
                cell.kind = InteractionKind::Alternatives;
                out.push(cell);
                continue;
            }
            let both: Vec<usize> =
                needs[i].iter().chain(&needs[j]).copied().collect::<BTreeSet<_>>().into_iter().collect();
            match Stepper::through(base, proposal, derived_name.clone(), base_doc, &both) {
                Err(e) => {
                    cell.kind = InteractionKind::Conflicting;
                    cell.conflict = Some(e.to_string().lines().next().unwrap_or_default().to_string());
                }
                Ok(mut stepped) => {
                    let together = Delta::between(c.before.card(), &rubric::score(stepped.doc()?, rubric)[0]);
                    let additive = match (marginal(i), marginal(j)) {
                        (Some(mi), Some(mj)) => together
                            .categories
                            .iter()
                            .zip(mi.categories.iter().zip(&mj.categories))
                            .all(|(t, (x, y))| t.delta() == x.delta() + y.delta()),
                        _ => false,
                    };
                    cell.together = Some(together.total());
                    cell.additive = Some(additive);
                    cell.kind = if !cell.shared.is_empty() || dependent {
                        InteractionKind::Overlapping
                    } else if !additive {
                        InteractionKind::OrderDependent
                    } else {
                        InteractionKind::Independent
                    };
                }
            }
            out.push(cell);
        }
    }
    Ok(out)
}

/// The display path of the deepest provision holding file offset `at` of `doc`.
fn deepest_at(doc: &Document, at: usize) -> Option<String> {
    let mut best: Option<(usize, ProvId)> = None;
    for (p, prov) in doc.provisions.iter().enumerate() {
        let f = doc.file_range(prov.span.clone());
        if f.start <= at && at <= f.end {
            let len = f.end - f.start;
            if best.is_none_or(|(l, _)| len <= l) {
                best = Some((len, p));
            }
        }
    }
    best.map(|(_, p)| doc.display_path(p))
}

/// What a proposal's operations declare about provisions, in the order they apply.
pub fn declared(proposal: &Proposal) -> Declared {
    let all: Vec<usize> = (0..proposal.amendments.len()).collect();
    declared_of(proposal, &all)
}

/// What the operations of the amendments `which` declare about provisions.
pub fn declared_of(proposal: &Proposal, which: &[usize]) -> Declared {
    let mut d = Declared::default();
    for op in which.iter().flat_map(|&i| &proposal.amendments[i].ops) {
        match &op.kind {
            OpKind::Redesignate { path, to } => d.redesignate(path, to),
            OpKind::Repeal { path } => d.repeal(path),
            _ => {}
        }
    }
    d
}

/// Builds a comparison from already-scored sides (bills supply their own sequence).
pub fn finish(
    before: Side,
    after: Side,
    amendments: Vec<AmendmentDelta>,
    budget: &Budget,
    declared: &Declared,
) -> Comparison {
    let redline = crate::redline::redline(&before.doc, &after.doc, budget, declared);
    assemble(before, after, redline, amendments)
}

/// The comparison of two scored versions and their redline.
fn assemble(before: Side, after: Side, mut redline: Redline, amendments: Vec<AmendmentDelta>) -> Comparison {
    let delta = Delta::between(before.card(), after.card());
    tag_categories(&mut redline, &before, &after, &delta);
    Comparison {
        before,
        after,
        redline,
        delta,
        amendments,
        combinations: Vec::new(),
        combinations_cut: false,
        interactions: Vec::new(),
    }
}

/// Tags each changed provision with the categories whose score it moved: a category that
/// changed is tagged on the changed provisions holding its evidence, before or after.
fn tag_categories(redline: &mut Redline, before: &Side, after: &Side, delta: &Delta) {
    for (ci, cd) in delta.categories.iter().enumerate() {
        if cd.delta() == Points::ZERO {
            continue;
        }
        let old_provs: BTreeSet<usize> = before.card().categories[ci].evidence.iter().map(|e| e.prov).collect();
        let new_provs: BTreeSet<usize> = after.card().categories[ci].evidence.iter().map(|e| e.prov).collect();
        for entry in redline.entries.iter_mut().filter(|e| e.status != Status::Unchanged) {
            let hit = entry.old_provs.iter().any(|p| old_provs.contains(p))
                || entry.new_provs.iter().any(|p| new_provs.contains(p));
            if hit && !entry.categories.contains(&cd.id) {
                entry.categories.push(cd.id.clone());
            }
        }
    }
}

/// The result of reading a bill and comparing the versions it marks.
#[derive(Debug, Clone)]
pub struct BillComparison {
    pub title: String,
    /// Labels of the bill sections compared, in order.
    pub sections: Vec<String>,
    pub comparison: Comparison,
    pub notes: Vec<String>,
}

/// The comparison of one bill section's two versions, as one amendment.
fn one_section(
    title: String,
    section: &crate::proposal::bill::BillSection,
    before: Side,
    after: Side,
    notes: Vec<String>,
    budget: &Budget,
) -> BillComparison {
    let delta = Delta::between(before.card(), after.card());
    let amendments = vec![AmendmentDelta {
        group: None,
        id: section.label.clone(),
        title: clip_clause(&section.clause),
        applied: true,
        depends_on: Vec::new(),
        marginal: delta.clone(),
        sequential: delta,
    }];
    let mut comparison = finish(before, after, amendments, budget, &Declared::default());
    made_by(&mut comparison, &section.label);
    BillComparison { title, sections: vec![section.label.clone()], comparison, notes }
}

/// Names `label` (a bill section, the one compared) on every change of the redline.
fn made_by(c: &mut Comparison, label: &str) {
    for chunk in c.redline.entries.iter_mut().flat_map(|e| e.chunks.iter_mut()) {
        if chunk.kind != crate::redline::ChunkKind::Equal {
            chunk.amendment = Some(label.to_string());
        }
    }
}

/// A statute file's state and section number, and whether it has front matter: from its
/// front matter (`jurisdiction`, the number in `citation`), else its first section's
/// heading.
fn statute_identity(st: &Source) -> Result<(Option<String>, Option<String>, bool)> {
    let split = crate::statute::frontmatter::split(st)?;
    let from_citation = split.front.citation.as_deref().and_then(|c| {
        c.split(|ch: char| ch.is_whitespace() || ch == '§')
            .rev()
            .find(|w| w.chars().next().is_some_and(|d| d.is_ascii_digit()))
    });
    let number = match from_citation {
        Some(n) => Some(n.trim_end_matches(['.', ',']).to_string()),
        None => statute::parse(st.clone()).ok().and_then(|d| d.sections.first().and_then(|s| s.number.clone())),
    };
    Ok((split.front.jurisdiction.clone(), number, split.present))
}

/// How many words two texts share (as multisets), for choosing the version a text amends.
fn shared_words(a: &str, b: &str) -> usize {
    let mut counts: crate::text::hash::FastMap<&str, isize> = crate::text::hash::FastMap::default();
    for w in a.split(' ') {
        *counts.entry(w).or_default() += 1;
    }
    b.split(' ')
        .filter(|w| {
            counts.get_mut(w).is_some_and(|c| {
                *c -= 1;
                *c >= 0
            })
        })
        .count()
}

/// Text compared for equality: normalized spelling, whitespace collapsed, front matter off.
pub fn comparable(text: &str) -> String {
    let body = match text.strip_prefix("+++\n").or_else(|| text.strip_prefix("\u{feff}+++\n")) {
        Some(rest) => rest.split_once("\n+++\n").map_or(text, |(_, b)| b),
        None => text,
    };
    crate::text::normalize::normalize_text(body).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Statute files for a section number: `statutes/*/<number>@*.txt` in the nearest
/// `statutes` folder above `near`.
fn statute_files(near: Option<&std::path::Path>, number: &str) -> Vec<std::path::PathBuf> {
    let mut dir = near.map(std::path::Path::to_path_buf).unwrap_or_default();
    for _ in 0..6 {
        let root = dir.join("statutes");
        if root.is_dir() {
            let mut out = Vec::new();
            for st in std::fs::read_dir(&root).into_iter().flatten().flatten() {
                for f in std::fs::read_dir(st.path()).into_iter().flatten().flatten() {
                    let name = f.file_name().to_string_lossy().to_string();
                    if name.starts_with(&format!("{number}@")) {
                        out.push(f.path());
                    }
                }
            }
            out.sort();
            return out;
        }
        if !dir.pop() {
            if dir.as_os_str().is_empty() {
                dir = std::path::PathBuf::from("..");
            } else {
                break;
            }
        }
    }
    Vec::new()
}

/// Reads a bill and compares the versions of the statute it restates. With `statute`,
/// that file is the text before.
/// A base whose state or section number differs from the bill's is refused, unless
/// `force_base`.
pub fn bill(
    src: &Source,
    statute_src: Option<&Source>,
    force_base: bool,
    rubric: &Rubric,
    budget: &Budget,
) -> Result<BillComparison> {
    bill_preferring(src, statute_src, force_base, rubric, budget, None)
}

/// [`bill`], comparing the bill section labelled `prefer` when the bill restates several
/// statutes and no statute is given (so that every scorecard of one run compares the
/// same section as the first did).
pub fn bill_preferring(
    src: &Source,
    statute_src: Option<&Source>,
    force_base: bool,
    rubric: &Rubric,
    budget: &Budget,
    prefer: Option<&str>,
) -> Result<BillComparison> {
    use crate::proposal::bill;
    bill::check(src)?;
    let (text, bill_front) = bill::body_of(src)?;
    let parsed = bill::parse(&src.name, &text);
    let mut notes = parsed.notes.clone();
    notes.insert(0, format!("read as a bill marked with {}", parsed.style.describe()));
    // Group sections by the statute they restate, in bill order. Only sections that
    // restate the whole of it chain as versions; one that restates or adds another part
    // is not combined with them (its text is not the whole section's).
    let mut groups: Vec<(Option<String>, Vec<&bill::BillSection>)> = Vec::new();
    let whole = |s: &bill::BillSection| s.target.is_none() && s.kind == bill::ClauseKind::Restate;
    for s in &parsed.sections {
        match groups.iter_mut().find(|g| g.0 == s.citation) {
            Some(g) if whole(g.1[0]) && whole(s) => g.1.push(s),
            Some(_) => notes.push(format!(
                "{} restates or adds another part of section {}; not combined with the section before it (give the statute file to see each part in place)",
                s.label,
                s.citation.as_deref().unwrap_or("?")
            )),
            None => groups.push((s.citation.clone(), vec![s])),
        }
    }
    if groups.is_empty() {
        // The markup that could not be read, where it is; else what was looked for.
        if let Some((line, column, why)) = parsed.unreadable.first() {
            return Err(crate::error::Error::at(&src.name, *line, *column, why.clone()));
        }
        let why = notes.last().cloned().unwrap_or_default();
        let why = why.strip_prefix(&format!("{}: ", src.name)).unwrap_or(&why).to_string();
        return Err(crate::error::Error::file(&src.name, why));
    }
    let derived = |label: &str, which: &str, text: &str| -> Result<Document> {
        statute::parse(Source::from_text(format!("{} [{label}, {which}]", src.name), text.to_string()))
    };
    // The statute compared: the one the given file is, else the first with
    // what the rubric grades before or after, else the first.
    // The given statute's state and section number (from its front matter, else its
    // heading), to check that it is the statute the bill amends.
    let base_id = match statute_src {
        Some(st) => Some(statute_identity(st)?),
        None => None,
    };
    let primary = match statute_src {
        Some(st) => {
            let body = comparable(&st.text);
            let number = base_id.as_ref().and_then(|b| b.1.clone());
            groups
                .iter()
                .position(|g| comparable(&g.1[0].before) == body)
                .or_else(|| groups.iter().position(|g| g.0.is_some() && g.0 == number))
                .unwrap_or(0)
        }
        None if prefer.is_some_and(|l| groups.iter().any(|g| g.1[0].label == l)) => {
            groups.iter().position(|g| Some(g.1[0].label.as_str()) == prefer).unwrap_or(0)
        }
        None => {
            let qualifies = |t: &str, label: &str| -> bool {
                !t.trim().is_empty()
                    && derived(label, "check", t).map(|d| rubric::score(&d, rubric)[0].qualifies()).unwrap_or(false)
            };
            groups
                .iter()
                .position(|g| {
                    qualifies(&g.1[0].before, &g.1[0].label) || qualifies(&g.1[g.1.len() - 1].after, &g.1[0].label)
                })
                .unwrap_or(0)
        }
    };
    for (k, (cite, secs)) in groups.iter().enumerate() {
        if k == primary {
            continue;
        }
        let labels: Vec<&str> = secs.iter().map(|s| s.label.as_str()).collect();
        let what = cite.as_deref().map_or("an unnamed section".to_string(), |c| format!("section {c}"));
        let scored = |t: &str| -> Option<Points> {
            (!t.trim().is_empty())
                .then(|| derived(labels[0], "other", t).ok())
                .flatten()
                .map(|d| rubric::score(&d, rubric)[0].total)
        };
        let (b, a) = (scored(&secs[0].before), scored(&secs[secs.len() - 1].after));
        let how = match (b, a) {
            (Some(b), Some(a)) if b == Points::ZERO && a == Points::ZERO => {
                format!("no {} before or after; not compared", rubric.subject_label())
            }
            (None, Some(a)) if a == Points::ZERO => {
                format!("new text with no {}; not compared", rubric.subject_label())
            }
            (b, a) => format!(
                "also restated, scoring {} → {}; compare it on its own to see its redline",
                b.map_or("(no text)".to_string(), |p| p.to_string()),
                a.map_or("(no text)".to_string(), |p| p.to_string())
            ),
        };
        notes.push(format!("{} restates {what}: {how}", labels.join(", ")));
    }
    let (cite, secs) = &groups[primary];
    if let (Some(st), Some((state, number, has_front))) = (statute_src, &base_id) {
        let bill_state = bill_front.as_ref().and_then(|f| f.jurisdiction.clone());
        let what = |s: &Option<String>, n: &Option<String>| match s {
            Some(s) => format!("{s} § {}", n.as_deref().unwrap_or("?")),
            None => format!("§ {}", n.as_deref().unwrap_or("?")),
        };
        let state_differs = matches!((&bill_state, state), (Some(a), Some(b)) if !a.eq_ignore_ascii_case(b));
        let number_differs = matches!((cite, number), (Some(a), Some(b)) if a != b);
        if (state_differs || number_differs) && !force_base {
            return Err(crate::error::Error::file(
                &st.name,
                format!(
                    "is {}, but {} amends {}; give the statute the bill amends, or --force-base to compare anyway",
                    what(state, number),
                    src.name,
                    what(&bill_state, cite)
                ),
            ));
        }
        if state_differs || number_differs {
            notes.push(format!(
                "--force-base: {} ({}) compared with {}, which amends {}",
                st.name,
                what(state, number),
                src.name,
                cite.as_deref().unwrap_or("?")
            ));
        }
        if !has_front {
            notes.push(format!(
                "{} has no front matter; taken as section {}, which the bill names",
                st.name,
                cite.as_deref().unwrap_or("?")
            ));
        }
    }
    let near = src.path.as_deref().and_then(std::path::Path::parent);
    let mut files = cite.as_deref().map(|c| statute_files(near, c)).unwrap_or_default();
    // A bill that names its state looks only among that state's statutes.
    if let Some(state) = bill_front.as_ref().and_then(|f| f.jurisdiction.as_deref()) {
        files.retain(|f| {
            f.parent().and_then(|d| d.file_name()).is_some_and(|d| d.to_string_lossy().eq_ignore_ascii_case(state))
        });
    }
    // Each statute file of the section, read once, with its text as compared (`None`
    // where it cannot be read). Only regular files are read (checked without opening
    // them: a named pipe there would make the read wait for a writer), each within the
    // input limit.
    let sources: Vec<Option<(Source, String)>> = files
        .iter()
        .map(|f| {
            Source::read_regular(&f.display().to_string()).ok().map(|s| {
                let c = comparable(&s.text);
                (s, c)
            })
        })
        .collect();
    // The statute file whose text is `text`, as read.
    let matching = |text: &str| -> Option<Source> {
        let want = comparable(text);
        sources.iter().flatten().find(|(_, c)| *c == want).map(|(s, _)| s.clone())
    };
    // Front matter for derived texts: from a statute file of this section, if any.
    let front = sources
        .first()
        .and_then(Option::as_ref)
        .and_then(|(s, _)| crate::statute::frontmatter::split(s).ok())
        .filter(|s| s.present)
        .map(|s| s.front);
    let with_front = |text: &str, version: String| -> String {
        match &front {
            Some(f) => {
                let mut f = f.clone();
                f.version = Some(version);
                f.provenance = Some(format!("derived from {}", src.name));
                f.source = None;
                f.notes = None;
                f.history = None;
                format!("{}{text}\n", crate::statute::frontmatter::render(&f))
            }
            None => format!("{text}\n"),
        }
    };
    let first = secs[0];
    // A bill that restates one part of a section: the whole section, from its statute
    // file, with the part replaced, when a file holds that part's current text.
    if let (Some(target), None) = (first.target.as_deref(), statute_src) {
        let last = secs[secs.len() - 1];
        let whole = sources.iter().flatten().find_map(|(f, _)| {
            let doc = statute::parse(f.clone()).ok()?;
            let p = doc.find_path(target).into_iter().next()?;
            let span = doc.file_range(doc.provisions[p].span.clone());
            (comparable(&f.text[span.clone()]) == comparable(&first.before)).then(|| (f.clone(), span))
        });
        let what = cite.as_deref().map_or("its section".to_string(), |c| format!("section {c}"));
        match whole {
            Some((base, span)) => {
                notes.push(format!(
                    "{} restates only {target} of {what}; scored the whole section from {} with that part as proposed",
                    first.label, base.name
                ));
                // The part's own text replaced; the whitespace around it kept.
                let part = &base.text[span.clone()];
                let (lead, trail) = (&part[..part.len() - part.trim_start().len()], &part[part.trim_end().len()..]);
                let after_text = format!(
                    "{}{lead}{}{trail}{}",
                    &base.text[..span.start],
                    last.after.trim(),
                    &base.text[span.end..]
                );
                let before = Side::new(statute::parse(base.clone())?, rubric);
                let after = Side::new(
                    statute::parse(Source::from_text(format!("{} [{}, proposed text]", base.name, first.label), after_text))?,
                    rubric,
                );
                return Ok(one_section(parsed.title, first, before, after, notes, budget));
            }
            None => notes.push(format!(
                "{} restates only {target} of {what}: scored that part alone (no statute file holds the whole section with its current text)",
                first.label
            )),
        }
    }
    // With no marks of deleted or inserted matter, the bill's text is only the proposed
    // text: the current one is the statute file, given or found by the citation.
    let unmarked = secs.iter().all(|s| !s.marked) && !first.before.trim().is_empty();
    // Deletions marked but no insertion (a bill's underlining lost, its brackets kept):
    // the bill's current text would hold the new words; a statute file is the current text.
    let insertions_lost =
        !unmarked && secs.iter().all(|s| !s.inserted_marked) && parsed.style == bill::Style::CapitalsBrackets;
    let nearest_file = || -> Option<Source> {
        let after = comparable(&first.after);
        let mut candidates: Vec<&(Source, String)> = sources.iter().flatten().filter(|(_, c)| *c != after).collect();
        // The version the bill amends: the one nearer the bill's current text than its
        // proposed one (deleted words are in the first only), else the nearest to both.
        let before = comparable(&first.before);
        candidates.sort_by_key(|(_, t)| {
            let (b, a) = (shared_words(t, &before), shared_words(t, &after));
            std::cmp::Reverse((b as isize - a as isize, a))
        });
        candidates.first().map(|(s, _)| s.clone())
    };
    // The statute file as the current text, the bill's last proposed text as the new one.
    let against_file = |base: Source, notes: Vec<String>| -> Result<BillComparison> {
        let before = Side::new(statute::parse(base)?, rubric);
        let text = with_front(&secs[secs.len() - 1].after, format!("as proposed in {}", first.label));
        let after = Side::new(derived(&first.label, "proposed text", &text)?, rubric);
        Ok(one_section(parsed.title.clone(), first, before, after, notes, budget))
    };
    if insertions_lost && statute_src.is_none() && !first.before.trim().is_empty() {
        match nearest_file() {
            Some(base) => {
                notes[0] = "read as a bill marking deleted matter in [brackets] and no inserted matter".to_string();
                notes.push(format!(
                    "{}: only deleted matter is marked (the underlining of new matter is lost), so the bill's current text would hold the new words; compared {} with the bill's proposed text",
                    first.label, base.name
                ));
                return against_file(base, notes);
            }
            None => notes.push(format!(
                "{}: only deleted matter is marked (the underlining of new matter is lost); the current text read from the bill may hold new words (give the statute to compare with it)",
                first.label
            )),
        }
    }
    if unmarked {
        let base = match statute_src {
            Some(st) => st.clone(),
            None => {
                match nearest_file() {
                    Some(s) => s,
                    None => {
                        return Err(crate::error::Error::file(
                            &src.name,
                            format!(
                                "{}: no deleted or inserted matter is marked (text pasted from a PDF loses the marks), so the current text cannot be read from the bill; give the statute it amends: redline diff STATUTE {}",
                                first.label, src.name
                            ),
                        ))
                    }
                }
            }
        };
        notes[0] = "read as a bill with no marks of deleted or inserted matter".to_string();
        notes.push(format!(
            "{}: no deleted or inserted matter is marked (text pasted from a PDF loses the marks); compared {} with the bill's text",
            first.label, base.name
        ));
        return against_file(base, notes);
    }
    let before_doc = match statute_src {
        Some(st) => {
            if comparable(&first.before) != comparable(&st.text) {
                notes.push(format!(
                    "{}'s current text differs from {}; compared {} with the bill's proposed text",
                    first.label, st.name, st.name
                ));
            }
            statute::parse(st.clone())?
        }
        None => match matching(&first.before) {
            Some(f) => {
                notes.push(format!("the current text in {} matches {}", first.label, f.name));
                statute::parse(f)?
            }
            None => {
                if !files.is_empty() && !first.before.trim().is_empty() {
                    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
                    notes.push(format!(
                        "the current text in {} matches no statute file of section {} ({}); compared the bill's own current text",
                        first.label,
                        cite.as_deref().unwrap_or("?"),
                        names.join(", ")
                    ));
                }
                if first.before.trim().is_empty() {
                    notes.push(match first.kind {
                        bill::ClauseKind::Adding => format!(
                            "{} adds new subdivisions to a section whose statute file is not found: scored the added text alone, against none",
                            first.label
                        ),
                        _ => format!(
                            "{} enacts new text: before it there is no law, so every score is the new law's against none",
                            first.label
                        ),
                    });
                }
                derived(
                    &first.label,
                    "current text",
                    &with_front(&first.before, format!("current text in {}", first.label)),
                )?
            }
        },
    };
    let before = Side::new(before_doc, rubric);
    let mut sides: Vec<Side> = Vec::new();
    for (i, s) in secs.iter().enumerate() {
        if i > 0 && comparable(&secs[i - 1].after) != comparable(&s.before) {
            notes.push(format!(
                "{}'s current text is not {}'s proposed text; applied in order anyway",
                s.label,
                secs[i - 1].label
            ));
        }
        if let Some(f) = matching(&s.after) {
            notes.push(format!("the proposed text in {} matches {}", s.label, f.name));
        }
        let text = with_front(&s.after, format!("as proposed in {}", s.label));
        sides.push(Side::new(derived(&s.label, "proposed text", &text)?, rubric));
    }
    let mut amendments = Vec::new();
    for (i, s) in secs.iter().enumerate() {
        let prev = if i == 0 { before.card() } else { sides[i - 1].card() };
        amendments.push(AmendmentDelta {
            group: None,
            id: s.label.clone(),
            title: clip_clause(&s.clause),
            applied: true,
            depends_on: secs[..i].iter().map(|p| p.label.clone()).collect(),
            marginal: Delta::between(before.card(), sides[i].card()),
            sequential: Delta::between(prev, sides[i].card()),
        });
    }
    let sections: Vec<String> = secs.iter().map(|s| s.label.clone()).collect();
    let after = sides.pop().expect("at least one section");
    let mut comparison = finish(before, after, amendments, budget, &Declared::default());
    // One section made every change; of several restating one statute in turn, which
    // made a change is not recorded (each restates the whole text).
    if let [only] = sections.as_slice() {
        made_by(&mut comparison, only);
    }
    Ok(BillComparison { title: parsed.title, sections, comparison, notes })
}

fn clip_clause(s: &str) -> String {
    if s.chars().count() > 120 {
        format!("{}…", s.chars().take(119).collect::<String>())
    } else {
        s.to_string()
    }
}
