//! Statute shapes beyond the corpus (see fixtures/generalization/README.md): the rules
//! must reach the same level for the same reason in other wording.

mod common;

use common::json;

fn points(file: &str) -> (serde_json::Value, Vec<i64>) {
    let v = json(&["score", file, "--format", "json"], 0);
    let p = v["categories"].as_array().unwrap().iter().map(|c| c["points"].as_i64().unwrap()).collect();
    (v, p)
}

#[test]
fn relief_and_condition_in_different_sentences_still_qualify() {
    // (c) "must vacate the conviction" and (a) "a result of having been a trafficking
    // victim" are separate sentences; "additional action as is appropriate" is 10.
    let (_, p) = points("fixtures/generalization/il.txt");
    assert_eq!(p, [8, 5, 5, 10, 10, 4, 5, 0, 0, 0, 2]);
}

#[test]
fn expungement_with_a_mandatory_hearing() {
    let (v, p) = points("fixtures/generalization/oh.txt");
    assert_eq!(p, [4, 5, 5, 5, 10, 8, 0, 2, 0, 5, 2]);
    assert_eq!(v["categories"][6]["evidence"][0]["quote"], "court shall set a date for a hearing");
}

#[test]
fn general_law_scores_only_the_trafficking_ground() {
    // Subsection (2)'s bars (pending charges, violent offenses) belong to the misdemeanor
    // ground; the trafficking ground's own bar ("convicted of another crime since") counts.
    let (v, p) = points("fixtures/generalization/wa.txt");
    assert_eq!(v["scope"]["excluded"], serde_json::json!(["(1)", "(2)", "(3)"]));
    assert_eq!(p, [8, 5, 5, 5, 10, 8, 5, 0, 0, 0, 0]);
    assert_eq!(v["categories"][10]["evidence"][0]["provision"], "(4)");
}

#[test]
fn alternative_grounds_in_a_list_are_left_out() {
    // "(g) … due diligence" is another ground's: no time limit on the trafficking ground.
    let (v, p) = points("fixtures/generalization/ny.txt");
    assert_eq!(v["scope"]["excluded"], serde_json::json!(["(1)(a)", "(1)(b)", "(1)(g)", "(1)(h)", "(1)(j)"]));
    assert_eq!(p, [10, 5, 30, 10, 10, 8, 5, 0, 5, 5, 2]);
    // No offense is named, listed or excluded ("the judgment is a conviction where …"): all
    // offenses, decided by a rule that quotes those words (no longer a default to review).
    assert_eq!(v["categories"][2]["review"], false);
    assert_eq!(v["categories"][2]["evidence"][0]["quote"], "is a conviction where");
    // The nexus is the ground's own words, not the presumption proviso's.
    assert_eq!(v["categories"][4]["evidence"][0]["provision"], "(1)(i)");
}

#[test]
fn linked_sections_are_scored_together() {
    let (v, p) = points("fixtures/generalization/va.txt");
    assert_eq!(v["scope"]["sections"].as_array().unwrap().len(), 4);
    // The hearing is mandatory; the scorecard's level for a mandatory hearing with remote
    // appearance (1) has no rule, as no statute of three jurisdictions words it, so the
    // mandatory hearing scores 0.
    assert_eq!(p, [8, 5, 5, 5, 10, 4, 0, 5, 0, 0, 2]);
}

#[test]
fn a_ground_in_a_list_of_categories_is_scored_alone() {
    // "must be within one of the following categories: 1. … . 7. …": the list's lead-in
    // makes its items alternatives; the acquittal and dismissal grounds are not the
    // trafficking ground's, and the lead-in's "file a motion for expungement" is read with
    // item 7's "charged or arrested".
    let (v, p) = points("fixtures/generalization/ok.txt");
    assert_eq!(v["scope"]["excluded"], serde_json::json!(["(A)(1)", "(A)(2)", "(A)(3)", "(A)(4)", "(A)(5)", "(A)(6)"]));
    assert_eq!(p, [4, 10, 5, 5, 4, 8, 5, 0, 0, 0, 2]);
    assert_eq!(v["categories"][1]["evidence"][0]["provision"], "(A)(7)");
    assert_eq!(v["categories"][1]["evidence"][0]["quote"], "person has been charged");
}

#[test]
fn relief_inside_a_criminal_offense_section() {
    let (v, p) = points("fixtures/generalization/offense.txt");
    assert!(v["scope"]["applies"]["quote"].as_str().unwrap().contains("expunge"));
    assert_eq!(p, [4, 5, 5, 5, 10, 8, 5, 5, 0, 0, 2]);
    // "convicted under this section": the offense the section defines, flagged for review.
    assert_eq!(v["categories"][2]["evidence"][0]["quote"], "convicted under this section");
    assert_eq!(v["categories"][2]["review"], true);
}

#[test]
fn a_definition_in_the_text_is_read_where_its_term_is_used() {
    let (v, p) = points("fixtures/generalization/defn.txt");
    // "a qualifying offense" in (G)(1) is read with (2)'s definition, "any offense that is
    // not listed in Section 16-1-60": every offense but a list, 23 (alone, the term would
    // be coverage defined elsewhere, the lowest level for review).
    assert_eq!(p[2], 23, "{v}");
    assert_eq!(v["categories"][2]["evidence"][0]["provision"], "(G)(2)");
    assert_eq!(v["categories"][2]["review"], false);
}
