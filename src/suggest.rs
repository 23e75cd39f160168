//! What-if: the smallest amendment, from edits the rubric knows, that reaches a target.
//!
//! 1. Candidates, from the rubric: for each category below its maximum and each higher
//!    level with model wording (`model`, `model_phrase`), the edits that could reach it —
//!    put the model phrase in place of the words that decided the lower level, or add the
//!    model sentence at the end of the provision where the category's clause (or the
//!    statute's grant of relief) lives — and, for a category whose highest level is the
//!    absence of something, strike the words that decided the lower level. Each candidate
//!    is applied and the text scored again: only the ones that gain points are kept.
//! 2. The smallest set: every set of the kept candidates, from the fewest words changed
//!    (ties: fewer provisions touched), is applied and scored until one reaches the
//!    target. The result is a proposal `redline diff` accepts as it is.
//!
//! Both steps are bounded by counts ([`Budget`]), never by time, and say when they cut.

use std::collections::BTreeSet;

use crate::error::{Error, Result};
use crate::proposal::{apply, Proposal};
use crate::rubric::standing;
use crate::rubric::{self, CategoryScore, Points, Rubric, Scorecard};
use crate::statute::{self, Document};
use crate::text::Source;

/// Work limits for a suggestion.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Candidates kept (the best by points gained per word changed).
    pub max_candidates: usize,
    /// Sets of candidates applied and scored.
    pub max_sets: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget { max_candidates: 12, max_sets: 1024 }
    }
}

/// An edit that was applied and scored.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub id: String,
    /// The category it aims at, and the level's points and wording.
    pub category: String,
    pub category_name: String,
    pub level_points: Points,
    pub level: String,
    /// `replace`, `insert` or `strike`.
    pub kind: &'static str,
    /// What is struck and what is inserted (and where: `after`, and the provision path).
    pub strike: Option<String>,
    pub insert: Option<String>,
    pub after: Option<String>,
    pub at: Option<String>,
    /// The provision touched, as shown.
    pub provision: String,
    /// Where the model wording comes from.
    pub source: Option<String>,
    /// Words struck plus words inserted.
    pub words: usize,
    /// The score with this edit alone, and the gain (ranges under a scorecard whose
    /// method does not fix the points).
    pub score: standing::Span,
    pub gain: standing::Span,
}

/// What `suggest` found.
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub score: standing::Span,
    pub target: Points,
    /// The candidates kept, best first (by gain, then fewest words).
    pub candidates: Vec<Candidate>,
    /// The chosen set (indexes into `candidates`), with its verified score, words changed
    /// and provisions touched.
    pub chosen: Option<Chosen>,
    /// When the target is not reached: the categories below their maximum that no kept
    /// edit raises.
    pub blocking: Vec<String>,
    pub budget: Budget,
    /// How many candidates were tried, and how many sets applied and scored.
    pub tried: usize,
    pub sets: usize,
    /// Whether a budget cut the search (candidates left out, or sets not tried).
    pub cut: bool,
    /// For a target not reached: the best score a scored set reached, and its members.
    pub best: Option<(standing::Span, Vec<usize>)>,
}

#[derive(Debug, Clone)]
pub struct Chosen {
    pub members: Vec<usize>,
    /// The verified score: its lowest end reaches the target.
    pub score: standing::Span,
    pub words: usize,
    pub provisions: usize,
}

/// The score `suggest` works on: the total, or, under a scorecard with a standing, the
/// range of totals its figures allow (a target is reached when the lowest reaches it).
struct Measure<'a> {
    rubric: &'a Rubric,
    base_card: Scorecard,
    base_standing: Option<standing::Standing>,
}

impl Measure<'_> {
    fn of(&self, card: &Scorecard) -> standing::Span {
        match &self.base_standing {
            Some(st) => {
                let d = crate::compare::Delta::between(&self.base_card, card);
                standing::delta(self.rubric, st, &d).after
            }
            None => standing::Span::exact(card.total),
        }
    }
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// A TOML string.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A proposal of the given candidates, one amendment each, without a `base` (the
/// statute is given on the command line).
pub fn proposal_toml(title: &str, jurisdiction: Option<&str>, candidates: &[&Candidate]) -> String {
    let mut out = String::new();
    out.push_str("# Written by `redline suggest`: each amendment is an edit drawn from the rubric, applied\n");
    out.push_str("# and scored. Compare it with `redline diff STATUTE THIS-FILE`.\n");
    out.push_str(&format!("title = {}\n", quoted(title)));
    if let Some(j) = jurisdiction {
        out.push_str(&format!("jurisdiction = {}\n", quoted(j)));
    }
    for c in candidates {
        out.push_str(&format!("\n[[amendment]]\nid = {}\n", quoted(&c.id)));
        out.push_str(&format!(
            "title = {}\n",
            quoted(&format!("{}: toward \"{}\" ({} points)", c.category_name, c.level, c.level_points))
        ));
        if let Some(s) = &c.source {
            out.push_str(&format!("description = {}\n", quoted(&format!("model wording: {s}"))));
        }
        out.push_str("[[amendment.op]]\n");
        if let Some(at) = &c.at {
            out.push_str(&format!("at = {}\n", quoted(at)));
        }
        match (&c.strike, &c.after) {
            (Some(s), _) => {
                out.push_str(&format!("strike = {}\n", quoted(s)));
                out.push_str(&format!("insert = {}\n", quoted(c.insert.as_deref().unwrap_or(""))));
            }
            (None, Some(a)) => {
                out.push_str(&format!("after = {}\n", quoted(a)));
                out.push_str(&format!("insert = {}\n", quoted(c.insert.as_deref().unwrap_or(""))));
            }
            (None, None) => {}
        }
    }
    out
}

/// Applies candidates to the statute and scores the result (`None` when they cannot all
/// apply: two that change the same words).
fn score_with(base: &Source, rubric: &Rubric, measure: &Measure<'_>, set: &[&Candidate]) -> Option<standing::Span> {
    let text = proposal_toml("candidates", None, set);
    let p = Proposal::from_source(&Source::from_text("suggest.toml", text)).ok()?;
    let all: Vec<usize> = (0..p.amendments.len()).collect();
    let applied = apply::apply(base, &p, &all).ok()?;
    let doc = statute::parse(Source::from_text(base.name.clone(), applied.text)).ok()?;
    Some(measure.of(&rubric::score(&doc, rubric)[0]))
}

/// The provision path for an `at` (empty: the section root, no `at`).
fn at_of(path: &str) -> Option<String> {
    (!path.is_empty()).then(|| path.to_string())
}

/// The last words of a provision's text, as an anchor to insert after (`None` when the
/// provision has no words).
fn anchor(doc: &Document, prov: usize) -> Option<String> {
    let text = doc.original(doc.provisions[prov].span.clone());
    let ws: Vec<&str> = text.split_whitespace().collect();
    (!ws.is_empty()).then(|| ws[ws.len().saturating_sub(6)..].join(" "))
}

/// Candidate edits for one category, before they are scored.
fn edits_for(doc: &Document, card: &Scorecard, rubric: &Rubric, c: &CategoryScore) -> Vec<Candidate> {
    let Some(cat) = rubric.category(&c.id) else { return Vec::new() };
    let mut out = Vec::new();
    // Where the category's clause lives: its evidence, else the words that let it be read
    // (its own test), else the statute's grant.
    let home = c.evidence.first().or(c.gate.as_ref()).or(card.applies.as_ref());
    let mut levels: Vec<&crate::rubric::model::Level> = cat.levels.iter().filter(|l| l.points > c.points).collect();
    levels.sort_by_key(|l| std::cmp::Reverse(l.points));
    let make = |kind: &'static str, level: &crate::rubric::model::Level, provision: &str| Candidate {
        id: String::new(),
        category: cat.id.clone(),
        category_name: cat.name.clone(),
        level_points: level.points,
        level: level.text.clone(),
        kind,
        strike: None,
        insert: None,
        after: None,
        at: at_of(provision),
        provision: String::new(),
        source: level.model_source.clone(),
        words: 0,
        score: standing::Span::exact(Points::ZERO),
        gain: standing::Span::exact(Points::ZERO),
    };
    for level in &levels {
        for e in &c.evidence {
            // A phrase stands in for the quote only where both begin alike ("any
            // misdemeanor offense" → "any offense"), so the sentence still reads.
            let first = |t: &str| t.split_whitespace().next().map(str::to_lowercase);
            let alike = level.model_phrase.as_deref().is_some_and(|p| first(p) == first(&e.quote));
            if let Some(phrase) = level.model_phrase.as_ref().filter(|_| alike) {
                let mut k = make("replace", level, &e.provision);
                k.strike = Some(e.quote.clone());
                k.insert = Some(phrase.clone());
                k.provision = e.display.clone();
                k.words = words(&e.quote) + words(phrase);
                out.push(k);
            }
        }
        if let (Some(model), Some(h)) = (&level.model, home) {
            if let Some(after) = anchor(doc, h.prov) {
                let mut k = make("insert", level, &h.provision);
                k.after = Some(after);
                k.insert = Some(format!(" {model}"));
                k.provision = h.display.clone();
                k.words = words(model);
                out.push(k);
            }
        }
    }
    // A highest level that is the absence of something: strike the sentence that decided
    // the lower one (a whole sentence, so the rest still reads), never the grant itself.
    if cat.default.points == cat.max && c.points < cat.max {
        if let Some(top) = cat.levels.iter().find(|l| l.points == cat.max) {
            let grant = card.applies.as_ref().map(|a| a.body_range.clone());
            for e in &c.evidence {
                let Some(sentence) = sentence_of(doc, e.body_range.clone()) else { continue };
                if grant.as_ref().is_some_and(|g| g.start < sentence.end && sentence.start < g.end) {
                    continue;
                }
                let text = doc.original(sentence).trim().to_string();
                let mut k = make("strike", top, &e.provision);
                k.words = words(&text);
                k.strike = Some(text);
                k.insert = Some(String::new());
                k.provision = e.display.clone();
                k.source =
                    Some("the scorecard's level text: the sentence that decided the lower level is struck".to_string());
                out.push(k);
            }
        }
    }
    out
}

/// The body range of the sentence holding `r`.
fn sentence_of(doc: &Document, r: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
    doc.sentences.iter().find(|s| s.range.start <= r.start && r.end <= s.range.end).map(|s| s.range.clone())
}

/// Finds the smallest set of edits the rubric knows that raises `base` to `target`.
pub fn suggest(base: &Source, rubric: &Rubric, target: Points, budget: Budget) -> Result<Suggestion> {
    let doc = statute::parse(base.clone())?;
    let card = rubric::score(&doc, rubric).swap_remove(0);
    let base_standing = standing::has_standing(rubric)
        .then(|| standing::of(rubric, doc.front.jurisdiction.as_deref(), &card.categories));
    let measure = Measure { rubric, base_card: card.clone(), base_standing };
    let score = measure.of(&card);
    if card.applies.is_none() && rubric.applies.is_some() {
        return Err(Error::file(
            &base.name,
            format!("the text has no {} to amend toward the target", rubric.subject_label()),
        ));
    }
    // 1. Candidates, each applied alone and scored.
    let mut tried = 0;
    let mut kept: Vec<Candidate> = Vec::new();
    let mut raised: BTreeSet<String> = BTreeSet::new();
    for c in &card.categories {
        if c.points >= c.max {
            continue;
        }
        for mut k in edits_for(&doc, &card, rubric, c) {
            tried += 1;
            let Some(s) = score_with(base, rubric, &measure, &[&k]) else { continue };
            // A gain at either end of the range (a gap to full credit may gain 0 to 2.5).
            let gains = s.lo > score.lo || s.hi > score.hi;
            if gains && !kept.iter().any(|o| o.strike == k.strike && o.insert == k.insert && o.after == k.after) {
                k.score = s;
                k.gain = standing::Span { lo: s.lo - score.lo, hi: s.hi - score.hi };
                raised.insert(k.category.clone());
                kept.push(k);
            }
        }
    }
    kept.sort_by(|a, b| {
        (b.gain.lo, b.gain.hi)
            .cmp(&(a.gain.lo, a.gain.hi))
            .then(a.words.cmp(&b.words))
            .then(a.category.cmp(&b.category))
    });
    let mut cut = kept.len() > budget.max_candidates;
    kept.truncate(budget.max_candidates);
    for (i, k) in kept.iter_mut().enumerate() {
        k.id = format!("{}-{}", k.category.replace('_', "-"), i + 1);
    }
    // 2. Every set, from the fewest words (then provisions), until one reaches the target.
    let n = kept.len();
    let mut sets: Vec<(usize, usize, u32)> = (1u32..(1u32 << n))
        .map(|mask| {
            let members = (0..n).filter(|&i| mask & (1 << i) != 0);
            let w: usize = members.clone().map(|i| kept[i].words).sum();
            let provs: BTreeSet<&str> = members.map(|i| kept[i].provision.as_str()).collect();
            (w, provs.len(), mask)
        })
        .collect();
    sets.sort_unstable();
    let mut chosen = None;
    let mut tried_sets = 0;
    // The best set scored, for a target not reached.
    let mut best: Option<(standing::Span, Vec<usize>)> =
        kept.iter().enumerate().map(|(i, k)| (k.score, vec![i])).max_by_key(|(s, _)| s.lo);
    if score.lo < target {
        for &(w, provs, mask) in &sets {
            if tried_sets == budget.max_sets {
                cut = true;
                break;
            }
            let members: Vec<usize> = (0..n).filter(|&i| mask & (1 << i) != 0).collect();
            // A single candidate's score is known.
            let s = if members.len() == 1 {
                Some(kept[members[0]].score)
            } else {
                tried_sets += 1;
                score_with(base, rubric, &measure, &members.iter().map(|&i| &kept[i]).collect::<Vec<_>>())
            };
            if let Some(s) = s {
                if best.as_ref().is_none_or(|(b, _)| s.lo > b.lo) {
                    best = Some((s, members.clone()));
                }
            }
            if let Some(s) = s.filter(|s| s.lo >= target) {
                chosen = Some(Chosen { members, score: s, words: w, provisions: provs });
                break;
            }
        }
    }
    let blocking = if chosen.is_none() && score.lo < target && !cut {
        match &measure.base_standing {
            // A scorecard with published figures: the goals short of full credit that no
            // kept edit raises, and how many the rubric does not read from a text at all.
            Some(st) => {
                let short = |g: &&standing::GoalRow| g.bound.lo < g.max && !raised.contains(&g.id);
                let mut out: Vec<String> = st
                    .goals
                    .iter()
                    .filter(short)
                    .filter(|g| g.readable)
                    .map(|g| format!("{} ({} of {})", g.name, g.bound.show(), g.max))
                    .collect();
                let unread = st.goals.iter().filter(short).filter(|g| !g.readable).count();
                if unread > 0 {
                    out.push(format!(
                        "{unread} goals short of full credit that this rubric does not read from a statute's text (their published figures stand)"
                    ));
                }
                out
            }
            None => card
                .categories
                .iter()
                .filter(|c| c.points < c.max && !raised.contains(&c.id))
                .map(|c| format!("{} ({} of {})", c.name, c.points, c.max))
                .collect(),
        }
    } else {
        Vec::new()
    };
    let best = if chosen.is_none() { best } else { None };
    Ok(Suggestion { score, target, candidates: kept, chosen, blocking, budget, tried, sets: tried_sets, cut, best })
}
