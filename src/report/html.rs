//! The HTML format: one self-contained page to email or print.
//!
//! Inline CSS, no scripts, nothing fetched (a Content-Security-Policy says so to the
//! browser too). Readable on screen and on letter paper. Changes are marked by more than
//! color: deletions are struck through (`<del>`), insertions underlined (`<ins>`), gains
//! and losses carry ▲/▼ and a sign.
//!
//! Markup is written through [`Page`], whose only way to add markup takes a
//! `&'static str`: text from any input (statute, proposal, rubric, file names) can only
//! be added through the escaping methods, so no input can inject an element.

use crate::redline::{Chunk, ChunkKind};
use crate::report::model::DiffStanding;
use crate::report::model::{DiffReport, InputFile, RubricInfo, ScoreReport, TOOL};
use crate::report::view::{self, Trend};
use crate::rubric::standing::{GoalRow, Standing};
use crate::rubric::Basis;
use crate::rubric::{CategoryScore, Scorecard};

/// Escapes text for HTML element content and quoted attribute values.
///
/// ```
/// assert_eq!(redline::report::html::escape(r#"<b a="1">'&'</b>"#), "&lt;b a=&quot;1&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;");
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// An HTML page being written. Markup comes only from string literals; everything else
/// is escaped.
struct Page {
    out: String,
}

impl Page {
    fn new(title: &str) -> Page {
        let mut p = Page { out: String::with_capacity(64 * 1024) };
        p.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        p.raw(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
        );
        p.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        p.raw("<meta name=\"generator\" content=\"");
        p.text(TOOL);
        p.raw("\">\n<title>");
        p.text(title);
        p.raw("</title>\n<style>\n");
        p.raw(CSS);
        p.raw("</style>\n</head>\n<body>\n<main>\n");
        p
    }

    fn finish(mut self) -> String {
        self.raw("</main>\n</body>\n</html>\n");
        self.out
    }

    /// Markup: only literals.
    fn raw(&mut self, markup: &'static str) {
        self.out.push_str(markup);
    }

    /// Text, escaped.
    fn text(&mut self, s: &str) {
        self.out.push_str(&escape(s));
    }

    /// `<tag>text</tag>` with the text escaped.
    fn el(&mut self, open: &'static str, text: &str, close: &'static str) {
        self.raw(open);
        self.text(text);
        self.raw(close);
    }

    /// A table cell holding a number-like value, right-aligned.
    fn num(&mut self, text: &str) {
        self.el("<td class=\"num\">", text, "</td>");
    }

    /// A change marked with ▲/▼ and a class for its color.
    fn trend(&mut self, cell: bool, p: crate::rubric::Points) {
        if cell {
            self.raw("<td class=\"num\">");
        }
        self.raw(match Trend::of(p) {
            Trend::Gain => "<span class=\"gain\">",
            Trend::Loss => "<span class=\"loss\">",
            Trend::Same => "<span class=\"same\">",
        });
        self.text(&Trend::marked(p));
        self.raw("</span>");
        if cell {
            self.raw("</td>");
        }
    }
}

const CSS: &str = r#"
:root { color-scheme: light; }
body { font: 16px/1.5 Georgia, "Times New Roman", serif; color: #1a1a1a; background: #fff; margin: 0; }
main { max-width: 52rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .5rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #999; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
.summary { font-size: 1.3rem; font-weight: bold; margin: .25rem 0; }
.meta, .small { color: #444; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .95rem; }
caption { text-align: left; font-style: italic; color: #444; padding-bottom: .3rem; }
th, td { border: 1px solid #bbb; padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #eee; }
tfoot th, tfoot td { font-weight: bold; background: #f5f5f5; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.gain { color: #05662d; font-weight: bold; }
.loss { color: #a1131e; font-weight: bold; }
.same { color: #555; }
tr.row-gain th { color: #05662d; }
tr.row-loss th { color: #a1131e; }
del { color: #a1131e; background: #fdecec; text-decoration: line-through; text-decoration-thickness: 2px; }
ins { color: #05662d; background: #e8f5ec; text-decoration: underline; text-decoration-thickness: 2px; }
.moved { color: #5b2c83; font-style: italic; font-size: .9em; }
.redline { margin: .25rem 0 1rem; padding: .5rem .75rem; border-left: 4px solid #bbb; background: #fafafa; }
.tags { color: #444; font-weight: normal; font-size: .9rem; }
.flag { display: inline-block; border: 1px solid currentColor; border-radius: 3px; padding: 0 .3rem; font-size: .8rem; color: #7a4b00; }
.quote { margin: .2rem 0 .2rem 1rem; }
.path { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .85em; }
.remark { margin: .2rem 0 .2rem 1rem; color: #333; }
.label { font-weight: bold; }
footer { margin-top: 2.5rem; border-top: 1px solid #999; font-size: .8rem; color: #444; }
footer code { font-size: .75rem; word-break: break-all; }
@page { size: letter; margin: 0.75in; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; }
  tr, .quote, .remark { break-inside: avoid; }
  del, ins, .gain, .loss, thead th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Renders `redline score` as an HTML page.
pub fn score(report: &ScoreReport) -> String {
    let mut p = Page::new(&format!("Score: {}", report.document.label));
    score_body(&mut p, report, true);
    p.finish()
}

/// One page with each rubric's scores, one after another.
pub fn scores(reports: &[ScoreReport]) -> String {
    let mut p = Page::new(&format!("Score: {}", reports[0].document.label));
    for (i, r) in reports.iter().enumerate() {
        score_body(&mut p, r, i == 0);
    }
    p.finish()
}

fn score_body(p: &mut Page, report: &ScoreReport, first: bool) {
    let main = &report.cards[0];
    p.raw("<header>\n");
    if first {
        p.el("<h1>Score: ", &report.document.label, "</h1>\n");
    } else {
        p.el("<h1>", &format!("Score under {}: {}", report.rubric.short, report.document.label), "</h1>\n");
    }
    let summary = match &report.standing {
        Some(st) => format!("{} under {}", view::standing_total(st, &report.rubric), report.rubric.short),
        None => view::score_summary(main, &report.rubric),
    };
    p.el("<p class=\"summary\">", &summary, "</p>\n");
    p.el("<p class=\"meta\">", &report.rubric.name, "</p>\n");
    if report.document.label != report.document.path {
        p.el("<p class=\"meta\">File: ", &report.document.path, "</p>\n");
    }
    p.raw("</header>\n");
    if let Some(st) = &report.standing {
        p.raw("<section>\n");
        standing(p, st, main, &report.rubric);
        p.raw("</section>\n");
        footer(p, &report.inputs, &report.rubric);
        return;
    }
    let many = report.cards.len() > 1;
    for (i, card) in report.cards.iter().enumerate() {
        p.raw("<section>\n");
        if many {
            p.el("<h2>", &format!("Statute {} of {}: {}", i + 1, report.cards.len(), card.scope), "</h2>\n");
        }
        scorecard(p, card, report.sections_searched, &report.rubric);
        p.raw("</section>\n");
    }
    footer(p, &report.inputs, &report.rubric);
}

/// A scorecard with issue areas: where its figures come from, the area table, and the
/// goals the text decides.
fn standing(p: &mut Page, st: &Standing, card: &Scorecard, rubric: &RubricInfo) {
    p.el("<p>", &view::standing_source(st), "</p>\n");
    if let Some(t) = view::tier_line(st, rubric) {
        p.el("<p>", &t, "</p>\n");
    }
    if let Some(line) = view::as_read_line(st) {
        p.el("<p><span class=\"flag\">review</span> ", &line, "</p>\n");
    }
    p.raw("<table class=\"scores\">\n");
    p.el("<caption>", &format!("Points per issue area under {}", rubric.short), "</caption>\n");
    p.raw("<thead><tr><th scope=\"col\">Issue area</th><th scope=\"col\" class=\"num\">Points</th><th scope=\"col\" class=\"num\">Max</th></tr></thead>\n<tbody>\n");
    for a in &st.areas {
        p.el("<tr><th scope=\"row\">", &view::area_name(&a.id, &a.name), "</th>");
        p.num(&a.value.show());
        p.num(&a.max.to_string());
        p.raw("</tr>\n");
    }
    if let (Some(e), Some(max)) = (st.extra, rubric.extra_max) {
        p.raw("<tr><th scope=\"row\">Extra credit</th>");
        p.num(&e.show());
        p.num(&max.to_string());
        p.raw("</tr>\n");
    }
    p.raw("</tbody>\n<tfoot><tr><th scope=\"row\">Total</th>");
    p.num(&st.total.show());
    p.num(&rubric.max.to_string());
    p.raw("</tr></tfoot>\n</table>\n");
    if let Some(line) = view::baseline_only(st) {
        p.el("<p>", &line, "</p>\n");
        return;
    }
    p.raw("<h2>Read from this text</h2>\n");
    for g in st.decided() {
        goal(p, g, card);
    }
    for g in st.unread() {
        if let Some(c) = card.categories.iter().find(|c| c.id == g.id) {
            p.el("<p class=\"remark\">", &view::unread_line(g, c), "</p>\n");
        }
    }
    p.el("<p>", &view::undecided_line(st), "</p>\n");
}

/// A goal the text decides: its reading, quotes, the published status, any review.
fn goal(p: &mut Page, g: &GoalRow, card: &Scorecard) {
    let Some(c) = card.categories.iter().find(|c| c.id == g.id) else { return };
    let Some(r) = &g.reading else { return };
    p.el(
        "<h3>",
        &format!("{}: {} ({})", view::goal_name(g), view::reading_points(r, g.max), c.confidence().as_str()),
        "",
    );
    if g.assumed.is_some() {
        p.raw(" <span class=\"flag\">analyst override</span>");
    }
    if g.agrees == Some(false) {
        p.raw(" <span class=\"flag\">review</span>");
    }
    p.raw("</h3>\n");
    if let Some(e) = &c.gate {
        p.el(
            "<p class=\"quote\"><span class=\"path\">",
            &format!("found, {}, line {}:{}", e.display, e.line, e.column),
            "</span> ",
        );
        p.el("<q>", &view::one_line(&e.quote), "</q></p>\n");
    }
    if let Some(line) = view::published_line(g) {
        p.el("<p class=\"remark\">", &line, "</p>\n");
    }
    if let Some(why) = view::disagreement(g) {
        p.el("<p class=\"remark\"><span class=\"flag\">review</span> ", &why, "</p>\n");
    }
    category_body(p, c, true);
}

fn scorecard(p: &mut Page, card: &Scorecard, sections_searched: usize, rubric: &RubricInfo) {
    p.el("<p>", &view::applies_line(card, sections_searched, rubric), "</p>\n");
    if let Some(x) = view::excluded_line(card, rubric) {
        p.el("<p>", &x, "</p>\n");
    }
    p.raw("<table class=\"scores\">\n");
    p.el("<caption>", &format!("Points per category under {}", rubric.short), "</caption>\n");
    p.raw("<thead><tr><th scope=\"col\">Category</th><th scope=\"col\" class=\"num\">Points</th><th scope=\"col\" class=\"num\">Max</th><th scope=\"col\">Confidence</th><th scope=\"col\">Level reached</th></tr></thead>\n<tbody>\n");
    for c in &card.categories {
        p.el("<tr><th scope=\"row\">", &c.name, "</th>");
        p.num(&c.points.to_string());
        p.num(&c.max.to_string());
        p.el("<td class=\"confidence\">", c.confidence().as_str(), "</td>");
        p.el("<td>", &c.level, "");
        flags(p, c);
        p.raw("</td></tr>\n");
    }
    p.raw("</tbody>\n<tfoot><tr><th scope=\"row\">Total</th>");
    p.num(&card.total.to_string());
    p.num(&card.max.to_string());
    p.raw("<td></td><td></td></tr></tfoot>\n</table>\n");
    p.raw("<h2>Evidence</h2>\n");
    for c in &card.categories {
        p.el("<h3>", &format!("{}: {} of {}", c.name, c.points, c.max), "</h3>\n");
        category_body(p, c, true);
    }
}

/// Flags beside a level: an analyst override, a review.
fn flags(p: &mut Page, c: &CategoryScore) {
    if c.override_.is_some() {
        p.raw(" <span class=\"flag\">analyst override</span>");
    }
    if c.review.is_some() {
        p.raw(" <span class=\"flag\">review</span>");
    }
}

/// A category's level, quotes and remarks.
fn category_body(p: &mut Page, c: &CategoryScore, with_lines: bool) {
    p.el("<p>", &c.level, "</p>\n");
    for e in &c.evidence {
        let place = if with_lines { format!("{}, line {}:{}", e.display, e.line, e.column) } else { e.display.clone() };
        p.el("<p class=\"quote\"><span class=\"path\">", &place, "</span> ");
        p.el("<q>", &view::one_line(&e.quote), "</q></p>\n");
    }
    for (label, text) in view::remarks(c) {
        p.el("<p class=\"remark\"><span class=\"label\">", label, ":</span> ");
        p.el("", &text, "</p>\n");
    }
}

/// Renders `redline diff` as an HTML page.
pub fn diff(report: &DiffReport) -> String {
    let heading = format!("Redline: {} → {}", report.before.label, view::target(report));
    let mut p = Page::new(&heading);
    diff_body(&mut p, report, true);
    p.finish()
}

/// One page with the redline once and each rubric's scores.
pub fn diffs(reports: &[DiffReport]) -> String {
    let heading = format!("Redline: {} → {}", reports[0].before.label, view::target(&reports[0]));
    let mut p = Page::new(&heading);
    for (i, r) in reports.iter().enumerate() {
        diff_body(&mut p, r, i == 0);
    }
    p.finish()
}

fn diff_body(p: &mut Page, report: &DiffReport, first: bool) {
    let c = &report.comparison;
    let heading = if first {
        format!("Redline: {} → {}", report.before.label, view::target(report))
    } else {
        format!("Score under {}: {} → {}", report.rubric.short, report.before.label, view::target(report))
    };
    p.raw("<header>\n");
    p.el("<h1>", &heading, "</h1>\n");
    let summary = match &report.standing {
        Some(st) => view::standing_change(&st.change, &report.rubric),
        None => view::diff_summary(report),
    };
    p.el("<p class=\"summary\">", &summary, "</p>\n");
    p.el("<p class=\"meta\">", &view::origin_line(report), "</p>\n");
    p.raw("</header>\n");
    match &report.standing {
        Some(st) => standing_diff(p, report, st),
        None => score_table(p, report),
    }
    if first {
        redline_section(p, report);
    }
    let card = c.after.card();
    p.raw("<section>\n<h2>Evidence</h2>\n");
    for (b, a) in c.before.card().categories.iter().zip(&card.categories) {
        if report.standing.is_some() && b.basis == Basis::Undecidable && a.basis == Basis::Undecidable {
            continue;
        }
        p.el("<h3>", &view::evidence_heading(b, a), "</h3>\n");
        if view::same_category(b, a) {
            category_body(p, a, false);
        } else {
            p.raw("<p class=\"label\">Before</p>\n");
            category_body(p, b, false);
            p.raw("<p class=\"label\">After</p>\n");
            category_body(p, a, false);
        }
    }
    p.raw("</section>\n");
    let notes: Vec<String> = view::fallback_note(report).into_iter().chain(report.notes.iter().cloned()).collect();
    if first && !notes.is_empty() {
        p.raw("<section>\n<h2>Notes</h2>\n<ul>\n");
        for n in &notes {
            p.el("<li>", n, "</li>\n");
        }
        p.raw("</ul>\n</section>\n");
    }
    footer(p, &report.inputs, &report.rubric);
}

/// The areas, goals and amendments of a scorecard with issue areas.
fn standing_diff(p: &mut Page, report: &DiffReport, st: &DiffStanding) {
    let d = &st.change;
    p.el("<section>\n<h2>", &format!("Score under {}", report.rubric.short), "</h2>\n");
    p.el("<p>", &view::standing_source(&st.before), "</p>\n");
    if let Some(t) = view::tier_line(&st.before, &report.rubric) {
        p.el("<p>", &t, "</p>\n");
    }
    p.raw("<table class=\"scores\">\n");
    p.el(
        "<caption>",
        &format!(
            "Points per issue area under {}; ranges where the method does not fix the points",
            report.rubric.short
        ),
        "</caption>\n",
    );
    p.raw("<thead><tr><th scope=\"col\">Issue area</th><th scope=\"col\" class=\"num\">Max</th><th scope=\"col\" class=\"num\">Before</th><th scope=\"col\" class=\"num\">After</th><th scope=\"col\" class=\"num\">Change</th></tr></thead>\n<tbody>\n");
    for a in &d.areas {
        p.el("<tr><th scope=\"row\">", &view::area_name(&a.id, &a.name), "</th>");
        p.num(&a.max.to_string());
        p.num(&a.before.show());
        p.num(&a.after.show());
        p.num(&a.delta.show_signed());
        p.raw("</tr>\n");
    }
    p.raw("</tbody>\n<tfoot><tr><th scope=\"row\">Total</th>");
    p.num(&report.rubric.max.to_string());
    p.num(&d.before.show());
    p.num(&d.after.show());
    p.num(&d.delta.show_signed());
    p.raw("</tr></tfoot>\n</table>\n<ul>\n");
    if d.goals.is_empty() {
        p.el("<li>", "No goal this rubric reads from the text changed.", "</li>\n");
    }
    for g in &d.goals {
        p.el("<li>", &view::goal_change(g), "");
        if let Some(r) = &g.review {
            p.el(" <span class=\"flag\">review</span> ", r, "");
        }
        p.raw("</li>\n");
    }
    for g in st.before.disagreements() {
        if let Some(why) = view::disagreement(g) {
            p.el("<li><span class=\"flag\">review</span> ", &format!("{} (before): {why}", g.name), "</li>\n");
        }
    }
    p.raw("</ul>\n");
    if let Some(line) = view::baseline_only(&st.before) {
        p.el("<p>", &line, "</p>\n");
    }
    p.raw("</section>\n");
    let c = &report.comparison;
    if !c.amendments.is_empty() {
        p.el(
            "<section>\n<h2>",
            &format!("Amendments under {}", report.rubric.short),
            "</h2>\n<table class=\"amendments\">\n",
        );
        p.el(
            "<caption>",
            "Marginal: the amendment alone on the base. Sequential: applied after the ones before it.",
            "</caption>\n",
        );
        p.raw("<thead><tr><th scope=\"col\" class=\"num\">#</th><th scope=\"col\">Amendment</th><th scope=\"col\">Marginal</th><th scope=\"col\">Sequential</th></tr></thead>\n<tbody>\n");
        for (i, (a, (m, s))) in c.amendments.iter().zip(&st.amendments).enumerate() {
            p.raw("<tr>");
            p.num(&(i + 1).to_string());
            p.el("<th scope=\"row\"><span class=\"path\">", &a.id, "</span><br>");
            p.text(&a.title);
            p.raw("</th>");
            p.el("<td>", &view::standing_amendment(m), "</td>");
            p.el("<td>", &view::standing_amendment(s), "</td></tr>\n");
        }
        p.raw("</tbody>\n</table>\n</section>\n");
    }
    what_ifs(p, c, Some(st));
}

/// Combinations of alternatives and the interaction matrix, when there are any.
fn what_ifs(p: &mut Page, c: &crate::compare::Comparison, st: Option<&DiffStanding>) {
    if !c.combinations.is_empty() {
        p.raw("<section>\n<h2>Combinations of alternatives</h2>\n");
        p.el("<p class=\"small\">", &view::combinations_note(c), "</p>\n<ol>\n");
        for (k, combo) in c.combinations.iter().enumerate() {
            let line = match st.and_then(|s| s.combinations.get(k)) {
                Some((whole, steps)) => view::standing_combination(&combo.amendments, whole, steps),
                None => view::combination_line(combo),
            };
            p.el("<li>", &line, "</li>\n");
        }
        p.raw("</ol>\n</section>\n");
    }
    if !c.interactions.is_empty() {
        p.raw("<section>\n<h2>Interactions</h2>\n<table class=\"amendments\">\n");
        p.el("<caption>", view::INTERACTIONS_NOTE, "</caption>\n");
        p.raw("<thead><tr><th scope=\"col\">Amendments</th><th scope=\"col\">Interaction</th><th scope=\"col\">Detail</th></tr></thead>\n<tbody>\n");
        for i in &c.interactions {
            p.el("<tr><th scope=\"row\">", &format!("{} × {}", i.a, i.b), "</th>");
            p.el("<td>", i.kind.as_str(), "</td>");
            p.el("<td>", &view::interaction_detail(i, st.is_none()), "</td></tr>\n");
        }
        p.raw("</tbody>\n</table>\n</section>\n");
    }
}

/// The category table, reviews and amendments of a scorecard without areas.
fn score_table(p: &mut Page, report: &DiffReport) {
    let c = &report.comparison;
    p.raw("<section>\n<h2>Score</h2>\n<table class=\"scores\">\n");
    p.el(
        "<caption>",
        &format!("Points per category under {}; ▲ marks a gain, ▼ a loss", report.rubric.short),
        "</caption>\n",
    );
    p.raw("<thead><tr><th scope=\"col\">Category</th><th scope=\"col\" class=\"num\">Max</th><th scope=\"col\" class=\"num\">Before</th><th scope=\"col\" class=\"num\">After</th><th scope=\"col\" class=\"num\">Change</th><th scope=\"col\">Confidence</th></tr></thead>\n<tbody>\n");
    let card = c.after.card();
    for (cd, cat) in c.delta.categories.iter().zip(&card.categories) {
        p.raw(match Trend::of(cd.delta()) {
            Trend::Gain => "<tr class=\"row-gain\">",
            Trend::Loss => "<tr class=\"row-loss\">",
            Trend::Same => "<tr>",
        });
        p.el("<th scope=\"row\">", &cd.name, "</th>");
        p.num(&cat.max.to_string());
        p.num(&cd.before.to_string());
        p.num(&cd.after.to_string());
        p.trend(true, cd.delta());
        let class = if cd.rests_on_review() { "<td class=\"confidence flag\">" } else { "<td class=\"confidence\">" };
        p.el(class, &view::confidence_change(cd), "</td>");
        p.raw("</tr>\n");
    }
    let d = &c.delta;
    p.raw("</tbody>\n<tfoot><tr><th scope=\"row\">Total</th>");
    p.num(&card.max.to_string());
    p.num(&d.before.to_string());
    p.num(&d.after.to_string());
    p.trend(true, d.total());
    p.raw("<td></td></tr></tfoot>\n</table>\n");
    let reviews = view::review_lines(report);
    if !reviews.is_empty() {
        p.el("<p class=\"small\">", view::REVIEW_MARK_NOTE, "</p>\n<ul>\n");
        for (name, side, why) in &reviews {
            p.el("<li><span class=\"flag\">review</span> ", &format!("{name} ({side}): {why}"), "</li>\n");
        }
        p.raw("</ul>\n");
    }
    p.raw("</section>\n");
    if !c.amendments.is_empty() {
        amendments(p, report);
    }
    what_ifs(p, c, None);
}

/// The redline section: every changed provision.
fn redline_section(p: &mut Page, report: &DiffReport) {
    p.raw("<section>\n<h2>Redline</h2>\n");
    let (changed, unchanged) = view::changed_entries(report);
    p.raw("<p class=\"small\">Deleted text is <del>struck through</del>; inserted text is <ins>underlined</ins>. ");
    p.text(&if changed.is_empty() {
        "No provision's text changed.".to_string()
    } else {
        view::unchanged_line(unchanged)
    });
    p.raw("</p>\n");
    for e in &changed {
        p.el("<h3>", &view::entry_heading(e), "");
        let names = view::category_names(report, &e.categories);
        if !names.is_empty() {
            p.el(" <span class=\"tags\">— changes ", &names.join(", "), "</span>");
        }
        p.raw("</h3>\n<p class=\"redline\">");
        redline(p, &e.chunks);
        p.raw("</p>\n");
    }
    p.raw("</section>\n");
}

fn amendments(p: &mut Page, report: &DiffReport) {
    let c = &report.comparison;
    p.raw("<section>\n<h2>Amendments</h2>\n<table class=\"amendments\">\n");
    let caption = if c.combinations.is_empty() {
        format!(
            "Marginal: the amendment alone on the base. Sequential: applied after the ones before it; the sequential changes add up to the whole change ({}).",
            c.delta.total().signed()
        )
    } else {
        "Marginal: the amendment alone on the base. Sequential: applied after the ones before it in the first combination that has it (see Combinations of alternatives).".to_string()
    };
    p.el("<caption>", &caption, "</caption>\n");
    p.raw("<thead><tr><th scope=\"col\" class=\"num\">#</th><th scope=\"col\">Amendment</th><th scope=\"col\" class=\"num\">Marginal</th><th scope=\"col\" class=\"num\">Sequential</th><th scope=\"col\">Gains and losses (sequential)</th></tr></thead>\n<tbody>\n");
    for (i, a) in c.amendments.iter().enumerate() {
        p.raw("<tr>");
        p.num(&(i + 1).to_string());
        p.el("<th scope=\"row\"><span class=\"path\">", &a.id, "</span><br>");
        p.text(&a.title);
        if !a.depends_on.is_empty() {
            p.el(
                "<br><span class=\"small\">",
                &format!("Edits the words of {}; its marginal change includes them.", a.depends_on.join(", ")),
                "</span>",
            );
        }
        p.raw("</th>");
        p.trend(true, a.marginal.total());
        p.trend(true, a.sequential.total());
        p.raw("<td>");
        let changes = view::changes(&a.sequential);
        if changes.is_empty() {
            p.text("no category changes");
        }
        for (k, cd) in changes.iter().enumerate() {
            if k > 0 {
                p.raw("<br>");
            }
            p.text(&cd.name);
            p.raw(" ");
            p.trend(false, cd.delta());
        }
        p.raw("</td></tr>\n");
    }
    p.raw("</tbody>\n</table>\n</section>\n");
}

/// A provision's redline: `<del>` and `<ins>` (the spaces around a change outside the
/// marks, so no struck or underlined blank shows), moved text with where it went.
fn redline(p: &mut Page, chunks: &[Chunk]) {
    for ch in chunks {
        let t = view::flat(&ch.text);
        let core = t.trim();
        if ch.kind == ChunkKind::Equal || core.is_empty() {
            p.text(&t);
            continue;
        }
        p.text(&t[..t.len() - t.trim_start().len()]);
        match &ch.kind {
            ChunkKind::Equal => {}
            ChunkKind::Delete => p.el("<del>", core, "</del>"),
            ChunkKind::Insert => p.el("<ins>", core, "</ins>"),
            ChunkKind::MovedOut { to } => {
                p.el("<del class=\"moved-out\">", core, "</del>");
                p.el("<span class=\"moved\"> [moved to ", to, "]</span>");
            }
            ChunkKind::MovedIn { from } => {
                p.el("<ins class=\"moved-in\">", core, "</ins>");
                p.el("<span class=\"moved\"> [moved from ", from, "]</span>");
            }
        }
        p.text(&t[t.trim_end().len()..]);
    }
}

/// The provenance footer: the files read with their SHA-256, the rubric, the tool.
fn footer(p: &mut Page, inputs: &[InputFile], rubric: &RubricInfo) {
    p.raw("<footer>\n<h2>Provenance</h2>\n<table class=\"provenance\">\n<thead><tr><th scope=\"col\">Role</th><th scope=\"col\">File</th><th scope=\"col\" class=\"num\">Bytes</th><th scope=\"col\">SHA-256</th></tr></thead>\n<tbody>\n");
    for i in inputs {
        p.el("<tr><td>", i.role, "</td>");
        p.el("<td>", &i.path, "</td>");
        p.num(&i.bytes.to_string());
        p.el("<td><code>", &i.sha256, "</code></td></tr>\n");
    }
    p.raw("</tbody>\n</table>\n");
    p.el("<p>Rubric: ", &view::rubric_line(rubric), "</p>\n");
    p.el("<p>Made by ", TOOL, ".</p>\n</footer>\n");
}
