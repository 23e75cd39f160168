//! The words around a match: the clause it stands in, and the contexts that defeat it.
//!
//! A rule's pattern finds words ("confidential", "preponderance of the evidence"); what
//! the sentence says of them depends on what surrounds them. The rubric's `[grammar]`
//! says where clauses break (`;`, `, but`) and which words open a subordinate clause
//! (`if`, `unless`); its `[[context]]` tables say what defeats a match: a negation in the
//! same clause (`shall not be confidential`, `nothing in this section shall require`), a
//! comparison that raises a standard (`more than a preponderance`), a proviso after it,
//! or a duty that binds someone other than the survivor (`the prosecutor shall file a
//! response within 30 days`). All of it is rubric data; this module only reads it.

use std::ops::Range;
use std::rc::Rc;

use crate::rubric::model::{Context, ContextKind, Look, Rubric};

/// Where a match stands in its sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// The sentence (or lead-in) the clause was read in: contexts search it once, and
    /// every later question about it is answered from what that search found.
    pub sentence: Range<usize>,
    /// The clause's start: the sentence's start or the last clause break before the match.
    pub start: usize,
    /// Where the words the match is governed by start: after the last subordinator between
    /// the clause's start and the match (`… shall not be filed unless | the applicant …`).
    pub local_start: usize,
    /// The clause's end: the next clause break after the match, or the sentence's end.
    pub end: usize,
    /// The sentence's end: a condition that cancels a negation ("shall not be granted,
    /// unless …") may stand in a later clause of the same sentence.
    pub sentence_end: usize,
}

/// What a context found around a match.
#[derive(Debug, Clone)]
pub struct Defeat<'r> {
    pub context: &'r Context,
    /// The context's own words (a body range).
    pub words: Range<usize>,
}

/// Finds the ranges (absolute body offsets) where a pattern matches inside `range`.
pub trait Finder {
    fn find(&self, p: &crate::rubric::pattern::Pattern, range: Range<usize>) -> Vec<Range<usize>>;
    /// The text the ranges index.
    fn text(&self) -> &str;
    /// Every match of `p` in `within` (a sentence, a lead-in), in order and not
    /// overlapping. The contexts ask many questions about one sentence, one per match
    /// in it; an implementation may search each (pattern, range) once and answer the
    /// rest from what it found, so that the work stays in proportion to the text.
    fn all_in(&self, p: &crate::rubric::pattern::Pattern, within: Range<usize>) -> Rc<[Range<usize>]> {
        self.find(p, within).into()
    }
}

/// The ranges of `found` (in order, not overlapping) that lie wholly inside `window`.
pub fn inside<'a>(found: &'a [Range<usize>], window: &Range<usize>) -> &'a [Range<usize>] {
    let from = found.partition_point(|r| r.start < window.start);
    let to = from + found[from..].partition_point(|r| r.end <= window.end);
    &found[from..to]
}

/// Most matches of a context's pattern one window reads past (each one its `except`
/// patterns rule out) before it gives up: a deterministic bound on the work per match.
pub const MAX_CANDIDATES: usize = 64;

/// How far past a fronted subordinator ("If the prosecutor does not oppose …,") its
/// clause's closing comma is looked for, in bytes: a bound on the work per match.
pub const FRONTED_REACH: usize = 2000;

/// The clause around `m` (body ranges) inside `sentence`.
pub fn clause_of(f: &impl Finder, rubric: &Rubric, sentence: Range<usize>, m: &Range<usize>) -> Clause {
    let mut start = sentence.start;
    let mut end = sentence.end;
    let text = f.text();
    // The new clause begins at the break's first word ("but …", "if …", "and the court
    // shall …"), or after it when it is only punctuation (";", ":").
    let begins = |b: &Range<usize>| text[b.clone()].find(char::is_alphanumeric).map_or(b.end, |k| b.start + k);
    for p in &rubric.grammar.clause_breaks {
        let breaks = f.all_in(p, sentence.clone());
        let before = breaks.partition_point(|b| begins(b) <= m.start);
        if let Some(b) = before.checked_sub(1).map(|i| &breaks[i]) {
            start = start.max(begins(b));
        }
        let after = breaks.partition_point(|b| b.start < m.end);
        if let Some(b) = breaks.get(after) {
            end = end.min(b.start);
        }
    }
    let mut local_start = start;
    for p in &rubric.grammar.subordinators {
        let all = f.all_in(p, sentence.clone());
        let subs = inside(&all, &(start..m.start));
        // Only a subordinator near the clause's start can be fronted; otherwise the last
        // one governs.
        for s in subs.iter().take_while(|s| s.start <= start + FRONTED_LEAD).chain(subs.last()) {
            local_start = local_start.max(main_clause_start(text, start, s, m.start));
        }
    }
    let sentence_end = sentence.end.max(m.end);
    Clause { sentence, start, local_start, end: end.max(m.end), sentence_end }
}

/// Most bytes before a subordinator at the start of its clause (an enumerator, spaces):
/// a subordinator further in is not fronted.
const FRONTED_LEAD: usize = 12;

/// Where the words governed at `m_start` begin, given a subordinator `s` before them in
/// a clause starting at `clause_start`. A subordinate clause that opens the clause ("If
/// the prosecutor does not oppose the application, the court may grant …") ends at its
/// first comma: the main clause after it is not governed by what the subordinate clause
/// says. Otherwise the subordinate clause runs from the subordinator to the match
/// ("… shall not be filed unless | the applicant has completed …").
fn main_clause_start(text: &str, clause_start: usize, s: &Range<usize>, m_start: usize) -> usize {
    let before = &text[clause_start..s.start];
    let fronted = before.len() <= FRONTED_LEAD && !before.chars().any(|c| c.is_alphabetic() && c.is_lowercase());
    if fronted {
        let reach = crate::text::lines::floor_char_boundary(text, m_start.min(s.end + FRONTED_REACH)).max(s.end);
        if let Some(comma) = memchr::memchr(b',', &text.as_bytes()[s.end..reach]) {
            return s.end + comma + 1;
        }
    }
    s.end
}

/// Where a match stands: its clause, and the lead-ins of the lists it is an item of
/// (each the last clause before the list's colon), innermost first.
#[derive(Debug, Clone)]
pub struct Place<'a> {
    pub text: &'a str,
    pub clause: Clause,
    pub leads: Vec<Range<usize>>,
}

/// The first context among `contexts` (indexes into the rubric's) that defeats the
/// match `m`, read as a rule of category `category` (`None`: the applies test).
pub fn defeat<'r>(
    f: &impl Finder,
    rubric: &'r Rubric,
    contexts: &[usize],
    category: Option<&str>,
    place: &Place<'_>,
    m: &Range<usize>,
) -> Option<Defeat<'r>> {
    let clause = &place.clause;
    for &ci in contexts {
        let Some(c) = rubric.contexts.get(ci) else { continue };
        if !c.categories.is_empty() && !category.is_some_and(|id| c.categories.iter().any(|x| x == id)) {
            continue;
        }
        // (the range searched, the window inside it)
        let windows: Vec<(Range<usize>, Range<usize>)> = match c.look {
            // Words that start before the match and may run into it or past it ("No court may |
            // vacate …").
            Look::Before => vec![(clause.sentence.clone(), clause.local_start..clause.end.max(m.end))],
            Look::Adjacent => vec![(clause.sentence.clone(), clause.local_start..m.start)],
            Look::Inside => vec![(clause.sentence.clone(), m.clone())],
            Look::After => vec![(clause.sentence.clone(), m.end..clause.end)],
            Look::Lead => place.leads.iter().map(|l| (l.clone(), l.clone())).collect(),
        };
        for (within, window) in windows.into_iter().filter(|w| !w.1.is_empty()) {
            let all = f.all_in(&c.pattern, within.clone());
            let found = inside(&all, &window);
            // The main verb that ends a relative clause stands before the match, or, for
            // words inside the match, inside it.
            let verb_by = if c.look == Look::Inside { m.end } else { m.start };
            let counts = |r: &&Range<usize>| {
                let ruled_out = excepted(f, c, r, &within, window.end.max(clause.end));
                let describes = c.kind == ContextKind::Negation && describes_a_noun(f, rubric, &within, r, verb_by);
                !(ruled_out || describes)
            };
            let hit = match c.look {
                // Only words that end where the match starts (spaces between them allowed):
                // the last before the match, since any earlier one has it in between.
                Look::Adjacent => found.last().filter(|r| place.text[r.end..m.start].trim().is_empty()).filter(counts),
                Look::Before => found.iter().take(MAX_CANDIDATES).filter(counts).find(|r| r.start < m.start),
                _ => found.iter().take(MAX_CANDIDATES).find(counts),
            };
            let Some(words) = hit.cloned() else { continue };
            // `shall not … unless`: the negation and the condition make a requirement.
            let after = if c.look == Look::Lead { words.end..window.end } else { m.end..clause.sentence_end };
            if c.kind == ContextKind::Negation && cancelled(f, rubric, &within, &after) {
                continue;
            }
            return Some(Defeat { context: c, words });
        }
    }
    None
}

/// Whether a negation at `words` stands in a relative clause that has ended by `m_start`
/// (the match's start, or its end for words inside it): one of the grammar's relative
/// words right before it (`that`, `which`, `who`), and one of its main-clause verbs
/// between it and there. "A person
/// convicted of an offense that is not a violent felony may file a motion to vacate"
/// says which offenses; it does not deny the motion.
fn describes_a_noun(
    f: &impl Finder,
    rubric: &Rubric,
    within: &Range<usize>,
    words: &Range<usize>,
    m_start: usize,
) -> bool {
    let g = &rubric.grammar;
    if g.relatives.is_empty() || g.main_verbs.is_empty() || words.end > m_start {
        return false;
    }
    let text = f.text();
    let opens = g.relatives.iter().any(|p| {
        let all = f.all_in(p, within.clone());
        let i = all.partition_point(|r| r.end <= words.start);
        i > 0 && text[all[i - 1].end..words.start].trim().is_empty()
    });
    opens && g.main_verbs.iter().any(|p| !inside(&f.all_in(p, within.clone()), &(words.end..m_start)).is_empty())
}

/// Whether a context's match is one its `except` patterns rule out (`no later than`): an
/// `except` match that starts where it starts and ends by `limit`.
fn excepted(f: &impl Finder, c: &Context, r: &Range<usize>, within: &Range<usize>, limit: usize) -> bool {
    c.except.iter().any(|e| starts_at(&f.all_in(e, within.clone()), r.start, limit.max(r.end)))
}

/// Whether one of `found` (in order) starts at `at` and ends by `limit`.
fn starts_at(found: &[Range<usize>], at: usize, limit: usize) -> bool {
    let i = found.partition_point(|x| x.start < at);
    found.get(i).is_some_and(|x| x.start == at && x.end <= limit)
}

/// Whether a condition after the match (`unless`, `except upon`) turns a negation into a
/// requirement: the rubric's subordinators of that sense, found right after the match.
fn cancelled(f: &impl Finder, rubric: &Rubric, within: &Range<usize>, after: &Range<usize>) -> bool {
    rubric.grammar.cancels.iter().any(|p| !inside(&f.all_in(p, within.clone()), after).is_empty())
}

/// Where a quote that must include the negation word at `n` starts: at the subordinate
/// clause the word stands in ("If the prosecutor does not oppose …"), or the clause's
/// start, past an enumerator there.
fn governing_start(f: &impl Finder, rubric: &Rubric, clause: &Clause, n: usize) -> usize {
    let mut start = clause.start;
    for p in &rubric.grammar.subordinators {
        if let Some(s) = inside(&f.all_in(p, clause.sentence.clone()), &(clause.start..n)).last() {
            start = start.max(s.start);
        }
    }
    let text = f.text();
    let rest = &text[start..n];
    let skip = rest.len() - rest.trim_start().len();
    let mut at = start + skip;
    // "(b) …", "B. …": the enumerator is not part of the words.
    let t = &text[at..n];
    if let Some(close) = t.strip_prefix('(').and_then(|r| r.find(')')).filter(|&k| k <= 5) {
        at += close + 2;
    } else if let Some(dot) =
        t.find(". ").filter(|&k| (1..=3).contains(&k) && t[..k].chars().all(char::is_alphanumeric))
    {
        at += dot + 1;
    }
    let rest = &text[at..n];
    at + (rest.len() - rest.trim_start().len())
}

/// `quote` widened to start at the earliest negation word before it in its clause (at the
/// subordinate clause that word stands in), so that a quote never drops a negation.
pub fn with_negation(f: &impl Finder, rubric: &Rubric, clause: &Clause, quote: Range<usize>) -> Range<usize> {
    match negation_start(f, rubric, clause, &quote) {
        Some(n) => quote.start.min(governing_start(f, rubric, clause, n).min(n))..quote.end,
        None => quote,
    }
}

/// Where the earliest negation word in the clause before the match begins, if any: a
/// quote that starts later would drop the word that may govern it. The words are the
/// grammar's negators (or, without them, the negation contexts').
fn negation_start(f: &impl Finder, rubric: &Rubric, clause: &Clause, m: &Range<usize>) -> Option<usize> {
    let window = clause.start..m.start;
    let within = &clause.sentence;
    if !rubric.grammar.negators.is_empty() {
        let except = |r: &Range<usize>| {
            rubric.grammar.negator_except.iter().any(|e| starts_at(&f.all_in(e, within.clone()), r.start, clause.end))
        };
        return rubric
            .grammar
            .negators
            .iter()
            .filter_map(|p| {
                inside(&f.all_in(p, within.clone()), &window)
                    .iter()
                    .take(MAX_CANDIDATES)
                    .find(|r| !except(r))
                    .map(|r| r.start)
            })
            .min();
    }
    rubric
        .contexts_of(ContextKind::Negation)
        .filter(|c| matches!(c.look, Look::Before | Look::Adjacent))
        .filter_map(|c| {
            inside(&f.all_in(&c.pattern, within.clone()), &window)
                .iter()
                .take(MAX_CANDIDATES)
                .find(|r| !excepted(f, c, r, within, clause.end))
                .map(|r| r.start)
        })
        .min()
}
