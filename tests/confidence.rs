//! Issue 9, done-when 3: no category reaches a level above its silence default without a
//! quoted rule match; every output shows each category's confidence; a delta that rests
//! on a review decision is marked, and the review shows in the diff's text output.

mod common;

use common::{json, redline, stdout};

const CT: &str = "statutes/CT/54-95c@2016.txt";
const PROPOSAL: &str = "proposals/CT/expand-vacatur.toml";

#[test]
fn a_level_above_the_default_always_quotes_its_rule() {
    let r = redline::rubric::builtin(redline::rubric::DEFAULT_RUBRIC).unwrap().unwrap();
    let mut checked = 0;
    for dir in ["statutes", "fixtures/excerpts", "fixtures/generalization"] {
        let mut stack = vec![common::root().join(dir)];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                if p.extension().is_none_or(|x| x != "txt") {
                    continue;
                }
                let doc = redline::statute::read(&p.display().to_string()).unwrap();
                for card in redline::rubric::score(&doc, &r) {
                    for c in &card.categories {
                        let cat = r.category(&c.id).unwrap();
                        if c.points > cat.default.points {
                            checked += 1;
                            assert_eq!(c.basis, redline::rubric::Basis::Rule, "{}: {}", p.display(), c.id);
                            assert!(!c.evidence.is_empty(), "{}: {} has no quote", p.display(), c.id);
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 50, "{checked}");
}

#[test]
fn score_outputs_show_each_category_confidence() {
    let v = json(&["score", CT, "--format", "json"], 0);
    let conf: Vec<&str> =
        v["categories"].as_array().unwrap().iter().map(|c| c["confidence"].as_str().unwrap()).collect();
    assert_eq!(
        conf,
        ["rule", "rule", "review", "rule", "rule", "rule", "rule", "default", "default", "default", "default"]
    );
    let text = String::from_utf8(stdout(&["score", CT, "--color", "never"])).unwrap();
    assert!(text.contains("5/30  review   Only prostitution-related"), "{text}");
    let md = String::from_utf8(stdout(&["score", CT, "--format", "markdown"])).unwrap();
    assert!(md.contains("| Category | Points | Max | Confidence | Level |"), "{md}");
    assert!(md.contains("| Burden of Proof | 0 | 5 | default |"), "{md}");
    let html = String::from_utf8(stdout(&["score", CT, "--format", "html"])).unwrap();
    assert!(html.contains("<td class=\"confidence\">default</td>"), "{html}");
}

#[test]
fn diff_outputs_mark_deltas_that_rest_on_review() {
    let v = json(&["diff", CT, PROPOSAL, "--format", "json"], 0);
    let offenses = v["delta"]["categories"].as_array().unwrap().iter().find(|c| c["id"] == "offenses_covered").unwrap();
    assert_eq!(offenses["review_before"], true);
    assert_eq!(offenses["review_after"], false);
    assert_eq!(offenses["confidence_before"], "review");
    assert_eq!(offenses["confidence_after"], "rule");
    // Amendment deltas carry the same flags.
    let marginal = &v["amendments"][0]["marginal"]["categories"][2];
    assert_eq!(marginal["review_before"], true);

    let out = redline().args(["diff", CT, PROPOSAL, "--color", "never"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Confidence"), "{text}");
    assert!(text.contains("+25  review → rule"), "{text}");
    assert!(
        text.contains("review: Offenses Covered (before): the eligible offenses are named only by citation"),
        "the diff's text output shows the review: {text}"
    );
    let md = String::from_utf8(stdout(&["diff", CT, PROPOSAL, "--format", "markdown"])).unwrap();
    assert!(md.contains("| ▲ +25 | **review → rule** |"), "{md}");
    assert!(md.contains("- **Review**, Offenses Covered (before):"), "{md}");
    let html = String::from_utf8(stdout(&["diff", CT, PROPOSAL, "--format", "html"])).unwrap();
    assert!(html.contains("<td class=\"confidence flag\">review → rule</td>"), "{html}");
}
