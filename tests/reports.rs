//! Markdown and HTML reports (issue 4): escaping of every input text, contents, color
//! rules, `-o`, and byte-identical output.

mod common;

use common::{html_tag_names, read, redline, root, stdout, REPORT_ELEMENTS};
use pulldown_cmark::{Event, Options, Parser};

const CT: &str = "statutes/CT/54-95c@2016.txt";
const CT_PROPOSAL: &str = "proposals/CT/expand-vacatur.toml";
const XSS: &str = "fixtures/xss/statute.txt";
const XSS_PROPOSAL: &str = "fixtures/xss/proposal.toml";

fn text(args: &[&str]) -> String {
    String::from_utf8(stdout(args)).expect("UTF-8 output")
}

/// The payloads the XSS fixture carries in its front matter, text and proposal.
const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "\"><b>injected</b>",
    "<svg onload=alert(3)>",
    "<iframe src=javascript:alert(5)></iframe>",
    "<script>alert('citation')</script>",
    "<script>alert('title')</script>",
    "\"><b>amendment</b>",
];

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

#[test]
fn html_reports_escape_statute_and_proposal_text() {
    let diff = text(&["diff", XSS_PROPOSAL, "--format", "html"]);
    let score = text(&["score", XSS, "--format", "html"]);
    // Every scorecard on one page: the Shared Hope goal's quotes and notes are text too.
    let all_diff = text(&["diff", XSS_PROPOSAL, "--rubric", "all", "--format", "html"]);
    let all_score = text(&["score", XSS, "--rubric", "all", "--format", "html"]);
    assert!(all_score.contains("Shared Hope 2023") && all_diff.contains("PIC 2019"));
    for p in PAYLOADS {
        assert!(all_diff.contains(&html_escape(p)), "the all-rubric diff lacks the escaped text of {p}");
    }
    for (name, html) in
        [("diff", &diff), ("score", &score), ("all-rubric diff", &all_diff), ("all-rubric score", &all_score)]
    {
        for tag in html_tag_names(html) {
            assert!(REPORT_ELEMENTS.contains(&tag.as_str()), "{name}: element <{tag}> was injected");
        }
        let lower = html.to_lowercase();
        for bad in ["<script", "<img", "<svg", "<iframe", "<b>", "<a "] {
            assert!(!lower.contains(bad), "{name} report contains {bad}");
        }
    }
    // Every payload is there, as text.
    for p in PAYLOADS {
        assert!(diff.contains(&html_escape(p)), "diff report lacks the escaped text of {p}");
    }
    assert!(score.contains(&html_escape("<script>alert('citation')</script>")));
    // A statute's own `&lt;` is text too: it shows as `&lt;`, so it is written `&amp;lt;`.
    assert!(diff.contains("&amp;lt;entity&amp;gt;"));
}

/// Parses Markdown as GitHub does and returns (raw HTML pieces, text).
fn markdown_events(md: &str) -> (Vec<String>, String) {
    let mut html = Vec::new();
    let mut text = String::new();
    for ev in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match ev {
            Event::Html(h) | Event::InlineHtml(h) => html.push(h.to_string()),
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    (html, text)
}

#[test]
fn markdown_reports_escape_statute_and_proposal_text() {
    let diff = text(&["diff", XSS_PROPOSAL, "--format", "markdown"]);
    let score = text(&["score", XSS, "--format", "markdown"]);
    for (name, md) in [("diff", &diff), ("score", &score)] {
        let (html, _) = markdown_events(md);
        for h in &html {
            assert!(["<del>", "</del>", "<ins>", "</ins>"].contains(&h.as_str()), "{name}: raw HTML {h:?} in Markdown");
        }
    }
    // The payloads read back as literal text, links and code spans included.
    let (_, diff_text) = markdown_events(&diff);
    for p in PAYLOADS.iter().chain(&["[a link](javascript:alert(4))", "`code`", "**bold**", "| a | table |"]) {
        assert!(diff_text.contains(p), "diff Markdown does not read back {p:?}");
    }
    let (_, score_text) = markdown_events(&score);
    assert!(score_text.contains("<script>alert('citation')</script>"));
}

#[test]
fn markdown_diff_has_table_redline_amendments_evidence_and_provenance() {
    let md = text(&["diff", CT, CT_PROPOSAL, "--format", "markdown"]);
    assert!(md.starts_with("# Redline: Conn. Gen. Stat. § 54-95c (2016) → "), "{md}");
    assert!(md.contains("**45 → 68 (+23) under Polaris 2019**"));
    assert!(md.contains("| Offenses Covered | 30 | 5 | 30 | ▲ +25 |"));
    assert!(md.contains("| Additional Restrictive Conditions on Relief | 2 | 2 | 0 | ▼ -2 |"));
    assert!(md.contains("| **Total** | **100** | **45** | **68** | **▲ +23** |"));
    assert!(md.contains(
        "| 3 | **victim-notice**: Notice to victims of the offense, and the court considers their input | ▼ -2 | ▼ -2 | Additional Restrictive Conditions on Relief -2 |"
    ));
    assert!(md.contains("entered ~~pursuant to § 53a-82~~**for any offense**, the defendant"));
    assert!(md.contains("the court ~~shall~~**may, in its discretion,** vacate"));
    assert!(md.contains("### Offenses Covered: 5 → 30 of 30"));
    assert!(md.contains("- *Conn. Gen. Stat. § 54-95c*: “any offense”"));
    // Provenance: each input with its SHA-256, computed here independently.
    for (role, path) in [("base", CT), ("proposal", CT_PROPOSAL)] {
        let bytes = std::fs::read(root().join(path)).unwrap();
        let digest = sha256(&bytes);
        let shown = redline::report::markdown::escape(path);
        assert!(md.contains(&format!("- {role}: {shown} ({} bytes, SHA-256 {digest})", bytes.len())), "{role}");
    }
    let rubric_digest = sha256(read("rubrics/polaris-2019.toml").as_bytes());
    assert!(md.contains(&format!("edition 2019; built in, from rubrics/polaris-2019.toml; SHA-256 {rubric_digest}")));
    assert!(md.contains(&format!("- made by redline {}", env!("CARGO_PKG_VERSION"))));
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn html_diff_has_summary_table_redline_and_amendments() {
    let html = text(&["diff", CT, CT_PROPOSAL, "--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("<p class=\"summary\">45 → 68 (+23) under Polaris 2019</p>"));
    assert!(html.contains(
        "<tr class=\"row-gain\"><th scope=\"row\">Offenses Covered</th><td class=\"num\">30</td><td class=\"num\">5</td><td class=\"num\">30</td><td class=\"num\"><span class=\"gain\">▲ +25</span></td><td class=\"confidence flag\">review → rule</td></tr>"
    ));
    assert!(html.contains(
        "<tfoot><tr><th scope=\"row\">Total</th><td class=\"num\">100</td><td class=\"num\">45</td><td class=\"num\">68</td><td class=\"num\"><span class=\"gain\">▲ +23</span></td><td></td></tr></tfoot>"
    ));
    assert!(html.contains("entered <del>pursuant to § 53a-82</del><ins>for any offense</ins>, the defendant"));
    assert!(html.contains("<span class=\"path\">victim-notice</span>"));
    assert!(html.contains("<td class=\"num\"><span class=\"loss\">▼ -2</span></td>"));
    // Self-contained: nothing to fetch, no script, and a policy that forbids both.
    for outside in ["src=", "href=", "url(", "@import", "<link", "<script"] {
        assert!(!html.contains(outside), "the page refers to {outside}");
    }
    assert!(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""));
    assert!(html.contains("@page { size: letter;"));
}

#[test]
fn html_score_has_the_table_and_evidence() {
    let html = text(&["score", CT, "--format", "html"]);
    assert!(html.contains("<p class=\"summary\">45 of 100 points under Polaris 2019</p>"));
    assert!(html.contains(
        "<tr><th scope=\"row\">Offenses Covered</th><td class=\"num\">5</td><td class=\"num\">30</td><td class=\"confidence\">review</td><td>Only prostitution-related or sex-related crimes are eligible for relief. <span class=\"flag\">review</span></td></tr>"
    ));
    assert!(html.contains("<q>conviction is entered pursuant to § 53a-82</q>"));
    assert!(html.contains("<span class=\"label\">Not found:</span> no standard of proof stated"));
}

#[test]
fn overrides_show_in_every_document_format() {
    let args = ["score", CT, "--assume", "burden_of_proof=5:the courts apply a preponderance standard"];
    let md = text(&[&args[..], &["--format", "markdown"]].concat());
    assert!(md.contains(
        // The assumed level's own wording, not the computed level's ("Statute silent …").
        "| Burden of Proof | 5 | 5 | override | Preponderance of the evidence. *(analyst override)* |"
    ));
    assert!(md.contains("- **Analyst override:** 5 points (computed 0): the courts apply a preponderance standard"));
    let html = text(&[&args[..], &["--format", "html"]].concat());
    assert!(html.contains("<span class=\"flag\">analyst override</span>"));
    assert!(html.contains("5 points (computed 0): the courts apply a preponderance standard"));
}

/// Every format, for `score` and `diff`.
fn all_runs() -> Vec<Vec<&'static str>> {
    let mut runs = Vec::new();
    for format in ["text", "json", "markdown", "html"] {
        runs.push(vec!["score", CT, "--format", format]);
        runs.push(vec!["diff", CT, CT_PROPOSAL, "--format", format]);
    }
    runs
}

#[test]
fn document_formats_never_contain_escape_codes() {
    for run in all_runs().into_iter().filter(|r| r[r.len() - 1] != "text") {
        let out = stdout(&[&run[..], &["--color", "always"]].concat());
        assert!(!out.contains(&0x1b), "{run:?} wrote an escape code");
    }
}

#[test]
fn color_follows_the_flag() {
    for run in all_runs().into_iter().filter(|r| r[r.len() - 1] == "text") {
        // `always` colors even through a pipe, which shows the check below can see color.
        assert!(stdout(&[&run[..], &["--color", "always"]].concat()).contains(&0x1b), "{run:?}");
        assert!(!stdout(&[&run[..], &["--color", "never"]].concat()).contains(&0x1b), "{run:?}");
    }
}

#[test]
fn text_written_to_a_file_is_never_colored() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("score.txt");
    stdout(&["score", CT, "--color", "always", "-o", out.to_str().unwrap()]);
    let written = std::fs::read(&out).unwrap();
    assert!(written.starts_with("Conn. Gen. Stat.".as_bytes()));
    assert!(!written.contains(&0x1b));
}

/// Runs a command in a pseudo-terminal (util-linux `script`) so `--color auto` sees a
/// terminal; returns what it printed.
fn in_terminal(args: &[&str], no_color: bool) -> Vec<u8> {
    let bin = assert_cmd::cargo::cargo_bin("redline");
    let cmd = std::iter::once(bin.to_string_lossy().to_string())
        .chain(args.iter().map(|a| a.to_string()))
        .collect::<Vec<_>>();
    let mut c = std::process::Command::new("script");
    c.args(["-q", "-e", "-c", &cmd.join(" "), "/dev/null"]).current_dir(root()).env_remove("NO_COLOR");
    if no_color {
        c.env("NO_COLOR", "1");
    }
    let out = c.output().expect("util-linux `script` runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

#[test]
fn auto_color_is_on_for_a_terminal_and_off_with_no_color() {
    let args = ["score", CT];
    let colored = in_terminal(&args, false);
    assert!(colored.contains(&0x1b), "no color on a terminal: {}", String::from_utf8_lossy(&colored));
    let plain = in_terminal(&args, true);
    assert!(String::from_utf8_lossy(&plain).contains("TOTAL"));
    assert!(!plain.contains(&0x1b), "NO_COLOR=1 still colored");
    // Through a pipe, auto is off.
    assert!(!stdout(&args).contains(&0x1b));
}

#[test]
fn output_is_byte_identical_across_runs_in_every_format() {
    for run in all_runs() {
        assert_eq!(stdout(&run), stdout(&run), "{run:?} differs between runs");
    }
}

#[test]
fn dash_o_writes_every_format_atomically_and_never_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["text", "json", "markdown", "html"] {
        let path = dir.path().join(format!("report.{format}"));
        let p = path.to_str().unwrap();
        let printed = stdout(&["diff", CT, CT_PROPOSAL, "--format", format]);
        stdout(&["diff", CT, CT_PROPOSAL, "--format", format, "-o", p]);
        assert_eq!(std::fs::read(&path).unwrap(), printed, "{format}: the file differs from standard output");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    // Never over an input: the statute is refused and left as it was.
    let copy = dir.path().join("statute.txt");
    std::fs::copy(root().join(CT), &copy).unwrap();
    let before = std::fs::read(&copy).unwrap();
    let c = copy.to_str().unwrap();
    let out = redline().args(["score", c, "--format", "html", "-o", c]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to write over an input file"));
    assert_eq!(std::fs::read(&copy).unwrap(), before);
}

#[test]
fn document_formats_say_when_the_diff_fell_back() {
    let args = ["diff", CT, CT_PROPOSAL, "--max-edits", "2"];
    let md = text(&[&args[..], &["--format", "markdown"]].concat());
    let notes = &md[md.find("## Notes").expect("a Notes section")..];
    assert!(notes.contains("- The diff budget (--max-tokens 40000, --max-edits 2) was exceeded"), "{notes}");
    let html = text(&[&args[..], &["--format", "html"]].concat());
    assert!(html.contains("<li>The diff budget (--max-tokens 40000, --max-edits 2) was exceeded"));
    // Within the budget, no such note.
    assert!(!text(&["diff", CT, CT_PROPOSAL, "--format", "markdown"]).contains("## Notes"));
}
