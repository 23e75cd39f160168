//! Bills as legislatures publish them (issue 12): amending clauses in their printed forms,
//! bills whose marks were lost, the right base or a clear refusal, `score` on a bill, and
//! a bill that restates one part of a section. Real bills are in `proposals/<ST>/`; cut-off
//! copies of real bills (stored pages keep only a page's opening) are in
//! `fixtures/bills/cut/` and are used for their amending clauses only.

mod common;

use common::{json, read, redline, root};
use redline::proposal::bill;
use redline::text::Source;

fn parsed(path: &str) -> bill::Bill {
    let src = Source::from_text(path, read(path));
    let (body, _) = bill::body_of(&src).unwrap();
    bill::parse(path, &body)
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = redline().args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// The derived texts of a bill section, pinned in `fixtures/bills/` (reviewed by reading;
/// `REDLINE_BLESS=1` rewrites them).
fn pinned(bill_file: &str, section: &str, stem: &str) -> (String, String) {
    let b = parsed(bill_file);
    let s = b.sections.iter().find(|s| s.label == section).unwrap_or_else(|| panic!("{section}: {:?}", b.notes));
    for (which, text) in [("before", &s.before), ("after", &s.after)] {
        let path = format!("fixtures/bills/{stem}.{which}.txt");
        if std::env::var_os("REDLINE_BLESS").is_some() {
            std::fs::write(root().join(&path), format!("{}\n", text.trim_end())).unwrap();
        }
        assert_eq!(text.trim_end(), read(&path).trim_end(), "{path}");
    }
    (s.before.clone(), s.after.clone())
}

/// Each real bill is read in its clause form: (file, bill section, form).
#[test]
fn amending_clauses_are_read_in_their_printed_forms() {
    let cases = [
        // "is amended by adding a new subdivision", wrapped: a New York Assembly bill.
        ("proposals/NY/A2500-2023.txt", "Section 1", "160.50"),
        // "are amended to read as follows", wrapped across lines.
        ("proposals/NY/A2500-2023.txt", "§ 2", "170.80"),
        // Missouri: "are repealed and ten new sections enacted in lieu thereof".
        ("proposals/MO/HB2688-2024.txt", "Section A", "566.200"),
        // A session law: "is amended and a new paragraph (i) is added to read as follows".
        ("fixtures/bills/cut/NY_ch332_2010.txt", "Section 1", "440.10"),
        // "is amended by adding a new section": Hawaii (to a chapter: no section number).
        ("fixtures/bills/cut/HI_HB2235_2012.txt", "SECTION 2", "-"),
        // "is created to read": Florida, with line numbers in the clause.
        ("fixtures/bills/cut/FL_SB1734_2013.txt", "Section 1", "943.0583"),
        // "are hereby amended and reenacted … to read as follows": Louisiana.
        ("fixtures/bills/cut/LA_SB148_2022.txt", "Section 1", "983"),
        // "is amended to read:": Utah.
        ("fixtures/bills/cut/UT_HB133_2024.txt", "Section 1", "77-40a-301"),
    ];
    for (file, label, cite) in cases {
        let b = parsed(file);
        let s =
            b.sections.iter().find(|s| s.label == label).unwrap_or_else(|| panic!("{file}: {label}: {:?}", b.notes));
        assert_eq!(s.citation.as_deref(), Some(cite).filter(|c| *c != "-"), "{file}: {}", s.clause);
    }
}

#[test]
fn real_bills_give_their_derived_texts() {
    // A2500 § 2 amends CPL 170.80: "loitering for the purposes of prostitution" struck.
    let (before, after) = pinned("proposals/NY/A2500-2023.txt", "§ 2", "A2500-2023.s2");
    assert!(before.contains("loitering for the purpose"), "{before}");
    assert!(!after.contains("loitering for the purpose"), "{after}");
    // HB2688 restates five Missouri sections; § 610.131 loses its age limit.
    let (before, after) = pinned("proposals/MO/HB2688-2024.txt", "Section A", "HB2688-2024.sA");
    assert!(before.contains("at the time of the offense was under the age of eighteen, and"), "{before}");
    assert!(!after.contains("under the age of eighteen, and"));
    assert!(after.contains("610.131. 1."));
    // Every real bill shipped is read by `redline diff BILL` and scored.
    for b in ["proposals/NY/A2500-2023.txt", "proposals/MO/HB2688-2024.txt"] {
        let v = json(&["diff", b, "--format", "json"], 0);
        assert!(v["before"]["total"].is_number() && v["after"]["total"].is_number(), "{b}");
        assert_eq!(v["origin"]["kind"], "bill", "{b}");
    }
}

/// A statute whose notes quote an amending clause is a statute (DC title 47 was refused).
#[test]
fn a_statute_quoting_an_amending_clause_is_a_statute() {
    let (code, out, err) = run(&[
        "diff",
        "fixtures/not-bills/DC_47-1812.08@2021-10-18.txt",
        "fixtures/not-bills/DC_47-1812.08@2024-10-20.txt",
        "--color",
        "never",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Redline: D.C. Code § 47-1812.08 (2021-10-18) → D.C. Code § 47-1812.08 (2024-10-20)"),
        "{out}"
    );
}

/// S4756 without its EXPLANATION footer is still a bill (its clause wraps lines).
#[test]
fn a_bill_is_known_by_its_clause_not_its_footer() {
    let text: String = read("proposals/NY/S4756-2023.txt")
        .lines()
        .filter(|l| !l.contains("EXPLANATION"))
        .map(|l| format!("{l}\n"))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s4756.txt");
    std::fs::write(&path, text).unwrap();
    let (code, out, err) = run(&["diff", path.to_str().unwrap(), "--color", "never"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Score: 83 → 83"), "{out}");
}

/// A Connecticut act pasted from its PDF has lost its underlining: its text is compared
/// with the statute file it names, and the report says so (it was scored 55 → 55).
#[test]
fn an_unmarked_bill_is_compared_with_the_statute_it_names() {
    let v = json(&["diff", "proposals/CT/PA21-103-sec7-pasted-from-pdf.txt", "--format", "json"], 0);
    assert_eq!(v["before"]["total"], 45);
    assert_eq!(v["after"]["total"], 55);
    let notes: Vec<&str> = v["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    assert!(notes.iter().any(|n| n.contains("no deleted or inserted matter is marked") && n.contains("statutes/CT/54-95c@2016.txt")), "{notes:?}");
    assert!(!notes.iter().any(|n| n.contains("CAPITALS")), "{notes:?}");
    // With no statute file beside it, it asks for the base.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("act.txt");
    std::fs::write(&path, read("proposals/CT/PA21-103-sec7-pasted-from-pdf.txt")).unwrap();
    let (code, out, err) = run(&["diff", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("give the statute it amends: redline diff STATUTE"), "{err}");
}

/// A New York bill against a Connecticut base is refused, naming both (it was scored as
/// the new Connecticut law); `--force-base` compares anyway and says so.
#[test]
fn a_base_of_another_section_is_refused() {
    let (code, out, err) = run(&["diff", "statutes/CT/54-95c@2016.txt", "proposals/NY/S4756-2023.txt"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(
        err.lines().next().unwrap(),
        "error: statutes/CT/54-95c@2016.txt: is CT § 54-95c, but proposals/NY/S4756-2023.txt amends § 440.10; give the statute the bill amends, or --force-base to compare anyway"
    );
    let v = json(
        &["diff", "statutes/CT/54-95c@2016.txt", "proposals/NY/S4756-2023.txt", "--force-base", "--format", "json"],
        0,
    );
    let notes: Vec<&str> = v["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    assert!(
        notes.iter().any(|n| n.starts_with("--force-base: statutes/CT/54-95c@2016.txt (CT § 54-95c)")),
        "{notes:?}"
    );
    // The right base is accepted.
    json(&["diff", "statutes/CT/54-95c@2016.txt", "proposals/CT/2021-acts.html", "--format", "json"], 0);
}

/// `score` on a bill scores the statute text it proposes, and says which section.
#[test]
fn score_on_a_bill_scores_the_restated_text() {
    let (code, out, err) = run(&["score", "proposals/NY/S4756-2023.txt", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // The bill's markup and title were scored as law before (58).
    assert_eq!(v["total"], 83);
    assert_eq!(v["provenance"]["inputs"][0]["role"], "bill");
    assert!(err.contains("scored the statute text as proposed in § 2"), "{err}");
}

/// Unreadable markup is the error, at the bracket never closed, naming the file once.
#[test]
fn unclosed_markup_is_reported_where_it_is() {
    let (code, out, err) = run(&["diff", "fixtures/bills/cut/NY_A459_2021.txt"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(
        err.lines().next().unwrap(),
        "error: fixtures/bills/cut/NY_A459_2021.txt:41:40: § 2: could not read the markup: a `[` is never closed"
    );
}

/// A new section is scored against no law, said as such.
#[test]
fn a_new_section_is_scored_against_no_law() {
    let v = json(&["diff", "fixtures/bills/cut/HI_HB2235_2012.txt", "--format", "json"], 0);
    assert_eq!(v["before"]["total"], 0);
    assert!(v["after"]["total"].as_f64().unwrap() > 0.0);
    let notes: Vec<&str> = v["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    assert!(notes.iter().any(|n| n.contains("SECTION 2 enacts new text: before it there is no law")), "{notes:?}");
}

/// A bill that restates one paragraph says so; with the section's statute file beside it,
/// the whole section is scored with the paragraph as proposed.
#[test]
fn a_fragment_is_said_and_applied_to_its_section() {
    let v = json(&["diff", "proposals/NY/S4756-2023.txt", "--format", "json"], 0);
    let notes: Vec<&str> = v["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    assert!(
        notes.iter().any(|n| n.starts_with("§ 2 restates only (1)(i) of section 440.10: scored that part alone")),
        "{notes:?}"
    );
    // A section file holding (1)(i)'s current text, in a tree of its own.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("statutes/NY")).unwrap();
    std::fs::create_dir_all(dir.path().join("proposals/NY")).unwrap();
    let fragment = read("fixtures/bills/S4756-2023.s2.before.txt");
    let section = format!(
        "+++\njurisdiction = \"NY\"\ncitation = \"N.Y. Crim. Proc. Law § 440.10\"\n+++\n1. At any time after the entry of a judgment, the court in which it was entered may, upon motion of the defendant, vacate such judgment upon the ground that:\n{}(h) The judgment was obtained in violation of a right of the defendant under the constitution of this state or of the United States; or\n{}\n(j) The judgment is a conviction for a class A misdemeanor.\n",
        ["a", "b", "c", "d", "e", "f", "g"].map(|l| format!("({l}) The ground lettered {l}; or\n")).concat(),
        fragment.trim_end()
    );
    std::fs::write(dir.path().join("statutes/NY/440.10@2023.txt"), section).unwrap();
    let bill_path = dir.path().join("proposals/NY/S4756.txt");
    std::fs::write(&bill_path, read("proposals/NY/S4756-2023.txt")).unwrap();
    let out = redline().args(["diff", bill_path.to_str().unwrap(), "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes: Vec<&str> = v["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    assert!(
        notes.iter().any(|n| n.contains("restates only (1)(i) of section 440.10; scored the whole section from")),
        "{notes:?}"
    );
    // The rest of the section is in both versions, unchanged.
    let entries = v["redline"].as_array().unwrap();
    assert!(entries.iter().any(|e| e["path"] == "(1)(h)" && e["status"] == "unchanged"), "{entries:?}");
    // The paragraph's new item is added, and the paragraph after it is unchanged.
    let status = |p: &str| entries.iter().find(|e| e["path"] == p).map(|e| e["status"].as_str().unwrap().to_string());
    assert_eq!(status("(1)(i)(IV)").as_deref(), Some("added"), "{entries:?}");
    assert_eq!(status("(1)(j)").as_deref(), Some("unchanged"), "{entries:?}");
}

/// Cut-off copies of real bills from six states: each is read as a bill (none is taken for
/// a statute text), and what cannot be read is said where it is.
#[test]
fn cut_off_real_bills_are_read_as_bills() {
    let cases = [
        ("FL_SB1734_2013.txt", 0, ""),
        ("HI_HB2235_2012.txt", 0, ""),
        ("NY_ch332_2010.txt", 0, ""),
        ("UT_HB133_2024.txt", 0, ""),
        ("HI_SB264_2017.txt", 2, "HI_SB264_2017.txt:57:6: SECTION 1: could not read the markup: a `[` is never closed"),
        (
            "TX_HB1216_2019.txt",
            2,
            "TX_HB1216_2019.txt:50:32: SECTION 1: could not read the markup: a `[` is never closed",
        ),
        ("LA_SB148_2022.txt", 2, "LA_SB148_2022.txt: Section 1: no deleted or inserted matter is marked"),
    ];
    for (file, code, err_start) in cases {
        let path = format!("fixtures/bills/cut/{file}");
        let (got, _, err) = run(&["diff", &path, "--color", "never"]);
        assert_eq!(got, code, "{file}: {err}");
        if code != 0 {
            assert!(err.starts_with(&format!("error: fixtures/bills/cut/{err_start}")), "{file}: {err}");
        }
        assert!(!err.contains("this is a statute text"), "{file}");
    }
}

/// `score` on a proposal scores its base as amended (it scored the TOML text itself).
#[test]
fn score_on_a_proposal_scores_the_amended_statute() {
    let (code, out, err) = run(&["score", "proposals/CT/expand-vacatur.toml", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"], 68);
    assert!(err.contains("scored statutes/CT/54-95c@2016.txt as amended by the proposal's 3 amendment(s)"), "{err}");
}

/// A bill with one kind of plain marker: insertions only, or deletions only.
#[test]
fn plain_markup_of_one_kind_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let body = "Sec. 1. Section 54-95c of the general statutes is repealed and the following is substituted in lieu thereof:\n(a) The court may{+, in its discretion,+} vacate the conviction.\n(b) The court [-shall-] seal the record.\n";
    let (only_ins, only_del) = (body.replace("[-shall-] ", ""), body.replace("{+, in its discretion,+}", ""));
    for (name, text, before, after) in [
        ("ins.txt", &only_ins, "(a) The court may vacate", "(a) The court may, in its discretion, vacate"),
        ("del.txt", &only_del, "(b) The court shall seal", "(b) The court seal"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let b = parsed(path.to_str().unwrap());
        let s = &b.sections[0];
        assert!(s.before.contains(before) && !s.before.contains(['{', '[', '-']), "{name}: {}", s.before);
        assert!(s.after.contains(after) && !s.after.contains(['{', '+', '[']), "{name}: {}", s.after);
    }
}

/// A bill whose front matter is broken says so, at its place (it was "a statute text").
#[test]
fn a_bills_broken_front_matter_is_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bill.txt");
    std::fs::write(&path, "+++\njurisdiction = \"CT\nbill = \"x\"\n+++\nSec. 1. Section 54-95c of the general statutes is amended to read as follows:\n(a) The court [-shall-]{+may+} act.\n").unwrap();
    let (code, out, err) = run(&["diff", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(!err.contains("statute text"), "{err}");
    assert!(err.starts_with(&format!("error: {}:2:", path.display())), "{err}");
}

/// One section, then the same section and another: only the new one is added (the first
/// was once "renumbered (was § 1)").
#[test]
fn adding_a_section_to_a_one_section_file_adds_only_it() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("one.txt"), dir.path().join("two.txt"));
    std::fs::write(&a, "§ 1. Vacatur.\nThe court may vacate a conviction.\n").unwrap();
    std::fs::write(
        &b,
        "§ 1. Vacatur.\nThe court may vacate a conviction.\n\n§ 2. Sealing.\nThe court shall seal the record.\n",
    )
    .unwrap();
    let v = json(&["diff", a.to_str().unwrap(), b.to_str().unwrap(), "--format", "json"], 0);
    let changed: Vec<(String, String)> = v["redline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] != "unchanged")
        .map(|e| (e["path"].as_str().unwrap().to_string(), e["status"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(changed, [("§ 2".to_string(), "added".to_string())]);
}

/// The same `--assume` twice is refused (the second took the first's points as computed).
#[test]
fn an_assumption_given_twice_is_refused() {
    let (code, out, err) = run(&[
        "score",
        "statutes/CT/54-95c@2016.txt",
        "--assume",
        "burden_of_proof=5",
        "--assume",
        "burden_of_proof=0",
    ]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("--assume burden_of_proof: given more than once"), "{err}");
}

/// Brackets kept, underlining lost (how Hawaii and Texas bills are stored): the bill's
/// current text would hold the new words, so the statute file it names is the current
/// text (it was scored 55 → 55, the new words on both sides).
#[test]
fn deletions_marked_without_insertions_use_the_statute_file() {
    let v = json(&["diff", "fixtures/bills/CT_PA21-103-sec7-underline-lost.txt", "--format", "json"], 0);
    assert_eq!(v["before"]["total"], 45);
    assert_eq!(v["after"]["total"], 55);
    let notes: Vec<&str> = v["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    assert!(
        notes.iter().any(|n| n.contains("only deleted matter is marked") && n.contains("statutes/CT/54-95c@2016.txt")),
        "{notes:?}"
    );
}

/// `score` needs only the proposed text: a bill whose marks were lost, with no statute
/// file to compare with, is scored on its proposed text (it was refused); unreadable
/// markup is still the error.
#[test]
fn score_on_an_unmarked_bill_scores_its_proposed_text() {
    let (code, out, err) = run(&["score", "fixtures/bills/cut/LA_SB148_2022.txt", "--color", "never"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("fixtures/bills/cut/LA_SB148_2022.txt [Section 1, proposed text]"), "{out}");
    assert!(err.contains("scored the statute text as proposed in Section 1 (no current text to compare with"), "{err}");
    let (code, out, err) = run(&["score", "fixtures/bills/cut/NY_A459_2021.txt"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.starts_with("error: fixtures/bills/cut/NY_A459_2021.txt:41:40:"), "{err}");
}
