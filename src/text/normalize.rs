//! Normalization of statute text, keeping a map back to the original bytes.
//!
//! Statutes arrive from PDFs, websites and word processors: CRLF line ends, a byte-order
//! mark, smart quotes, non-breaking spaces, en dashes in citations (`§ 11–303`), soft
//! hyphens, ligatures, and words broken across lines (`traf-\nficking`). Parsing and rule
//! matching work on a normalized copy in which all of these have one spelling; every
//! span found in the copy maps back to the original bytes, so quotes shown to users are
//! always the original text.
//!
//! Normalization is idempotent: normalizing normalized text changes nothing. Spaces are
//! not collapsed (layout carries structure, e.g. two spaces after a heading); rule
//! patterns match any run of whitespace where they have a space.

use std::ops::Range;

/// Normalized text and the map from its bytes to the original's.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    pieces: Vec<Piece>,
    /// Offset of the original text within its file (for a body after front matter).
    base: usize,
    /// Length of the original text.
    orig_len: usize,
}

/// A run of normalized bytes and the original bytes it came from. An exact piece is a
/// byte-for-byte copy; an inexact piece maps as a whole (a folded character, a removed
/// line-break hyphen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    norm: usize,
    norm_end: usize,
    orig: usize,
    orig_end: usize,
    exact: bool,
}

impl Normalized {
    /// Normalizes `original`; offsets reported by [`Normalized::orig_range`] are
    /// `base + offset into original`.
    pub fn new(original: &str, base: usize) -> Self {
        let folded = fold(original);
        let joined = join_hyphenated(folded);
        Normalized { text: joined.text, pieces: joined.pieces, base, orig_len: original.len() }
    }

    /// A normalized text that is an exact copy of `original` (no folding).
    pub fn identity(original: &str, base: usize) -> Self {
        let mut b = Builder::default();
        b.copy(0..original.len(), original);
        Normalized { text: b.text, pieces: b.pieces, base, orig_len: original.len() }
    }

    /// The original byte range (in file offsets) of a normalized byte range.
    pub fn orig_range(&self, r: Range<usize>) -> Range<usize> {
        let start = self.orig_start(r.start);
        if r.is_empty() {
            return start..start;
        }
        let end = self.orig_end(r.end);
        start..end.max(start)
    }

    /// The original offset (in file offsets) where normalized byte `p` starts.
    pub fn orig_start(&self, p: usize) -> usize {
        if p >= self.text.len() {
            return self.base + self.orig_len;
        }
        let i = self.pieces.partition_point(|pc| pc.norm_end <= p);
        let pc = &self.pieces[i];
        self.base + if pc.exact { pc.orig + (p - pc.norm) } else { pc.orig }
    }

    /// The original offset (in file offsets) where normalized text ending at `p` ends.
    pub fn orig_end(&self, p: usize) -> usize {
        if p == 0 {
            return self.orig_start(0);
        }
        let p = p.min(self.text.len());
        let i = self.pieces.partition_point(|pc| pc.norm_end < p);
        let pc = &self.pieces[i.min(self.pieces.len() - 1)];
        self.base + if pc.exact { pc.orig + (p - pc.norm) } else { pc.orig_end }
    }

    /// Offset of the original text within its file.
    pub fn base(&self) -> usize {
        self.base
    }
}

#[derive(Default)]
struct Builder {
    text: String,
    pieces: Vec<Piece>,
}

impl Builder {
    /// Appends `s`, an exact copy of original bytes `orig`.
    fn copy(&mut self, orig: Range<usize>, s: &str) {
        if s.is_empty() {
            return;
        }
        let norm = self.text.len();
        self.text.push_str(s);
        if let Some(last) = self.pieces.last_mut() {
            if last.exact && last.norm_end == norm && last.orig_end == orig.start {
                last.norm_end += s.len();
                last.orig_end = orig.end;
                return;
            }
        }
        self.pieces.push(Piece { norm, norm_end: norm + s.len(), orig: orig.start, orig_end: orig.end, exact: true });
    }

    /// Appends `s` (possibly empty) standing for original bytes `orig` as a whole.
    fn replace(&mut self, orig: Range<usize>, s: &str) {
        let norm = self.text.len();
        self.text.push_str(s);
        self.pieces.push(Piece { norm, norm_end: norm + s.len(), orig: orig.start, orig_end: orig.end, exact: false });
    }
}

/// The normalized spelling of a character, or `None` to keep it.
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{feff}' | '\u{00ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' => "",
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{0060}' | '\u{00b4}' => "'",
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' => "\"",
        '\u{00a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\t' => " ",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' | '\u{fe63}' | '\u{ff0d}' => "-",
        '\u{2028}' | '\u{2029}' | '\u{0085}' | '\u{000b}' | '\u{000c}' => "\n",
        '\u{fb00}' => "ff",
        '\u{fb01}' => "fi",
        '\u{fb02}' => "fl",
        '\u{fb03}' => "ffi",
        '\u{fb04}' => "ffl",
        _ => return None,
    })
}

/// Whether an ASCII byte may need folding (`\r`, tab, vertical tab, form feed, backtick);
/// every non-ASCII byte is looked at as part of its character.
const fn ascii_needs_fold(b: u8) -> bool {
    matches!(b, b'\r' | b'\t' | 0x0b | 0x0c | b'`')
}

/// The first position at or after `i` whose byte may need folding, eight bytes at a time.
fn skip_plain(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether some byte of `w` equals `b` (the classic zero-byte test on `w ^ b…b`).
    let has = |w: u64, b: u8| {
        let x = w ^ (ONES * u64::from(b));
        x.wrapping_sub(ONES) & !x & HIGH != 0
    };
    while let Some(chunk) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7]]);
        if w & HIGH != 0 || has(w, b'\r') || has(w, b'\t') || has(w, 0x0b) || has(w, 0x0c) || has(w, b'`') {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i] < 0x80 && !ascii_needs_fold(bytes[i]) {
        i += 1;
    }
    i
}

/// Stage one: one spelling for each character, `\n` for every line end. Runs of text that
/// need nothing are copied whole.
fn fold(original: &str) -> Builder {
    let mut b = Builder { text: String::with_capacity(original.len()), pieces: Vec::new() };
    let bytes = original.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        i = skip_plain(bytes, i);
        let Some(&byte) = bytes.get(i) else { break };
        if byte < 0x80 && !ascii_needs_fold(byte) {
            i += 1;
            continue;
        }
        if byte == b'\r' {
            b.copy(run..i, &original[run..i]);
            let len = if bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            b.replace(i..i + len, "\n");
            i += len;
            run = i;
            continue;
        }
        // `i` is a character boundary: every byte before it was ASCII or a whole character.
        let c = original[i..].chars().next().unwrap_or('\0');
        let len = c.len_utf8();
        if let Some(s) = fold_char(c) {
            b.copy(run..i, &original[run..i]);
            b.replace(i..i + len, s);
            run = i + len;
        }
        i += len;
    }
    b.copy(run..bytes.len(), &original[run..]);
    b
}

/// Stage two: rejoin words hyphenated across a line break (`traf-\n  ficking`), where a
/// lowercase letter stands on both sides.
fn join_hyphenated(folded: Builder) -> Builder {
    let (text, pieces) = (folded.text.as_str(), folded.pieces.as_slice());
    let bytes = text.as_bytes();
    let mut deletions: Vec<Range<usize>> = Vec::new();
    for p in memchr::memmem::find_iter(bytes, b"-\n") {
        if p == 0 || !bytes[p - 1].is_ascii_lowercase() {
            continue;
        }
        let mut q = p + 2;
        while q < bytes.len() && bytes[q] == b' ' {
            q += 1;
        }
        if q < bytes.len() && bytes[q].is_ascii_lowercase() {
            deletions.push(p..q);
        }
    }
    if deletions.is_empty() {
        return folded;
    }
    let mut b = Builder { text: String::with_capacity(text.len()), pieces: Vec::with_capacity(pieces.len()) };
    let mut del = deletions.iter().peekable();
    for pc in pieces {
        let mut n = pc.norm;
        // An inexact piece is never split: deletions only cover `-`, `\n` and spaces,
        // each of which is a whole piece when inexact.
        while n < pc.norm_end || (pc.norm == pc.norm_end && n == pc.norm) {
            if pc.norm == pc.norm_end {
                b.replace(pc.orig..pc.orig_end, "");
                break;
            }
            let next_del = del.peek().map(|d| d.start).unwrap_or(usize::MAX);
            if next_del <= n {
                let d = del.peek().unwrap();
                let end = d.end.min(pc.norm_end);
                let orig = map_in_piece(pc, n)..map_in_piece_end(pc, end);
                b.replace(orig, "");
                if end == d.end {
                    del.next();
                }
                n = end;
            } else {
                let end = next_del.min(pc.norm_end);
                let orig = map_in_piece(pc, n)..map_in_piece_end(pc, end);
                if pc.exact {
                    b.copy(orig, &text[n..end]);
                } else {
                    b.replace(orig, &text[n..end]);
                }
                n = end;
            }
        }
    }
    b
}

fn map_in_piece(pc: &Piece, n: usize) -> usize {
    if pc.exact {
        pc.orig + (n - pc.norm)
    } else {
        pc.orig
    }
}

fn map_in_piece_end(pc: &Piece, n: usize) -> usize {
    if pc.exact {
        pc.orig + (n - pc.norm)
    } else {
        pc.orig_end
    }
}

/// Normalizes a string and returns only the text (for comparing texts).
pub fn normalize_text(s: &str) -> String {
    Normalized::new(s, 0).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_quotes_spaces_dashes_and_line_ends() {
        let n = Normalized::new("\u{feff}a\u{2019}s\u{00a0}§\u{2013}1\r\nb\rc", 0);
        assert_eq!(n.text, "a's §-1\nb\nc");
    }

    #[test]
    fn spans_map_back_to_original_bytes() {
        let orig = "the defendant\u{2019}s claim";
        let n = Normalized::new(orig, 10);
        let p = n.text.find("defendant's").unwrap();
        let r = n.orig_range(p..p + "defendant's".len());
        assert_eq!(&orig[r.start - 10..r.end - 10], "defendant\u{2019}s");
    }

    #[test]
    fn rejoins_hyphenated_words_and_quotes_the_original() {
        let orig = "victim of traf-\n   ficking in persons";
        let n = Normalized::new(orig, 0);
        assert_eq!(n.text, "victim of trafficking in persons");
        let p = n.text.find("trafficking").unwrap();
        let r = n.orig_range(p..p + "trafficking".len());
        assert_eq!(&orig[r], "traf-\n   ficking");
        // Capitals or non-letters on either side are real hyphens.
        assert_eq!(normalize_text("ASSEM-\nBLY 22-\n1844"), "ASSEM-\nBLY 22-\n1844");
    }

    #[test]
    fn crlf_hyphen_break_is_rejoined() {
        let orig = "traf-\r\nficking";
        let n = Normalized::new(orig, 0);
        assert_eq!(n.text, "trafficking");
        assert_eq!(n.orig_range(0..n.text.len()), 0..orig.len());
    }

    #[test]
    fn normalization_is_idempotent_on_examples() {
        for s in ["a-\nb-\nc", "x\u{2013}-\ny", "\r\n\r", "ﬁnd the ﬂaw", "a -\n b"] {
            let once = normalize_text(s);
            assert_eq!(normalize_text(&once), once, "{s:?}");
        }
    }

    #[test]
    fn end_of_text_maps_to_end_of_original() {
        let n = Normalized::new("ab\u{00ad}", 5);
        assert_eq!(n.text, "ab");
        assert_eq!(n.orig_range(0..2), 5..7);
        assert_eq!(n.orig_start(2), 5 + 4);
    }
}
