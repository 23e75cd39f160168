//! Compiled rubrics: validated categories, levels and rules with compiled patterns.

use std::collections::HashSet;
use std::ops::Range;

use toml::Spanned;

use crate::error::{Error, Result};
use crate::rubric::pattern::{LiteralIndex, Pattern};
use crate::rubric::points::Points;
use crate::rubric::raw::{RawApplies, RawCategory, RawClause, RawExample, RawExamples, RawRubric, RawRule};
use crate::statute::frontmatter::toml_error;
use crate::text::lines::caret_snippet;
use crate::text::Source;
use std::sync::OnceLock;

/// The most points any number in a rubric may be (sums of them cannot overflow).
pub const MAX_RUBRIC_POINTS: i64 = 1_000_000;

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
    /// The test of whether a statute is one the whole scorecard grades (`None`: the
    /// scorecard reads every statute, each category through its own test if it has one).
    pub applies: Option<Applies>,
    /// Issue areas (empty for a scorecard whose categories are its only parts).
    pub areas: Vec<Area>,
    /// Letter grades, highest minimum first.
    pub grades: Vec<Grade>,
    /// How tiers are assigned, when the scorecard publishes them.
    pub tier: Option<String>,
    pub extra_credit: Option<ExtraCredit>,
    /// Published goal statuses.
    pub statuses: Vec<Status>,
    /// Published figures by jurisdiction.
    pub baselines: Vec<Baseline>,
    pub grammar: Grammar,
    pub contexts: Vec<Context>,
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
    /// Analyst assumptions (`--assume`), applied to every scorecard scored under it.
    pub assumptions: Vec<crate::rubric::engine::Assumption>,
    prefixes: OnceLock<Vec<Option<Vec<Vec<u8>>>>>,
    literals: OnceLock<LiteralIndex>,
    subject_literals: OnceLock<LiteralIndex>,
}

/// An issue area: a group of categories with its own maximum.
#[derive(Debug, Clone)]
pub struct Area {
    pub id: String,
    pub name: String,
    pub max: Points,
}

/// A letter grade and the least total that earns it.
#[derive(Debug, Clone)]
pub struct Grade {
    pub letter: String,
    pub min: Points,
}

/// Extra credit above the rubric's maximum.
#[derive(Debug, Clone)]
pub struct ExtraCredit {
    pub max: Points,
    pub description: String,
}

/// A published goal status and the share of the goal's points it stands for.
#[derive(Debug, Clone)]
pub struct Status {
    pub id: String,
    pub text: String,
    /// Lowest and highest share (0.0 to 1.0) of the goal's maximum.
    pub share: (f64, f64),
}

/// A jurisdiction's published figures.
#[derive(Debug, Clone)]
pub struct Baseline {
    pub jurisdiction: String,
    pub source: String,
    pub graded: Option<String>,
    pub total: Points,
    pub grade: Option<String>,
    pub tier: Option<String>,
    /// Points by area id, in the rubric's area order.
    pub areas: Vec<(String, Points)>,
    pub extra_credit: Vec<ExtraItem>,
    /// Goal statuses the card states: (category id, status id, the card's words).
    pub goals: Vec<(String, String, Option<String>)>,
    /// The card's summaries by area id.
    pub summaries: Vec<(String, String)>,
}

/// Extra credit a card awarded.
#[derive(Debug, Clone)]
pub struct ExtraItem {
    pub name: String,
    pub points: Points,
    pub text: Option<String>,
}

impl Baseline {
    /// The published points of an area.
    pub fn area(&self, id: &str) -> Option<Points> {
        self.areas.iter().find(|(a, _)| a == id).map(|(_, p)| *p)
    }

    /// The published status of a goal, with the card's words.
    pub fn goal(&self, id: &str) -> Option<(&str, Option<&str>)> {
        self.goals.iter().find(|(g, _, _)| g == id).map(|(_, s, q)| (s.as_str(), q.as_deref()))
    }

    /// The extra credit awarded.
    pub fn extra(&self) -> Points {
        self.extra_credit.iter().map(|e| e.points).sum()
    }
}

/// The test of whether a statute is one the scorecard grades.
#[derive(Debug, Clone)]
pub struct Applies {
    pub description: String,
    pub not_found: String,
    /// A short name for what was found.
    pub label: String,
    /// What is scored of a law with other grounds too.
    pub ground: String,
    /// A section qualifies only if its law text matches one of these.
    pub subject: Vec<Pattern>,
    /// A sentence that grants relief to a class of persons (a ground of relief), unless
    /// it matches `grant_except` (a grant that refers back to the section's own motion).
    /// In a section with grounds both conditioned on the subject and not (a general law
    /// with a trafficking ground), only the subject's ground is scored.
    pub grant: Vec<Pattern>,
    pub grant_except: Vec<Pattern>,
    /// A list lead-in that makes its items alternative grounds.
    pub alternatives: Vec<Pattern>,
    pub rules: Vec<Rule>,
}

/// How sentences divide into clauses, and where terms are defined.
#[derive(Debug, Clone, Default)]
pub struct Grammar {
    /// A clause ends where one of these matches (at the match's start).
    pub clause_breaks: Vec<Pattern>,
    /// A subordinate clause opens after one of these: a negation before it does not reach
    /// the words after it.
    pub subordinators: Vec<Pattern>,
    /// After a negated match in its clause, these make the negation a requirement.
    pub cancels: Vec<Pattern>,
    /// Negation words a quote must include when they stand earlier in its clause.
    pub negators: Vec<Pattern>,
    /// A negator match starting where one of these matches is not one.
    pub negator_except: Vec<Pattern>,
    /// Definitions: each pattern's `quote` group is the term defined.
    pub definitions: Vec<Pattern>,
    /// Words opening a relative clause, and the verbs of a main clause (see
    /// [`crate::rubric::context`]).
    pub relatives: Vec<Pattern>,
    pub main_verbs: Vec<Pattern>,
    /// Indexes into [`Rubric::contexts`] read for every rule without its own list.
    pub contexts: Vec<usize>,
}

/// What a context does to the words it governs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContextKind {
    /// `shall not`, `no … shall`, `nothing in this section shall require`.
    Negation,
    /// `more than a preponderance`: a comparison that changes the standard.
    Comparison,
    /// A proviso that takes back what the clause grants.
    Proviso,
    /// A duty of someone other than the survivor (the prosecutor's deadline).
    Actor,
}

impl ContextKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ContextKind::Negation => "negation",
            ContextKind::Comparison => "comparison",
            ContextKind::Proviso => "proviso",
            ContextKind::Actor => "actor",
        }
    }
}

/// Where a context is looked for, relative to a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    /// In the clause before the match (from the clause's start, or the last
    /// subordinator, to the match).
    Before,
    /// Inside the match.
    Inside,
    /// Ending where the match starts (the words right before it).
    Adjacent,
    /// From the match's end to the clause's end.
    After,
    /// In the lead-in of the list the match is an item of (`… may not be vacated if:
    /// (a) …; (c) the offense was promoting prostitution`), at any depth.
    Lead,
}

/// A context that defeats a match: found around it, the words do not say what the rule
/// looks for (a negated benefit earns nothing; a negated restriction is no restriction).
#[derive(Debug, Clone)]
pub struct Context {
    pub id: String,
    pub kind: ContextKind,
    pub summary: String,
    pub look: Look,
    pub pattern: Pattern,
    /// A match of `pattern` starting where one of these matches does not count.
    pub except: Vec<Pattern>,
    /// Category ids whose rules are read in this context; empty: every rule.
    pub categories: Vec<String>,
    pub examples: Vec<ContextExample>,
}

/// A text where `rule` fires without the context and not with it.
#[derive(Debug, Clone)]
pub struct ContextExample {
    pub example: Example,
    pub rule: String,
}

/// How a category combines the levels found in different parts of its clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Combine {
    /// The first level, in the rubric's order, that any part reaches.
    #[default]
    First,
    /// Each part's first level (alternatives within a part), then the last of those in
    /// the rubric's order: the strictest requirement every survivor must meet.
    Strictest,
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
    /// Definitions whose term matches this are read with the clause where the term is
    /// used in it.
    pub defines: Option<Pattern>,
    pub examples: Examples,
}

/// A scored category.
#[derive(Debug, Clone)]
pub struct Category {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub max: Points,
    /// The issue area it belongs to.
    pub area: Option<String>,
    /// The scorecard's number for it.
    pub number: Option<String>,
    /// What a statute must grant for the category to be read from it.
    pub applies: Option<Applies>,
    /// Why the category cannot be decided from a statute's text, and what would decide it.
    pub undecidable: Option<String>,
    /// Clause ids the category reads (`statute` for every sentence).
    pub clauses: Vec<String>,
    /// Levels in the order they are tested; the first with a firing rule decides.
    pub levels: Vec<Level>,
    /// How levels found in different parts combine.
    pub combine: Combine,
    pub default: DefaultLevel,
    pub cases: Vec<Case>,
}

/// A level: its points, the scorecard's wording, and the rules that reach it.
#[derive(Debug, Clone)]
pub struct Level {
    pub points: Points,
    /// The top of the level's range, where the method does not fix its points.
    pub upto: Option<Points>,
    /// The published status it stands for.
    pub status: Option<String>,
    /// Model wording that reaches the level (a sentence to add, words to put in place of a
    /// lower level's), with where it comes from.
    pub model: Option<String>,
    pub model_phrase: Option<String>,
    pub model_source: Option<String>,
    pub text: String,
    /// Counts only where no other level's rule fired.
    pub fallback: bool,
    pub rules: Vec<Rule>,
}

/// The level for silence.
#[derive(Debug, Clone)]
pub struct DefaultLevel {
    pub points: Points,
    /// The top of its range, where the method does not fix the points.
    pub upto: Option<Points>,
    pub status: Option<String>,
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
    /// Indexes into [`Rubric::contexts`] this rule is read in.
    pub contexts: Vec<usize>,
    pub examples: Examples,
}

/// An example text and where its wording comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub text: String,
    /// A citation, or `paraphrase`; `None` when the rubric does not say.
    pub source: Option<String>,
    /// The jurisdiction whose law the source is.
    pub jurisdiction: Option<String>,
}

impl Example {
    /// An example without a source.
    pub fn plain(text: impl Into<String>) -> Example {
        Example { text: text.into(), source: None, jurisdiction: None }
    }
}

/// Example texts that must and must not match.
#[derive(Debug, Clone, Default)]
pub struct Examples {
    pub matches: Vec<Example>,
    pub no_match: Vec<Example>,
}

impl Examples {
    /// The distinct jurisdictions the matching examples come from.
    pub fn jurisdictions(&self) -> Vec<&str> {
        let mut j: Vec<&str> = self.matches.iter().filter_map(|e| e.jurisdiction.as_deref()).collect();
        j.sort_unstable();
        j.dedup();
        j
    }
}

/// A whole-text example for a category.
#[derive(Debug, Clone)]
pub struct Case {
    pub text: String,
    pub points: Points,
    pub note: Option<String>,
    pub source: Option<String>,
    pub jurisdiction: Option<String>,
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
        Compiler { src, rule_ids: HashSet::new(), next_pattern: 0, check_patterns, context_ids: Vec::new() }.rubric(raw)
    }

    /// Every pattern of the rubric.
    pub fn patterns(&self) -> impl Iterator<Item = &Pattern> + '_ {
        let tests = self.applies.iter().chain(self.categories.iter().filter_map(|c| c.applies.as_ref()));
        tests
            .flat_map(|a| a.subject.iter().chain(&a.grant).chain(&a.grant_except).chain(&a.alternatives))
            .chain(self.clauses.iter().flat_map(|c| c.select.iter().chain(c.exclude.iter())))
            .chain(self.rules().flat_map(|(_, r)| r.patterns()))
            .chain(&self.grammar.clause_breaks)
            .chain(&self.grammar.subordinators)
            .chain(&self.grammar.cancels)
            .chain(&self.grammar.negators)
            .chain(&self.grammar.negator_except)
            .chain(&self.grammar.definitions)
            .chain(&self.grammar.relatives)
            .chain(&self.grammar.main_verbs)
            .chain(self.contexts.iter().flat_map(|c| std::iter::once(&c.pattern).chain(&c.except)))
            .chain(self.clauses.iter().filter_map(|c| c.defines.as_ref()))
    }

    /// The contexts of a kind.
    pub fn contexts_of(&self, kind: ContextKind) -> impl Iterator<Item = &Context> + '_ {
        self.contexts.iter().filter(move |c| c.kind == kind)
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

    /// The prefilter over the subject patterns of the `[applies]` tests (the rubric's and
    /// its categories') only: the first, cheap pass over a whole code volume, which finds
    /// the few sections worth scoring.
    pub fn subject_index(&self) -> &LiteralIndex {
        self.subject_literals.get_or_init(|| {
            let mut only: Vec<Option<Vec<Vec<u8>>>> = vec![Some(Vec::new()); self.pattern_count];
            let tests = self.applies.iter().chain(self.categories.iter().filter_map(|c| c.applies.as_ref()));
            for p in tests.flat_map(|a| &a.subject) {
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
        self.applies.iter().flat_map(|a| a.rules.iter().map(|r| (None, r))).chain(self.categories.iter().flat_map(
            |c| {
                c.applies
                    .iter()
                    .flat_map(|a| a.rules.iter())
                    .chain(c.levels.iter().flat_map(|l| l.rules.iter()))
                    .map(move |r| (Some(c), r))
            },
        ))
    }

    /// What the rubric's test (or its first category's own) finds, in a few words.
    pub fn subject_label(&self) -> &str {
        self.applies
            .iter()
            .chain(self.categories.iter().filter_map(|c| c.applies.as_ref()))
            .next()
            .map_or("what this scorecard grades", |a| a.label.as_str())
    }

    /// The published figures for a jurisdiction.
    pub fn baseline(&self, jurisdiction: Option<&str>) -> Option<&Baseline> {
        let j = jurisdiction?;
        self.baselines.iter().find(|b| b.jurisdiction.eq_ignore_ascii_case(j))
    }

    /// The grade a total earns (`None` when the rubric has no grades).
    pub fn grade_of(&self, total: Points) -> Option<&str> {
        self.grades.iter().find(|g| total >= g.min).map(|g| g.letter.as_str())
    }

    /// The status with this id.
    pub fn status(&self, id: &str) -> Option<&Status> {
        self.statuses.iter().find(|s| s.id == id)
    }
}

struct Compiler<'a> {
    src: &'a Source,
    rule_ids: HashSet<String>,
    next_pattern: usize,
    check_patterns: bool,
    /// Context ids in file order (their index is their place in [`Rubric::contexts`]).
    context_ids: Vec<String>,
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
        let p = Points::from_f64(*v.get_ref())
            .filter(|p| !p.is_negative() && *p <= Points::whole(MAX_RUBRIC_POINTS))
            .ok_or_else(|| {
            self.err(
                v.span(),
                format!("{what} must be a number from 0 to {MAX_RUBRIC_POINTS} with at most one decimal"),
            )
        })?;
        Ok(p)
    }

    fn regex(&mut self, p: &Spanned<String>, what: &str) -> Result<Pattern> {
        let id = self.next_pattern;
        self.next_pattern += 1;
        // A rubric file's patterns are compiled now: one too large to compile is an error
        // for every command, never a rule that silently cannot fire.
        let made = if self.check_patterns {
            Pattern::new(p.get_ref(), id).and_then(|pat| pat.compile_now().map(|_| pat))
        } else {
            Pattern::unchecked(p.get_ref(), id)
        };
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
        for c in &raw.context {
            if self.context_ids.contains(c.id.get_ref()) {
                return Err(self.err(c.id.span(), format!("duplicate context id `{}`", c.id.get_ref())));
            }
            self.context_ids.push(c.id.get_ref().clone());
        }
        let default_contexts = self.context_refs(&raw.grammar.contexts)?;
        let mut clauses = Vec::new();
        let mut clause_ids = HashSet::new();
        for c in &raw.clause {
            if c.id.get_ref() == WHOLE_STATUTE || !clause_ids.insert(c.id.get_ref().clone()) {
                return Err(self.err(c.id.span(), format!("duplicate clause id `{}`", c.id.get_ref())));
            }
            clauses.push(self.clause(c)?);
        }
        let mut applies = match &raw.applies {
            Some(a) => Some(self.applies(a, &default_contexts, "applies")?),
            None => None,
        };
        if let Some(a) = &applies {
            if a.rules.is_empty() {
                return Err(self.err(raw.id.span(), "[applies] needs at least one rule"));
            }
        }
        let mut categories = Vec::new();
        let mut cat_ids = HashSet::new();
        for c in &raw.category {
            if !cat_ids.insert(c.id.get_ref().clone()) {
                return Err(self.err(c.id.span(), format!("duplicate category id `{}`", c.id.get_ref())));
            }
            categories.push(self.category(c, &clause_ids, &default_contexts)?);
        }
        let grammar = Grammar {
            clause_breaks: self.regexes(&raw.grammar.clause_break, "grammar.clause_break")?,
            subordinators: self.regexes(&raw.grammar.subordinator, "grammar.subordinator")?,
            cancels: self.regexes(&raw.grammar.cancel, "grammar.cancel")?,
            negators: self.regexes(&raw.grammar.negator, "grammar.negator")?,
            negator_except: self.regexes(&raw.grammar.negator_except, "grammar.negator_except")?,
            definitions: self.regexes(&raw.grammar.definition, "grammar.definition")?,
            relatives: self.regexes(&raw.grammar.relative, "grammar.relative")?,
            main_verbs: self.regexes(&raw.grammar.main_verb, "grammar.main_verb")?,
            contexts: default_contexts.clone(),
        };
        if let (Some(a), Some(ra)) = (applies.as_mut(), raw.applies.as_ref()) {
            a.alternatives = self.regexes(&ra.alternatives, "applies.alternatives")?;
        }
        let mut contexts = Vec::new();
        for c in &raw.context {
            contexts.push(self.context(c, &cat_ids)?);
        }
        for (clause, rc) in clauses.iter_mut().zip(&raw.clause) {
            clause.defines = match &rc.defines {
                Some(d) => Some(self.regex(d, &format!("clause `{}` defines", rc.id.get_ref()))?),
                None => None,
            };
        }
        // A category's own test, compiled last (after every pattern the first rubric
        // format had, so their ids, and the build-time prefix tables, keep their order).
        for (cat, rc) in categories.iter_mut().zip(&raw.category) {
            if let Some(ra) = &rc.applies {
                let what = format!("category `{}` applies", rc.id.get_ref());
                let mut a = self.applies(ra, &default_contexts, &what)?;
                a.alternatives = self.regexes(&ra.alternatives, &what)?;
                if a.rules.is_empty() {
                    return Err(self.err(rc.id.span(), format!("{what} needs at least one rule")));
                }
                cat.applies = Some(a);
            }
        }
        let sum: Points = categories.iter().map(|c: &Category| c.max).sum();
        if sum != max {
            return Err(
                self.err(raw.max.span(), format!("category maxima add up to {sum}, but the rubric's max is {max}"))
            );
        }
        let areas = self.areas(&raw, &categories)?;
        let grades = self.grades(&raw)?;
        let statuses = self.statuses(&raw)?;
        for (cat, rc) in categories.iter().zip(&raw.category) {
            for (level, rl) in cat.levels.iter().zip(&rc.level) {
                if let (Some(st), Some(span)) = (&level.status, rl.status.as_ref()) {
                    if !statuses.iter().any(|s| &s.id == st) {
                        return Err(self.err(span.span(), format!("unknown status `{st}` (see [[status]])")));
                    }
                }
            }
        }
        let extra_credit = match &raw.extra_credit {
            Some(e) => {
                Some(ExtraCredit { max: self.points(&e.max, "extra_credit.max")?, description: e.description.clone() })
            }
            None => None,
        };
        let baselines = self.baselines(&raw, &areas, &categories, &statuses, &grades, extra_credit.as_ref(), max)?;
        let id = raw.id.into_inner();
        Ok(Rubric {
            areas,
            grades,
            tier: raw.tier,
            extra_credit,
            statuses,
            baselines,
            short: raw.short.unwrap_or_else(|| id.clone()),
            id,
            name: raw.name,
            edition: raw.edition,
            source: raw.source,
            description: raw.description,
            max,
            applies,
            grammar,
            contexts,
            clauses,
            categories,
            origin: self.src.name.clone(),
            digest: self.src.sha256(),
            builtin: false,
            pattern_count: self.next_pattern,
            assumptions: Vec::new(),
            prefixes: OnceLock::new(),
            literals: OnceLock::new(),
            subject_literals: OnceLock::new(),
        })
    }

    /// An `[applies]` test (its `alternatives` are compiled by the caller, in order).
    fn applies(&mut self, a: &RawApplies, contexts: &[usize], what: &str) -> Result<Applies> {
        Ok(Applies {
            description: a.description.clone(),
            not_found: a.not_found.clone(),
            label: a.label.clone().unwrap_or_else(|| "relief this scorecard grades".to_string()),
            ground: a.ground.clone().unwrap_or_else(|| "the ground this scorecard grades".to_string()),
            subject: self.regexes(&a.subject, &format!("{what}.subject"))?,
            grant: self.regexes(&a.grant, &format!("{what}.grant"))?,
            grant_except: self.regexes(&a.grant_except, &format!("{what}.grant_except"))?,
            alternatives: Vec::new(),
            rules: a.rule.iter().map(|r| self.rule(r, contexts)).collect::<Result<_>>()?,
        })
    }

    /// Issue areas: each category names a known area (all or none do), and each area's
    /// maximum is the sum of its categories' maxima.
    fn areas(&self, raw: &RawRubric, categories: &[Category]) -> Result<Vec<Area>> {
        let mut areas: Vec<Area> = Vec::new();
        for a in &raw.area {
            if areas.iter().any(|x| &x.id == a.id.get_ref()) {
                return Err(self.err(a.id.span(), format!("duplicate area id `{}`", a.id.get_ref())));
            }
            areas.push(Area {
                id: a.id.get_ref().clone(),
                name: a.name.clone(),
                max: self.points(&a.max, "area max")?,
            });
        }
        for (cat, rc) in categories.iter().zip(&raw.category) {
            match (&cat.area, areas.is_empty()) {
                (Some(id), false) if areas.iter().any(|a| &a.id == id) => {}
                (None, true) => {}
                (Some(id), _) => {
                    let span = rc.area.as_ref().map_or(rc.id.span(), |s| s.span());
                    return Err(self.err(span, format!("category `{}` names unknown area `{id}`", cat.id)));
                }
                (None, false) => {
                    return Err(
                        self.err(rc.id.span(), format!("category `{}` needs an `area` (the rubric has areas)", cat.id))
                    )
                }
            }
        }
        for (a, ra) in areas.iter().zip(&raw.area) {
            let sum: Points = categories.iter().filter(|c| c.area.as_deref() == Some(&a.id)).map(|c| c.max).sum();
            if sum != a.max {
                return Err(self.err(
                    ra.max.span(),
                    format!("area `{}`'s categories add up to {sum}, but its max is {}", a.id, a.max),
                ));
            }
        }
        Ok(areas)
    }

    /// Letter grades, highest minimum first.
    fn grades(&self, raw: &RawRubric) -> Result<Vec<Grade>> {
        let mut grades = Vec::new();
        for g in &raw.grade {
            grades.push(Grade { letter: g.letter.get_ref().clone(), min: self.points(&g.min, "grade min")? });
        }
        for (k, g) in raw.grade.iter().enumerate() {
            let earlier = &grades[..k];
            if earlier.iter().any(|e: &Grade| &e.letter == g.letter.get_ref()) {
                return Err(self.err(g.letter.span(), format!("duplicate grade `{}`", g.letter.get_ref())));
            }
            if earlier.iter().any(|e: &Grade| e.min == grades[k].min) {
                return Err(self.err(g.min.span(), "two grades start at the same total"));
            }
        }
        grades.sort_by_key(|g: &Grade| std::cmp::Reverse(g.min));
        if let Some(g) = grades.last().filter(|g| g.min != Points::ZERO) {
            let span =
                raw.grade.iter().find(|r| r.letter.get_ref() == &g.letter).map_or(raw.id.span(), |r| r.min.span());
            return Err(self.err(span, "the lowest grade must start at 0 points"));
        }
        Ok(grades)
    }

    fn statuses(&self, raw: &RawRubric) -> Result<Vec<Status>> {
        let mut out: Vec<Status> = Vec::new();
        for st in &raw.status {
            let (lo, hi) = match st.share.get_ref()[..] {
                [lo, hi] => (lo, hi),
                _ => (f64::NAN, f64::NAN),
            };
            if !(0.0..=1.0).contains(&lo) || !(0.0..=1.0).contains(&hi) || lo > hi {
                return Err(self.err(st.share.span(), "a status's share is [low, high] with 0 ≤ low ≤ high ≤ 1"));
            }
            if out.iter().any(|s| &s.id == st.id.get_ref()) {
                return Err(self.err(st.id.span(), format!("duplicate status `{}`", st.id.get_ref())));
            }
            out.push(Status { id: st.id.get_ref().clone(), text: st.text.clone(), share: (lo, hi) });
        }
        Ok(out)
    }

    /// Published figures, checked against the rubric: every area and goal named exists,
    /// areas and extra credit add up to the total, the grade is the one the total earns,
    /// and each area's points lie within what its goals' published statuses allow.
    #[allow(clippy::too_many_arguments)]
    fn baselines(
        &self,
        raw: &RawRubric,
        areas: &[Area],
        categories: &[Category],
        statuses: &[Status],
        grades: &[Grade],
        extra: Option<&ExtraCredit>,
        max: Points,
    ) -> Result<Vec<Baseline>> {
        let mut out: Vec<Baseline> = Vec::new();
        for b in &raw.baseline {
            let j = b.jurisdiction.get_ref().clone();
            if out.iter().any(|x| x.jurisdiction.eq_ignore_ascii_case(&j)) {
                return Err(self.err(b.jurisdiction.span(), format!("duplicate baseline for `{j}`")));
            }
            let total = self.points(&b.total, "baseline total")?;
            let mut area_points = Vec::new();
            for a in areas {
                let Some(p) = b.areas.get(&a.id) else {
                    return Err(
                        self.err(b.jurisdiction.span(), format!("baseline `{j}` has no points for area `{}`", a.id))
                    );
                };
                let pts = self.points(p, "area points")?;
                if pts > a.max {
                    return Err(self.err(p.span(), format!("{pts} is over area `{}`'s max of {}", a.id, a.max)));
                }
                area_points.push((a.id.clone(), pts));
            }
            for (id, p) in &b.areas {
                if !areas.iter().any(|a| &a.id == id) {
                    return Err(self.err(p.span(), format!("baseline `{j}` names unknown area `{id}`")));
                }
            }
            let mut items = Vec::new();
            for e in &b.extra_credit {
                items.push(ExtraItem {
                    name: e.name.clone(),
                    points: self.points(&e.points, "extra credit")?,
                    text: e.text.clone(),
                });
            }
            let extra_sum: Points = items.iter().map(|e| e.points).sum();
            if extra_sum > extra.map_or(Points::ZERO, |e| e.max) {
                return Err(self.err(
                    b.jurisdiction.span(),
                    format!("baseline `{j}`'s extra credit of {extra_sum} is over the rubric's extra_credit max"),
                ));
            }
            let parts: Points =
                if areas.is_empty() { total - extra_sum } else { area_points.iter().map(|(_, p)| *p).sum() };
            if parts + extra_sum != total || parts > max {
                return Err(self.err(
                    b.total.span(),
                    format!("baseline `{j}`: areas ({parts}) and extra credit ({extra_sum}) do not add up to the total of {total}"),
                ));
            }
            if let Some(g) = &b.grade {
                if let Some(earned) = grades.iter().find(|x| total >= x.min) {
                    if &earned.letter != g.get_ref() {
                        return Err(self.err(
                            g.span(),
                            format!("baseline `{j}`: a total of {total} earns {}, not {}", earned.letter, g.get_ref()),
                        ));
                    }
                }
            }
            let mut goals = Vec::new();
            for g in &b.goal {
                if !categories.iter().any(|c| &c.id == g.id.get_ref()) {
                    return Err(
                        self.err(g.id.span(), format!("baseline `{j}` names unknown goal `{}`", g.id.get_ref()))
                    );
                }
                if !statuses.iter().any(|s| &s.id == g.status.get_ref()) {
                    return Err(
                        self.err(g.status.span(), format!("unknown status `{}` (see [[status]])", g.status.get_ref()))
                    );
                }
                if goals.iter().any(|(id, _, _)| id == g.id.get_ref()) {
                    return Err(self.err(g.id.span(), format!("baseline `{j}` gives goal `{}` twice", g.id.get_ref())));
                }
                goals.push((g.id.get_ref().clone(), g.status.get_ref().clone(), g.quote.clone()));
            }
            let baseline = Baseline {
                jurisdiction: j.clone(),
                source: b.source.clone(),
                graded: b.graded.clone(),
                total,
                grade: b.grade.as_ref().map(|g| g.get_ref().clone()),
                tier: b.tier.clone(),
                areas: area_points,
                extra_credit: items,
                goals,
                summaries: b.summary.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            };
            for a in areas {
                let (lo, hi) = crate::rubric::standing::published_range(statuses, categories, &baseline, &a.id);
                let pts = baseline.area(&a.id).unwrap_or(Points::ZERO);
                if pts < lo || pts > hi {
                    return Err(self.err(
                        b.jurisdiction.span(),
                        format!("baseline `{j}`: area `{}`'s {pts} points lie outside the {lo} to {hi} its goals' published statuses allow", a.id),
                    ));
                }
            }
            out.push(baseline);
        }
        Ok(out)
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
            defines: None,
            examples: examples(&c.examples),
        })
    }

    /// Context names resolved to indexes.
    fn context_refs(&self, names: &[Spanned<String>]) -> Result<Vec<usize>> {
        names
            .iter()
            .map(|n| {
                self.context_ids.iter().position(|c| c == n.get_ref()).ok_or_else(|| {
                    let known =
                        if self.context_ids.is_empty() { "none".to_string() } else { self.context_ids.join(", ") };
                    self.err(n.span(), format!("unknown context `{}` (contexts: {known})", n.get_ref()))
                })
            })
            .collect()
    }

    fn context(&mut self, c: &crate::rubric::raw::RawContext, cat_ids: &HashSet<String>) -> Result<Context> {
        let kind = match c.kind.get_ref().as_str() {
            "negation" => ContextKind::Negation,
            "comparison" => ContextKind::Comparison,
            "proviso" => ContextKind::Proviso,
            "actor" => ContextKind::Actor,
            other => {
                return Err(self.err(
                    c.kind.span(),
                    format!("unknown context kind `{other}` (kinds: negation, comparison, proviso, actor)"),
                ))
            }
        };
        let look = match c.look.get_ref().as_str() {
            "before" => Look::Before,
            "inside" => Look::Inside,
            "adjacent" => Look::Adjacent,
            "after" => Look::After,
            "lead" => Look::Lead,
            other => {
                return Err(self.err(
                    c.look.span(),
                    format!("unknown look `{other}` (looks: before, inside, adjacent, after, lead)"),
                ))
            }
        };
        for cat in &c.categories {
            if !cat_ids.contains(cat.get_ref()) {
                return Err(self.err(
                    cat.span(),
                    format!("context `{}` names unknown category `{}`", c.id.get_ref(), cat.get_ref()),
                ));
            }
        }
        for e in &c.example {
            if !self.rule_ids.contains(e.rule.get_ref()) {
                return Err(
                    self.err(e.rule.span(), format!("context example names unknown rule `{}`", e.rule.get_ref()))
                );
            }
        }
        Ok(Context {
            id: c.id.get_ref().clone(),
            kind,
            summary: c.summary.clone(),
            look,
            pattern: self.regex(&c.pattern, &format!("context `{}`", c.id.get_ref()))?,
            except: self.regexes(&c.except, &format!("context `{}`", c.id.get_ref()))?,
            categories: c.categories.iter().map(|x| x.get_ref().clone()).collect(),
            examples: c
                .example
                .iter()
                .map(|e| ContextExample {
                    example: Example {
                        text: e.text.clone(),
                        source: e.source.clone(),
                        jurisdiction: e.jurisdiction.clone(),
                    },
                    rule: e.rule.get_ref().clone(),
                })
                .collect(),
        })
    }

    fn category(&mut self, c: &RawCategory, clause_ids: &HashSet<String>, contexts: &[usize]) -> Result<Category> {
        let id = c.id.get_ref().clone();
        let max = self.points(&c.max, "max")?;
        let area = c.area.as_ref().map(|a| a.get_ref().clone());
        if let Some(why) = &c.undecidable {
            if !c.level.is_empty() || c.default.is_some() || c.clause.is_some() || c.applies.is_some() {
                return Err(self.err(
                    c.id.span(),
                    format!("category `{id}` is `undecidable`: it has no clause, default, applies or levels"),
                ));
            }
            return Ok(Category {
                id,
                name: c.name.clone(),
                description: c.description.clone(),
                max,
                area,
                number: c.number.clone(),
                applies: None,
                undecidable: Some(why.clone()),
                clauses: Vec::new(),
                levels: Vec::new(),
                combine: Combine::First,
                default: DefaultLevel {
                    points: Points::ZERO,
                    upto: Some(max),
                    status: None,
                    text: why.clone(),
                    note: why.clone(),
                    review: None,
                },
                cases: Vec::new(),
            });
        }
        let (Some(clause), Some(raw_default)) = (&c.clause, &c.default) else {
            return Err(self.err(
                c.id.span(),
                format!("category `{id}` needs a `clause` and a `[category.default]` (or `undecidable`)"),
            ));
        };
        let clauses = clause.get_ref().to_vec();
        for cl in &clauses {
            if cl != WHOLE_STATUTE && !clause_ids.contains(cl) {
                return Err(self.err(clause.span(), format!("category `{id}` reads unknown clause `{cl}`")));
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
            let upto = match &l.upto {
                Some(u) => {
                    let u_points = self.points(u, "upto")?;
                    if u_points > max || u_points < points {
                        return Err(self.err(
                            u.span(),
                            format!("a level's range runs from its points ({points}) up to at most the max ({max})"),
                        ));
                    }
                    Some(u_points)
                }
                None => None,
            };
            let rules = l.rule.iter().map(|r| self.rule(r, contexts)).collect::<Result<Vec<_>>>()?;
            if (l.model.is_some() || l.model_phrase.is_some()) && l.model_source.is_none() {
                return Err(self.err(
                    l.points.span(),
                    format!("a level of category `{id}` with model wording needs a `model_source`"),
                ));
            }
            levels.push(Level {
                points,
                upto,
                status: l.status.as_ref().map(|s| s.get_ref().clone()),
                model: l.model.clone(),
                model_phrase: l.model_phrase.clone(),
                model_source: l.model_source.clone(),
                text: l.text.clone(),
                fallback: l.fallback,
                rules,
            });
        }
        let default_points = self.points(&raw_default.points, "default points")?;
        let Some(default_level) = levels.iter().find(|l| l.points == default_points) else {
            return Err(self.err(
                raw_default.points.span(),
                format!("category `{id}`'s default of {default_points} points is not one of its levels"),
            ));
        };
        let default = DefaultLevel {
            points: default_points,
            upto: default_level.upto,
            status: default_level.status.clone(),
            text: default_level.text.clone(),
            note: raw_default.note.clone(),
            review: raw_default.review.clone(),
        };
        let mut cases = Vec::new();
        for k in &c.case {
            let points = Points::from_f64(k.points)
                .ok_or_else(|| self.err(c.id.span(), format!("a case of category `{id}` has invalid points")))?;
            cases.push(Case {
                text: k.text.clone(),
                points,
                note: k.note.clone(),
                source: k.source.clone(),
                jurisdiction: k.jurisdiction.clone(),
            });
        }
        let combine = match c.combine.as_ref().map(|s| s.get_ref().as_str()) {
            None | Some("first") => Combine::First,
            Some("strictest") => Combine::Strictest,
            Some(other) => {
                let span = c.combine.as_ref().map_or(c.id.span(), |s| s.span());
                return Err(self.err(span, format!("unknown combine `{other}` (first, strictest)")));
            }
        };
        Ok(Category {
            id,
            name: c.name.clone(),
            description: c.description.clone(),
            max,
            area,
            number: c.number.clone(),
            applies: None,
            undecidable: None,
            clauses,
            levels,
            combine,
            default,
            cases,
        })
    }

    fn rule(&mut self, r: &RawRule, default_contexts: &[usize]) -> Result<Rule> {
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
            contexts: match &r.contexts {
                Some(names) => self.context_refs(names)?,
                None => default_contexts.to_vec(),
            },
            examples: examples(&r.examples),
            id,
        })
    }
}

fn examples(e: &RawExamples) -> Examples {
    let one = |x: &RawExample| match x {
        RawExample::Text(t) => Example::plain(t.clone()),
        RawExample::Sourced(s) => {
            Example { text: s.text.clone(), source: Some(s.source.clone()), jurisdiction: s.jurisdiction.clone() }
        }
    };
    Examples { matches: e.matches.iter().map(one).collect(), no_match: e.no_match.iter().map(one).collect() }
}
