//! The HTML reports as a browser builds them (issue 4). Ignored by a plain `cargo test`,
//! which needs only the Rust toolchain; `.ci/run` installs Debian's Chromium and runs
//! these with `cargo test --test browser -- --ignored`.
//!
//! Chromium runs headless with networking features off; `--dump-dom` prints the DOM it
//! built, `--screenshot` renders the page. `REDLINE_UPDATE_DOCS=1` also copies the
//! screenshot of the Connecticut diff to `docs/diff.png`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{html_tag_names, root, stdout, REPORT_ELEMENTS};

/// The Chromium binary: `$CHROMIUM`, else the first of the usual names on `PATH`.
fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(p);
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
            let p = dir.join(name);
            if p.is_file() {
                return p;
            }
        }
    }
    panic!("no Chromium found: install Debian's `chromium` package (apt-get install -y chromium) or set CHROMIUM");
}

/// Runs headless Chromium on a file with extra arguments; returns standard output.
fn run_chromium(profile: &Path, page: &Path, extra: &[&str]) -> String {
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("Chromium starts");
    assert!(out.status.success(), "Chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("DOM is UTF-8")
}

/// Writes a report with `redline … --format html -o FILE`.
fn report(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let path = dir.join(name);
    stdout(&[args, &["--format", "html", "-o", path.to_str().unwrap()]].concat());
    path
}

/// The text of each cell of each row of the first table with this class, as the DOM has it.
fn table_rows(dom: &str, class: &str) -> Vec<Vec<String>> {
    let start = dom.find(&format!("<table class=\"{class}\">")).expect("the table is in the DOM");
    let table = &dom[start..start + dom[start..].find("</table>").unwrap()];
    table
        .split("<tr")
        .skip(1)
        .map(|row| {
            row.split("</t")
                .filter_map(|cell| cell.rfind("<t").map(|i| &cell[i..]))
                .filter(|cell| cell.starts_with("<td") || cell.starts_with("<th"))
                .map(strip_tags)
                .collect()
        })
        .collect()
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

#[test]
#[ignore = "needs headless Chromium; .ci/run installs it and runs this"]
fn injected_markup_builds_no_element_in_the_browser() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile");
    for (name, args) in [
        ("xss-diff.html", vec!["diff", "fixtures/xss/proposal.toml"]),
        ("xss-score.html", vec!["score", "fixtures/xss/statute.txt"]),
        ("xss-all.html", vec!["diff", "fixtures/xss/proposal.toml", "--rubric", "all"]),
    ] {
        let page = report(dir.path(), name, &args);
        let dom = run_chromium(&profile, &page, &["--dump-dom"]);
        assert!(dom.contains("<main>"), "{name}: no DOM: {dom}");
        for tag in html_tag_names(&dom) {
            assert!(REPORT_ELEMENTS.contains(&tag.as_str()), "{name}: the browser built an injected <{tag}>");
        }
        // The payloads are in the page as text.
        assert!(dom.contains("&lt;script&gt;alert('citation')&lt;/script&gt;"), "{name}");
    }
}

#[test]
#[ignore = "needs headless Chromium; .ci/run installs it and runs this"]
fn the_connecticut_diff_renders_its_table_and_redline() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile");
    let page =
        report(dir.path(), "diff.html", &["diff", "statutes/CT/54-95c@2016.txt", "proposals/CT/expand-vacatur.toml"]);
    let dom = run_chromium(&profile, &page, &["--dump-dom"]);
    for tag in html_tag_names(&dom) {
        assert!(REPORT_ELEMENTS.contains(&tag.as_str()), "unexpected <{tag}> in the DOM");
    }
    assert!(dom.contains("<p class=\"summary\">45 → 68 (+23) under Polaris 2019</p>"));
    let rows = table_rows(&dom, "scores");
    assert_eq!(rows[0], ["Category", "Max", "Before", "After", "Change", "Confidence"]);
    // The confidence of each decision, before → after (a review decision is marked).
    assert!(rows.contains(&strings(&["Offenses Covered", "30", "5", "30", "▲ +25", "review → rule"])), "{rows:?}");
    assert!(rows.contains(&strings(&[
        "Additional Restrictive Conditions on Relief",
        "2",
        "2",
        "0",
        "▼ -2",
        "default → rule"
    ])));
    assert_eq!(rows.last().unwrap(), &strings(&["Total", "100", "45", "68", "▲ +23", ""]));
    let amendments = table_rows(&dom, "amendments");
    assert_eq!(amendments.len(), 4, "{amendments:?}");
    assert_eq!(amendments[1][2..], strings(&["▲ +25", "▲ +25", "Offenses Covered ▲ +25"]));
    assert!(dom.contains("<del>pursuant to § 53a-82</del><ins>for any offense</ins>"));

    // A screenshot of the top of the page: PNG of the window's size, with content.
    let png = dir.path().join("diff.png");
    run_chromium(&profile, &page, &["--window-size=1000,1700", &format!("--screenshot={}", png.display())]);
    let bytes = std::fs::read(&png).expect("Chromium saved the screenshot");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let (w, h) =
        (u32::from_be_bytes(bytes[16..20].try_into().unwrap()), u32::from_be_bytes(bytes[20..24].try_into().unwrap()));
    assert_eq!((w, h), (1000, 1700));
    assert!(bytes.len() > 50_000, "the screenshot is nearly blank ({} bytes)", bytes.len());
    let keep = root().join("target").join("browser");
    std::fs::create_dir_all(&keep).unwrap();
    std::fs::copy(&png, keep.join("diff.png")).unwrap();
    if std::env::var_os("REDLINE_UPDATE_DOCS").is_some() {
        std::fs::copy(&png, root().join("docs").join("diff.png")).unwrap();
    }
}

fn strings(s: &[&str]) -> Vec<String> {
    s.iter().map(|x| x.to_string()).collect()
}
