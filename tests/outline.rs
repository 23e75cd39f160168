//! Issue 2, done-when 5: the outline of a statute file.

mod common;

use common::redline;

fn outline(file: &str) -> String {
    let out = redline().args(["outline", file]).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn paths(text: &str) -> Vec<String> {
    text.lines()
        .skip(1)
        .filter_map(|l| l.trim_start().split("  ").next())
        .filter(|p| p.starts_with('('))
        .map(String::from)
        .collect()
}

#[test]
fn connecticut_2021_outline() {
    let text = outline("statutes/CT/54-95c@2021.txt");
    assert_eq!(paths(&text), ["(a)", "(a)(1)", "(a)(2)", "(b)", "(c)", "(d)", "(d)(1)", "(d)(2)", "(e)"], "{text}");
    assert!(text.contains("(a)(2)  a criminal violation of 18 USC Chapter 77"), "{text}");
}

#[test]
fn multi_section_outline_shows_section_numbers() {
    let text = outline("statutes/DC/22-1844-1847@2019.txt");
    for n in [
        "§ 22-1844  Motion to vacate",
        "§ 22-1845  Review by Court.",
        "§ 22-1846",
        "§ 22-1847  Appeals.",
        "§ 22-1831  Definitions.",
    ] {
        assert!(text.contains(n), "{n} missing:\n{text}");
    }
    assert!(text.contains("  22-1845(a)(1)  If it plainly appears"), "{text}");
    assert!(text.contains("22-1846(i)  The effect of relief"), "(i) after (h) is a letter:\n{text}");
    assert!(text.contains("22-1831(12)(A)(iii)"), "roman numerals under (A):\n{text}");
    assert!(text.contains("history notes and annotations not scored as law"));
}

#[test]
fn run_together_text_is_split() {
    let text = outline("statutes/AZ/13-909@2024.txt");
    assert!(text.contains("(A)  A person who was convicted"), "{text}");
    assert!(text.contains("(D)(2)  Enter an order"), "{text}");
    let text = outline("statutes/KY/529.160@2013.txt");
    assert!(text.contains("(2)(c)  No official determination"), "{text}");
    assert!(
        !text.lines().any(|l| l.trim_start().starts_with("(2)(60)")),
        "a parenthesized count is not an enumerator:\n{text}"
    );
}
