//! Issue 9, done-when 4: every evidence quote, on every corpus text, starts and ends at
//! word boundaries, and no negation word stands earlier in the quote's clause unless the
//! quote includes it. Clauses are the rubric's own (its `[grammar]` clause breaks).

mod common;

use std::ops::Range;

use redline::rubric::context::{clause_of, Finder};
use redline::rubric::pattern::{match_text, Hay, Pattern};
use redline::rubric::{self, Evidence};
use redline::statute::{self, Document};

struct TextFinder<'a> {
    text: &'a str,
    lower: String,
}

impl Finder for TextFinder<'_> {
    fn find(&self, p: &Pattern, range: Range<usize>) -> Vec<Range<usize>> {
        let hay = Hay { text: &self.text[range.clone()], lower: &self.lower[range.clone()] };
        p.find_iter(hay, None).into_iter().map(|r| range.start + r.start..range.start + r.end).collect()
    }

    fn text(&self) -> &str {
        self.text
    }
}

/// The corpus texts: every shipped statute, the excerpts and the generalization fixtures.
fn corpus_files() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["statutes", "fixtures/excerpts", "fixtures/generalization"] {
        let root = common::root().join(dir);
        let mut stack = vec![root];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "txt") {
                    out.push(p.display().to_string());
                }
            }
        }
    }
    out.sort();
    out
}

/// A negation word at `i` of `lower`, unless it is a comparative or "not guilty".
fn negators(lower: &str, range: Range<usize>) -> Vec<usize> {
    let mut out = Vec::new();
    for w in ["no", "not", "nothing", "never"] {
        for (i, _) in lower[range.clone()].match_indices(w) {
            let at = range.start + i;
            let before = lower[..at].chars().next_back();
            let after = lower[at + w.len()..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
                continue;
            }
            let rest = &lower[at + w.len()..];
            let comparative = [
                "later than",
                "sooner than",
                "earlier than",
                "more than",
                "less than",
                "fewer than",
                "longer than",
                "greater than",
                "guilty",
                "only",
                "limited to",
            ]
            .iter()
            .any(|c| rest.trim_start().starts_with(c));
            if !comparative {
                out.push(at);
            }
        }
    }
    out
}

fn check(doc: &Document, rubric: &rubric::Rubric, ev: &Evidence, problems: &mut Vec<String>) {
    let file = &doc.source.text;
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let q = &file[ev.start..ev.end];
    if word(file[..ev.start].chars().next_back()) && word(q.chars().next()) {
        problems.push(format!("{}: quote starts inside a word: “{q}”", doc.source.name));
    }
    if word(q.chars().next_back()) && word(file[ev.end..].chars().next()) {
        problems.push(format!("{}: quote ends inside a word: “{q}”", doc.source.name));
    }
    let text = doc.text();
    let f = TextFinder { text, lower: match_text(text) };
    let Some(sentence) = doc
        .sentences
        .iter()
        .find(|s| s.range.start <= ev.body_range.start && ev.body_range.start < s.range.end.max(s.range.start + 1))
    else {
        return;
    };
    let clause = clause_of(&f, rubric, sentence.range.clone(), &ev.body_range);
    for n in negators(&f.lower, clause.start..ev.body_range.start) {
        problems.push(format!(
            "{} ({}): “{}” leaves out the negation at “{}” earlier in its clause",
            doc.source.name,
            ev.rule,
            q,
            &text[n..(n + 40).min(ev.body_range.start)]
        ));
    }
}

#[test]
fn every_quote_is_whole_words_with_its_negation() {
    let r = rubric::builtin(rubric::DEFAULT_RUBRIC).unwrap().unwrap();
    let mut problems = Vec::new();
    let mut quotes = 0;
    let files = corpus_files();
    assert!(files.len() >= 30, "{files:?}");
    for path in &files {
        let doc = statute::read(path).unwrap();
        for card in rubric::score(&doc, &r) {
            let mut all: Vec<&Evidence> = card.applies.iter().collect();
            for c in &card.categories {
                all.extend(c.evidence.iter());
                all.extend(c.not_counted.iter().map(|n| &n.evidence));
            }
            for ev in all {
                quotes += 1;
                check(&doc, &r, ev, &mut problems);
            }
        }
    }
    println!("{quotes} quotes checked in {} files", files.len());
    assert!(quotes > 300, "{quotes}");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
