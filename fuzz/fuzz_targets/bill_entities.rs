//! The bill entity decoder: a bill that passes `bill::check` reads to sections whose texts
//! hold no NUL and none of the reader's private-use marker characters, whatever entities
//! it uses; one that fails names a line and column inside the bill.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline::proposal::bill;
use redline::text::Source;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    let text = format!("<p>Sec. 1. Section 5-1 of the general statutes is amended to read as follows:</p><p>{body}</p>");
    // As a file is read: NUL bytes are refused before any bill is read.
    let Ok(src) = Source::from_bytes("fuzz.html", None, text.clone().into_bytes()) else { return };
    match bill::check(&src) {
        Ok(()) => {
            let b = bill::parse("fuzz.html", &text);
            for s in &b.sections {
                for t in [&s.before, &s.after] {
                    assert!(!t.contains('\0'), "NUL in a section");
                    assert!(!t.chars().any(|c| ('\u{e000}'..='\u{f8ff}').contains(&c)), "marker in a section: {t:?}");
                }
            }
        }
        Err(e) => {
            let lines = text.lines().count().max(1);
            match e.place {
                Some(redline::error::Place::LineCol { line, .. }) => assert!((1..=lines).contains(&line)),
                other => panic!("no line and column: {other:?}"),
            }
        }
    }
});
