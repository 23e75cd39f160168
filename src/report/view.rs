//! Plain words shared by the renderers: summary lines, what a diff compared, a delta's
//! gains and losses, the provenance lines. No markup and no color here; each renderer
//! escapes and styles these its own way.

use crate::compare::{CategoryDelta, Delta};
use crate::redline::{Entry, Status};
use crate::report::model::{DiffReport, InputFile, Origin, RubricInfo};
use crate::rubric::standing::{grade_range, GoalDelta, GoalRow, Reading, Standing, StandingDelta};
use crate::rubric::{CategoryScore, Points, Scorecard};

/// What the before text was compared with: the after text's label, or the proposal or
/// bill with its file.
pub fn target(report: &DiffReport) -> String {
    match &report.origin {
        Origin::Texts => report.after.label.clone(),
        Origin::Proposal { title, path, .. } | Origin::Bill { title, path, .. } => format!("{title} ({path})"),
    }
}

/// `45 → 68 (+23) under Polaris 2019`.
pub fn diff_summary(report: &DiffReport) -> String {
    let d = &report.comparison.delta;
    format!("{} → {} ({}) under {}", d.before, d.after, d.total().signed(), report.rubric.short)
}

/// `45 of 100 points under Polaris 2019`.
pub fn score_summary(card: &Scorecard, rubric: &RubricInfo) -> String {
    format!("{} of {} points under {}", card.total, card.max, rubric.short)
}

/// A sentence saying where the after text came from.
pub fn origin_line(report: &DiffReport) -> String {
    match &report.origin {
        Origin::Texts => format!("Compares {} with {}.", report.before.path, report.after.path),
        Origin::Proposal { path, title, base } => format!("Proposal “{title}” ({path}) applied to {base}."),
        Origin::Bill { path, title, sections } if sections.is_empty() => format!("Bill “{title}” ({path})."),
        Origin::Bill { path, title, sections } => {
            format!("Bill “{title}” ({path}); sections read: {}.", sections.join(", "))
        }
    }
}

/// The categories a delta raised, then those it lowered: each gain and each loss, never
/// only the net.
pub fn changes(d: &Delta) -> Vec<&CategoryDelta> {
    d.gains().chain(d.losses()).collect()
}

/// `Offenses Covered +25; Additional Restrictive Conditions on Relief -2`, or
/// `no category changes`.
pub fn changes_line(d: &Delta) -> String {
    let parts: Vec<String> = changes(d).iter().map(|c| format!("{} {}", c.name, c.delta().signed())).collect();
    if parts.is_empty() {
        "no category changes".to_string()
    } else {
        parts.join("; ")
    }
}

/// Whether a change is a gain, a loss or neither; renderers mark these with words or
/// symbols as well as color.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Gain,
    Loss,
    Same,
}

impl Trend {
    pub fn of(p: Points) -> Trend {
        if p > Points::ZERO {
            Trend::Gain
        } else if p < Points::ZERO {
            Trend::Loss
        } else {
            Trend::Same
        }
    }

    /// `▲ +25`, `▼ -2`, `0`: the arrow says it without color.
    pub fn marked(p: Points) -> String {
        match Trend::of(p) {
            Trend::Gain => format!("▲ {}", p.signed()),
            Trend::Loss => format!("▼ {}", p.signed()),
            Trend::Same => p.signed(),
        }
    }

    /// A CSS class name (a fixed word, never input text).
    pub fn class(self) -> &'static str {
        match self {
            Trend::Gain => "gain",
            Trend::Loss => "loss",
            Trend::Same => "same",
        }
    }
}

/// The changed provisions of a diff, and how many were unchanged.
pub fn changed_entries(report: &DiffReport) -> (Vec<&Entry>, usize) {
    let entries = &report.comparison.redline.entries;
    let changed: Vec<&Entry> = entries.iter().filter(|e| e.status != Status::Unchanged).collect();
    let unchanged = entries.len() - changed.len();
    (changed, unchanged)
}

/// A provision's heading: `(a)(1) modified (was (a)(2))`.
pub fn entry_heading(e: &Entry) -> String {
    format!("{} {}", e.path, entry_status(e))
}

/// What happened to a provision, with where its text was: `renumbered (was (d); (e)(1)
/// was (d)(1))`, `split (from § 54-95c)`, `merged (from (b), (c))`, `heading modified`.
pub fn entry_status(e: &Entry) -> String {
    if e.heading.is_some() {
        return format!("heading {}", e.status.as_str());
    }
    let mut notes: Vec<String> = Vec::new();
    if let Some(old) = &e.old_path {
        notes.push(format!("was {old}"));
    }
    if !e.from.is_empty() {
        notes.push(format!("from {}", e.from.join(", ")));
    }
    notes.extend(e.children.iter().map(|(old, new)| format!("{new} was {old}")));
    match notes.is_empty() {
        true => e.status.as_str().to_string(),
        false => format!("{} ({})", e.status.as_str(), notes.join("; ")),
    }
}

/// Category names for a redline entry's category ids, in the rubric's order.
pub fn category_names(report: &DiffReport, ids: &[String]) -> Vec<String> {
    report.comparison.delta.categories.iter().filter(|c| ids.contains(&c.id)).map(|c| c.name.clone()).collect()
}

/// The note about the diff budget, when the fallback was used.
pub fn fallback_note(report: &DiffReport) -> Option<String> {
    report.comparison.redline.fallback.then(|| {
        format!(
            "The diff budget (--max-tokens {}, --max-edits {}) was exceeded; some changes are shown as whole replacements.",
            report.budget.max_tokens, report.budget.max_edits
        )
    })
}

/// `1 provision unchanged.` / `12 provisions unchanged.`
pub fn unchanged_line(n: usize) -> String {
    format!("{n} provision{} unchanged.", if n == 1 { "" } else { "s" })
}

/// The sentence saying what the scorecard's subject test found (or did not).
pub fn applies_line(card: &Scorecard, sections_searched: usize, rubric: &RubricInfo) -> String {
    let label = &rubric.label;
    match &card.applies {
        Some(a) => format!("{}: {} “{}”", capitalized(label), a.display, one_line(&a.quote)),
        None if sections_searched > 1 => {
            format!("No {label} found in {sections_searched} sections: every category scores 0.")
        }
        None => format!("No {label} found: every category scores 0."),
    }
}

/// The sentence naming provisions left out as other grounds of relief, if any.
pub fn excluded_line(card: &Scorecard, rubric: &RubricInfo) -> Option<String> {
    (!card.excluded.is_empty()).then(|| {
        format!("Scored {} only; left out as other grounds of relief: {}.", rubric.ground, card.excluded.join(", "))
    })
}

/// A category's points: `8`, or `0 to 2.5` for a level the method does not fix.
pub fn points_of(c: &CategoryScore) -> String {
    match c.upto {
        Some(u) if u != c.points && c.override_.is_none() => format!("{} to {u}", c.points),
        _ => c.points.to_string(),
    }
}

/// The text with its first letter in upper case.
pub fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// The remarks under a category: the analyst's override, a review flag, and the note
/// (what was looked for, for a default), each as (label, text).
pub fn remarks(c: &CategoryScore) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(o) = &c.override_ {
        out.push(("Analyst override", format!("{} points (computed {}): {}", o.points, o.computed, o.reason)));
    }
    if let Some(r) = &c.review {
        out.push(("Review", r.clone()));
    }
    if let Some(n) = &c.note {
        out.push((if c.evidence.is_empty() && c.gate.is_none() { "Not found" } else { "Note" }, n.clone()));
    }
    out
}

/// A category's confidence across a change: `rule`, or `default → rule`.
pub fn confidence_change(d: &CategoryDelta) -> String {
    if d.confidence_before == d.confidence_after {
        d.confidence_after.as_str().to_string()
    } else {
        format!("{} → {}", d.confidence_before.as_str(), d.confidence_after.as_str())
    }
}

/// The review notes behind a diff's scores, as (category name, side, why): every
/// category whose score before or after rests on a decision flagged for review.
pub fn review_lines(report: &DiffReport) -> Vec<(String, &'static str, String)> {
    let c = &report.comparison;
    let mut out = Vec::new();
    for (b, a) in c.before.card().categories.iter().zip(&c.after.card().categories) {
        match (&b.review, &a.review) {
            (Some(rb), Some(ra)) if rb == ra => out.push((a.name.clone(), "before and after", ra.clone())),
            (rb, ra) => {
                if let Some(r) = rb {
                    out.push((b.name.clone(), "before", r.clone()));
                }
                if let Some(r) = ra {
                    out.push((a.name.clone(), "after", r.clone()));
                }
            }
        }
    }
    out
}

/// The sentence under a diff's score table that explains its review marks.
pub const REVIEW_MARK_NOTE: &str =
    "A delta marked “review” rests on a decision the engine flagged for an analyst’s review.";

/// Whether a category reads the same before and after: same points, level, override and
/// quoted words (offsets may differ).
pub fn same_category(before: &CategoryScore, after: &CategoryScore) -> bool {
    before.points == after.points
        && before.level == after.level
        && before.note == after.note
        && before.review == after.review
        && before.override_.as_ref().map(|o| (o.points, &o.reason))
            == after.override_.as_ref().map(|o| (o.points, &o.reason))
        && before.evidence.len() == after.evidence.len()
        && before.evidence.iter().zip(&after.evidence).all(|(b, a)| b.display == a.display && b.quote == a.quote)
}

/// A category's heading in a diff's evidence: `Offenses Covered: 5 → 30 of 30`,
/// `Range of Relief: 8 of 10 before and after`, or `…: 10 of 10, unchanged`.
pub fn evidence_heading(before: &CategoryScore, after: &CategoryScore) -> String {
    let (b, a, max) = (points_of(before), points_of(after), after.max);
    if same_category(before, after) {
        format!("{}: {a} of {max}, unchanged", after.name)
    } else if b == a {
        format!("{}: {a} of {max} before and after; the evidence changed", after.name)
    } else {
        format!("{}: {b} → {a} of {max}", after.name)
    }
}

/// The provenance lines: each input file with its size and SHA-256.
pub fn input_line(i: &InputFile) -> String {
    format!("{}: {} ({} bytes, SHA-256 {})", i.role, i.path, i.bytes, i.sha256)
}

/// The rubric's provenance line.
pub fn rubric_line(r: &RubricInfo) -> String {
    let edition = r.edition.as_deref().map(|e| format!(", edition {e}")).unwrap_or_default();
    let origin = if r.builtin { format!("built in, from {}", r.origin) } else { r.origin.clone() };
    format!("{} ({}){edition}; {origin}; SHA-256 {}", r.id, r.name, r.sha256)
}

/// Shortens `s` to at most `max_chars` characters, cutting only at a word boundary and
/// marking the cut with "…" (a text of one long word is cut inside it, still marked).
pub fn clip_words(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s.to_string();
    }
    let limit = max_chars.saturating_sub(1);
    let cut: String = s.chars().take(limit).collect();
    let next = s.chars().nth(limit);
    let at_boundary = next.is_none_or(|c| !c.is_alphanumeric()) || cut.ends_with(|c: char| !c.is_alphanumeric());
    let kept = if at_boundary {
        cut.as_str()
    } else {
        match cut.rfind(|c: char| !c.is_alphanumeric()) {
            Some(k) if k > 0 => &cut[..k],
            _ => cut.as_str(),
        }
    };
    format!("{}…", kept.trim_end_matches(|c: char| c.is_whitespace() || c == ','))
}

/// Collapses runs of whitespace (line breaks included) to single spaces.
pub fn one_line(s: &str) -> String {
    crate::rubric::engine::one_line(s)
}

/// A redline chunk's text on one line: line breaks become spaces, nothing else changes
/// (the spaces around a change are part of what the reader sees).
pub fn flat(s: &str) -> String {
    s.replace("\r\n", " ").replace(['\n', '\r', '\t'], " ")
}

// ---------------------------------------------------------------------------------------
// Scorecards with issue areas, grades and published figures (see `rubric::standing`).

/// Where the figures come from: `Published figures for CT: Shared Hope …; graded …`, or
/// that there are none for the text's jurisdiction.
pub fn standing_source(st: &Standing) -> String {
    match (&st.baseline, &st.jurisdiction) {
        (Some(b), _) => {
            let graded = b.graded.as_deref().map_or(String::new(), |g| format!("; the card graded {g}"));
            format!(
                "Published figures for {}: {}{graded}. The figures are the card's, not computed from this text; only the goals read below are.",
                b.jurisdiction, b.source
            )
        }
        (None, Some(j)) => format!(
            "No published figures for {j} in this rubric: each goal the text does not decide counts anywhere from 0 to its maximum."
        ),
        (None, None) => "The text names no jurisdiction, so no published figures apply: each goal the text does not decide counts anywhere from 0 to its maximum.".to_string(),
    }
}

/// `49.5 of 100 (+ up to 10 extra credit)`, with the grade: the total line.
pub fn standing_total(st: &Standing, rubric: &RubricInfo) -> String {
    let extra = rubric.extra_max.map_or(String::new(), |m| format!(" (+ up to {m} extra credit)"));
    let grade = st.grade.as_ref().map_or(String::new(), |g| format!(", grade {}", grade_range(g)));
    format!("{} of {}{extra}{grade}", st.total.show(), rubric.max)
}

/// What the total would be if the text's readings replaced the published statuses where
/// they differ.
pub fn as_read_line(st: &Standing) -> Option<String> {
    st.as_read.map(|t| {
        format!(
            "Read as this text says where it differs from the card (marked review), the total would be {}; the published figure stands.",
            t.show()
        )
    })
}

/// The published tier and why a change's effect on it is not computed.
pub fn tier_line(st: &Standing, rubric: &RubricInfo) -> Option<String> {
    let tier = st.baseline.as_ref()?.tier.as_ref()?;
    Some(match &rubric.tier {
        Some(how) => format!("{tier} as published; tiers are assigned {how}."),
        None => format!("{tier} as published."),
    })
}

/// An area's name with its id: `4. Access to Justice for Trafficking Survivors`.
pub fn area_name(id: &str, name: &str) -> String {
    format!("{id}. {name}")
}

/// A goal's name with its number and area: `Vacatur (area 4)`, `2.5 Non-criminalization …`.
pub fn goal_name(g: &GoalRow) -> String {
    let number = g.number.as_deref().map_or(String::new(), |n| format!("{n} "));
    let area = g.area.as_deref().map_or(String::new(), |a| format!(" (area {a})"));
    format!("{number}{}{area}", g.name)
}

/// `0 to 2.5 of 2.5`: what the text reads for a goal.
pub fn reading_points(r: &Reading, max: Points) -> String {
    format!("{} of {max}", r.span.show())
}

/// What the card published for a goal and whether the reading agrees.
pub fn published_line(g: &GoalRow) -> Option<String> {
    let (_, text, quote) = g.published.as_ref()?;
    let place = quote.as_deref().map_or(String::new(), |q| format!(" ({q})"));
    let verdict = match g.agrees {
        Some(true) => "; the text's reading agrees",
        Some(false) => "; the text's reading differs, so the published figure stands",
        None => "",
    };
    Some(format!("published: {text}{place}, worth {}{verdict}", g.bound.show()))
}

/// Why a goal needs review: its reading differs from the published status.
pub fn disagreement(g: &GoalRow) -> Option<String> {
    (g.agrees == Some(false)).then(|| {
        let read = g.reading.as_ref().and_then(|r| r.status.clone()).unwrap_or_default();
        let published = g.published.as_ref().map_or(String::new(), |p| p.0.clone());
        format!("the text reads `{read}` but the card published `{published}`; both are shown and the published figure is kept")
    })
}

/// `39 of 40 goals are not decided by this text …`.
pub fn undecided_line(st: &Standing) -> String {
    let n = st.undecided();
    let keep = if st.baseline.is_some() { "keep their published figures" } else { "count as their whole range" };
    format!("{n} of {} goals are not decided by this text and {keep} (redline rubric show lists them).", st.goals.len())
}

/// `49.5 → 49.5 to 52 (0 to +2.5) under Shared Hope 2023; grade F`.
pub fn standing_change(d: &StandingDelta, rubric: &RubricInfo) -> String {
    let grade = d.grade_change().map_or(String::new(), |g| format!("; grade {g}"));
    format!("{} → {} ({}) under {}{grade}", d.before.show(), d.after.show(), d.delta.show_signed(), rubric.short)
}

/// `Vacatur: gap (0 to 2.5) → accomplished (2.5): 0 to +2.5`.
pub fn goal_change(g: &GoalDelta) -> String {
    let side = |r: &Option<Reading>| match r {
        Some(r) => format!("{} ({})", r.status.as_deref().unwrap_or("read"), r.span.show()),
        None => "not decided".to_string(),
    };
    format!("{}: {} → {}: {}", g.name, side(&g.before), side(&g.after), g.delta.show_signed())
}

/// An amendment's effect: `0 to +2.5 (Vacatur 0 to +2.5)`, `0 (no goal changes)`.
pub fn standing_amendment(d: &StandingDelta) -> String {
    // A grade the change would move is named (`; grade F → D`).
    let grade = d.grade_change().filter(|g| g.contains('→')).map_or(String::new(), |g| format!("; grade {g}"));
    if d.goals.is_empty() {
        return format!("{} (no goal changes){grade}", d.delta.show_signed());
    }
    let parts: Vec<String> = d.goals.iter().map(|g| format!("{} {}", g.name, g.delta.show_signed())).collect();
    format!("{} ({}){grade}", d.delta.show_signed(), parts.join("; "))
}

/// What a scorecard that reads no goal from any text says of itself.
pub fn baseline_only(st: &Standing) -> Option<String> {
    st.baseline_only().then(|| {
        let figures = if st.baseline.is_some() {
            "every figure is the published one"
        } else {
            "there are no figures for this jurisdiction"
        };
        format!("No part of this scorecard is decided by a statute's text under this rubric: {figures}.")
    })
}

/// A goal the rubric reads from a text, not decided by this one: `Vacatur (area 4): not
/// decided by this text: why`.
pub fn unread_line(g: &GoalRow, c: &CategoryScore) -> String {
    let why = c.note.as_deref().unwrap_or("nothing the rubric reads it from was found");
    format!("{}: not decided by this text: {why}", goal_name(g))
}

// ---------------------------------------------------------------------------------------
// Alternatives and interactions of a proposal's amendments.

/// `a, c: +10 (a +5; c +5)`: a combination of alternatives and what it does.
pub fn combination_line(c: &crate::compare::Combination) -> String {
    let steps: Vec<String> = c.sequential.iter().map(|(id, d)| format!("{id} {}", d.total().signed())).collect();
    format!("{}: {} ({})", c.amendments.join(", "), c.delta.total().signed(), steps.join("; "))
}

/// A combination under a scorecard with a standing: `a, c: 0 to +2.5 (a 0; c 0 to +2.5)`.
pub fn standing_combination(ids: &[String], whole: &StandingDelta, steps: &[StandingDelta]) -> String {
    let parts: Vec<String> = ids.iter().zip(steps).map(|(id, d)| format!("{id} {}", d.delta.show_signed())).collect();
    format!("{}: {} ({})", ids.join(", "), whole.delta.show_signed(), parts.join("; "))
}

/// What is said of the combinations: which one the redline shows, and any left out.
pub fn combinations_note(c: &crate::compare::Comparison) -> String {
    let cut = if c.combinations_cut {
        format!(" More combinations were left out (at most {} are applied).", crate::compare::MAX_COMBINATIONS)
    } else {
        String::new()
    };
    format!("Amendments of the same group are alternatives: each combination takes one of each group. The redline and the score above are the first combination's; sequential changes add up within each combination.{cut}")
}

/// One cell of the interaction matrix, in words: `together +23, sum of each alone +23
/// (adds up); both touch (a)`.
pub fn interaction_detail(i: &crate::compare::Interaction, exact: bool) -> String {
    use crate::compare::InteractionKind;
    let mut parts = Vec::new();
    match i.kind {
        InteractionKind::Alternatives => parts.push("alternatives of one group: never applied together".to_string()),
        InteractionKind::Conflicting => {
            parts.push(format!("cannot both apply: {}", i.conflict.as_deref().unwrap_or("they change the same words")))
        }
        _ => {
            if let (Some(t), Some(add)) = (i.together, i.additive) {
                let adds = if add {
                    "adds up"
                } else {
                    "does not add up, so each one's sequential change depends on the order"
                };
                if exact {
                    parts.push(format!("together {}, sum of each alone {} ({adds})", t.signed(), i.sum.signed()));
                } else {
                    parts.push(format!("the change with both {adds}, level by level"));
                }
            }
        }
    }
    if i.dependent {
        parts.push("one edits words the other inserts".to_string());
    }
    if !i.shared.is_empty() {
        parts.push(format!("both touch {}", i.shared.join(", ")));
    }
    parts.join("; ")
}

/// The interaction matrix's caption.
pub const INTERACTIONS_NOTE: &str = "Each pair applied together (with what it depends on) and scored: independent (the effects add up and the pair touches different provisions), order-dependent (the effects do not add up), overlapping (both touch a provision), conflicting (both strike the same words), alternatives (one group).";
