//! Issue 3, done-when 3: New York bills read alone, with pinned derived texts.

mod common;

use common::{json, read};
use redline::proposal::bill;

fn derived(bill_file: &str, section: &str) -> (String, String) {
    let b = bill::parse(bill_file, &read(bill_file));
    let s = b.sections.iter().find(|s| s.label == section).unwrap_or_else(|| panic!("{section} not found"));
    (s.before.clone(), s.after.clone())
}

fn assert_pinned(got: &str, fixture: &str) {
    let want = read(fixture);
    if got.trim_end() != want.trim_end() {
        for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
            if g != w {
                panic!("{fixture} differs at line {}:\n got: {g}\nwant: {w}", i + 1);
            }
        }
        panic!("{fixture}: line counts differ ({} vs {})", got.lines().count(), want.lines().count());
    }
}

#[test]
fn s4756_derived_texts() {
    let (before, after) = derived("proposals/NY/S4756-2023.txt", "§ 2");
    assert_pinned(&before, "fixtures/bills/S4756-2023.s2.before.txt");
    assert_pinned(&after, "fixtures/bills/S4756-2023.s2.after.txt");
    assert!(after.contains("(IV) THE GRANTING OF A MOTION UNDER THIS PARAGRAPH SHALL BE DETERMINED"));
    assert!(!before.contains("GRANTING") && !before.contains("LBD08744") && !before.contains("EXPLANATION"));
}

#[test]
fn s215_derived_texts() {
    let (before, after) = derived("proposals/NY/S215-2023.txt", "§ 2");
    assert_pinned(&before, "fixtures/bills/S215-2023.s2.before.txt");
    assert_pinned(&after, "fixtures/bills/S215-2023.s2.after.txt");
    assert!(before.contains("where the defendant's\nparticipation"));
    assert!(after.contains("where the APPLICANT'S\nparticipation"));
    assert!(before.contains("\n6. If the court grants a motion under paragraph (i) or paragraph (k)"));
    assert!(after.contains("\n5. If the court grants a motion under paragraph (H), (I), (J), (K) OR (L)"));
}

#[test]
fn new_york_bills_report_no_score_change() {
    for b in ["proposals/NY/S4756-2023.txt", "proposals/NY/S215-2023.txt"] {
        let v = json(&["diff", b, "--format", "json"], 0);
        assert_eq!(v["delta"]["total"], 0, "{b}");
        assert!(v["delta"]["categories"].as_array().unwrap().iter().all(|c| c["delta"] == 0), "{b}");
        assert!(
            v["before"]["scope"]["applies"].is_object(),
            "{b}: the restated text grants trafficking-specific relief"
        );
        let changed = v["redline"].as_array().unwrap().iter().filter(|e| e["status"] != "unchanged").count();
        assert!(changed > 0, "{b}: the redline shows the bill's changes");
    }
}

#[test]
fn what_s215_restates_besides_440_10_is_reported() {
    let v = json(&["diff", "proposals/NY/S215-2023.txt", "--format", "json"], 0);
    let notes: Vec<&str> = v["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    assert!(
        notes.iter().any(|n| n.starts_with("§ 3 restates section 440.20: no trafficking-specific relief")),
        "{notes:?}"
    );
    assert!(notes.iter().any(|n| n.contains("new text with no trafficking-specific relief")), "{notes:?}");
    assert_eq!(v["origin"]["sections"], serde_json::json!(["§ 2"]));
}
