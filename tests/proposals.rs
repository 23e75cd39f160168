//! Issue 3: proposals, apply, the redline and each amendment's score delta.

mod common;

use common::{json, read, redline, root};
use redline::compare::comparable;

#[test]
fn applying_the_2021_acts_to_2016_reproduces_the_2021_text() {
    let out = redline().args(["apply", "statutes/CT/54-95c@2016.txt", "proposals/CT/2021-acts.toml"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(comparable(&text), comparable(&read("statutes/CT/54-95c@2021.txt")));
    // Front matter: the base's, with version and provenance naming the proposal.
    let src = redline::text::Source::from_text("out.txt", text.clone());
    let front = redline::statute::frontmatter::split(&src).unwrap().front;
    assert_eq!(front.jurisdiction.as_deref(), Some("CT"));
    assert_eq!(front.citation.as_deref(), Some("Conn. Gen. Stat. § 54-95c"));
    assert_eq!(front.version.as_deref(), Some("2016 + 2021-acts"));
    let provenance = front.provenance.unwrap();
    assert!(provenance.starts_with("statutes/CT/54-95c@2016.txt as amended by \"2021 amendments"), "{provenance}");
    assert!(provenance.contains("pa-21-103-s7, pa-21-104-s62"), "{provenance}");
    // The proposal alone uses its base.
    let alone = redline().args(["apply", "proposals/CT/2021-acts.toml"]).output().unwrap();
    assert_eq!(alone.stdout, text.as_bytes());
}

#[test]
fn apply_writes_atomically_and_never_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("2021.txt");
    let out = redline().args(["apply", "proposals/CT/2021-acts.toml", "-o"]).arg(&out_path).output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        comparable(&std::fs::read_to_string(&out_path).unwrap()),
        comparable(&read("statutes/CT/54-95c@2021.txt"))
    );
    let copy = dir.path().join("p.toml");
    std::fs::write(
        &copy,
        read("proposals/CT/2021-acts.toml").replace("../../statutes", &root().join("statutes").display().to_string()),
    )
    .unwrap();
    let out =
        redline().args(["apply", "statutes/CT/54-95c@2016.txt"]).arg(&copy).arg("-o").arg(&copy).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to write over an input file"));
}

fn expand() -> serde_json::Value {
    json(&["diff", "statutes/CT/54-95c@2016.txt", "proposals/CT/expand-vacatur.toml", "--format", "json"], 0)
}

#[test]
fn expand_vacatur_deltas() {
    let v = expand();
    assert_eq!(v["schema_version"], 3);
    assert_eq!(v["before"]["total"], 45);
    assert_eq!(v["after"]["total"], 68);
    assert_eq!(v["delta"]["total"], 23);
    let amendments = v["amendments"].as_array().unwrap();
    assert_eq!(amendments.len(), 3);
    let cat = |a: &serde_json::Value, which: &str, id: &str| -> i64 {
        a[which]["categories"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap()["delta"].as_i64().unwrap()
    };
    // Opening vacatur to other offenses raises offenses_covered.
    assert_eq!(amendments[0]["id"], "other-offenses");
    assert_eq!(cat(&amendments[0], "marginal", "offenses_covered"), 25);
    // The notice requirement is a loss in its own category, shown, not netted away.
    assert_eq!(amendments[2]["id"], "victim-notice");
    assert_eq!(cat(&amendments[2], "marginal", "additional_conditions"), -2);
    assert_eq!(amendments[2]["marginal"]["total"], -2);
    // Sequential deltas add up to the whole.
    let sum: i64 = amendments.iter().map(|a| a["sequential"]["total"].as_i64().unwrap()).sum();
    assert_eq!(sum, v["delta"]["total"].as_i64().unwrap());
    for a in amendments {
        assert_eq!(a["applied"], true);
        assert!(a["depends_on"].as_array().unwrap().is_empty());
    }
}

#[test]
fn expand_vacatur_redline_is_tagged_with_the_categories_it_moved() {
    let v = expand();
    let entries = v["redline"].as_array().unwrap();
    let changed: Vec<&serde_json::Value> = entries.iter().filter(|e| e["status"] != "unchanged").collect();
    assert_eq!(changed.len(), 1);
    let e = changed[0];
    assert_eq!(e["status"], "modified");
    assert_eq!(e["categories"], serde_json::json!(["offenses_covered", "additional_conditions"]));
    let ops = e["ops"].as_array().unwrap();
    let text_of = |op: &str| -> Vec<String> {
        ops.iter().filter(|o| o["op"] == op).map(|o| o["text"].as_str().unwrap().to_string()).collect()
    };
    assert!(text_of("delete").contains(&"pursuant to § 53a-82".to_string()), "{ops:?}");
    assert!(text_of("insert").contains(&"for any offense".to_string()), "{ops:?}");
    assert!(text_of("delete").contains(&"shall".to_string()));
    assert!(text_of("insert").contains(&"may, in its discretion,".to_string()));
    // The inline items (1) and (2) are shown in place, as unchanged words of the section.
    assert!(
        text_of("equal").iter().any(|t| t.contains("constitutes (1) trafficking in persons under § 53a-192a, or (2)")),
        "{ops:?}"
    );
    assert!(!ops.iter().any(|o| o["text"].as_str().unwrap().contains(" … ")), "{ops:?}");
}

#[test]
fn text_redline_marks_deletions_and_insertions() {
    let out = redline()
        .args(["diff", "statutes/CT/54-95c@2016.txt", "proposals/CT/expand-vacatur.toml", "--color", "never"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("[-pursuant to § 53a-82-]{+for any offense+}"), "{text}");
    assert!(text.contains("Score: 45 → 68 (+23) under Polaris 2019"), "{text}");
    assert!(text.contains("marginal   -2 (Additional Restrictive Conditions on Relief -2)"), "{text}");
    assert!(text.contains("sequential deltas add up to +23 (the whole change)"), "{text}");
    let colored = redline()
        .args(["diff", "statutes/CT/54-95c@2016.txt", "proposals/CT/expand-vacatur.toml", "--color", "always"])
        .output()
        .unwrap();
    let colored = String::from_utf8(colored.stdout).unwrap();
    // Struck through (9) in red (31); underlined (4) in green (32).
    assert!(colored.contains("\u{1b}[9;31m") || colored.contains("\u{1b}[31;9m"), "{colored:?}");
    assert!(colored.contains("\u{1b}[4;32m") || colored.contains("\u{1b}[32;4m"), "{colored:?}");
}

/// The words of the given ops of some entries, whitespace dropped.
fn side(entries: &[&serde_json::Value], ops: &[&str]) -> String {
    let mut s = String::new();
    for e in entries {
        for o in e["ops"].as_array().unwrap() {
            if ops.contains(&o["op"].as_str().unwrap()) {
                s.push_str(o["text"].as_str().unwrap());
            }
        }
    }
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The law text of a statute file (after its front matter), whitespace dropped, with the
/// apostrophes of both versions spelled alike.
fn law_text(path: &str) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let body = text.splitn(3, "+++\n").nth(2).unwrap();
    body.chars().filter(|c| !c.is_whitespace()).collect()
}

/// 2016 → 2021: the one 2016 paragraph became (a)–(e). Each 2016 sentence is shown once,
/// under the 2021 subsection that now holds its words, with only its real word changes;
/// nothing is marked moved.
#[test]
fn redline_of_2016_and_2021_splits_the_paragraph_into_subsections() {
    let v = json(&["diff", "statutes/CT/54-95c@2016.txt", "statutes/CT/54-95c@2021.txt", "--format", "json"], 0);
    assert_eq!(v["delta"]["total"], 10);
    let entries: Vec<&serde_json::Value> = v["redline"].as_array().unwrap().iter().collect();
    let summary: Vec<(String, String)> =
        entries.iter().map(|e| (e["path"].as_str().unwrap().into(), e["status"].as_str().unwrap().into())).collect();
    let want = [("(a)", "split"), ("(b)", "added"), ("(c)", "split"), ("(d)", "split"), ("(e)", "split")];
    assert_eq!(summary, want.map(|(p, s)| (p.to_string(), s.to_string())), "{entries:?}");
    for e in entries.iter().filter(|e| e["status"] == "split") {
        assert_eq!(e["from"], serde_json::json!(["Conn. Gen. Stat. § 54-95c"]), "{e}");
    }
    assert!(!entries.iter().flat_map(|e| e["ops"].as_array().unwrap()).any(|o| o["op"] == "move"));
    // Every 2016 word once, in order; every 2021 word once, in order.
    assert_eq!(side(&entries, &["equal", "delete"]), law_text("statutes/CT/54-95c@2016.txt").replace('’', "'"));
    assert_eq!(side(&entries, &["equal", "insert"]), law_text("statutes/CT/54-95c@2021.txt"));
    // The sentence now split over (d) and its (1) is shown across both, with its changes.
    let d = entries.iter().find(|e| e["path"] == "(d)").unwrap();
    let ops = d["ops"].as_array().unwrap();
    let has = |op: &str, text: &str| ops.iter().any(|o| o["op"] == op && o["text"].as_str().unwrap().trim() == text);
    assert!(has("delete", "under said section"), "{d}");
    assert!(has("equal", "or a victim of a criminal violation of"), "{d}");
    assert!(has("equal", "the court shall vacate any judgment of conviction"), "{d}");
    let a = entries.iter().find(|e| e["path"] == "(a)").unwrap();
    assert_eq!(a["categories"], serde_json::json!(["offenses_covered"]));
    let b = entries.iter().find(|e| e["path"] == "(b)").unwrap();
    assert_eq!(b["categories"], serde_json::json!(["additional_conditions"]));
    assert_eq!(v["fallback"], false);
}

#[test]
fn the_connecticut_bill_derives_the_2021_text_and_scores() {
    let v = json(&["diff", "proposals/CT/2021-acts.html", "--format", "json"], 0);
    let direct = json(&["diff", "statutes/CT/54-95c@2016.txt", "statutes/CT/54-95c@2021.txt", "--format", "json"], 0);
    assert_eq!(v["before"]["total"], 45);
    assert_eq!(v["after"]["total"], 55);
    assert_eq!(v["delta"], direct["delta"]);
    assert_eq!(v["origin"]["kind"], "bill");
    assert_eq!(v["origin"]["sections"], serde_json::json!(["Sec. 7", "Sec. 62"]));
    let notes: Vec<&str> = v["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    assert!(notes.contains(&"the current text in Sec. 7 matches statutes/CT/54-95c@2016.txt"), "{notes:?}");
    assert!(notes.contains(&"the proposed text in Sec. 62 matches statutes/CT/54-95c@2021.txt"), "{notes:?}");
    // Each bill section is an amendment: P.A. 21-104 edits what P.A. 21-103 wrote.
    let am = v["amendments"].as_array().unwrap();
    assert_eq!(am[1]["depends_on"], serde_json::json!(["Sec. 7"]));
    assert_eq!(am[0]["sequential"]["total"], 10);
    assert_eq!(am[1]["sequential"]["total"], 0);
    // Given the statute too, the bill is compared with it.
    let with = json(&["diff", "statutes/CT/54-95c@2016.txt", "proposals/CT/2021-acts.html", "--format", "json"], 0);
    assert_eq!(with["delta"], direct["delta"]);
}

#[test]
fn errors_in_proposals_are_one_line_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // The base beside the proposals: a `base` must stay in the proposal's folder.
    std::fs::copy(root().join("statutes/CT/54-95c@2016.txt"), dir.path().join("statute.txt")).unwrap();
    let base = "statute.txt";
    let cases = [
        (
            "missing",
            "strike = \"pursuant to section 53a-82\"\ninsert = \"for any offense\"",
            "is not in the text; nearest text there: \"pursuant to § 53a-82,\"",
        ),
        (
            "ambiguous",
            "strike = \"judgment of conviction\"",
            "occurs 5 times in the text (at 8:21, 8:137, 8:499, 8:898, 8:987)",
        ),
        ("path", "at = \"(q)\"\nstrike = \"the\"", "no provision (q); provisions here: (1), (2)"),
    ];
    for (name, op, expect) in cases {
        let p = dir.path().join(format!("{name}.toml"));
        std::fs::write(
            &p,
            format!(
                "title = \"T\"\nbase = \"{base}\"\n[[amendment]]\nid = \"a\"\ntitle = \"A\"\n[[amendment.op]]\n{op}\n"
            ),
        )
        .unwrap();
        let out_file = dir.path().join(format!("{name}.json"));
        let out = redline().args(["diff"]).arg(&p).args(["--format", "json", "-o"]).arg(&out_file).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8(out.stderr).unwrap();
        let first = err.lines().next().unwrap();
        assert!(first.contains(&format!("{name}.toml:6:1: amendment `a`, operation 1")), "{name}: {first}");
        assert!(first.contains(expect), "{name}: {first}");
        assert!(!out_file.exists(), "{name}: nothing is written");
    }
    // Two amendments changing the same words of the base.
    let p = dir.path().join("conflict.toml");
    std::fs::write(
        &p,
        format!("title = \"T\"\nbase = \"{base}\"\n[[amendment]]\nid = \"a\"\ntitle = \"A\"\n[[amendment.op]]\nstrike = \"the court shall vacate\"\ninsert = \"the court may vacate\"\n[[amendment]]\nid = \"b\"\ntitle = \"B\"\n[[amendment.op]]\nstrike = \"shall vacate any\"\ninsert = \"must vacate every\"\n"),
    )
    .unwrap();
    let out = redline().args(["apply"]).arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.lines().next().unwrap().contains("amendment `b`, operation 1 (strike \"shall vacate any\" insert \"must vacate every\"): conflicts with amendment `a`"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn dependent_amendments_are_reported() {
    let v = json(&["diff", "proposals/CT/2021-acts.toml", "--format", "json"], 0);
    let am = v["amendments"].as_array().unwrap();
    assert_eq!(am[1]["id"], "pa-21-104-s62");
    assert_eq!(am[1]["depends_on"], serde_json::json!(["pa-21-103-s7"]));
    // Its marginal delta includes the amendment it depends on.
    assert_eq!(am[1]["marginal"]["total"], 10);
    assert_eq!(am[1]["sequential"]["total"], 0);
}

#[test]
fn diff_output_is_deterministic() {
    let args = ["diff", "statutes/CT/54-95c@2016.txt", "proposals/CT/expand-vacatur.toml", "--format", "json"];
    let a = redline().args(args).output().unwrap();
    let b = redline().args(args).output().unwrap();
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn a_tight_budget_falls_back_and_says_so() {
    let v = json(
        &["diff", "statutes/CT/54-95c@2016.txt", "statutes/CT/54-95c@2021.txt", "--format", "json", "--max-edits", "2"],
        0,
    );
    assert_eq!(v["fallback"], true);
    assert_eq!(v["budget"]["max_edits"], 2);
    let out = redline()
        .args([
            "diff",
            "statutes/CT/54-95c@2016.txt",
            "statutes/CT/54-95c@2021.txt",
            "--max-edits",
            "2",
            "--color",
            "never",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("The diff budget (--max-tokens 40000, --max-edits 2) was exceeded"));
}
