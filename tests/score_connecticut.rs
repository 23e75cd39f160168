//! Issue 2, done-when 1: Connecticut's § 54-95c as Polaris scored it (45 points), with
//! evidence that quotes the file exactly.

mod common;

use common::{json, read, redline};

const IDS: [&str; 11] = [
    "range_of_relief",
    "arrests_adjudications",
    "offenses_covered",
    "judicial_discretion",
    "nexus",
    "time_limits",
    "hearing",
    "burden_of_proof",
    "official_documentation",
    "confidentiality",
    "additional_conditions",
];

/// Checks every evidence item: the quote is the file's bytes at start..end, and the
/// line and column point at start.
fn assert_evidence_is_exact(v: &serde_json::Value, file: &str) {
    let bytes = read(file);
    for cat in v["categories"].as_array().unwrap() {
        for e in cat["evidence"].as_array().unwrap() {
            let (s, t) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
            assert_eq!(&bytes[s..t], e["quote"].as_str().unwrap(), "{}: quote is not the file's text", cat["id"]);
            let line = bytes[..s].matches('\n').count() + 1;
            assert_eq!(e["line"].as_u64().unwrap() as usize, line, "{}: wrong line", cat["id"]);
            let col = bytes[..s].rsplit('\n').next().unwrap().chars().count() + 1;
            assert_eq!(e["column"].as_u64().unwrap() as usize, col, "{}: wrong column", cat["id"]);
        }
    }
}

#[test]
fn connecticut_2016_scores_45_as_polaris_did() {
    let file = "statutes/CT/54-95c@2016.txt";
    let v = json(&["score", file, "--format", "json"], 0);
    assert_eq!(v["schema_version"], 3);
    assert_eq!(v["total"], 45);
    assert_eq!(v["document"]["jurisdiction"], "CT");
    assert_eq!(v["rubric"]["id"], "polaris-2019");
    let cats = v["categories"].as_array().unwrap();
    let got: Vec<(&str, i64)> =
        cats.iter().map(|c| (c["id"].as_str().unwrap(), c["points"].as_i64().unwrap())).collect();
    let want: Vec<(&str, i64)> = IDS.iter().copied().zip([8, 5, 5, 5, 10, 8, 2, 0, 0, 0, 2]).collect();
    assert_eq!(got, want);
    assert_evidence_is_exact(&v, file);
    for c in cats {
        match c["basis"].as_str().unwrap() {
            // Points from a rule come with evidence in the (single, unenumerated) root.
            "rule" => {
                let ev = c["evidence"].as_array().unwrap();
                assert!(!ev.is_empty(), "{} has no evidence", c["id"]);
                assert!(ev.iter().all(|e| e["provision"] == ""), "{}", c["id"]);
            }
            // A default says what was looked for.
            "default" => {
                let note = c["note"].as_str().unwrap();
                assert!(note.contains("looked for:"), "{}: {note}", c["id"]);
            }
            other => panic!("unexpected basis {other}"),
        }
    }
    let burden = &cats[7];
    assert!(burden["note"].as_str().unwrap().contains("preponderance"));
    // The nexus is read from "a result of", with the quote in the file.
    assert!(cats[4]["evidence"][0]["quote"].as_str().unwrap().contains("a result of having been a victim"));
}

#[test]
fn connecticut_2021_evidence_names_the_right_subsections() {
    let file = "statutes/CT/54-95c@2021.txt";
    let v = json(&["score", file, "--format", "json"], 0);
    assert_evidence_is_exact(&v, file);
    let by_id = |id: &str| v["categories"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap().clone();
    assert_eq!(by_id("offenses_covered")["points"], 17);
    assert_eq!(by_id("offenses_covered")["evidence"][0]["provision"], "(a)");
    assert_eq!(by_id("additional_conditions")["points"], 0);
    assert_eq!(by_id("additional_conditions")["evidence"][0]["provision"], "(b)");
    assert_eq!(by_id("judicial_discretion")["evidence"][0]["provision"], "(c)");
    assert_eq!(v["total"], 55);
}

#[test]
fn offense_list_by_citation_is_flagged_for_review() {
    let v = json(&["score", "statutes/CT/54-95c@2016.txt", "--format", "json"], 0);
    let offenses = &v["categories"][2];
    assert_eq!(offenses["review"], true);
    assert!(offenses["note"].as_str().unwrap().contains("named only by citation"));
    // A category decided by plain words is not flagged.
    assert_eq!(v["categories"][0]["review"], false);
}

#[test]
fn analyst_override_is_shown_not_hidden() {
    let v = json(
        &[
            "score",
            "statutes/CT/54-95c@2016.txt",
            "--format",
            "json",
            "--assume",
            "offenses_covered=17:§ 53a-82 read broadly",
        ],
        0,
    );
    assert_eq!(v["total"], 57);
    let o = &v["categories"][2]["override"];
    assert_eq!(o["points"], 17);
    assert_eq!(o["computed"], 5);
    assert_eq!(o["reason"], "§ 53a-82 read broadly");
    let text = redline()
        .args([
            "score",
            "statutes/CT/54-95c@2016.txt",
            "--assume",
            "offenses_covered=17:read broadly",
            "--color",
            "never",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("[ANALYST OVERRIDE]"), "{text}");
    assert!(text.contains("override: 17 (computed 5): read broadly"), "{text}");
}

#[test]
fn unknown_override_category_is_an_error() {
    let out = redline().args(["score", "statutes/CT/54-95c@2016.txt", "--assume", "nope=3"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.lines().next().unwrap().contains("no category `nope`"), "{err}");
    // The error lists the ids there are.
    assert!(err.contains("its categories are range_of_relief, arrests_adjudications, offenses_covered,"), "{err}");
}

/// An override takes the wording of the level with the assumed points; the engine's own
/// level is kept beside it.
#[test]
fn an_override_shows_the_assumed_levels_wording() {
    let args =
        ["score", "statutes/CT/54-95c@2016.txt", "--format", "json", "--assume", "offenses_covered=17:read broadly"];
    let v = json(&args, 0);
    let c = &v["categories"][2];
    assert_eq!(c["level"], "All misdemeanor and nonviolent felony offenses are eligible for relief.");
    assert_eq!(
        c["override"]["computed_level"],
        "Only prostitution-related or sex-related crimes are eligible for relief."
    );
}

/// `diff --assume` applies the assumption to both sides: that category's delta is zero and
/// shown as an override.
#[test]
fn diff_takes_assumptions_on_both_sides() {
    let args = [
        "diff",
        "statutes/CT/54-95c@2016.txt",
        "statutes/CT/54-95c@2021.txt",
        "--format",
        "json",
        "--assume",
        "offenses_covered=17:read broadly",
    ];
    let v = json(&args, 0);
    assert_eq!(v["before"]["total"], 57);
    assert_eq!(v["after"]["total"], 55);
    let d = v["delta"]["categories"].as_array().unwrap().iter().find(|c| c["id"] == "offenses_covered").unwrap();
    assert_eq!(d["delta"], 0);
    assert_eq!(d["confidence_before"], "override");
    assert_eq!(d["confidence_after"], "override");
    let out = redline()
        .args(["diff", "statutes/CT/54-95c@2016.txt", "statutes/CT/54-95c@2021.txt", "--assume", "nope=1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn text_scorecard_reads_at_a_glance() {
    let out = redline().args(["score", "statutes/CT/54-95c@2016.txt", "--color", "never"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("45/100"));
    assert!(text.contains("Range of Relief"));
    assert!(text.contains("8/10  rule     Statute provides vacatur of convictions."), "{text}");
    // Each category says how it was decided: a rule's quote, a default, or a review.
    assert!(text.contains("5/30  review   Only prostitution-related"), "{text}");
    assert!(text.contains("0/5  default  Statute silent on standard of proof."), "{text}");
    assert!(text.contains("“court shall vacate any judgment of conviction”"), "{text}");
    assert!(text.contains("Burden of Proof"));
    assert!(!text.contains('\u{1b}'), "no escape codes with --color never");
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let colored = redline().args(["score", "statutes/CT/54-95c@2016.txt", "--color", "always"]).output().unwrap();
    assert!(colored.stdout.contains(&0x1b), "--color always colors");
    let auto_piped = redline().args(["score", "statutes/CT/54-95c@2016.txt"]).output().unwrap();
    assert!(!auto_piped.stdout.contains(&0x1b), "auto does not color a pipe");
    let no_color = redline().env("NO_COLOR", "1").args(["score", "statutes/CT/54-95c@2016.txt"]).output().unwrap();
    assert!(!no_color.stdout.contains(&0x1b));
    let json = redline()
        .args(["score", "statutes/CT/54-95c@2016.txt", "--format", "json", "--color", "always"])
        .output()
        .unwrap();
    assert!(!json.stdout.contains(&0x1b), "JSON never carries escape codes");
}

#[test]
fn fail_under_exits_one() {
    let out = redline().args(["score", "statutes/CT/54-95c@2016.txt", "--fail-under", "50"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = redline().args(["score", "statutes/CT/54-95c@2016.txt", "--fail-under", "45"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn standard_input_is_read_with_dash() {
    let text = read("statutes/CT/54-95c@2016.txt");
    let out = redline().args(["score", "-", "--format", "json"]).write_stdin(text).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"], 45);
    assert_eq!(v["document"]["path"], "<stdin>");
}

#[test]
fn output_is_deterministic() {
    let a = redline().args(["score", "statutes/DC/22-1844-1847@2019.txt", "--format", "json"]).output().unwrap();
    let b = redline().args(["score", "statutes/DC/22-1844-1847@2019.txt", "--format", "json"]).output().unwrap();
    assert_eq!(a.stdout, b.stdout);
}
