//! Issue 14: competing amendments side by side, and how amendments interact.

mod common;

use common::json;
use serde_json::Value;

fn interaction<'a>(v: &'a Value, a: &str, b: &str) -> &'a Value {
    v["interactions"].as_array().unwrap().iter().find(|i| i["a"] == a && i["b"] == b).unwrap()
}

/// A proposal with a group of alternatives: each alternative's marginal effect against
/// the same base, one whole change per combination with sequential changes that add up
/// within it, and no conflict error for alternatives that strike the same words.
#[test]
fn alternatives_report_each_combination() {
    let v = json(&["diff", "fixtures/whatif/alternatives.toml", "--format", "json"], 0);
    let combos = v["combinations"].as_array().unwrap();
    assert_eq!(combos.len(), 2);
    assert_eq!(
        combos[0]["amendments"],
        serde_json::json!(["any-offense", "adjudications", "shall-to-may", "no-notice"])
    );
    assert_eq!(
        combos[1]["amendments"],
        serde_json::json!(["any-offense", "adjudications", "shall-to-must", "no-notice"])
    );
    for c in combos {
        let sum: f64 = c["sequential"].as_array().unwrap().iter().map(|s| s["delta"]["total"].as_f64().unwrap()).sum();
        assert_eq!(sum, c["delta"]["total"].as_f64().unwrap(), "sequential changes add up within {c}");
    }
    let amendments = v["amendments"].as_array().unwrap();
    let may = amendments.iter().find(|a| a["id"] == "shall-to-may").unwrap();
    let must = amendments.iter().find(|a| a["id"] == "shall-to-must").unwrap();
    assert_eq!((may["group"].as_str(), must["group"].as_str()), (Some("discretion"), Some("discretion")));
    assert_eq!(may["applied"], true, "the first alternative is the one the redline shows");
    assert_eq!(must["applied"], false);
    assert_eq!(
        v["after"]["total"],
        combos[0]["delta"]["total"].as_f64().unwrap() + v["before"]["total"].as_f64().unwrap()
    );
}

/// The interaction matrix: every pair computed by applying both and scoring.
#[test]
fn the_interaction_matrix_is_computed_for_each_pair() {
    let v = json(&["diff", "fixtures/whatif/alternatives.toml", "--interactions", "--format", "json"], 0);
    assert_eq!(v["interactions"].as_array().unwrap().len(), 10, "5 amendments, 10 pairs");
    assert_eq!(interaction(&v, "shall-to-may", "shall-to-must")["kind"], "alternatives");
    let i = interaction(&v, "any-offense", "no-notice");
    assert_eq!(i["kind"], "independent");
    assert_eq!(i["together"], i["sum"]);
    assert_eq!(i["additive"], true);
    // One edits the words the other inserts.
    let i = interaction(&v, "adjudications", "shall-to-may");
    assert_eq!(i["kind"], "overlapping");
    assert_eq!(i["dependent"], true);
    // Under Shared Hope, eligibility for any offense and vacatur of adjudications in
    // different subsections reach full credit only together: their effects do not add up.
    let v = json(
        &[
            "diff",
            "fixtures/whatif/alternatives.toml",
            "--interactions",
            "--rubric",
            "sharedhope-2023",
            "--format",
            "json",
        ],
        0,
    );
    let i = interaction(&v, "any-offense", "adjudications");
    assert_eq!(i["kind"], "order-dependent");
    assert_eq!(i["additive"], false);
    assert!(i["shared"].as_array().unwrap().is_empty());

    // The shipped proposal: its three amendments all edit the one paragraph of § 54-95c.
    let v = json(
        &[
            "diff",
            "statutes/CT/54-95c@2016.txt",
            "proposals/CT/expand-vacatur.toml",
            "--interactions",
            "--format",
            "json",
        ],
        0,
    );
    let cells = v["interactions"].as_array().unwrap();
    assert_eq!(cells.len(), 3);
    for c in cells {
        assert_eq!(c["kind"], "overlapping", "{c}");
        assert_eq!(c["shared"], serde_json::json!(["Conn. Gen. Stat. § 54-95c"]));
        assert_eq!(c["additive"], true);
    }
    assert_eq!(interaction(&v, "other-offenses", "victim-notice")["together"], 23);
}
