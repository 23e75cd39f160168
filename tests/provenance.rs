//! Issue 15, done-when 4: each change of a proposal's redline names the amendment that
//! made it (`amendment` on a JSON redline op), read from the bytes each amendment
//! inserted and struck; equal text names none.

mod common;

use common::json;

/// (op, text, amendment) of every op of the redline that is not equal text, and how many
/// equal ops name an amendment.
fn changes(v: &serde_json::Value) -> (Vec<(String, String, Option<String>)>, usize) {
    let mut out = Vec::new();
    let mut equal_named = 0;
    for entry in v["redline"].as_array().unwrap() {
        for op in entry["ops"].as_array().unwrap() {
            let amendment = op.get("amendment").map(|a| a.as_str().unwrap().to_string());
            if op["op"] == "equal" {
                equal_named += usize::from(amendment.is_some());
                continue;
            }
            out.push((op["op"].as_str().unwrap().to_string(), op["text"].as_str().unwrap().to_string(), amendment));
        }
    }
    (out, equal_named)
}

#[test]
fn every_change_of_a_proposal_names_its_amendment() {
    let v = json(&["diff", "statutes/CT/54-95c@2016.txt", "proposals/CT/expand-vacatur.toml", "--format", "json"], 0);
    let (ops, equal_named) = changes(&v);
    assert_eq!(equal_named, 0);
    assert!(ops.len() >= 5, "{ops:?}");
    let named = |text: &str| ops.iter().find(|(_, t, _)| t.contains(text)).and_then(|o| o.2.clone());
    // Each amendment's own words, struck and inserted.
    assert_eq!(named("pursuant to § 53a-82").as_deref(), Some("other-offenses"));
    assert_eq!(named("for any offense").as_deref(), Some("other-offenses"));
    assert_eq!(named("in its discretion").as_deref(), Some("court-discretion"));
    assert_eq!(named("The defendant shall send notice").as_deref(), Some("victim-notice"));
    assert_eq!(named("consider any input from a victim").as_deref(), Some("victim-notice"));
    for (op, text, amendment) in &ops {
        assert!(amendment.is_some(), "{op} {text:?} names no amendment");
    }
}

#[test]
fn a_diff_of_two_texts_names_no_amendment() {
    let v = json(&["diff", "statutes/CT/54-95c@2016.txt", "statutes/CT/54-95c@2021.txt", "--format", "json"], 0);
    let (ops, equal_named) = changes(&v);
    assert!(!ops.is_empty());
    assert_eq!(equal_named, 0);
    assert!(ops.iter().all(|o| o.2.is_none()), "{ops:?}");
}

#[test]
fn alternatives_name_the_amendments_of_the_combination_shown() {
    let v = json(&["diff", "fixtures/whatif/statute.txt", "fixtures/whatif/alternatives.toml", "--format", "json"], 0);
    let (ops, _) = changes(&v);
    let shown: Vec<String> = v["combinations"][0]["amendments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    assert!(!ops.is_empty());
    for (op, text, amendment) in &ops {
        let a = amendment.as_deref().unwrap_or_else(|| panic!("{op} {text:?} names no amendment"));
        assert!(a.split(", ").all(|id| shown.iter().any(|s| s == id)), "{a} is not in {shown:?}");
    }
}

#[test]
fn a_bill_section_compared_alone_names_itself() {
    let v = json(&["diff", "proposals/NY/S215-2023.txt", "--format", "json"], 0);
    let (ops, equal_named) = changes(&v);
    assert!(!ops.is_empty());
    assert_eq!(equal_named, 0);
    assert!(ops.iter().all(|o| o.2.as_deref() == Some("§ 2")), "{ops:?}");
}
