//! `redline suggest`: the smallest amendment, from edits the rubric knows, that reaches a
//! target score or grade.

use std::fmt::Write;
use std::path::PathBuf;

use clap::Args;

use crate::cli::output::{Output, Shown};
use crate::error::{exit, Error, Result};
use crate::rubric::{self, engine, Points};
use crate::suggest::{self, Budget, Suggestion};
use crate::text::Source;

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The statute file (`-` reads standard input).
    pub statute: String,
    /// Rubric: a built-in id or a path to a rubric file.
    #[arg(long, default_value = rubric::DEFAULT_RUBRIC)]
    pub rubric: String,
    /// The score to reach (a decimal, in tenths at most).
    #[arg(long, value_name = "N", value_parser = parse_points, required_unless_present = "target_grade")]
    pub target: Option<Points>,
    /// The grade to reach, under a rubric with grades (its lowest total).
    #[arg(long, value_name = "GRADE", conflicts_with = "target")]
    pub target_grade: Option<String>,
    /// Output format: `text` or `json` (Markdown and HTML are refused).
    #[arg(long, value_enum, default_value_t)]
    pub format: crate::report::Format,
    /// Write the chosen set as a proposal (TOML) that `redline diff STATUTE FILE` accepts.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Most candidate edits kept (the best by points gained per word).
    #[arg(long, value_name = "N", default_value_t = Budget::default().max_candidates as u64,
          value_parser = clap::value_parser!(u64).range(1..=16))]
    pub max_candidates: u64,
    /// Most sets of candidates applied and scored in the search.
    #[arg(long, value_name = "N", default_value_t = Budget::default().max_sets as u64,
          value_parser = clap::value_parser!(u64).range(1..=65536))]
    pub max_sets: u64,
}

fn parse_points(s: &str) -> std::result::Result<Points, String> {
    Points::parse(s, Points::whole(engine::MAX_COMMAND_LINE_POINTS))
}

pub fn run(args: SuggestArgs) -> Result<i32> {
    let out = Output::new(args.output.as_deref());
    out.check_not_input(&[&args.statute])?;
    let rubric = rubric::load(&args.rubric)?;
    let target = match (&args.target, &args.target_grade) {
        (Some(t), _) => *t,
        (None, Some(g)) => match rubric.grades.iter().find(|x| x.letter.eq_ignore_ascii_case(g)) {
            Some(x) => x.min,
            None if rubric.grades.is_empty() => {
                return Err(Error::file(&args.rubric, "--target-grade: this rubric has no grades; give --target N"))
            }
            None => {
                let letters: Vec<&str> = rubric.grades.iter().map(|x| x.letter.as_str()).collect();
                return Err(Error::file(
                    &args.rubric,
                    format!("--target-grade {g}: no such grade (grades: {})", letters.join(", ")),
                ));
            }
        },
        (None, None) => unreachable!("clap requires one"),
    };
    let most = rubric.max + rubric.extra_credit.as_ref().map_or(Points::ZERO, |e| e.max);
    if target > most {
        return Err(Error::file(&args.rubric, format!("target {target}: over the rubric's maximum of {most}")));
    }
    if matches!(args.format, crate::report::Format::Markdown | crate::report::Format::Html) {
        return Err(Error::file(&args.statute, "suggest writes text or json (--format text|json)"));
    }
    let base = Source::read(&args.statute)?;
    let budget = Budget { max_candidates: args.max_candidates as usize, max_sets: args.max_sets as usize };
    let s = suggest::suggest(&base, &rubric, target, budget)?;
    let report = match args.format {
        crate::report::Format::Json => crate::report::json::to_string(&json(&s, &base)),
        _ => text(&s, &base.name, &rubric.short),
    };
    // The proposal goes to the file; the report to standard output.
    if args.output.is_some() {
        let Some(chosen) = &s.chosen else {
            Output::Stdout.write(&report, Shown::Text { color: false })?;
            crate::cli::diag::line("redline: the target is not reached; no proposal written");
            return Ok(exit::CHECK_FAILED);
        };
        let members: Vec<&suggest::Candidate> = chosen.members.iter().map(|&i| &s.candidates[i]).collect();
        let title = format!("Reach {} under {} (redline suggest)", s.target, rubric.short);
        let doc_front = crate::statute::frontmatter::split(&base).ok().and_then(|f| f.front.jurisdiction);
        out.write(&suggest::proposal_toml(&title, doc_front.as_deref(), &members), Shown::Data)?;
    }
    Output::Stdout.write(&report, Shown::Text { color: false })?;
    Ok(if s.chosen.is_some() || s.score.lo >= s.target { exit::OK } else { exit::CHECK_FAILED })
}

fn text(s: &Suggestion, name: &str, short: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{name}: {} under {short}; target {}", s.score.show(), s.target);
    if s.score.lo >= s.target {
        let _ = writeln!(out, "Already at or above the target: nothing to suggest.");
        return out;
    }
    let _ = writeln!(
        out,
        "\nCandidates (each edit applied alone and scored; {} tried, {} kept)",
        s.tried,
        s.candidates.len()
    );
    for c in &s.candidates {
        let _ = writeln!(
            out,
            "  {:<28} {:>6}  {:>3} words  {:<8} {} → \"{}\" ({} points), at {}",
            c.id,
            c.gain.show_signed(),
            c.words,
            c.kind,
            c.category_name,
            c.level,
            c.level_points,
            c.provision
        );
        if let Some(src) = &c.source {
            let _ = writeln!(out, "  {:<28}         model wording: {src}", "");
        }
    }
    match &s.chosen {
        Some(ch) => {
            let ids: Vec<&str> = ch.members.iter().map(|&i| s.candidates[i].id.as_str()).collect();
            let _ = writeln!(
                out,
                "\nChosen: {} — verified score {} (from {}), {} words changed in {} provision{}",
                ids.join(", "),
                ch.score.show(),
                s.score.show(),
                ch.words,
                ch.provisions,
                if ch.provisions == 1 { "" } else { "s" }
            );
            let _ = writeln!(
                out,
                "The smallest set that reaches the target: every set with fewer words changed (ties: fewer provisions) falls short (each edit was scored alone, and {} sets of them together).",
                s.sets
            );
        }
        None if s.cut => {
            let _ = writeln!(
                out,
                "\nThe target of {} is not reached within the budget; a larger --max-sets or --max-candidates may reach it.",
                s.target
            );
            best_line(&mut out, s);
        }
        None => {
            let _ = writeln!(out, "\nThe target of {} is not reached by the edits this rubric knows.", s.target);
            best_line(&mut out, s);
            if !s.score.is_exact() || s.candidates.iter().any(|c| !c.gain.is_exact()) {
                let _ = writeln!(
                    out,
                    "Where the scorecard's method does not fix the points, a target counts as reached only when the lowest total reaches it."
                );
            }
            if !s.blocking.is_empty() {
                let _ = writeln!(out, "In the way: {}.", s.blocking.join("; "));
            }
        }
    }
    let _ = writeln!(
        out,
        "Budget: {} candidates kept at most, {} sets scored at most ({} scored){}.",
        s.budget.max_candidates,
        s.budget.max_sets,
        s.sets,
        if s.cut { "; the budget cut the search, so a smaller set may exist" } else { "" }
    );
    out
}

/// The best score the search reached, for a target not reached.
fn best_line(out: &mut String, s: &Suggestion) {
    if let Some((score, members)) = &s.best {
        let ids: Vec<&str> = members.iter().map(|&i| s.candidates[i].id.as_str()).collect();
        let _ = writeln!(out, "The best scored: {} ({}).", score.show(), ids.join(", "));
    }
}

#[derive(serde::Serialize)]
struct SuggestJson {
    schema_version: u32,
    statute: String,
    /// The score before (its lowest, where it is a range; `score_high` its highest).
    score: Points,
    #[serde(skip_serializing_if = "Option::is_none")]
    score_high: Option<Points>,
    target: Points,
    candidates: Vec<CandidateJson>,
    /// The chosen candidates' ids, with the verified score; null when not reached.
    chosen: Option<ChosenJson>,
    blocking: Vec<String>,
    budget: BudgetJson,
}

#[derive(serde::Serialize)]
struct CandidateJson {
    id: String,
    category: String,
    level_points: Points,
    level: String,
    kind: &'static str,
    strike: Option<String>,
    insert: Option<String>,
    after: Option<String>,
    at: Option<String>,
    provision: String,
    source: Option<String>,
    words: usize,
    score: Points,
    #[serde(skip_serializing_if = "Option::is_none")]
    score_high: Option<Points>,
    gain: Points,
    #[serde(skip_serializing_if = "Option::is_none")]
    gain_high: Option<Points>,
}

#[derive(serde::Serialize)]
struct ChosenJson {
    candidates: Vec<String>,
    score: Points,
    #[serde(skip_serializing_if = "Option::is_none")]
    score_high: Option<Points>,
    words: usize,
    provisions: usize,
}

#[derive(serde::Serialize)]
struct BudgetJson {
    max_candidates: usize,
    max_sets: usize,
    candidates_tried: usize,
    sets_scored: usize,
    cut: bool,
}

/// The top of a range, when it is one.
fn high(s: crate::rubric::standing::Span) -> Option<Points> {
    (!s.is_exact()).then_some(s.hi)
}

fn json(s: &Suggestion, base: &Source) -> SuggestJson {
    SuggestJson {
        schema_version: crate::report::json::SCHEMA_VERSION,
        statute: base.name.clone(),
        score: s.score.lo,
        score_high: high(s.score),
        target: s.target,
        candidates: s
            .candidates
            .iter()
            .map(|c| CandidateJson {
                id: c.id.clone(),
                category: c.category.clone(),
                level_points: c.level_points,
                level: c.level.clone(),
                kind: c.kind,
                strike: c.strike.clone(),
                insert: c.insert.clone(),
                after: c.after.clone(),
                at: c.at.clone(),
                provision: c.provision.clone(),
                source: c.source.clone(),
                words: c.words,
                score: c.score.lo,
                score_high: high(c.score),
                gain: c.gain.lo,
                gain_high: high(c.gain),
            })
            .collect(),
        chosen: s.chosen.as_ref().map(|ch| ChosenJson {
            candidates: ch.members.iter().map(|&i| s.candidates[i].id.clone()).collect(),
            score: ch.score.lo,
            score_high: high(ch.score),
            words: ch.words,
            provisions: ch.provisions,
        }),
        blocking: s.blocking.clone(),
        budget: BudgetJson {
            max_candidates: s.budget.max_candidates,
            max_sets: s.budget.max_sets,
            candidates_tried: s.tried,
            sets_scored: s.sets,
            cut: s.cut,
        },
    }
}
