//! The report model: everything a renderer needs, computed once.

use crate::rubric::{Rubric, Scorecard};
use crate::statute::Document;
use crate::text::Source;

/// Facts about an input document shown in reports.
#[derive(Debug, Clone, Default)]
pub struct DocInfo {
    /// The path as given on the command line (or `<stdin>`, or a derived name).
    pub path: String,
    pub jurisdiction: Option<String>,
    pub citation: Option<String>,
    pub version: Option<String>,
    /// A display name: citation and version, or the path.
    pub label: String,
}

impl DocInfo {
    pub fn of(doc: &Document) -> DocInfo {
        let f = &doc.front;
        let citation = f.citation.clone().or_else(|| {
            doc.sections
                .first()
                .and_then(|s| s.number.clone())
                .filter(|_| doc.sections.len() == 1)
                .map(|n| format!("§ {n}"))
        });
        let label = match (&citation, &f.version) {
            (Some(c), Some(v)) => format!("{c} ({v})"),
            (Some(c), None) => c.clone(),
            (None, _) => doc.source.name.clone(),
        };
        DocInfo {
            path: doc.source.name.clone(),
            jurisdiction: f.jurisdiction.clone(),
            citation,
            version: f.version.clone(),
            label,
        }
    }
}

/// Facts about the rubric shown in reports.
#[derive(Debug, Clone)]
pub struct RubricInfo {
    pub id: String,
    pub name: String,
    pub short: String,
    pub edition: Option<String>,
    pub max: crate::rubric::Points,
    /// The rubric file (for a built-in rubric, its file in redline's source tree).
    pub origin: String,
    pub builtin: bool,
    /// SHA-256 of the rubric file's text.
    pub sha256: String,
    /// What the rubric's test finds (`trafficking-specific relief`).
    pub label: String,
    /// What is scored of a law with other grounds too (`the trafficking ground`).
    pub ground: String,
    /// How tiers are assigned, when the scorecard publishes them.
    pub tier: Option<String>,
    /// The most extra credit, when the scorecard awards it.
    pub extra_max: Option<crate::rubric::Points>,
}

impl RubricInfo {
    pub fn of(r: &Rubric) -> RubricInfo {
        RubricInfo {
            id: r.id.clone(),
            name: r.name.clone(),
            short: r.short.clone(),
            edition: r.edition.clone(),
            max: r.max,
            origin: r.origin.clone(),
            builtin: r.builtin,
            sha256: r.digest.clone(),
            label: r.subject_label().to_string(),
            ground: r.applies.as_ref().map_or("the ground this scorecard grades", |a| a.ground.as_str()).to_string(),
            tier: r.tier.clone(),
            extra_max: r.extra_credit.as_ref().map(|e| e.max),
        }
    }
}

/// An input file as read, for a report's provenance footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// What the file was: `statute`, `before`, `after`, `proposal`, `base`, `bill`.
    pub role: &'static str,
    /// The path as given (or `<stdin>`).
    pub path: String,
    pub bytes: usize,
    /// SHA-256 of the bytes as read.
    pub sha256: String,
}

impl InputFile {
    pub fn of(role: &'static str, src: &Source) -> InputFile {
        InputFile { role, path: src.name.clone(), bytes: src.text.len(), sha256: src.sha256() }
    }
}

/// The tool and version that made a report, as its footer names it.
pub const TOOL: &str = concat!("redline ", env!("CARGO_PKG_VERSION"));

/// The result of `redline score`.
#[derive(Debug, Clone)]
pub struct ScoreReport {
    pub document: DocInfo,
    pub rubric: RubricInfo,
    /// One scorecard per statute found in the file; the first is the main one.
    pub cards: Vec<Scorecard>,
    /// Sections in the file (for code volumes: how many were searched).
    pub sections_searched: usize,
    /// The files read.
    pub inputs: Vec<InputFile>,
    /// For a scorecard with areas, grades or published figures: the jurisdiction's
    /// standing, published and as the text reads.
    pub standing: Option<crate::rubric::standing::Standing>,
}

/// What the compared versions came from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// Two statute files.
    Texts,
    /// A proposal file applied to a base.
    Proposal { path: String, title: String, base: String },
    /// A bill: its file, and the bill sections read.
    Bill { path: String, title: String, sections: Vec<String> },
}

/// The result of `redline diff`.
#[derive(Debug, Clone)]
pub struct DiffReport {
    pub before: DocInfo,
    pub after: DocInfo,
    pub rubric: RubricInfo,
    pub comparison: crate::compare::Comparison,
    pub origin: Origin,
    pub budget: crate::redline::diff::Budget,
    /// Findings worth saying: which statute file a bill's text matches, what a bill
    /// reader could not read, and so on.
    pub notes: Vec<String>,
    /// The files read, in the order given.
    pub inputs: Vec<InputFile>,
    /// For a scorecard with areas, grades or published figures: the standing before, and
    /// what the change and each amendment do to it.
    pub standing: Option<DiffStanding>,
}

/// A standing and what a change does to it.
#[derive(Debug, Clone)]
pub struct DiffStanding {
    pub before: crate::rubric::standing::Standing,
    pub change: crate::rubric::standing::StandingDelta,
    /// Each amendment's (marginal, sequential) effect.
    pub amendments: Vec<(crate::rubric::standing::StandingDelta, crate::rubric::standing::StandingDelta)>,
    /// For a proposal with alternatives: each combination's whole effect and its steps.
    pub combinations: Vec<(crate::rubric::standing::StandingDelta, Vec<crate::rubric::standing::StandingDelta>)>,
}

impl DiffStanding {
    /// The standing of `comparison` under `rubric`, if the rubric reports one.
    pub fn of(rubric: &Rubric, comparison: &crate::compare::Comparison, jurisdiction: Option<&str>) -> Option<Self> {
        use crate::rubric::standing;
        if !standing::has_standing(rubric) {
            return None;
        }
        let before = standing::of(rubric, jurisdiction, &comparison.before.card().categories);
        let change = standing::delta(rubric, &before, &comparison.delta);
        // Sequential effects start where the amendments before them left each goal: along
        // the proposal, or, with alternatives, along each combination.
        let chain = |steps: &[&crate::compare::Delta]| {
            let mut at = standing::Step::of(&before);
            steps
                .iter()
                .map(|d| {
                    let (out, next) = standing::delta_from(rubric, &before, d, &at);
                    at = next;
                    out
                })
                .collect::<Vec<_>>()
        };
        let combinations: Vec<(standing::StandingDelta, Vec<standing::StandingDelta>)> = comparison
            .combinations
            .iter()
            .map(|c| {
                let steps: Vec<&crate::compare::Delta> = c.sequential.iter().map(|(_, d)| d).collect();
                (standing::delta(rubric, &before, &c.delta), chain(&steps))
            })
            .collect();
        let sequential: Vec<standing::StandingDelta> = if comparison.combinations.is_empty() {
            chain(&comparison.amendments.iter().map(|a| &a.sequential).collect::<Vec<_>>())
        } else {
            comparison
                .amendments
                .iter()
                .map(|a| {
                    let found = comparison.combinations.iter().zip(&combinations).find_map(|(c, (_, steps))| {
                        c.sequential.iter().position(|(id, _)| id == &a.id).map(|k| steps[k].clone())
                    });
                    found.unwrap_or_else(|| standing::delta(rubric, &before, &a.sequential))
                })
                .collect()
        };
        let amendments = comparison
            .amendments
            .iter()
            .zip(sequential)
            .map(|(a, s)| (standing::delta(rubric, &before, &a.marginal), s))
            .collect();
        Some(DiffStanding { before, change, amendments, combinations })
    }
}
