//! The redline of two texts (split at the first NUL byte): aligned, diffed within the
//! budget, and each side's text given back exactly, whitespace aside (chunks keep the
//! file's spelling, curly quotes and all, so they are compared after normalization).
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline::redline::diff::Budget;
use redline::redline::{redline, ChunkKind};
use redline::statute::{parse, Document, SegmentKind};
use redline::text::normalize::normalize_text;
use redline::text::Source;

fn own_text(d: &Document, p: usize) -> String {
    let text: String = d.segments.iter().filter(|s| s.kind == SegmentKind::Text(p)).map(|s| &d.text()[s.range.clone()]).collect();
    text.chars().filter(|c| !c.is_whitespace()).collect()
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
    let r = redline(&old, &new, &budget);
    for e in &r.entries {
        if let Some(p) = e.old_prov {
            if !a.contains('…') {
                assert_eq!(side(&e.chunks, true), own_text(&old, p), "old side of {}", e.path);
            }
        }
        if let Some(p) = e.new_prov {
            if !b.contains('…') {
                assert_eq!(side(&e.chunks, false), own_text(&new, p), "new side of {}", e.path);
            }
        }
    }
});
