//! The terminal format: a scorecard a staffer reads at a glance.
//!
//! Colors come from the `colored` crate, switched on or off for the whole process by
//! [`crate::report::color::decide`]; nothing here decides it.

use std::fmt::Write;

use colored::Colorize;

use crate::report::model::DiffStanding;
use crate::report::model::ScoreReport;
use crate::report::view;
use crate::rubric::engine::one_line;
use crate::rubric::standing::Standing;
use crate::rubric::{CategoryScore, Points, Scorecard};

/// Width of the category-name column.
const NAME_WIDTH: usize = 44;
/// Width of the confidence column (`rule`, `default`, `review`, `not applicable`).
const CONFIDENCE_WIDTH: usize = 7;

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

/// Shortens a quote for one line of a terminal, at a word boundary, marked "…".
pub fn clip(s: &str, max_chars: usize) -> String {
    view::clip_words(&one_line(s), max_chars)
}

/// Renders `redline score` for a terminal.
pub fn score(report: &ScoreReport) -> String {
    score_part(report, true)
}

/// One rubric's part of `redline score`; the first part names the document.
pub fn score_part(report: &ScoreReport, first: bool) -> String {
    let mut out = String::new();
    if first {
        let _ = writeln!(out, "{}", report.document.label.bold());
        if report.document.label != report.document.path {
            let _ = writeln!(out, "{}", report.document.path.dimmed());
        }
    }
    let _ = writeln!(out, "Scored under {} ({})", report.rubric.short.bold(), report.rubric.name);
    if let Some(st) = &report.standing {
        standing(&mut out, st, &report.cards[0], &report.rubric);
        return trim_line_ends(&out);
    }
    for (i, card) in report.cards.iter().enumerate() {
        if report.cards.len() > 1 {
            let _ = writeln!(out, "\n{} {} of {}: {}", "Statute".bold(), i + 1, report.cards.len(), card.scope);
        }
        scorecard(&mut out, card, report.sections_searched, &report.rubric);
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

fn scorecard(out: &mut String, card: &Scorecard, sections_searched: usize, rubric: &crate::report::RubricInfo) {
    match &card.applies {
        Some(a) => {
            let _ = writeln!(out, "{}: {} \"{}\"", view::capitalized(&rubric.label), a.display, clip(&a.quote, 70));
        }
        None => {
            let what = if sections_searched > 1 { format!(" in {sections_searched} sections") } else { String::new() };
            let _ =
                writeln!(out, "{}{what}: every category scores 0.", format!("No {} found", rubric.label).red().bold());
        }
    }
    if !card.excluded.is_empty() {
        let _ = writeln!(
            out,
            "Scored {} only; left out as other grounds of relief: {}",
            rubric.ground,
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

/// A scorecard with issue areas: the published figures (or the ranges the text allows),
/// then each goal the text decides, with its reading beside the published status.
fn standing(out: &mut String, st: &Standing, card: &Scorecard, rubric: &crate::report::RubricInfo) {
    let _ = writeln!(out, "{}", view::standing_source(st));
    let _ = writeln!(out);
    let _ = writeln!(out, "{:<AREA_WIDTH$} {}", "TOTAL".bold(), view::standing_total(st, rubric).bold());
    if let Some(t) = view::tier_line(st, rubric) {
        let _ = writeln!(out, "{:<AREA_WIDTH$} {t}", "Tier");
    }
    if let Some(line) = view::as_read_line(st) {
        let _ = writeln!(out, "{:<AREA_WIDTH$} {}", "", line.yellow());
    }
    for a in &st.areas {
        let _ =
            writeln!(out, "  {:<w$} {}/{}", view::area_name(&a.id, &a.name), a.value.show(), a.max, w = AREA_WIDTH - 2);
    }
    if let Some(e) = st.extra {
        let max = rubric.extra_max.unwrap_or(Points::ZERO);
        let _ = writeln!(out, "  {:<w$} {}/{max}", "Extra credit", e.show(), w = AREA_WIDTH - 2);
    }
    if let Some(line) = view::baseline_only(st) {
        let _ = writeln!(out, "\n{line}");
        return;
    }
    let _ = writeln!(out, "\n{}", "Read from this text".bold());
    for g in st.decided() {
        let Some(c) = card.categories.iter().find(|c| c.id == g.id) else { continue };
        let r = g.reading.as_ref().expect("a decided goal has a reading");
        let mut flag = String::new();
        if g.assumed.is_some() {
            flag.push_str(&format!(" {}", "[ANALYST OVERRIDE]".magenta().bold()));
        }
        if g.agrees == Some(false) {
            flag.push_str(&format!(" {}", "[REVIEW]".yellow().bold()));
        }
        let _ = writeln!(
            out,
            "{}  {}  {}  {}{flag}",
            view::goal_name(g).bold(),
            view::reading_points(r, g.max),
            c.confidence().as_str().dimmed(),
            c.level
        );
        if let Some(e) = &c.gate {
            let _ = writeln!(out, "    {} {}", "found:".dimmed(), quote_line(e));
        }
        for e in &c.evidence {
            let _ = writeln!(out, "    {}", quote_line(e));
        }
        if let Some(p) = view::published_line(g) {
            let _ = writeln!(out, "    {p}");
        }
        if let Some(why) = view::disagreement(g) {
            let _ = writeln!(out, "    {} {why}", "review:".yellow());
        }
        for (label, text) in view::remarks(c) {
            let _ = writeln!(out, "    {} {text}", format!("{label}:").dimmed());
        }
    }
    for g in st.unread() {
        if let Some(c) = card.categories.iter().find(|c| c.id == g.id) {
            let _ = writeln!(out, "{}", view::unread_line(g, c));
        }
    }
    let _ = writeln!(out, "{}", view::undecided_line(st));
}

/// Width of the area column.
const AREA_WIDTH: usize = 60;

/// A quote with its place: `(d)(1) (line 16:329) “court shall vacate”`.
fn quote_line(e: &crate::rubric::Evidence) -> String {
    format!(
        "{} {}",
        format!("{} (line {}:{})", e.display, e.line, e.column).cyan(),
        format!("“{}”", clip(&e.quote, 100)).italic()
    )
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
    let confidence = format!("{:<CONFIDENCE_WIDTH$}", c.confidence().as_str());
    let _ = writeln!(
        out,
        "{} {pad}{}  {}  {}{flags}",
        name.bold(),
        points_colored(c.points, c.max),
        confidence.dimmed(),
        c.level
    );
    for e in &c.evidence {
        let _ = writeln!(out, "    {}", quote_line(e));
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

/// Renders `redline diff` for a terminal: the redline, the score table, each amendment.
pub fn diff(report: &crate::report::model::DiffReport) -> String {
    diff_part(report, true)
}

/// One rubric's part of `redline diff`: the first part has the redline (and the notes).
pub fn diff_part(report: &crate::report::model::DiffReport, first: bool) -> String {
    let mut out = String::new();
    if first {
        redline_part(&mut out, report);
    }
    if let Some(st) = &report.standing {
        standing_diff(&mut out, report, st);
    } else {
        score_table(&mut out, report);
    }
    if first {
        for n in &report.notes {
            let _ = writeln!(out, "{} {n}", "Note:".dimmed());
        }
    }
    trim_line_ends(&out)
}

fn redline_part(out: &mut String, report: &crate::report::model::DiffReport) {
    let target = view::target(report);
    let _ = writeln!(out, "{} {} → {}", "Redline:".bold(), report.before.label, clip(&target, 120));
    let (changed, unchanged) = view::changed_entries(report);
    for e in &changed {
        let mut head = format!("{}  {}", e.path.bold(), view::entry_status(e));
        if !e.categories.is_empty() {
            head.push_str(&format!("  {}", format!("[{}]", e.categories.join(", ")).yellow()));
        }
        let _ = writeln!(out, "\n{head}");
        let _ = writeln!(out, "    {}", chunks(&e.chunks));
    }
    if changed.is_empty() {
        let _ = writeln!(out, "\nNo changes to the text.");
    }
    if unchanged > 0 {
        let _ = writeln!(out, "\n{}", view::unchanged_line(unchanged));
    }
    if let Some(note) = view::fallback_note(report) {
        let _ = writeln!(out, "{} {note}", "Note:".yellow().bold());
    }
}

/// The score table, reviews and amendments of a scorecard without areas.
fn score_table(out: &mut String, report: &crate::report::model::DiffReport) {
    let c = &report.comparison;
    let d = &c.delta;
    let _ = writeln!(
        out,
        "\n{} {} → {} ({}) under {}",
        "Score:".bold(),
        d.before,
        d.after,
        signed_colored(d.total()),
        report.rubric.short
    );
    let _ = writeln!(out, "  {:<NAME_WIDTH$} {:>6} {:>6} {:>6}  Confidence", "Category", "Before", "After", "Delta");
    for cd in &d.categories {
        let line = format!("  {:<NAME_WIDTH$} {:>6} {:>6} ", cd.name, cd.before.to_string(), cd.after.to_string());
        let confidence = view::confidence_change(cd);
        let confidence =
            if cd.rests_on_review() { confidence.yellow().bold().to_string() } else { confidence.dimmed().to_string() };
        let _ = writeln!(out, "{line}{:>6}  {confidence}", signed_colored(cd.delta()));
    }
    let _ = writeln!(
        out,
        "  {:<NAME_WIDTH$} {:>6} {:>6} {:>6}",
        "TOTAL".bold(),
        d.before.to_string(),
        d.after.to_string(),
        signed_colored(d.total())
    );
    let reviews = view::review_lines(report);
    if !reviews.is_empty() {
        let _ = writeln!(out, "  {}", view::REVIEW_MARK_NOTE);
        for (name, side, why) in &reviews {
            let _ = writeln!(out, "  {} {name} ({side}): {why}", "review:".yellow());
        }
    }
    // Amendments.
    if !c.amendments.is_empty() {
        let _ = writeln!(
            out,
            "\n{} (marginal: alone on the base; sequential: after the ones before it)",
            "Amendments".bold()
        );
        for (i, a) in c.amendments.iter().enumerate() {
            let group = a.group.as_ref().map_or(String::new(), |g| format!(" [alternative in group {g}]"));
            let _ = writeln!(out, "  {}. {} — {}{group}", i + 1, a.id.bold(), a.title);
            let _ = writeln!(out, "     marginal   {}", delta_line(&a.marginal));
            let _ = writeln!(out, "     sequential {}", delta_line(&a.sequential));
            if !a.depends_on.is_empty() {
                let _ = writeln!(
                    out,
                    "     depends on {} (it edits their words; its marginal delta includes them)",
                    a.depends_on.join(", ")
                );
            }
        }
        if c.combinations.is_empty() {
            let sum: Points = c.amendments.iter().map(|a| a.sequential.total()).sum();
            let _ = writeln!(out, "  sequential deltas add up to {} (the whole change)", sum.signed());
        }
    }
    what_ifs(out, c, None);
}

/// Combinations of alternatives and the interaction matrix, when there are any (under a
/// scorecard with a standing, its ranges).
fn what_ifs(out: &mut String, c: &crate::compare::Comparison, st: Option<&DiffStanding>) {
    if !c.combinations.is_empty() {
        let _ = writeln!(out, "\n{}", "Combinations of alternatives".bold());
        let _ = writeln!(out, "  {}", view::combinations_note(c));
        for (k, combo) in c.combinations.iter().enumerate() {
            let line = match st.and_then(|s| s.combinations.get(k)) {
                Some((whole, steps)) => view::standing_combination(&combo.amendments, whole, steps),
                None => view::combination_line(combo),
            };
            let _ = writeln!(out, "  {}. {line}", k + 1);
        }
    }
    if !c.interactions.is_empty() {
        let _ = writeln!(out, "\n{}", "Interactions".bold());
        let _ = writeln!(out, "  {}", view::INTERACTIONS_NOTE);
        for i in &c.interactions {
            let detail = view::interaction_detail(i, st.is_none());
            let _ = writeln!(out, "  {} × {}  {}  {detail}", i.a.bold(), i.b.bold(), i.kind.as_str());
        }
    }
}

/// The areas, goals and amendments of a scorecard with issue areas.
fn standing_diff(out: &mut String, report: &crate::report::model::DiffReport, st: &DiffStanding) {
    let d = &st.change;
    let _ = writeln!(out, "\n{} {}", "Score:".bold(), view::standing_change(d, &report.rubric));
    let _ = writeln!(out, "  {}", view::standing_source(&st.before));
    if let Some(t) = view::tier_line(&st.before, &report.rubric) {
        let _ = writeln!(out, "  {t}");
    }
    let _ = writeln!(out, "  {:<w$} {:>10} {:>12} {:>12}", "Area", "Before", "After", "Delta", w = AREA_WIDTH - 2);
    for a in &d.areas {
        let _ = writeln!(
            out,
            "  {:<w$} {:>10} {:>12} {:>12}",
            view::area_name(&a.id, &a.name),
            a.before.show(),
            a.after.show(),
            a.delta.show_signed(),
            w = AREA_WIDTH - 2
        );
    }
    let _ = writeln!(
        out,
        "  {:<w$} {:>10} {:>12} {:>12}",
        "TOTAL".bold(),
        d.before.show(),
        d.after.show(),
        d.delta.show_signed(),
        w = AREA_WIDTH - 2
    );
    if d.goals.is_empty() {
        let _ = writeln!(out, "  No goal this rubric reads from the text changed.");
    }
    for g in &d.goals {
        let _ = writeln!(out, "  {}", view::goal_change(g));
        if let Some(r) = &g.review {
            let _ = writeln!(out, "  {} {r}", "review:".yellow());
        }
    }
    for g in st.before.disagreements() {
        if let Some(why) = view::disagreement(g) {
            let _ = writeln!(out, "  {} {} (before): {why}", "review:".yellow(), g.name);
        }
    }
    if let Some(line) = view::baseline_only(&st.before) {
        let _ = writeln!(out, "  {line}");
    }
    let c = &report.comparison;
    if !c.amendments.is_empty() {
        let _ = writeln!(
            out,
            "\n{} under {} (marginal: alone on the base; sequential: after the ones before it)",
            "Amendments".bold(),
            report.rubric.short
        );
        for (i, (a, (m, s))) in c.amendments.iter().zip(&st.amendments).enumerate() {
            let group = a.group.as_ref().map_or(String::new(), |g| format!(" [alternative in group {g}]"));
            let _ = writeln!(out, "  {}. {} — {}{group}", i + 1, a.id.bold(), a.title);
            let _ = writeln!(out, "     marginal   {}", view::standing_amendment(m));
            let _ = writeln!(out, "     sequential {}", view::standing_amendment(s));
        }
    }
    what_ifs(out, c, Some(st));
}

/// `+25 (Offenses Covered +25; Additional Restrictive Conditions on Relief -2)`.
fn delta_line(d: &crate::compare::Delta) -> String {
    let parts: Vec<String> =
        d.gains().chain(d.losses()).map(|c| format!("{} {}", c.name, c.delta().signed())).collect();
    if parts.is_empty() {
        format!("{} (no category changes)", signed_colored(d.total()))
    } else {
        format!("{} ({})", signed_colored(d.total()), parts.join("; "))
    }
}

fn signed_colored(p: Points) -> colored::ColoredString {
    let s = p.signed();
    if p > Points::ZERO {
        s.green().bold()
    } else if p < Points::ZERO {
        s.red().bold()
    } else {
        s.normal()
    }
}

/// A provision's redline: deletions struck and red, insertions underlined and green,
/// moved text marked with where it went or came from. Without color, the markers
/// `[-…-]`, `{+…+}` and `[-…-]→(c)`, `{+…+}←(a)` carry the same information.
fn chunks(chunks: &[crate::redline::Chunk]) -> String {
    use crate::redline::ChunkKind;
    let on = colored::control::SHOULD_COLORIZE.should_colorize();
    let mut s = String::new();
    for ch in chunks {
        let flat = ch.text.replace(['\n', '\r'], " ");
        let t = flat.as_str();
        match (&ch.kind, on) {
            (ChunkKind::Equal, _) => s.push_str(t),
            (ChunkKind::Delete, true) => s.push_str(&t.red().strikethrough().to_string()),
            (ChunkKind::Insert, true) => s.push_str(&t.green().underline().to_string()),
            (ChunkKind::MovedOut { to }, true) => {
                s.push_str(&format!("{}{}", t.magenta().strikethrough(), format!(" [moved to {to}]").magenta()))
            }
            (ChunkKind::MovedIn { from }, true) => {
                s.push_str(&format!("{}{}", t.cyan().underline(), format!(" [moved from {from}]").cyan()))
            }
            (ChunkKind::Delete, false) => s.push_str(&format!("[-{t}-]")),
            (ChunkKind::Insert, false) => s.push_str(&format!("{{+{t}+}}")),
            (ChunkKind::MovedOut { to }, false) => s.push_str(&format!("[-{t}-]→{to}")),
            (ChunkKind::MovedIn { from }, false) => s.push_str(&format!("{{+{t}+}}←{from}")),
        }
    }
    s
}
