//! Finding the parts of a statute text that are not provisions: section headings, and
//! annotations (history notes, editors' notes, commentary, case notes, chapter headings).
//!
//! Annotations are kept in the document (nothing is lost) but never scored as law: a
//! commentary that says the legislature meant to help trafficking victims does not make a
//! section trafficking-specific.

use std::ops::Range;
use std::sync::LazyLock;

use regex::bytes::Regex;

/// A section heading found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The section number, e.g. `22-1844`; `None` for an unnumbered title line.
    pub number: Option<String>,
    /// The heading's text range, from its first character through its closing punctuation.
    pub range: Range<usize>,
}

/// What kind of non-law text an annotation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnotationKind {
    /// History and source notes: `(P.A. 13-166 …)`, `History.—`, `[L 2012, c 216 …]`.
    History,
    /// Commentary, case notes, cross references, editors' notes.
    Commentary,
    /// Title, chapter and part headings above sections.
    Heading,
}

/// An annotation's range and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    pub range: Range<usize>,
    pub kind: AnnotationKind,
}

/// Builds one of this module's fixed patterns: bytes, Unicode off (much cheaper to build;
/// the few non-ASCII characters are written as their UTF-8 bytes).
pub fn ascii_regex(pattern: &str) -> Regex {
    regex::bytes::RegexBuilder::new(pattern).unicode(false).build().expect("fixed pattern")
}

/// `§`, `—` and `’` as UTF-8 byte sequences for [`ascii_regex`] patterns.
const SECTION_SIGN: &str = r"(?:\xC2\xA7)";
const EM_DASH: &str = r"(?:\xE2\x80\x94)";
const RIGHT_QUOTE: &str = r"(?:\xE2\x80\x99)";

/// A section number: `22-1844`, `54-95c`, `712-1209.6`, `19.2-327.15`, `2C:44-1.1`.
const NUM: &str = r"[0-9]+[A-Za-z]*(?:[-.:][0-9]+[A-Za-z]*)*";

static SECTION_MARKED: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(&format!(
        r"^[ ]*(?:\[[ ]*)?(?:{SECTION_SIGN}+[ ]*|Sec(?:tion|\.)[ ]+|SECTION[ ]+|Sec[ ]+)({NUM})(?:[ ]*\])?"
    ))
});

/// A bare section number opening a file's first line; a code's name may come first:
/// `RCW 9.96.060`, `Minn. Stat. § 609A.02`.
static SECTION_BARE: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(&format!(
        r"^[ ]*(?:[A-Z][A-Za-z.']*[ ]+){{0,3}}(?:{SECTION_SIGN}+[ ]*)?([0-9]+[A-Za-z]*(?:[-.:][0-9]+[A-Za-z]*)+)"
    ))
});

/// Lines that open a block of commentary running to the next section heading.
const BLOCK_STARTS: &[&str] = &[
    "COMMENTARY ON",
    "SUPPLEMENTAL COMMENTARY ON",
    "Case Notes",
    "Revision Note",
    "Law Journals and Reviews",
    "Attorney General Opinions",
    "Rules of Court",
    "Notes of Decisions",
    "Historical and Statutory Notes",
    "Editor's note",
    "Editor's Note",
    "Editor\u{2019}s note",
    "Editor\u{2019}s Note",
    "Editors' Notes",
    "History:",
    "HISTORY:",
    "Amendment Notes",
];

/// Block headings that must stand alone on their line.
const BLOCK_LINES: &[&str] = &["Cross References", "Credits", "Annotations", "Effect of Amendments"];

fn is_block_start(line: &str) -> bool {
    let t = line.trim();
    BLOCK_STARTS.iter().any(|b| t.starts_with(b)) || BLOCK_LINES.contains(&t)
}

/// Editors' and publishers' notes printed on a line of their own: `*NOTE: … *` anywhere;
/// "Editor's note", "Publisher's note", "Effective date note", "NOTE:" when they stand
/// right under a section heading (elsewhere "Editor's note" opens a commentary block).
static EDITOR_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(&format!(
        r"^[ ]*(?:\*[ ]*NOTE:|(?:Editor|Publisher)(?:'|{RIGHT_QUOTE})?s(?:'|{RIGHT_QUOTE})?[ ]+[Nn]ote|Effective[ ]+[Dd]ate[ ]+[Nn]ote|NOTE:|Note:)"
    ))
});

static LINE_NOTE: LazyLock<Regex> =
    LazyLock::new(|| ascii_regex(r"^[ ]*(?:\[[A-Z][^\]\n]{1,40}\][ ]|\(P\.[ ]?A\.[ ][0-9])"));

static STRUCTURAL: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(&format!(
        r"^[ ]*\[?(?:TITLE|Title|CHAPTER|Chapter|SUBCHAPTER|Subchapter|PART|Part|ARTICLE|Article|SUBTITLE|Subtitle|DIVISION|Division)[ ]+[0-9IVXLCDMivxlcdm]+[A-Za-z]?(?:[.:\]]|[ ]+(?:-|{EM_DASH})|[ ]*$)",
    ))
});

/// History notes inside the text. Every alternative starts with a literal word, so the
/// search skips ahead on those words; `Source` counts only at a line start (checked by
/// [`inline_history`]).
static INLINE_HISTORY: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(&format!(
        r"History\.?[ ]?(?:-|{EM_DASH}){{1,2}}|Source[ ]*:?[ ]*(?:Laws?(?:[^A-Za-z]|$)|L\.|Acts?(?:[^A-Za-z]|$)|P\.[ ]?L\.|Pub\.|Stats?\.|G\.[ ]?L\.)|(?:Added|Amended|Repealed|Renumbered|Enacted|Derived)[ ]+(?:by|from)[ ]+(?:Laws?(?:[^A-Za-z]|$)|L\.|Acts?(?:[^A-Za-z]|$)|Stats?\.|P\.[ ]?A\.|Pub\.|Ch\.)",
    ))
});

/// The matches of [`INLINE_HISTORY`] as the multi-line pattern with `^[ ]*Source` would
/// find them: a `Source` match not at a line start is skipped, and the search goes on
/// from the next byte (it may hold another note).
fn inline_history(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(m) = INLINE_HISTORY.find_at(bytes, at) {
        if bytes[m.start()] == b'S' {
            let line_start = bytes[..m.start()].iter().rposition(|&b| b == b'\n').map_or(0, |k| k + 1);
            if !bytes[line_start..m.start()].iter().all(|&b| b == b' ') {
                at = m.start() + 1;
                continue;
            }
            out.push(line_start..m.end());
        } else {
            out.push(m.range());
        }
        at = m.end().max(m.start() + 1);
    }
    out
}

static BRACKET_HISTORY: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(
        r"\[(?:L|Laws?|Acts?|P\.[ ]?A\.|Pub\.[ ]?L\.)[ ]+[0-9]{4}|\[[0-9]+[-0-9.A-Za-z]*,[ ]+(?:added|am\.|amended|enacted|as added|repealed|formerly)|\((?:Source:|P\.[ ]?A\.[ ][0-9]|Added by|Amended by|Added L\.|Acts[ ]+[0-9]{4},)",
    )
});

/// Lines of a text as byte ranges without their `\n`.
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(text.len() / 64);
    let mut start = 0;
    for i in memchr::memchr_iter(b'\n', text.as_bytes()) {
        out.push(start..i);
        start = i + 1;
    }
    out.push(start..text.len());
    out
}

/// Finds the section headings of a (normalized) statute text.
pub fn find_headings(text: &str) -> Vec<Heading> {
    let lines = line_ranges(text);
    let first_nonblank = lines.iter().position(|l| !text[l.clone()].trim().is_empty());
    let mut out: Vec<Heading> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if out.last().is_some_and(|h| h.range.end > line.start) {
            continue;
        }
        let s = &text[line.start..];
        let s_line = &text[line.clone()];
        if Some(i) != first_nonblank && !may_open_marked_heading(s_line) {
            continue;
        }
        let (caps, bare) = if let Some(c) = SECTION_MARKED.captures(s_line.as_bytes()) {
            (c, false)
        } else if Some(i) == first_nonblank {
            match SECTION_BARE.captures(s_line.as_bytes()) {
                Some(c) => (c, true),
                None => continue,
            }
        } else {
            continue;
        };
        let whole = caps.get(0).unwrap();
        let num = caps.get(1).unwrap();
        if !heading_follows(&s[whole.end()..], bare) {
            continue;
        }
        if i > 0 && Some(i) != first_nonblank && !prev_line_allows_heading(text, &lines[..i]) {
            continue;
        }
        let start = line.start + (s_line.len() - s_line.trim_start().len());
        let end = heading_end(text, line.start + whole.end());
        out.push(Heading { number: Some(s_line[num.range()].to_string()), range: start..end });
    }
    out
}

/// A cheap test that a line could match [`SECTION_MARKED`]: after spaces and an optional
/// `[`, it starts with `§` or `S`. Most lines fail it, and skip the regex.
fn may_open_marked_heading(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    let t = t.strip_prefix('[').map_or(t, |r| r.trim_start_matches(' '));
    matches!(t.as_bytes().first(), Some(0xC2 | b'S'))
}

/// Whether what follows a section number looks like a heading's title rather than a
/// citation in running text (`§ 54-102uu or any other provision`).
fn heading_follows(rest: &str, bare: bool) -> bool {
    let trimmed = rest.trim_start_matches(['.', ' ', '-', '—', ':']);
    if rest.trim().is_empty() || rest.starts_with('\n') {
        return !bare;
    }
    let sep = &rest[..rest.len() - trimmed.len()];
    if sep.is_empty() && !bare {
        return false;
    }
    if bare && !(sep.contains('.') || sep.contains(' ') || sep.is_empty()) {
        return false;
    }
    if !bare && sep == " " && !trimmed.starts_with(|c: char| c.is_uppercase()) {
        return false;
    }
    trimmed.starts_with(|c: char| c.is_uppercase() || c == '[' || c == '"') || (!bare && trimmed.starts_with('\n'))
}

/// A heading may start a line only at a paragraph start: the previous line is blank,
/// ends a sentence or a bracketed note, or is itself a note.
fn prev_line_allows_heading(text: &str, before: &[Range<usize>]) -> bool {
    let Some(prev) = before.last() else { return true };
    let p = text[prev.clone()].trim();
    p.is_empty() || p.ends_with(['.', ':', ';', ']', ')', '—']) || p.starts_with('[')
}

/// Where a heading that starts at `from` (just after its number) ends.
fn heading_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let limit = (from + 600).min(text.len());
    let first_line_end = text[from..].find('\n').map_or(text.len(), |i| from + i);
    let mut i = from;
    // The punctuation right after the number (`§ 22-1844.`) is not the end.
    while i < limit && matches!(bytes[i], b'.' | b' ' | b'-' | b':' | b']') {
        i += 1;
    }
    while i < limit {
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let b = bytes[i];
        let rest = &text[i..];
        if rest.starts_with(".—") || rest.starts_with(". —") || rest.starts_with(".--") {
            let dash = i + rest.find(['—', '-']).unwrap_or(1);
            let after = text[dash..].char_indices().nth(1).map_or(text.len(), |(k, _)| dash + k);
            let after = if text[after..].starts_with('-') { after + 1 } else { after };
            return after;
        }
        if b == b'.' {
            let next = &text[i + 1..];
            if next.is_empty()
                || next.starts_with('\n')
                || next.starts_with("  ")
                || next.starts_with(" (")
                || next.starts_with('(')
                || starts_with_dotted_enumerator(next.trim_start_matches(' '))
            {
                return i + 1;
            }
            // "… trafficking in persons. At any time after …": a catchline's last word
            // (lowercase, not an abbreviation) and a sentence begun on the same line.
            let word = text[from..i].rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("");
            if next.starts_with(' ')
                && next[1..].starts_with(|c: char| c.is_uppercase())
                && word.chars().count() >= 3
                && word.chars().all(|c| c.is_lowercase())
            {
                return i + 1;
            }
        }
        if b == b'\n' {
            let next_line = &text[i + 1..];
            let next_line = &next_line[..next_line.find('\n').unwrap_or(next_line.len())];
            let t = next_line.trim_start();
            if t.is_empty() || t.starts_with(['(', '[']) || SECTION_MARKED.is_match(next_line.as_bytes()) {
                return i;
            }
        }
        // A dotted enumerator glued to the heading: "requirementsA. A person".
        if b.is_ascii_lowercase() && rest.len() > 4 && rest.as_bytes()[1] == b'A' && rest[2..].starts_with(". ") {
            let after = rest[4..].chars().next();
            if after.is_some_and(|c| c.is_uppercase()) {
                return i + 1;
            }
        }
        i += 1;
    }
    first_line_end
}

fn starts_with_dotted_enumerator(s: &str) -> bool {
    let b = s.as_bytes();
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let n = if n == 0 && !b.is_empty() && b[0].is_ascii_uppercase() { 1 } else { n };
    n > 0 && n <= 3 && s[n..].starts_with(". ")
}

/// An unnumbered title line at the top of a single section ("Motion to vacate judgment
/// for acts of prostitution committed under duress"), followed by a blank line and an
/// enumerated provision.
pub fn find_title_line(text: &str) -> Option<Heading> {
    let start = text.len() - text.trim_start().len();
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[start..line_end].trim_end();
    if line.is_empty() || line.len() > 200 || line.ends_with(['.', ';', ':', ',']) || line.starts_with('(') {
        return None;
    }
    let rest = &text[line_end..];
    let blank_then = rest.strip_prefix('\n')?;
    let next_start = blank_then.find(|c: char| !c.is_whitespace())?;
    if !blank_then[..next_start].contains('\n') {
        return None;
    }
    let next = &blank_then[next_start..];
    let enumerated = next.starts_with('(') || starts_with_dotted_enumerator(next);
    enumerated.then(|| Heading { number: None, range: start..start + line.len() })
}

/// Finds annotations, given the headings already found (blocks run to the next heading).
pub fn find_annotations(text: &str, headings: &[Heading]) -> Vec<Annotation> {
    let lines = line_ranges(text);
    let mut out: Vec<Annotation> = Vec::new();
    // Headings are in text order and do not overlap, so each question is a binary search.
    let in_heading = |p: usize| in_sorted(headings, |h| &h.range, p);
    let next_heading_after = |p: usize| {
        let i = headings.partition_point(|h| h.range.start <= p);
        headings.get(i).map_or(text.len(), |h| h.range.start)
    };
    let mut covered_until = 0;
    // Whether the last line with text was a heading's.
    let mut under_heading = false;
    for line in &lines {
        if line.start < covered_until {
            continue;
        }
        if in_heading(line.start) {
            under_heading = true;
            continue;
        }
        let s = &text[line.clone()];
        let was_under_heading = under_heading;
        under_heading = s.trim().is_empty() && was_under_heading;
        if matches!(s.trim_start_matches(' ').as_bytes().first(), Some(b'*' | b'E' | b'P' | b'N'))
            && EDITOR_NOTE.is_match(s.as_bytes())
            && (was_under_heading || s.trim_start().starts_with('*'))
        {
            out.push(Annotation { range: trimmed(text, line.clone()), kind: AnnotationKind::Commentary });
            // A note under the heading may be followed by another.
            under_heading = was_under_heading;
            continue;
        }
        // The first character decides which tests can apply (most lines: none).
        let first = s.trim_start_matches(' ').as_bytes().first().copied();
        let Some(first) = first else { continue };
        let block = matches!(first, b'C' | b'S' | b'R' | b'L' | b'A' | b'N' | b'H' | b'E');
        let structural = matches!(first, b'[' | b'T' | b'C' | b'S' | b'P' | b'A' | b'D');
        let note = matches!(first, b'[' | b'(');
        if block && is_block_start(s) {
            let end = trim_end_ws(text, next_heading_after(line.start));
            let start = line.start + (s.len() - s.trim_start().len());
            out.push(Annotation { range: start..end.max(start), kind: AnnotationKind::Commentary });
            covered_until = end;
        } else if structural && STRUCTURAL.is_match(s.as_bytes()) {
            out.push(Annotation { range: trimmed(text, line.clone()), kind: AnnotationKind::Heading });
        } else if note && LINE_NOTE.is_match(s.as_bytes()) {
            // "[Effective Until 7/1/2024] (a) Notwithstanding …": a bracketed note that opens
            // a line of law text covers only the brackets.
            let start = line.start + (s.len() - s.trim_start().len());
            // A bracketed label with no date or number ("[History]", "[Applicability]",
            // "[Editor's Notes]") names the note that fills the line.
            let close = s.find(']').filter(|_| s.trim_start().starts_with('[')).map(|k| line.start + k + 1);
            let dated = |c: usize| text[start..c].bytes().any(|b| b.is_ascii_digit());
            let range = match close {
                Some(c) if dated(c) && text[c..line.end].trim().len() > 20 => start..c,
                _ => trimmed(text, line.clone()),
            };
            out.push(Annotation { range, kind: AnnotationKind::History });
        }
    }
    // `out` is in text order without overlaps (one line each, or a block up to the next
    // heading); so is each list of inline notes below, as each skips starts already inside.
    let in_list = |list: &[Annotation], p: usize| in_sorted(list, |a| &a.range, p);
    let mut inline: Vec<Annotation> = Vec::new();
    for m in inline_history(text) {
        let found = &text[m.clone()];
        let start = m.start + (found.len() - found.trim_start().len());
        if in_list(&out, start) || in_heading(start) || in_list(&inline, start) {
            continue;
        }
        let end = paragraph_end(text, start).min(next_heading_after(start));
        inline.push(Annotation { range: start..trim_end_ws(text, end), kind: AnnotationKind::History });
    }
    let mut bracketed: Vec<Annotation> = Vec::new();
    for m in BRACKET_HISTORY.find_iter(text.as_bytes()) {
        let start = m.start();
        if in_list(&out, start) || in_heading(start) || in_list(&inline, start) || in_list(&bracketed, start) {
            continue;
        }
        let close = if text[start..].starts_with('[') { ']' } else { ')' };
        let end = matching_close(text, start, close)
            .unwrap_or_else(|| paragraph_end(text, start).min(next_heading_after(start)));
        bracketed.push(Annotation { range: start..end, kind: AnnotationKind::History });
    }
    out.extend(inline);
    out.extend(bracketed);
    out.sort_by_key(|a| (a.range.start, std::cmp::Reverse(a.range.end)));
    // Drop annotations inside others.
    let mut merged: Vec<Annotation> = Vec::new();
    for a in out {
        if let Some(last) = merged.last_mut() {
            if a.range.start < last.range.end {
                last.range.end = last.range.end.max(a.range.end);
                continue;
            }
        }
        merged.push(a);
    }
    merged
}

/// Whether `p` lies in one of the items' ranges, given in text order without overlaps:
/// only the last range starting at or before `p` can hold it.
fn in_sorted<T>(items: &[T], range: impl Fn(&T) -> &Range<usize>, p: usize) -> bool {
    let i = items.partition_point(|t| range(t).start <= p);
    i > 0 && range(&items[i - 1]).contains(&p)
}

fn trimmed(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.start + s.trim_end().len();
    start..end.max(start)
}

fn trim_end_ws(text: &str, end: usize) -> usize {
    text[..end].trim_end().len()
}

/// The end of the paragraph holding `p`: the next blank line, or the end of the text.
fn paragraph_end(text: &str, p: usize) -> usize {
    let mut i = p;
    while let Some(k) = text[i..].find('\n') {
        let nl = i + k;
        let next_end = text[nl + 1..].find('\n').map_or(text.len(), |j| nl + 1 + j);
        if text[nl + 1..next_end].trim().is_empty() {
            return nl;
        }
        i = nl + 1;
    }
    text.len()
}

/// The offset just past the bracket closing the one at `open`, within 3000 bytes.
fn matching_close(text: &str, open: usize, close: char) -> Option<usize> {
    let opener = text[open..].chars().next()?;
    let mut depth = 0usize;
    for (k, c) in text[open..].char_indices().take_while(|(k, _)| *k < 3000) {
        if c == opener {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return Some(open + k + c.len_utf8());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str) -> Vec<String> {
        find_headings(text).into_iter().filter_map(|h| h.number).collect()
    }

    #[test]
    fn recognizes_heading_forms() {
        assert_eq!(numbers("§ 22-1844. Motion to vacate.\n(a) A person"), ["22-1844"]);
        assert_eq!(numbers("Sec. 54-95c. Application to vacate. (a) At any"), ["54-95c"]);
        // A heading and its section's first sentence on one line (the General Assembly's
        // own site): the catchline ends at its period.
        let t = "Sec. 54-95c. Application to vacate certain convictions. At any time after a judgment, the defendant may apply.";
        let h = &find_headings(t)[0];
        assert_eq!(&t[h.range.clone()], "Sec. 54-95c. Application to vacate certain convictions.");
        assert_eq!(numbers("29-3005.Victim of sex trafficking; effect.\n\n(1) For"), ["29-3005"]);
        assert_eq!(numbers("529.160 Expungement of records\nMotion.\n(1)When"), ["529.160"]);
        assert_eq!(numbers("[§707-781]  Labor trafficking in the\nfirst degree.  (1)  A"), ["707-781"]);
        assert_eq!(numbers("Section 13-909 - Vacating; requirementsA. A person"), ["13-909"]);
        assert_eq!(numbers("RCW 9.96.060 Vacating records.\n(1) Every person"), ["9.96.060"]);
        assert_eq!(numbers("Minn. Stat. § 609A.02 Grounds for orders.\nSubdivision 1."), ["609A.02"]);
        assert!(numbers("A person convicted of 18.2-346 may apply.").is_empty());
    }

    #[test]
    fn headings_with_non_ascii_text_do_not_break() {
        let t = "§701-100  Title of §1 and § 2 — effects\namendments.  Title 37 is";
        let h = &find_headings(t)[0];
        assert!(t[h.range.clone()].ends_with("amendments."));
    }

    #[test]
    fn citations_in_running_text_are_not_headings() {
        let t = "compensation pursuant to\n§ 54-102uu or any other provision.";
        assert!(numbers(t).is_empty());
        let t = "This is text.\n§853-1.  92 H. 289 (App.), 990 P.2d 1171 (1999).";
        assert!(numbers(t).is_empty());
        // A bare number is a heading only on the first line.
        assert!(numbers("Text first.\n29-3005.Victim of trafficking.").is_empty());
    }

    #[test]
    fn heading_ends_where_the_text_begins() {
        let t = "§701-100  Title and effective date of\namendments.  Title 37 shall be";
        let h = &find_headings(t)[0];
        assert_eq!(&t[h.range.clone()], "§701-100  Title and effective date of\namendments.");
        let t = "Section 13-909 - Vacating; requirementsA. A person who";
        let h = &find_headings(t)[0];
        assert_eq!(&t[h.range.clone()], "Section 13-909 - Vacating; requirements");
        let t = "943.0583 Human trafficking victim expunction.— (1) As used";
        let h = &find_headings(t)[0];
        assert_eq!(&t[h.range.end..], " (1) As used");
    }

    #[test]
    fn annotations_are_found() {
        let t = "(1) Text here. History.—s. 2, ch. 2013-98.";
        let a = find_annotations(t, &[]);
        assert_eq!(&t[a[0].range.clone()], "History.—s. 2, ch. 2013-98.");
        let t = "vacate the conviction. [L 2012, c 216, §2; am L 2015, c 35,\n§29]\n\nCOMMENTARY ON §712-1209.6\n\n  Act 216 ...";
        let a = find_annotations(t, &[]);
        assert_eq!(a.len(), 2);
        assert!(t[a[0].range.clone()].starts_with("[L 2012") && t[a[0].range.clone()].ends_with("§29]"));
        assert!(t[a[1].range.clone()].starts_with("COMMENTARY ON"));
        let t = "(g) A person may file.\n  [History] as added D.C. Law 22-279 (eff. 2019-04-05)\n";
        let a = find_annotations(t, &[]);
        assert!(t[a[0].range.clone()].starts_with("[History]"));
        let t = "to the public.Added by Laws, 2013, ch. 543, HB 673, 6, eff. 7/1/2013.";
        let a = find_annotations(t, &[]);
        assert!(t[a[0].range.clone()].starts_with("Added by Laws"));
    }

    #[test]
    fn untitled_title_line() {
        let t = "Motion to vacate judgment\n\n    (a)    A person";
        let h = find_title_line(t).unwrap();
        assert_eq!(&t[h.range], "Motion to vacate judgment");
        assert!(find_title_line("At any time after a judgment.\n\n(a) x").is_none());
    }
}
