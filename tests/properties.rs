//! Property tests: invariants that hold for every input, checked on generated ones.
//!
//! - normalization is idempotent;
//! - the provision parser never loses or duplicates text (its segments tile the body);
//! - a strike-and-insert of a text with itself changes nothing;
//! - a diff's operations, replayed, give back the after text (token ids, and whole
//!   redlines of two statute texts: each side's text is exactly that provision's text,
//!   whitespace aside).

use proptest::prelude::*;

use redline::proposal::{apply::apply, Amendment, Op, OpKind, Proposal};
use redline::redline::align::units;
use redline::redline::diff::{cleanup, diff, replay, Budget};
use redline::redline::{redline, ChunkKind, Declared};
use redline::statute::{parse, Document, SegmentKind};
use redline::text::normalize::normalize_text;
use redline::text::Source;

/// Characters that normalization treats specially, mixed with ordinary ones.
fn messy_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a", "B", " ", "  ", "\n", "\r\n", "\r", "\t", "\u{a0}", "\u{feff}", "\u{2018}", "\u{2019}", "\u{201c}",
        "\u{201d}", "\u{2013}", "\u{2014}", "\u{ad}", "-\n", "(a)", "(1)", "§", "é", "e\u{301}", "ﬁ", ".", "\u{2028}",
        "\u{200b}", "\u{3000}",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

const WORDS: &[&str] = &[
    "the",
    "court",
    "shall",
    "may",
    "vacate",
    "conviction",
    "victim",
    "of",
    "trafficking",
    "offense",
    "motion",
    "any",
    "person",
    "prostitution",
    "under",
    "section",
    "53a-82",
    "§ 54-95c",
    "record",
    "hearing",
    "notice",
];
const LABELS: &[&str] = &["(a)", "(b)", "(c)", "(1)", "(2)", "(3)", "(A)", "(B)", "(i)", "(ii)", "(d)", "(4)"];

/// A statute-like text: enumerated provisions (in any order and nesting) of words.
fn statute_lines() -> impl Strategy<Value = Vec<(usize, Vec<usize>)>> {
    prop::collection::vec((0..LABELS.len(), prop::collection::vec(0..WORDS.len(), 1..14)), 1..12)
}

fn render(lines: &[(usize, Vec<usize>)]) -> String {
    let mut s = String::new();
    for (label, words) in lines {
        s.push_str(LABELS[*label]);
        for w in words {
            s.push(' ');
            s.push_str(WORDS[*w]);
        }
        s.push_str(".\n");
    }
    s
}

fn doc(name: &str, text: &str) -> Document {
    parse(Source::from_text(name, text)).expect("generated text parses")
}

/// A change to one line of a statute: keep, drop, replace a word, insert a word, or move
/// the line to the end.
fn mutations() -> impl Strategy<Value = Vec<(u8, usize, usize)>> {
    prop::collection::vec((0u8..5, 0..32usize, 0..WORDS.len()), 0..8)
}

fn mutate(lines: &[(usize, Vec<usize>)], muts: &[(u8, usize, usize)]) -> Vec<(usize, Vec<usize>)> {
    let mut out = lines.to_vec();
    for &(kind, at, word) in muts {
        if out.is_empty() {
            break;
        }
        let i = at % out.len();
        match kind {
            0 => {
                out.remove(i);
            }
            1 => {
                let words = &mut out[i].1;
                let k = word % words.len();
                words[k] = (words[k] + 1) % WORDS.len();
            }
            2 => {
                let words = &mut out[i].1;
                let k = at % (words.len() + 1);
                words.insert(k, word);
            }
            3 => {
                let line = out.remove(i);
                out.push(line);
            }
            _ => {}
        }
    }
    out
}

/// A provision's own text in a document, without whitespace (a redline joins its
/// pieces with " … " and keeps each chunk's spacing).
fn own_text(d: &Document, p: usize) -> String {
    let text: String =
        d.segments.iter().filter(|s| s.kind == SegmentKind::Text(p)).map(|s| &d.text()[s.range.clone()]).collect();
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn words_of<S: AsRef<str>>(chunks: impl Iterator<Item = S>) -> String {
    let text: String = chunks.map(|c| c.as_ref().to_string()).collect();
    text.replace('…', "").chars().filter(|c| !c.is_whitespace()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn normalization_is_idempotent(s in messy_text()) {
        let once = normalize_text(&s);
        prop_assert_eq!(normalize_text(&once), once.clone());
    }

    #[test]
    fn parser_segments_tile_the_text(lines in statute_lines(), noise in messy_text()) {
        for text in [render(&lines), format!("{noise}{}", render(&lines)), noise.clone()] {
            let Ok(d) = parse(Source::from_text("t.txt", text.clone())) else { continue };
            let body = d.text();
            // Ordered, contiguous, covering: concatenating the segments gives the body.
            let joined: String = d.segments.iter().map(|s| &body[s.range.clone()]).collect();
            prop_assert_eq!(&joined, body);
            for w in d.segments.windows(2) {
                prop_assert_eq!(w[0].range.end, w[1].range.start);
            }
            for p in &d.provisions {
                prop_assert!(p.span.start <= p.span.end && p.span.end <= body.len());
            }
        }
    }

    #[test]
    fn strike_and_insert_of_itself_changes_nothing(lines in statute_lines(), from in 0..200usize, len in 1..6usize) {
        let text = render(&lines);
        let words: Vec<&str> = text.split_whitespace().collect();
        let start = from % words.len();
        let phrase = words[start..(start + len).min(words.len())].join(" ");
        // Only a phrase that occurs once can be struck without saying which occurrence.
        prop_assume!(text.matches(phrase.as_str()).count() == 1);
        let base = Source::from_text("base.txt", text.clone());
        let op = Op {
            kind: OpKind::Strike { strike: phrase.clone(), insert: phrase.clone(), occurrence: None },
            at: None,
            line: 1,
            column: 1,
        };
        let proposal = Proposal {
            name: "self.toml".into(),
            title: "no change".into(),
            jurisdiction: None,
            description: None,
            base: None,
            base_refused: None,
            amendments: vec![Amendment { id: "a".into(), title: "A".into(), description: None, group: None, ops: vec![op], line: 1 }],
        };
        let applied = apply(&base, &proposal, &[0]).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(applied.text, text);
    }

    #[test]
    fn diff_scripts_replay_to_the_after_text(
        a in prop::collection::vec(0u32..6, 0..80),
        b in prop::collection::vec(0u32..6, 0..80),
        max_edits in 0usize..60,
    ) {
        let budget = Budget { max_tokens: 40_000, max_edits };
        let o = diff(&a, &b, &budget);
        prop_assert_eq!(replay(&a, &b, &o), b.clone());
        // Every token of `a` is kept or deleted exactly once, in order.
        let mut next_a = 0;
        for e in &o.edits {
            prop_assert_eq!(e.a.start, next_a);
            next_a = e.a.end;
        }
        prop_assert_eq!(next_a, a.len());
        let weights_a = vec![1; a.len()];
        let weights_b = vec![1; b.len()];
        let cleaned = redline::redline::diff::Outcome { edits: cleanup(o.edits, &weights_a, &weights_b), fallback: o.fallback };
        prop_assert_eq!(replay(&a, &b, &cleaned), b);
    }

    #[test]
    fn redline_sides_give_back_each_version(lines in statute_lines(), muts in mutations()) {
        let before = render(&lines);
        let after = render(&mutate(&lines, &muts));
        let (old, new) = (doc("old.txt", &before), doc("new.txt", &after));
        let r = redline(&old, &new, &Budget::default(), &Declared::default());
        // Every word of the new text is shown once, in order; every word of the old text
        // once, under whichever entry now holds it (a split shows it under several).
        let law = r.entries.iter().filter(|e| e.heading.is_none());
        let new_side = words_of(law.clone().flat_map(|e| e.chunks.iter()).filter(|c| matches!(c.kind, ChunkKind::Equal | ChunkKind::Insert | ChunkKind::MovedIn { .. })).map(|c| c.text_in(&new).into_owned()));
        let old_side = words_of(law.flat_map(|e| e.chunks.iter()).filter(|c| matches!(c.kind, ChunkKind::Equal | ChunkKind::Delete | ChunkKind::MovedOut { .. })).map(|c| c.text_in(&new).into_owned()));
        let block_text = |d: &Document| words_of(units(d).iter().flat_map(|u| u.pieces.iter().map(|r| &d.text()[r.clone()])));
        prop_assert_eq!(&new_side, &block_text(&new));
        let sorted = |s: &str| { let mut v: Vec<char> = s.chars().collect(); v.sort_unstable(); v };
        prop_assert_eq!(sorted(&old_side), sorted(&block_text(&old)));
        // Every provision with text appears in the redline, on each side.
        let mut seen_old: Vec<usize> = r.entries.iter().flat_map(|e| e.old_provs.iter().copied()).collect();
        let mut seen_new: Vec<usize> = r.entries.iter().flat_map(|e| e.new_provs.iter().copied()).collect();
        seen_old.sort_unstable();
        seen_old.dedup();
        seen_new.sort_unstable();
        seen_new.dedup();
        let with_text = |d: &Document| {
            let mut v: Vec<usize> = (0..d.provisions.len()).filter(|&p| !own_text(d, p).is_empty()).collect();
            v.sort_unstable();
            v
        };
        prop_assert_eq!(seen_old, with_text(&old));
        prop_assert_eq!(seen_new, with_text(&new));
    }
}
