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
use crate::report::model::{DiffReport, InputFile, RubricInfo, ScoreReport, TOOL};
use crate::report::view::{self, Trend};
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
    let main = &report.cards[0];
    let mut p = Page::new(&format!("Score: {}", report.document.label));
    p.raw("<header>\n");
    p.el("<h1>Score: ", &report.document.label, "</h1>\n");
    p.el("<p class=\"summary\">", &view::score_summary(main, &report.rubric), "</p>\n");
    p.el("<p class=\"meta\">", &report.rubric.name, "</p>\n");
    if report.document.label != report.document.path {
        p.el("<p class=\"meta\">File: ", &report.document.path, "</p>\n");
    }
    p.raw("</header>\n");
    let many = report.cards.len() > 1;
    for (i, card) in report.cards.iter().enumerate() {
        p.raw("<section>\n");
        if many {
            p.el("<h2>", &format!("Statute {} of {}: {}", i + 1, report.cards.len(), card.scope), "</h2>\n");
        }
        scorecard(&mut p, card, report.sections_searched, &report.rubric);
        p.raw("</section>\n");
    }
    footer(&mut p, &report.inputs, &report.rubric);
    p.finish()
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
    let c = &report.comparison;
    let heading = format!("Redline: {} → {}", report.before.label, view::target(report));
    let mut p = Page::new(&heading);
    p.raw("<header>\n");
    p.el("<h1>", &heading, "</h1>\n");
    p.el("<p class=\"summary\">", &view::diff_summary(report), "</p>\n");
    p.el("<p class=\"meta\">", &view::origin_line(report), "</p>\n");
    p.raw("</header>\n");

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
        amendments(&mut p, report);
    }

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
        redline(&mut p, &e.chunks);
        p.raw("</p>\n");
    }
    p.raw("</section>\n");

    p.raw("<section>\n<h2>Evidence</h2>\n");
    for (b, a) in c.before.card().categories.iter().zip(&card.categories) {
        p.el("<h3>", &view::evidence_heading(b, a), "</h3>\n");
        if view::same_category(b, a) {
            category_body(&mut p, a, false);
        } else {
            p.raw("<p class=\"label\">Before</p>\n");
            category_body(&mut p, b, false);
            p.raw("<p class=\"label\">After</p>\n");
            category_body(&mut p, a, false);
        }
    }
    p.raw("</section>\n");

    let notes: Vec<String> = view::fallback_note(report).into_iter().chain(report.notes.iter().cloned()).collect();
    if !notes.is_empty() {
        p.raw("<section>\n<h2>Notes</h2>\n<ul>\n");
        for n in &notes {
            p.el("<li>", n, "</li>\n");
        }
        p.raw("</ul>\n</section>\n");
    }
    footer(&mut p, &report.inputs, &report.rubric);
    p.finish()
}

fn amendments(p: &mut Page, report: &DiffReport) {
    let c = &report.comparison;
    p.raw("<section>\n<h2>Amendments</h2>\n<table class=\"amendments\">\n");
    p.el(
        "<caption>",
        &format!(
            "Marginal: the amendment alone on the base. Sequential: applied after the ones before it; the sequential changes add up to the whole change ({}).",
            c.delta.total().signed()
        ),
        "</caption>\n",
    );
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
