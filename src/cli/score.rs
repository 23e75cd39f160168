//! `redline score`: score a statute under a rubric.

use std::path::PathBuf;

use clap::Args;

use crate::cli::diff::Kind;
use crate::cli::output::Output;
use crate::error::{exit, Error, Result};
use crate::report::model::InputFile;
use crate::report::{color, DocInfo, Format, RubricInfo, ScoreReport};
use crate::rubric::{self, engine, Assumption, Points};
use crate::statute;

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The statute file (`-` reads standard input).
    pub statute: String,
    /// Rubric: a built-in id or a path to a rubric file; give it more than once, or
    /// `all` (every built-in rubric), to score under several scorecards.
    #[arg(long, default_value = rubric::DEFAULT_RUBRIC)]
    pub rubric: Vec<String>,
    /// Override a category: CATEGORY=POINTS[:REASON]; shown as an override in every output.
    #[arg(long, value_name = "CAT=POINTS[:REASON]")]
    pub assume: Vec<Assumption>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Write to a file (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit with status 1 when the total is below N (a decimal from 0 to the rubric's
    /// maximum, in tenths at most; with several rubrics, the first one's total; where the
    /// total is a range, its lowest).
    #[arg(long, value_name = "N", value_parser = FailUnder::parse)]
    pub fail_under: Option<FailUnder>,
}

/// `--fail-under N`: the threshold, and the number as the user wrote it (echoed as given).
#[derive(Debug, Clone)]
pub struct FailUnder {
    pub points: Points,
    pub given: String,
}

impl FailUnder {
    fn parse(s: &str) -> std::result::Result<FailUnder, String> {
        let points = Points::parse(s, Points::whole(engine::MAX_COMMAND_LINE_POINTS))?;
        Ok(FailUnder { points, given: s.trim().to_string() })
    }
}

pub fn run(args: ScoreArgs, color_choice: color::ColorChoice) -> Result<i32> {
    let out = Output::new(args.output.as_deref());
    out.check_not_input(&[&args.statute])?;
    let rubrics = rubric::load_all(&args.rubric, &args.assume).map_err(|e| e.for_input(&args.statute))?;
    // With extra credit, a total may pass the rubric's maximum.
    let most = rubrics[0].max + rubrics[0].extra_credit.as_ref().map_or(Points::ZERO, |e| e.max);
    if let Some(f) = args.fail_under.as_ref().filter(|f| f.points > most) {
        return Err(Error::file(
            &args.rubric[0],
            format!("--fail-under {}: over the rubric's maximum of {most}", f.given),
        ));
    }
    let src = crate::text::Source::read(&args.statute)?;
    let mut reports = Vec::new();
    for (i, r) in rubrics.iter().enumerate() {
        // The same file read again under another rubric warns once.
        let report = if i == 0 { report(&src, r)? } else { crate::cli::diag::quietly(|| report(&src, r))? };
        reports.push(report);
    }
    // Only the text format may be colored, and only on a terminal that allows it.
    let color = color::decide(color_choice, out.is_stdout() && args.format == Format::Text);
    let text = args.format.scores(&reports);
    out.write(&text, args.format.shown(color))?;
    if let Some(f) = &args.fail_under {
        // A scorecard with a standing: the lowest total its figures allow.
        let (total, shown) = match &reports[0].standing {
            Some(st) if !st.total.is_exact() => {
                (st.total.lo, format!("{} (its lowest, {})", st.total.show(), st.total.lo))
            }
            Some(st) => (st.total.lo, st.total.show()),
            None => (reports[0].cards[0].total, reports[0].cards[0].total.to_string()),
        };
        if total < f.points {
            let under = if reports.len() > 1 { format!(" under {}", reports[0].rubric.short) } else { String::new() };
            crate::cli::diag::line(&format!("redline: total {shown}{under} is under --fail-under {}", f.given));
            return Ok(exit::CHECK_FAILED);
        }
    }
    Ok(exit::OK)
}

/// Scores a file under one rubric.
fn report(src: &crate::text::Source, rubric: &rubric::Rubric) -> Result<ScoreReport> {
    let src = src.clone();
    // What the file is decides what is scored, as for `diff`.
    let kind = crate::cli::diff::kind_of(&src, None);
    let input = InputFile::of(
        match kind {
            Kind::Proposal => "proposal",
            Kind::Bill => "bill",
            Kind::Statute => "statute",
        },
        &src,
    );
    let (doc, cards) = if kind == Kind::Proposal {
        // A proposal: its base statute as amended by all its amendments.
        let p = crate::proposal::Proposal::from_source(&src)?;
        let base = p.base_source("redline apply STATUTE PROPOSAL | redline score -")?;
        let all = p.default_selection();
        let applied = crate::proposal::apply::apply(&base, &p, &all)?;
        crate::cli::diag::warn(format!(
            "{}: scored {} as amended by the proposal's {} amendment(s){}",
            src.name,
            base.name,
            all.len(),
            if p.has_alternatives() { " (the first alternative of each group)" } else { "" }
        ));
        let doc =
            statute::parse(crate::text::Source::from_text(format!("{} + {}", base.name, src.name), applied.text))?;
        let cards = rubric::score(&doc, rubric);
        (doc, cards)
    } else if kind == Kind::Bill {
        // A bill: the statute text it proposes, not its title, findings or other sections.
        match crate::compare::bill(&src, None, false, rubric, &Default::default()) {
            Ok(read) => {
                crate::cli::diag::warn(format!(
                    "{}: scored the statute text as proposed in {} (the bill's title, findings and other sections are not law)",
                    src.name,
                    read.sections.join(", ")
                ));
                let after = read.comparison.after;
                (after.doc, after.cards)
            }
            Err(e) => {
                // A comparison may need what a score does not (the current text of a bill
                // whose marks were lost): the first section's proposed text is enough.
                let (body, _) = crate::proposal::bill::body_of(&src)?;
                let parsed = crate::proposal::bill::parse(&src.name, &body);
                let Some(first) = parsed.sections.first() else { return Err(e) };
                crate::cli::diag::warn(format!(
                    "{}: scored the statute text as proposed in {} (no current text to compare with; the bill's title, findings and other sections are not law)",
                    src.name, first.label
                ));
                let doc = statute::parse(crate::text::Source::from_text(
                    format!("{} [{}, proposed text]", src.name, first.label),
                    first.after.clone(),
                ))?;
                let cards = rubric::score(&doc, rubric);
                (doc, cards)
            }
        }
    } else {
        let doc = statute::parse(src)?;
        let cards = rubric::score(&doc, rubric);
        (doc, cards)
    };
    for w in &doc.warnings {
        crate::cli::diag::warn(w);
    }
    let standing = crate::rubric::standing::has_standing(rubric)
        .then(|| crate::rubric::standing::of(rubric, doc.front.jurisdiction.as_deref(), &cards[0].categories));
    Ok(ScoreReport {
        document: DocInfo::of(&doc),
        rubric: RubricInfo::of(rubric),
        cards,
        sections_searched: doc.sections.len(),
        inputs: vec![input],
        standing,
    })
}
