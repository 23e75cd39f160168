//! Reading bills: text that marks deletions and insertions in a statute.
//!
//! Four conventions are read:
//! - Connecticut: `[deleted text]` in brackets, inserted text underlined (`<u>` in HTML);
//! - HTML `<del>`, `<s>`, `<strike>` (deleted) and `<ins>`, `<u>` (inserted);
//! - New York: new matter in CAPITALS, deleted matter in `[brackets]`, with page
//!   headers, bill codes and the EXPLANATION line printed among the text;
//! - plain `[-deleted-]` and `{+inserted+}`.
//!
//! A bill is split into its sections (`Sec. 7.`, `§ 2.`); a section that restates
//! statute text ("Section 54-95c of the general statutes is repealed and the following is
//! substituted in lieu thereof", "… is amended to read as follows:") yields the text
//! before (unmarked and deleted matter) and after (unmarked and inserted matter), and the
//! citation it names. What cannot be read is reported with its line and why.

use std::sync::LazyLock;

use regex::Regex;

/// A run of bill text and what the bill does to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Same,
    Deleted,
    Inserted,
}

/// The marking convention a bill uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `[deleted]` and underlined insertions (Connecticut).
    BracketsUnderline,
    /// HTML `<del>`/`<s>`/`<strike>` and `<ins>`/`<u>`.
    HtmlDelIns,
    /// Capitals new, brackets deleted (New York).
    CapitalsBrackets,
    /// `[-deleted-]{+inserted+}`.
    Plain,
}

impl Style {
    pub fn describe(self) -> &'static str {
        match self {
            Style::BracketsUnderline => "[deleted] and underlined insertions",
            Style::HtmlDelIns => "HTML <del>/<ins>",
            Style::CapitalsBrackets => "new matter in CAPITALS, deleted matter in [brackets]",
            Style::Plain => "[-deleted-]{+inserted+}",
        }
    }
}

/// One bill section that restates statute text.
#[derive(Debug, Clone)]
pub struct BillSection {
    /// The section's label, e.g. `Sec. 7` or `§ 2`.
    pub label: String,
    /// The section number the amending clause names, e.g. `54-95c`.
    pub citation: Option<String>,
    /// The sub-provision it restates, e.g. `(1)(i)` for "Paragraph (i) of subdivision 1".
    pub target: Option<String>,
    /// The amending clause as printed.
    pub clause: String,
    /// 1-based line of the section in the bill.
    pub line: usize,
    /// The text before and after.
    pub before: String,
    pub after: String,
    /// Whether any deleted or inserted matter is marked (text pasted from a PDF loses
    /// its underlining and strike-through: then before and after read the same).
    pub marked: bool,
    /// What the amending clause says follows it.
    pub kind: ClauseKind,
    /// Whether inserted matter is marked (brackets can survive where underlining of
    /// new matter is lost).
    pub inserted_marked: bool,
}

/// A bill, read.
#[derive(Debug, Clone)]
pub struct Bill {
    pub title: String,
    pub style: Style,
    pub sections: Vec<BillSection>,
    /// What could not be read, with where and why.
    pub notes: Vec<String>,
    /// Markup that could not be read: (bill line, column, what and why), for the error
    /// when no section could be read at all.
    pub unreadable: Vec<(usize, usize, String)>,
}

/// Whether a text looks like a bill rather than a statute: it marks changes (HTML
/// underlining or deletions, `[-…-]{+…+}`, New York's EXPLANATION line), or a bill
/// section (`Sec. 3.`, `Section 1.`, `§ 2.` at a line start) carries an amending clause.
/// A clause quoted in a statute's history notes does not count: it is not at the start
/// of a bill section.
pub fn looks_like_bill(text: &str) -> bool {
    // One case-insensitive pass over the text (a statute file can be a whole code title).
    static MARKERS: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(["<u>", "<ins>", "<del>", "<strike>", "<s>", "explanation--matter in"])
            .expect("fixed literal patterns")
    });
    if (text.contains("[-") && text.contains("-]")) && (text.contains("{+") || text.contains("+}"))
        || MARKERS.is_match(text)
    {
        return true;
    }
    // Every line that opens a bill section, found in one search of the whole text (a
    // line-by-line test of a code title costs more than the rest of the check).
    SECTION_LINE.find_iter(text).any(|m| find_clause(&text[m.start()..]).is_some())
}

/// A bill's text with its front matter (the file's own `+++` block, if any) blanked out,
/// line breaks kept so that lines keep their numbers, and the front matter read.
pub fn body_of(
    src: &crate::text::Source,
) -> crate::error::Result<(std::borrow::Cow<'_, str>, Option<crate::statute::frontmatter::FrontMatter>)> {
    let split = crate::statute::frontmatter::split(src)?;
    if !split.present {
        // Most texts have none: no copy (a statute file can be a whole code title).
        return Ok((std::borrow::Cow::Borrowed(&src.text), None));
    }
    let head: String = src.text[..split.body_start].chars().filter(|&c| c == '\n').collect();
    Ok((format!("{head}{}", &src.text[split.body_start..]).into(), Some(split.front)))
}

/// Reads a bill. `name` is used in notes.
pub fn parse(name: &str, text: &str) -> Bill {
    let lower = text.to_ascii_lowercase();
    let html = ["<u>", "<ins>", "<del>", "<strike>", "<s>", "<p", "<br", "</"].iter().any(|t| lower.contains(t));
    let style = if (text.contains("[-") && text.contains("-]")) || (text.contains("{+") && text.contains("+}")) {
        Style::Plain
    } else if html && ["<del>", "<strike>", "<s>"].iter().any(|t| lower.contains(t)) {
        Style::HtmlDelIns
    } else if html {
        Style::BracketsUnderline
    } else {
        Style::CapitalsBrackets
    };
    let mut notes = Vec::new();
    let mut unreadable = Vec::new();
    // A line-based plain text with markers for inserted spans (HTML tags resolved).
    // `line_of[k]`: the bill file's line where line `k` of the plain text begins.
    let (plain, line_of) = if html { html_to_text(text) } else { (text.to_string(), Vec::new()) };
    let lines: Vec<&str> = plain.lines().collect();
    let file_line = |k: usize| line_of.get(k).copied().unwrap_or(k + 1);
    let title = bill_title(&lines);
    let starts: Vec<usize> = lines.iter().enumerate().filter(|(_, l)| SECTION.is_match(l)).map(|(i, _)| i).collect();
    let mut sections = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let next = starts.get(k + 1).copied().unwrap_or(lines.len());
        // A section also ends at the title of the next act printed in the same file.
        let end = (start + 1..next).find(|&i| is_act_title(lines[i])).unwrap_or(next);
        let block = lines[start..end].join("\n");
        let label = SECTION.captures(lines[start]).map(|c| one_line(&c[1])).unwrap_or_default();
        let Some((clause_end, kind, _form)) = find_clause(&block) else { continue };
        let clause_text = block[..clause_end].to_string();
        let mut body = &block[clause_end..];
        // "(Effective October 1, 2021):" after the clause.
        if let Some(c) = EFFECTIVE.find(body) {
            body = &body[c.end()..];
        }
        let cleaned = remove_furniture(body);
        let spans = match style {
            Style::Plain => plain_spans(&cleaned),
            Style::HtmlDelIns | Style::BracketsUnderline => marker_spans(&cleaned, style == Style::BracketsUnderline),
            Style::CapitalsBrackets => caps_spans(&cleaned),
        };
        let spans = match spans {
            Ok(s) => s,
            Err(why) => {
                // Where the markup breaks: the line of a bracket never closed, if that is it.
                let (at, column) = match unclosed_bracket_line(&block) {
                    Some((k, column)) if why.contains("never closed") => (file_line(start + k), column),
                    _ => (file_line(start), 1),
                };
                notes.push(format!("{name}: {label} (line {at}): could not read the markup: {why}"));
                unreadable.push((at, column, format!("{label}: could not read the markup: {why}")));
                continue;
            }
        };
        let marked = spans.iter().any(|(m, t)| *m != Mark::Same && !t.trim().is_empty());
        let inserted_marked = spans.iter().any(|(m, t)| *m == Mark::Inserted && !t.trim().is_empty());
        let before = assemble(&spans, Mark::Deleted);
        let after = assemble(&spans, Mark::Inserted);
        let citation = citation_in(&clause_text);
        let adds_new = kind != ClauseKind::Restate;
        if citation.is_none() && !adds_new {
            notes.push(format!("{name}: {label} (line {}): the amending clause names no section", file_line(start)));
        }
        sections.push(BillSection {
            label,
            citation,
            target: target_in(&clause_text),
            clause: one_line(&clause_text),
            line: file_line(start),
            before: if adds_new { String::new() } else { before },
            after,
            marked,
            kind,
            inserted_marked,
        });
    }
    if sections.is_empty() {
        notes.push(format!(
            "{name}: no bill section restates statute text (looked for \"is amended to read as follows:\" and \"is repealed and the following is substituted in lieu thereof\")"
        ));
    }
    Bill { title, style, sections, notes, unreadable }
}

/// A bill section's first line: `Sec. 7.`, `Section 1.`, `§ 2.`.
/// A bill section's first line, in any case, after a printed line number (`9 Section 1.`);
/// Missouri letters its sections (`Section A.`).
static SECTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:\d{1,4}\s+)?((?i:Sec(?:tion)?\.?|§)\s*(?:\d+[a-z]?|[A-Z]))\.\s").unwrap());

/// [`SECTION`] over a whole text: each match begins at the start of a line that
/// [`SECTION`] matches (the spaces it allows stop at the line's end, as on one line).
static SECTION_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[^\S\n]*(?:\d{1,4}[^\S\n]+)?(?:(?i:Sec(?:tion)?\.?|§)[^\S\n]*(?:\d+[a-z]?|[A-Z]))\.\s").unwrap()
});

/// The line (counted from 0 in `block`) and column (from 1, in characters) of the first
/// `[` that no `]` closes.
fn unclosed_bracket_line(block: &str) -> Option<(usize, usize)> {
    let mut open: Vec<usize> = Vec::new();
    for (i, c) in block.char_indices() {
        match c {
            '[' => open.push(i),
            ']' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.first().map(|&i| {
        let line_start = block[..i].rfind('\n').map_or(0, |k| k + 1);
        (block[..i].matches('\n').count(), block[line_start..i].chars().count() + 1)
    })
}

/// What text follows an amending clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClauseKind {
    /// The section, or the part named, as amended.
    Restate,
    /// A new section: there is no text before.
    New,
    /// New subdivisions of a section: there is no text of theirs before.
    Adding,
}

/// One printed form of amending clause (`clauses.toml`).
#[derive(Debug)]
struct ClauseForm {
    name: String,
    kind: ClauseKind,
    pattern: Regex,
    unless: Option<String>,
}

#[derive(serde::Deserialize)]
struct RawForms {
    gate: String,
    form: Vec<RawForm>,
}

#[derive(serde::Deserialize)]
#[cfg_attr(not(test), allow(dead_code))]
struct RawForm {
    name: String,
    kind: String,
    pattern: String,
    unless: Option<String>,
    #[serde(default)]
    example: Vec<RawExample>,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct RawExample {
    text: String,
    source: String,
}

const CLAUSE_FORMS: &str = include_str!("clauses.toml");

/// A space in a clause pattern matches any run of whitespace.
fn clause_regex(pattern: &str) -> Regex {
    Regex::new(&format!("(?is){}", pattern.replace(' ', r"\s+"))).expect("a clause pattern compiles")
}

static RAW_FORMS: LazyLock<RawForms> =
    LazyLock::new(|| toml::from_str(CLAUSE_FORMS).expect("clauses.toml is valid (a unit test reads it)"));

/// What every clause holds (`gate` in `clauses.toml`): a text without it is not searched
/// with the forms, which are costly to compile.
static GATE: LazyLock<Regex> = LazyLock::new(|| clause_regex(&RAW_FORMS.gate));

/// The forms, compiled.
static FORMS: LazyLock<Vec<ClauseForm>> = LazyLock::new(|| {
    RAW_FORMS
        .form
        .iter()
        .map(|f| ClauseForm {
            kind: match f.kind.as_str() {
                "new" => ClauseKind::New,
                "adding" => ClauseKind::Adding,
                _ => ClauseKind::Restate,
            },
            pattern: clause_regex(&f.pattern),
            name: f.name.clone(),
            unless: f.unless.clone(),
        })
        .collect()
});

static EFFECTIVE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*\((?:Effective|eff\.)[^)]*\)\s*:?").unwrap());

/// How far into a bill section its amending clause may end.
const CLAUSE_REACH: usize = 1500;

/// The amending clause of a bill section: where it ends in `block` and its kind and form.
/// Line breaks inside words (`fol-` / `lows`) and table residue (`|`) are undone first.
fn find_clause(block: &str) -> Option<(usize, ClauseKind, &'static str)> {
    let head_end = block.char_indices().nth(CLAUSE_REACH).map_or(block.len(), |(i, _)| i);
    let head = &block[..head_end];
    // The searched text, and for each of its bytes the byte of `head` it came from.
    let mut text = String::with_capacity(head.len());
    let mut from: Vec<usize> = Vec::with_capacity(head.len() + 1);
    let mut chars = head.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '-' {
            let rest = &head[i + 1..];
            let gap = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            if rest[gap..].starts_with('\n') && text.ends_with(|p: char| p.is_alphabetic()) {
                let after = rest[gap + 1..].trim_start_matches([' ', '\t']);
                if after.starts_with(|n: char| n.is_lowercase()) {
                    // Skip the hyphen, the line break and the next line's indentation.
                    let skip = head.len() - after.len() - (i + 1);
                    while chars.peek().is_some_and(|&(j, _)| j < i + 1 + skip) {
                        chars.next();
                    }
                    continue;
                }
            }
        }
        // A line number printed at the start of a line (`10 reenacted`).
        if c == '\n' {
            let rest = &head[i + 1..];
            let lead = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            let digits = rest[lead..].bytes().take_while(u8::is_ascii_digit).count();
            if (1..=4).contains(&digits) && rest[lead + digits..].starts_with([' ', '\t']) {
                text.push('\n');
                from.push(i);
                while chars.peek().is_some_and(|&(j, _)| j < i + 1 + lead + digits) {
                    chars.next();
                }
                continue;
            }
        }
        let c = if c == '|' { ' ' } else { c };
        let mut buf = [0u8; 4];
        let enc = c.encode_utf8(&mut buf);
        text.push_str(enc);
        from.extend(std::iter::repeat_n(i, enc.len()));
    }
    from.push(head.len());
    if !GATE.is_match(&text) {
        return None;
    }
    // The clause that ends first; of clauses ending at the same place, the first form.
    let mut best: Option<(usize, &ClauseForm)> = None;
    for form in FORMS.iter() {
        let Some(m) = form.pattern.find(&text) else { continue };
        if form.unless.as_deref().is_some_and(|w| text[..m.end()].to_lowercase().contains(w)) {
            continue;
        }
        if best.is_none_or(|(end, _)| m.end() < end) {
            best = Some((m.end(), form));
        }
    }
    let (m_end, form) = best?;
    // The end in `head`: just after the last byte matched.
    let end = from[m_end - 1] + head[from[m_end - 1]..].chars().next().map_or(1, char::len_utf8);
    Some((end, form.kind, form.name.as_str()))
}

/// The section number a clause names, after the bill section's own label: "Section
/// 54-95c of the general statutes", "paragraph (i) of subdivision 1 of section 440.10",
/// "Section 77-40a-301 is amended", "section 943.0583, Florida Statutes", "Art. 983(H)".
fn citation_in(clause: &str) -> Option<String> {
    static CITE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)(?:\bsections?|\bsec\.|§|\bart\.|\barticle)\s*(\d+[A-Za-z]*(?:[-.:]\d+[A-Za-z]*)+|\d+[A-Za-z]?\b)",
        )
        .unwrap()
    });
    let after_label = SECTION.find(clause).map_or(0, |m| m.end());
    CITE.captures(&clause[after_label..]).map(|c| c[1].trim_end_matches(['.', ':']).to_string())
}

/// "Paragraph (i) of subdivision 1" → `(1)(i)`; "subdivision 4" → `(4)`.
fn target_in(clause: &str) -> Option<String> {
    static PARA: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*paragraph\s+\(([a-z0-9-]+)\)\s+of\s+subdivision\s+(\d+)\s+of\b").unwrap()
    });
    static SUBD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s*subdivision\s+(\d+)\s+of\b").unwrap());
    let rest = SECTION.find(clause).map_or(clause, |m| &clause[m.end()..]);
    if let Some(c) = PARA.captures(rest) {
        return Some(format!("({})({})", &c[2], &c[1]));
    }
    SUBD.captures(rest).map(|c| format!("({})", &c[1]))
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A line that starts an act's title ("AN ACT CONCERNING …") or a markdown heading.
fn is_act_title(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("AN ACT") || t.starts_with("An Act") || t.starts_with("# ")
}

/// The bill's title: its "AN ACT …" sentence, or its first markdown heading.
fn bill_title(lines: &[&str]) -> String {
    if let Some(h) = lines.iter().find(|l| l.starts_with("# ")) {
        return one_line(h.trim_start_matches('#'));
    }
    if let Some(i) =
        lines.iter().position(|l| l.trim_start().starts_with("AN ACT") || l.trim_start().starts_with("An Act"))
    {
        let mut t = String::new();
        for l in &lines[i..] {
            if l.trim().is_empty() {
                break;
            }
            t.push_str(l.trim());
            t.push(' ');
        }
        return one_line(&t);
    }
    "bill".to_string()
}

/// Removes printed page furniture: page headers (`S. 4756  2`), bill codes
/// (`LBD08744-01-3`), the EXPLANATION line, line numbers; rejoins words hyphenated across
/// lines (`PREPON-` / `DERANCE`, `[defend-` / `ant]`).
fn remove_furniture(body: &str) -> String {
    // A page header: the bill's number and the page (`S. 4756  2`, `HB 2688 4`, `H.B. 1216 3`).
    static PAGE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*(?:S|A|[HS]\.?\s?B|[HS]\.?\s?F|[AS]\.?\s?B)\.?\s*\d+\s+\d+\s*$").unwrap());
    static CODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*[A-Z]{3}\d{5}-\d{2}-\d\s*$").unwrap());
    static EXPL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:EXPLANATION\s*(?:--|—|-)\s*Matter|\[ \] is old law to be omitted|intended to be omitted from the law\.)").unwrap()
    });
    let kept: Vec<&str> = body
        .lines()
        .filter(|l| !(PAGE.is_match(l) || CODE.is_match(l) || EXPL.is_match(l) || l.trim().is_empty()))
        .collect();
    let kept = strip_line_numbers(kept);
    let mut out = String::new();
    for l in kept {
        let l = l.trim();
        // A word broken across lines: the previous line ends in a letter and a hyphen.
        if out.ends_with('-')
            && out[..out.len() - 1].ends_with(|c: char| c.is_alphabetic())
            && l.starts_with(|c: char| c.is_alphabetic() || c == '[' || c == '{')
        {
            out.pop();
            out.push_str(l);
        } else {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(l);
        }
    }
    // Justified bill text has runs of spaces; one space is the text.
    static SPACES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[ \t]{2,}").unwrap());
    SPACES.replace_all(&out, " ").to_string()
}

/// Drops line numbers printed at the start of most lines (`12 the court shall`).
fn strip_line_numbers(lines: Vec<&str>) -> Vec<&str> {
    static NUM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(\d{1,4})\s+\S").unwrap());
    let numbered: Vec<Option<u32>> = lines.iter().map(|l| NUM.captures(l).and_then(|c| c[1].parse().ok())).collect();
    let count = numbered.iter().filter(|n| n.is_some()).count();
    let increasing = numbered.iter().flatten().collect::<Vec<_>>().windows(2).filter(|w| w[1] > w[0]).count();
    if lines.len() < 4 || count * 5 < lines.len() * 4 || increasing * 5 < count.saturating_sub(1) * 4 {
        return lines;
    }
    lines
        .into_iter()
        .map(|l| match NUM.captures(l) {
            Some(c) => &l[c.get(1).unwrap().end()..],
            None => l,
        })
        .collect()
}

/// Spans of `[-deleted-]{+inserted+}` text.
fn plain_spans(s: &str) -> Result<Vec<(Mark, String)>, String> {
    let mut out = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let next_del = rest.find("[-");
        let next_ins = rest.find("{+");
        let (pos, open, close, mark) = match (next_del, next_ins) {
            (Some(d), Some(i)) if d < i => (d, "[-", "-]", Mark::Deleted),
            (Some(d), None) => (d, "[-", "-]", Mark::Deleted),
            (_, Some(i)) => (i, "{+", "+}", Mark::Inserted),
            (None, None) => {
                out.push((Mark::Same, rest.to_string()));
                break;
            }
        };
        out.push((Mark::Same, rest[..pos].to_string()));
        let after = &rest[pos + open.len()..];
        let end = after.find(close).ok_or_else(|| format!("`{open}` is never closed with `{close}`"))?;
        out.push((mark, after[..end].to_string()));
        rest = &after[end + close.len()..];
    }
    Ok(out)
}

/// Marker characters used for HTML insertions and deletions in the intermediate text.
const INS_OPEN: char = '\u{e000}';
const INS_CLOSE: char = '\u{e001}';
const DEL_OPEN: char = '\u{e002}';
const DEL_CLOSE: char = '\u{e003}';

/// Spans of text with HTML markers; with `brackets`, `[…]` is also a deletion.
fn marker_spans(s: &str, brackets: bool) -> Result<Vec<(Mark, String)>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut ins = 0i32;
    let mut del = 0i32;
    let flush = |out: &mut Vec<(Mark, String)>, cur: &mut String, ins: i32, del: i32| {
        if !cur.is_empty() {
            let mark = if del > 0 {
                Mark::Deleted
            } else if ins > 0 {
                Mark::Inserted
            } else {
                Mark::Same
            };
            out.push((mark, std::mem::take(cur)));
        }
    };
    for c in s.chars() {
        match c {
            INS_OPEN => {
                flush(&mut out, &mut cur, ins, del);
                ins += 1;
            }
            INS_CLOSE => {
                flush(&mut out, &mut cur, ins, del);
                ins -= 1;
            }
            DEL_OPEN => {
                flush(&mut out, &mut cur, ins, del);
                del += 1;
            }
            DEL_CLOSE => {
                flush(&mut out, &mut cur, ins, del);
                del -= 1;
            }
            '[' if brackets => {
                flush(&mut out, &mut cur, ins, del);
                del += 1;
            }
            ']' if brackets => {
                flush(&mut out, &mut cur, ins, del);
                del -= 1;
            }
            _ => cur.push(c),
        }
        if ins < 0 || del < 0 {
            return Err("a closing mark without its opening one".into());
        }
    }
    flush(&mut out, &mut cur, ins, del);
    if ins != 0 || del != 0 {
        return Err("an insertion or deletion is never closed".into());
    }
    Ok(out)
}

/// Words that, in capitals and standing alone among lowercase words, are still new matter.
const FUNCTION_WORDS: &[&str] = &[
    "AND", "OR", "THE", "OF", "TO", "A", "AN", "IN", "ON", "BY", "FOR", "NOT", "ANY", "ALL", "MAY", "SHALL", "MUST",
    "NO",
];

/// New York style: `[brackets]` deleted; runs of words in capitals inserted. A lone
/// capitalized word of up to four letters among lowercase words (an acronym such as
/// `DNA`) is unmarked text.
fn caps_spans(s: &str) -> Result<Vec<(Mark, String)>, String> {
    // First split out the brackets.
    let mut pieces: Vec<(bool, String)> = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '[' => {
                if depth == 0 && !cur.is_empty() {
                    pieces.push((false, std::mem::take(&mut cur)));
                }
                depth += 1;
                if depth > 1 {
                    cur.push(c);
                }
            }
            ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    pieces.push((true, std::mem::take(&mut cur)));
                } else {
                    cur.push(c);
                }
            }
            _ => cur.push(c),
        }
    }
    if depth != 0 {
        return Err("a `[` is never closed".into());
    }
    if !cur.is_empty() {
        pieces.push((false, cur));
    }
    let mut out = Vec::new();
    let mut prev_deleted_enumerator = false;
    // The last character of unmarked text so far (deletions skipped).
    let mut last_kept: Option<char> = None;
    for (deleted, text) in pieces {
        if deleted {
            prev_deleted_enumerator = ENDS_WITH_ENUM.is_match(text.trim_end());
            out.push((Mark::Deleted, text));
            continue;
        }
        // "[6.] 5.": digits cannot be capitalized, so the number after a deleted number
        // is the new one.
        let mut rest = text.as_str();
        if prev_deleted_enumerator {
            if let Some(m) = STARTS_WITH_ENUM.find(rest) {
                let lead = rest.len() - rest.trim_start().len();
                out.push((Mark::Same, rest[..lead].to_string()));
                out.push((Mark::Inserted, rest[lead..m.end()].to_string()));
                rest = &rest[m.end()..];
            }
        }
        let after_deletion = prev_deleted_enumerator || out.last().is_some_and(|(m, _)| *m == Mark::Deleted);
        prev_deleted_enumerator = false;
        let spans = caps_in(rest, after_deletion, last_kept);
        for (m, t) in &spans {
            if *m == Mark::Same {
                if let Some(c) = t.trim_end().chars().next_back() {
                    last_kept = Some(c);
                }
            }
        }
        out.extend(spans);
    }
    Ok(out)
}

/// A subdivision number or enumerator ending a deleted span: `7.`, `(k)`.
static ENDS_WITH_ENUM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)(?:[0-9]{1,3}[a-z]?\.|\([0-9a-z]{1,4}\))$").unwrap());
/// The same at the start of the text that follows: `6.`, `(j)`.
static STARTS_WITH_ENUM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:[0-9]{1,3}[a-z]?\.|\([0-9a-z]{1,4}\))").unwrap());

/// Splits unbracketed text into unmarked and capitalized (inserted) runs. With
/// `after_deletion`, a capitalized first word replaces the deleted text ("[where] WHEN")
/// and is new matter however short.
fn caps_in(text: &str, after_deletion: bool, kept_before: Option<char>) -> Vec<(Mark, String)> {
    static WORD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\(?[A-Za-z][A-Za-z'’-]*\)?|\d+(?:[.:-]\d+)*[A-Za-z]?").unwrap());
    let words: Vec<(usize, usize, &str)> = WORD.find_iter(text).map(|m| (m.start(), m.end(), m.as_str())).collect();
    let is_caps = |w: &str| {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        !letters.is_empty() && letters.iter().all(|c| c.is_uppercase())
    };
    let letters = |w: &str| w.chars().filter(|c| c.is_alphabetic()).count();
    let n = words.len();
    let mut ins = vec![false; n];
    for i in 0..n {
        let w = words[i].2;
        if !is_caps(w) {
            continue;
        }
        let prev_caps = i > 0 && is_caps(words[i - 1].2) && letters(words[i - 1].2) > 1;
        let next_caps = i + 1 < n && is_caps(words[i + 1].2) && letters(words[i + 1].2) > 1;
        let bare = w.trim_matches(['(', ')']);
        let single_letter = letters(w) == 1;
        ins[i] = if prev_caps || next_caps {
            true
        } else if single_letter {
            // "A person", "I": ordinary capitals; "(H)" as an enumerator is new.
            w.starts_with('(')
        } else {
            letters(w) > 4 || FUNCTION_WORDS.contains(&bare) || w.starts_with('(') || w.contains('\'')
        };
    }
    if after_deletion && n > 0 && is_caps(words[0].2) && text[..words[0].0].trim().is_empty() && letters(words[0].2) > 1
    {
        ins[0] = true;
    }
    // Numbers between inserted words belong to the insertion.
    for i in 1..n.saturating_sub(1) {
        if !ins[i] && words[i].2.starts_with(|c: char| c.is_ascii_digit()) && ins[i - 1] && ins[i + 1] {
            ins[i] = true;
        }
    }
    let mut out: Vec<(Mark, String)> = Vec::new();
    let mut pos = 0;
    let mut i = 0;
    while i < n {
        if !ins[i] {
            i += 1;
            continue;
        }
        let start = words[i].0;
        let mut j = i;
        while j + 1 < n && ins[j + 1] && text[words[j].1..words[j + 1].0].chars().all(|c| !c.is_alphanumeric()) {
            j += 1;
        }
        // Punctuation cannot be capitalized, so it is usually shared by both versions; but
        // a period closing a run that opens a new sentence or clause (the unmarked text
        // before it ends with `.`, `;` or `:`) is the new sentence's own.
        let mut end = words[j].1;
        let before = text[..start].trim_end().chars().next_back().or(kept_before);
        if text[end..].starts_with('.') && before.is_none_or(|c| matches!(c, '.' | ';' | ':')) {
            end += 1;
        }
        if start > pos {
            out.push((Mark::Same, text[pos..start].to_string()));
        }
        out.push((Mark::Inserted, text[start..end].to_string()));
        pos = end;
        i = j + 1;
    }
    if pos < text.len() {
        out.push((Mark::Same, text[pos..].to_string()));
    }
    out
}

/// The text of one version: unmarked spans plus those marked `keep`; spacing tidied where
/// a removed span leaves two spaces or a space before punctuation.
fn assemble(spans: &[(Mark, String)], keep: Mark) -> String {
    let mut s = String::new();
    for (m, t) in spans {
        if *m == Mark::Same || *m == keep {
            s.push_str(t);
        }
    }
    static DOUBLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[ \t]{2,}").unwrap());
    static BEFORE_PUNCT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r" +([,.;:])").unwrap());
    static REPEATED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"([.;,])(\s*[;,])+").unwrap());
    static WRAPPED_PUNCT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s*\n\s*([,;:])").unwrap());
    static LINE_SPACES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^[ \t]+|[ \t]+$").unwrap());
    let s = DOUBLE.replace_all(&s, " ");
    let s = BEFORE_PUNCT.replace_all(&s, "$1");
    let s = REPEATED.replace_all(&s, "$1");
    let s = WRAPPED_PUNCT.replace_all(&s, "$1");
    let s = LINE_SPACES.replace_all(&s, "");
    s.trim().to_string()
}

/// Turns HTML into lines of text, insertions and deletions kept as marker characters.
fn html_to_text(html: &str) -> (String, Vec<usize>) {
    static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?is)<(/?)([a-z0-9]+)[^>]*>|<!--.*?-->").unwrap());
    static HEAD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?is)<(script|style|head)\b.*?</(script|style|head)>").unwrap());
    static TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?is)<title>(.*?)</title>").unwrap());
    // The 1-based line of a byte offset of the HTML, counted forward as the scan moves on.
    let mut counted = (0usize, 1usize);
    let mut line_at = |pos: usize| {
        if pos < counted.0 {
            counted = (0, 1);
        }
        counted.1 += memchr::memchr_iter(b'\n', &html.as_bytes()[counted.0..pos]).count();
        counted.0 = pos;
        counted.1
    };
    let one_line_text = |s: &str| decode_entities(s).replace(['\n', '\r'], " ");
    let mut out = String::new();
    let mut line_of = Vec::new();
    if let Some(c) = TITLE.captures(html) {
        out.push_str(&format!("# {}\n", one_line_text(c[1].trim())));
        line_of.push(line_at(c.get(0).map_or(0, |m| m.start())));
    }
    let skipped: Vec<std::ops::Range<usize>> = HEAD.find_iter(html).map(|m| m.range()).collect();
    let mut next_skip = skipped.iter().peekable();
    let mut pos = 0;
    if line_of.is_empty() {
        line_of.push(1);
    }
    for m in TAG.captures_iter(html) {
        let whole = m.get(0).unwrap();
        if whole.start() < pos {
            continue;
        }
        // A head, script or style block is dropped whole (it may also have begun inside
        // a comment already passed over).
        while next_skip.peek().is_some_and(|r| r.end <= pos) {
            next_skip.next();
        }
        if let Some(skip) = next_skip.next_if(|r| r.start <= whole.start()) {
            out.push_str(&one_line_text(&html[pos..skip.start.max(pos)]));
            pos = skip.end.max(pos);
            if whole.start() < pos {
                continue;
            }
        }
        out.push_str(&one_line_text(&html[pos..whole.start()]));
        pos = whole.end();
        let (Some(close), Some(name)) = (m.get(1), m.get(2)) else { continue };
        let closing = !close.as_str().is_empty();
        match name.as_str().to_ascii_lowercase().as_str() {
            "u" | "ins" => out.push(if closing { INS_CLOSE } else { INS_OPEN }),
            "del" | "s" | "strike" => out.push(if closing { DEL_CLOSE } else { DEL_OPEN }),
            "p" | "div" | "br" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "table" => {
                out.push('\n');
                line_of.push(line_at(whole.end()));
            }
            _ => {}
        }
    }
    if pos < html.len() {
        out.push_str(&one_line_text(&html[pos..]));
    }
    (out, line_of)
}

static ENTITY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);").unwrap());

/// The character a numeric entity (`#8217`, `#x2019`) stands for, as a browser reads it:
/// the codes 128–159 are the Windows-1252 characters that Word-made HTML means by them.
fn numeric_entity(e: &str) -> Option<char> {
    let code = if let Some(h) = e.strip_prefix("#x").or_else(|| e.strip_prefix("#X")) {
        u32::from_str_radix(h, 16).ok()?
    } else {
        e.strip_prefix('#')?.parse().ok()?
    };
    const CP1252: [u32; 32] = [
        0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d,
        0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
        0x0153, 0x9d, 0x017e, 0x0178,
    ];
    let code = if (0x80..0xa0).contains(&code) { CP1252[(code - 0x80) as usize] } else { code };
    char::from_u32(code)
}

/// Whether a character may stand in a bill's text: not NUL or another control (line
/// breaks and tabs aside), not a private-use character (the bill reader marks insertions
/// and deletions with those), not a noncharacter.
fn can_appear_in_text(c: char) -> bool {
    let u = c as u32;
    let control = (u < 0x20 && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')) || (0x7f..0xa0).contains(&u);
    let private = (0xe000..=0xf8ff).contains(&u) || u >= 0xf0000;
    let nonchar = (0xfdd0..=0xfdef).contains(&u) || (u & 0xfffe) == 0xfffe;
    !(control || private || nonchar)
}

/// Refuses a bill whose text holds, or whose entities decode to, a character that cannot
/// appear in text (NUL, private-use characters: `&#xE002;` would otherwise read as the
/// start of a deletion), naming the place.
pub fn check(src: &crate::text::Source) -> crate::error::Result<()> {
    let at = |offset: usize, what: String| {
        let (line, column) = src.line_col(offset);
        crate::error::Error::at(&src.name, line, column, what)
    };
    if let Some((i, c)) =
        src.text.char_indices().find(|&(_, c)| (0xe000..=0xf8ff).contains(&(c as u32)) || (c as u32) >= 0xf0000)
    {
        return Err(at(i, format!("private-use character U+{:04X} in the bill; it cannot be bill text", c as u32)));
    }
    for m in ENTITY.captures_iter(&src.text) {
        let e = &m[1];
        if !e.starts_with('#') {
            continue;
        }
        let whole = m.get(0).map_or(0, |w| w.start());
        match numeric_entity(e) {
            Some(c) if can_appear_in_text(c) => {}
            Some(c) => {
                return Err(at(
                    whole,
                    format!("entity `&{e};` stands for U+{:04X}, which cannot appear in bill text", c as u32),
                ))
            }
            None => return Err(at(whole, format!("entity `&{e};` stands for no character"))),
        }
    }
    Ok(())
}

fn decode_entities(s: &str) -> String {
    ENTITY
        .replace_all(s, |c: &regex::Captures| {
            let e = &c[1];
            let ch = if e.starts_with('#') {
                numeric_entity(e).filter(|&ch| can_appear_in_text(ch))
            } else {
                match e {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    "sect" => Some('§'),
                    "rsquo" => Some('’'),
                    "lsquo" => Some('‘'),
                    "rdquo" => Some('”'),
                    "ldquo" => Some('“'),
                    "mdash" => Some('—'),
                    "ndash" => Some('–'),
                    "hellip" => Some('…'),
                    _ => None,
                }
            };
            ch.map_or_else(|| c[0].to_string(), |ch| ch.to_string())
        })
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_sections_and_notes_name_the_bill_files_lines() {
        // Lines of the HTML file, not of the text it converts to: a multi-line head, a
        // title, several block tags on one line, and an entity for a line break.
        let html = "<html>\n<head>\n<title>An Act</title>\n<style>p { }\n</style>\n</head>\n<body><p>AN ACT.</p><p>Be it enacted:</p>\n<p>x&#10;y</p>\n<p>Sec. 7. Section 5-1 of the general statutes is repealed and the following is substituted in lieu thereof:</p>\n<p>The court [shall] <u>may</u> act.</p>\n\n<p>Sec. 8. Section 5-2 of the general statutes is amended to read as follows:</p><p>The [open <u>x</u> act.</p>\n</body></html>\n";
        let b = parse("b.html", html);
        assert_eq!(b.sections.len(), 1, "{:?}", b.notes);
        assert_eq!((b.sections[0].label.as_str(), b.sections[0].line), ("Sec. 7", 9));
        assert_eq!(b.sections[0].after, "The court may act.");
        assert!(
            b.notes.iter().any(|n| n.starts_with("b.html: Sec. 8 (line 12): could not read the markup")),
            "{:?}",
            b.notes
        );
    }

    #[test]
    fn plain_markers() {
        let b = parse("b.txt", "Sec. 1. Section 5-1 of the general statutes is repealed and the following is substituted in lieu thereof:\nThe court [-shall-]{+may+} act.");
        assert_eq!(b.style, Style::Plain);
        assert_eq!(b.sections[0].citation.as_deref(), Some("5-1"));
        assert_eq!(b.sections[0].before, "The court shall act.");
        assert_eq!(b.sections[0].after, "The court may act.");
    }

    #[test]
    fn connecticut_html() {
        let html = "<p>Sec. 7. Section 54-95c of the general statutes is repealed and the following is substituted in lieu thereof (<i>Effective October 1, 2021</i>):</p><p><u>(a)</u> At any time after [a judgment &sect; 53a-82] <u>a court enters a judgment</u>, the defendant&#8217;s claim.</p><p><u>(b) Notice.</u></p>";
        let b = parse("b.html", html);
        assert_eq!(b.style, Style::BracketsUnderline);
        let s = &b.sections[0];
        assert_eq!(s.before, "At any time after a judgment § 53a-82, the defendant’s claim.");
        assert_eq!(s.after, "(a) At any time after a court enters a judgment, the defendant’s claim.\n(b) Notice.");
    }

    #[test]
    fn new_york_capitals_and_brackets() {
        let text = "  § 2. Paragraph (i) of subdivision 1 of section 440.10 of the criminal\n procedure law is amended to read as follows:\n  (i) The judgment where the [defend-\n ant's] APPLICANT'S forensic DNA test [where] WHEN; [and]\n  (iii) courts; AND\n  (IV) THE GRANTING OF A MOTION SHALL BE DETER-\n MINED BY THE COURT; or\n  EXPLANATION--Matter in ITALICS (underscored) is new; matter in brackets\n  [ ] is old law to be omitted.\n  LBD08744-01-3\n S. 4756  2\n  § 3. This act shall take effect immediately.";
        let b = parse("ny.txt", text);
        assert_eq!(b.style, Style::CapitalsBrackets);
        assert_eq!(b.sections.len(), 1);
        let s = &b.sections[0];
        assert_eq!(s.citation.as_deref(), Some("440.10"));
        assert_eq!(s.target.as_deref(), Some("(1)(i)"));
        assert_eq!(s.before, "(i) The judgment where the defendant's forensic DNA test where; and\n(iii) courts; or");
        assert_eq!(s.after, "(i) The judgment where the APPLICANT'S forensic DNA test WHEN;\n(iii) courts; AND\n(IV) THE GRANTING OF A MOTION SHALL BE DETERMINED BY THE COURT; or");
        // The caps word replacing a deletion is new however short; the acronym DNA is not.
        assert!(s.before.contains("forensic DNA test where;"));
    }

    #[test]
    fn punctuation_next_to_new_matter() {
        let text = "§ 2. Section 440.10 of the criminal procedure law is amended to read as follows:\n(k) The people may rebut[.]; OR\n(L) ANY OFFENSE UNDER SECTION 440.20 OF THIS ARTICLE.\n(m) The validity of the conviction. IN SUCH CASE, THE COURT SHALL ACT.\n(n) this paragraph [and of this subdivision] THAT RESULTED IN CONSEQUENCES. There shall be a [defendant]\n APPLICANT, by reason";
        let s = &parse("ny.txt", text).sections[0];
        assert_eq!(s.before, "(k) The people may rebut.\n(m) The validity of the conviction.\n(n) this paragraph and of this subdivision. There shall be a defendant, by reason");
        assert_eq!(s.after, "(k) The people may rebut; OR\n(L) ANY OFFENSE UNDER SECTION 440.20 OF THIS ARTICLE.\n(m) The validity of the conviction. IN SUCH CASE, THE COURT SHALL ACT.\n(n) this paragraph THAT RESULTED IN CONSEQUENCES. There shall be a\nAPPLICANT, by reason");
    }

    #[test]
    fn renumbered_subdivisions() {
        let text = "§ 2. Section 440.10 of the criminal procedure law is amended to read as follows:\n[4.] 3. If the court grants [it.\n 7.] 6. Upon a new trial.";
        let s = &parse("ny.txt", text).sections[0];
        assert_eq!(s.before, "4. If the court grants it.\n7. Upon a new trial.");
        assert_eq!(s.after, "3. If the court grants 6. Upon a new trial.");
    }

    #[test]
    fn unreadable_markup_is_reported() {
        let b = parse("b.txt", "Sec. 1. Section 5-1 of the general statutes is repealed and the following is substituted in lieu thereof:\nThe court [-shall act.{+x+}");
        assert!(b.sections.is_empty());
        assert!(
            b.notes[0].contains("Sec. 1 (line 2): could not read the markup: `[-` is never closed"),
            "{:?}",
            b.notes
        );
        // At the bracket itself: line 2, column 11.
        assert_eq!((b.unreadable[0].0, b.unreadable[0].1), (2, 11));
    }

    #[test]
    fn every_clause_example_is_read_as_its_form() {
        let raw: RawForms = toml::from_str(CLAUSE_FORMS).unwrap();
        for f in &raw.form {
            assert!(!f.example.is_empty(), "{}: no example", f.name);
            for e in &f.example {
                let (_, _, name) = find_clause(&e.text).unwrap_or_else(|| panic!("{}: {:?} not read", f.name, e.text));
                assert_eq!(name, f.name, "{:?}", e.text);
                assert!(!e.source.is_empty());
            }
        }
        // Each form begins with the gate's words, so a text the gate refuses holds no clause.
        for f in &raw.form {
            let rest = f.pattern.strip_prefix("(?:is|are) (?:hereby )?").unwrap_or_else(|| panic!("{}", f.name));
            let first: Vec<&str> = match rest.strip_prefix("(?:") {
                Some(group) => group.split(')').next().unwrap().split('|').collect(),
                None => vec![rest.split(' ').next().unwrap()],
            };
            for word in first {
                assert!(
                    GATE.is_match(&format!("is {word}")),
                    "{}: begins with {word:?}, which the gate refuses",
                    f.name
                );
            }
        }
        // The clause ends where the statute text begins, wrapped and hyphenated lines too.
        let block =
            "§ 1. Section 440.10 of the criminal procedure law is amended to read as fol-\n  lows:\n1. At any time";
        let (end, kind, _) = find_clause(block).unwrap();
        assert_eq!(kind, ClauseKind::Restate);
        assert_eq!(&block[end..], "\n1. At any time");
    }

    #[test]
    fn sniffing() {
        // A clause at the start of a bill section, wrapped across lines.
        assert!(looks_like_bill("AN ACT to amend the criminal procedure law\n§ 2. Paragraph (i) of subdivision 1 of section 440.10 of the criminal\nprocedure law is amended to read as\nfollows:\n(i) The judgment"));
        assert!(looks_like_bill("Section 1. Section 76-5-311 is enacted to read:\n76-5-311. Vacatur."));
        // The same words in a statute's history note are not a bill.
        assert!(!looks_like_bill("§ 47-1812.08. Rates.\n(a) The tax.\n  [History] Section 2 of D.C. Law 5-1 provided that § 47-1 is amended to read as follows: x"));
        assert!(looks_like_bill("The court [-shall-]{+may+} act."));
        assert!(looks_like_bill("<p>text <u>new</u></p>"));
        assert!(!looks_like_bill("(a) A person convicted of prostitution [sic] may apply."));
    }
}
