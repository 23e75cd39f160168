//! The redline of two texts (split at the first NUL byte): aligned, diffed within the
//! budget, every word of the new text shown once in order and every word of the old text
//! once (under whichever entry now holds it), whitespace aside (chunks keep the file's
//! spelling, curly quotes and all, so they are compared after normalization).
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline::redline::diff::Budget;
use redline::redline::align::units;
use redline::redline::{redline, ChunkKind, Declared};
use redline::statute::{parse, Document};
use redline::text::normalize::normalize_text;
use redline::text::Source;

/// The text of every block of a document, in block order, whitespace dropped.
fn block_text(d: &Document) -> String {
    let text: String = units(d).iter().flat_map(|u| u.pieces.iter().map(|r| &d.text()[r.clone()])).collect();
    normalize_text(&text).chars().filter(|c| !c.is_whitespace()).collect()
}

fn side(chunks: &[redline::redline::Chunk], old: bool) -> String {
    let text: String = chunks
        .iter()
        .filter(|c| match &c.kind {
            ChunkKind::Equal => true,
            ChunkKind::Delete | ChunkKind::MovedOut { .. } => old,
            ChunkKind::Insert | ChunkKind::MovedIn { .. } => !old,
        })
        .map(|c| c.text.as_str())
        .collect();
    normalize_text(&text).replace('…', "").chars().filter(|c| !c.is_whitespace()).collect()
}

fuzz_target!(|data: &[u8]| {
    let Some(split) = data.iter().position(|&b| b == 0) else { return };
    let (Ok(a), Ok(b)) = (std::str::from_utf8(&data[..split]), std::str::from_utf8(&data[split + 1..])) else {
        return;
    };
    let (Ok(old), Ok(new)) = (parse(Source::from_text("a.txt", a)), parse(Source::from_text("b.txt", b))) else {
        return;
    };
    let budget = Budget { max_tokens: 2_000, max_edits: 200 };
    let r = redline(&old, &new, &budget, &Declared::default());
    let law: Vec<_> = r.entries.iter().filter(|e| e.heading.is_none()).collect();
    let all = |old_side: bool| law.iter().map(|e| side(&e.chunks, old_side)).collect::<String>();
    if !b.contains('…') {
        assert_eq!(all(false), block_text(&new), "new side");
    }
    if !a.contains('…') {
        let sorted = |s: String| {
            let mut v: Vec<char> = s.chars().collect();
            v.sort_unstable();
            v
        };
        assert_eq!(sorted(all(true)), sorted(block_text(&old)), "old side");
    }
});
