//! Compiled rubrics: validated categories, levels and rules with compiled patterns.

use std::collections::HashSet;
use std::ops::Range;

use toml::Spanned;

use crate::error::{Error, Result};
use crate::rubric::pattern::{LiteralIndex, Pattern};
use crate::rubric::points::Points;
use crate::rubric::raw::{RawCategory, RawClause, RawExamples, RawRubric, RawRule};
use crate::statute::frontmatter::toml_error;
use crate::text::lines::caret_snippet;
use crate::text::Source;
use std::sync::OnceLock;

/// The clause id that stands for every sentence of the statute.
pub const WHOLE_STATUTE: &str = "statute";

/// A compiled rubric.
#[derive(Debug, Clone)]
pub struct Rubric {
    pub id: String,
    pub name: String,
    /// A short name for summaries, e.g. `Polaris 2019`.
    pub short: String,
    pub edition: Option<String>,
    pub source: Option<String>,
    pub description: Option<String>,
    pub max: Points,
    pub applies: Applies,
    pub clauses: Vec<Clause>,
    pub categories: Vec<Category>,
    /// Where the rubric came from: a built-in name or a file path.
    pub origin: String,
    /// The SHA-256 of the rubric file's text (hex).
    pub digest: String,
    /// Whether the rubric is one built into the binary (`origin` then names its file in
    /// the source tree).
    pub builtin: bool,
    /// How many patterns the rubric has (their ids are `0..pattern_count`).
    pub pattern_count: usize,
    prefixes: OnceLock<Vec<Option<Vec<Vec<u8>>>>>,
    literals: OnceLock<LiteralIndex>,
    subject_literals: OnceLock<LiteralIndex>,
}

/// The test of whether a statute is one the scorecard grades.
#[derive(Debug, Clone)]
pub struct Applies {
    pub description: String,
    pub not_found: String,
    /// A section qualifies only if its law text matches one of these.
    pub subject: Vec<Pattern>,
    /// A sentence that grants relief to a class of persons (a ground of relief), unless
    /// it matches `grant_except` (a grant that refers back to the section's own motion).
    /// In a section with grounds both conditioned on the subject and not (a general law
    /// with a trafficking ground), only the subject's ground is scored.
    pub grant: Vec<Pattern>,
    pub grant_except: Vec<Pattern>,
    pub rules: Vec<Rule>,
}

/// A named selection of sentences.
#[derive(Debug, Clone)]
pub struct Clause {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub select: Vec<Pattern>,
    pub exclude: Vec<Pattern>,
    /// Separators (e.g. `;`) at which sentences are split into parts before selection,
    /// so that one clause of a long sentence can be selected without the rest.
    pub split: Vec<String>,
    pub examples: Examples,
}

/// A scored category.
#[derive(Debug, Clone)]
pub struct Category {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub max: Points,
    /// Clause ids the category reads (`statute` for every sentence).
    pub clauses: Vec<String>,
    /// Levels in the order they are tested; the first with a firing rule decides.
    pub levels: Vec<Level>,
    pub default: DefaultLevel,
    pub cases: Vec<Case>,
}

/// A level: its points, the scorecard's wording, and the rules that reach it.
#[derive(Debug, Clone)]
pub struct Level {
    pub points: Points,
    pub text: String,
    pub rules: Vec<Rule>,
}

/// The level for silence.
#[derive(Debug, Clone)]
pub struct DefaultLevel {
    pub points: Points,
    pub text: String,
    pub note: String,
    pub review: Option<String>,
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub summary: String,
    pub pattern: Pattern,
    /// Each must match the same sentence.
    pub all: Vec<Pattern>,
    /// None may match the same sentence.
    pub none: Vec<Pattern>,
    /// Each must match some sentence of the statute.
    pub all_in_statute: Vec<Pattern>,
    /// None may match any sentence of the statute.
    pub none_in_statute: Vec<Pattern>,
    /// When this rule decides a category, the category needs an analyst's review; the
    /// text says why (`{quote}` is replaced by the matched words).
    pub review: Option<String>,
    pub examples: Examples,
}

/// Example texts that must and must not match.
#[derive(Debug, Clone, Default)]
pub struct Examples {
    pub matches: Vec<String>,
    pub no_match: Vec<String>,
}

/// A whole-text example for a category.
#[derive(Debug, Clone)]
pub struct Case {
    pub text: String,
    pub points: Points,
    pub note: Option<String>,
}

impl Rule {
    /// The rule's pattern and its conditions.
    pub fn patterns(&self) -> impl Iterator<Item = &Pattern> + '_ {
        std::iter::once(&self.pattern)
            .chain(&self.all)
            .chain(&self.none)
            .chain(&self.all_in_statute)
            .chain(&self.none_in_statute)
    }
}

impl Rubric {
    /// Parses and validates a rubric file.
    pub fn from_source(src: &Source) -> Result<Rubric> {
        Rubric::load(src, true)
    }

    /// Parses a rubric; with `check_patterns` false, patterns are only translated, not
    /// parsed (for built-in rubrics, whose patterns `rubric check` compiles in the tests).
    pub fn load(src: &Source, check_patterns: bool) -> Result<Rubric> {
        let raw: RawRubric = toml::from_str(&src.text).map_err(|e| toml_error(src, 0, &e))?;
        Compiler { src, rule_ids: HashSet::new(), next_pattern: 0, check_patterns }.rubric(raw)
    }

    /// Every pattern of the rubric.
    pub fn patterns(&self) -> impl Iterator<Item = &Pattern> + '_ {
        self.applies
            .subject
            .iter()
            .chain(&self.applies.grant)
            .chain(&self.applies.grant_except)
            .chain(self.clauses.iter().flat_map(|c| c.select.iter().chain(c.exclude.iter())))
            .chain(self.rules().flat_map(|(_, r)| r.patterns()))
    }

    /// Each pattern's prefixes (see [`Pattern::prefixes`]), by pattern id.
    pub fn prefixes_by_id(&self) -> Vec<Option<Vec<Vec<u8>>>> {
        let mut by_id = vec![None; self.pattern_count];
        for p in self.patterns() {
            by_id[p.id] = p.prefixes();
        }
        by_id
    }

    /// Each pattern's prefixes by id (extracted on first use, unless a built-in table
    /// gave them).
    fn prefixes(&self) -> &[Option<Vec<Vec<u8>>>] {
        self.prefixes.get_or_init(|| self.prefixes_by_id())
    }

    /// The prefilter over all the rubric's patterns (built on first use).
    pub fn literal_index(&self) -> &LiteralIndex {
        self.literals.get_or_init(|| LiteralIndex::new(self.prefixes()))
    }

    /// The prefilter over the `[applies]` subject patterns only: the first, cheap pass
    /// over a whole code volume, which finds the few sections worth scoring.
    pub fn subject_index(&self) -> &LiteralIndex {
        self.subject_literals.get_or_init(|| {
            let mut only: Vec<Option<Vec<Vec<u8>>>> = vec![Some(Vec::new()); self.pattern_count];
            for p in &self.applies.subject {
                only[p.id] = self.prefixes()[p.id].clone();
            }
            LiteralIndex::new(&only)
        })
    }

    /// Uses precomputed prefixes (a built-in rubric's table, generated at build time)
    /// instead of extracting them; ignored if the table does not fit the rubric.
    pub fn with_prefix_table(self, table: &[Option<&[&[u8]]>]) -> Rubric {
        if table.len() == self.pattern_count {
            let owned: Vec<Option<Vec<Vec<u8>>>> =
                table.iter().map(|t| t.map(|set| set.iter().map(|l| l.to_vec()).collect())).collect();
            let _ = self.prefixes.set(owned);
        }
        self
    }

    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The clause with this id.
    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.id == id)
    }

    /// Every rule, with the category it belongs to (`None` for the applies test).
    pub fn rules(&self) -> impl Iterator<Item = (Option<&Category>, &Rule)> + '_ {
        self.applies.rules.iter().map(|r| (None, r)).chain(
            self.categories
                .iter()
                .flat_map(|c| c.levels.iter().flat_map(move |l| l.rules.iter().map(move |r| (Some(c), r)))),
        )
    }
}

struct Compiler<'a> {
    src: &'a Source,
    rule_ids: HashSet<String>,
    next_pattern: usize,
    check_patterns: bool,
}

impl Compiler<'_> {
    fn err(&self, span: Range<usize>, message: impl Into<String>) -> Error {
        let (line, column) = self.src.line_col(span.start);
        Error::at(&self.src.name, line, column, message).with_detail(caret_snippet(
            &self.src.text,
            span.start,
            span.len().clamp(1, 60),
        ))
    }

    fn points(&self, v: &Spanned<f64>, what: &str) -> Result<Points> {
        let p = Points::from_f64(*v.get_ref()).filter(|p| !p.is_negative()).ok_or_else(|| {
            self.err(v.span(), format!("{what} must be a non-negative number with at most one decimal"))
        })?;
        Ok(p)
    }

    fn regex(&mut self, p: &Spanned<String>, what: &str) -> Result<Pattern> {
        let id = self.next_pattern;
        self.next_pattern += 1;
        let made =
            if self.check_patterns { Pattern::new(p.get_ref(), id) } else { Pattern::unchecked(p.get_ref(), id) };
        made.map_err(|e| self.err(p.span(), format!("invalid pattern in {what}: {e}")))
    }

    fn regexes(&mut self, ps: &[Spanned<String>], what: &str) -> Result<Vec<Pattern>> {
        ps.iter().map(|p| self.regex(p, what)).collect()
    }

    fn rubric(mut self, raw: RawRubric) -> Result<Rubric> {
        let max = self.points(&raw.max, "max")?;
        if raw.category.is_empty() {
            return Err(self.err(raw.id.span(), "a rubric needs at least one [[category]]"));
        }
        let mut clauses = Vec::new();
        let mut clause_ids = HashSet::new();
        for c in &raw.clause {
            if c.id.get_ref() == WHOLE_STATUTE || !clause_ids.insert(c.id.get_ref().clone()) {
                return Err(self.err(c.id.span(), format!("duplicate clause id `{}`", c.id.get_ref())));
            }
            clauses.push(self.clause(c)?);
        }
        let applies = crate::rubric::model::Applies {
            description: raw.applies.description.clone(),
            not_found: raw.applies.not_found.clone(),
            subject: self.regexes(&raw.applies.subject, "applies.subject")?,
            grant: self.regexes(&raw.applies.grant, "applies.grant")?,
            grant_except: self.regexes(&raw.applies.grant_except, "applies.grant_except")?,
            rules: raw.applies.rule.iter().map(|r| self.rule(r)).collect::<Result<_>>()?,
        };
        if applies.rules.is_empty() {
            return Err(self.err(raw.id.span(), "[applies] needs at least one rule"));
        }
        let mut categories = Vec::new();
        let mut cat_ids = HashSet::new();
        for c in &raw.category {
            if !cat_ids.insert(c.id.get_ref().clone()) {
                return Err(self.err(c.id.span(), format!("duplicate category id `{}`", c.id.get_ref())));
            }
            categories.push(self.category(c, &clause_ids)?);
        }
        let sum: Points = categories.iter().map(|c: &Category| c.max).sum();
        if sum != max {
            return Err(
                self.err(raw.max.span(), format!("category maxima add up to {sum}, but the rubric's max is {max}"))
            );
        }
        let id = raw.id.into_inner();
        Ok(Rubric {
            short: raw.short.unwrap_or_else(|| id.clone()),
            id,
            name: raw.name,
            edition: raw.edition,
            source: raw.source,
            description: raw.description,
            max,
            applies,
            clauses,
            categories,
            origin: self.src.name.clone(),
            digest: self.src.sha256(),
            builtin: false,
            pattern_count: self.next_pattern,
            prefixes: OnceLock::new(),
            literals: OnceLock::new(),
            subject_literals: OnceLock::new(),
        })
    }

    fn clause(&mut self, c: &RawClause) -> Result<Clause> {
        if c.select.is_empty() {
            return Err(
                self.err(c.id.span(), format!("clause `{}` needs at least one `select` pattern", c.id.get_ref()))
            );
        }
        Ok(Clause {
            id: c.id.get_ref().clone(),
            name: c.name.clone(),
            description: c.description.clone(),
            select: self.regexes(&c.select, &format!("clause `{}`", c.id.get_ref()))?,
            exclude: self.regexes(&c.exclude, &format!("clause `{}`", c.id.get_ref()))?,
            split: c.split.iter().filter(|s| !s.is_empty()).cloned().collect(),
            examples: examples(&c.examples),
        })
    }

    fn category(&mut self, c: &RawCategory, clause_ids: &HashSet<String>) -> Result<Category> {
        let id = c.id.get_ref().clone();
        let max = self.points(&c.max, "max")?;
        let clauses = c.clause.get_ref().to_vec();
        for cl in &clauses {
            if cl != WHOLE_STATUTE && !clause_ids.contains(cl) {
                return Err(self.err(c.clause.span(), format!("category `{id}` reads unknown clause `{cl}`")));
            }
        }
        if c.level.is_empty() {
            return Err(self.err(c.id.span(), format!("category `{id}` needs at least one [[category.level]]")));
        }
        let mut levels = Vec::new();
        for l in &c.level {
            let points = self.points(&l.points, "points")?;
            if points > max {
                return Err(self
                    .err(l.points.span(), format!("level of {points} points is over category `{id}`'s max of {max}")));
            }
            let rules = l.rule.iter().map(|r| self.rule(r)).collect::<Result<Vec<_>>>()?;
            levels.push(Level { points, text: l.text.clone(), rules });
        }
        let default_points = self.points(&c.default.points, "default points")?;
        let Some(default_level) = levels.iter().find(|l| l.points == default_points) else {
            return Err(self.err(
                c.default.points.span(),
                format!("category `{id}`'s default of {default_points} points is not one of its levels"),
            ));
        };
        let default = DefaultLevel {
            points: default_points,
            text: default_level.text.clone(),
            note: c.default.note.clone(),
            review: c.default.review.clone(),
        };
        let mut cases = Vec::new();
        for k in &c.case {
            let points = Points::from_f64(k.points)
                .ok_or_else(|| self.err(c.id.span(), format!("a case of category `{id}` has invalid points")))?;
            cases.push(Case { text: k.text.clone(), points, note: k.note.clone() });
        }
        Ok(Category {
            id,
            name: c.name.clone(),
            description: c.description.clone(),
            max,
            clauses,
            levels,
            default,
            cases,
        })
    }

    fn rule(&mut self, r: &RawRule) -> Result<Rule> {
        let id = r.id.get_ref().clone();
        if !self.rule_ids.insert(id.clone()) {
            return Err(self.err(r.id.span(), format!("duplicate rule id `{id}`")));
        }
        let what = format!("rule `{id}`");
        Ok(Rule {
            summary: r.summary.clone(),
            pattern: self.regex(&r.pattern, &what)?,
            all: self.regexes(&r.all, &what)?,
            none: self.regexes(&r.none, &what)?,
            all_in_statute: self.regexes(&r.all_in_statute, &what)?,
            none_in_statute: self.regexes(&r.none_in_statute, &what)?,
            review: r.review.clone(),
            examples: examples(&r.examples),
            id,
        })
    }
}

fn examples(e: &RawExamples) -> Examples {
    Examples { matches: e.matches.clone(), no_match: e.no_match.clone() }
}
