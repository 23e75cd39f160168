//! Applying amendments to a statute.
//!
//! Edits are made on the file's text as written (front matter included), located through
//! the parsed document: a text operation's words are found in the normalized text (so a
//! proposal may write straight quotes for the statute's curly ones, or wrap lines
//! differently), then mapped back to the original bytes. The text keeps its provenance —
//! which bytes come from the base and which amendment inserted the rest — so an
//! amendment that edits another's words is known to depend on it, and two amendments
//! that strike the same base words are reported as a conflict.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ops::Range;

use regex::Regex;

use crate::error::{Error, Result};
use crate::proposal::{Amendment, Op, OpKind, Proposal};
use crate::statute::{self, Document};
use crate::text::normalize::normalize_text;
use crate::text::Source;

/// Where a piece of the edited text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// Base bytes starting at this offset.
    Base(usize),
    /// Inserted by the amendment with this index.
    Inserted(usize),
}

#[derive(Debug, Clone)]
struct Piece {
    text: String,
    origin: Origin,
}

/// Text under edit, with provenance.
#[derive(Debug, Clone)]
pub struct Edited {
    pieces: Vec<Piece>,
}

/// What a splice touched.
#[derive(Debug, Default)]
struct Touched {
    /// Amendments whose inserted text was in the range.
    amendments: BTreeSet<usize>,
    /// Base byte ranges in the range.
    base: Vec<Range<usize>>,
}

impl Edited {
    pub fn new(base: &str) -> Edited {
        Edited { pieces: vec![Piece { text: base.to_string(), origin: Origin::Base(0) }] }
    }

    pub fn text(&self) -> String {
        self.pieces.iter().map(|p| p.text.as_str()).collect()
    }

    /// What lies in `r` of the current text.
    fn touched(&self, r: &Range<usize>) -> Touched {
        let mut t = Touched::default();
        let mut pos = 0;
        for p in &self.pieces {
            let (s, e) = (pos, pos + p.text.len());
            pos = e;
            let (a, b) = (s.max(r.start), e.min(r.end));
            let inside = a < b || (r.is_empty() && s < r.start && r.start < e);
            if !inside {
                continue;
            }
            match p.origin {
                Origin::Inserted(i) => {
                    t.amendments.insert(i);
                }
                Origin::Base(off) if a < b => t.base.push(off + (a - s)..off + (b - s)),
                Origin::Base(_) => {}
            }
        }
        t
    }

    /// The base offset at `pos` of the current text, if base bytes stand there (or end
    /// there).
    fn base_point(&self, pos: usize) -> Option<usize> {
        let mut at = 0;
        // Inside inserted text: where the base bytes before it end.
        let mut last_base = None;
        for p in &self.pieces {
            let end = at + p.text.len();
            match p.origin {
                Origin::Base(off) => {
                    if at <= pos && pos <= end {
                        return Some(off + (pos - at));
                    }
                    last_base = Some(off + p.text.len());
                }
                Origin::Inserted(_) if at <= pos && pos <= end => return last_base,
                Origin::Inserted(_) => {}
            }
            at = end;
        }
        last_base
    }

    /// Replaces `r` with `new`, inserted by amendment `by`; returns what was removed.
    fn splice(&mut self, r: Range<usize>, new: &str, by: usize) -> Touched {
        let removed = self.touched(&r);
        let mut out: Vec<Piece> = Vec::with_capacity(self.pieces.len() + 2);
        let mut pos = 0;
        let mut inserted = false;
        let insert = |out: &mut Vec<Piece>| {
            if !new.is_empty() {
                out.push(Piece { text: new.to_string(), origin: Origin::Inserted(by) });
            }
        };
        for p in self.pieces.drain(..) {
            let (s, e) = (pos, pos + p.text.len());
            pos = e;
            if e <= r.start || s >= r.end {
                if s >= r.end && !inserted {
                    insert(&mut out);
                    inserted = true;
                }
                if e == r.start && r.is_empty() && !inserted && e > s {
                    out.push(p);
                    insert(&mut out);
                    inserted = true;
                    continue;
                }
                out.push(p);
                continue;
            }
            // Keep the parts of `p` outside `r`.
            if s < r.start {
                let keep = r.start - s;
                out.push(Piece { text: p.text[..keep].to_string(), origin: shifted(p.origin, 0) });
            }
            if !inserted {
                insert(&mut out);
                inserted = true;
            }
            if e > r.end {
                let from = r.end - s;
                out.push(Piece { text: p.text[from..].to_string(), origin: shifted(p.origin, from) });
            }
        }
        if !inserted {
            insert(&mut out);
        }
        self.pieces = out;
        removed
    }
}

fn shifted(o: Origin, by: usize) -> Origin {
    match o {
        Origin::Base(off) => Origin::Base(off + by),
        other => other,
    }
}

/// The result of applying amendments.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The amended file text.
    pub text: String,
    /// For each applied amendment (in the order given): the amendments it depends on
    /// (it edits text they inserted).
    pub depends_on: Vec<BTreeSet<usize>>,
    /// For each applied amendment (in the order given): the base bytes it struck, and the
    /// base offsets where it inserted (empty ranges).
    pub touched: Vec<Vec<Range<usize>>>,
}

/// Which amendment inserted which bytes of an amended text, and which base bytes each
/// struck.
#[derive(Debug)]
pub struct Provenance {
    edited: Edited,
    struck: Vec<(usize, Vec<Range<usize>>)>,
}

impl Provenance {
    /// The amendments (by index) whose inserted words lie in the ranges (file offsets of
    /// the amended text).
    pub fn inserted_by(&self, ranges: impl Iterator<Item = Range<usize>>) -> BTreeSet<usize> {
        ranges.flat_map(|r| self.edited.touched(&r).amendments).collect()
    }

    /// The amendments (by index) that struck base bytes in the ranges (file offsets of
    /// the base).
    pub fn struck_by(&self, ranges: impl Iterator<Item = Range<usize>>) -> BTreeSet<usize> {
        let ranges: Vec<Range<usize>> = ranges.collect();
        self.struck
            .iter()
            .filter(|(_, struck)| struck.iter().any(|s| ranges.iter().any(|r| s.start < r.end && r.start < s.end)))
            .map(|&(ai, _)| ai)
            .collect()
    }
}

/// A failure locating an operation's target, before it becomes a user-facing error.
struct Miss {
    message: String,
    /// For "not found": the words looked for and the scope path, to test for a conflict.
    needle: Option<(String, Option<String>)>,
}

/// Applies the amendments with indexes `which` (in that order) to `base`.
pub fn apply(base: &Source, proposal: &Proposal, which: &[usize]) -> Result<Applied> {
    let mut stepper = Stepper::new(base, proposal, base.name.clone(), None);
    for &ai in which {
        stepper.step(ai)?;
    }
    Ok(stepper.finish())
}

/// Applies amendments one at a time, keeping the parse of the text between them: an
/// operation is located in the document parsed after the operation before it, so a
/// proposal of one-operation amendments is parsed once per amendment, and the caller
/// scores that same parse ([`Stepper::doc`]).
pub struct Stepper<'a> {
    base: &'a Source,
    proposal: &'a Proposal,
    /// The name the parsed texts carry.
    name: String,
    edited: Edited,
    /// The current text, parsed, when no operation has changed it since.
    doc: Option<Cow<'a, Document>>,
    depends_on: Vec<BTreeSet<usize>>,
    touched: Vec<Vec<Range<usize>>>,
    /// The base bytes each amendment applied so far struck.
    struck: Vec<(usize, Vec<Range<usize>>)>,
}

impl<'a> Stepper<'a> {
    /// A stepper at the base text; `base_doc` is its parse, when the caller has it.
    pub fn new(base: &'a Source, proposal: &'a Proposal, name: String, base_doc: Option<&'a Document>) -> Self {
        Stepper {
            base,
            proposal,
            name,
            edited: Edited::new(&base.text),
            doc: base_doc.map(Cow::Borrowed),
            depends_on: Vec::new(),
            touched: Vec::new(),
            struck: Vec::new(),
        }
    }

    /// The amendments `which` applied in order, each located in the parse after the one
    /// before it, the first in `base_doc` (the base's parse).
    pub fn through(
        base: &'a Source,
        proposal: &'a Proposal,
        name: String,
        base_doc: &'a Document,
        which: &[usize],
    ) -> Result<Self> {
        let mut stepper = Stepper::new(base, proposal, name, Some(base_doc));
        for &ai in which {
            stepper.step(ai)?;
        }
        Ok(stepper)
    }

    /// The current text, parsed once.
    pub fn doc(&mut self) -> Result<&Document> {
        if self.doc.is_none() {
            let doc = statute::parse(Source::from_text(self.name.clone(), self.edited.text()))?;
            self.doc = Some(Cow::Owned(doc));
        }
        Ok(self.doc.as_deref().expect("parsed above"))
    }

    /// The current text's parse, owned, and what made each of its bytes.
    pub fn into_parts(mut self) -> Result<(Document, Provenance)> {
        self.doc()?;
        let doc = self.doc.take().expect("parsed above").into_owned();
        Ok((doc, Provenance { edited: self.edited, struck: self.struck }))
    }

    /// The amendments each applied amendment depends on, so far (in the order applied).
    pub fn depends_on(&self) -> &[BTreeSet<usize>] {
        &self.depends_on
    }

    /// Applies amendment `ai`.
    pub fn step(&mut self, ai: usize) -> Result<()> {
        let (base, proposal) = (self.base, self.proposal);
        let a = &proposal.amendments[ai];
        let mut deps = BTreeSet::new();
        let mut removed = Vec::new();
        let mut points = Vec::new();
        for (oi, op) in a.ops.iter().enumerate() {
            let doc = self.doc()?;
            let (range, replacement) = match locate(doc, op) {
                Ok(x) => x,
                Err(miss) => return Err(miss_error(base, proposal, a, oi, op, miss, &self.struck)),
            };
            // Where in the base an operation acts that strikes no base bytes (an insertion,
            // or an edit of text another amendment inserted: where that text stands).
            let point = self.edited.base_point(range.start);
            let touched = self.edited.splice(range, &replacement, ai);
            self.doc = None;
            if touched.base.is_empty() {
                points.extend(point.map(|b| b..b));
            }
            deps.extend(touched.amendments.iter().copied().filter(|&d| d != ai));
            removed.extend(touched.base);
        }
        self.touched.push(removed.iter().cloned().chain(points).collect());
        self.struck.push((ai, removed));
        self.depends_on.push(deps);
        Ok(())
    }

    pub fn finish(self) -> Applied {
        Applied { text: self.edited.text(), depends_on: self.depends_on, touched: self.touched }
    }
}

fn op_error(proposal: &Proposal, a: &Amendment, oi: usize, op: &Op, message: impl AsRef<str>) -> Error {
    Error::at(
        &proposal.name,
        op.line,
        op.column,
        format!("amendment `{}`, operation {} ({}): {}", a.id, oi + 1, op.kind.describe(), message.as_ref()),
    )
}

/// Turns a miss into an error; a "not found" whose words an earlier amendment struck from
/// the base is a conflict between the two.
fn miss_error(
    base: &Source,
    proposal: &Proposal,
    a: &Amendment,
    oi: usize,
    op: &Op,
    miss: Miss,
    struck: &[(usize, Vec<Range<usize>>)],
) -> Error {
    if let Some((needle, at)) = &miss.needle {
        if let Ok(doc) = statute::parse(base.clone()) {
            let scope = at.as_deref().and_then(|p| scope_of(&doc, Some(p)).ok()).unwrap_or_else(|| 0..doc.text().len());
            for m in find_all(&doc, needle, scope) {
                let f = doc.file_range(m);
                if let Some((other, _)) =
                    struck.iter().find(|(_, rs)| rs.iter().any(|r| r.start < f.end && f.start < r.end))
                {
                    let (line, _) = base.line_col(f.start);
                    return op_error(
                        proposal,
                        a,
                        oi,
                        op,
                        format!(
                            "conflicts with amendment `{}`, which already changes these words of the base (line {line}): \"{}\"",
                            proposal.amendments[*other].id,
                            clip(&base.text[f])
                        ),
                    );
                }
            }
        }
    }
    op_error(proposal, a, oi, op, miss.message)
}

fn clip(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(79).collect::<String>())
    } else {
        s
    }
}

/// The body range an operation is scoped to.
fn scope_of(doc: &Document, at: Option<&str>) -> std::result::Result<Range<usize>, String> {
    let Some(path) = at else { return Ok(0..doc.text().len()) };
    let p = provision(doc, path)?;
    Ok(doc.provisions[p].span.clone())
}

/// The one provision at `path`, or a message naming what exists.
fn provision(doc: &Document, path: &str) -> std::result::Result<usize, String> {
    let found = doc.find_path(path);
    match found.len() {
        1 => Ok(found[0]),
        0 => {
            let mut paths: Vec<String> =
                doc.provisions.iter().filter(|p| p.parent.is_some()).map(|p| p.path.clone()).collect();
            let total = paths.len();
            paths.truncate(12);
            let list = if paths.is_empty() {
                "the text has no enumerated provisions".to_string()
            } else {
                format!("provisions here: {}{}", paths.join(", "), if total > 12 { ", …" } else { "" })
            };
            Err(format!("no provision {path}; {list}"))
        }
        n => Err(format!("provision path {path} is ambiguous ({n} provisions have it)")),
    }
}

/// Body ranges where `needle`'s words occur in `scope`, any whitespace between words.
fn find_all(doc: &Document, needle: &str, scope: Range<usize>) -> Vec<Range<usize>> {
    let norm = normalize_text(needle);
    let words: Vec<String> = norm.split_whitespace().map(regex::escape).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let Ok(re) = Regex::new(&words.join(r"\s+")) else { return Vec::new() };
    let text = &doc.text()[scope.clone()];
    re.find_iter(text).map(|m| scope.start + m.start()..scope.start + m.end()).collect()
}

/// The words of `scope` most like `needle` (same number of words, most words shared).
fn nearest(doc: &Document, needle: &str, scope: Range<usize>) -> String {
    let text = &doc.text()[scope.clone()];
    let words: Vec<(usize, &str)> =
        text.split_whitespace().map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w)).collect();
    let norm = normalize_text(needle);
    let want: Vec<&str> = norm.split_whitespace().collect();
    if words.is_empty() || want.is_empty() {
        return "(no text there)".to_string();
    }
    let n = want.len().min(words.len());
    let mut best = (0.0f64, 0usize);
    for i in 0..=words.len() - n {
        let score: f64 = words[i..i + n].iter().zip(&want).map(|((_, w), x)| word_similarity(w, x)).sum();
        if score > best.0 {
            best = (score, i);
        }
    }
    let (start, _) = words[best.1];
    let (last_off, last) = words[best.1 + n - 1];
    let r = scope.start + start..scope.start + last_off + last.len();
    clip(doc.original(r))
}

/// Similarity of two words (case and surrounding punctuation ignored): the Dice
/// coefficient of their character bigrams, 1 for equal words.
fn word_similarity(a: &str, b: &str) -> f64 {
    let clean = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    let (a, b) = (clean(a), clean(b));
    if a == b {
        return 1.0;
    }
    let grams = |w: &str| -> Vec<(char, char)> {
        let cs: Vec<char> = w.chars().collect();
        cs.windows(2).map(|p| (p[0], p[1])).collect()
    };
    let (ga, mut gb) = (grams(&a), grams(&b));
    if ga.is_empty() || gb.is_empty() {
        return 0.0;
    }
    let total = ga.len() + gb.len();
    let mut common = 0;
    for g in ga {
        if let Some(k) = gb.iter().position(|x| *x == g) {
            gb.swap_remove(k);
            common += 1;
        }
    }
    2.0 * common as f64 / total as f64
}

/// Finds an operation's target in the current file text: the byte range to replace and
/// what to put there.
fn locate(doc: &Document, op: &Op) -> std::result::Result<(Range<usize>, String), Miss> {
    let text = doc.source.text.as_str();
    let plain = |m: String| Miss { message: m, needle: None };
    match &op.kind {
        OpKind::Strike { strike, insert, occurrence } => {
            let r = find_one(doc, strike, op.at.as_deref(), *occurrence)?;
            let f = doc.file_range(r);
            if insert.is_empty() {
                Ok((tidy_deletion(text, f), String::new()))
            } else {
                Ok((f, insert.clone()))
            }
        }
        OpKind::Insert { anchor, insert, after, occurrence } => {
            let r = find_one(doc, anchor, op.at.as_deref(), *occurrence)?;
            let f = doc.file_range(r);
            let pos = if *after { f.end } else { f.start };
            Ok((pos..pos, spaced(text, pos, insert, *after)))
        }
        OpKind::AddAfter { path, text: new } => {
            let p = provision(doc, path).map_err(plain)?;
            let end = trimmed_end(doc, p);
            let sep = separator(doc, text, end);
            Ok((end..end, format!("{sep}{}", new.trim())))
        }
        OpKind::Replace { path, text: new } => {
            let p = provision(doc, path).map_err(plain)?;
            let f = trimmed_span(doc, p);
            let label = doc.provisions[p].label.clone().unwrap_or_default();
            let new = new.trim();
            let written = &text[f.clone()];
            let body = if label.is_empty() || new.starts_with(&label) || starts_with_enumerator(new) {
                new.to_string()
            } else if written.starts_with(&label) {
                format!("{label} {new}")
            } else {
                new.to_string()
            };
            Ok((f, body))
        }
        OpKind::Repeal { path } => {
            let p = provision(doc, path).map_err(plain)?;
            let f = trimmed_span(doc, p);
            // Take the separator before it too (or after it, for the first provision).
            let before_ws = text[..f.start].len() - text[..f.start].trim_end().len();
            let start = f.start - before_ws;
            if start > doc.body.base() {
                Ok((start..f.end, String::new()))
            } else {
                let after_ws = text[f.end..].len() - text[f.end..].trim_start().len();
                Ok((f.start..f.end + after_ws, String::new()))
            }
        }
        OpKind::Redesignate { path, to } => {
            let p = provision(doc, path).map_err(plain)?;
            let f = trimmed_span(doc, p);
            let written = &text[f.clone()];
            let value = to.trim().trim_start_matches('(').trim_end_matches(['.', ')']).trim();
            let old_value =
                doc.provisions[p].label.as_deref().unwrap_or("").trim_start_matches('(').trim_end_matches(')');
            if written.starts_with(&format!("({old_value})")) {
                Ok((f.start..f.start + old_value.len() + 2, format!("({value})")))
            } else if written.starts_with(&format!("{old_value}.")) {
                Ok((f.start..f.start + old_value.len() + 1, format!("{value}.")))
            } else {
                Err(plain(format!("provision {path} has no enumerator to redesignate")))
            }
        }
    }
}

fn starts_with_enumerator(s: &str) -> bool {
    let b = s.as_bytes();
    b.first() == Some(&b'(') && s.find(')').is_some_and(|k| k <= 6)
}

/// One occurrence of `needle` within the operation's scope, or a miss that says why.
fn find_one(
    doc: &Document,
    needle: &str,
    at: Option<&str>,
    occurrence: Option<usize>,
) -> std::result::Result<Range<usize>, Miss> {
    let scope = scope_of(doc, at).map_err(|m| Miss { message: m, needle: None })?;
    let place = at.map_or_else(|| "the text".to_string(), |p| format!("provision {p}"));
    let found = find_all(doc, needle, scope.clone());
    match (found.len(), occurrence) {
        (0, _) => Err(Miss {
            message: format!(
                "\"{}\" is not in {place}; nearest text there: \"{}\"",
                clip(needle),
                nearest(doc, needle, scope)
            ),
            needle: Some((needle.to_string(), at.map(String::from))),
        }),
        (1, None) => Ok(found[0].clone()),
        (n, None) => {
            // Each occurrence by line:column (and its provision), a few of them at most.
            let shown = 6;
            let mut places: Vec<String> = found
                .iter()
                .take(shown)
                .map(|r| {
                    let (line, column) = doc.source.line_col(doc.file_range(r.clone()).start);
                    match doc.provision_at(r.start).filter(|&p| !doc.provisions[p].path.is_empty()) {
                        Some(p) => format!("{line}:{column} in {}", doc.display_path(p)),
                        None => format!("{line}:{column}"),
                    }
                })
                .collect();
            if n > shown {
                places.push(format!("and {} more", n - shown));
            }
            Err(Miss {
                message: format!(
                    "\"{}\" occurs {n} times in {place} (at {}); say which with occurrence = N, or narrow it with at = \"(path)\"",
                    clip(needle),
                    places.join(", ")
                ),
                needle: None,
            })
        }
        (n, Some(k)) if k > n => Err(Miss {
            message: format!("occurrence {k} asked for, but \"{}\" occurs {n} time(s) in {place}", clip(needle)),
            needle: None,
        }),
        (_, Some(k)) => Ok(found[k - 1].clone()),
    }
}

/// A provision's span in file bytes, without surrounding whitespace.
fn trimmed_span(doc: &Document, p: usize) -> Range<usize> {
    let span = doc.provisions[p].span.clone();
    let t = &doc.text()[span.clone()];
    let start = span.start + (t.len() - t.trim_start().len());
    let end = span.start + t.trim_end().len();
    doc.file_range(start..end.max(start))
}

fn trimmed_end(doc: &Document, p: usize) -> usize {
    trimmed_span(doc, p).end
}

/// The separator before a new provision: a blank line where the text separates its
/// provisions with blank lines, else a line break.
fn separator(doc: &Document, text: &str, at: usize) -> &'static str {
    if text[at..].starts_with("\n\n") || text[at..].starts_with("\r\n\r\n") {
        return "\n\n";
    }
    let blank_between = doc.provisions.iter().filter(|p| p.parent.is_some()).any(|p| {
        let f = doc.file_range(p.span.start..p.span.start);
        text[..f.start].ends_with("\n\n") || text[..f.start].ends_with("\r\n\r\n")
    });
    if blank_between {
        "\n\n"
    } else {
        "\n"
    }
}

/// Widens a deletion so that no double space or space before punctuation is left.
fn tidy_deletion(text: &str, r: Range<usize>) -> Range<usize> {
    let before = text[..r.start].chars().next_back();
    let after = text[r.end..].chars().next();
    match (before, after) {
        (Some(' '), Some(' ')) => r.start..r.end + 1,
        (Some(' '), Some(c)) if ",.;:)".contains(c) => r.start - 1..r.end,
        (None | Some('\n'), Some(' ')) => r.start..r.end + 1,
        (Some(' '), None | Some('\n' | '\r')) => r.start - 1..r.end,
        _ => r,
    }
}

/// Adds a space between an insertion and a neighbouring word where none was written.
fn spaced(text: &str, pos: usize, insert: &str, after: bool) -> String {
    let wordish = |c: char| c.is_alphanumeric() || c == ')' || c == '(' || c == '§';
    if after {
        let prev = text[..pos].chars().next_back();
        let first = insert.chars().next();
        if prev.is_some_and(|c| wordish(c) || c == ',' || c == ';') && first.is_some_and(wordish) {
            return format!(" {insert}");
        }
    } else {
        let next = text[pos..].chars().next();
        let last = insert.chars().next_back();
        if next.is_some_and(wordish) && last.is_some_and(|c| wordish(c) || c == ',') {
            return format!("{insert} ");
        }
    }
    insert.to_string()
}

/// The amendments `i` needs applied first (transitively), in proposal order, then `i`.
pub fn with_dependencies(i: usize, depends_on: &[BTreeSet<usize>]) -> Vec<usize> {
    let mut need = BTreeSet::from([i]);
    let mut stack = vec![i];
    while let Some(k) = stack.pop() {
        for &d in &depends_on[k] {
            if need.insert(d) {
                stack.push(d);
            }
        }
    }
    need.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proposal(ops: &str) -> Proposal {
        let text = format!("title = \"T\"\n{ops}");
        Proposal::from_source(&Source::from_text("p.toml", text)).unwrap()
    }

    fn run(base: &str, p: &Proposal) -> Result<String> {
        let src = Source::from_text("s.txt", base);
        let which: Vec<usize> = (0..p.amendments.len()).collect();
        apply(&src, p, &which).map(|a| a.text)
    }

    #[test]
    fn strike_insert_and_anchors() {
        let p = proposal("[[amendment]]\nid=\"a\"\ntitle=\"A\"\n[[amendment.op]]\nstrike=\"shall\"\ninsert=\"may\"\n[[amendment.op]]\nafter=\"may\"\ninsert=\", in its discretion,\"\n[[amendment.op]]\nstrike=\"any \"\n");
        let out = run("the court shall vacate any judgment.", &p).unwrap();
        assert_eq!(out, "the court may, in its discretion, vacate judgment.");
    }

    #[test]
    fn curly_quotes_and_wrapping_in_the_statute_are_matched() {
        let p = proposal("[[amendment]]\nid=\"a\"\ntitle=\"A\"\n[[amendment.op]]\nstrike=\"the defendant's claim\"\ninsert=\"the claim\"\n");
        let out = run("investigate the defendant\u{2019}s\n  claim and", &p).unwrap();
        assert_eq!(out, "investigate the claim and");
    }

    #[test]
    fn provision_operations() {
        let base = "(a) First.\n(b) Second.\n(c) Third.";
        let p = proposal("[[amendment]]\nid=\"a\"\ntitle=\"A\"\n[[amendment.op]]\nrepeal=\"(b)\"\n[[amendment.op]]\nredesignate=\"(c)\"\nas=\"(b)\"\n[[amendment.op]]\nadd_after=\"(b)\"\ntext=\"(c) New.\"\n[[amendment.op]]\nreplace=\"(a)\"\ntext=\"Primary.\"\n");
        assert_eq!(run(base, &p).unwrap(), "(a) Primary.\n(b) Third.\n(c) New.");
    }

    #[test]
    fn missing_and_ambiguous_text_are_errors_with_context() {
        let p =
            proposal("[[amendment]]\nid=\"a\"\ntitle=\"A\"\n[[amendment.op]]\nat=\"(a)\"\nstrike=\"the prosecuter\"\n");
        let e = run("(a) the court shall notify the prosecutor.\n(b) x", &p).unwrap_err().to_string();
        assert!(e.starts_with("p.toml:5:1: amendment `a`, operation 1 (strike \"the prosecuter\"): \"the prosecuter\" is not in provision (a); nearest text there: \"the prosecutor.\""), "{e}");
        let p = proposal("[[amendment]]\nid=\"a\"\ntitle=\"A\"\n[[amendment.op]]\nstrike=\"the\"\n");
        let e = run("the court and the prosecutor", &p).unwrap_err().to_string();
        // Every occurrence by line and column, not "lines 1, 1".
        assert!(e.contains("occurs 2 times in the text (at 1:1, 1:15)"), "{e}");
        let p = proposal("[[amendment]]\nid=\"a\"\ntitle=\"A\"\n[[amendment.op]]\nat=\"(z)\"\nstrike=\"the\"\n");
        let e = run("(a) the court", &p).unwrap_err().to_string();
        assert!(e.contains("no provision (z); provisions here: (a)"), "{e}");
    }

    #[test]
    fn dependencies_and_conflicts() {
        let p = proposal("[[amendment]]\nid=\"a\"\ntitle=\"A\"\n[[amendment.op]]\nstrike=\"shall\"\ninsert=\"may\"\n[[amendment]]\nid=\"b\"\ntitle=\"B\"\n[[amendment.op]]\nstrike=\"may\"\ninsert=\"must\"\n");
        let src = Source::from_text("s.txt", "the court shall act");
        let a = apply(&src, &p, &[0, 1]).unwrap();
        assert_eq!(a.text, "the court must act");
        assert_eq!(a.depends_on[1], BTreeSet::from([0]));
        assert_eq!(with_dependencies(1, &a.depends_on), vec![0, 1]);
        let p = proposal("[[amendment]]\nid=\"a\"\ntitle=\"A\"\n[[amendment.op]]\nstrike=\"court shall\"\ninsert=\"judge may\"\n[[amendment]]\nid=\"b\"\ntitle=\"B\"\n[[amendment.op]]\nstrike=\"shall act\"\ninsert=\"acts\"\n");
        let e = apply(&src, &p, &[0, 1]).unwrap_err().to_string();
        assert!(e.contains("amendment `b`") && e.contains("conflicts with amendment `a`"), "{e}");
    }
}
