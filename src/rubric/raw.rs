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
    pub applies: RawApplies,
    #[serde(default)]
    pub clause: Vec<RawClause>,
    pub category: Vec<RawCategory>,
}

/// What makes a statute one the scorecard grades at all.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawApplies {
    pub description: String,
    pub not_found: String,
    #[serde(default)]
    pub subject: Vec<Spanned<String>>,
    #[serde(default)]
    pub grant: Vec<Spanned<String>>,
    #[serde(default)]
    pub grant_except: Vec<Spanned<String>>,
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
    pub clause: Spanned<OneOrMany>,
    pub default: RawDefault,
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
    pub text: String,
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
    #[serde(default)]
    pub examples: RawExamples,
}

/// Texts a rule (or clause) must and must not match.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExamples {
    #[serde(default, rename = "match")]
    pub matches: Vec<String>,
    #[serde(default)]
    pub no_match: Vec<String>,
}

/// A whole-text example for a category: the text and the points it must score.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCase {
    pub text: String,
    pub points: f64,
    pub note: Option<String>,
}
