//! Issue 13, done-when 3: the rubric model that fits a second scorecard changes no byte of
//! any Polaris output. `fixtures/polaris-before/` holds, for every corpus statute, excerpt
//! and fresh text and every shipped proposal and bill (`cases.txt`), the outputs of the
//! binary built before the model changed (`make.sh`): text, JSON and Markdown in full, HTML
//! as a SHA-256. Each is compared with today's output, with the rubric file's SHA-256 and
//! the JSON `schema_version` masked (both change by design), and the optional `amendment`
//! of a redline op (issue 15) left out.

mod common;

use common::{read, redline, root};
use sha2::{Digest, Sha256};

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn masked(out: &[u8], rubric_digest: &str) -> String {
    let text = String::from_utf8_lossy(out).replace(rubric_digest, "<rubric-sha256>");
    let mut lines: Vec<String> = Vec::new();
    for line in text.split_inclusive('\n') {
        match line.find("\"schema_version\": ") {
            Some(at) => {
                let rest = &line[at + 18..];
                let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
                lines.push(format!("{}\"schema_version\": <n>{}", &line[..at], &rest[digits..]));
            }
            None if line.trim_start().starts_with("\"amendment\": ") => {
                // The last field of its op: the field before it loses its comma.
                if !line.trim_end().ends_with(',') {
                    if let Some(prev) = lines.last_mut() {
                        if let Some(k) = prev.rfind(',') {
                            prev.remove(k);
                        }
                    }
                }
            }
            None => lines.push(line.to_string()),
        }
    }
    lines.concat()
}

fn slug(case: &str) -> String {
    case.chars()
        .map(|c| {
            if c == ' ' || c == '/' {
                '_'
            } else if c == '@' {
                '-'
            } else {
                c
            }
        })
        .collect()
}

#[test]
fn polaris_outputs_are_byte_identical_to_before_the_rubric_model_changed() {
    let rubric_digest = hex(&std::fs::read(root().join("rubrics/polaris-2019.toml")).unwrap());
    let html = read("fixtures/polaris-before/html.sha256");
    let mut differ = Vec::new();
    let mut compared = 0;
    for case in read("fixtures/polaris-before/cases.txt").lines().filter(|l| !l.trim().is_empty()) {
        let args: Vec<&str> = case.split_whitespace().collect();
        let slug = slug(case);
        for fmt in ["text", "json", "markdown", "html"] {
            let out = redline().args(&args).args(["--format", fmt, "--color", "never"]).output().unwrap();
            let got = masked(&out.stdout, &rubric_digest);
            let same = if fmt == "html" {
                let want = html.lines().find(|l| l.ends_with(&format!("  {slug}"))).expect("an HTML digest");
                want.starts_with(&hex(got.as_bytes()))
            } else {
                got == read(format!("fixtures/polaris-before/{slug}.{fmt}"))
            };
            compared += 1;
            if !same {
                differ.push(format!("{case} --format {fmt}"));
            }
        }
    }
    assert_eq!(compared, 46 * 4, "every case in every format");
    assert!(differ.is_empty(), "Polaris output changed for:\n{}", differ.join("\n"));
}
