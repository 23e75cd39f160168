//! Rubric files as written: serde structs that mirror the TOML, unknown keys refused.
//! [`crate::rubric::model`] validates and compiles them.

use serde::Deserialize;
use toml::Spanned;

/// A rubric file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRubric {
    pub id: Spanned<String>,
    pub name: String,
    pub short: Option<String>,
    pub edition: Option<String>,
    pub source: Option<String>,
    pub description: Option<String>,
    pub max: Spanned<f64>,
    /// What makes a statute one the scorecard grades at all, for the whole rubric (a
    /// rubric without one reads each category's own `applies`, or none).
    pub applies: Option<RawApplies>,
    /// Issue areas: groups of categories (goals) with their own maxima.
    #[serde(default)]
    pub area: Vec<RawArea>,
    /// Letter grades by total points.
    #[serde(default)]
    pub grade: Vec<RawGrade>,
    /// How tiers are assigned, when the scorecard ranks states (shown with a published tier).
    pub tier: Option<String>,
    /// Points awarded above `max`.
    pub extra_credit: Option<RawExtraCredit>,
    /// The statuses the scorecard publishes for a goal, each with the share of the goal's
    /// points it stands for.
    #[serde(default)]
    pub status: Vec<RawStatus>,
    /// Published figures per jurisdiction.
    #[serde(default)]
    pub baseline: Vec<RawBaseline>,
    /// How the engine reads sentences: clause breaks, subordinators, definitions and the
    /// contexts applied to every rule.
    #[serde(default)]
    pub grammar: RawGrammar,
    /// Contexts that defeat a match: a negation, a raised standard, a proviso, a duty of
    /// someone other than the survivor.
    #[serde(default)]
    pub context: Vec<RawContext>,
    #[serde(default)]
    pub clause: Vec<RawClause>,
    pub category: Vec<RawCategory>,
}

/// How sentences divide into clauses, where terms are defined, and which contexts every
/// rule is read in.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrammar {
    /// Where a clause ends inside a sentence (at the match's start): `;`, `, but`.
    #[serde(default)]
    pub clause_break: Vec<Spanned<String>>,
    /// Words that open a subordinate clause (`if`, `unless`): a negation before one does
    /// not reach the words after it (`shall not … unless` is a condition).
    #[serde(default)]
    pub subordinator: Vec<Spanned<String>>,
    /// After a negated match, in the same clause: these make the negation a requirement
    /// (`shall not be granted unless …`), so the match stands.
    #[serde(default)]
    pub cancel: Vec<Spanned<String>>,
    /// Negation words that, standing earlier in a match's clause, its quote must include
    /// (so a quote never drops the "no" or "not" that may govern it).
    #[serde(default)]
    pub negator: Vec<Spanned<String>>,
    /// A negator match that starts where one of these matches is not one ("no later than").
    #[serde(default)]
    pub negator_except: Vec<Spanned<String>>,
    /// Definitions in the text: each pattern's `quote` group is the defined term.
    #[serde(default)]
    pub definition: Vec<Spanned<String>>,
    /// Words that open a relative clause (`that`, `which`, `who`): a negation right after
    /// one, in a clause the sentence's own verb (`main_verb`) follows, says what the noun
    /// is (`an offense that is not a violent felony may be vacated`), not that the words
    /// after that verb are denied.
    #[serde(default)]
    pub relative: Vec<Spanned<String>>,
    /// The verbs that carry a sentence's main clause (`may`, `shall`, `must`).
    #[serde(default)]
    pub main_verb: Vec<Spanned<String>>,
    /// The contexts read for every rule that does not list its own.
    #[serde(default)]
    pub contexts: Vec<Spanned<String>>,
}

/// A context that, found around a match, means the words do not say what the rule
/// looks for.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContext {
    pub id: Spanned<String>,
    /// `negation`, `comparison`, `proviso` or `actor`.
    pub kind: Spanned<String>,
    pub summary: String,
    /// Where to look: `before` (the clause before the match), `inside` (the match),
    /// `adjacent` (ending right where the match starts), `after` (the rest of the
    /// clause) or `lead` (the lead-in of the list the match is an item of).
    pub look: Spanned<String>,
    pub pattern: Spanned<String>,
    /// A match of `pattern` that starts where one of these matches does not count
    /// (`no later than` is not a negation).
    #[serde(default)]
    pub except: Vec<Spanned<String>>,
    /// Only rules of these categories are read in this context (all when empty).
    #[serde(default)]
    pub categories: Vec<Spanned<String>>,
    /// Texts where the context defeats a rule that would otherwise fire.
    #[serde(default)]
    pub example: Vec<RawContextExample>,
}

/// A text in which `rule` fires without the context and not with it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContextExample {
    pub text: String,
    pub rule: Spanned<String>,
    pub source: Option<String>,
    pub jurisdiction: Option<String>,
}

/// An issue area.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawArea {
    pub id: Spanned<String>,
    pub name: String,
    pub max: Spanned<f64>,
}

/// A letter grade and the least total that earns it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrade {
    pub letter: Spanned<String>,
    pub min: Spanned<f64>,
}

/// Extra credit above the rubric's maximum.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExtraCredit {
    pub max: Spanned<f64>,
    pub description: String,
}

/// A published status of a goal and the share of its points it stands for: `share =
/// [1.0, 1.0]` for full credit, `[0.0, 1.0]` where partial credit is not published.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStatus {
    pub id: Spanned<String>,
    pub text: String,
    pub share: Spanned<Vec<f64>>,
}

/// A jurisdiction's published figures.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBaseline {
    pub jurisdiction: Spanned<String>,
    pub source: String,
    /// What the card graded (the law as of the card's date).
    pub graded: Option<String>,
    pub total: Spanned<f64>,
    pub grade: Option<Spanned<String>>,
    pub tier: Option<String>,
    /// Points by area id.
    #[serde(default)]
    pub areas: std::collections::BTreeMap<String, Spanned<f64>>,
    #[serde(default)]
    pub extra_credit: Vec<RawExtraItem>,
    /// Goals whose status the card states.
    #[serde(default)]
    pub goal: Vec<RawGoalStatus>,
    /// The card's own summary of an area, by area id.
    #[serde(default)]
    pub summary: std::collections::BTreeMap<String, String>,
}

/// Extra credit a card awarded.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExtraItem {
    pub name: String,
    pub points: Spanned<f64>,
    pub text: Option<String>,
}

/// A goal's published status.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGoalStatus {
    pub id: Spanned<String>,
    pub status: Spanned<String>,
    /// Where the card says so.
    pub quote: Option<String>,
}

/// What makes a statute one the scorecard grades at all (or, for a category's own
/// `applies`, one the category can be read from).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawApplies {
    pub description: String,
    pub not_found: String,
    /// A short name for what was found (`trafficking-specific relief`).
    pub label: Option<String>,
    /// What a scorecard scores of a law with other grounds too (`the trafficking ground`).
    pub ground: Option<String>,
    #[serde(default)]
    pub subject: Vec<Spanned<String>>,
    #[serde(default)]
    pub grant: Vec<Spanned<String>>,
    #[serde(default)]
    pub grant_except: Vec<Spanned<String>>,
    /// A list's lead-in that makes its items alternatives ("within one of the following
    /// categories:"), as a list whose items end "; or" does.
    #[serde(default)]
    pub alternatives: Vec<Spanned<String>>,
    pub rule: Vec<RawRule>,
}

/// A named set of sentences that categories read.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClause {
    pub id: Spanned<String>,
    pub name: String,
    pub description: Option<String>,
    pub select: Vec<Spanned<String>>,
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    #[serde(default)]
    pub split: Vec<String>,
    /// Definitions whose term matches this pattern are read with the clause wherever the
    /// term is used in it (`a qualifying crime` with `"Qualifying crime" means …`).
    pub defines: Option<Spanned<String>>,
    #[serde(default)]
    pub examples: RawExamples,
}

/// One scored category.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    pub id: Spanned<String>,
    pub name: String,
    pub description: Option<String>,
    pub max: Spanned<f64>,
    /// The issue area the category (a goal) belongs to.
    pub area: Option<Spanned<String>>,
    /// The scorecard's own number for the goal, where it publishes one.
    pub number: Option<String>,
    /// What a statute must grant for this category to be read from it at all; where it
    /// does not, the category is undecidable from the text.
    pub applies: Option<RawApplies>,
    /// The category cannot be decided from a statute's text by this rubric; says what
    /// would decide it. Such a category has no clause, default or levels.
    pub undecidable: Option<String>,
    pub clause: Option<Spanned<OneOrMany>>,
    pub default: Option<RawDefault>,
    /// How levels found in different parts combine: `first` (the first level in order
    /// that any part reaches; the default) or `strictest` (each part's first level, then
    /// the strictest of the parts: cumulative requirements, alternatives within a part).
    pub combine: Option<Spanned<String>>,
    #[serde(default)]
    pub level: Vec<RawLevel>,
    #[serde(default)]
    pub case: Vec<RawCase>,
}

/// A string or a list of strings.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// The level a category gets when no rule fires.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDefault {
    pub points: Spanned<f64>,
    pub note: String,
    pub review: Option<String>,
}

/// A level of a category: its points and the scorecard's own words for it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    pub points: Spanned<f64>,
    /// Where the method does not fix the points: the level is worth `points` to `upto`.
    pub upto: Option<Spanned<f64>>,
    /// The published status this level stands for (one of the rubric's `[[status]]`).
    pub status: Option<Spanned<String>>,
    /// Model wording that reaches the level: a sentence `suggest` adds to the provision
    /// where the category's clause lives.
    pub model: Option<String>,
    /// Words `suggest` puts in place of the words that decided a lower level.
    pub model_phrase: Option<String>,
    /// Where the model wording comes from: a real statute's citation, or the scorecard's
    /// level text.
    pub model_source: Option<String>,
    pub text: String,
    /// Counts only where no other level's rule fired (a temporal link where a causal one
    /// is also required).
    #[serde(default)]
    pub fallback: bool,
    #[serde(default)]
    pub rule: Vec<RawRule>,
}

/// A rule: a pattern that, found in a clause, decides a level.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: Spanned<String>,
    pub summary: String,
    pub pattern: Spanned<String>,
    #[serde(default)]
    pub all: Vec<Spanned<String>>,
    #[serde(default)]
    pub none: Vec<Spanned<String>>,
    #[serde(default)]
    pub all_in_statute: Vec<Spanned<String>>,
    #[serde(default)]
    pub none_in_statute: Vec<Spanned<String>>,
    pub review: Option<String>,
    /// The contexts this rule is read in, instead of the grammar's defaults (a rule
    /// whose own words hold a negation leaves out the one that looks inside the match).
    pub contexts: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub examples: RawExamples,
}

/// Texts a rule (or clause) must and must not match.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExamples {
    #[serde(default, rename = "match")]
    pub matches: Vec<RawExample>,
    #[serde(default)]
    pub no_match: Vec<RawExample>,
}

/// An example text: a plain string, or a table that names where the wording comes from.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawExample {
    Text(String),
    Sourced(RawSourcedExample),
}

/// An example with its source: a citation (with the jurisdiction it is the law of), or
/// `paraphrase`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSourcedExample {
    pub text: String,
    pub source: String,
    pub jurisdiction: Option<String>,
}

/// A whole-text example for a category: the text and the points it must score.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCase {
    pub text: String,
    pub points: f64,
    pub note: Option<String>,
    pub source: Option<String>,
    pub jurisdiction: Option<String>,
}
