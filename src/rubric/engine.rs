//! Scoring a statute under a rubric.
//!
//! 1. Scope: the sections that grant the relief the scorecard grades (the rubric's
//!    `[applies]` test), grouped with the sections that cite them or that they cite, and
//!    with sections the front matter `includes` (definitions). A file with one statute
//!    has one group; a code volume may have several, each scored on its own.
//! 2. Clauses: each category reads the sentences its clauses select.
//! 3. Levels: tested in the rubric's order; the first level with a firing rule decides,
//!    with every match of that level as evidence. No rule firing means the default level,
//!    with a note saying what was looked for.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::rc::Rc;

use crate::rubric::context;
use crate::rubric::model::{Applies, Category, Combine, ContextKind, Rubric, Rule, WHOLE_STATUTE};
use crate::rubric::pattern::{Hay, Pattern};
use crate::rubric::points::Points;
use crate::statute::{Document, ProvId, Sentence};
use crate::text::keyed_in;

/// Quoted statutory words that decided (or bear on) a score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The provision path (`""` for a section root of a single-section file).
    pub provision: String,
    /// The provision's index in the scored document.
    pub prov: ProvId,
    /// The path as shown to users (a root shows the section's citation).
    pub display: String,
    /// Range in the normalized body text.
    pub body_range: Range<usize>,
    /// Byte range in the file as read.
    pub start: usize,
    pub end: usize,
    /// 1-based line and column of `start` in the file.
    pub line: usize,
    pub column: usize,
    /// The original text at `start..end`.
    pub quote: String,
    /// The rule that matched.
    pub rule: String,
}

/// How a category's points were decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// A rule of the level fired.
    Rule,
    /// No rule fired: the default level for silence.
    Default,
    /// The statute is not one the scorecard grades (no trafficking-specific relief).
    NotApplicable,
    /// The category cannot be decided from this text (the rubric has no rules for it, or
    /// the text does not grant what its own `applies` test looks for): a published
    /// figure, where there is one, stands.
    Undecidable,
}

/// How sure a category's decision is, from its basis and any review flag: the
/// confidence every output shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidence {
    /// A rule of the level fired; the evidence quotes its words.
    Rule,
    /// No rule fired: the default for silence; the note says what was looked for.
    Default,
    /// The engine could not decide with confidence; the review note says why.
    Review,
    /// The statute is not one the scorecard grades.
    NotApplicable,
    /// An analyst's override decides the points (shown with its reason).
    Override,
    /// The text cannot decide the category.
    Undecidable,
}

impl Confidence {
    /// `rule`, `default`, `review`, `not applicable`.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Rule => "rule",
            Confidence::Default => "default",
            Confidence::Review => "review",
            Confidence::NotApplicable => "not applicable",
            Confidence::Override => "override",
            Confidence::Undecidable => "undecidable",
        }
    }
}

impl CategoryScore {
    /// The confidence of this decision (an override outranks a review flag, which
    /// outranks the basis).
    pub fn confidence(&self) -> Confidence {
        if self.override_.is_some() {
            return Confidence::Override;
        }
        if self.review.is_some() {
            return Confidence::Review;
        }
        match self.basis {
            Basis::Rule => Confidence::Rule,
            Basis::Default => Confidence::Default,
            Basis::NotApplicable => Confidence::NotApplicable,
            Basis::Undecidable => Confidence::Undecidable,
        }
    }
}

/// An analyst's override of a category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub points: Points,
    pub reason: String,
    /// The points the engine computed.
    pub computed: Points,
    /// The wording of the level the engine reached.
    pub computed_level: String,
}

/// One category's result.
#[derive(Debug, Clone)]
pub struct CategoryScore {
    pub id: String,
    pub name: String,
    /// Points counted (the override's, when there is one); the low end of a range.
    pub points: Points,
    /// The top of the range, where the method does not fix the level's points.
    pub upto: Option<Points>,
    pub max: Points,
    /// The scorecard's wording of the level reached.
    pub level: String,
    /// The published status the level stands for.
    pub status: Option<String>,
    /// The words that let the category be read at all (its own `applies` test).
    pub gate: Option<Evidence>,
    pub basis: Basis,
    pub evidence: Vec<Evidence>,
    pub note: Option<String>,
    /// Why an analyst should review this category, when the engine is not confident.
    pub review: Option<String>,
    pub override_: Option<Override>,
    /// Matches that did not count because a context defeated them (a negation, a
    /// raised standard, someone else's duty).
    pub not_counted: Vec<NotCounted>,
}

/// A match a context defeated: the words (the context's included) and what defeated it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotCounted {
    pub evidence: Evidence,
    /// The context's id in the rubric.
    pub context: String,
    /// `negation`, `comparison`, `proviso` or `actor`.
    pub kind: &'static str,
}

/// A scored statute (one group of sections).
#[derive(Debug, Clone)]
pub struct Scorecard {
    /// Sections scored, as indexes into the document's sections.
    pub sections: Vec<usize>,
    /// Their numbers (unnumbered sections are left out).
    pub section_numbers: Vec<String>,
    /// Provisions left out as other grounds of relief (a general law with a trafficking
    /// ground), as display paths.
    pub excluded: Vec<String>,
    /// A label for the scope: the citation, or the section numbers.
    pub scope: String,
    /// The words that make the statute one the scorecard grades.
    pub applies: Option<Evidence>,
    pub categories: Vec<CategoryScore>,
    pub total: Points,
    pub max: Points,
}

impl Scorecard {
    /// Whether the text is one the scorecard grades: the rubric's test, or some category's
    /// own, found what it looks for.
    pub fn qualifies(&self) -> bool {
        self.applies.is_some() || self.categories.iter().any(|c| c.gate.is_some())
    }
}

/// A document with its [`match_text`](crate::rubric::pattern::match_text), and where
/// each of the rubric's patterns could match.
///
/// The occurrences are found only in some ranges of the text (a whole code volume is
/// searched for the subject's words first, and fully only where they occur); a context
/// answers only for text inside its ranges.
struct Ctx<'d> {
    doc: &'d Document,
    lower: &'d str,
    /// By pattern id: where the pattern's required prefixes occur (`None`: anywhere).
    occurrences: Vec<Option<Vec<u32>>>,
    /// What [`context::Finder::all_in`] found, by (pattern id, range searched), and how
    /// many entries and ranges that holds (emptied past [`FOUND_BUDGET`]).
    found: RefCell<(FoundCache, usize)>,
    /// The empty answer, shared (most answers are empty).
    nothing: Rc<[Range<usize>]>,
    /// The lead-in of each provision's list, once computed (see [`lead_windows`]).
    leads: RefCell<HashMap<ProvId, Option<Range<usize>>>>,
}

/// Matches found, by (pattern id, start and end of the range searched).
type FoundCache = HashMap<(u32, u32, u32), Rc<[Range<usize>]>>;

impl<'d> Ctx<'d> {
    /// A context over the whole text with every pattern's prefixes.
    fn whole(doc: &'d Document, rubric: &Rubric, lower: &'d str) -> Self {
        let occurrences = rubric.literal_index().occurrences(lower);
        Ctx::new(doc, lower, occurrences)
    }

    /// A context over the given sections (their whole spans) with every pattern's prefixes.
    fn sections(doc: &'d Document, rubric: &Rubric, lower: &'d str, sections: &BTreeSet<usize>) -> Self {
        let mut ranges: Vec<Range<usize>> = Vec::new();
        for &i in sections {
            let span = doc.sections[i].span.clone();
            match ranges.last_mut() {
                Some(last) if last.end >= span.start => last.end = last.end.max(span.end),
                _ => ranges.push(span),
            }
        }
        let occurrences = rubric.literal_index().occurrences_in(lower, &ranges);
        Ctx::new(doc, lower, occurrences)
    }

    fn new(doc: &'d Document, lower: &'d str, occurrences: Vec<Option<Vec<u32>>>) -> Self {
        let nothing: Rc<[Range<usize>]> = Rc::from(Vec::new());
        Ctx { doc, lower, occurrences, found: Default::default(), nothing, leads: Default::default() }
    }

    fn hay(&self, r: Range<usize>) -> Hay<'_> {
        Hay { text: &self.doc.text()[r.clone()], lower: &self.lower[r] }
    }

    /// Where a match of `p` may start inside `r`, relative to `r`; `None` when anywhere.
    fn starts(&self, p: &Pattern, r: &Range<usize>) -> Option<Vec<usize>> {
        match self.occurrences.get(p.id) {
            Some(Some(at)) => Some(keyed_in(at, |&o| o as usize, r).iter().map(|&o| o as usize - r.start).collect()),
            _ => None,
        }
    }

    /// Whether one of `p`'s required prefixes starts inside `r`.
    fn possible_in(&self, p: &Pattern, r: &Range<usize>) -> bool {
        match self.occurrences.get(p.id) {
            Some(Some(at)) => !keyed_in(at, |&o| o as usize, r).is_empty(),
            _ => true,
        }
    }

    /// Whether `p` matches text range `r` (never compiling a pattern that cannot).
    fn matches(&self, p: &Pattern, r: Range<usize>) -> bool {
        match self.starts(p, &r) {
            Some(s) if s.is_empty() => false,
            starts => p.is_match(self.hay(r), starts.as_deref()),
        }
    }

    fn selects(&self, clause: &crate::rubric::model::Clause, r: Range<usize>) -> bool {
        clause.select.iter().any(|p| self.matches(p, r.clone()))
            && !clause.exclude.iter().any(|p| self.matches(p, r.clone()))
    }

    /// Whether a pattern matches some sentence.
    fn any_sentence(&self, p: &Pattern, sentences: &[&Sentence]) -> bool {
        sentences.iter().any(|s| self.matches(p, s.range.clone()))
    }
}

/// Scores every qualifying statute in a document. The result is never empty: a document
/// with no qualifying section gets one scorecard with every category at zero and a note.
pub fn score(doc: &Document, rubric: &Rubric) -> Vec<Scorecard> {
    let mut cards = score_computed(doc, rubric);
    for card in &mut cards {
        apply_assumptions(card, rubric);
    }
    cards
}

/// The scorecards as the engine computes them, before analyst assumptions.
fn score_computed(doc: &Document, rubric: &Rubric) -> Vec<Scorecard> {
    let lower = crate::rubric::pattern::match_text(doc.text());
    let section_sentences = sentences_by_section(doc);
    let Some(applies) = &rubric.applies else {
        // No test for the whole scorecard: one card over the whole text, each category
        // read through its own test, if it has one.
        return vec![score_each_category(doc, rubric, &lower, &section_sentences)];
    };
    // 1. The subject's words, over the whole text: which sections could be in scope.
    let subject = Ctx::new(doc, &lower, rubric.subject_index().occurrences(&lower));
    let candidates: BTreeSet<usize> = (0..doc.sections.len())
        .filter(|&i| !section_sentences[i].is_empty() && mentions_subject(&subject, applies, i))
        .collect();
    if candidates.is_empty() {
        return vec![not_applicable(doc, rubric, applies)];
    }
    // 2. Every pattern, over those sections only: which of them grant the relief.
    let groups = {
        let ctx = Ctx::sections(doc, rubric, &lower, &candidates);
        scope_groups(&ctx, rubric, applies, &candidates, &section_sentences)
    };
    if groups.is_empty() {
        return vec![not_applicable(doc, rubric, applies)];
    }
    // 3. Every pattern, over the sections of the statutes found.
    let members: BTreeSet<usize> = groups.iter().flat_map(|g| g.0.iter().copied()).chain(candidates).collect();
    let ctx = Ctx::sections(doc, rubric, &lower, &members);
    groups
        .into_iter()
        .map(|(sections, applies, excluded)| score_group(&ctx, rubric, sections, Some(applies), excluded))
        .collect()
}

/// One scorecard over the whole text for a rubric without a test of its own: a category
/// with its own test is read from the first statute that passes it (without other
/// grounds of relief), and is undecidable where none does; a category the rubric marks
/// undecidable is so for every text.
fn score_each_category(
    doc: &Document,
    rubric: &Rubric,
    lower: &str,
    section_sentences: &[Vec<&Sentence>],
) -> Scorecard {
    let sections: Vec<usize> = (0..doc.sections.len()).collect();
    let all: Vec<&Sentence> = doc.sentences_in(&sections).collect();
    // As for a rubric's own test: the subjects' words first, over the whole text, then
    // every pattern over the sections that mention them (a category without a test of
    // its own reads the whole text).
    let subject = Ctx::new(doc, lower, rubric.subject_index().occurrences(lower));
    let whole = std::cell::OnceCell::new();
    let categories: Vec<CategoryScore> = rubric
        .categories
        .iter()
        .map(|cat| {
            if let Some(why) = &cat.undecidable {
                return undecidable(cat, why.clone());
            }
            let Some(test) = &cat.applies else {
                return evaluate(whole.get_or_init(|| Ctx::whole(doc, rubric, lower)), rubric, cat, &all);
            };
            let not_found =
                || undecidable(cat, format!("{}; looked for: {}", test.not_found, applies_looked_for(test)));
            let candidates: BTreeSet<usize> = (0..doc.sections.len())
                .filter(|&i| !section_sentences[i].is_empty() && mentions_subject(&subject, test, i))
                .collect();
            if candidates.is_empty() {
                return not_found();
            }
            let ctx = Ctx::sections(doc, rubric, lower, &candidates);
            let Some((members, gate, excluded)) =
                scope_groups(&ctx, rubric, test, &candidates, section_sentences).into_iter().next()
            else {
                return not_found();
            };
            let member_set: BTreeSet<usize> = members.iter().copied().chain(candidates).collect();
            let ctx = Ctx::sections(doc, rubric, lower, &member_set);
            let kept = scored_sentences(doc, &members, &excluded);
            let kept: Vec<&Sentence> = kept.iter().collect();
            let mut score = evaluate(&ctx, rubric, cat, &kept);
            score.gate = Some(gate);
            score
        })
        .collect();
    let total = categories.iter().map(|c| c.points).sum();
    Scorecard {
        scope: doc.citation_or_name(),
        section_numbers: numbers(doc, &sections),
        excluded: Vec::new(),
        sections,
        applies: None,
        categories,
        total,
        max: rubric.max,
    }
}

/// A category the text cannot decide: no points of its own, the whole range open.
fn undecidable(cat: &Category, why: String) -> CategoryScore {
    CategoryScore {
        id: cat.id.clone(),
        name: cat.name.clone(),
        points: Points::ZERO,
        upto: Some(cat.max),
        max: cat.max,
        level: "not decided by this text".to_string(),
        status: None,
        gate: None,
        basis: Basis::Undecidable,
        evidence: Vec::new(),
        note: Some(why),
        review: None,
        override_: None,
        not_counted: Vec::new(),
    }
}

/// Each section's sentences, in one pass.
fn sentences_by_section(doc: &Document) -> Vec<Vec<&Sentence>> {
    let mut by: Vec<Vec<&Sentence>> = vec![Vec::new(); doc.sections.len()];
    for s in &doc.sentences {
        if let Some(v) = by.get_mut(s.section) {
            v.push(s);
        }
    }
    by
}

/// Whether a section's law text matches one of the rubric's subject patterns (every
/// section does when the rubric has none).
fn mentions_subject(ctx: &Ctx<'_>, applies: &Applies, section: usize) -> bool {
    let law = ctx.doc.sections[section].law.clone();
    applies.subject.is_empty() || applies.subject.iter().any(|p| ctx.matches(p, law.clone()))
}

/// Scores a document as one statute, without the applies test (rubric case examples).
pub fn score_category_in(doc: &Document, rubric: &Rubric, category: &Category) -> CategoryScore {
    let lower = crate::rubric::pattern::match_text(doc.text());
    let ctx = Ctx::whole(doc, rubric, &lower);
    let sections: Vec<usize> = (0..doc.sections.len()).collect();
    let sentences: Vec<&Sentence> = doc.sentences_in(&sections).collect();
    evaluate(&ctx, rubric, category, &sentences)
}

/// A match of a rule in a part of a clause, as a body range.
#[derive(Debug, Clone)]
struct Hit {
    range: Range<usize>,
    rule: String,
    review: Option<String>,
    /// The index of the part (sentence, or piece of one) it was found in.
    part: usize,
}

/// A match that a context defeated: what the rule found and why it does not count.
#[derive(Debug, Clone)]
struct Miss {
    /// The rule's words together with the context's.
    range: Range<usize>,
    rule: String,
    context: String,
    kind: ContextKind,
    summary: String,
}

/// What a rule (or a level's rules) found among some parts: the first matches that
/// count and the first a context defeated (up to [`MAX_KEPT`] of each), and which parts
/// had a match that counts.
#[derive(Debug, Default)]
struct Fired {
    hits: Vec<Hit>,
    misses: Vec<Miss>,
    /// The parts with a match that counts, ascending.
    parts_hit: Vec<usize>,
    /// Whether some match that counts came from a rule that asks for no review.
    unreviewed: bool,
}

/// Most matches kept of each kind per rule and per level: more than any report shows (three
/// quotes, three notes), and memory that does not grow with a text that repeats itself.
const MAX_KEPT: usize = 64;

impl Fired {
    fn hit(&mut self, hit: Hit) {
        if self.parts_hit.last() != Some(&hit.part) {
            self.parts_hit.push(hit.part);
        }
        self.unreviewed |= hit.review.is_none();
        if self.hits.len() < MAX_KEPT {
            self.hits.push(hit);
        }
    }

    fn miss(&mut self, miss: Miss) {
        if self.misses.len() < MAX_KEPT {
            self.misses.push(miss);
        }
    }

    /// Adds what another rule of the same level found.
    fn merge(&mut self, other: Fired) {
        let room = MAX_KEPT.saturating_sub(self.hits.len());
        self.hits.extend(other.hits.into_iter().take(room));
        let room = MAX_KEPT.saturating_sub(self.misses.len());
        self.misses.extend(other.misses.into_iter().take(room));
        self.parts_hit.extend(other.parts_hit);
        self.parts_hit.sort_unstable();
        self.parts_hit.dedup();
        self.unreviewed |= other.unreviewed;
    }
}

impl context::Finder for Ctx<'_> {
    fn text(&self) -> &str {
        self.doc.text()
    }

    fn find(&self, p: &Pattern, range: Range<usize>) -> Vec<Range<usize>> {
        if range.is_empty() {
            return Vec::new();
        }
        let starts = self.starts(p, &range);
        if starts.as_ref().is_some_and(Vec::is_empty) {
            return Vec::new();
        }
        p.find_iter(self.hay(range.clone()), starts.as_deref())
            .into_iter()
            .map(|r| range.start + r.start..range.start + r.end)
            .collect()
    }

    fn all_in(&self, p: &Pattern, within: Range<usize>) -> Rc<[Range<usize>]> {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let key = (narrow(p.id), narrow(within.start), narrow(within.end));
        if let Some(found) = self.found.borrow().0.get(&key) {
            return Rc::clone(found);
        }
        let found = self.find(p, within);
        let found: Rc<[Range<usize>]> = if found.is_empty() { Rc::clone(&self.nothing) } else { found.into() };
        let mut cache = self.found.borrow_mut();
        cache.1 += 1 + found.len();
        if cache.1 > FOUND_BUDGET.max(self.lower.len() / FOUND_BYTES_PER_ENTRY) {
            cache.0.clear();
            cache.1 = 1 + found.len();
        }
        cache.0.insert(key, Rc::clone(&found));
        found
    }
}

/// Most entries and ranges the cache of [`context::Finder::all_in`] holds before it
/// starts over: every question about a statute's sentences is answered from it, and its
/// memory stays a few megabytes on a text of any size.
const FOUND_BUDGET: usize = 1 << 16;

/// ... or one entry per this many bytes of text, when that is more.
const FOUND_BYTES_PER_ENTRY: usize = 4;

/// Where a rule fires among `parts`, with `statute` the sentences of the whole scope.
/// `contexts` are the rule's contexts to read (none for a rubric example's bare test);
/// `category` names the category the rule belongs to.
fn fire(
    ctx: &Ctx<'_>,
    rubric: &Rubric,
    rule: &Rule,
    contexts: &[usize],
    category: Option<&str>,
    parts: &[&Sentence],
    statute: &[&Sentence],
) -> Fired {
    let mut out = Fired::default();
    let candidates: Vec<(usize, &&Sentence)> =
        parts.iter().enumerate().filter(|(_, s)| ctx.possible_in(&rule.pattern, &s.range)).collect();
    if candidates.is_empty()
        || !rule.all_in_statute.iter().all(|p| ctx.any_sentence(p, statute))
        || rule.none_in_statute.iter().any(|p| ctx.any_sentence(p, statute))
    {
        return out;
    }
    let text = ctx.doc.text();
    for (part, s) in candidates {
        let r = s.range.clone();
        if !ctx.matches(&rule.pattern, r.clone()) || rule.none.iter().any(|p| ctx.matches(p, r.clone())) {
            continue;
        }
        // A list item is read with its lead-in ("Persons authorized to file a motion for
        // expungement … : 7. The person has been charged or arrested …"): a condition the
        // rule needs may stand there.
        let missing: Vec<&Pattern> = rule.all.iter().filter(|p| !ctx.matches(p, r.clone())).collect();
        if !missing.is_empty() {
            let leads = lead_windows(ctx, r.start);
            if !missing.iter().all(|p| leads.iter().any(|l| ctx.matches(p, l.clone()))) {
                continue;
            }
        }
        let hay = ctx.hay(r.clone());
        let starts = ctx.starts(&rule.pattern, &r);
        // Matches left to right; after a match a context defeats, the search resumes just
        // past its start, so that a later occurrence inside it can still count ("No
        // official determination or documentation is required …, but official
        // documentation … creates a presumption"). Retries are capped per part, and the
        // part is searched once, with a bounded number of searches for the resumptions.
        let mut matches = Resumable::new(&rule.pattern, hay, starts.as_deref());
        let sentence = sentence_of(ctx.doc, s);
        let mut retries = 0;
        let mut next = matches.first();
        while let Some((m, listed)) = next.take() {
            let mut from = next_char(hay.text, m.whole.start).max(m.whole.end);
            let mut in_sync = listed && from == m.whole.end;
            let t = trim_range(hay.text, m.quote.clone());
            if t.is_empty() {
                next = matches.resume(from, in_sync);
                continue;
            }
            let whole = r.start + m.whole.start..r.start + m.whole.end;
            let quote = word_bounds(text, r.start + t.start..r.start + t.end);
            let clause = context::clause_of(ctx, rubric, sentence.clone(), &whole);
            let place = context::Place { text, leads: lead_windows(ctx, whole.start), clause };
            let clause = &place.clause;
            if let Some(d) = context::defeat(ctx, rubric, contexts, category, &place, &whole) {
                // A quote of what did not count keeps every negation before it, too.
                let words = word_bounds(text, d.words.start.min(quote.start)..d.words.end.max(quote.end));
                out.miss(Miss {
                    range: context::with_negation(ctx, rubric, clause, words),
                    rule: rule.id.clone(),
                    context: d.context.id.clone(),
                    kind: d.context.kind,
                    summary: d.context.summary.clone(),
                });
                if retries < MAX_RETRIES {
                    retries += 1;
                    from = next_char(hay.text, m.whole.start);
                    in_sync = false;
                }
                next = matches.resume(from, in_sync);
                continue;
            }
            // Never quote words without the negation that governs them.
            let quote = context::with_negation(ctx, rubric, clause, quote);
            out.hit(Hit { range: quote, rule: rule.id.clone(), review: rule.review.clone(), part });
            next = matches.resume(from, in_sync);
        }
    }
    out
}

/// The lead-ins of the lists that the text at `pos` is an item of, innermost first: for
/// each enclosing provision whose parent's own text before its first child ends with a
/// colon (`… may not be vacated if:`), the last clause of that text.
fn lead_windows(ctx: &Ctx<'_>, pos: usize) -> Vec<Range<usize>> {
    let doc = ctx.doc;
    let mut out = Vec::new();
    let Some(mut p) = doc.provision_at(pos) else { return out };
    while let Some(q) = doc.provisions[p].parent {
        let known = ctx.leads.borrow().get(&q).cloned();
        let lead = known.unwrap_or_else(|| {
            let l = lead_in(doc, q);
            ctx.leads.borrow_mut().insert(q, l.clone());
            l
        });
        out.extend(lead);
        p = q;
    }
    out
}

/// The lead-in of provision `q`'s list: when its own text before its first child ends
/// with a colon (`… may not be vacated if:`), the last clause of that text.
fn lead_in(doc: &Document, q: ProvId) -> Option<Range<usize>> {
    let text = doc.text();
    let &first = doc.provisions[q].children.first()?;
    let intro = doc.provisions[q].span.start..doc.provisions[first].span.start;
    let own = text[intro.clone()].trim_end();
    let body = own.strip_suffix(':').or_else(|| own.strip_suffix("--")).or_else(|| own.strip_suffix('—'))?;
    let colon = intro.start + body.len();
    let i = doc.sentences.partition_point(|s| s.range.end <= colon.saturating_sub(1));
    let sentence_start = doc.sentences.get(i).map_or(intro.start, |s| s.range.start.min(colon));
    // The lead-in is the whole clause before the colon ("An applicant may not have a
    // record … vacated if:"), from the last semicolon or colon.
    let start = text[sentence_start..colon].rfind([';', ':']).map_or(sentence_start, |k| sentence_start + k + 1);
    (start < colon).then_some(start..colon)
}

/// How many times, in one part, the search for a rule's match resumes inside a match
/// that a context defeated: a deterministic bound on the work.
const MAX_RETRIES: usize = 8;

/// Most searches of its own a [`Resumable`] makes per part, past its one pass.
const MAX_RESUME_SEARCHES: usize = 4 * MAX_RETRIES;

/// A pattern's matches in a part, left to right: found in one pass, and resumable from
/// any offset. Resuming right where a listed match ends is the pass's own next match;
/// resuming elsewhere (inside a defeated match) costs a search, at most
/// [`MAX_RESUME_SEARCHES`] per part, after which the listed matches answer.
struct Resumable<'a> {
    pattern: &'a Pattern,
    hay: Hay<'a>,
    starts: Option<&'a [usize]>,
    listed: Vec<crate::rubric::pattern::Match>,
    /// The next listed match not yet passed.
    next: usize,
    searches: usize,
}

impl<'a> Resumable<'a> {
    fn new(pattern: &'a Pattern, hay: Hay<'a>, starts: Option<&'a [usize]>) -> Self {
        let listed = pattern.find_matches(hay, starts);
        Resumable { pattern, hay, starts, listed, next: 0, searches: 0 }
    }

    /// The first match, and whether it is a listed one.
    fn first(&mut self) -> Option<(crate::rubric::pattern::Match, bool)> {
        self.resume(0, true)
    }

    /// The first match starting at or after `from`; `in_sync` when `from` is where the
    /// last listed match returned ends.
    fn resume(&mut self, from: usize, in_sync: bool) -> Option<(crate::rubric::pattern::Match, bool)> {
        while self.listed.get(self.next).is_some_and(|m| m.whole.start < from) {
            self.next += 1;
        }
        if in_sync || self.searches >= MAX_RESUME_SEARCHES {
            let m = self.listed.get(self.next)?.clone();
            self.next += 1;
            return Some((m, true));
        }
        self.searches += 1;
        let m = self.pattern.first_match_from(self.hay, self.starts, from)?;
        let listed = self.listed.get(self.next) == Some(&m);
        if listed {
            self.next += 1;
        }
        Some((m, listed))
    }
}

/// The byte offset of the character after the one at `i` (or the end).
fn next_char(text: &str, i: usize) -> usize {
    text[i..].chars().next().map_or(text.len().max(i + 1), |c| i + c.len_utf8())
}

/// The whole sentence a part lies in: contexts read the clause, which a part (a piece
/// of a sentence split at `;`) may cut short.
fn sentence_of(doc: &Document, part: &Sentence) -> Range<usize> {
    let i = doc.sentences.partition_point(|s| s.range.end <= part.range.start);
    match doc.sentences.get(i) {
        Some(s) if s.range.start <= part.range.start && part.range.end <= s.range.end => s.range.clone(),
        _ => part.range.clone(),
    }
}

/// Whether a rule fires anywhere in a text taken as one statute (rubric examples), read
/// in its contexts (`with_contexts`) or bare.
pub fn rule_fires_in(
    doc: &Document,
    rubric: &Rubric,
    rule: &Rule,
    category: Option<&str>,
    with_contexts: bool,
) -> bool {
    let lower = crate::rubric::pattern::match_text(doc.text());
    let ctx = Ctx::whole(doc, rubric, &lower);
    let all: Vec<&Sentence> = doc.sentences.iter().collect();
    let contexts: &[usize] = if with_contexts { &rule.contexts } else { &[] };
    !fire(&ctx, rubric, rule, contexts, category, &all, &all).hits.is_empty()
}

/// Whether a clause selects some sentence of a text (rubric examples).
pub fn clause_selects_in(doc: &Document, rubric: &Rubric, clause: &crate::rubric::model::Clause) -> bool {
    let lower = crate::rubric::pattern::match_text(doc.text());
    let ctx = Ctx::whole(doc, rubric, &lower);
    doc.sentences.iter().any(|s| ctx.selects(clause, s.range.clone()))
}

fn trim_range(t: &str, r: Range<usize>) -> Range<usize> {
    let s = &t[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let body = s.trim().trim_end_matches([',', ';', ':']).trim_end();
    r.start + lead..r.start + lead + body.len()
}

/// Widens a range so that it starts and ends at word boundaries: a quote never cuts a
/// word ("supervi" becomes "supervision").
pub fn word_bounds(text: &str, r: Range<usize>) -> Range<usize> {
    let word = |c: char| c.is_alphanumeric();
    let mut start = r.start.min(text.len());
    let mut end = r.end.clamp(start, text.len());
    while let (Some(b), Some(a)) = (text[..start].chars().next_back(), text[start..].chars().next()) {
        if word(b) && word(a) {
            start -= b.len_utf8();
        } else {
            break;
        }
    }
    while let (Some(b), Some(a)) = (text[..end].chars().next_back(), text[end..].chars().next()) {
        if word(b) && word(a) {
            end += a.len_utf8();
        } else {
            break;
        }
    }
    start..end
}

fn evidence(doc: &Document, hit: &Hit) -> Evidence {
    let prov = doc.provision_for(hit.range.clone()).unwrap_or(0);
    let file = doc.file_range(hit.range.clone());
    let (line, column) = doc.source.line_col(file.start);
    Evidence {
        prov,
        provision: doc.provisions[prov].path.clone(),
        display: doc.display_path(prov),
        body_range: hit.range.clone(),
        start: file.start,
        end: file.end,
        line,
        column,
        quote: doc.source.text[file].to_string(),
        rule: hit.rule.clone(),
    }
}

/// Groups of qualifying sections, each with the evidence that it qualifies.
/// A group of sections to score together, the evidence that it qualifies, and the
/// provisions left out as other grounds of relief.
type Group = (Vec<usize>, Evidence, Vec<ProvId>);

/// The statutes in scope: sections among `candidates` (those mentioning the subject)
/// that grant the relief, each grouped with the sections linked to it.
fn scope_groups(
    ctx: &Ctx<'_>,
    rubric: &Rubric,
    applies: &Applies,
    candidates: &BTreeSet<usize>,
    section_sentences: &[Vec<&Sentence>],
) -> Vec<Group> {
    let doc = ctx.doc;
    let n = doc.sections.len();
    let mut qualifying: Vec<(usize, Evidence)> = Vec::new();
    for &i in candidates {
        let sents = &section_sentences[i];
        let hit = applies
            .rules
            .iter()
            .find_map(|r| fire(ctx, rubric, r, &r.contexts, None, sents, sents).hits.into_iter().next());
        if let Some(hit) = hit {
            qualifying.push((i, evidence(doc, &hit)));
        }
    }
    if qualifying.is_empty() {
        return Vec::new();
    }
    // Union of sections linked by citation to a qualifying section.
    let citations = Citations::of(doc);
    let mut is_qualifying = vec![false; n];
    for (q, _) in &qualifying {
        is_qualifying[*q] = true;
    }
    let mut group_of: Vec<Option<usize>> = vec![None; n];
    let mut groups: Vec<(BTreeSet<usize>, Evidence)> = Vec::new();
    for (i, ev) in &qualifying {
        if group_of[*i].is_some() {
            continue;
        }
        let g = groups.len();
        let mut members = BTreeSet::from([*i]);
        group_of[*i] = Some(g);
        let mut frontier = vec![*i];
        while let Some(s) = frontier.pop() {
            // The sections citing `s`, and, for a qualifying `s`, those it cites.
            let linked =
                citations.cited_by[s].iter().chain(if is_qualifying[s] { &citations.cites[s][..] } else { &[] });
            let mut linked: Vec<usize> = linked.copied().collect();
            crate::work::add(crate::work::Counter::CitationSteps, linked.len());
            linked.sort_unstable();
            for t in linked {
                if group_of[t].is_some() {
                    continue;
                }
                group_of[t] = Some(g);
                members.insert(t);
                // Only qualifying sections pull in further sections.
                if is_qualifying[t] {
                    frontier.push(t);
                }
            }
        }
        groups.push((members, ev.clone()));
    }
    // Sections the front matter includes (definitions) join every group.
    let included: Vec<usize> = doc
        .front
        .includes
        .as_deref()
        .map(|s| {
            (0..n).filter(|&i| doc.sections[i].number.as_deref().is_some_and(|num| mentions_number(s, num))).collect()
        })
        .unwrap_or_default();
    groups
        .into_iter()
        .map(|(mut members, ev)| {
            let excluded: Vec<ProvId> = members
                .iter()
                .filter(|m| qualifying.iter().any(|(q, _)| q == *m))
                .flat_map(|&m| other_grounds(ctx, applies, m))
                .collect();
            members.extend(included.iter().copied());
            (members.into_iter().collect(), ev, excluded)
        })
        .collect()
}

/// Provisions of a qualifying section that are other grounds of relief, left out so that
/// only the relief available on the subject's ground is scored (a general vacatur law
/// with a trafficking ground). Two shapes are recognized:
/// - top-level provisions that each grant relief to a class of persons (the rubric's
///   `grant` patterns), some conditioned on the subject and some not: the unconditioned
///   ones go, with provisions that neither mention the subject nor cite a kept provision;
/// - a list of alternatives introduced by a colon (`upon the ground that: (a) …; (b) …`)
///   whose items mostly do not mention the subject: those items go.
fn other_grounds(ctx: &Ctx<'_>, applies: &Applies, section: usize) -> Vec<ProvId> {
    let doc = ctx.doc;
    let mentions = |p: ProvId| applies.subject.iter().any(|pat| ctx.matches(pat, doc.provisions[p].span.clone()));
    let grants_relief = |p: ProvId| {
        let span = doc.provisions[p].span.clone();
        doc.sentences.iter().filter(|s| s.range.start >= span.start && s.range.start < span.end).any(|s| {
            applies.grant.iter().any(|g| ctx.matches(g, s.range.clone()))
                && !applies.grant_except.iter().any(|g| ctx.matches(g, s.range.clone()))
        })
    };
    let mut out = Vec::new();
    let root = doc.sections[section].root;
    let tops = &doc.provisions[root].children;
    let grants: Vec<(ProvId, bool)> = tops.iter().filter(|&&p| grants_relief(p)).map(|&p| (p, mentions(p))).collect();
    if grants.iter().any(|g| g.1) && grants.iter().any(|g| !g.1) {
        let kept: Vec<ProvId> = tops.iter().copied().filter(|&p| mentions(p)).collect();
        for &p in tops {
            if !kept.contains(&p) && !kept.iter().any(|&k| cites_provision(doc, p, k)) {
                out.push(p);
            }
        }
    }
    for p in (0..doc.provisions.len()).filter(|&p| doc.provisions[p].section == section) {
        let children = &doc.provisions[p].children;
        if children.len() < 3 || out.contains(&p) {
            continue;
        }
        let intro_end = doc.provisions[children[0]].span.start;
        let intro = &doc.text()[doc.provisions[p].span.start.min(intro_end)..intro_end];
        if !intro.trim_end().ends_with(':') {
            continue;
        }
        // Only alternatives (`…; or (k) …`, or a lead-in such as "within one of the
        // following categories:"), not a list of requirements (`…; and`).
        let penultimate = doc.provisions[children[children.len() - 2]].span.clone();
        let joiner = doc.text()[penultimate].trim_end().to_ascii_lowercase();
        let intro_range = doc.provisions[p].span.start.min(intro_end)..intro_end;
        let alternatives = applies.alternatives.iter().any(|a| ctx.matches(a, intro_range.clone()));
        if !(joiner.ends_with(" or") || joiner.ends_with(";or") || alternatives) {
            continue;
        }
        let m: Vec<bool> = children.iter().map(|&c| mentions(c)).collect();
        let hits = m.iter().filter(|b| **b).count();
        if hits > 0 && hits * 2 < m.len() {
            out.extend(children.iter().zip(&m).filter(|(_, b)| !**b).map(|(c, _)| *c));
        }
    }
    // A provision that refers only to grounds left out (`upon the ground prescribed in
    // paragraph (g)`) goes with them.
    if !out.is_empty() {
        let kept_grounds: Vec<ProvId> = (0..doc.provisions.len())
            .filter(|&p| doc.provisions[p].section == section && mentions(p) && !out.contains(&p))
            .collect();
        for &p in tops {
            if out.contains(&p) || mentions(p) {
                continue;
            }
            let cites_out = out.iter().any(|&o| cites_provision(doc, p, o));
            let cites_kept = kept_grounds.iter().any(|&k| k != p && cites_provision(doc, p, k));
            if cites_out && !cites_kept {
                out.push(p);
            }
        }
    }
    out
}

/// Whether provision `p`'s text refers to provision `k` (`subsection (4)`).
fn cites_provision(doc: &Document, p: ProvId, k: ProvId) -> bool {
    let Some(label) = doc.provisions[k].label.as_deref() else { return false };
    let text = &doc.text()[doc.provisions[p].span.clone()];
    text.match_indices(label).any(|(i, _)| {
        let before = text[..i].trim_end().rsplit(char::is_whitespace).next().unwrap_or("").to_ascii_lowercase();
        matches!(before.as_str(), "subsection" | "paragraph" | "subdivision" | "section" | "clause" | "item")
    })
}

/// Splits sentences into parts at any of `separators` (kept with the part before).
fn split_sentences(doc: &Document, sentences: &[&Sentence], separators: &[&str]) -> Vec<Sentence> {
    if separators.is_empty() {
        return sentences.iter().map(|s| (*s).clone()).collect();
    }
    let cuts: Vec<Range<usize>> = sentences
        .iter()
        .flat_map(|s| {
            let t = &doc.text()[s.range.clone()];
            separators.iter().flat_map(move |sep| {
                t.match_indices(sep).map(move |(i, m)| s.range.start + i + m.len()..s.range.start + i + m.len())
            })
        })
        .collect();
    let mut out = Vec::new();
    for s in sentences {
        let mut points: Vec<usize> =
            cuts.iter().map(|c| c.start).filter(|&c| c > s.range.start && c < s.range.end).collect();
        points.sort_unstable();
        let mut start = s.range.start;
        for p in points.into_iter().chain([s.range.end]) {
            let t = &doc.text()[start..p];
            let a = start + (t.len() - t.trim_start().len());
            let b = start + t.trim_end().len();
            if a < b {
                out.push(Sentence { range: a..b, section: s.section });
            }
            start = p;
        }
    }
    out
}

/// The sentences of a statute's sections that are scored: all of them, less the
/// provisions left out as other grounds of relief.
fn scored_sentences(doc: &Document, sections: &[usize], excluded: &[ProvId]) -> Vec<Sentence> {
    let all: Vec<&Sentence> = doc.sentences_in(sections).collect();
    let ranges: Vec<Range<usize>> = excluded.iter().map(|&p| doc.provisions[p].span.clone()).collect();
    cut_sentences(doc, &all, &ranges)
}

/// Splits sentences around excluded ranges: what is left of each is scored.
fn cut_sentences(doc: &Document, sentences: &[&Sentence], excluded: &[Range<usize>]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for s in sentences {
        let mut pieces = vec![s.range.clone()];
        for x in excluded.iter().filter(|x| x.start < s.range.end && s.range.start < x.end) {
            pieces = pieces
                .into_iter()
                .flat_map(|r| [r.start..x.start.clamp(r.start, r.end), x.end.clamp(r.start, r.end)..r.end])
                .filter(|r| !r.is_empty())
                .collect();
        }
        for r in pieces {
            let t = &doc.text()[r.clone()];
            let start = r.start + (t.len() - t.trim_start().len());
            let end = r.start + t.trim_end().len();
            if start < end {
                out.push(Sentence { range: start..end, section: s.section });
            }
        }
    }
    out
}

/// Which sections cite which by number, from one scan of the text for every section
/// number at once.
struct Citations {
    /// By section: the other sections whose numbers its law text mentions.
    cites: Vec<Vec<usize>>,
    /// By section: the other sections whose law text mentions its number.
    cited_by: Vec<Vec<usize>>,
}

impl Citations {
    fn of(doc: &Document) -> Citations {
        let n = doc.sections.len();
        let mut cites: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut cited_by: Vec<Vec<usize>> = vec![Vec::new(); n];
        // Distinct numbers, each with the sections that carry it.
        let mut numbers: Vec<&str> = Vec::new();
        let mut holders: Vec<Vec<usize>> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, sec) in doc.sections.iter().enumerate() {
            let Some(num) = sec.number.as_deref().filter(|x| !x.is_empty()) else { continue };
            let k = *index.entry(num).or_insert_with(|| {
                numbers.push(num);
                holders.push(Vec::new());
                numbers.len() - 1
            });
            holders[k].push(i);
        }
        let Ok(ac) = aho_corasick::AhoCorasick::new(&numbers) else { return Citations { cites, cited_by } };
        let text = doc.text();
        for (from, sec) in doc.sections.iter().enumerate() {
            let law = &text[sec.law.clone()];
            crate::work::add(crate::work::Counter::CitationSteps, law.len());
            let mut seen: Vec<usize> = ac
                .find_overlapping_iter(law)
                .filter(|m| whole_number_at(law, m.start(), m.end()))
                .map(|m| m.pattern().as_usize())
                .collect();
            seen.sort_unstable();
            seen.dedup();
            for k in seen {
                for &to in holders[k].iter().filter(|&&to| to != from) {
                    cites[from].push(to);
                    cited_by[to].push(from);
                }
            }
        }
        Citations { cites, cited_by }
    }
}

/// Whether `text[start..end]` is a section number standing as a whole token.
fn whole_number_at(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let mut rest = text[end..].chars();
    let after = rest.next();
    let after2 = rest.next();
    let glued_before = before.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '.');
    let glued_after = after.is_some_and(|c| c.is_alphanumeric());
    let longer_number = matches!(after, Some('.' | '-')) && after2.is_some_and(|c| c.is_ascii_digit());
    !(glued_before || glued_after || longer_number)
}

/// Whether `text` mentions section number `num` as a whole token.
fn mentions_number(text: &str, num: &str) -> bool {
    text.match_indices(num).any(|(i, _)| whole_number_at(text, i, i + num.len()))
}

fn scope_label(doc: &Document, sections: &[usize]) -> String {
    if doc.sections.len() == 1 || sections.is_empty() {
        return doc.citation_or_name();
    }
    let nums: Vec<String> = sections.iter().filter_map(|&i| doc.sections[i].number.clone()).collect();
    match nums.len() {
        0 => doc.citation_or_name(),
        1 => format!("§ {}", nums[0]),
        _ => format!("§§ {}", nums.join(", ")),
    }
}

fn not_applicable(doc: &Document, rubric: &Rubric, applies: &Applies) -> Scorecard {
    let categories = rubric
        .categories
        .iter()
        .map(|c| {
            // Not the zero level's wording ("Statute does not allow any judicial
            // discretion"): nothing was found to grade, which is what the level says.
            CategoryScore {
                id: c.id.clone(),
                name: c.name.clone(),
                points: Points::ZERO,
                upto: None,
                max: c.max,
                level: applies.not_found.clone(),
                status: None,
                gate: None,
                basis: Basis::NotApplicable,
                evidence: Vec::new(),
                note: Some(format!("looked for: {}", applies_looked_for(applies))),
                review: None,
                override_: None,
                not_counted: Vec::new(),
            }
        })
        .collect();
    Scorecard {
        sections: (0..doc.sections.len()).collect(),
        section_numbers: numbers(doc, &(0..doc.sections.len()).collect::<Vec<_>>()),
        excluded: Vec::new(),
        scope: doc.citation_or_name(),
        applies: None,
        categories,
        total: Points::ZERO,
        max: rubric.max,
    }
}

fn applies_looked_for(applies: &Applies) -> String {
    applies.rules.iter().map(|r| r.summary.as_str()).collect::<Vec<_>>().join("; ")
}

fn score_group(
    ctx: &Ctx<'_>,
    rubric: &Rubric,
    sections: Vec<usize>,
    applies: Option<Evidence>,
    excluded: Vec<ProvId>,
) -> Scorecard {
    let doc = ctx.doc;
    let kept = scored_sentences(doc, &sections, &excluded);
    let sentences: Vec<&Sentence> = kept.iter().collect();
    let categories: Vec<CategoryScore> =
        rubric.categories.iter().map(|c| evaluate(ctx, rubric, c, &sentences)).collect();
    let total = categories.iter().map(|c| c.points).sum();
    Scorecard {
        scope: scope_label(doc, &sections),
        section_numbers: numbers(doc, &sections),
        excluded: excluded.iter().map(|&p| doc.display_path(p)).collect(),
        sections,
        applies,
        categories,
        total,
        max: rubric.max,
    }
}

fn numbers(doc: &Document, sections: &[usize]) -> Vec<String> {
    sections.iter().filter_map(|&i| doc.sections[i].number.clone()).collect()
}

/// The parts of the statute a category reads: the sentences (or pieces of them) its
/// clauses select, and the definitions of terms those parts use.
fn clause_parts(ctx: &Ctx<'_>, rubric: &Rubric, cat: &Category, statute: &[&Sentence]) -> Vec<Sentence> {
    if cat.clauses.iter().any(|c| c == WHOLE_STATUTE) {
        return statute.iter().map(|s| (*s).clone()).collect();
    }
    let doc = ctx.doc;
    let clauses: Vec<_> = cat.clauses.iter().filter_map(|id| rubric.clause(id)).collect();
    let separators: Vec<&str> = clauses.iter().flat_map(|c| c.split.iter().map(String::as_str)).collect();
    let pieces = split_sentences(doc, statute, &separators);
    let mut parts: Vec<Sentence> =
        pieces.iter().filter(|s| clauses.iter().any(|c| ctx.selects(c, s.range.clone()))).cloned().collect();
    let defines: Vec<&Pattern> = clauses.iter().filter_map(|c| c.defines.as_ref()).collect();
    if defines.is_empty() || rubric.grammar.definitions.is_empty() {
        return parts;
    }
    let lower = ctx.lower;
    let mut added: Vec<Sentence> = Vec::new();
    for (term, def) in definitions(ctx, rubric, statute) {
        let term_range = term.clone();
        let term_text = &lower[term_range.clone()];
        if !defines.iter().any(|p| ctx.matches(p, term_range.clone())) {
            continue;
        }
        let used = parts.iter().any(|s| {
            !(s.range.start <= def.start && def.end <= s.range.end) && mentions_term(&lower[s.range.clone()], term_text)
        });
        let already = parts.iter().chain(&added).any(|s| s.range.start <= def.start && def.end <= s.range.end);
        if used && !already {
            let section =
                statute.iter().find(|s| s.range.start <= def.start && def.end <= s.range.end).map_or(0, |s| s.section);
            added.push(Sentence { range: def, section });
        }
    }
    parts.extend(added);
    parts
}

/// The definitions in the scope: (the term's range, the definition's range). A
/// definition runs from its term to the next definition in the sentence or the
/// sentence's end.
fn definitions(ctx: &Ctx<'_>, rubric: &Rubric, statute: &[&Sentence]) -> Vec<(Range<usize>, Range<usize>)> {
    use context::Finder;
    let mut out = Vec::new();
    for s in statute {
        let mut terms: Vec<Range<usize>> =
            rubric.grammar.definitions.iter().flat_map(|p| ctx.find(p, s.range.clone())).collect();
        terms.sort_by_key(|r| r.start);
        terms.dedup_by_key(|r| r.start);
        for (i, t) in terms.iter().enumerate() {
            let end = terms.get(i + 1).map_or(s.range.end, |n| n.start);
            let text = &ctx.doc.text()[t.start..end];
            let def_end = t.start + text.trim_end().len();
            // The definition starts at the term's opening quote, if any.
            let start = ctx.doc.text()[..t.start].trim_end_matches(['"', '\'', ' ']).len().max(s.range.start);
            let start = if t.start - start <= 2 { start } else { t.start };
            out.push((t.clone(), start..def_end));
        }
    }
    out
}

/// Whether `text` (lowercased) uses `term` (lowercased) as whole words, or its plural.
fn mentions_term(text: &str, term: &str) -> bool {
    let term = term.trim();
    if term.is_empty() {
        return false;
    }
    text.match_indices(term).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let rest = &text[i + term.len()..];
        let rest = rest.strip_prefix('s').filter(|r| !r.starts_with(char::is_alphanumeric)).unwrap_or(rest);
        !before.is_some_and(char::is_alphanumeric) && !rest.starts_with(char::is_alphanumeric)
    })
}

/// Decides one category's level from the sentences of a statute.
fn evaluate(ctx: &Ctx<'_>, rubric: &Rubric, cat: &Category, statute: &[&Sentence]) -> CategoryScore {
    let doc = ctx.doc;
    let owned = clause_parts(ctx, rubric, cat, statute);
    let parts: Vec<&Sentence> = owned.iter().collect();
    let fired: Vec<Fired> = cat
        .levels
        .iter()
        .map(|level| {
            let mut all = Fired::default();
            for r in &level.rules {
                all.merge(fire(ctx, rubric, r, &r.contexts, Some(&cat.id), &parts, statute));
            }
            all
        })
        .collect();
    let decided = decide(cat, &fired, &alternative_groups(doc, &parts));
    let misses = miss_notes(doc, cat, &fired, decided);
    match decided {
        Some(li) => {
            let level = &cat.levels[li];
            let hits = &fired[li].hits;
            let mut evidence_list: Vec<Evidence> = Vec::new();
            for h in hits {
                if evidence_list.len() == 3 {
                    break;
                }
                let ev = evidence(doc, h);
                let same_words = |e: &Evidence| one_line(&e.quote).to_lowercase() == one_line(&ev.quote).to_lowercase();
                let dup = evidence_list.iter().any(|e| {
                    (e.body_range.start < ev.body_range.end && ev.body_range.start < e.body_range.end) || same_words(e)
                });
                if !dup && evidence_list.len() < 3 {
                    evidence_list.push(ev);
                }
            }
            // A review is needed only when every firing rule asks for one: a plain rule
            // that reached the same level settles it.
            let review = if !fired[li].unreviewed {
                hits.first().and_then(|h| {
                    h.review.as_ref().map(|r| {
                        let quote = evidence_list.first().map_or(String::new(), |e| one_line(&e.quote));
                        r.replace("{quote}", &quote)
                    })
                })
            } else {
                None
            };
            let also = also_found(doc, cat, &fired, li);
            let note = join_notes([also, misses.clone()]);
            CategoryScore {
                id: cat.id.clone(),
                name: cat.name.clone(),
                points: level.points,
                upto: level.upto,
                max: cat.max,
                level: level.text.clone(),
                status: level.status.clone(),
                gate: None,
                basis: Basis::Rule,
                evidence: evidence_list,
                note,
                review,
                override_: None,
                not_counted: not_counted(doc, &fired),
            }
        }
        None => {
            let looked_for: Vec<&str> = cat
                .levels
                .iter()
                .filter(|l| l.points != cat.default.points)
                .flat_map(|l| l.rules.iter().map(|r| r.summary.as_str()))
                .collect();
            let note = if looked_for.is_empty() {
                cat.default.note.clone()
            } else {
                format!("{}; looked for: {}", cat.default.note, looked_for.join(", "))
            };
            CategoryScore {
                id: cat.id.clone(),
                name: cat.name.clone(),
                points: cat.default.points,
                upto: cat.default.upto,
                max: cat.max,
                level: cat.default.text.clone(),
                status: cat.default.status.clone(),
                gate: None,
                basis: Basis::Default,
                evidence: Vec::new(),
                note: join_notes([Some(note), misses]),
                review: cat.default.review.clone(),
                override_: None,
                not_counted: not_counted(doc, &fired),
            }
        }
    }
}

/// For each part, the group of alternatives it belongs to: a part that begins with `or`
/// (`…; or (b) any other offense committed as a direct result …`) is an alternative to
/// the part before it.
fn alternative_groups(doc: &Document, parts: &[&Sentence]) -> Vec<usize> {
    let mut groups = Vec::with_capacity(parts.len());
    for (i, p) in parts.iter().enumerate() {
        let t = doc.text()[p.range.clone()].trim_start().to_ascii_lowercase();
        let joins = i > 0 && (t.starts_with("or ") || t.starts_with("or\n"));
        groups.push(if joins { groups[i - 1] } else { i });
    }
    groups
}

/// The level decided, by the category's way of combining parts.
fn decide(cat: &Category, fired: &[Fired], groups: &[usize]) -> Option<usize> {
    let has_main = cat.levels.iter().zip(fired).any(|(l, f)| !l.fallback && !f.hits.is_empty());
    // Fallback levels count only where no other level's rule fired.
    let counts = |li: usize| !fired[li].hits.is_empty() && (!cat.levels[li].fallback || !has_main);
    match cat.combine {
        Combine::First => (0..cat.levels.len()).find(|&li| counts(li)),
        Combine::Strictest => {
            // Each group's first level (alternatives within a part, or parts joined by
            // `or`), then the last of those: every survivor must meet each requirement.
            let mut first_level: Vec<Option<usize>> = vec![None; groups.len()];
            for li in (0..cat.levels.len()).filter(|&li| counts(li)) {
                for &part in &fired[li].parts_hit {
                    if let Some(g) = groups.get(part) {
                        first_level[*g].get_or_insert(li);
                    }
                }
            }
            first_level.into_iter().flatten().max()
        }
    }
}

/// The note naming words of other levels that were found but did not decide.
fn also_found(doc: &Document, cat: &Category, fired: &[Fired], decided: usize) -> Option<String> {
    let points = cat.levels[decided].points;
    let mut seen: Vec<Points> = vec![points];
    let mut parts: Vec<String> = Vec::new();
    for (li, f) in fired.iter().enumerate() {
        let l = &cat.levels[li];
        let Some(h) = f.hits.first() else { continue };
        if li == decided || seen.contains(&l.points) {
            continue;
        }
        seen.push(l.points);
        let ev = evidence(doc, h);
        parts.push(format!("{} points (\"{}\", {})", l.points, one_line(&ev.quote), ev.display));
    }
    if parts.is_empty() {
        return None;
    }
    let why = match cat.combine {
        Combine::First => "tested later so not counted",
        Combine::Strictest if cat.levels[decided].fallback => "not counted",
        Combine::Strictest => "not counted: every survivor must meet the strictest requirement, and within one requirement the most lenient alternative counts",
    };
    Some(format!("also found words of other levels, {why}: {}", parts.join("; ")))
}

/// The note naming matches that a context defeated, on levels other than the one
/// decided (up to three).
fn miss_notes(doc: &Document, cat: &Category, fired: &[Fired], decided: Option<usize>) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for (li, f) in fired.iter().enumerate() {
        if Some(li) == decided {
            continue;
        }
        for m in &f.misses {
            let quote = one_line(doc.original(m.range.clone()));
            let line = format!("{} points (\"{}\", {}: {})", cat.levels[li].points, quote, m.kind.as_str(), m.summary);
            if !parts.contains(&line) && parts.len() < 3 {
                parts.push(line);
            }
        }
    }
    (!parts.is_empty())
        .then(|| format!("not counted, as the words around them change their meaning: {}", parts.join("; ")))
}

/// Every defeated match, as evidence with the context that defeated it.
fn not_counted(doc: &Document, fired: &[Fired]) -> Vec<NotCounted> {
    let mut out: Vec<NotCounted> = Vec::new();
    for m in fired.iter().flat_map(|f| &f.misses) {
        if out.iter().any(|o| o.evidence.body_range == m.range) {
            continue;
        }
        let hit = Hit { range: m.range.clone(), rule: m.rule.clone(), review: None, part: 0 };
        out.push(NotCounted { evidence: evidence(doc, &hit), context: m.context.clone(), kind: m.kind.as_str() });
    }
    out
}

fn join_notes<const N: usize>(notes: [Option<String>; N]) -> Option<String> {
    let v: Vec<String> = notes.into_iter().flatten().collect();
    (!v.is_empty()).then(|| v.join("; "))
}

/// Collapses whitespace for one-line display.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The most points a number on the command line may give, before the rubric's own
/// maximum applies.
pub const MAX_COMMAND_LINE_POINTS: i64 = 10_000;

/// An analyst's assumption from the command line: `CATEGORY=POINTS[:REASON]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assumption {
    pub category: String,
    pub points: Points,
    pub reason: String,
}

impl std::str::FromStr for Assumption {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (cat, rest) = s.split_once('=').ok_or_else(|| format!("`{s}`: expected CATEGORY=POINTS[:REASON]"))?;
        let (pts, reason) = match rest.split_once(':') {
            Some((p, r)) => (p, r.trim().to_string()),
            None => (rest, String::new()),
        };
        // Over a category's maximum is refused when the rubric is known.
        let points = Points::parse(pts, Points::whole(MAX_COMMAND_LINE_POINTS)).map_err(|m| format!("`{s}`: {m}"))?;
        Ok(Assumption {
            category: cat.trim().to_string(),
            points,
            reason: if reason.is_empty() { "analyst assumption (no reason given)".to_string() } else { reason },
        })
    }
}

/// Checks analyst assumptions against a rubric: each names a category of it and stays
/// within the category's maximum. Errors list the rubric's category ids.
pub fn check_assumptions(rubric: &Rubric, assumptions: &[Assumption]) -> Result<(), String> {
    for (k, a) in assumptions.iter().enumerate() {
        if assumptions[..k].iter().any(|b| b.category == a.category) {
            return Err(format!("--assume {}: given more than once; say it once", a.category));
        }
        let Some(c) = rubric.categories.iter().find(|c| c.id == a.category) else {
            let ids: Vec<&str> = rubric.categories.iter().map(|c| c.id.as_str()).collect();
            return Err(format!(
                "--assume {}: no category `{}` in this rubric; its categories are {}",
                a.category,
                a.category,
                ids.join(", ")
            ));
        };
        if a.points > c.max {
            return Err(format!("--assume {}={}: over the category's max of {}", a.category, a.points, c.max));
        }
    }
    Ok(())
}

/// Applies the rubric's analyst assumptions to a scorecard: each category assumed takes
/// the assumed points and the wording of the scorecard's level with those points (the
/// engine's own result is kept in the override).
pub fn apply_assumptions(card: &mut Scorecard, rubric: &Rubric) {
    for a in &rubric.assumptions {
        let Some(c) = card.categories.iter_mut().find(|c| c.id == a.category) else { continue };
        let category = rubric.categories.iter().find(|k| k.id == a.category);
        let level = category.and_then(|k| k.levels.iter().find(|l| l.points == a.points));
        let wording = category.and_then(|k| {
            level.map(|l| l.text.clone()).or_else(|| (k.default.points == a.points).then(|| k.default.text.clone()))
        });
        // The assumed points are exact; the status is the level's with those points.
        c.upto = None;
        c.status = level.and_then(|l| l.status.clone());
        let computed_level = std::mem::replace(
            &mut c.level,
            wording.unwrap_or_else(|| {
                format!(
                    "{} points by analyst assumption (no level of the scorecard gives exactly these points)",
                    a.points
                )
            }),
        );
        c.override_ = Some(Override { points: a.points, reason: a.reason.clone(), computed: c.points, computed_level });
        c.points = a.points;
    }
    card.total = card.categories.iter().map(|c| c.points).sum();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_numbers_are_whole_tokens() {
        assert!(mentions_number("motion filed under § 22-1844(a)", "22-1844"));
        assert!(mentions_number("under§ 22-1844 shall", "22-1844"));
        assert!(!mentions_number("section 22-18445", "22-1844"));
        assert!(!mentions_number("section 122-1844", "22-1844"));
        assert!(!mentions_number("section 22-1844.01", "22-1844"));
        assert!(mentions_number("section 22-1844.", "22-1844"));
    }

    #[test]
    fn assumptions_parse() {
        let a: Assumption = "offenses_covered=17:court reads 'eligible offense' broadly".parse().unwrap();
        assert_eq!(a.points, Points::whole(17));
        assert_eq!(a.reason, "court reads 'eligible offense' broadly");
        assert!("offenses_covered".parse::<Assumption>().is_err());
        assert!("x=-1".parse::<Assumption>().is_err());
    }
}
