//! The terminal format: a scorecard a staffer reads at a glance.
//!
//! Colors come from the `colored` crate, switched on or off for the whole process by
//! [`crate::report::color::decide`]; nothing here decides it.

use std::fmt::Write;

use colored::Colorize;

use crate::report::model::ScoreReport;
use crate::rubric::engine::one_line;
use crate::rubric::{CategoryScore, Points, Scorecard};

/// Width of the category-name column.
const NAME_WIDTH: usize = 44;

/// Colors points by how much of the maximum they reach.
pub fn points_colored(points: Points, max: Points) -> colored::ColoredString {
    let s = format!("{points}/{max}");
    if points == max {
        s.green().bold()
    } else if points == Points::ZERO {
        s.red().bold()
    } else {
        s.yellow().bold()
    }
}

/// Shortens a quote for one line of a terminal.
pub fn clip(s: &str, max_chars: usize) -> String {
    let s = one_line(s);
    if s.chars().count() <= max_chars {
        return s;
    }
    let cut: String = s.chars().take(max_chars.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// Renders `redline score` for a terminal.
pub fn score(report: &ScoreReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", report.document.label.bold());
    if report.document.label != report.document.path {
        let _ = writeln!(out, "{}", report.document.path.dimmed());
    }
    let _ = writeln!(out, "Scored under {} ({})", report.rubric.short.bold(), report.rubric.name);
    for (i, card) in report.cards.iter().enumerate() {
        if report.cards.len() > 1 {
            let _ = writeln!(out, "\n{} {} of {}: {}", "Statute".bold(), i + 1, report.cards.len(), card.scope);
        }
        scorecard(&mut out, card, report.sections_searched);
    }
    trim_line_ends(&out)
}

/// Removes trailing spaces (left by column padding) from every line.
fn trim_line_ends(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        out.push_str(body.trim_end_matches(' '));
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

fn scorecard(out: &mut String, card: &Scorecard, sections_searched: usize) {
    match &card.applies {
        Some(a) => {
            let _ = writeln!(out, "Trafficking-specific relief: {} \"{}\"", a.display, clip(&a.quote, 70));
        }
        None => {
            let what = if sections_searched > 1 { format!(" in {sections_searched} sections") } else { String::new() };
            let _ = writeln!(
                out,
                "{}{what}: every category scores 0.",
                "No trafficking-specific relief found".red().bold()
            );
        }
    }
    if !card.excluded.is_empty() {
        let _ = writeln!(
            out,
            "Scored the trafficking ground only; left out as other grounds of relief: {}",
            card.excluded.join(", ")
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{:<NAME_WIDTH$} {:>6}", "TOTAL".bold(), points_colored(card.total, card.max));
    let _ = writeln!(out);
    for c in &card.categories {
        category(out, c);
    }
    let flagged = card.categories.iter().filter(|c| c.review.is_some()).count();
    let overridden = card.categories.iter().filter(|c| c.override_.is_some()).count();
    if flagged + overridden > 0 {
        let _ = writeln!(
            out,
            "{} categor{} flagged for review, {} overridden by the analyst.",
            flagged,
            if flagged == 1 { "y" } else { "ies" },
            overridden
        );
    }
}

fn category(out: &mut String, c: &CategoryScore) {
    let mut flags = String::new();
    if c.override_.is_some() {
        flags.push_str(&format!(" {}", "[ANALYST OVERRIDE]".magenta().bold()));
    }
    if c.review.is_some() {
        flags.push_str(&format!(" {}", "[REVIEW]".yellow().bold()));
    }
    let name = format!("{:<NAME_WIDTH$}", c.name);
    let pts = format!("{}/{}", c.points, c.max);
    let pad = " ".repeat(6usize.saturating_sub(pts.chars().count()));
    let _ = writeln!(out, "{} {pad}{}  {}{flags}", name.bold(), points_colored(c.points, c.max), c.level);
    for e in &c.evidence {
        let _ = writeln!(
            out,
            "    {} {}",
            format!("{} (line {}:{})", e.display, e.line, e.column).cyan(),
            format!("“{}”", clip(&e.quote, 100)).italic()
        );
    }
    if let Some(o) = &c.override_ {
        let _ = writeln!(out, "    {} {} (computed {}): {}", "override:".magenta(), o.points, o.computed, o.reason);
    }
    if let Some(r) = &c.review {
        let _ = writeln!(out, "    {} {}", "review:".yellow(), r);
    }
    if let Some(n) = &c.note {
        let label = if c.evidence.is_empty() { "not found:" } else { "note:" };
        let _ = writeln!(out, "    {} {}", label.dimmed(), n);
    }
}
