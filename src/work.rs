//! Deterministic work counts: how much each stage did, counted in units that do not
//! depend on the machine (bytes handed to the regex engines, enumerator candidates looked
//! at, …). The tests assert that each count grows in proportion to the input (see
//! `tests/linear_work.rs`); timings are measured by `benches/adversarial.sh`, never in
//! tests. Counts are per thread, so a test reads what its own calls did.

use std::cell::Cell;

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    /// Bytes of text handed to a regex engine (a search's span; an anchored search of a
    /// pattern whose matches have a longest length counts only that length).
    PatternBytes,
    /// Steps of the statute parser's look-ahead: enumerator candidates looked at and
    /// bytes read while looking for a sentence's end.
    ParseSteps,
    /// Characters counted to turn byte offsets into columns.
    ColumnChars,
    /// Bytes scanned for section numbers, and citation links followed.
    CitationSteps,
    /// Lines read to place front-matter keys.
    FrontMatterLines,
    /// Bytes of statute text parsed (a proposal's amended texts are parsed too).
    ParsedBytes,
}

const COUNTERS: usize = 6;

thread_local! {
    static COUNTS: Cell<[u64; COUNTERS]> = const { Cell::new([0; COUNTERS]) };
}

/// Adds `n` to a counter of this thread.
#[inline]
pub fn add(c: Counter, n: usize) {
    COUNTS.with(|counts| {
        let mut v = counts.get();
        v[c as usize] = v[c as usize].saturating_add(n as u64);
        counts.set(v);
    });
}

/// This thread's count of `c`.
pub fn count(c: Counter) -> u64 {
    COUNTS.with(|counts| counts.get()[c as usize])
}

/// Sets this thread's counts back to zero.
pub fn reset() {
    COUNTS.with(|counts| counts.set([0; COUNTERS]));
}
