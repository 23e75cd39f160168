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

use crate::rubric::model::{Context, ContextKind, Look, Rubric};

/// Where a match stands in its sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
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
}

/// The clause around `m` (body ranges) inside `sentence`.
pub fn clause_of(f: &impl Finder, rubric: &Rubric, sentence: Range<usize>, m: &Range<usize>) -> Clause {
    let mut start = sentence.start;
    let mut end = sentence.end;
    let text = f.text();
    for p in &rubric.grammar.clause_breaks {
        for b in f.find(p, sentence.clone()) {
            // The new clause begins at the break's first word ("but …", "if …", "and the
            // court shall …"), or after it when it is only punctuation (";", ":").
            let at = text[b.clone()].find(char::is_alphanumeric).map_or(b.end, |k| b.start + k);
            if at <= m.start {
                start = start.max(at);
            } else if b.start >= m.end {
                end = end.min(b.start);
            }
        }
    }
    let mut local_start = start;
    for p in &rubric.grammar.subordinators {
        for s in f.find(p, start..m.start) {
            local_start = local_start.max(main_clause_start(f.text(), start, &s, m.start));
        }
    }
    Clause { start, local_start, end: end.max(m.end), sentence_end: sentence.end.max(m.end) }
}

/// Where the words governed at `m_start` begin, given a subordinator `s` before them in
/// a clause starting at `clause_start`. A subordinate clause that opens the clause ("If
/// the prosecutor does not oppose the application, the court may grant …") ends at its
/// first comma: the main clause after it is not governed by what the subordinate clause
/// says. Otherwise the subordinate clause runs from the subordinator to the match
/// ("… shall not be filed unless | the applicant has completed …").
fn main_clause_start(text: &str, clause_start: usize, s: &Range<usize>, m_start: usize) -> usize {
    let before = &text[clause_start..s.start];
    let fronted = before.len() <= 12 && !before.chars().any(|c| c.is_alphabetic() && c.is_lowercase());
    if fronted {
        if let Some(comma) = text[s.end..m_start].find(',') {
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
        let windows: Vec<Range<usize>> = match c.look {
            // Words that start before the match and may run into it or past it ("No court may |
            // vacate …").
            Look::Before => std::iter::once(clause.local_start..clause.end.max(m.end)).collect(),
            Look::Adjacent => std::iter::once(clause.local_start..m.start).collect(),
            Look::Inside => std::iter::once(m.clone()).collect(),
            Look::After => std::iter::once(m.end..clause.end).collect(),
            Look::Lead => place.leads.clone(),
        };
        for window in windows.into_iter().filter(|w| !w.is_empty()) {
            let found: Vec<Range<usize>> = f
                .find(&c.pattern, window.clone())
                .into_iter()
                .filter(|r| !excepted(f, c, r, window.end.max(clause.end)))
                .collect();
            let hit = match c.look {
                // Only words that end where the match starts (spaces between them allowed).
                Look::Adjacent => found.into_iter().find(|r| place.text[r.end..m.start].trim().is_empty()),
                Look::Before => found.into_iter().find(|r| r.start < m.start),
                _ => found.into_iter().next(),
            };
            let Some(words) = hit else { continue };
            // `shall not … unless`: the negation and the condition make a requirement.
            let after = if c.look == Look::Lead { words.end..window.end } else { m.end..clause.sentence_end };
            if c.kind == ContextKind::Negation && cancelled(f, rubric, after) {
                continue;
            }
            return Some(Defeat { context: c, words });
        }
    }
    None
}

/// Whether a context's match is one its `except` patterns rule out (`no later than`).
fn excepted(f: &impl Finder, c: &Context, r: &Range<usize>, limit: usize) -> bool {
    c.except.iter().any(|e| f.find(e, r.start..limit.max(r.end)).first().is_some_and(|x| x.start == r.start))
}

/// Whether a condition after the match (`unless`, `except upon`) turns a negation into a
/// requirement: the rubric's subordinators of that sense, found right after the match.
fn cancelled(f: &impl Finder, rubric: &Rubric, after: Range<usize>) -> bool {
    rubric.grammar.cancels.iter().any(|p| !f.find(p, after.clone()).is_empty())
}

/// Where a quote that must include the negation word at `n` starts: at the subordinate
/// clause the word stands in ("If the prosecutor does not oppose …"), or the clause's
/// start, past an enumerator there.
pub fn governing_start(f: &impl Finder, rubric: &Rubric, clause: &Clause, n: usize) -> usize {
    let mut start = clause.start;
    for p in &rubric.grammar.subordinators {
        for s in f.find(p, clause.start..n) {
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
    } else if let Some(dot) = t.find(". ").filter(|&k| k >= 1 && k <= 3 && t[..k].chars().all(char::is_alphanumeric)) {
        at += dot + 1;
    }
    let rest = &text[at..n];
    at + (rest.len() - rest.trim_start().len())
}

/// Where the earliest negation word in the clause before the match begins, if any: a
/// quote that starts later would drop the word that may govern it. The words are the
/// grammar's negators (or, without them, the negation contexts').
pub fn negation_start(f: &impl Finder, rubric: &Rubric, clause: &Clause, m: &Range<usize>) -> Option<usize> {
    let window = clause.start..m.start;
    if !rubric.grammar.negators.is_empty() {
        let except = |r: &Range<usize>| {
            rubric.grammar.negator_except.iter().any(|e| f.find(e, r.start..clause.end).first().is_some_and(|x| x.start == r.start))
        };
        return rubric
            .grammar
            .negators
            .iter()
            .flat_map(|p| f.find(p, window.clone()))
            .filter(|r| !except(r))
            .map(|r| r.start)
            .min();
    }
    rubric
        .contexts_of(ContextKind::Negation)
        .filter(|c| matches!(c.look, Look::Before | Look::Adjacent))
        .flat_map(|c| f.find(&c.pattern, window.clone()).into_iter().filter(move |r| !excepted(f, c, r, clause.end)))
        .map(|r| r.start)
        .min()
}
