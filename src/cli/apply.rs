//! `redline apply`: a proposal's amended text, with front matter naming the proposal.

use std::path::PathBuf;

use clap::Args;

use crate::cli::output::{Output, Shown};
use crate::error::{exit, Result};
use crate::proposal::{apply, Proposal};
use crate::statute::frontmatter;
use crate::text::Source;

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The statute (or, alone, a proposal whose `base` names it).
    pub statute: String,
    /// The proposal (`.toml`).
    pub proposal: Option<String>,
    /// Write to a file (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: ApplyArgs) -> Result<i32> {
    let out = Output::new(args.output.as_deref());
    let inputs: Vec<&str> = std::iter::once(args.statute.as_str()).chain(args.proposal.as_deref()).collect();
    out.check_not_input(&inputs)?;
    let (base, p) = match &args.proposal {
        Some(p) => (Source::read(&args.statute)?, Proposal::read(p)?),
        None => {
            let p = Proposal::read(&args.statute)?;
            (p.base_source("redline apply STATUTE PROPOSAL")?, p)
        }
    };
    let which = p.default_selection();
    if p.has_alternatives() {
        let ids: Vec<&str> = which.iter().map(|&i| p.amendments[i].id.as_str()).collect();
        crate::cli::diag::warn(format!(
            "{}: the proposal has alternatives; applied the first of each group ({})",
            p.name,
            ids.join(", ")
        ));
    }
    let applied = apply::apply(&base, &p, &which)?;
    out.write(&with_front_matter(&base, &p, &applied.text, &which)?, Shown::Data)?;
    Ok(exit::OK)
}

/// The amended text with the base's front matter, `version` and `provenance` updated to
/// name the proposal.
pub fn with_front_matter(base: &Source, p: &Proposal, text: &str, which: &[usize]) -> Result<String> {
    let amended = Source::from_text(base.name.clone(), text);
    let split = frontmatter::split(&amended)?;
    let mut front = split.front.clone();
    let stem = std::path::Path::new(&p.name).file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    front.version = Some(match &front.version {
        Some(v) => format!("{v} + {stem}"),
        None => stem.clone(),
    });
    let ids: Vec<&str> = which.iter().map(|&i| p.amendments[i].id.as_str()).collect();
    let note = format!("{} as amended by \"{}\" ({}: {})", base.name, p.title, p.name, ids.join(", "));
    front.provenance = Some(match &front.provenance {
        Some(old) => format!("{note}; base: {old}"),
        None => note,
    });
    Ok(format!("{}{}", frontmatter::render(&front), &text[split.body_start..]))
}
