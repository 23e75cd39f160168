//! Issue 13: the second scorecard. Shared Hope's 2023 report card reports Connecticut's
//! published figures with the vacatur goal read from the text; several rubrics run at
//! once; ranges where the method does not fix the points; the PIC 2019 figures are
//! baseline-only and say so.

mod common;

use common::{json, read, redline};
use serde_json::Value;

fn span(v: &Value) -> (f64, f64) {
    (v["min"].as_f64().unwrap(), v["max"].as_f64().unwrap())
}

fn goal<'a>(standing: &'a Value, id: &str) -> &'a Value {
    standing["goals"].as_array().unwrap().iter().find(|g| g["id"] == id).unwrap()
}

fn text(args: &[&str]) -> String {
    let out = redline().args(args).args(["--color", "never"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Done-when 1: the law the 2023 card graded reports the published 49.5, F, Tier II and
/// the six area scores, and the vacatur goal's reading with its quote.
#[test]
fn connecticut_2021_reports_the_published_card_and_reads_vacatur() {
    let v = json(&["score", "statutes/CT/54-95c@2021.txt", "--rubric", "sharedhope-2023", "--format", "json"], 0);
    let st = &v["standing"];
    assert_eq!(st["published"]["total"], 49.5);
    assert_eq!(st["published"]["grade"], "F");
    assert_eq!(st["published"]["tier"], "Tier II");
    assert_eq!(span(&st["total"]), (49.5, 49.5));
    assert_eq!(st["grade"]["low"], "F");
    let areas: Vec<(String, f64)> = st["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_str().unwrap().to_string(), a["published"].as_f64().unwrap()))
        .collect();
    let want: Vec<(String, f64)> = [("1", 12.0), ("2", 6.0), ("3", 5.0), ("4", 10.0), ("5", 5.0), ("6", 8.5)]
        .map(|(a, p)| (a.to_string(), p))
        .into();
    assert_eq!(areas, want);
    assert_eq!(span(&st["extra_credit"]), (3.0, 3.0));
    // The vacatur goal: read from the text (a gap: convictions only), worth 0 to 2.5,
    // agreeing with the card's "gap", with the words that make it readable.
    let g = goal(st, "vacatur");
    assert_eq!(g["reading"]["status"], "gap");
    assert_eq!(span(&g["reading"]["points"]), (0.0, 2.5));
    assert_eq!(g["published_status"], "gap");
    assert_eq!(span(&g["bound"]), (0.0, 2.5), "area 4's 10 points leave the vacatur goal anywhere in 0 to 2.5");
    assert_eq!(g["agrees"], true);
    let cat = v["categories"].as_array().unwrap().iter().find(|c| c["id"] == "vacatur").unwrap();
    assert_eq!(cat["gate"]["provision"], "(a)");
    assert!(cat["gate"]["quote"].as_str().unwrap().contains("vacate"), "{}", cat["gate"]);
    assert_eq!(cat["upto"], 2.5);
    // A goal the text cannot decide keeps its published status and says so.
    assert_eq!(st["undecided"], 39);
    let restitution = goal(st, "restitution");
    assert!(restitution["reading"].is_null());
    assert_eq!(restitution["published_status"], "accomplished");
    assert_eq!(span(&restitution["bound"]), (2.5, 2.5));
    let undecided = v["categories"].as_array().unwrap().iter().find(|c| c["id"] == "restitution").unwrap();
    assert_eq!(undecided["confidence"], "undecidable");

    let t = text(&["score", "statutes/CT/54-95c@2021.txt", "--rubric", "sharedhope-2023"]);
    assert!(t.contains("49.5 of 100 (+ up to 10 extra credit), grade F"), "{t}");
    assert!(t.contains("Tier II as published"), "{t}");
    assert!(t.contains("4. Access to Justice for Trafficking Survivors"), "{t}");
    assert!(t.contains("Vacatur (area 4)  0 to 2.5 of 2.5"), "{t}");
    assert!(t.contains("found: (a) (line 10:263)"), "{t}");
    assert!(t.contains("39 of 40 goals are not decided by this text and keep their published figures"), "{t}");
}

/// A reading that differs from the published status is shown beside it, marked for
/// review, and never replaces the published figure.
#[test]
fn a_reading_that_differs_from_the_card_is_marked_and_the_card_stands() {
    let v = json(
        &["score", "proposals/CT/vacatur-for-youth-2021.toml", "--rubric", "sharedhope-2023", "--format", "json"],
        0,
    );
    let st = &v["standing"];
    let g = goal(st, "vacatur");
    assert_eq!(g["reading"]["status"], "accomplished");
    assert_eq!(g["published_status"], "gap");
    assert_eq!(g["agrees"], false);
    assert!(g["review"].as_str().unwrap().contains("published figure is kept"), "{g}");
    assert_eq!(span(&st["total"]), (49.5, 49.5), "the published total stands");
    let t = text(&["score", "proposals/CT/vacatur-for-youth-2021.toml", "--rubric", "sharedhope-2023"]);
    assert!(t.contains("[REVIEW]"), "{t}");
    assert!(t.contains("the text reads `accomplished` but the card published `gap`"), "{t}");
}

/// Done-when 2: the 2016 → 2021 change and a shipped proposal on the 2021 text, under
/// every scorecard: Polaris exact, Shared Hope exact where the method fixes it and a
/// range where it does not.
#[test]
fn both_scorecards_in_one_diff_with_ranges_where_the_method_does_not_fix_points() {
    let v = json(
        &["diff", "statutes/CT/54-95c@2016.txt", "statutes/CT/54-95c@2021.txt", "--rubric", "all", "--format", "json"],
        0,
    );
    let cards = v["scorecards"].as_array().unwrap();
    let ids: Vec<&str> = cards.iter().map(|c| c["before"]["rubric"]["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["polaris-2019", "sharedhope-2023", "pic-2019"]);
    assert_eq!(v["schema_version"], 3);
    assert_eq!(cards[0]["delta"]["total"], cards[0]["after"]["total"].as_f64().unwrap() - 45.0);
    assert!(cards[0].get("standing").is_none(), "Polaris has no standing");
    // Both texts are gaps for the vacatur goal: exactly no change.
    assert_eq!(span(&cards[1]["standing"]["change"]["delta"]), (0.0, 0.0));
    assert!(cards[1]["standing"]["change"]["goals"].as_array().unwrap().is_empty());

    let v = json(&["diff", "proposals/CT/vacatur-for-youth-2021.toml", "--rubric", "all", "--format", "json"], 0);
    let sh = &v["scorecards"][1]["standing"];
    assert_eq!(span(&sh["change"]["before"]), (49.5, 49.5));
    assert_eq!(span(&sh["change"]["after"]), (49.5, 52.0));
    assert_eq!(span(&sh["change"]["delta"]), (0.0, 2.5));
    let area4 = sh["change"]["areas"].as_array().unwrap().iter().find(|a| a["id"] == "4").unwrap();
    assert_eq!(span(&area4["after"]), (10.0, 12.5));
    assert_eq!(sh["change"]["grade_before"]["low"], "F");
    assert_eq!(sh["change"]["grade_after"]["high"], "F");
    let amendments = sh["amendments"].as_array().unwrap();
    assert_eq!(amendments[0]["id"], "any-offense");
    assert_eq!(span(&amendments[0]["marginal"]["delta"]), (0.0, 0.0), "convictions only stays a gap: exactly 0");
    assert_eq!(amendments[1]["id"], "adjudications");
    assert_eq!(span(&amendments[1]["marginal"]["delta"]), (0.0, 2.5));
    assert_eq!(span(&amendments[1]["sequential"]["delta"]), (0.0, 2.5));
    // Polaris in the same run: exact points per amendment.
    let pol = &v["scorecards"][0];
    assert_eq!(pol["amendments"][0]["marginal"]["total"], 13);
    assert_eq!(pol["amendments"][1]["marginal"]["total"], 0);
    // PIC: nothing decidable, said plainly.
    let pic = &v["scorecards"][2]["standing"];
    assert_eq!(pic["before"]["published"]["total"], 79);
    assert_eq!(pic["before"]["grade"]["low"], "C");

    let t = text(&["diff", "proposals/CT/vacatur-for-youth-2021.toml", "--rubric", "all"]);
    assert_eq!(t.matches("Redline:").count(), 1, "the redline once: {t}");
    assert!(t.contains("Score: 55 → 68 (+13) under Polaris 2019"), "{t}");
    assert!(t.contains("Score: 49.5 → 49.5 to 52 (0 to +2.5) under Shared Hope 2023; grade F"), "{t}");
    assert!(t.contains("Vacatur: gap (0 to 2.5) → accomplished (2.5): 0 to +2.5"), "{t}");
    assert!(t.contains("     marginal   0 to +2.5 (Vacatur 0 to +2.5)"), "{t}");
    assert!(t.contains("Score: 79 → 79 (0) under PIC 2019"), "{t}");
    assert!(t.contains("No part of this scorecard is decided by a statute's text under this rubric"), "{t}");
    for fmt in ["markdown", "html"] {
        let out = text(&["diff", "proposals/CT/vacatur-for-youth-2021.toml", "--rubric", "all", "--format", fmt]);
        for want in ["Polaris 2019", "Shared Hope 2023", "PIC 2019", "0 to +2.5", "49.5 to 52"] {
            assert!(out.contains(want), "{fmt} lacks {want}");
        }
        let redlines =
            if fmt == "html" { out.matches("<h2>Redline</h2>").count() } else { out.matches("## Redline").count() };
        assert_eq!(redlines, 1, "{fmt}: the redline once");
    }
}

/// With one rubric the JSON is one scorecard object, as before; several wrap them.
#[test]
fn several_rubrics_wrap_the_json_and_one_does_not() {
    let one = json(&["score", "statutes/CT/54-95c@2021.txt", "--format", "json"], 0);
    assert!(one.get("scorecards").is_none());
    assert_eq!(one["rubric"]["id"], "polaris-2019");
    let two = json(
        &[
            "score",
            "statutes/CT/54-95c@2021.txt",
            "--rubric",
            "polaris-2019",
            "--rubric",
            "sharedhope-2023",
            "--format",
            "json",
        ],
        0,
    );
    let cards = two["scorecards"].as_array().unwrap();
    assert_eq!(cards.len(), 2);
    assert_eq!(cards[0], one, "the first is the one-rubric object");
    assert_eq!(cards[1]["rubric"]["id"], "sharedhope-2023");
}

/// A jurisdiction without published figures: every undecided goal counts as its whole
/// range, and the grade is a range too.
#[test]
fn without_published_figures_the_total_is_a_range() {
    let v = json(&["score", "statutes/KY/529.160@2013.txt", "--rubric", "sharedhope-2023", "--format", "json"], 0);
    let st = &v["standing"];
    assert!(st["published"].is_null());
    assert_eq!(span(&st["total"]), (0.0, 110.0));
    assert_eq!((st["grade"]["low"].as_str(), st["grade"]["high"].as_str()), (Some("F"), Some("A")));
    assert_eq!(goal(st, "vacatur")["reading"]["status"], "gap");
    let t = text(&["score", "statutes/KY/529.160@2013.txt", "--rubric", "sharedhope-2023"]);
    assert!(t.contains("No published figures for KY in this rubric"), "{t}");
}

/// Done-when 3: `rubric check` runs Shared Hope's examples and loads PIC.
#[test]
fn rubric_check_runs_the_new_rubrics() {
    let out = redline().args(["rubric", "check", "sharedhope-2023"]).output().unwrap();
    let t = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.contains("40 categories"), "{t}");
    assert!(!t.contains("FAIL"), "{t}");
    let out = redline().args(["rubric", "check", "pic-2019"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().contains("6 categories"));
}

/// A rubric's published figures are checked on load: areas that do not add up to the
/// total are an error at the total's line and column.
#[test]
fn published_figures_that_do_not_add_up_are_refused_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let bad = read("rubrics/pic-2019.toml").replace("total = 79", "total = 80");
    let path = dir.path().join("pic.toml");
    std::fs::write(&path, &bad).unwrap();
    let out = redline().args(["rubric", "check"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    let line = bad.lines().position(|l| l == "total = 80").unwrap() + 1;
    assert!(err.lines().next().unwrap().contains(&format!("pic.toml:{line}:9")), "{err}");
    assert!(err.contains("do not add up to the total of 80"), "{err}");
    // A grade the total does not earn.
    let bad = read("rubrics/sharedhope-2023.toml").replace("grade = \"F\"", "grade = \"D\"");
    std::fs::write(&path, &bad).unwrap();
    let out = redline().args(["rubric", "check"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("a total of 49.5 earns F, not D"));
    // An area whose goals' published statuses cannot hold its points.
    let bad = read("rubrics/sharedhope-2023.toml")
        .replace("\"4\" = 10,", "\"4\" = 4,")
        .replace("total = 49.5", "total = 43.5");
    std::fs::write(&path, &bad).unwrap();
    let out = redline().args(["rubric", "check"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("area `4`'s 4 points lie outside the 5 to 15"), "{err}");
}

/// A change whose range crosses a grade boundary names both grades, for the whole change
/// and for the amendment that makes it (a copy of the rubric with Connecticut's figures
/// raised to 59.5, consistent with the goals' statuses).
#[test]
fn a_grade_the_change_may_move_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = read("rubrics/sharedhope-2023.toml")
        .replace("areas = { \"1\" = 12, \"2\" = 6,", "areas = { \"1\" = 17.5, \"2\" = 10.5,")
        .replace("total = 49.5", "total = 59.5");
    let path = dir.path().join("sh.toml");
    std::fs::write(&path, rubric).unwrap();
    let path = path.to_str().unwrap();
    let v = json(&["diff", "proposals/CT/vacatur-for-youth-2021.toml", "--rubric", path, "--format", "json"], 0);
    let change = &v["standing"]["change"];
    assert_eq!(span(&change["after"]), (59.5, 62.0));
    assert_eq!((change["grade_after"]["low"].as_str(), change["grade_after"]["high"].as_str()), (Some("F"), Some("D")));
    let t = text(&["diff", "proposals/CT/vacatur-for-youth-2021.toml", "--rubric", path]);
    assert!(t.contains("(0 to +2.5) under Shared Hope 2023; grade F → F to D"), "{t}");
    assert!(t.contains("     marginal   0 to +2.5 (Vacatur 0 to +2.5); grade F → F to D"), "{t}");
    assert!(t.contains("     marginal   0 (no goal changes)\n"), "no grade named where none moves: {t}");
}

/// A text without record relief for trafficking victims does not decide the vacatur goal
/// (the state may grant it elsewhere): it says so, and the goal keeps its whole range.
#[test]
fn a_text_without_trafficking_relief_leaves_the_vacatur_goal_undecided() {
    let v = json(&["score", "statutes/IA/710A.3@current.txt", "--rubric", "sharedhope-2023", "--format", "json"], 0);
    let g = goal(&v["standing"], "vacatur");
    assert!(g["reading"].is_null());
    assert_eq!(v["standing"]["undecided"], 40);
    let cat = v["categories"].as_array().unwrap().iter().find(|c| c["id"] == "vacatur").unwrap();
    assert_eq!(cat["basis"], "undecidable");
    assert!(cat["note"].as_str().unwrap().contains("the state may grant it in another statute"));
    let t = text(&["score", "statutes/IA/710A.3@current.txt", "--rubric", "sharedhope-2023"]);
    assert!(t.contains("Vacatur (area 4): not decided by this text:"), "{t}");
    assert!(!t.contains("No part of this scorecard is decided"), "the rubric does read a goal: {t}");
}

/// What a trial run found (issue 13 review): an area's change is its goals' change, not
/// the width of its range; every scorecard of a bill compares the same section; an
/// unchanged baseline-only total keeps its grade.
#[test]
fn unchanged_ranges_change_by_nothing_and_every_scorecard_compares_one_section() {
    let v = json(&["diff", "proposals/NY/S215-2023.txt", "--rubric", "all", "--format", "json"], 0);
    let cards = v["scorecards"].as_array().unwrap();
    for a in cards[1]["standing"]["change"]["areas"].as_array().unwrap() {
        assert_eq!(span(&a["delta"]), (0.0, 0.0), "area {} did not change", a["id"]);
    }
    let sections: Vec<&Value> = cards.iter().map(|c| &c["origin"]["sections"]).collect();
    assert!(sections.iter().all(|s| *s == sections[0]), "{sections:?}");
    let v = json(
        &[
            "diff",
            "statutes/CT/54-95c@2016.txt",
            "statutes/CT/54-95c@2021.txt",
            "--rubric",
            "pic-2019",
            "--format",
            "json",
        ],
        0,
    );
    assert_eq!(v["standing"]["change"]["grade_after"]["low"], "C");
}

/// An analyst's assumption decides a goal in the standing (area and total move by it,
/// against what the card allowed the goal to be), and is flagged.
#[test]
fn an_assumption_moves_the_standing_and_is_flagged() {
    let args = [
        "score",
        "statutes/CT/54-95c@2021.txt",
        "--rubric",
        "sharedhope-2023",
        "--assume",
        "vacatur=2.5:a 2024 amendment",
    ];
    let v = json(&[&args[..], &["--format", "json"]].concat(), 0);
    let st = &v["standing"];
    assert_eq!(span(&st["total"]), (49.5, 52.0), "2.5 assumed for a goal published at 0 to 2.5");
    let area4 = st["areas"].as_array().unwrap().iter().find(|a| a["id"] == "4").unwrap();
    assert_eq!(span(&area4["points"]), (10.0, 12.5));
    assert_eq!(goal(st, "vacatur")["assumed"], 2.5);
    let t = text(&args);
    assert!(t.contains("[ANALYST OVERRIDE]"), "{t}");
    // A reading that differs from the card shows what the total would be as read.
    let v = json(
        &["score", "proposals/CT/vacatur-for-youth-2021.toml", "--rubric", "sharedhope-2023", "--format", "json"],
        0,
    );
    assert_eq!(span(&v["standing"]["as_read"]), (49.5, 52.0));
    assert_eq!(span(&v["standing"]["total"]), (49.5, 49.5));
}

/// `--fail-under` on a range tests its lowest end and says so; an assumption no rubric
/// can take names every rubric's categories.
#[test]
fn fail_under_on_a_range_and_assumptions_across_rubrics() {
    let out = redline()
        .args(["score", "statutes/KY/529.160@2013.txt", "--rubric", "sharedhope-2023", "--fail-under", "50"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("total 0 to 110 (its lowest, 0) is under --fail-under 50"), "{err}");
    // Extra credit counts toward the most a threshold may ask.
    let out = redline()
        .args(["score", "statutes/CT/54-95c@2021.txt", "--rubric", "sharedhope-2023", "--fail-under", "105"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let out = redline()
        .args(["score", "statutes/CT/54-95c@2021.txt", "--rubric", "all", "--assume", "nosuch=1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no rubric given has a category `nosuch`"), "{err}");
    assert!(err.contains("sharedhope-2023: buyers-under-trafficking-law"), "{err}");
}

/// A sequential change starts where the amendments before it left the goal, not where the
/// published figures put it (issue 13 review): striking a reading of full credit and then
/// restoring it gains 0 to +2.5 at the second step, not 0.
#[test]
fn sequential_changes_start_where_the_earlier_amendments_left_the_goal() {
    let dir = tempfile::tempdir().unwrap();
    let applied = redline().args(["apply", "proposals/CT/vacatur-for-youth-2021.toml"]).output().unwrap();
    assert_eq!(applied.status.code(), Some(0));
    std::fs::write(dir.path().join("base.txt"), &applied.stdout).unwrap();
    let sentence = "A person adjudicated delinquent for an offense committed as a result of having been such a victim may apply in the same manner to vacate the adjudication of delinquency, and the court may vacate such adjudication as provided in subsection (d) of this section.";
    let proposal = format!(
        "title = \"Strike, then restore\"\nbase = \"base.txt\"\n\n[[amendment]]\nid = \"strike\"\ntitle = \"Strike\"\n[[amendment.op]]\nstrike = \" {sentence}\"\n\n[[amendment]]\nid = \"restore\"\ntitle = \"Restore\"\n[[amendment.op]]\nafter = \"as amended from time to time.\"\ninsert = \" {sentence}\"\n"
    );
    std::fs::write(dir.path().join("p.toml"), proposal).unwrap();
    let rubric = read("rubrics/sharedhope-2023.toml")
        .replace("id = \"vacatur\"\nstatus = \"gap\"", "id = \"vacatur\"\nstatus = \"accomplished\"");
    assert!(rubric.contains("id = \"vacatur\"\nstatus = \"accomplished\""));
    std::fs::write(dir.path().join("sh.toml"), rubric).unwrap();
    let p = dir.path().join("p.toml");
    let r = dir.path().join("sh.toml");
    let v = json(&["diff", p.to_str().unwrap(), "--rubric", r.to_str().unwrap(), "--format", "json"], 0);
    let st = &v["standing"];
    assert_eq!(span(&st["change"]["delta"]), (0.0, 0.0), "the same text before and after");
    let a = st["amendments"].as_array().unwrap();
    assert_eq!(span(&a[0]["sequential"]["delta"]), (-2.5, 0.0), "full credit to a gap");
    assert_eq!(span(&a[1]["sequential"]["delta"]), (0.0, 2.5), "a gap back to full credit");
    assert_eq!(span(&a[1]["sequential"]["before"]), (47.0, 49.5));
}

/// Malformed published figures a review found accepted are refused at their place.
#[test]
fn malformed_statuses_grades_and_baselines_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sh.toml");
    let base = read("rubrics/sharedhope-2023.toml");
    for (from, to, want) in [
        ("share = [0.0, 1.0]", "share = [0.0, 0.5, 1.0]", "a status's share is [low, high]"),
        ("[[grade]]\nletter = \"B\"", "[[grade]]\nletter = \"A\"", "duplicate grade `A`"),
        ("min = 80", "min = 90", "two grades start at the same total"),
        ("max = 10\ndescription", "max = 1e300\ndescription", "must be a number from 0 to 1000000"),
        (
            "[[baseline.goal]]\nid = \"vacatur\"",
            "[[baseline.goal]]\nid = \"restitution\"\nstatus = \"gap\"\n[[baseline.goal]]\nid = \"vacatur\"",
            "gives goal `restitution` twice",
        ),
    ] {
        assert!(base.contains(from), "{from}");
        std::fs::write(&path, base.replacen(from, to, 1)).unwrap();
        let out = redline().args(["rubric", "check"]).arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{to}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.lines().next().unwrap().contains("sh.toml:"), "{err}");
        assert!(err.contains(want), "{to}: {err}");
    }
}
