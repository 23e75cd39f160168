//! Inputs found by the fuzz targets in `fuzz/` (see `fixtures/fuzz/README.md`).

mod common;

use redline::proposal::bill;

/// Every bill the fuzzer found is read without a panic, and each section it reads points
/// at the line of the bill file that holds its label.
#[test]
fn bill_sections_point_at_lines_of_the_bill_file() {
    let mut sections = 0;
    for name in ["bill-section-line.html", "bill-title-after-body.html", "bill-head-in-comment.html"] {
        let text = std::fs::read_to_string(common::root().join("fixtures/fuzz").join(name)).unwrap();
        let b = bill::parse(name, &text);
        let lines: Vec<&str> = text.lines().collect();
        for s in &b.sections {
            let line = lines.get(s.line - 1).unwrap_or_else(|| panic!("{name}: line {} of {}", s.line, lines.len()));
            assert!(line.contains(&s.label), "{name}: line {}: {line}", s.line);
            sections += 1;
        }
    }
    assert!(sections >= 2, "the fixtures hold bill sections");
}
