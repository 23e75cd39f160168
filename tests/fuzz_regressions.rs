//! Inputs found by the fuzz targets in `fuzz/` (see `fixtures/fuzz/README.md`).

mod common;

use redline::proposal::bill;

#[test]
fn bill_sections_point_at_lines_of_the_bill_file() {
    let text = std::fs::read_to_string(common::root().join("fixtures/fuzz/bill-section-line.html")).unwrap();
    let b = bill::parse("bill-section-line.html", &text);
    let lines: Vec<&str> = text.lines().collect();
    assert!(!b.sections.is_empty());
    for s in &b.sections {
        let line = lines.get(s.line - 1).unwrap_or_else(|| panic!("line {} of {}", s.line, lines.len()));
        assert!(line.contains(&s.label), "line {}: {line}", s.line);
    }
}
