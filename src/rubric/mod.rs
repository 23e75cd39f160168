//! Rubrics: scorecards as data, and the engine that scores statutes with them.
//!
//! A rubric file (TOML) lists categories, their levels in the scorecard's own words, and
//! the rules that decide a level from the statute's text; every rule carries examples
//! that must and must not match. Loading has two phases: [`raw`] mirrors the file and
//! refuses unknown keys; [`model`] validates and compiles, with errors at the file's line
//! and column.

pub mod check;
pub mod context;
pub mod engine;
pub mod model;
pub mod pattern;
pub mod points;
pub mod raw;
pub mod standing;
pub mod translate;

pub use engine::{score, Assumption, Basis, CategoryScore, Confidence, Evidence, NotCounted, Scorecard};
pub use model::Rubric;
pub use points::Points;

use crate::error::{Error, Result};
use crate::text::Source;

/// Rubrics built into the binary: (id, file name, text).
pub const BUILTIN: &[(&str, &str, &str)] = &[
    ("polaris-2019", "rubrics/polaris-2019.toml", include_str!("../../rubrics/polaris-2019.toml")),
    ("sharedhope-2023", "rubrics/sharedhope-2023.toml", include_str!("../../rubrics/sharedhope-2023.toml")),
    ("pic-2019", "rubrics/pic-2019.toml", include_str!("../../rubrics/pic-2019.toml")),
];

/// Each built-in rubric's pattern prefixes by pattern id, extracted at build time.
mod prefix_tables {
    include!(concat!(env!("OUT_DIR"), "/builtin_prefixes.rs"));
}

/// The build-time prefix table of a built-in rubric.
pub fn builtin_prefix_table(id: &str) -> Option<&'static [Option<&'static [&'static [u8]]>]> {
    prefix_tables::TABLES.iter().find(|(t, _)| *t == id).map(|(_, table)| *table)
}

/// Loads a built-in rubric by id.
pub fn builtin(id: &str) -> Option<Result<Rubric>> {
    BUILTIN.iter().find(|(bid, _, _)| *bid == id).map(|(bid, name, text)| {
        let mut r = Rubric::load(&Source::from_text(*name, *text), false)?;
        r.builtin = true;
        Ok(match builtin_prefix_table(bid) {
            Some(table) => r.with_prefix_table(table),
            None => r,
        })
    })
}

/// Loads `--rubric ID|PATH`: a built-in id, else a file.
pub fn load(spec: &str) -> Result<Rubric> {
    if let Some(r) = builtin(spec) {
        return r;
    }
    let looks_like_path = spec.contains('/') || spec.ends_with(".toml") || std::path::Path::new(spec).exists();
    if !looks_like_path {
        let ids: Vec<&str> = BUILTIN.iter().map(|b| b.0).collect();
        return Err(Error::file(
            spec,
            format!(
                "no built-in rubric with this id (built in: {}); give a path to a .toml file for others",
                ids.join(", ")
            ),
        ));
    }
    Rubric::from_source(&Source::read(spec)?)
}

/// Why [`load_all`] failed: a rubric did not load, or an assumption fits none.
#[derive(Debug)]
pub enum LoadError {
    Load(Error),
    Assumption(String),
}

impl LoadError {
    /// The error to report: a rubric's own, or an assumption's against the input file.
    pub fn for_input(self, input: &str) -> Error {
        match self {
            LoadError::Load(e) => e,
            LoadError::Assumption(m) => Error::file(input, m),
        }
    }
}

/// Loads every `--rubric` given (`all`: every built-in rubric), each once, with the
/// analyst's assumptions: each assumption applies to the rubrics that have its category,
/// and must fit at least one.
pub fn load_all(specs: &[String], assumptions: &[Assumption]) -> std::result::Result<Vec<Rubric>, LoadError> {
    let mut out: Vec<Rubric> = Vec::new();
    for spec in specs {
        let loaded: Vec<Rubric> = if spec == "all" {
            BUILTIN.iter().map(|(id, _, _)| load(id)).collect::<Result<_>>().map_err(LoadError::Load)?
        } else {
            vec![load(spec).map_err(LoadError::Load)?]
        };
        for r in loaded {
            if !out.iter().any(|o| o.id == r.id && o.digest == r.digest) {
                out.push(r);
            }
        }
    }
    if out.len() == 1 {
        engine::check_assumptions(&out[0], assumptions).map_err(LoadError::Assumption)?;
        out[0].assumptions = assumptions.to_vec();
        return Ok(out);
    }
    for a in assumptions {
        let fits: Vec<usize> = (0..out.len()).filter(|&i| out[i].category(&a.category).is_some()).collect();
        if fits.is_empty() {
            let each: Vec<String> = out
                .iter()
                .map(|r| {
                    let ids: Vec<&str> = r.categories.iter().map(|c| c.id.as_str()).collect();
                    format!("{}: {}", r.id, ids.join(", "))
                })
                .collect();
            return Err(LoadError::Assumption(format!(
                "--assume {}: no rubric given has a category `{}` (categories by rubric: {})",
                a.category,
                a.category,
                each.join("; ")
            )));
        }
        for i in fits {
            out[i].assumptions.push(a.clone());
        }
    }
    for r in &out {
        engine::check_assumptions(r, &r.assumptions).map_err(LoadError::Assumption)?;
    }
    Ok(out)
}

/// The default rubric's id.
pub const DEFAULT_RUBRIC: &str = "polaris-2019";

#[cfg(test)]
mod tests {
    use super::*;

    /// The prefixes `build.rs` extracts for each built-in rubric are those the compiled
    /// rubric extracts at run time, pattern by pattern (the two list patterns in the same
    /// order, or the table would be ignored and every pattern run unfiltered).
    #[test]
    fn build_time_prefix_tables_match_run_time_extraction() {
        for (id, name, text) in BUILTIN {
            let table = builtin_prefix_table(id).expect("a table for every built-in rubric");
            let r = Rubric::load(&Source::from_text(*name, *text), true).unwrap();
            let run_time = r.prefixes_by_id();
            assert_eq!(table.len(), run_time.len(), "{id}: pattern count");
            for (i, (t, r)) in table.iter().zip(&run_time).enumerate() {
                let t: Option<Vec<Vec<u8>>> = t.map(|set| set.iter().map(|l| l.to_vec()).collect());
                assert_eq!(&t, r, "{id}: pattern {i}");
            }
        }
    }
}
