//! The JSON output: a documented contract. `schema_version` changes on any breaking
//! change; fields are only ever added.

use serde::Serialize;

use crate::report::model::{DocInfo, RubricInfo, ScoreReport};
use crate::rubric::{Basis, CategoryScore, Evidence, Points, Scorecard};

/// The schema version of every JSON output.
pub const SCHEMA_VERSION: u32 = 1;

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
    /// `rule`, `default` (nothing found; see `note`) or `not_applicable`.
    pub basis: &'static str,
    /// The statutory words that decided the level.
    pub evidence: Vec<EvidenceJson>,
    /// For a default: what was looked for and not found; for a review: why.
    pub note: Option<String>,
    /// True when the engine could not decide with confidence; `note` says why.
    pub review: bool,
    /// An analyst's override, shown and never hidden.
    #[serde(rename = "override")]
    pub override_: Option<OverrideJson>,
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
        },
        evidence: c.evidence.iter().map(evidence).collect(),
        note,
        review: c.review.is_some(),
        override_: c.override_.as_ref().map(|o| OverrideJson {
            points: o.points,
            reason: o.reason.clone(),
            computed: o.computed,
        }),
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

/// Builds the JSON value of a score report.
pub fn score(report: &ScoreReport) -> ScoreJson {
    let main = &report.cards[0];
    ScoreJson {
        schema_version: SCHEMA_VERSION,
        document: document(&report.document),
        rubric: rubric(&report.rubric),
        scope: scope(main),
        total: main.total,
        categories: main.categories.iter().map(category).collect(),
        additional: report.cards[1..]
            .iter()
            .map(|c| CardJson {
                scope: scope(c),
                total: c.total,
                categories: c.categories.iter().map(category).collect(),
            })
            .collect(),
    }
}

/// Serializes with two-space indentation and a final newline.
pub fn to_string<T: Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
