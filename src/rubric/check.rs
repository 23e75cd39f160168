//! `rubric check`: every example of every rule, clause and category, run and counted.

use crate::rubric::engine::{clause_selects_in, rule_fires_in, score_category_in};
use crate::rubric::model::{Examples, Rubric};
use crate::statute::parse::build;
use crate::statute::Document;
use crate::text::{Normalized, Source};

/// One failed example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// `rule x`, `clause y` or `category z`.
    pub owner: String,
    /// What was expected and what happened.
    pub message: String,
    /// The example text.
    pub text: String,
}

/// Counts of a check run.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub rules: usize,
    pub clauses: usize,
    pub categories: usize,
    pub examples_passed: usize,
    pub cases_passed: usize,
    pub failures: Vec<Failure>,
}

impl CheckReport {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Parses an example text as a small statute.
pub fn example_document(text: &str) -> Document {
    let source = Source::from_text("<example>", text);
    let body = Normalized::new(text, 0);
    let built = build(&body.text);
    Document {
        source,
        front: Default::default(),
        has_front_matter: false,
        warnings: Vec::new(),
        body,
        sections: built.sections,
        provisions: built.provisions,
        segments: built.segments,
        sentences: built.sentences,
    }
}

/// Runs every example in a rubric.
pub fn check(rubric: &Rubric) -> CheckReport {
    let mut report =
        CheckReport { clauses: rubric.clauses.len(), categories: rubric.categories.len(), ..CheckReport::default() };
    for p in rubric.patterns() {
        if let Err(e) = p.compile_now() {
            report.failures.push(Failure { owner: "pattern".into(), message: e, text: p.source.clone() });
        }
    }
    for (cat, rule) in rubric.rules() {
        report.rules += 1;
        let category = cat.map(|c| c.id.as_str());
        let owner = format!("rule `{}`", rule.id);
        run_examples(&mut report, &owner, &rule.examples, |t| {
            rule_fires_in(&example_document(t), rubric, rule, category, true)
        });
        let places = rule.examples.jurisdictions();
        if places.len() < MIN_JURISDICTIONS {
            report.failures.push(Failure {
                owner: owner.clone(),
                message: format!(
                    "its matching examples come from {} jurisdiction{} ({}); a rule needs real wording from at least {MIN_JURISDICTIONS}",
                    places.len(),
                    if places.len() == 1 { "" } else { "s" },
                    if places.is_empty() { "none named".to_string() } else { places.join(", ") }
                ),
                text: rule.summary.clone(),
            });
        }
        for e in rule.examples.matches.iter().chain(&rule.examples.no_match).filter(|e| e.source.is_none()) {
            report.failures.push(Failure {
                owner: owner.clone(),
                message: "an example without a `source` (a citation, or \"paraphrase\")".into(),
                text: e.text.clone(),
            });
        }
    }
    for c in &rubric.contexts {
        for e in &c.examples {
            let Some((cat, rule)) = rubric.rules().find(|(_, r)| r.id == e.rule) else { continue };
            let category = cat.map(|c| c.id.as_str());
            let doc = example_document(&e.example.text);
            let bare = rule_fires_in(&doc, rubric, rule, category, false);
            let read = rule_fires_in(&doc, rubric, rule, category, true);
            if bare && !read {
                report.examples_passed += 1;
            } else {
                report.failures.push(Failure {
                    owner: format!("context `{}`", c.id),
                    message: if bare {
                        format!("should defeat rule `{}` here but did not", e.rule)
                    } else {
                        format!("rule `{}` does not match this text even without the context", e.rule)
                    },
                    text: e.example.text.clone(),
                });
            }
        }
    }
    for clause in &rubric.clauses {
        run_examples(&mut report, &format!("clause `{}`", clause.id), &clause.examples, |t| {
            clause_selects_in(&example_document(t), rubric, clause)
        });
    }
    for cat in &rubric.categories {
        for case in &cat.cases {
            let doc = example_document(&case.text);
            let got = score_category_in(&doc, rubric, cat);
            if got.points == case.points {
                report.cases_passed += 1;
            } else {
                report.failures.push(Failure {
                    owner: format!("category `{}`", cat.id),
                    message: format!("case expected {} points, scored {} ({})", case.points, got.points, got.level),
                    text: case.text.clone(),
                });
            }
        }
    }
    report
}

/// A rule's matching examples must come from at least this many jurisdictions.
pub const MIN_JURISDICTIONS: usize = 3;

fn run_examples(report: &mut CheckReport, owner: &str, ex: &Examples, fires: impl Fn(&str) -> bool) {
    for t in ex.matches.iter().map(|e| &e.text) {
        if fires(t) {
            report.examples_passed += 1;
        } else {
            report.failures.push(Failure {
                owner: owner.into(),
                message: "should match but did not".into(),
                text: t.clone(),
            });
        }
    }
    for t in ex.no_match.iter().map(|e| &e.text) {
        if fires(t) {
            report.failures.push(Failure {
                owner: owner.into(),
                message: "should not match but did".into(),
                text: t.clone(),
            });
        } else {
            report.examples_passed += 1;
        }
    }
}
