//! The gallery: real pairs of statute versions and real bills, each redlined, compared
//! with a golden output that was reviewed by reading it (`fixtures/gallery/*.golden.txt`).
//! `REDLINE_BLESS=1 cargo test --test gallery` rewrites the goldens after a deliberate
//! change; read the diff before committing it. Every input is in `fixtures/gallery/`.

use assert_cmd::Command;

const DIR: &str = "fixtures/gallery";

/// (golden name, `redline diff` arguments relative to the gallery).
const CASES: &[(&str, &[&str])] = &[
    ("ct-54-95c-2016-2021", &["CT_54-95c@2016.txt", "CT_54-95c@2021.txt"]),
    ("ct-54-95c-confidential-applications", &["CT_54-95c@2021.txt", "CT_confidential-applications.toml"]),
    ("ny-s215-2023", &["NY_S215-2023.txt"]),
    ("ny-s4756-2023", &["NY_S4756-2023.txt"]),
    ("dc-16-305", &["DC_16-305@2021-10-18.txt", "DC_16-305@2024-10-20.txt"]),
    ("dc-16-705", &["DC_16-705@2021-10-18.txt", "DC_16-705@2024-10-20.txt"]),
    ("dc-16-802", &["DC_16-802@2021-10-18.txt", "DC_16-802@2024-10-20.txt"]),
    ("dc-16-911", &["DC_16-911@2021-10-18.txt", "DC_16-911@2024-10-20.txt"]),
    ("mt-46-18-608-2013-current", &["MT_46-18-608@2013.txt", "MT_46-18-608@current.txt"]),
];

fn run(args: &[&str], format: &str) -> String {
    let mut cmd = Command::cargo_bin("redline").unwrap();
    cmd.arg("diff");
    for a in args {
        cmd.arg(format!("{DIR}/{a}"));
    }
    let out = cmd.args(["--color", "never", "--format", format]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&run(args, "json")).unwrap()
}

fn case(name: &str) -> &'static [&'static str] {
    CASES.iter().find(|c| c.0 == name).unwrap().1
}

#[test]
fn every_pair_matches_its_reviewed_golden() {
    let bless = std::env::var_os("REDLINE_BLESS").is_some();
    let mut stale = Vec::new();
    for (name, args) in CASES {
        let got = run(args, "text");
        let path = format!("{DIR}/{name}.golden.txt");
        if bless {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            stale.push(format!("{name}: output differs from {path}\n--- got ---\n{got}"));
        }
    }
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}

/// Statuses of a redline's entries, in order: `[(path, status)]`.
fn statuses(v: &serde_json::Value) -> Vec<(String, String)> {
    v["redline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["path"].as_str().unwrap().to_string(), e["status"].as_str().unwrap().to_string()))
        .collect()
}

fn changed(v: &serde_json::Value) -> Vec<(String, String)> {
    statuses(v).into_iter().filter(|(_, s)| s != "unchanged").collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(p, s)| (p.to_string(), s.to_string())).collect()
}

/// DC § 16-802, 2021 → 2024: an editor's note now stands under the heading; only (b)
/// changed (its text rewritten, its (1) and (2) struck).
#[test]
fn dc_16_802_changes_only_b() {
    let v = json(case("dc-16-802"));
    assert_eq!(changed(&v), pairs(&[("(b)", "modified"), ("(b)(1)", "deleted"), ("(b)(2)", "deleted")]));
    assert_eq!(statuses(&v).iter().filter(|(_, s)| s == "unchanged").count(), 28);
}

/// DC § 16-305: (4) and (5) became "[Repealed]." — repeals, not a delete and an add.
#[test]
fn dc_16_305_repeals_4_and_5() {
    let v = json(case("dc-16-305"));
    let c = changed(&v);
    assert!(c.contains(&("(4)".into(), "repealed".into())), "{c:?}");
    assert!(c.contains(&("(5)".into(), "repealed".into())), "{c:?}");
    assert!(!c.iter().any(|(_, s)| s == "added" || s == "deleted"), "{c:?}");
}

/// S215 renumbers subdivisions ([4.] 3., [5.] 4., …): each is "renumbered", showing its
/// label change and its real word changes.
#[test]
fn ny_s215_renumbers_subdivisions() {
    let v = json(case("ny-s215-2023"));
    let entries = v["redline"].as_array().unwrap();
    let find = |p: &str, s: &str| entries.iter().find(|e| e["path"] == p && e["status"] == s);
    for (new, old) in [("(4)", "(5)"), ("(5)", "(6)"), ("(6)", "(7)"), ("(7)", "(8)"), ("(8)", "(9)")] {
        let e = find(new, "renumbered").unwrap_or_else(|| panic!("{new} renumbered: {:?}", statuses(&v)));
        assert_eq!(e["old_path"], old);
        let ops = e["ops"].as_array().unwrap();
        let label = |op: &str, t: &str| ops.iter().any(|o| o["op"] == op && o["text"] == t);
        assert!(label("delete", &old[1..2]) && label("insert", &new[1..2]), "{new}: {e}");
    }
    // A capital enumerator of new matter is the same label: "(3)(A)" is (3)(a), in place.
    assert!(!entries.iter().any(|e| e["old_path"]
        .as_str()
        .is_some_and(|p| p.to_lowercase() == e["path"].as_str().unwrap().to_lowercase())));
}

/// The proposal that redesignates (b)–(e) of the 2021 text as (c)–(f) and adds a new (b):
/// each old subsection is renumbered, the new (b) added, and (d)'s inline (1) and (2)
/// follow it to (e).
#[test]
fn declared_redesignations_are_renumberings() {
    let v = json(case("ct-54-95c-confidential-applications"));
    assert_eq!(
        changed(&v),
        pairs(&[
            ("(b)", "added"),
            ("(c)", "renumbered"),
            ("(d)", "renumbered"),
            ("(e)", "renumbered"),
            ("(f)", "renumbered")
        ])
    );
    let e = v["redline"].as_array().unwrap().iter().find(|e| e["path"] == "(e)").unwrap();
    assert_eq!(e["old_path"], "(d)");
    assert_eq!(
        e["children"],
        serde_json::json!([{"old_path": "(d)(1)", "new_path": "(e)(1)"}, {"old_path": "(d)(2)", "new_path": "(e)(2)"}])
    );
    // Only the label changed.
    let edits: Vec<&str> = e["ops"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["op"] != "equal")
        .map(|o| o["text"].as_str().unwrap())
        .collect();
    assert_eq!(edits, ["(d)", "(e)"]);
}

/// Montana's changed section heading is shown in every format.
#[test]
fn montana_heading_change_is_shown_everywhere() {
    let args = case("mt-46-18-608-2013-current");
    let v = json(args);
    let h = v["redline"].as_array().unwrap().iter().find(|e| e.get("heading_before").is_some()).unwrap();
    assert_eq!(h["heading_before"], "Motion to vacate prostitution conviction -- trafficking victims.");
    assert_eq!(h["heading_after"], "Motion to vacate conviction -- human trafficking victims.");
    assert_eq!(h["status"], "modified");
    let text = run(args, "text");
    assert!(
        text.contains(
            "heading modified\n    Motion to vacate [-prostitution -]conviction --{+ human+} trafficking victims."
        ),
        "{text}"
    );
    let md = run(args, "markdown");
    assert!(md.contains("heading modified") && md.contains("prostitution") && md.contains("human"), "{md}");
    let html = run(args, "html");
    assert!(html.contains("heading modified") && html.contains("<del>prostitution</del>"), "{html}");
}

/// Inline children are shown in place in every format, without " … " or a doubled space.
#[test]
fn inline_children_are_visible_in_every_format() {
    let args = case("ct-54-95c-2016-2021");
    let want = "constitutes (1) trafficking in persons under";
    for format in ["text", "markdown", "html", "json"] {
        let out = run(args, format);
        assert!(out.contains(want), "{format}");
        // Once hidden as "constitutes  … , as amended".
        assert!(!out.contains(" … , as amended") && !out.contains("constitutes  "), "{format}");
    }
}
