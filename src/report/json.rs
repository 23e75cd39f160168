//! The JSON output: a documented contract. `schema_version` changes on any breaking
//! change; fields are only ever added.

use serde::Serialize;

use crate::compare::Delta;
use crate::redline::ChunkKind;
use crate::report::model::{DiffReport, DocInfo, InputFile, Origin, RubricInfo, ScoreReport, TOOL};
use crate::rubric::standing::{Reading, Span, Standing, StandingDelta};
use crate::rubric::{Basis, CategoryScore, Confidence, Evidence, Points, Scorecard};

/// The schema version of every JSON output.
pub const SCHEMA_VERSION: u32 = 3;

/// `score --format json`.
#[derive(Debug, Serialize)]
pub struct ScoreJson {
    /// Bumps on any breaking change.
    pub schema_version: u32,
    pub document: DocumentJson,
    pub rubric: RubricJson,
    /// The sections scored and how the scope was found.
    pub scope: ScopeJson,
    /// Total points of the scored statute (overrides included).
    pub total: Points,
    /// Categories in the rubric's order.
    pub categories: Vec<CategoryJson>,
    /// Further statutes found in the same file (a code volume), each scored on its own.
    pub additional: Vec<CardJson>,
    /// For a scorecard with issue areas, grades or published figures: the standing
    /// (absent otherwise, and inside a diff's `before` and `after`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standing: Option<StandingJson>,
    /// The files read, the rubric's digest and the tool (absent inside a diff's `before`
    /// and `after`: the diff has its own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<ProvenanceJson>,
}

/// Several scorecards' reports of the same input (`--rubric` given more than once).
#[derive(Debug, Serialize)]
pub struct SeveralJson<T> {
    pub schema_version: u32,
    /// Each rubric's report, as with one `--rubric`, in the order given.
    pub scorecards: Vec<T>,
}

pub fn several<T>(scorecards: Vec<T>) -> SeveralJson<T> {
    SeveralJson { schema_version: SCHEMA_VERSION, scorecards }
}

/// An inclusive range of points (`min` equals `max` where the method fixes the points).
#[derive(Debug, Serialize)]
pub struct SpanJson {
    pub min: Points,
    pub max: Points,
}

fn span(s: Span) -> SpanJson {
    SpanJson { min: s.lo, max: s.hi }
}

/// The grades of the lowest and highest total of a range.
#[derive(Debug, Serialize)]
pub struct GradeJson {
    pub low: String,
    pub high: String,
}

fn grade(g: &Option<(String, String)>) -> Option<GradeJson> {
    g.as_ref().map(|(low, high)| GradeJson { low: low.clone(), high: high.clone() })
}

/// A jurisdiction's standing under a scorecard with areas or published figures.
#[derive(Debug, Serialize)]
pub struct StandingJson {
    pub jurisdiction: Option<String>,
    /// The rubric's published figures for the jurisdiction; null when it has none (then
    /// every undecided goal counts as its whole range).
    pub published: Option<PublishedJson>,
    /// The total: the published one, else the range the text allows.
    pub total: SpanJson,
    pub grade: Option<GradeJson>,
    /// How tiers are assigned (a tier is shown as published, never computed).
    pub tier_rule: Option<String>,
    pub areas: Vec<AreaJson>,
    pub extra_credit: Option<SpanJson>,
    /// Every goal, in the rubric's order.
    pub goals: Vec<GoalJson>,
    /// How many goals the text does not decide.
    pub undecided: usize,
    /// Where a reading differs from the published status: the total if the readings
    /// replaced the published figures (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_read: Option<SpanJson>,
}

/// Published figures.
#[derive(Debug, Serialize)]
pub struct PublishedJson {
    pub source: String,
    pub graded: Option<String>,
    pub total: Points,
    pub grade: Option<String>,
    pub tier: Option<String>,
    pub extra_credit: Vec<ExtraJson>,
}

#[derive(Debug, Serialize)]
pub struct ExtraJson {
    pub name: String,
    pub points: Points,
    pub text: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct AreaJson {
    pub id: String,
    pub name: String,
    pub max: Points,
    pub published: Option<Points>,
    /// As published, else the sum of its goals' ranges.
    pub points: SpanJson,
    pub summary: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct GoalJson {
    pub id: String,
    pub number: Option<String>,
    pub name: String,
    pub area: Option<String>,
    pub max: Points,
    /// The published status's id, wording and where the card states it.
    pub published_status: Option<String>,
    pub published_text: Option<String>,
    pub published_where: Option<String>,
    /// What the published figures allow the goal to be worth.
    pub bound: SpanJson,
    /// What the text reads; null when it does not decide the goal.
    pub reading: Option<ReadingJson>,
    /// Whether the reading's status is the published one (null: nothing to compare).
    pub agrees: Option<bool>,
    /// Set when the reading differs from the published status (both are kept).
    pub review: Option<String>,
    /// An analyst's assumption (`--assume`): the goal counts exactly this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumed: Option<Points>,
}

#[derive(Debug, Serialize)]
pub struct ReadingJson {
    pub status: Option<String>,
    pub level: String,
    pub points: SpanJson,
}

fn reading(r: &Reading) -> ReadingJson {
    ReadingJson { status: r.status.clone(), level: r.level.clone(), points: span(r.span) }
}

pub fn standing(st: &Standing, r: &RubricInfo) -> StandingJson {
    StandingJson {
        jurisdiction: st.jurisdiction.clone(),
        published: st.baseline.as_ref().map(|b| PublishedJson {
            source: b.source.clone(),
            graded: b.graded.clone(),
            total: b.total,
            grade: b.grade.clone(),
            tier: b.tier.clone(),
            extra_credit: b
                .extra_credit
                .iter()
                .map(|e| ExtraJson { name: e.name.clone(), points: e.points, text: e.text.clone() })
                .collect(),
        }),
        total: span(st.total),
        grade: grade(&st.grade),
        tier_rule: r.tier.clone(),
        areas: st
            .areas
            .iter()
            .map(|a| AreaJson {
                id: a.id.clone(),
                name: a.name.clone(),
                max: a.max,
                published: a.published,
                points: span(a.value),
                summary: a.summary.clone(),
            })
            .collect(),
        extra_credit: st.extra.map(span),
        goals: st
            .goals
            .iter()
            .map(|g| GoalJson {
                id: g.id.clone(),
                number: g.number.clone(),
                name: g.name.clone(),
                area: g.area.clone(),
                max: g.max,
                published_status: g.published.as_ref().map(|p| p.0.clone()),
                published_text: g.published.as_ref().map(|p| p.1.clone()),
                published_where: g.published.as_ref().and_then(|p| p.2.clone()),
                bound: span(g.bound),
                reading: g.reading.as_ref().map(reading),
                agrees: g.agrees,
                review: crate::report::view::disagreement(g),
                assumed: g.assumed,
            })
            .collect(),
        undecided: st.undecided(),
        as_read: st.as_read.map(span),
    }
}

/// What a change does to a standing.
#[derive(Debug, Serialize)]
pub struct StandingDeltaJson {
    pub before: SpanJson,
    pub after: SpanJson,
    pub delta: SpanJson,
    pub grade_before: Option<GradeJson>,
    pub grade_after: Option<GradeJson>,
    pub areas: Vec<AreaDeltaJson>,
    /// The goals whose reading changed.
    pub goals: Vec<GoalDeltaJson>,
}

#[derive(Debug, Serialize)]
pub struct AreaDeltaJson {
    pub id: String,
    pub before: SpanJson,
    pub after: SpanJson,
    pub delta: SpanJson,
}

#[derive(Debug, Serialize)]
pub struct GoalDeltaJson {
    pub id: String,
    pub before: Option<ReadingJson>,
    pub after: Option<ReadingJson>,
    pub delta: SpanJson,
    pub review: Option<String>,
}

fn standing_delta(d: &StandingDelta) -> StandingDeltaJson {
    StandingDeltaJson {
        before: span(d.before),
        after: span(d.after),
        delta: span(d.delta),
        grade_before: grade(&d.grade_before),
        grade_after: grade(&d.grade_after),
        areas: d
            .areas
            .iter()
            .map(|a| AreaDeltaJson {
                id: a.id.clone(),
                before: span(a.before),
                after: span(a.after),
                delta: span(a.delta),
            })
            .collect(),
        goals: d
            .goals
            .iter()
            .map(|g| GoalDeltaJson {
                id: g.id.clone(),
                before: g.before.as_ref().map(reading),
                after: g.after.as_ref().map(reading),
                delta: span(g.delta),
                review: g.review.clone(),
            })
            .collect(),
    }
}

/// A combination of alternatives.
#[derive(Debug, Serialize)]
pub struct CombinationJson {
    /// The amendments applied, in order.
    pub amendments: Vec<String>,
    pub delta: DeltaJson,
    /// Each amendment's change after the ones before it in this combination.
    pub sequential: Vec<StepJson>,
}

#[derive(Debug, Serialize)]
pub struct StepJson {
    pub id: String,
    pub delta: DeltaJson,
}

/// A pair of amendments and how they interact.
#[derive(Debug, Serialize)]
pub struct InteractionJson {
    pub a: String,
    pub b: String,
    /// `independent`, `order-dependent`, `overlapping`, `conflicting` or `alternatives`.
    pub kind: &'static str,
    /// The change with both applied (null when they cannot both apply).
    pub together: Option<Points>,
    /// The sum of their marginal changes.
    pub sum: Points,
    /// Whether each category's change with both is the sum of its changes with each.
    pub additive: Option<bool>,
    /// Provisions both touch.
    pub shared: Vec<String>,
    /// Whether one edits words the other inserts.
    pub dependent: bool,
    pub conflict: Option<String>,
}

/// A diff's standing: before, the whole change, and each amendment.
#[derive(Debug, Serialize)]
pub struct DiffStandingJson {
    pub before: StandingJson,
    pub change: StandingDeltaJson,
    pub amendments: Vec<AmendmentStandingJson>,
    /// For a proposal with alternatives: each combination's change (absent otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub combinations: Vec<StandingDeltaJson>,
}

#[derive(Debug, Serialize)]
pub struct AmendmentStandingJson {
    pub id: String,
    pub marginal: StandingDeltaJson,
    pub sequential: StandingDeltaJson,
}

/// What a report was made from.
#[derive(Debug, Serialize)]
pub struct ProvenanceJson {
    pub inputs: Vec<InputJson>,
    pub rubric: RubricSourceJson,
    /// `redline` and its version.
    pub tool: &'static str,
}

/// An input file as read.
#[derive(Debug, Serialize)]
pub struct InputJson {
    pub role: &'static str,
    pub path: String,
    pub bytes: usize,
    pub sha256: String,
}

/// The rubric file used.
#[derive(Debug, Serialize)]
pub struct RubricSourceJson {
    pub id: String,
    pub edition: Option<String>,
    /// The rubric file; for a built-in rubric, its file in redline's source tree.
    pub origin: String,
    pub builtin: bool,
    pub sha256: String,
}

/// The input document.
#[derive(Debug, Serialize)]
pub struct DocumentJson {
    /// The path as given.
    pub path: String,
    pub jurisdiction: Option<String>,
    pub citation: Option<String>,
    pub version: Option<String>,
}

/// The rubric used.
#[derive(Debug, Serialize)]
pub struct RubricJson {
    pub id: String,
    pub name: String,
    pub edition: Option<String>,
    pub max: Points,
}

/// What was scored.
#[derive(Debug, Serialize)]
pub struct ScopeJson {
    /// A label: the citation, or the section numbers.
    pub label: String,
    /// Section numbers scored (empty for an unnumbered single section).
    pub sections: Vec<String>,
    /// Provisions left out as other grounds of relief (a general law with a trafficking
    /// ground): only the relief on the trafficking ground is scored.
    pub excluded: Vec<String>,
    /// The words that make the text a statute the rubric grades; null when none were
    /// found (then every category is 0).
    pub applies: Option<EvidenceJson>,
}

/// One further statute of a multi-statute file.
#[derive(Debug, Serialize)]
pub struct CardJson {
    pub scope: ScopeJson,
    pub total: Points,
    pub categories: Vec<CategoryJson>,
}

/// One category's result.
#[derive(Debug, Serialize)]
pub struct CategoryJson {
    pub id: String,
    pub name: String,
    /// Points counted (an override's, when there is one).
    pub points: Points,
    pub max: Points,
    /// The scorecard's wording of the level reached.
    pub level: String,
    /// `rule`, `default` (nothing found; see `note`) or `not_applicable`. With
    /// `review`, this is the decision's confidence (see `confidence`).
    pub basis: &'static str,
    /// The confidence of the decision: `rule` (a rule fired; `evidence` quotes it),
    /// `default` (silence; `note` says what was looked for), `review` (not decided with
    /// confidence; `note` says why), `not applicable`, or `override` (an analyst's
    /// assumption; see `override`).
    pub confidence: &'static str,
    /// The statutory words that decided the level.
    pub evidence: Vec<EvidenceJson>,
    /// For a default: what was looked for and not found; for a review: why.
    pub note: Option<String>,
    /// True when the engine could not decide with confidence; `note` says why.
    pub review: bool,
    /// An analyst's override, shown and never hidden.
    #[serde(rename = "override")]
    pub override_: Option<OverrideJson>,
    /// The top of the level's range, where the scorecard's method does not fix the
    /// points (then `points` is the bottom). Absent when the points are exact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upto: Option<Points>,
    /// The published status the level stands for. Absent when the rubric has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The words that let the category be read at all (its own `applies` test). Absent
    /// when the category has no test of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gate: Option<EvidenceJson>,
    /// Matches that did not count because the words around them change their meaning
    /// (a negation, a raised standard, a list of exclusions, someone else's duty): each
    /// quote with the context that defeated it. Absent when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_counted: Vec<NotCountedJson>,
}

/// A match a context defeated.
#[derive(Debug, Serialize)]
pub struct NotCountedJson {
    /// The rule's words and the context's, as one quote.
    #[serde(flatten)]
    pub evidence: EvidenceJson,
    /// The context's id in the rubric.
    pub context: String,
    /// `negation`, `comparison`, `proviso` or `actor`.
    pub kind: &'static str,
}

/// A quote from the statute.
#[derive(Debug, Serialize)]
pub struct EvidenceJson {
    /// Provision path; `""` is the section root (a single-section file).
    pub provision: String,
    /// The original text at `start..end` of the file.
    pub quote: String,
    /// Byte offsets into the file exactly as read (front matter included).
    pub start: usize,
    pub end: usize,
    /// 1-based line and column of `start`.
    pub line: usize,
    pub column: usize,
    /// The rule that matched.
    pub rule: String,
}

/// An analyst override.
#[derive(Debug, Serialize)]
pub struct OverrideJson {
    pub points: Points,
    pub reason: String,
    /// The points the engine computed.
    pub computed: Points,
    /// The wording of the level the engine reached (the category's `level` is the
    /// assumed level's).
    pub computed_level: String,
}

pub fn evidence(e: &Evidence) -> EvidenceJson {
    EvidenceJson {
        provision: e.provision.clone(),
        quote: e.quote.clone(),
        start: e.start,
        end: e.end,
        line: e.line,
        column: e.column,
        rule: e.rule.clone(),
    }
}

pub fn category(c: &CategoryScore) -> CategoryJson {
    let note = match (&c.review, &c.note) {
        (Some(r), Some(n)) => Some(format!("review: {r}. {n}")),
        (Some(r), None) => Some(format!("review: {r}")),
        (None, n) => n.clone(),
    };
    CategoryJson {
        id: c.id.clone(),
        name: c.name.clone(),
        points: c.points,
        max: c.max,
        level: c.level.clone(),
        basis: match c.basis {
            Basis::Rule => "rule",
            Basis::Default => "default",
            Basis::NotApplicable => "not_applicable",
            Basis::Undecidable => "undecidable",
        },
        evidence: c.evidence.iter().map(evidence).collect(),
        note,
        review: c.review.is_some(),
        confidence: c.confidence().as_str(),
        upto: c.upto,
        status: c.status.clone(),
        gate: c.gate.as_ref().map(evidence),
        override_: c.override_.as_ref().map(|o| OverrideJson {
            points: o.points,
            reason: o.reason.clone(),
            computed: o.computed,
            computed_level: o.computed_level.clone(),
        }),
        not_counted: c
            .not_counted
            .iter()
            .map(|n| NotCountedJson { evidence: evidence(&n.evidence), context: n.context.clone(), kind: n.kind })
            .collect(),
    }
}

pub fn scope(card: &Scorecard) -> ScopeJson {
    ScopeJson {
        label: card.scope.clone(),
        sections: card.section_numbers.clone(),
        excluded: card.excluded.clone(),
        applies: card.applies.as_ref().map(evidence),
    }
}

pub fn document(d: &DocInfo) -> DocumentJson {
    DocumentJson {
        path: d.path.clone(),
        jurisdiction: d.jurisdiction.clone(),
        citation: d.citation.clone(),
        version: d.version.clone(),
    }
}

pub fn rubric(r: &RubricInfo) -> RubricJson {
    RubricJson { id: r.id.clone(), name: r.name.clone(), edition: r.edition.clone(), max: r.max }
}

pub fn provenance(inputs: &[InputFile], r: &RubricInfo) -> ProvenanceJson {
    ProvenanceJson {
        inputs: inputs
            .iter()
            .map(|i| InputJson { role: i.role, path: i.path.clone(), bytes: i.bytes, sha256: i.sha256.clone() })
            .collect(),
        rubric: RubricSourceJson {
            id: r.id.clone(),
            edition: r.edition.clone(),
            origin: r.origin.clone(),
            builtin: r.builtin,
            sha256: r.sha256.clone(),
        },
        tool: TOOL,
    }
}

/// Builds the JSON value of a score report.
pub fn score(report: &ScoreReport) -> ScoreJson {
    let mut json = score_of(&report.document, &report.rubric, &report.cards);
    json.standing = report.standing.as_ref().map(|st| standing(st, &report.rubric));
    json.provenance = Some(provenance(&report.inputs, &report.rubric));
    json
}

/// The score JSON of one document's scorecards.
pub fn score_of(document_info: &DocInfo, rubric_info: &RubricInfo, cards: &[Scorecard]) -> ScoreJson {
    let main = &cards[0];
    ScoreJson {
        schema_version: SCHEMA_VERSION,
        document: document(document_info),
        rubric: rubric(rubric_info),
        scope: scope(main),
        total: main.total,
        categories: main.categories.iter().map(category).collect(),
        additional: cards[1..]
            .iter()
            .map(|c| CardJson {
                scope: scope(c),
                total: c.total,
                categories: c.categories.iter().map(category).collect(),
            })
            .collect(),
        standing: None,
        provenance: None,
    }
}

/// Serializes with two-space indentation and a final newline.
pub fn to_string<T: Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// `diff --format json`.
#[derive(Debug, Serialize)]
pub struct DiffJson {
    /// Bumps on any breaking change.
    pub schema_version: u32,
    /// The statute before, scored (as `score --format json` gives it).
    pub before: ScoreJson,
    /// The statute after.
    pub after: ScoreJson,
    /// Where the after text came from: `texts`, `proposal` or `bill`, with details.
    pub origin: OriginJson,
    /// The whole change.
    pub delta: DeltaJson,
    /// Each amendment (or bill section) with its marginal and sequential deltas.
    pub amendments: Vec<AmendmentJson>,
    /// One entry per provision, in the after text's order (deleted ones where they were).
    pub redline: Vec<RedlineJson>,
    /// True when a diff's work budget forced the simpler fallback somewhere.
    pub fallback: bool,
    /// The work budget used.
    pub budget: BudgetJson,
    /// Findings: statute files a bill matches, text a bill reader could not read.
    pub notes: Vec<String>,
    /// For a scorecard with issue areas, grades or published figures: the standing
    /// before, and what the change and each amendment do to it. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standing: Option<DiffStandingJson>,
    /// For a proposal with alternatives: every combination applied (absent otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub combinations: Vec<CombinationJson>,
    /// True when combinations were left out (more than the budget of 32).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub combinations_cut: bool,
    /// With `--interactions`: each pair of amendments and how they interact.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interactions: Vec<InteractionJson>,
    /// The files read, the rubric's digest and the tool.
    pub provenance: ProvenanceJson,
}

/// The origin of the after text.
#[derive(Debug, Serialize)]
pub struct OriginJson {
    /// `texts`, `proposal` or `bill`.
    pub kind: &'static str,
    /// The proposal or bill file.
    pub path: Option<String>,
    pub title: Option<String>,
    /// The base statute a proposal was applied to.
    pub base: Option<String>,
    /// Bill sections read.
    pub sections: Vec<String>,
}

/// A change in score.
#[derive(Debug, Serialize)]
pub struct DeltaJson {
    /// After minus before.
    pub total: Points,
    pub before: Points,
    pub after: Points,
    /// Every category, in the rubric's order.
    pub categories: Vec<CategoryDeltaJson>,
}

/// A category's change.
#[derive(Debug, Serialize)]
pub struct CategoryDeltaJson {
    pub id: String,
    pub before: Points,
    pub after: Points,
    pub delta: Points,
    /// Whether the score before (after) rests on a decision flagged for review.
    pub review_before: bool,
    pub review_after: bool,
    /// The confidence of the decision before and after (as `confidence` in a category).
    pub confidence_before: &'static str,
    pub confidence_after: &'static str,
}

/// One amendment's effect.
#[derive(Debug, Serialize)]
pub struct AmendmentJson {
    pub id: String,
    pub title: String,
    /// The group of alternatives it belongs to (absent when none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub applied: bool,
    /// Amendments whose inserted words this one edits; the marginal delta applies them too.
    pub depends_on: Vec<String>,
    /// Alone on the base (with its dependencies).
    pub marginal: DeltaJson,
    /// After the amendments before it; these add up to the whole delta.
    pub sequential: DeltaJson,
}

/// One provision's redline.
#[derive(Debug, Serialize)]
pub struct RedlineJson {
    pub path: String,
    /// Set when the provision was renumbered or moved.
    pub old_path: Option<String>,
    pub new_path: Option<String>,
    /// `unchanged`, `modified`, `renumbered`, `moved`, `split`, `merged`, `added`,
    /// `deleted` or `repealed`.
    pub status: &'static str,
    /// For `split` and `merged`: the old provisions whose text this one holds.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<String>,
    /// Inline children renumbered with their parent.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<ChildJson>,
    /// For a changed section heading: its words before and after (the entry's `ops` are
    /// the heading's word diff).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading_before: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading_after: Option<String>,
    /// Categories whose score this change moved.
    pub categories: Vec<String>,
    pub ops: Vec<OpJson>,
}

/// An inline child renumbered with its parent.
#[derive(Debug, Serialize)]
pub struct ChildJson {
    pub old_path: String,
    pub new_path: String,
}

/// A run of text: `equal`, `insert`, `delete` or `move`.
#[derive(Debug, Serialize)]
pub struct OpJson {
    pub op: &'static str,
    pub text: String,
    /// For a move out of this provision: where the text went.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// For a move into this provision: where the text came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// For a proposal: the id of the amendment that made this change (ids joined by ", "
    /// when its words come from several). Absent on equal text and where no amendment's
    /// bytes are in it (words the diff realigned).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amendment: Option<String>,
}

/// The diff work budget.
#[derive(Debug, Serialize)]
pub struct BudgetJson {
    pub max_tokens: usize,
    pub max_edits: usize,
}

pub fn delta(d: &Delta) -> DeltaJson {
    DeltaJson {
        total: d.total(),
        before: d.before,
        after: d.after,
        categories: d
            .categories
            .iter()
            .map(|c| CategoryDeltaJson {
                id: c.id.clone(),
                before: c.before,
                after: c.after,
                delta: c.delta(),
                review_before: c.confidence_before == Confidence::Review,
                review_after: c.confidence_after == Confidence::Review,
                confidence_before: c.confidence_before.as_str(),
                confidence_after: c.confidence_after.as_str(),
            })
            .collect(),
    }
}

/// Builds the JSON value of a diff report.
pub fn diff(report: &DiffReport) -> DiffJson {
    let c = &report.comparison;
    let origin = match &report.origin {
        Origin::Texts => OriginJson { kind: "texts", path: None, title: None, base: None, sections: Vec::new() },
        Origin::Proposal { path, title, base } => OriginJson {
            kind: "proposal",
            path: Some(path.clone()),
            title: Some(title.clone()),
            base: Some(base.clone()),
            sections: Vec::new(),
        },
        Origin::Bill { path, title, sections } => OriginJson {
            kind: "bill",
            path: Some(path.clone()),
            title: Some(title.clone()),
            base: None,
            sections: sections.clone(),
        },
    };
    DiffJson {
        schema_version: SCHEMA_VERSION,
        before: score_of(&report.before, &report.rubric, &c.before.cards),
        after: score_of(&report.after, &report.rubric, &c.after.cards),
        origin,
        delta: delta(&c.delta),
        amendments: c
            .amendments
            .iter()
            .map(|a| AmendmentJson {
                id: a.id.clone(),
                title: a.title.clone(),
                group: a.group.clone(),
                applied: a.applied,
                depends_on: a.depends_on.clone(),
                marginal: delta(&a.marginal),
                sequential: delta(&a.sequential),
            })
            .collect(),
        redline: c
            .redline
            .entries
            .iter()
            .map(|e| RedlineJson {
                path: e.path.clone(),
                old_path: e.old_path.clone(),
                new_path: e.new_path.clone(),
                status: e.status.as_str(),
                from: e.from.clone(),
                children: e
                    .children
                    .iter()
                    .map(|(old, new)| ChildJson { old_path: old.clone(), new_path: new.clone() })
                    .collect(),
                heading_before: e.heading.as_ref().map(|h| h.before.clone()),
                heading_after: e.heading.as_ref().map(|h| h.after.clone()),
                categories: e.categories.clone(),
                ops: e
                    .chunks
                    .iter()
                    .map(|ch| {
                        let (op, to, from) = match &ch.kind {
                            ChunkKind::Equal => ("equal", None, None),
                            ChunkKind::Insert => ("insert", None, None),
                            ChunkKind::Delete => ("delete", None, None),
                            ChunkKind::MovedOut { to } => ("move", Some(to.clone()), None),
                            ChunkKind::MovedIn { from } => ("move", None, Some(from.clone())),
                        };
                        OpJson {
                            op,
                            text: ch.text_in(&c.after.doc).into_owned(),
                            to,
                            from,
                            amendment: ch.amendment.clone(),
                        }
                    })
                    .collect(),
            })
            .collect(),
        fallback: c.redline.fallback,
        budget: BudgetJson { max_tokens: report.budget.max_tokens, max_edits: report.budget.max_edits },
        notes: report.notes.clone(),
        standing: report.standing.as_ref().map(|st| DiffStandingJson {
            before: standing(&st.before, &report.rubric),
            change: standing_delta(&st.change),
            amendments: c
                .amendments
                .iter()
                .zip(&st.amendments)
                .map(|(a, (m, s))| AmendmentStandingJson {
                    id: a.id.clone(),
                    marginal: standing_delta(m),
                    sequential: standing_delta(s),
                })
                .collect(),
            combinations: st.combinations.iter().map(|(whole, _)| standing_delta(whole)).collect(),
        }),
        combinations: c
            .combinations
            .iter()
            .map(|k| CombinationJson {
                amendments: k.amendments.clone(),
                delta: delta(&k.delta),
                sequential: k.sequential.iter().map(|(id, d)| StepJson { id: id.clone(), delta: delta(d) }).collect(),
            })
            .collect(),
        combinations_cut: c.combinations_cut,
        interactions: c
            .interactions
            .iter()
            .map(|i| InteractionJson {
                a: i.a.clone(),
                b: i.b.clone(),
                kind: i.kind.as_str(),
                together: i.together,
                sum: i.sum,
                additive: i.additive,
                shared: i.shared.clone(),
                dependent: i.dependent,
                conflict: i.conflict.clone(),
            })
            .collect(),
        provenance: provenance(&report.inputs, &report.rubric),
    }
}
