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

use std::collections::BTreeSet;
use std::ops::Range;

use crate::rubric::model::{Category, Rubric, Rule, WHOLE_STATUTE};
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
}

/// An analyst's override of a category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub points: Points,
    pub reason: String,
    /// The points the engine computed.
    pub computed: Points,
}

/// One category's result.
#[derive(Debug, Clone)]
pub struct CategoryScore {
    pub id: String,
    pub name: String,
    /// Points counted (the override's, when there is one).
    pub points: Points,
    pub max: Points,
    /// The scorecard's wording of the level reached.
    pub level: String,
    pub basis: Basis,
    pub evidence: Vec<Evidence>,
    pub note: Option<String>,
    /// Why an analyst should review this category, when the engine is not confident.
    pub review: Option<String>,
    pub override_: Option<Override>,
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
    occurrences: Vec<Option<Vec<usize>>>,
}

impl<'d> Ctx<'d> {
    /// A context over the whole text with every pattern's prefixes.
    fn whole(doc: &'d Document, rubric: &Rubric, lower: &'d str) -> Self {
        let occurrences = rubric.literal_index().occurrences(lower);
        Ctx { doc, lower, occurrences }
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
        Ctx { doc, lower, occurrences }
    }

    fn hay(&self, r: Range<usize>) -> Hay<'_> {
        Hay { text: &self.doc.text()[r.clone()], lower: &self.lower[r] }
    }

    /// Where a match of `p` may start inside `r`, relative to `r`; `None` when anywhere.
    fn starts(&self, p: &Pattern, r: &Range<usize>) -> Option<Vec<usize>> {
        match self.occurrences.get(p.id) {
            Some(Some(at)) => Some(keyed_in(at, |&o| o, r).iter().map(|&o| o - r.start).collect()),
            _ => None,
        }
    }

    /// Whether one of `p`'s required prefixes starts inside `r`.
    fn possible_in(&self, p: &Pattern, r: &Range<usize>) -> bool {
        match self.occurrences.get(p.id) {
            Some(Some(at)) => !keyed_in(at, |&o| o, r).is_empty(),
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
    let lower = crate::rubric::pattern::match_text(doc.text());
    let section_sentences = sentences_by_section(doc);
    // 1. The subject's words, over the whole text: which sections could be in scope.
    let subject = Ctx { doc, lower: &lower, occurrences: rubric.subject_index().occurrences(&lower) };
    let candidates: BTreeSet<usize> = (0..doc.sections.len())
        .filter(|&i| !section_sentences[i].is_empty() && mentions_subject(&subject, rubric, i))
        .collect();
    if candidates.is_empty() {
        return vec![not_applicable(doc, rubric)];
    }
    // 2. Every pattern, over those sections only: which of them grant the relief.
    let ctx = Ctx::sections(doc, rubric, &lower, &candidates);
    let groups = scope_groups(&ctx, rubric, &candidates, &section_sentences);
    if groups.is_empty() {
        return vec![not_applicable(doc, rubric)];
    }
    // 3. Every pattern, over the sections of the statutes found.
    let members: BTreeSet<usize> = groups.iter().flat_map(|g| g.0.iter().copied()).chain(candidates).collect();
    let ctx = Ctx::sections(doc, rubric, &lower, &members);
    groups
        .into_iter()
        .map(|(sections, applies, excluded)| score_group(&ctx, rubric, sections, Some(applies), excluded))
        .collect()
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
fn mentions_subject(ctx: &Ctx<'_>, rubric: &Rubric, section: usize) -> bool {
    let law = ctx.doc.sections[section].law.clone();
    rubric.applies.subject.is_empty() || rubric.applies.subject.iter().any(|p| ctx.matches(p, law.clone()))
}

/// Scores a document as one statute, without the applies test (rubric case examples).
pub fn score_category_in(doc: &Document, rubric: &Rubric, category: &Category) -> CategoryScore {
    let lower = crate::rubric::pattern::match_text(doc.text());
    let ctx = Ctx::whole(doc, rubric, &lower);
    let sections: Vec<usize> = (0..doc.sections.len()).collect();
    let sentences: Vec<&Sentence> = doc.sentences_in(&sections).collect();
    evaluate(&ctx, rubric, category, &sentences)
}

/// A match of a rule in a sentence, as a body range.
#[derive(Debug, Clone)]
struct Hit {
    range: Range<usize>,
    rule: String,
    review: Option<String>,
}

/// Where a rule fires among `sentences`, with `statute` the sentences of the whole scope.
fn fire(ctx: &Ctx<'_>, rule: &Rule, sentences: &[&Sentence], statute: &[&Sentence]) -> Vec<Hit> {
    let candidates: Vec<&&Sentence> = sentences.iter().filter(|s| ctx.possible_in(&rule.pattern, &s.range)).collect();
    if candidates.is_empty()
        || !rule.all_in_statute.iter().all(|p| ctx.any_sentence(p, statute))
        || rule.none_in_statute.iter().any(|p| ctx.any_sentence(p, statute))
    {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for s in candidates {
        let r = s.range.clone();
        if !ctx.matches(&rule.pattern, r.clone())
            || rule.none.iter().any(|p| ctx.matches(p, r.clone()))
            || !rule.all.iter().all(|p| ctx.matches(p, r.clone()))
        {
            continue;
        }
        let hay = ctx.hay(r.clone());
        for m in rule.pattern.find_iter(hay, ctx.starts(&rule.pattern, &r).as_deref()) {
            let t = trim_range(hay.text, m);
            if t.is_empty() {
                continue;
            }
            hits.push(Hit {
                range: r.start + t.start..r.start + t.end,
                rule: rule.id.clone(),
                review: rule.review.clone(),
            });
        }
    }
    hits
}

/// Whether a rule fires anywhere in a text taken as one statute (rubric examples).
pub fn rule_fires_in(doc: &Document, rubric: &Rubric, rule: &Rule) -> bool {
    let lower = crate::rubric::pattern::match_text(doc.text());
    let ctx = Ctx::whole(doc, rubric, &lower);
    let all: Vec<&Sentence> = doc.sentences.iter().collect();
    !fire(&ctx, rule, &all, &all).is_empty()
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
    candidates: &BTreeSet<usize>,
    section_sentences: &[Vec<&Sentence>],
) -> Vec<Group> {
    let doc = ctx.doc;
    let n = doc.sections.len();
    let mut qualifying: Vec<(usize, Evidence)> = Vec::new();
    for &i in candidates {
        let sents = &section_sentences[i];
        let hit = rubric.applies.rules.iter().find_map(|r| fire(ctx, r, sents, sents).into_iter().next());
        if let Some(hit) = hit {
            qualifying.push((i, evidence(doc, &hit)));
        }
    }
    if qualifying.is_empty() {
        return Vec::new();
    }
    // Union of sections linked by citation to a qualifying section.
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
            for t in 0..n {
                if group_of.get(t).copied().flatten().is_some() {
                    continue;
                }
                if cites(doc, t, s) || (qualifying.iter().any(|(q, _)| *q == s) && cites(doc, s, t)) {
                    group_of[t] = Some(g);
                    members.insert(t);
                    // Only qualifying sections pull in further sections.
                    if qualifying.iter().any(|(q, _)| *q == t) {
                        frontier.push(t);
                    }
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
                .flat_map(|&m| other_grounds(ctx, rubric, m))
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
fn other_grounds(ctx: &Ctx<'_>, rubric: &Rubric, section: usize) -> Vec<ProvId> {
    let doc = ctx.doc;
    let mentions =
        |p: ProvId| rubric.applies.subject.iter().any(|pat| ctx.matches(pat, doc.provisions[p].span.clone()));
    let grants_relief = |p: ProvId| {
        let span = doc.provisions[p].span.clone();
        doc.sentences.iter().filter(|s| s.range.start >= span.start && s.range.start < span.end).any(|s| {
            rubric.applies.grant.iter().any(|g| ctx.matches(g, s.range.clone()))
                && !rubric.applies.grant_except.iter().any(|g| ctx.matches(g, s.range.clone()))
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
        // Only alternatives (`…; or (k) …`), not a list of requirements (`…; and`).
        let penultimate = doc.provisions[children[children.len() - 2]].span.clone();
        let joiner = doc.text()[penultimate].trim_end().to_ascii_lowercase();
        if !(joiner.ends_with(" or") || joiner.ends_with(";or")) {
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

/// Whether section `from`'s law text cites section `to` by number.
fn cites(doc: &Document, from: usize, to: usize) -> bool {
    if from == to {
        return false;
    }
    let Some(num) = doc.sections[to].number.as_deref() else { return false };
    mentions_number(&doc.text()[doc.sections[from].law.clone()], num)
}

/// Whether `text` mentions section number `num` as a whole token.
fn mentions_number(text: &str, num: &str) -> bool {
    text.match_indices(num).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + num.len()..].chars().next();
        let after2 = text[i + num.len()..].chars().nth(1);
        let glued_before = before.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '.');
        let glued_after = after.is_some_and(|c| c.is_alphanumeric());
        let longer_number = matches!(after, Some('.' | '-')) && after2.is_some_and(|c| c.is_ascii_digit());
        !(glued_before || glued_after || longer_number)
    })
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

fn not_applicable(doc: &Document, rubric: &Rubric) -> Scorecard {
    let categories = rubric
        .categories
        .iter()
        .map(|c| {
            let level = c
                .levels
                .iter()
                .find(|l| l.points == Points::ZERO)
                .map_or_else(|| rubric.applies.not_found.clone(), |l| l.text.clone());
            CategoryScore {
                id: c.id.clone(),
                name: c.name.clone(),
                points: Points::ZERO,
                max: c.max,
                level,
                basis: Basis::NotApplicable,
                evidence: Vec::new(),
                note: Some(format!("{}; looked for: {}", rubric.applies.not_found, applies_looked_for(rubric))),
                review: None,
                override_: None,
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

fn applies_looked_for(rubric: &Rubric) -> String {
    rubric.applies.rules.iter().map(|r| r.summary.as_str()).collect::<Vec<_>>().join("; ")
}

fn score_group(
    ctx: &Ctx<'_>,
    rubric: &Rubric,
    sections: Vec<usize>,
    applies: Option<Evidence>,
    excluded: Vec<ProvId>,
) -> Scorecard {
    let doc = ctx.doc;
    let all: Vec<&Sentence> = doc.sentences_in(&sections).collect();
    let ranges: Vec<Range<usize>> = excluded.iter().map(|&p| doc.provisions[p].span.clone()).collect();
    let kept = cut_sentences(doc, &all, &ranges);
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

/// Decides one category's level from the sentences of a statute.
fn evaluate(ctx: &Ctx<'_>, rubric: &Rubric, cat: &Category, statute: &[&Sentence]) -> CategoryScore {
    let doc = ctx.doc;
    let parts: Vec<Sentence>;
    let clause_sentences: Vec<&Sentence> = if cat.clauses.iter().any(|c| c == WHOLE_STATUTE) {
        statute.to_vec()
    } else {
        let clauses: Vec<_> = cat.clauses.iter().filter_map(|id| rubric.clause(id)).collect();
        let separators: Vec<&str> = clauses.iter().flat_map(|c| c.split.iter().map(String::as_str)).collect();
        parts = split_sentences(doc, statute, &separators);
        parts.iter().filter(|s| clauses.iter().any(|c| ctx.selects(c, s.range.clone()))).collect()
    };
    let mut decided: Option<(usize, Vec<Hit>)> = None;
    let mut also: Vec<(usize, Hit)> = Vec::new();
    for (li, level) in cat.levels.iter().enumerate() {
        let hits: Vec<Hit> = level.rules.iter().flat_map(|r| fire(ctx, r, &clause_sentences, statute)).collect();
        if hits.is_empty() {
            continue;
        }
        match &decided {
            None => decided = Some((li, hits)),
            Some((d, _)) if cat.levels[*d].points != level.points => also.push((li, hits[0].clone())),
            Some(_) => {}
        }
    }
    match decided {
        Some((li, hits)) => {
            let level = &cat.levels[li];
            let mut evidence_list: Vec<Evidence> = Vec::new();
            for h in &hits {
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
            let review = if hits.iter().all(|h| h.review.is_some()) {
                hits.first().and_then(|h| {
                    h.review.as_ref().map(|r| {
                        let quote = evidence_list.first().map_or(String::new(), |e| one_line(&e.quote));
                        r.replace("{quote}", &quote)
                    })
                })
            } else {
                None
            };
            let note = (!also.is_empty()).then(|| {
                let parts: Vec<String> = also
                    .iter()
                    .map(|(li, h)| {
                        let ev = evidence(doc, h);
                        format!("{} points (\"{}\", {})", cat.levels[*li].points, one_line(&ev.quote), ev.display)
                    })
                    .collect();
                format!("also found words of other levels, tested later so not counted: {}", parts.join("; "))
            });
            CategoryScore {
                id: cat.id.clone(),
                name: cat.name.clone(),
                points: level.points,
                max: cat.max,
                level: level.text.clone(),
                basis: Basis::Rule,
                evidence: evidence_list,
                note,
                review,
                override_: None,
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
                max: cat.max,
                level: cat.default.text.clone(),
                basis: Basis::Default,
                evidence: Vec::new(),
                note: Some(note),
                review: cat.default.review.clone(),
                override_: None,
            }
        }
    }
}

/// Collapses whitespace for one-line display.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

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
        let points = pts
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(Points::from_f64)
            .filter(|p| !p.is_negative())
            .ok_or_else(|| format!("`{s}`: `{pts}` is not a number of points"))?;
        Ok(Assumption {
            category: cat.trim().to_string(),
            points,
            reason: if reason.is_empty() { "analyst assumption (no reason given)".to_string() } else { reason },
        })
    }
}

/// Applies analyst overrides to a scorecard. Errors name an unknown category or points
/// over the category's maximum.
pub fn apply_assumptions(card: &mut Scorecard, assumptions: &[Assumption]) -> Result<(), String> {
    for a in assumptions {
        let Some(c) = card.categories.iter_mut().find(|c| c.id == a.category) else {
            return Err(format!("--assume {}: no category `{}` in this rubric", a.category, a.category));
        };
        if a.points > c.max {
            return Err(format!("--assume {}={}: over the category's max of {}", a.category, a.points, c.max));
        }
        c.override_ = Some(Override { points: a.points, reason: a.reason.clone(), computed: c.points });
        c.points = a.points;
    }
    card.total = card.categories.iter().map(|c| c.points).sum();
    Ok(())
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
