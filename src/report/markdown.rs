//! The Markdown format: for pasting into written testimony, issues and wikis.
//!
//! CommonMark with two GitHub extensions that common platforms render: tables and
//! `~~strikethrough~~`. Every piece of statute, proposal and rubric text goes through
//! [`escape`], so no input can open a link, an HTML tag, a table cell or a heading. In the
//! redline, deletions are `~~struck~~` and insertions `**bold**`; where the text around a
//! change would keep those delimiters from parsing (a change that starts with punctuation
//! right after a letter, say) the change is written as `<del>`/`<ins>` instead, which the
//! same platforms render.

use std::fmt::Write;

use crate::redline::{Chunk, ChunkKind};
use crate::report::model::DiffStanding;
use crate::report::model::{DiffReport, InputFile, RubricInfo, ScoreReport};
use crate::report::view::{self, Trend};
use crate::rubric::standing::{GoalRow, Standing};
use crate::rubric::Basis;
use crate::rubric::{CategoryScore, Scorecard};

/// Escapes text for Markdown inline content: every character that could start inline
/// markup gets a backslash (`#` too, which could close a heading), and so does a block
/// marker at the very start (`-`, `+`, `=`, `1.`). Line breaks become spaces.
///
/// Bare web addresses are broken with a backslash (`https\://`, `www\.`, `a\@b`), so that
/// renderers that link them (GitHub's) show them as the plain text they are.
///
/// ```
/// use redline::report::markdown::escape;
/// assert_eq!(escape("<b>*x*</b> | [y](z)"), r"\<b\>\*x\*\</b\> \| \[y\](z)");
/// assert_eq!(escape("1. first"), r"1\. first");
/// assert_eq!(escape("see https://x.gov or www.x.gov"), r"see https\://x.gov or www\.x.gov");
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
    for (i, (at, c)) in s.char_indices().enumerate() {
        let block_start =
            (i == 0 && matches!(c, '-' | '+' | '=')) || (i == digits && digits > 0 && i < 10 && matches!(c, '.' | ')'));
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '~' | '[' | ']' | '<' | '>' | '|' | '&' | '$' | '!' | '#' | '@' => {
                out.push('\\');
                out.push(c);
            }
            ':' if s[at..].starts_with("://") && ends_with_scheme(&s[..at]) => out.push_str("\\:"),
            '.' if ends_with_word(&s[..at], "www") => out.push_str("\\."),
            _ if block_start => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Whether `before` ends with a URL scheme GitHub links (`http`, `https`, `ftp`).
fn ends_with_scheme(before: &str) -> bool {
    ["http", "https", "ftp"].iter().any(|w| ends_with_word(before, w))
}

/// Whether `before` ends with the word `w` (any case), not the tail of a longer word.
fn ends_with_word(before: &str, w: &str) -> bool {
    before.len() >= w.len()
        && before.is_char_boundary(before.len() - w.len())
        && before[before.len() - w.len()..].eq_ignore_ascii_case(w)
        && !before[..before.len() - w.len()].ends_with(|c: char| c.is_alphanumeric())
}

/// Renders `redline score` as Markdown.
pub fn score(report: &ScoreReport) -> String {
    score_part(report, true)
}

/// One rubric's part of `redline score` (a later part's heading names its rubric).
pub fn score_part(report: &ScoreReport, first: bool) -> String {
    let mut out = String::new();
    if first {
        let _ = writeln!(out, "# Score: {}\n", escape(&report.document.label));
    } else {
        let _ = writeln!(out, "# Score under {}: {}\n", escape(&report.rubric.short), escape(&report.document.label));
    }
    let main = &report.cards[0];
    let summary = match &report.standing {
        Some(st) => format!("{} under {}", view::standing_total(st, &report.rubric), report.rubric.short),
        None => view::score_summary(main, &report.rubric),
    };
    let _ = writeln!(out, "**{}** ({})\n", escape(&summary), escape(&report.rubric.name));
    if report.document.label != report.document.path {
        let _ = writeln!(out, "File: {}\n", escape(&report.document.path));
    }
    if let Some(st) = &report.standing {
        standing(&mut out, st, main, &report.rubric);
        footer(&mut out, &report.inputs, &report.rubric);
        return out;
    }
    let many = report.cards.len() > 1;
    for (i, card) in report.cards.iter().enumerate() {
        if many {
            let _ = writeln!(out, "## Statute {} of {}: {}\n", i + 1, report.cards.len(), escape(&card.scope));
        }
        scorecard(&mut out, card, report.sections_searched, &report.rubric, if many { "###" } else { "##" });
    }
    footer(&mut out, &report.inputs, &report.rubric);
    out
}

fn scorecard(out: &mut String, card: &Scorecard, sections_searched: usize, rubric: &RubricInfo, h: &str) {
    let _ = writeln!(out, "{}\n", escape(&view::applies_line(card, sections_searched, rubric)));
    if let Some(x) = view::excluded_line(card, rubric) {
        let _ = writeln!(out, "{}\n", escape(&x));
    }
    let _ = writeln!(out, "| Category | Points | Max | Confidence | Level |");
    let _ = writeln!(out, "| --- | ---: | ---: | --- | --- |");
    for c in &card.categories {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {}{} |",
            escape(&c.name),
            c.points,
            c.max,
            c.confidence().as_str(),
            escape(&c.level),
            flags(c)
        );
    }
    let _ = writeln!(out, "| **Total** | **{}** | **{}** | | |\n", card.total, card.max);
    let _ = writeln!(out, "{h} Evidence\n");
    for c in &card.categories {
        let _ = writeln!(out, "{h}# {}: {} of {}\n", escape(&c.name), c.points, c.max);
        category_body(out, c, true);
    }
}

/// A scorecard with issue areas: where its figures come from, the area table, and the
/// goals the text decides.
fn standing(out: &mut String, st: &Standing, card: &Scorecard, rubric: &RubricInfo) {
    let _ = writeln!(out, "{}\n", escape(&view::standing_source(st)));
    if let Some(t) = view::tier_line(st, rubric) {
        let _ = writeln!(out, "{}\n", escape(&t));
    }
    if let Some(line) = view::as_read_line(st) {
        let _ = writeln!(out, "**Review:** {}\n", escape(&line));
    }
    let _ = writeln!(out, "| Issue area | Points | Max |");
    let _ = writeln!(out, "| --- | ---: | ---: |");
    for a in &st.areas {
        let _ = writeln!(out, "| {} | {} | {} |", escape(&view::area_name(&a.id, &a.name)), a.value.show(), a.max);
    }
    if let (Some(e), Some(max)) = (st.extra, rubric.extra_max) {
        let _ = writeln!(out, "| Extra credit | {} | {max} |", e.show());
    }
    let _ = writeln!(out, "| **Total** | **{}** | **{}** |\n", st.total.show(), rubric.max);
    if let Some(line) = view::baseline_only(st) {
        let _ = writeln!(out, "{}\n", escape(&line));
        return;
    }
    let _ = writeln!(out, "## Read from this text\n");
    for g in st.decided() {
        goal(out, g, card, "###");
    }
    for g in st.unread() {
        if let Some(c) = card.categories.iter().find(|c| c.id == g.id) {
            let _ = writeln!(out, "- {}", escape(&view::unread_line(g, c)));
        }
    }
    if st.unread().next().is_some() {
        out.push('\n');
    }
    let _ = writeln!(out, "{}\n", escape(&view::undecided_line(st)));
}

/// A goal the text decides: its reading, quotes, the published status, any review.
fn goal(out: &mut String, g: &GoalRow, card: &Scorecard, h: &str) {
    let Some(c) = card.categories.iter().find(|c| c.id == g.id) else { return };
    let Some(r) = &g.reading else { return };
    let mut flags = String::new();
    if g.assumed.is_some() {
        flags.push_str(" *(analyst override)*");
    }
    if g.agrees == Some(false) {
        flags.push_str(" *(review)*");
    }
    let _ = writeln!(
        out,
        "{h} {}: {} ({}){flags}\n",
        escape(&view::goal_name(g)),
        escape(&view::reading_points(r, g.max)),
        c.confidence().as_str()
    );
    if let Some(e) = &c.gate {
        let _ = writeln!(
            out,
            "- *found, {}, line {}:{}*: “{}”",
            escape(&e.display),
            e.line,
            e.column,
            escape(&view::one_line(&e.quote))
        );
    }
    if let Some(p) = view::published_line(g) {
        let _ = writeln!(out, "- {}", escape(&p));
    }
    if let Some(why) = view::disagreement(g) {
        let _ = writeln!(out, "- **review:** {}", escape(&why));
    }
    out.push('\n');
    category_body(out, c, true);
}

/// ` (analyst override)`, ` (review)`: flags shown beside a level.
fn flags(c: &CategoryScore) -> String {
    let mut s = String::new();
    if c.override_.is_some() {
        s.push_str(" *(analyst override)*");
    }
    if c.review.is_some() {
        s.push_str(" *(review)*");
    }
    s
}

/// A category's level, quotes and remarks, as a list.
fn category_body(out: &mut String, c: &CategoryScore, with_lines: bool) {
    let _ = writeln!(out, "{}\n", escape(&c.level));
    for e in &c.evidence {
        let place = if with_lines { format!("{}, line {}:{}", e.display, e.line, e.column) } else { e.display.clone() };
        let _ = writeln!(out, "- *{}*: “{}”", escape(&place), escape(&view::one_line(&e.quote)));
    }
    for (label, text) in view::remarks(c) {
        let _ = writeln!(out, "- **{label}:** {}", escape(&text));
    }
    out.push('\n');
}

/// Renders `redline diff` as Markdown.
pub fn diff(report: &DiffReport) -> String {
    diff_part(report, true)
}

/// One rubric's part of `redline diff`: the first has the redline and the notes.
pub fn diff_part(report: &DiffReport, first: bool) -> String {
    let mut out = String::new();
    let c = &report.comparison;
    if first {
        let _ = writeln!(out, "# Redline: {} → {}\n", escape(&report.before.label), escape(&view::target(report)));
    } else {
        let _ = writeln!(
            out,
            "# Score under {}: {} → {}\n",
            escape(&report.rubric.short),
            escape(&report.before.label),
            escape(&view::target(report))
        );
    }
    let summary = match &report.standing {
        Some(st) => view::standing_change(&st.change, &report.rubric),
        None => view::diff_summary(report),
    };
    let _ = writeln!(out, "**{}**\n", escape(&summary));
    let _ = writeln!(out, "{}\n", escape(&view::origin_line(report)));
    if let Some(st) = &report.standing {
        standing_diff(&mut out, report, st);
    } else {
        score_table(&mut out, report);
    }
    if first {
        redline_section(&mut out, report);
    }
    let card = c.after.card();
    let _ = writeln!(out, "## Evidence\n");
    for (b, a) in c.before.card().categories.iter().zip(&card.categories) {
        if report.standing.is_some() && b.basis == Basis::Undecidable && a.basis == Basis::Undecidable {
            continue;
        }
        let _ = writeln!(out, "### {}\n", escape(&view::evidence_heading(b, a)));
        if view::same_category(b, a) {
            category_body(&mut out, a, false);
        } else {
            let _ = writeln!(out, "**Before:**");
            category_body(&mut out, b, false);
            let _ = writeln!(out, "**After:**");
            category_body(&mut out, a, false);
        }
    }
    let notes: Vec<String> = view::fallback_note(report).into_iter().chain(report.notes.iter().cloned()).collect();
    if first && !notes.is_empty() {
        let _ = writeln!(out, "## Notes\n");
        for n in &notes {
            let _ = writeln!(out, "- {}", escape(n));
        }
        out.push('\n');
    }
    footer(&mut out, &report.inputs, &report.rubric);
    out
}

/// The areas, goals and amendments of a scorecard with issue areas.
fn standing_diff(out: &mut String, report: &DiffReport, st: &DiffStanding) {
    let d = &st.change;
    let _ = writeln!(out, "## Score under {}\n", escape(&report.rubric.short));
    let _ = writeln!(out, "{}\n", escape(&view::standing_source(&st.before)));
    if let Some(t) = view::tier_line(&st.before, &report.rubric) {
        let _ = writeln!(out, "{}\n", escape(&t));
    }
    let _ = writeln!(out, "| Issue area | Max | Before | After | Change |");
    let _ = writeln!(out, "| --- | ---: | ---: | ---: | ---: |");
    for a in &d.areas {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            escape(&view::area_name(&a.id, &a.name)),
            a.max,
            a.before.show(),
            a.after.show(),
            a.delta.show_signed()
        );
    }
    let _ = writeln!(
        out,
        "| **Total** | **{}** | **{}** | **{}** | **{}** |\n",
        report.rubric.max,
        d.before.show(),
        d.after.show(),
        d.delta.show_signed()
    );
    if d.goals.is_empty() {
        let _ = writeln!(out, "No goal this rubric reads from the text changed.\n");
    }
    for g in &d.goals {
        let _ = writeln!(out, "- {}", escape(&view::goal_change(g)));
        if let Some(r) = &g.review {
            let _ = writeln!(out, "- **Review**: {}", escape(r));
        }
    }
    for g in st.before.disagreements() {
        if let Some(why) = view::disagreement(g) {
            let _ = writeln!(out, "- **Review**, {} (before): {}", escape(&g.name), escape(&why));
        }
    }
    if let Some(line) = view::baseline_only(&st.before) {
        let _ = writeln!(out, "{}", escape(&line));
    }
    out.push('\n');
    let c = &report.comparison;
    if !c.amendments.is_empty() {
        let _ = writeln!(out, "## Amendments under {}\n", escape(&report.rubric.short));
        let _ = writeln!(
            out,
            "*Marginal*: the amendment alone on the base. *Sequential*: applied after the ones before it.\n"
        );
        let _ = writeln!(out, "| # | Amendment | Marginal | Sequential |");
        let _ = writeln!(out, "| ---: | --- | --- | --- |");
        for (i, (a, (m, s))) in c.amendments.iter().zip(&st.amendments).enumerate() {
            let _ = writeln!(
                out,
                "| {} | **{}**: {} | {} | {} |",
                i + 1,
                escape(&a.id),
                escape(&a.title),
                escape(&view::standing_amendment(m)),
                escape(&view::standing_amendment(s))
            );
        }
        out.push('\n');
    }
    what_ifs(out, c, Some(st));
}

/// Combinations of alternatives and the interaction matrix, when there are any.
fn what_ifs(out: &mut String, c: &crate::compare::Comparison, st: Option<&DiffStanding>) {
    if !c.combinations.is_empty() {
        let _ = writeln!(out, "## Combinations of alternatives\n");
        let _ = writeln!(out, "{}\n", escape(&view::combinations_note(c)));
        for (k, combo) in c.combinations.iter().enumerate() {
            let line = match st.and_then(|s| s.combinations.get(k)) {
                Some((whole, steps)) => view::standing_combination(&combo.amendments, whole, steps),
                None => view::combination_line(combo),
            };
            let _ = writeln!(out, "{}. {}", k + 1, escape(&line));
        }
        out.push('\n');
    }
    if !c.interactions.is_empty() {
        let _ = writeln!(out, "## Interactions\n");
        let _ = writeln!(out, "{}\n", escape(view::INTERACTIONS_NOTE));
        let _ = writeln!(out, "| Amendments | Interaction | Detail |");
        let _ = writeln!(out, "| --- | --- | --- |");
        for i in &c.interactions {
            let _ = writeln!(
                out,
                "| {} × {} | {} | {} |",
                escape(&i.a),
                escape(&i.b),
                i.kind.as_str(),
                escape(&view::interaction_detail(i, st.is_none()))
            );
        }
        out.push('\n');
    }
}

/// The category table, reviews and amendments of a scorecard without areas.
fn score_table(out: &mut String, report: &DiffReport) {
    let c = &report.comparison;
    let _ = writeln!(out, "## Score\n");
    let _ = writeln!(out, "| Category | Max | Before | After | Change | Confidence |");
    let _ = writeln!(out, "| --- | ---: | ---: | ---: | ---: | --- |");
    let card = c.after.card();
    for (cd, cat) in c.delta.categories.iter().zip(&card.categories) {
        let confidence = escape(&view::confidence_change(cd));
        let confidence = if cd.rests_on_review() { format!("**{confidence}**") } else { confidence };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            escape(&cd.name),
            cat.max,
            cd.before,
            cd.after,
            Trend::marked(cd.delta()),
            confidence
        );
    }
    let d = &c.delta;
    let _ = writeln!(
        out,
        "| **Total** | **{}** | **{}** | **{}** | **{}** | |\n",
        card.max,
        d.before,
        d.after,
        Trend::marked(d.total())
    );
    let reviews = view::review_lines(report);
    if !reviews.is_empty() {
        let _ = writeln!(out, "{}\n", escape(view::REVIEW_MARK_NOTE));
        for (name, side, why) in &reviews {
            let _ = writeln!(out, "- **Review**, {} ({side}): {}", escape(name), escape(why));
        }
        out.push('\n');
    }

    if !c.amendments.is_empty() {
        amendments(out, report);
    }
    what_ifs(out, c, None);
}

/// The redline section: every changed provision.
fn redline_section(out: &mut String, report: &DiffReport) {
    let _ = writeln!(out, "## Redline\n");
    let (changed, unchanged) = view::changed_entries(report);
    let _ = writeln!(
        out,
        "Deleted text is ~~struck through~~ and inserted text is **bold**; moved text says where it went. {}\n",
        if changed.is_empty() { "No provision's text changed.".to_string() } else { view::unchanged_line(unchanged) }
    );
    for e in &changed {
        let names = view::category_names(report, &e.categories);
        let tags = if names.is_empty() { String::new() } else { format!(" — changes {}", names.join(", ")) };
        let _ = writeln!(out, "### {}{}\n", escape(&view::entry_heading(e)), escape(&tags));
        let _ = writeln!(out, "{}\n", redline(&e.chunks));
    }
}

fn amendments(out: &mut String, report: &DiffReport) {
    let c = &report.comparison;
    let _ = writeln!(out, "## Amendments\n");
    if c.combinations.is_empty() {
        let _ = writeln!(
            out,
            "*Marginal*: the amendment alone on the base. *Sequential*: applied after the ones before it; the sequential changes add up to the whole change ({}).\n",
            c.delta.total().signed()
        );
    } else {
        let _ = writeln!(
            out,
            "*Marginal*: the amendment alone on the base. *Sequential*: applied after the ones before it in the first combination that has it (see *Combinations of alternatives*).\n"
        );
    }
    let _ = writeln!(out, "| # | Amendment | Marginal | Sequential | Gains and losses (sequential) |");
    let _ = writeln!(out, "| ---: | --- | ---: | ---: | --- |");
    for (i, a) in c.amendments.iter().enumerate() {
        let depends = if a.depends_on.is_empty() {
            String::new()
        } else {
            format!(" (edits the words of {}; its marginal change includes them)", a.depends_on.join(", "))
        };
        let _ = writeln!(
            out,
            "| {} | **{}**: {}{} | {} | {} | {} |",
            i + 1,
            escape(&a.id),
            escape(&a.title),
            escape(&depends),
            Trend::marked(a.marginal.total()),
            Trend::marked(a.sequential.total()),
            escape(&view::changes_line(&a.sequential))
        );
    }
    out.push('\n');
}

/// The provenance footer: what the report was made from.
fn footer(out: &mut String, inputs: &[InputFile], rubric: &RubricInfo) {
    let _ = writeln!(out, "---\n\n**Provenance**\n");
    for i in inputs {
        let _ = writeln!(out, "- {}", escape(&view::input_line(i)));
    }
    let _ = writeln!(out, "- rubric: {}", escape(&view::rubric_line(rubric)));
    let _ = writeln!(out, "- made by {}", escape(crate::report::model::TOOL));
}

/// A provision's redline as one Markdown paragraph.
pub fn redline(chunks: &[Chunk]) -> String {
    let mut out = String::new();
    for (i, ch) in chunks.iter().enumerate() {
        let text = squash(&ch.text);
        let text = if i == 0 { text.trim_start().to_string() } else { text };
        let next = next_char(chunks.get(i + 1));
        match &ch.kind {
            ChunkKind::Equal if out.is_empty() => out.push_str(&escape(&text)),
            ChunkKind::Equal => out.push_str(&escape_inline(&text)),
            ChunkKind::Delete => styled(&mut out, &text, Style::Del, next, ""),
            ChunkKind::Insert => styled(&mut out, &text, Style::Ins, next, ""),
            ChunkKind::MovedOut { to } => styled(&mut out, &text, Style::Del, next, &format!(" [moved to {to}]")),
            ChunkKind::MovedIn { from } => styled(&mut out, &text, Style::Ins, next, &format!(" [moved from {from}]")),
        }
    }
    out.trim_end().to_string()
}

/// Escapes text that does not start a block (no block-marker escapes needed).
fn escape_inline(s: &str) -> String {
    // A leading space makes `escape` see no block marker; it is removed again.
    let mut e = escape(&format!(" {s}"));
    e.remove(0);
    e
}

/// Every run of whitespace as one space.
fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

#[derive(Clone, Copy)]
enum Style {
    Del,
    Ins,
}

impl Style {
    fn delimiter(self) -> &'static str {
        match self {
            Style::Del => "~~",
            Style::Ins => "**",
        }
    }

    fn tags(self) -> (&'static str, &'static str) {
        match self {
            Style::Del => ("<del>", "</del>"),
            Style::Ins => ("<ins>", "</ins>"),
        }
    }
}

/// The first character the next chunk will put out (whitespace, or punctuation for a
/// styled chunk, whose delimiters and tags are all punctuation); `None` at the end.
fn next_char(next: Option<&Chunk>) -> Option<char> {
    let ch = next?;
    let first = ch.text.chars().next()?;
    if first.is_whitespace() {
        return Some(' ');
    }
    match ch.kind {
        ChunkKind::Equal => escape_inline(&ch.text).chars().next(),
        _ => Some('<'),
    }
}

/// Writes a changed run: spaces outside the markers, then `~~…~~`/`**…**` when the
/// delimiters will parse where they stand, else `<del>…</del>`/`<ins>…</ins>`.
fn styled(out: &mut String, text: &str, style: Style, next: Option<char>, marker: &str) {
    let core = text.trim();
    if core.is_empty() {
        out.push_str(text);
        return;
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    out.push_str(lead);
    let inner = if out.trim_end().is_empty() { escape(core) } else { escape_inline(core) };
    let prev = out.chars().last();
    let after = if marker.is_empty() && trail.is_empty() { next } else { Some(' ') };
    let d = style.delimiter();
    if delimiters_parse(prev, &inner, after, d.chars().next().unwrap_or('*')) {
        out.push_str(d);
        out.push_str(&inner);
        out.push_str(d);
    } else {
        let (open, close) = style.tags();
        out.push_str(open);
        out.push_str(&inner);
        out.push_str(close);
    }
    out.push_str(&escape_inline(marker));
    out.push_str(trail);
}

/// CommonMark's punctuation for flanking: ASCII punctuation and any other character
/// that is neither alphanumeric nor whitespace (Unicode punctuation and symbols).
fn is_punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// Whether `d d inner d d` opens and closes where it stands (CommonMark's flanking
/// rules; the start and end of a line count as whitespace), and touches no other run of
/// the same delimiter.
fn delimiters_parse(prev: Option<char>, inner: &str, next: Option<char>, d: char) -> bool {
    let (Some(first), Some(last)) = (inner.chars().next(), inner.chars().last()) else { return false };
    if prev == Some(d) || next == Some(d) {
        return false;
    }
    let space_or_punct = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || is_punct(c));
    let opens = !first.is_whitespace() && (!is_punct(first) || space_or_punct(prev));
    let closes = !last.is_whitespace() && (!is_punct(last) || space_or_punct(next));
    opens && closes
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    fn chunk(kind: ChunkKind, text: &str) -> Chunk {
        Chunk::new(kind, text)
    }

    /// Parses Markdown the way GitHub does (tables, strikethrough) and writes deleted
    /// text as `[-…-]`, inserted as `{+…+}`, everything else as plain text.
    fn read_back(md: &str) -> String {
        let mut out = String::new();
        for ev in Parser::new_ext(md, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES) {
            match ev {
                Event::Text(t) => out.push_str(&t),
                Event::Start(Tag::Strikethrough) => out.push_str("[-"),
                Event::End(TagEnd::Strikethrough) => out.push_str("-]"),
                Event::Start(Tag::Strong) => out.push_str("{+"),
                Event::End(TagEnd::Strong) => out.push_str("+}"),
                Event::InlineHtml(h) => match h.as_ref() {
                    "<del>" => out.push_str("[-"),
                    "</del>" => out.push_str("-]"),
                    "<ins>" => out.push_str("{+"),
                    "</ins>" => out.push_str("+}"),
                    other => panic!("unexpected HTML {other:?} in {md:?}"),
                },
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
                Event::SoftBreak | Event::HardBreak => out.push(' '),
                other => panic!("unexpected {other:?} in {md:?}"),
            }
        }
        out
    }

    /// What the reader should see: each change marked, spaces outside the markers.
    fn expected(chunks: &[Chunk]) -> String {
        let mut out = String::new();
        for ch in chunks {
            let t = squash(&ch.text);
            let core = t.trim();
            let lead = if t.starts_with(' ') && !core.is_empty() { " " } else { "" };
            let trail = if t.ends_with(' ') && !core.is_empty() { " " } else { "" };
            match &ch.kind {
                ChunkKind::Equal => out.push_str(&t),
                _ if core.is_empty() => out.push_str(&t),
                ChunkKind::Delete => out.push_str(&format!("{lead}[-{core}-]{trail}")),
                ChunkKind::Insert => out.push_str(&format!("{lead}{{+{core}+}}{trail}")),
                ChunkKind::MovedOut { to } => out.push_str(&format!("{lead}[-{core}-] [moved to {to}]{trail}")),
                ChunkKind::MovedIn { from } => out.push_str(&format!("{lead}{{+{core}+}} [moved from {from}]{trail}")),
            }
        }
        squash(out.trim()).to_string()
    }

    fn round_trip(chunks: &[Chunk]) {
        let md = redline(chunks);
        assert_eq!(squash(read_back(&md).trim()), expected(chunks), "markdown: {md}");
    }

    #[test]
    fn changes_survive_markdown_parsing_wherever_they_stand() {
        use ChunkKind::*;
        let plain = [chunk(Equal, "the court "), chunk(Delete, "may"), chunk(Insert, "shall"), chunk(Equal, " vacate")];
        assert_eq!(redline(&plain), "the court ~~may~~**shall** vacate");
        round_trip(&plain);
        // A change that starts with punctuation right after a letter cannot use `**`.
        let tight = [chunk(Equal, "offense"), chunk(Insert, ", or any other offense"), chunk(Equal, " if")];
        assert_eq!(redline(&tight), "offense<ins>, or any other offense</ins> if");
        round_trip(&tight);
        round_trip(&[chunk(Equal, "section 53a-82"), chunk(Delete, "."), chunk(Insert, "(a)(1)"), chunk(Equal, "x")]);
        round_trip(&[chunk(Insert, "1. A new first sentence.")]);
        round_trip(&[chunk(Delete, "# heading? <script>alert(1)</script> *x* ~~y~~ [l](u) | &amp; \\")]);
        round_trip(&[
            chunk(Equal, "a"),
            chunk(Insert, "b"),
            chunk(MovedIn { from: "(c)".into() }, "d"),
            chunk(Equal, "e"),
        ]);
        round_trip(&[
            chunk(Equal, "word"),
            chunk(MovedOut { to: "(b)(2)".into() }, " moved words "),
            chunk(Equal, "end"),
        ]);
    }

    #[test]
    fn escaped_text_reads_back_as_itself() {
        for s in [
            "<img src=x onerror=alert(1)>",
            "\"><b>bold</b>",
            "# not a heading",
            "- not a list",
            "a | b",
            "`code`",
            "https://a.gov/x www.b.gov c@d.org",
        ] {
            let md = escape(s);
            assert_eq!(read_back(&md), s, "escaped as {md}");
        }
    }

    mod prop {
        use super::*;
        use proptest::prelude::*;

        fn kind() -> impl Strategy<Value = ChunkKind> {
            prop_oneof![
                Just(ChunkKind::Equal),
                Just(ChunkKind::Insert),
                Just(ChunkKind::Delete),
                Just(ChunkKind::MovedOut { to: "(b)".into() }),
                Just(ChunkKind::MovedIn { from: "(a)(1)".into() }),
            ]
        }

        proptest! {
            #[test]
            fn any_redline_reads_back(chunks in proptest::collection::vec(
                (kind(), "[a-c \\.,;:()§*~_<>&|\\[\\]`#\\\\!-]{1,8}"), 1..8)
            ) {
                let chunks: Vec<Chunk> = chunks.into_iter().map(|(k, t)| Chunk::new(k, t)).collect();
                let md = redline(&chunks);
                prop_assert_eq!(squash(read_back(&md).trim()), expected(&chunks), "markdown: {}", md);
            }
        }
    }
}
