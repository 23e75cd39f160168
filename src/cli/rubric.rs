//! `redline rubric list | show ID | check PATH`.

use std::fmt::Write;

use clap::Subcommand;

use crate::cli::output::{Output, Shown};
use crate::error::{exit, Result};
use crate::rubric::{self, check, Rubric};

#[derive(Debug, Subcommand)]
pub enum RubricCmd {
    /// List the built-in rubrics.
    List,
    /// Show a rubric's categories, levels and rules.
    Show {
        /// A built-in id or a path to a rubric file.
        rubric: String,
    },
    /// Run every example of a rubric's rules, clauses and categories.
    Check {
        /// A built-in id or a path to a rubric file.
        rubric: String,
    },
}

pub fn run(cmd: RubricCmd) -> Result<i32> {
    match cmd {
        RubricCmd::List => {
            let mut out = String::new();
            for (id, _, _) in rubric::BUILTIN {
                let r = rubric::builtin(id).expect("listed")?;
                let _ = writeln!(out, "{id:<16} {:>4} points  {}", r.max.to_string(), r.name);
            }
            Output::Stdout.write(&out, Shown::Text { color: false })?;
            Ok(exit::OK)
        }
        RubricCmd::Show { rubric } => {
            let r = rubric::load(&rubric)?;
            Output::Stdout.write(&show(&r), Shown::Text { color: false })?;
            Ok(exit::OK)
        }
        RubricCmd::Check { rubric } => {
            let r = rubric::load(&rubric)?;
            let report = check::check(&r);
            let mut out = String::new();
            let total = report.examples_passed + report.cases_passed + report.failures.len();
            let _ = writeln!(
                out,
                "{}: {} categories, {} clauses, {} rules; {} of {} examples and cases pass ({} rule and clause examples, {} category cases)",
                r.origin,
                report.categories,
                report.clauses,
                report.rules,
                report.examples_passed + report.cases_passed,
                total,
                report.examples_passed,
                report.cases_passed
            );
            for f in &report.failures {
                let _ = writeln!(out, "FAIL {}: {}\n    {}", f.owner, f.message, f.text);
            }
            Output::Stdout.write(&out, Shown::Text { color: false })?;
            Ok(if report.passed() { exit::OK } else { exit::CHECK_FAILED })
        }
    }
}

/// A readable listing of a rubric.
pub fn show(r: &Rubric) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — {} ({} points)", r.id, r.name, r.max);
    if let Some(d) = &r.description {
        let _ = writeln!(out, "{d}");
    }
    if let Some(a) = &r.applies {
        let _ = writeln!(out, "\nApplies to: {}", a.description);
    }
    if !r.areas.is_empty() {
        out.push('\n');
    }
    for a in &r.areas {
        let _ = writeln!(out, "Area {}: {} — max {}", a.id, a.name, a.max);
    }
    if let Some(e) = &r.extra_credit {
        let _ = writeln!(out, "Extra credit: up to {} ({})", e.max, e.description);
    }
    if !r.grades.is_empty() {
        let g: Vec<String> = r.grades.iter().map(|g| format!("{} from {}", g.letter, g.min)).collect();
        let _ = writeln!(out, "Grades: {}", g.join(", "));
    }
    if let Some(t) = &r.tier {
        let _ = writeln!(out, "Tiers: {t}");
    }
    for b in &r.baselines {
        let grade = b.grade.as_deref().map_or(String::new(), |g| format!(", {g}"));
        let tier = b.tier.as_deref().map_or(String::new(), |t| format!(", {t}"));
        let _ = writeln!(out, "Published figures for {}: {}{grade}{tier} ({})", b.jurisdiction, b.total, b.source);
    }
    for c in &r.categories {
        let published: Vec<String> = r
            .baselines
            .iter()
            .filter_map(|b| {
                let (st, quote) = b.goal(&c.id)?;
                let text = r.status(st).map_or(st, |s| s.text.as_str());
                let place = quote.map_or(String::new(), |q| format!(" ({q})"));
                Some(format!("  published for {}: {text}{place}", b.jurisdiction))
            })
            .collect();
        let number = c.number.as_deref().map_or(String::new(), |n| format!("{n} "));
        let area = c.area.as_deref().map_or(String::new(), |a| format!(", area {a}"));
        if let Some(why) = &c.undecidable {
            let _ =
                writeln!(out, "\n{number}{} ({}) — max {}{area}; undecidable from a text: {why}", c.name, c.id, c.max);
            for line in &published {
                let _ = writeln!(out, "{line}");
            }
            continue;
        }
        let _ = writeln!(out, "\n{number}{} ({}) — max {}{area}, reads: {}", c.name, c.id, c.max, c.clauses.join(", "));
        if let Some(a) = &c.applies {
            let _ = writeln!(out, "  read only where the text grants {}", a.description);
        }
        for line in &published {
            let _ = writeln!(out, "{line}");
        }
        for l in &c.levels {
            let default = if l.points == c.default.points { "  [default]" } else { "" };
            let points = match l.upto {
                Some(u) => format!("{} to {}", l.points, u),
                None => l.points.to_string(),
            };
            let _ = writeln!(out, "  {points:>3}  {}{default}", l.text);
            for rule in &l.rules {
                let _ = writeln!(out, "         rule {}: {}", rule.id, rule.summary);
            }
        }
    }
    out
}
