//! Issue 10, item 4: every stage does work in proportion to its input. Each shape of text
//! that once took seconds to minutes is generated here at two sizes, and the work the
//! engine counts (`redline::work`: bytes handed to the regex engines, parser look-ahead
//! steps, characters counted for columns, citation steps, front-matter lines, bytes
//! parsed) must grow no faster than the input: at four times the size, at most 4.6 times
//! the work, and under a fixed multiple of the input's bytes. A quadratic stage gives 16
//! times the work. Timings are measured by `benches/adversarial.sh`, not here.

use redline::proposal::Proposal;
use redline::redline::diff::Budget;
use redline::rubric::{self, Rubric};
use redline::statute;
use redline::text::Source;
use redline::work::{self, Counter};

const SENTENCE: &str = "(a) A person convicted of prostitution may file a motion to vacate the conviction if the person's participation in the offense was a result of having been a victim of human trafficking.";
const CLAUSE: &str = "A person convicted of prostitution may file a motion to vacate the conviction as a result of having been a victim of human trafficking, ";

fn polaris() -> Rubric {
    rubric::builtin("polaris-2019").unwrap().unwrap()
}

/// The counts of `counters` after parsing and scoring `text`.
fn score_work(text: &str, counters: &[Counter]) -> Vec<u64> {
    let rubric = polaris();
    work::reset();
    let doc = statute::parse(Source::from_text("gen.txt", text.to_string())).unwrap();
    let cards = rubric::score(&doc, &rubric);
    // Every evidence quote's line and column is computed.
    assert!(cards.iter().all(|c| c.categories.iter().flat_map(|c| &c.evidence).all(|e| e.line >= 1)));
    counters.iter().map(|&c| work::count(c)).collect()
}

/// Asserts that the work at size `4n` is at most 4.6 times that at `n`, and at most
/// `per_byte` per input byte.
fn assert_linear(name: &str, make: impl Fn(usize) -> String, n: usize, counters: &[Counter], per_byte: u64) {
    let small = make(n);
    let large = make(4 * n);
    let a = score_work(&small, counters);
    let b = score_work(&large, counters);
    for (i, c) in counters.iter().enumerate() {
        assert!(a[i] > 0 || b[i] == 0, "{name}: {c:?} counted nothing at the small size");
        assert!(
            b[i] as f64 <= 4.6 * a[i].max(1) as f64,
            "{name}: {c:?} grew from {} to {} for 4x the input (quadratic?)",
            a[i],
            b[i]
        );
        assert!(
            b[i] <= per_byte * large.len() as u64,
            "{name}: {c:?} is {} for {} bytes, over {per_byte} per byte",
            b[i],
            large.len()
        );
    }
}

#[test]
fn one_long_sentence_without_clause_breaks_is_read_in_linear_work() {
    let make = |k: usize| {
        format!(
            "{SENTENCE}\n(b) the person may file a motion{}\n",
            " and the victim may apply for relief and the person may file a motion".repeat(k)
        )
    };
    assert_linear("long sentence", make, 300, &[Counter::PatternBytes, Counter::ParseSteps], 4000);
}

#[test]
fn one_long_line_is_read_in_linear_work() {
    let make = |k: usize| format!("{}\n", CLAUSE.repeat(k));
    assert_linear("single line", make, 200, &[Counter::PatternBytes, Counter::ParseSteps, Counter::ColumnChars], 4000);
}

#[test]
fn many_repeated_enumerators_are_parsed_in_linear_work() {
    let make = |k: usize| format!("{SENTENCE}\n{}", "(a) a\n".repeat(k));
    assert_linear("enumerators", make, 2000, &[Counter::ParseSteps, Counter::PatternBytes], 4000);
}

#[test]
fn dense_enumerators_are_parsed_in_linear_work() {
    let make = |k: usize| {
        "(a) (b) (c) (d) (e) (f) (g) (h) (i) (j) (k) (l) (m) (n) (o) (p) (q) (r) (s) (t) (u) (v) (w) (x) (y) (z)\n"
            .repeat(k)
    };
    assert_linear("dense enumerators", make, 200, &[Counter::ParseSteps], 100);
}

#[test]
fn many_qualifying_sections_that_cite_each_other_are_grouped_in_linear_work() {
    let make = |k: usize| {
        (1..=k)
            .map(|i| {
                format!(
                    "§ 1-{i}. Vacatur.\n(a) A person convicted of prostitution may file a motion to vacate the conviction if the person was a victim of human trafficking, as provided in § 1-{}.\n\n",
                    i % k + 1
                )
            })
            .collect::<String>()
    };
    assert_linear("sections", make, 100, &[Counter::CitationSteps, Counter::PatternBytes], 4000);
}

#[test]
fn many_unknown_front_matter_keys_are_placed_in_linear_work() {
    let make = |k: usize| {
        let keys: String = (0..k).map(|i| format!("key{i} = \"v\"\n")).collect();
        format!("+++\n{keys}+++\n{SENTENCE}\n")
    };
    let rubric = polaris();
    let count = |text: &str| {
        work::reset();
        let doc = statute::parse(Source::from_text("fm.txt", text.to_string())).unwrap();
        assert!(doc.warnings.len() <= 21, "unknown keys are warned about one by one only up to a cap");
        let _ = rubric::score(&doc, &rubric);
        (work::count(Counter::FrontMatterLines), work::count(Counter::ColumnChars))
    };
    let (lines_small, cols_small) = count(&make(500));
    let (lines_large, cols_large) = count(&make(2000));
    assert!(lines_large <= 4 * lines_small + 8, "front-matter lines {lines_small} -> {lines_large}");
    assert!(cols_large as f64 <= 4.6 * cols_small.max(1) as f64, "columns {cols_small} -> {cols_large}");
}

#[test]
fn many_amendments_on_one_anchor_are_applied_in_one_pass() {
    let rubric = polaris();
    let base = Source::from_text("anchor.txt", format!("{SENTENCE}\n"));
    let parsed = |k: usize| {
        let mut toml = String::from("title = \"many\"\n");
        for i in 0..k {
            toml.push_str(&format!(
                "[[amendment]]\nid = \"a{i}\"\ntitle = \"a{i}\"\n[[amendment.op]]\nafter = \"victim of human trafficking\"\ninsert = \" (w{i})\"\n\n"
            ));
        }
        let p = Proposal::from_source(&Source::from_text("many.toml", toml)).unwrap();
        work::reset();
        let c = redline::compare::proposal(&base, &p, &rubric, &Budget::default()).unwrap();
        assert_eq!(c.amendments.len(), k);
        work::count(Counter::ParsedBytes)
    };
    let small = parsed(20);
    let large = parsed(80);
    // Each amendment's text is parsed a bounded number of times (for applying and for
    // scoring), and each text grows by one insert: the bytes parsed grow as k², so the
    // bound is on bytes parsed per (amendment × text length), which stays flat.
    let per = |bytes: u64, k: u64| bytes as f64 / (k * (SENTENCE.len() as u64 + 8 * k)) as f64;
    assert!(
        per(large, 80) <= 1.2 * per(small, 20),
        "parsed bytes per amendment and text byte grew: {small} (20) -> {large} (80)"
    );
}
