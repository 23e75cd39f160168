//! The bill-markup readers (Connecticut, HTML, New York, plain) on arbitrary text: a bill
//! is read or its problems are noted, never a crash; every section points at a line of
//! the bill.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline::proposal::bill;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = bill::looks_like_bill(text);
    let b = bill::parse("fuzz.html", text);
    let lines = text.lines().count().max(1);
    for s in &b.sections {
        assert!((1..=lines).contains(&s.line), "section line {} of {lines}", s.line);
    }
});
