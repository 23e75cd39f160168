//! `redline outline`: the sections and provisions of a statute file.

use std::fmt::Write;

use clap::Args;

use crate::cli::output::{Output, Shown};
use crate::error::{exit, Result};
use crate::statute::{self, Document, SegmentKind};

#[derive(Debug, Args)]
pub struct OutlineArgs {
    /// The statute file (`-` reads standard input).
    pub statute: String,
}

pub fn run(args: OutlineArgs) -> Result<i32> {
    let doc = statute::read(&args.statute)?;
    for w in &doc.warnings {
        crate::cli::diag::warn(w);
    }
    Output::Stdout.write(&render(&doc), Shown::Text { color: false })?;
    Ok(exit::OK)
}

/// One line per provision, indented by depth, with the start of its own text; a
/// multi-section file shows each section's number and heading.
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    let text = doc.text();
    let mut provisions_of: Vec<Vec<usize>> = vec![Vec::new(); doc.sections.len()];
    for (p, prov) in doc.provisions.iter().enumerate().filter(|(_, prov)| prov.parent.is_some()) {
        provisions_of[prov.section].push(p);
    }
    for (si, section) in doc.sections.iter().enumerate() {
        let heading = section.heading.clone().map(|h| one_line(&text[h])).unwrap_or_default();
        match (&section.number, doc.is_multi_section()) {
            (Some(n), _) => {
                let _ = writeln!(out, "§ {n}  {}", strip_number(&heading, n));
            }
            (None, true) => {
                let _ = writeln!(out, "(text before the first section heading)");
            }
            (None, false) => {
                let _ = writeln!(
                    out,
                    "{}{}",
                    doc.citation_or_name(),
                    if heading.is_empty() { String::new() } else { format!("  {heading}") }
                );
            }
        }
        for &p in &provisions_of[si] {
            let prov = &doc.provisions[p];
            let own: String = doc.own_ranges(p).map(|r| text[r].to_string()).collect();
            let own = one_line(&own);
            let label = prov.label.as_deref().unwrap_or("");
            // The enumerator as written: `(a)`, or `A.` for a dotted one.
            let dotted = format!("{}.", label.trim_start_matches('(').trim_end_matches(')'));
            let own =
                own.strip_prefix(label).or_else(|| own.strip_prefix(dotted.as_str())).unwrap_or(&own).trim_start();
            let first = own.trim_start_matches(|c: char| c == '.' || c.is_whitespace());
            let preview: String = first.chars().take(72).collect();
            let ell = if first.chars().count() > 72 { "…" } else { "" };
            let _ = writeln!(out, "{}{}  {}{}", "  ".repeat(prov.depth), prov.path, preview, ell);
        }
    }
    let notes = doc.segments.iter().filter(|s| matches!(s.kind, SegmentKind::Annotation(_))).count();
    if notes > 0 {
        let _ = writeln!(
            out,
            "({notes} history note{} and annotation{} not scored as law)",
            if notes == 1 { "" } else { "s" },
            if notes == 1 { "" } else { "s" }
        );
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_number(heading: &str, n: &str) -> String {
    match heading.find(n) {
        Some(i) => heading[i + n.len()..].trim_start_matches(['.', ' ', '-', ']', '—']).to_string(),
        None => heading.to_string(),
    }
}
