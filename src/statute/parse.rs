//! Parsing a statute file into sections, provisions and sentences.
//!
//! Enumerators are read with a stack of open sequences. A candidate continues an open
//! sequence (`(b)` after `(a)`, possibly several levels up) or opens a new one below the
//! current provision (`(1)` inside `(a)`). Context decides what is an enumerator at all:
//! `subsection (a) of this section`, `22-1844(a)`, `two (2) years` and `sixty\n(60)days`
//! are text. Enumerators in running text (`constitutes (1) trafficking …, or (2) a
//! criminal violation …`) make an inline list whose items end with the sentence; a short
//! closing phrase (`, as amended from time to time.`) and the rest of the paragraph go
//! back to the parent.

use std::ops::Range;
use std::sync::LazyLock;

use regex::bytes::Regex;

use crate::error::Result;
use crate::statute::document::{Document, ProvId, Provision, Section, Segment, SegmentKind, Sentence};
use crate::statute::enumerator::{interpretations, Form, Kind, Ordinal, Reading, Readings};
use crate::statute::frontmatter;
use crate::statute::layout::{self, Annotation, Heading};
use crate::statute::sentence;
use crate::text::{Normalized, Source};

/// How far a sequence may jump (repealed provisions leave gaps).
const MAX_GAP: u32 = 5;

/// Words after which a parenthesized token is a cross-reference, not an enumerator.
const REF_WORDS: &[&str] = &[
    "section",
    "sections",
    "subsection",
    "subsections",
    "subsec",
    "subsecs",
    "paragraph",
    "paragraphs",
    "para",
    "subparagraph",
    "subparagraphs",
    "subdivision",
    "subdivisions",
    "subd",
    "clause",
    "clauses",
    "subclause",
    "item",
    "items",
    "subitem",
    "sentence",
    "§",
    "§§",
    "s",
    "ss",
    "sec",
    "secs",
    "article",
    "articles",
    "part",
    "parts",
    "rule",
    "rules",
    "chapter",
    "title",
    "division",
    "line",
    "lines",
    "schedule",
    "exhibit",
    "form",
    "provision",
    "provisions",
    "unit",
];

/// Number words: `two (2) years` is not an enumerator.
const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
];

/// Words that, opening the phrase after a list's last comma, show the sentence's main
/// clause resuming (`…, may file a motion`): that phrase belongs to the parent.
const RESUMING_WORDS: &[&str] =
    &["may", "shall", "must", "will", "is", "are", "has", "have", "does", "do", "can", "should"];

static PAREN: LazyLock<Regex> = LazyLock::new(|| {
    layout::ascii_regex(r"\(([0-9]{1,3}[A-Za-z]?|[0-9]{1,3}[-.][0-9]{1,2}|[a-z]{1,4}|[A-Z]{1,4}|[a-zA-Z]-[0-9]{1,2})\)")
});
static DOTTED: LazyLock<Regex> = LazyLock::new(|| layout::ascii_regex(r"([A-Z]|[a-z]|[0-9]{1,3})\.[ \n]"));

/// Reads and parses a statute file (or `-` for standard input).
pub fn read(arg: &str) -> Result<Document> {
    parse(Source::read(arg)?)
}

/// Parses a statute from a source already read.
pub fn parse(source: Source) -> Result<Document> {
    crate::work::add(crate::work::Counter::ParsedBytes, source.text.len());
    let split = frontmatter::split(&source)?;
    let body = Normalized::new(&source.text[split.body_start..], split.body_start);
    let built = build(&body.text);
    Ok(Document {
        source,
        front: split.front,
        has_front_matter: split.present,
        warnings: split.warnings,
        body,
        sections: built.sections,
        provisions: built.provisions,
        segments: built.segments,
        sentences: built.sentences,
    })
}

/// The structure of a text, before it is wrapped in a [`Document`].
#[derive(Debug, Default)]
pub struct Built {
    pub sections: Vec<Section>,
    pub provisions: Vec<Provision>,
    pub segments: Vec<Segment>,
    pub sentences: Vec<Sentence>,
}

/// Parses normalized statute text into sections, provisions, segments and sentences.
pub fn build(text: &str) -> Built {
    let mut headings = layout::find_headings(text);
    if headings.is_empty() {
        headings.extend(layout::find_title_line(text));
    }
    let annotations = layout::find_annotations(text, &headings);
    // Section spans: the text before the first heading is a section of its own only if it
    // holds law text.
    let mut spans: Vec<(Option<&Heading>, Range<usize>)> = Vec::new();
    let first = headings.first().map_or(text.len(), |h| h.range.start);
    let preamble_has_law = has_law_text(text, 0..first, &annotations);
    let preamble_is_section = headings.is_empty() || preamble_has_law;
    if preamble_is_section {
        spans.push((None, 0..first));
    }
    for (i, h) in headings.iter().enumerate() {
        let end = headings.get(i + 1).map_or(text.len(), |n| n.range.start);
        spans.push((Some(h), h.range.start..end));
    }
    let multi = spans.len() > 1;
    let mut b = Builder { text, out: Built::default(), annotations: &annotations, holes: Vec::new() };
    if !preamble_is_section && first > 0 {
        b.tail(None, 0..first);
    }
    for (heading, span) in spans {
        b.section(heading, span, multi);
    }
    b.finish()
}

fn has_law_text(text: &str, r: Range<usize>, annotations: &[Annotation]) -> bool {
    let mut pos = r.start;
    for a in annotations.iter().filter(|a| a.range.start < r.end && a.range.end > r.start) {
        if !text[pos..a.range.start.max(pos)].trim().is_empty() {
            return true;
        }
        pos = pos.max(a.range.end);
    }
    pos < r.end && !text[pos..r.end].trim().is_empty()
}

struct Builder<'t> {
    text: &'t str,
    out: Built,
    annotations: &'t [Annotation],
    /// The current section's annotations that lie inside its law text.
    holes: Vec<Annotation>,
}

/// An open enumerator sequence.
#[derive(Debug, Clone)]
struct Level {
    reading: Reading,
    prov: ProvId,
    /// For an inline list: where its sentence ends.
    inline_end: Option<usize>,
    /// Where the level's latest item starts.
    item_start: usize,
}

/// An enumerator candidate.
#[derive(Debug, Clone)]
struct Cand {
    start: usize,
    end: usize,
    form: Form,
    readings: Readings,
}

impl Cand {
    /// The token's value: the text inside the parentheses, or before the dot.
    fn value<'t>(&self, text: &'t str) -> &'t str {
        let from = if self.form == Form::Paren { self.start + 1 } else { self.start };
        &text[from..self.end - 1]
    }
}

/// Where a candidate stands, which decides what it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// At a provision boundary: line or text start after a sentence, after `:`/`;`, or
    /// right after another enumerator.
    Structural,
    /// At a line start in hard-wrapped text, after a word.
    LineStart,
    /// In running text.
    Inline,
    /// A cross-reference or a parenthesized number.
    Reference,
    /// Not a token at all (a word's final letter and its period).
    Text,
}

#[derive(Debug, Clone, Copy)]
enum Choice {
    Continue { level: usize, reading: Reading },
    Open { reading: Reading, inline_end: Option<usize> },
}

impl<'t> Builder<'t> {
    /// The annotations that start in `r` (annotations are in text order).
    fn annotations_starting_in(&self, r: &Range<usize>) -> &'t [Annotation] {
        crate::text::keyed_in(self.annotations, |a| a.range.start, r)
    }

    fn finish(mut self) -> Built {
        self.out.segments.retain(|s| !s.range.is_empty());
        // Spans: each provision covers its own segments and its descendants'.
        // Start from an inverted (empty) span and widen it over the segments.
        for p in &mut self.out.provisions {
            p.span = Range { start: usize::MAX, end: 0 };
        }
        for seg in &self.out.segments {
            if let SegmentKind::Text(mut p) = seg.kind {
                loop {
                    let prov = &mut self.out.provisions[p];
                    prov.span.start = prov.span.start.min(seg.range.start);
                    prov.span.end = prov.span.end.max(seg.range.end);
                    match prov.parent {
                        Some(q) => p = q,
                        None => break,
                    }
                }
            }
        }
        for (i, s) in self.out.sections.iter().enumerate() {
            let root = &mut self.out.provisions[s.root];
            if root.span.start > root.span.end {
                root.span = s.law.clone();
            }
            debug_assert_eq!(root.section, i);
        }
        for p in &mut self.out.provisions {
            if p.span.start > p.span.end {
                p.span = p.span.end..p.span.end;
            }
        }
        self.out
    }

    fn push_segment(&mut self, range: Range<usize>, kind: SegmentKind, section: Option<usize>) {
        if range.is_empty() {
            return;
        }
        // Law text around the current section's holes: the notes are annotations.
        if matches!(kind, SegmentKind::Text(_)) && !self.holes.is_empty() {
            let mut pos = range.start;
            let inside: Vec<Annotation> =
                self.holes.iter().filter(|h| h.range.start < range.end && h.range.end > range.start).cloned().collect();
            for h in inside {
                let a = h.range.start.max(pos);
                if a > pos {
                    self.out.segments.push(Segment { range: pos..a, kind, section });
                }
                let b = h.range.end.min(range.end);
                if b > a {
                    self.out.segments.push(Segment { range: a..b, kind: SegmentKind::Annotation(h.kind), section });
                }
                pos = pos.max(b);
            }
            if pos < range.end {
                self.out.segments.push(Segment { range: pos..range.end, kind, section });
            }
            return;
        }
        self.out.segments.push(Segment { range, kind, section });
    }

    /// Annotations and gaps in `range`.
    fn tail(&mut self, section: Option<usize>, range: Range<usize>) {
        let mut pos = range.start;
        let anns = self.annotations_starting_in(&range);
        for a in anns {
            let end = a.range.end.min(range.end);
            self.push_segment(pos..a.range.start, SegmentKind::Gap, section);
            self.push_segment(a.range.start..end, SegmentKind::Annotation(a.kind), section);
            pos = end;
        }
        self.push_segment(pos..range.end, SegmentKind::Gap, section);
    }

    fn section(&mut self, heading: Option<&Heading>, span: Range<usize>, multi: bool) {
        let idx = self.out.sections.len();
        let text = self.text;
        let mut law_start = span.start;
        if let Some(h) = heading {
            self.push_segment(span.start..h.range.start, SegmentKind::Gap, Some(idx));
            self.push_segment(h.range.clone(), SegmentKind::Heading, Some(idx));
            law_start = h.range.end;
        }
        // The law text runs to the first annotation after which no law text follows (the
        // history and notes at the end); annotations before that are holes in it ("[Effective
        // Until 7/1/2024] (a) …", an editor's note under the heading).
        let anns = self.annotations_starting_in(&(law_start..span.end));
        let tail_from = (0..anns.len())
            .find(|&k| !has_law_text(text, anns[k].range.end.min(span.end)..span.end, &anns[k + 1..]))
            .unwrap_or(anns.len());
        let holes: Vec<Annotation> = anns[..tail_from].to_vec();
        let first_ann = anns.get(tail_from).map_or(span.end, |a| a.range.start);
        // Leading notes are before the law text, not in it.
        let mut lead = 0;
        while let Some(a) = holes.get(lead) {
            if !text[law_start..a.range.start].trim().is_empty() {
                break;
            }
            self.push_segment(law_start..a.range.start, SegmentKind::Gap, Some(idx));
            self.push_segment(a.range.clone(), SegmentKind::Annotation(a.kind), Some(idx));
            law_start = a.range.end;
            lead += 1;
        }
        self.holes = holes[lead..].to_vec();
        let law_end = law_start.max(law_start + text[law_start..first_ann.max(law_start)].trim_end().len());
        let number = heading.and_then(|h| h.number.clone());
        let root = self.out.provisions.len();
        self.out.provisions.push(Provision {
            path: if multi { number.clone().unwrap_or_default() } else { String::new() },
            label: None,
            section: idx,
            parent: None,
            children: Vec::new(),
            span: law_start..law_end,
            depth: 0,
        });
        self.out.sections.push(Section {
            number,
            heading: heading.map(|h| h.range.clone()),
            span: span.clone(),
            law: law_start..law_end,
            root,
        });
        self.provisions(idx, root, law_start..law_end);
        let mut pos = law_start;
        let holes = std::mem::take(&mut self.holes);
        for piece in holes.iter().map(|h| h.range.clone()).chain(std::iter::once(law_end..law_end)) {
            for s in sentence::split(text, pos..piece.start.clamp(pos, law_end)) {
                self.out.sentences.push(Sentence { range: s, section: idx });
            }
            pos = pos.max(piece.end);
        }
        self.tail(Some(idx), law_end..span.end);
    }

    /// Parses the provisions of one section's law text.
    fn provisions(&mut self, section: usize, root: ProvId, law: Range<usize>) {
        let text = self.text;
        let mut cands = candidates(text, law.clone());
        if !self.holes.is_empty() {
            let holes = &self.holes;
            cands.retain(|c| !holes.iter().any(|h| h.range.start <= c.start && c.start < h.range.end));
        }
        let mut stack: Vec<Level> = Vec::new();
        let mut ends = sentence::Ends::default();
        let mut owner = root;
        let mut seg_start = law.start;
        let mut last_accepted_end: Option<usize> = None;
        let mut last_ref_end: Option<usize> = None;
        for (ci, c) in cands.iter().enumerate() {
            if c.start < seg_start {
                continue;
            }
            self.close_inline(&mut stack, c.start, root, section, &mut owner, &mut seg_start);
            let after_hole =
                self.holes.iter().any(|h| h.range.end <= c.start && text[h.range.end..c.start].trim().is_empty());
            let class = if after_hole {
                Class::Structural
            } else {
                classify(text, law.start, c, last_accepted_end, last_ref_end)
            };
            match class {
                Class::Reference => {
                    last_ref_end = Some(c.end);
                    continue;
                }
                Class::Text => continue,
                _ => {}
            }
            // Right after an accepted enumerator with no text of its own.
            let after_bare = last_accepted_end.is_some_and(|e| e <= c.start && text[e..c.start].trim().is_empty());
            let at = At { ci, class, after_bare };
            let Some(choice) = choose(text, &cands, at, &stack, law.clone(), &mut ends) else {
                continue;
            };
            // Deeper than any real statute nests: the enumerator stays text, which keeps
            // pathological input (thousands of enumerators in a row) linear.
            if matches!(choice, Choice::Open { .. }) && stack.len() >= MAX_DEPTH {
                continue;
            }
            let (parent, reading, inline_end) = match choice {
                Choice::Continue { level, reading } => {
                    let inline_end = stack[level].inline_end;
                    stack.truncate(level);
                    let parent = stack.last().map_or(root, |l| l.prov);
                    (parent, reading, inline_end)
                }
                Choice::Open { reading, inline_end } => (stack.last().map_or(root, |l| l.prov), reading, inline_end),
            };
            let prov = self.new_provision(section, parent, c);
            stack.push(Level { reading, prov, inline_end, item_start: c.start });
            self.push_segment(seg_start..c.start, SegmentKind::Text(owner), Some(section));
            owner = prov;
            seg_start = c.start;
            last_accepted_end = Some(c.end);
        }
        self.close_inline(&mut stack, law.end, root, section, &mut owner, &mut seg_start);
        self.push_segment(seg_start..law.end, SegmentKind::Text(owner), Some(section));
    }

    fn new_provision(&mut self, section: usize, parent: ProvId, c: &Cand) -> ProvId {
        let label = format!("({})", c.value(self.text));
        let id = self.out.provisions.len();
        let parent_prov = &self.out.provisions[parent];
        let path = format!("{}{}", parent_prov.path, label);
        let depth = parent_prov.depth + 1;
        self.out.provisions[parent].children.push(id);
        self.out.provisions.push(Provision {
            path,
            label: Some(label),
            section,
            parent: Some(parent),
            children: Vec::new(),
            span: c.start..c.start,
            depth,
        });
        id
    }

    /// Closes inline lists whose sentence ended at or before `pos`: the closing phrase
    /// and what follows go back to the list's parent.
    fn close_inline(
        &mut self,
        stack: &mut Vec<Level>,
        pos: usize,
        root: ProvId,
        section: usize,
        owner: &mut ProvId,
        seg_start: &mut usize,
    ) {
        while let Some(k) = stack.iter().position(|l| l.inline_end.is_some_and(|e| e <= pos)) {
            let level = stack[k].clone();
            let end = level.inline_end.unwrap();
            stack.truncate(k);
            let parent = stack.last().map_or(root, |l| l.prov);
            let tail = tail_start(self.text, level.item_start, end).max(*seg_start);
            self.push_segment(*seg_start..tail, SegmentKind::Text(*owner), Some(section));
            *owner = parent;
            *seg_start = tail;
        }
    }
}

/// Where the closing phrase of an inline list's last item begins: at the item's last
/// comma when what follows is short (`, as amended from time to time.`) or resumes the
/// main clause (`, may file a motion …`); else at the sentence end.
fn tail_start(text: &str, item_start: usize, sentence_end: usize) -> usize {
    let item = &text[item_start..sentence_end];
    let Some(k) = item.rfind(", ") else { return sentence_end };
    let tail = item[k + 1..].trim().trim_end_matches(['.', ';', ':']);
    let words: Vec<&str> = tail.split_whitespace().collect();
    let resumes = words.first().is_some_and(|w| RESUMING_WORDS.contains(&w.to_ascii_lowercase().as_str()));
    if k > 4 && (words.len() <= 6 || resumes) {
        item_start + k
    } else {
        sentence_end
    }
}

/// How far after an inline list's first item its second is looked for, in bytes, and
/// among how many later enumerator candidates: a deterministic bound on the work per
/// enumerator (real inline lists put their items within a few hundred bytes).
const INLINE_REACH: usize = 4096;

/// How many later enumerator candidates are read to find an inline list's second item,
/// or to settle whether an ambiguous `(i)` is a letter or a roman numeral: a bound on
/// the work per enumerator.
const LOOKAHEAD_CANDIDATES: usize = 64;

/// Most nested levels of enumerators below a section (real codes use up to six or seven:
/// `(a)(1)(A)(i)(I)(aa)`).
const MAX_DEPTH: usize = 12;

/// Enumerator candidates in `law`, in text order.
fn candidates(text: &str, law: Range<usize>) -> Vec<Cand> {
    let slice = &text[law.clone()];
    let mut out = Vec::new();
    // Plain `find` and the inner text sliced by hand: capture groups cost far more, and
    // the group is all of the match but its delimiters.
    for m in PAREN.find_iter(slice.as_bytes()) {
        let value = &slice[m.start() + 1..m.end() - 1];
        let readings = interpretations(value, Form::Paren);
        if !readings.is_empty() {
            out.push(Cand { start: law.start + m.start(), end: law.start + m.end(), form: Form::Paren, readings });
        }
    }
    for m in DOTTED.find_iter(slice.as_bytes()) {
        // The match is the enumerator, its dot and one space or line break.
        let m = m.start()..m.end() - 2;
        let after = &slice[m.end + 2..];
        let after = after.trim_start_matches(' ');
        if !after.starts_with(|ch: char| ch.is_uppercase() || ch == '"' || ch == '(') {
            continue;
        }
        let value = &slice[m.clone()];
        let readings = interpretations(value, Form::Dot);
        if !readings.is_empty() {
            out.push(Cand { start: law.start + m.start, end: law.start + m.end + 1, form: Form::Dot, readings });
        }
    }
    out.sort_by_key(|c| c.start);
    out
}

fn classify(
    text: &str,
    law_start: usize,
    c: &Cand,
    last_accepted_end: Option<usize>,
    last_ref_end: Option<usize>,
) -> Class {
    let before = &text[law_start..c.start];
    let Some(pc) = before.chars().last() else { return Class::Structural };
    if pc == ')' || pc == ']' {
        return if last_accepted_end == Some(c.start) { Class::Structural } else { Class::Reference };
    }
    if pc.is_alphanumeric() {
        // "requirementsA. A person": a dotted capital glued to the word before it.
        let glued_capital = c.form == Form::Dot
            && pc.is_lowercase()
            && c.value(text).len() == 1
            && c.value(text).chars().all(|ch| ch.is_ascii_uppercase());
        return if glued_capital {
            Class::Structural
        } else if c.form == Form::Dot {
            // The end of a word (`appears.`), not a token at all.
            Class::Text
        } else {
            Class::Reference
        };
    }
    if matches!(pc, '.' | ':' | ';') {
        return Class::Structural;
    }
    let trimmed = before.trim_end_matches([' ', '\n']);
    let raw_word = trimmed.rsplit(|ch: char| ch.is_whitespace() || ch == '(').next().unwrap_or("").to_lowercase();
    // `section.` ends a sentence; `sec.` and `s.` are abbreviations that still refer.
    let is_ref = match raw_word.strip_suffix('.') {
        Some(w) => matches!(w, "s" | "ss" | "sec" | "secs" | "subsec" | "para" | "subd" | "subpara" | "cl"),
        None => {
            let w = raw_word.trim_end_matches(',');
            REF_WORDS.contains(&w) || NUMBER_WORDS.contains(&w)
        }
    };
    if is_ref {
        return Class::Reference;
    }
    if let Some(e) = last_ref_end.filter(|&e| e <= c.start) {
        let between = text[e..c.start].trim();
        if matches!(between, "," | "and" | "or" | "through" | "to" | "-" | "—" | ", and" | ", or" | "and/or" | "thru")
        {
            return Class::Reference;
        }
    }
    let line_start = at_line_start(before);
    let pn = trimmed.chars().last();
    let lower_trimmed = lowercase_tail(trimmed, 8);
    match pn {
        None => Class::Structural,
        Some('.' | ':' | ';' | '—') => Class::Structural,
        Some('"' | '\'') if trimmed[..trimmed.len() - 1].ends_with(['.', ':']) => Class::Structural,
        Some(')') if last_accepted_end == Some(law_start + trimmed.len()) => Class::Structural,
        _ if lower_trimmed.ends_with("; or") || lower_trimmed.ends_with("; and") => Class::Structural,
        _ if c.form == Form::Dot && line_start => Class::Structural,
        _ if c.form == Form::Dot => Class::Reference,
        _ if line_start => Class::LineStart,
        _ => Class::Inline,
    }
}

/// The last `n` bytes or so of `s` (widened to a character boundary), lowercased: enough
/// to test what a text ends with without copying all of it.
fn lowercase_tail(s: &str, n: usize) -> String {
    let mut from = s.len().saturating_sub(n);
    while !s.is_char_boundary(from) {
        from -= 1;
    }
    s[from..].to_ascii_lowercase()
}

/// Whether only whitespace stands between the last line break (or the start) of `before`
/// and its end.
fn at_line_start(before: &str) -> bool {
    before.bytes().rev().find(|&b| !matches!(b, b' ' | b'\t' | b'\r')).is_none_or(|b| b == b'\n')
}

/// Where a candidate is: its index, its class, and whether it comes right after an
/// accepted enumerator with no text of its own.
#[derive(Debug, Clone, Copy)]
struct At {
    ci: usize,
    class: Class,
    after_bare: bool,
}

/// Decides what a candidate is: the continuation of an open sequence, the first item of a
/// new one, or (`None`) text.
fn choose(
    text: &str,
    cands: &[Cand],
    at: At,
    stack: &[Level],
    law: Range<usize>,
    ends: &mut sentence::Ends,
) -> Option<Choice> {
    let At { ci, class, after_bare: after_bare_enumerator } = at;
    let law_end = law.end;
    let c = &cands[ci];
    let mut options: Vec<Choice> = Vec::new();
    let inline_only = class == Class::Inline;
    // Continuations, deepest level first: of a level of the same style, or, only when
    // none is open, of one in the other case (`(k)` after an inserted `(J-1)`): a `(c)`
    // after `(A)`, `(B)` continues the open `(b)`, not the capitals.
    for variant in [false, true] {
        if variant && !options.is_empty() {
            break;
        }
        for (li, level) in stack.iter().enumerate().rev() {
            if inline_only && level.inline_end.is_none() {
                continue;
            }
            for r in &c.readings {
                let same = if variant { case_variant(r, &level.reading) } else { r.style == level.reading.style };
                if same && r.ordinal.follows(level.reading.ordinal, MAX_GAP) {
                    if class == Class::LineStart && level.inline_end.is_none() && !starts_provision_text(text, c.end) {
                        continue;
                    }
                    options.push(Choice::Continue { level: li, reading: *r });
                }
            }
        }
    }
    // A new sequence below the current provision.
    for r in &c.readings {
        if r.ordinal != Ordinal::FIRST {
            continue;
        }
        let open_elsewhere = stack.iter().any(|l| l.reading.style == r.style);
        let restart_of_top =
            stack.last().is_some_and(|l| l.reading.style == r.style && l.reading.ordinal == Ordinal::FIRST);
        if open_elsewhere && !restart_of_top {
            continue;
        }
        match class {
            Class::Structural => options.push(Choice::Open { reading: *r, inline_end: None }),
            Class::LineStart | Class::Inline => {
                let end = ends.end(text, c.start, law_end);
                if has_second_item(text, cands, ci, r, end) {
                    options.push(Choice::Open { reading: *r, inline_end: Some(end) });
                }
            }
            Class::Reference | Class::Text => {}
        }
    }
    // A text that starts in the middle of a sequence (a bill restating one paragraph, an
    // excerpt): its first enumerator opens a level whatever its value.
    if options.is_empty()
        && stack.is_empty()
        && class == Class::Structural
        && text[law.start..c.start].trim().is_empty()
    {
        let prefer = lookahead_roman(text, cands, ci);
        let r = c
            .readings
            .iter()
            .find(|r| prefer.is_none_or(|roman| matches!(r.style.kind, Kind::LowerRoman | Kind::UpperRoman) == roman))
            .or(c.readings.first())?;
        options.push(Choice::Open { reading: *r, inline_end: None });
    }
    // Right after an enumerator with no text of its own (`(C)` alone on its line), an
    // enumerator opens that provision's children: `(C)`, then `(i)`, is (C)(i), not a
    // letter (i) after a gap.
    if after_bare_enumerator && options.iter().any(|o| matches!(o, Choice::Open { .. })) {
        options.retain(|o| matches!(o, Choice::Open { .. }));
    }
    if options.len() > 1 {
        // What precedes an ambiguous `(i)` decides first: after a colon or a bare word it
        // opens a list (roman); after `;`, `; or` or a period it continues the letters.
        let before = lowercase_tail(text[law.start..c.start].trim_end(), 8);
        // A list item ends with a conjunction joining it to the next: "; or", ", and".
        let conjunction = [" or", " and", ";or", ";and", ",or", ",and"].iter().any(|w| before.ends_with(w));
        let by_context = if conjunction {
            Some(false)
        } else if before.ends_with(':') || before.ends_with(|ch: char| ch.is_alphanumeric()) {
            Some(true)
        } else if before.ends_with([';', '.']) {
            Some(false)
        } else {
            None
        };
        if let Some(prefer_roman) = by_context.or_else(|| lookahead_roman(text, cands, ci)) {
            let is_roman = |r: &Reading| matches!(r.style.kind, Kind::LowerRoman | Kind::UpperRoman);
            let filtered: Vec<Choice> = options
                .iter()
                .copied()
                .filter(|o| match o {
                    Choice::Continue { reading, .. } | Choice::Open { reading, .. } => {
                        is_roman(reading) == prefer_roman
                    }
                })
                .collect();
            if !filtered.is_empty() {
                options = filtered;
            }
        }
    }
    options.iter().copied().find(|o| matches!(o, Choice::Continue { .. })).or_else(|| options.first().copied())
}

/// An enumerator continuing a sequence of the other case: New York bills print new matter
/// in capitals, so a new `(IV)` follows `(iii)`, and the old `(k)` follows an inserted
/// `(J-1)`. Enumerators are compared case-insensitively.
fn case_variant(r: &Reading, level: &Reading) -> bool {
    use Kind::{Lower, LowerRoman, Upper, UpperRoman};
    r.style.form == level.style.form
        && matches!(
            (r.style.kind, level.style.kind),
            (UpperRoman, LowerRoman) | (LowerRoman, UpperRoman) | (Upper, Lower) | (Lower, Upper)
        )
}

/// Provision text after a hard-wrapped line-start enumerator begins with a capital or
/// another enumerator; `(b) of this section` is a wrapped reference.
fn starts_provision_text(text: &str, end: usize) -> bool {
    let after = text[end..].trim_start();
    after.starts_with(|c: char| c.is_uppercase() || c == '(' || c == '"')
}

/// Whether an inline list starting at candidate `ci` has its second item before `end`.
fn has_second_item(text: &str, cands: &[Cand], ci: usize, first: &Reading, end: usize) -> bool {
    let start = cands[ci].start;
    let later = cands[ci + 1..].iter().take(LOOKAHEAD_CANDIDATES);
    later.take_while(|c| c.start < end && c.start < start + INLINE_REACH).any(|c| {
        crate::work::add(crate::work::Counter::ParseSteps, 1);
        c.form == first.style.form
            && c.readings.iter().any(|r| r.style == first.style && r.ordinal == Ordinal { major: 2, minor: 0 })
            && {
                let before = text[..c.start].trim_end();
                let word = before.rsplit(char::is_whitespace).next().unwrap_or("").to_lowercase();
                !REF_WORDS.contains(&word.as_str()) && !NUMBER_WORDS.contains(&word.as_str())
            }
    })
}

/// For a token that reads as a letter or a roman numeral (`(i)`, `(v)`, `(x)`): does the
/// next enumerator of the same form settle it? `(ii)` next means roman, `(j)` next means
/// letter.
fn lookahead_roman(text: &str, cands: &[Cand], ci: usize) -> Option<bool> {
    let c = &cands[ci];
    let letter = c.readings.iter().find(|r| matches!(r.style.kind, Kind::Lower | Kind::Upper))?;
    let roman = c.readings.iter().find(|r| matches!(r.style.kind, Kind::LowerRoman | Kind::UpperRoman))?;
    // Only enumerators placed like this one count: a nested inline list's `(ii)` says
    // nothing about a line-start `(i)`.
    let line_start = |p: usize| at_line_start(&text[..p]);
    let placed = line_start(c.start);
    let later = cands[ci + 1..].iter().take(LOOKAHEAD_CANDIDATES);
    for n in later
        .inspect(|_| crate::work::add(crate::work::Counter::ParseSteps, 1))
        .filter(|n| n.form == c.form && line_start(n.start) == placed)
        .take(3)
    {
        for r in &n.readings {
            if r.style.kind == roman.style.kind && r.ordinal.major == roman.ordinal.major + 1 {
                return Some(true);
            }
            if r.style.kind == letter.style.kind && r.ordinal.major == letter.ordinal.major + 1 {
                return Some(false);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(text: &str) -> Vec<String> {
        let b = build(text);
        b.provisions.iter().map(|p| p.path.clone()).collect()
    }

    fn owned(text: &str, path: &str) -> String {
        let b = build(text);
        let p = b.provisions.iter().position(|p| p.path == path).unwrap();
        b.segments.iter().filter(|s| s.kind == SegmentKind::Text(p)).map(|s| &text[s.range.clone()]).collect()
    }

    #[test]
    fn inline_list_tail_goes_to_parent() {
        let t = "the person constitutes (1) trafficking in persons under § 53a-192a, or (2) a criminal violation of 18 USC Chapter 77, as amended from time to time. Prior to rendering a decision, the court shall act.";
        assert_eq!(paths(t), ["", "(1)", "(2)"]);
        assert_eq!(owned(t, "(2)"), "(2) a criminal violation of 18 USC Chapter 77");
        assert!(owned(t, "")
            .ends_with(", as amended from time to time. Prior to rendering a decision, the court shall act."));
    }

    #[test]
    fn references_and_counts_are_not_enumerators() {
        let t = "(a) See subsection (b) of this section and § 22-1844(a), within two (2) years.\n(b) Under subdivision (1)(a) or (2)(a) of section 29-2264.";
        assert_eq!(paths(t), ["", "(a)", "(b)"]);
        let t = "(2)The motion shall be filed no sooner than sixty\n(60)days following.\n(a)A motion filed.";
        assert_eq!(paths(t), ["", "(2)", "(2)(a)"]);
    }

    #[test]
    fn i_after_h_is_a_letter_and_under_a_number_is_roman() {
        let t = "(h) The court shall not.\n(i) The effect of relief.\n(j) A copy.";
        assert_eq!(paths(t), ["", "(h)", "(i)", "(j)"]);
        // A nested inline list's (ii) does not make a line-start (i) roman.
        let t = "(h) The right; or\n(i) A conviction; provided that (i) documents count; (ii) papers are sealed; or\n(j) Other.";
        assert_eq!(paths(t), ["", "(h)", "(i)", "(i)(i)", "(i)(ii)", "(j)"]);
        // Nor does a nested list at a line start after "provided that".
        let t = "(h) The right; or\n(i) A conviction; provided that\n(i) documents count;\n(ii) papers are sealed; or\n(j) Other.";
        assert_eq!(paths(t), ["", "(h)", "(i)", "(i)(i)", "(i)(ii)", "(j)"]);
        let t = "(a) Includes:\n(i) Prostitution; and\n(ii) Attempt.\n(b) Trafficker.";
        assert_eq!(paths(t), ["", "(a)", "(a)(i)", "(a)(ii)", "(b)"]);
        // After "…, or" (a conjunction joining list items) it continues the letters.
        let t = "(g) A motion.\n(h) The judgment violated the constitution of the United States, or\n(i) The judgment is a conviction.\n(j) A copy.";
        assert_eq!(paths(t), ["", "(g)", "(h)", "(i)", "(j)"]);
    }

    #[test]
    fn editors_notes_under_a_heading_are_annotations() {
        for note in [
            "*NOTE: Amendment made to this section by section 7088(b) of D.C. Law 25-50 is applicable January 1, 2026.*",
            "Editor's note: Section 5 of the act provides that it applies to motions filed after its effective date.",
            "Effective date note: This section takes effect July 1, 2025.",
        ] {
            let t = format!("§ 16-802. Sealing.\n{note}\n(a) A person may move.\n(b) The burden is on the movant.\n");
            let b = build(&t);
            let paths: Vec<&str> = b.provisions.iter().map(|p| p.path.as_str()).collect();
            assert_eq!(paths, ["", "(a)", "(b)"], "{note}");
            let start = t.find(note).unwrap();
            let seg = b.segments.iter().find(|s| s.range.start <= start && start < s.range.end).unwrap();
            assert!(matches!(seg.kind, SegmentKind::Annotation(_)), "{note}: {seg:?}");
        }
    }

    #[test]
    fn an_enumerator_right_after_a_bare_one_opens_its_children() {
        let t = "(d) Delta text.\n(e)\n  (1)\n    (A) First.\n    (C)\n      (i)\n        (I) One.\n        (II) Two.\n      (ii) Gamma.\n  (2) Delta.\n(f) Foxtrot text.";
        assert_eq!(
            paths(t),
            [
                "",
                "(d)",
                "(e)",
                "(e)(1)",
                "(e)(1)(A)",
                "(e)(1)(C)",
                "(e)(1)(C)(i)",
                "(e)(1)(C)(i)(I)",
                "(e)(1)(C)(i)(II)",
                "(e)(1)(C)(ii)",
                "(e)(2)",
                "(f)"
            ]
        );
    }

    #[test]
    fn inserted_enumerators_are_siblings() {
        assert_eq!(paths("(3) Alpha.\n(3.5) Beta.\n(4) Gamma."), ["", "(3)", "(3.5)", "(4)"]);
        assert_eq!(paths("(a) Alpha.\n(a-1) Beta.\n(b) Gamma."), ["", "(a)", "(a-1)", "(b)"]);
        // An inserted enumerator printed in capitals (new matter in a bill) is followed by
        // the old one in lowercase.
        assert_eq!(paths("(j) Alpha.\n(J-1) NEW MATTER.\n(k) Gamma.\n(L) NEW."), ["", "(j)", "(J-1)", "(k)", "(L)"]);
        // A lowercase letter after a list in capitals continues the open lowercase level.
        let t = "(b) Beta:\n(A) One;\n(B) Two.\n(c) Gamma.\n(d-1) Delta.\n(e) Epsilon.";
        assert_eq!(paths(t), ["", "(b)", "(b)(A)", "(b)(B)", "(c)", "(d-1)", "(e)"]);
        let t = "(2) Two:\n(A) Alpha:\n(i) One;\n(ii) Two;\n(I) Sub;\n(II) Sub;\n(iii) Three.";
        assert_eq!(
            paths(t),
            ["", "(2)", "(2)(A)", "(2)(A)(i)", "(2)(A)(ii)", "(2)(A)(ii)(I)", "(2)(A)(ii)(II)", "(2)(A)(iii)"]
        );
    }

    #[test]
    fn run_together_and_dotted_enumerators() {
        let t = "A. A person may apply.B. If the prosecutor does not oppose.D. On vacating, the court shall: 1. Release the applicant.2. Enter an order.E. A conviction.";
        assert_eq!(paths(t), ["", "(A)", "(B)", "(D)", "(D)(1)", "(D)(2)", "(E)"]);
        let t = "(1)Any court may order:(a)Ordering any defendant.(b)Imposing limits.(2)Notwithstanding.";
        assert_eq!(paths(t), ["", "(1)", "(1)(a)", "(1)(b)", "(2)"]);
    }

    #[test]
    fn inline_list_with_resuming_main_clause() {
        let t = "(2) A victim convicted of, (a) a prostitution offense or (b) any other offense committed as a direct result of, or proximately caused by, the status, may file a motion. The motion shall be filed.\n(3) Next.";
        assert_eq!(paths(t), ["", "(2)", "(2)(a)", "(2)(b)", "(3)"]);
        assert!(owned(t, "(2)").contains(", may file a motion. The motion shall be filed."));
    }

    #[test]
    fn multi_section_paths_carry_section_numbers() {
        let t = "§ 22-1844. Motion.\n(a) A person.\n\n§ 22-1845. Review.\n(a)\n  (1) If it plainly appears.\n  (2) If curable.\n(b) Response.";
        assert_eq!(
            paths(t),
            ["22-1844", "22-1844(a)", "22-1845", "22-1845(a)", "22-1845(a)(1)", "22-1845(a)(2)", "22-1845(b)"]
        );
    }

    #[test]
    fn segments_tile_the_text() {
        let t = "§ 1-1. H.\n(a) x (1) y, or (2) z. w\n[History] note\n\n§ 1-2. K.\ntext";
        let b = build(t);
        let joined: String = b.segments.iter().map(|s| &t[s.range.clone()]).collect();
        assert_eq!(joined, t);
    }
}
