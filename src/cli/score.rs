//! `redline score`: score a statute under a rubric.

use std::path::PathBuf;

use clap::Args;

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
    /// Rubric: a built-in id or a path to a rubric file.
    #[arg(long, default_value = rubric::DEFAULT_RUBRIC)]
    pub rubric: String,
    /// Override a category: CATEGORY=POINTS[:REASON]; shown as an override in every output.
    #[arg(long, value_name = "CAT=POINTS[:REASON]")]
    pub assume: Vec<Assumption>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Write to a file (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit with status 1 when the total is below N.
    #[arg(long, value_name = "N")]
    pub fail_under: Option<f64>,
}

pub fn run(args: ScoreArgs, color_choice: color::ColorChoice) -> Result<i32> {
    let out = Output::new(args.output.as_deref());
    out.check_not_input(&[&args.statute])?;
    let rubric = rubric::load(&args.rubric)?;
    let doc = statute::read(&args.statute)?;
    for w in &doc.warnings {
        eprintln!("warning: {w}");
    }
    let mut cards = rubric::score(&doc, &rubric);
    for card in &mut cards {
        engine::apply_assumptions(card, &args.assume).map_err(|m| Error::file(&args.statute, m))?;
    }
    let report = ScoreReport {
        document: DocInfo::of(&doc),
        rubric: RubricInfo::of(&rubric),
        cards,
        sections_searched: doc.sections.len(),
        inputs: vec![InputFile::of("statute", &doc.source)],
    };
    // Only the text format may be colored, and only on a terminal that allows it.
    color::decide(color_choice, out.is_stdout() && args.format == Format::Text);
    let text = args.format.score(&report);
    out.write(&text)?;
    if let Some(n) = args.fail_under {
        let threshold = Points::from_f64(n).unwrap_or(Points::ZERO);
        if report.cards[0].total < threshold {
            eprintln!("redline: total {} is under --fail-under {}", report.cards[0].total, threshold);
            return Ok(exit::CHECK_FAILED);
        }
    }
    Ok(exit::OK)
}
