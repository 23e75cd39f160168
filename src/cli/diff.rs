//! `redline diff`: the redline of two versions of a statute, the scores before and after,
//! and each amendment's effect.

use std::path::PathBuf;

use clap::Args;

use crate::cli::output::Output;
use crate::compare::{self, Comparison};
use crate::error::{exit, Error, Result};
use crate::proposal::{bill, Proposal};
use crate::redline::diff::Budget;
use crate::report::model::{DiffReport, DiffStanding, InputFile, Origin};
use crate::report::{color, DocInfo, Format, RubricInfo};
use crate::rubric::{self, Rubric};
use crate::statute;
use crate::text::Source;

/// The largest `--max-tokens`: more tokens than the largest input holds.
const MAX_TOKENS_LIMIT: u64 = 1 << 24;
/// The largest `--max-edits`.
const MAX_EDITS_LIMIT: u64 = 1_000_000;

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The statute before (or, alone, a proposal with a `base`, or a bill that marks both
    /// versions).
    pub before: String,
    /// The statute after, a proposal (`.toml`) to apply to BEFORE, or a bill.
    pub after: Option<String>,
    /// Rubric: a built-in id or a path to a rubric file; give it more than once, or
    /// `all` (every built-in rubric), to compare under several scorecards.
    #[arg(long, default_value = rubric::DEFAULT_RUBRIC)]
    pub rubric: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Write to a file (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Diff budget: most words and spaces per side of one call to the diff algorithm; a
    /// longer stretch is first split on words found once on each side, and a piece still
    /// longer is shown as a whole replacement (1 to 16,777,216).
    #[arg(long, default_value_t = Budget::default().max_tokens as u64, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=MAX_TOKENS_LIMIT))]
    pub max_tokens: u64,
    /// Diff budget: most changed words and spaces (insertions plus deletions) one diff
    /// may show word by word; a stretch that would need more, by a lower bound before
    /// the diff or by the script after it, is shown as a whole replacement (0 to
    /// 1,000,000; no clock is read, so the same inputs give the same output).
    #[arg(long, default_value_t = Budget::default().max_edits as u64, value_name = "N",
          value_parser = clap::value_parser!(u64).range(0..=MAX_EDITS_LIMIT))]
    pub max_edits: u64,
    /// Override a category on both sides: CATEGORY=POINTS[:REASON]; the delta of that
    /// category is then the assumption's (shown as an override in every output).
    #[arg(long, value_name = "CAT=POINTS[:REASON]")]
    pub assume: Vec<crate::rubric::engine::Assumption>,
    /// Compare a bill with a statute whose state or section number differs from the one
    /// the bill amends (refused otherwise).
    #[arg(long)]
    pub force_base: bool,
    /// For a proposal: how each pair of its amendments interacts (each pair applied
    /// together and scored: independent, order-dependent, overlapping, conflicting).
    #[arg(long)]
    pub interactions: bool,
    /// What the last file argument is, when neither its name nor its content says (a
    /// proposal is `.toml` or has `[[amendment]]` tables; a bill marks its changes).
    #[arg(long = "as", value_enum, value_name = "KIND")]
    pub as_kind: Option<Kind>,
}

pub fn run(args: DiffArgs, color_choice: color::ColorChoice) -> Result<i32> {
    let out = Output::new(args.output.as_deref());
    let inputs: Vec<&str> = std::iter::once(args.before.as_str()).chain(args.after.as_deref()).collect();
    out.check_not_input(&inputs)?;
    let rubrics = rubric::load_all(&args.rubric, &args.assume).map_err(|e| e.for_input(&args.before))?;
    let budget = Budget { max_tokens: args.max_tokens as usize, max_edits: args.max_edits as usize };
    let mut reports: Vec<DiffReport> = Vec::new();
    for (i, r) in rubrics.iter().enumerate() {
        let report = match reports.first() {
            // Two statute texts: parsed and diffed once, scored under each rubric.
            Some(first) if matches!(first.origin, Origin::Texts) => {
                let comparison = compare::rescore(&first.comparison, r);
                report(comparison, Origin::Texts, first.notes.clone(), first.inputs.clone(), r, &budget)
            }
            _ => {
                // A bill restating several statutes: compare the section the first did.
                let prefer = reports.first().and_then(|f| match &f.origin {
                    Origin::Bill { sections, .. } => sections.first().cloned(),
                    _ => None,
                });
                let run = || {
                    build(
                        &args.before,
                        args.after.as_deref(),
                        args.as_kind,
                        args.force_base,
                        r,
                        &budget,
                        prefer.as_deref(),
                    )
                };
                // The same inputs read again under another rubric warn once.
                if i == 0 {
                    run()?
                } else {
                    crate::cli::diag::quietly(run)?
                }
            }
        };
        let mut report = report;
        if args.interactions {
            interactions(&mut report, r)?;
        }
        reports.push(report);
    }
    // Only the text format may be colored, and only on a terminal that allows it.
    let color = color::decide(color_choice, out.is_stdout() && args.format == Format::Text);
    let text = args.format.diffs(&reports);
    out.write(&text, args.format.shown(color))?;
    // The process ends next: freeing a whole code title's report piece by piece would
    // only cost time, so leave it to the exit.
    std::mem::forget(reports);
    Ok(exit::OK)
}

/// Adds the interaction matrix of a proposal's amendments to its report (a note for other
/// comparisons).
fn interactions(report: &mut DiffReport, rubric: &Rubric) -> Result<()> {
    let Origin::Proposal { path, base, .. } = &report.origin else {
        report
            .notes
            .push("--interactions: only a proposal's amendments are paired; this comparison has none".to_string());
        return Ok(());
    };
    let p = Proposal::read(path)?;
    let base = Source::read(base)?;
    if p.amendments.len() > compare::MAX_INTERACTION_AMENDMENTS {
        report.notes.push(format!(
            "--interactions: only the first {} amendments are paired",
            compare::MAX_INTERACTION_AMENDMENTS
        ));
    }
    if p.amendments.len() < 2 {
        report.notes.push("--interactions: the proposal has one amendment, so no pairs".to_string());
    }
    report.comparison.interactions = compare::interactions(&base, &p, rubric, &report.comparison)?;
    Ok(())
}

/// What kind of file a diff argument is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// A TOML proposal of amendments.
    Proposal,
    /// A bill or session law that marks its changes.
    Bill,
    /// A statute text.
    Statute,
}

/// What `src` is: `forced` when given, else by its name and content.
pub fn kind_of(src: &Source, forced: Option<Kind>) -> Kind {
    if let Some(k) = forced {
        k
    } else if src.name.ends_with(".toml") || looks_like_proposal(&src.text) {
        Kind::Proposal
    } else if bill::body_of(src)
        .map_or_else(|_| bill::looks_like_bill(&src.text), |(body, _)| bill::looks_like_bill(&body))
    {
        Kind::Bill
    } else {
        Kind::Statute
    }
}

/// Whether a text is a TOML proposal: it has an `[[amendment]]` table.
fn looks_like_proposal(text: &str) -> bool {
    text.lines().any(|l| l.trim_start().starts_with("[[amendment]]"))
}

/// Reads the inputs and compares; `forced` is the kind of the last file argument.
pub fn build(
    first: &str,
    second: Option<&str>,
    forced: Option<Kind>,
    force_base: bool,
    rubric: &Rubric,
    budget: &Budget,
    prefer: Option<&str>,
) -> Result<DiffReport> {
    let first_src = Source::read(first)?;
    match second {
        None => match kind_of(&first_src, forced) {
            Kind::Proposal => {
                let p = Proposal::from_source(&first_src)?;
                let base_src = p.base_source("redline diff STATUTE PROPOSAL")?;
                proposal_report(&base_src, &first_src, &p, rubric, budget)
            }
            Kind::Bill => bill_report(&first_src, None, force_base, rubric, budget, prefer),
            Kind::Statute => Err(Error::file(
                first,
                "this is a statute text; give a second version, a proposal or a bill to compare it with",
            )),
        },
        Some(s) => {
            let second_src = Source::read(s)?;
            match kind_of(&second_src, forced) {
                Kind::Proposal => {
                    let p = Proposal::from_source(&second_src)?;
                    proposal_report(&first_src, &second_src, &p, rubric, budget)
                }
                Kind::Bill => bill_report(&second_src, Some(&first_src), force_base, rubric, budget, prefer),
                Kind::Statute => {
                    let comparison = compare::sources(first_src, second_src, rubric, budget)?;
                    let inputs = vec![
                        InputFile::of("before", &comparison.before.doc.source),
                        InputFile::of("after", &comparison.after.doc.source),
                    ];
                    warn(&comparison.before.doc);
                    warn(&comparison.after.doc);
                    Ok(report(comparison, Origin::Texts, Vec::new(), inputs, rubric, budget))
                }
            }
        }
    }
}

fn warn(doc: &statute::Document) {
    for w in &doc.warnings {
        crate::cli::diag::warn(w);
    }
}

fn report(
    comparison: Comparison,
    origin: Origin,
    notes: Vec<String>,
    inputs: Vec<InputFile>,
    rubric: &Rubric,
    budget: &Budget,
) -> DiffReport {
    let before = DocInfo::of(&comparison.before.doc);
    let after = DocInfo::of(&comparison.after.doc);
    let jurisdiction = before.jurisdiction.clone().or_else(|| after.jurisdiction.clone());
    DiffReport {
        standing: DiffStanding::of(rubric, &comparison, jurisdiction.as_deref()),
        before,
        after,
        rubric: RubricInfo::of(rubric),
        comparison,
        origin,
        budget: *budget,
        notes,
        inputs,
    }
}

fn proposal_report(
    base: &Source,
    proposal_src: &Source,
    p: &Proposal,
    rubric: &Rubric,
    budget: &Budget,
) -> Result<DiffReport> {
    let comparison = compare::proposal(base, p, rubric, budget)?;
    warn(&comparison.before.doc);
    let origin = Origin::Proposal { path: p.name.clone(), title: p.title.clone(), base: base.name.clone() };
    let inputs = vec![InputFile::of("base", base), InputFile::of("proposal", proposal_src)];
    let mut r = report(comparison, origin, Vec::new(), inputs, rubric, budget);
    r.after.label = format!("{} as amended by {}", r.before.label, p.title);
    r.after.path = format!("{} + {}", base.name, p.name);
    Ok(r)
}

fn bill_report(
    bill_src: &Source,
    statute_src: Option<&Source>,
    force_base: bool,
    rubric: &Rubric,
    budget: &Budget,
    prefer: Option<&str>,
) -> Result<DiffReport> {
    let read = compare::bill_preferring(bill_src, statute_src, force_base, rubric, budget, prefer)?;
    let origin =
        Origin::Bill { path: bill_src.name.clone(), title: read.title.clone(), sections: read.sections.clone() };
    let mut inputs: Vec<InputFile> = statute_src.iter().map(|s| InputFile::of("statute", s)).collect();
    inputs.push(InputFile::of("bill", bill_src));
    Ok(report(read.comparison, origin, read.notes, inputs, rubric, budget))
}
