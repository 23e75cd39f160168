//! The statute reader, parser and scorer on arbitrary bytes: every input is either a
//! clean error or a document whose segments tile the text, whose points stay within each
//! category's maximum, and whose every quote is the file's own text at its offsets.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use redline::rubric::Rubric;
use redline::statute::parse;
use redline::text::Source;

static RUBRIC: LazyLock<Rubric> = LazyLock::new(|| redline::rubric::load("polaris-2019").expect("built-in rubric"));

fuzz_target!(|data: &[u8]| {
    let Ok(src) = Source::from_bytes("fuzz.txt", None, data.to_vec()) else { return };
    let Ok(doc) = parse(src) else { return };
    let body = doc.text();
    let joined: String = doc.segments.iter().map(|s| &body[s.range.clone()]).collect();
    assert_eq!(joined, body, "segments must tile the body");
    let file = &doc.source.text;
    for card in redline::rubric::score(&doc, &RUBRIC) {
        for c in &card.categories {
            assert!(c.points <= c.max, "{} scored {:?} of {:?}", c.id, c.points, c.max);
            for e in &c.evidence {
                assert_eq!(file.get(e.start..e.end), Some(e.quote.as_str()), "quote of {}", c.id);
            }
        }
    }
});
