//! Issue 2, done-when 4: `redline rubric check` runs every example; a broken one fails.

mod common;

use common::{read, redline};

#[test]
fn shipped_rubric_examples_all_pass() {
    let out = redline().args(["rubric", "check", "rubrics/polaris-2019.toml"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("11 categories"), "{text}");
    assert!(!text.contains("FAIL"), "{text}");
    // The counts are reported: "N of N examples and cases pass".
    let counts = text.split(" of ").collect::<Vec<_>>();
    assert!(counts.len() >= 2, "{text}");
}

#[test]
fn built_in_id_is_checked_too() {
    let out = redline().args(["rubric", "check", "polaris-2019"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_broken_example_fails_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let broken = read("rubrics/polaris-2019.toml").replacen(
        "{ text = \"The prosecutor may rebut the presumption by clear and convincing evidence.\", source = \"paraphrase\" }",
        "{ text = \"The court finds by clear and convincing evidence.\", source = \"paraphrase\" }",
        1,
    );
    let path = dir.path().join("broken.toml");
    std::fs::write(&path, broken).unwrap();
    let out = redline().args(["rubric", "check"]).arg(&path).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("FAIL rule `clear-and-convincing`: should not match but did"), "{text}");
}

#[test]
fn list_and_show() {
    let out = redline().args(["rubric", "list"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("polaris-2019"), "{text}");
    let out = redline().args(["rubric", "show", "polaris-2019"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Burden of Proof (burden_of_proof)"));
    assert!(text.contains("Preponderance of the evidence."));
}

/// The library check gives the same verdict as the command (and runs under `cargo test`).
#[test]
fn library_check_passes() {
    let r = redline::rubric::builtin("polaris-2019").unwrap().unwrap();
    let report = redline::rubric::check::check(&r);
    assert!(report.passed(), "{:#?}", report.failures);
    assert!(report.examples_passed > 100 && report.cases_passed > 20);
}
