//! Proposal reading and application: the input is a statute and a proposal (TOML)
//! separated by a line `%%`. Every amendment either applies or fails with an error that
//! names the file at fault (the proposal, or the base when its front matter is bad);
//! applying every amendment in turn never crashes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline::proposal::{apply::apply, Proposal};
use redline::text::Source;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Some((statute, proposal)) = text.split_once("\n%%\n") else { return };
    if statute.is_empty() {
        return;
    }
    let base = Source::from_text("base.txt", statute);
    let Ok(p) = Proposal::from_source(&Source::from_text("fuzz.toml", proposal)) else { return };
    let all: Vec<usize> = (0..p.amendments.len()).collect();
    for i in 0..all.len() {
        if let Err(e) = apply(&base, &p, &[i]) {
            let first = e.to_string();
            assert!(first.starts_with("fuzz.toml") || first.starts_with("base.txt"), "error names no file: {first}");
        }
    }
    if let Ok(applied) = apply(&base, &p, &all) {
        // The amended text parses as a statute (or is cleanly refused, if emptied).
        let _ = redline::statute::parse(Source::from_text("amended.txt", applied.text));
    }
});
