//! Sentence boundaries in statute text.
//!
//! Statutes are full of periods that do not end sentences: `U.S.C.`, `s. 787.06`,
//! `Sec. 5`, `et seq.`, enumerators (`2. To any agency`) and initials. A sentence may run
//! through a whole list of enumerated items (`A motion shall: (1) be in writing; (2) …`),
//! which is what rules need: the list's items share the sentence's subject.

use std::ops::Range;

/// Words that end with a period without ending a sentence (compared in lowercase).
const ABBREVIATIONS: &[&str] = &[
    "s", "ss", "ch", "chs", "sec", "secs", "no", "nos", "stat", "stats", "art", "arts", "ann", "rev", "gen", "seq",
    "al", "inc", "co", "corp", "ltd", "v", "vs", "mr", "mrs", "ms", "dr", "st", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "pub", "cf", "par", "para", "subd", "subsec", "cl", "pt", "dept",
    "admin", "reg", "regs", "fed", "supp", "app", "cir", "div", "am", "approx", "l", "cal", "crim", "proc", "civ",
    "pen", "const", "amend", "tit", "c", "p", "pp", "ed", "ex", "sess", "ord", "stat'", "gov", "educ",
];

/// Whether the `.`, `?` or `!` at byte `i` of `text` ends a sentence. `start` is where
/// the current sentence began (an enumerator's own dot right there does not end it).
pub fn is_boundary(text: &str, i: usize, start: usize) -> bool {
    let bytes = text.as_bytes();
    let c = bytes[i];
    if !matches!(c, b'.' | b'?' | b'!') {
        return false;
    }
    let mut after = i + 1;
    while after < bytes.len() && matches!(bytes[after], b'"' | b'\'') {
        after += 1;
    }
    let next = bytes.get(after).copied();
    let decimal = i > 0 && bytes[i - 1].is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit());
    let glued_enumerator = next.is_some_and(|n| n == b'(' || n.is_ascii_alphanumeric())
        && c == b'.'
        && !decimal
        && glued_enumerator_at(&text[after..]);
    if !(next.is_none() || next.is_some_and(|n| n.is_ascii_whitespace()) || glued_enumerator) {
        return false;
    }
    if c != b'.' {
        return true;
    }
    // The word before the period (letters and digits only).
    let word_start = text[..i]
        .char_indices()
        .rev()
        .take_while(|(_, ch)| ch.is_alphanumeric() || *ch == '\'')
        .last()
        .map_or(i, |(k, _)| k);
    let word = &text[word_start..i];
    if word.is_empty() {
        return true;
    }
    let mut prev = text[..word_start].chars().rev();
    let p1 = prev.next();
    let p2 = prev.next();
    let all_digits = word.bytes().all(|b| b.is_ascii_digit());
    // `U.S.C.`, `D.C.`, `e.g.`: a chain of dotted letters.
    if p1 == Some('.')
        && p2.is_some_and(char::is_alphabetic)
        && word.chars().all(char::is_alphabetic)
        && word.chars().count() <= 3
    {
        return false;
    }
    // `787.06.` is a decimal number ending a sentence.
    if p1 == Some('.') && p2.is_some_and(|c| c.is_ascii_digit()) && all_digits {
        return true;
    }
    let at_sentence_start = text[start.min(word_start)..word_start].bytes().rev().all(|b| b.is_ascii_whitespace());
    let after_list_mark = text[..word_start].trim_end().ends_with([':', ';']);
    if all_digits && word.len() <= 3 {
        // `2. To any agency` opens a sentence; `within 60 days after January 1.` ends one.
        return !(at_sentence_start || p1 == Some('.') || after_list_mark);
    }
    if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
        return next == Some(b'\n') && !at_sentence_start;
    }
    !ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// `B. If`, `2. Enter` or `(b)Imposing` glued right after a period.
fn glued_enumerator_at(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b'(') {
        return s.find(')').is_some_and(|k| k > 1 && k <= 5);
    }
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let n = if n == 0 && b.first().is_some_and(u8::is_ascii_uppercase) { 1 } else { n };
    n > 0 && n <= 3 && s[n..].starts_with(". ")
}

/// The end (exclusive) of the sentence that contains byte `pos`, looking no further than
/// `limit`; a sentence ends after its terminal punctuation and any closing quote.
pub fn sentence_end(text: &str, pos: usize, start: usize, limit: usize) -> usize {
    find_end(text, pos, start, limit).1
}

/// The ends of the sentences that hold a series of positions, asked in increasing order
/// (the parser asks for each enumerator's): each byte is read about once, not once per
/// position.
///
/// A boundary found from an earlier position holds for a later one before it, unless the
/// word before its period stands right at the later position (an enumerator's own dot);
/// a position never has an earlier boundary than an earlier position had, since starting
/// later can only turn a period into a non-boundary.
#[derive(Debug, Default)]
pub struct Ends {
    /// (position asked, its limit, the period found or `None`, the end returned)
    last: Option<(usize, usize, Option<usize>, usize)>,
}

impl Ends {
    /// Like [`sentence_end`]`(text, pos, pos, limit)`.
    pub fn end(&mut self, text: &str, pos: usize, limit: usize) -> usize {
        let mut from = pos;
        if let Some((p, l, period, end)) = self.last {
            if l == limit && p <= pos && pos < end {
                match period {
                    None => return end,
                    Some(i) if i >= pos && is_boundary(text, i, pos) => {
                        self.last = Some((pos, limit, period, end));
                        return end;
                    }
                    Some(i) => from = (i + 1).max(pos),
                }
            }
        }
        let (period, end) = find_end(text, from, pos, limit);
        self.last = Some((pos, limit, period, end));
        end
    }
}

/// The first sentence-ending period (or `?`, `!`) at or after `from`, for a sentence
/// that began at `start`, and the end after it (closing quotes included); `limit` when
/// there is none.
fn find_end(text: &str, from: usize, start: usize, limit: usize) -> (Option<usize>, usize) {
    let bytes = text.as_bytes();
    for i in memchr::memchr3_iter(b'.', b'?', b'!', &bytes[from..limit]).map(|k| from + k) {
        if is_boundary(text, i, start) {
            crate::work::add(crate::work::Counter::ParseSteps, i + 1 - from);
            let mut end = i + 1;
            while end < limit && matches!(bytes[end], b'"' | b'\'') {
                end += 1;
            }
            return (Some(i), end);
        }
    }
    crate::work::add(crate::work::Counter::ParseSteps, limit - from);
    (None, limit)
}

/// Splits `range` of `text` into sentences (ranges without leading whitespace).
pub fn split(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = range.start;
    loop {
        while pos < range.end && text.as_bytes()[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= range.end {
            break;
        }
        let end = sentence_end(text, pos, pos, range.end);
        let trimmed_end = pos + text[pos..end].trim_end().len();
        out.push(pos..trimmed_end);
        pos = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(t: &str) -> Vec<&str> {
        split(t, 0..t.len()).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn citations_and_abbreviations_do_not_end_sentences() {
        let t = "It has the meaning in s. 787.06. Under 18 U.S.C. s. 922(t), nor shall it. Next one.";
        assert_eq!(
            sentences(t),
            ["It has the meaning in s. 787.06.", "Under 18 U.S.C. s. 922(t), nor shall it.", "Next one."]
        );
    }

    #[test]
    fn dotted_enumerators_open_sentences() {
        let t = "available: 1. To criminal justice agencies. 2. To any agency. (b) A criminal agency.";
        assert_eq!(
            sentences(t),
            ["available: 1. To criminal justice agencies.", "2. To any agency.", "(b) A criminal agency."]
        );
    }

    #[test]
    fn glued_enumerators_after_a_period() {
        let t = "section 13-3212.B. If the prosecutor does not oppose.C. If it does.";
        assert_eq!(sentences(t), ["section 13-3212.", "B. If the prosecutor does not oppose.", "C. If it does."]);
    }

    #[test]
    fn a_list_stays_in_one_sentence() {
        let t = "A motion shall:\n  (1) be in writing;\n  (2) be signed; and\n  (3) be made.\n(c) Next.";
        assert_eq!(sentences(t).len(), 2);
    }
}
