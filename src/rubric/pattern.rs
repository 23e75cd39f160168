//! Rule patterns: regular expressions written for legal prose.
//!
//! A pattern is a regular expression ([`regex_syntax`] syntax) with three conveniences:
//! - matching ignores case (the text is matched in ASCII lowercase with every line
//!   break turned into a space, which keeps every byte offset); a pattern that starts
//!   with `(?-i)` is matched case-sensitively against the text as it is;
//! - a space matches any run of whitespace, line breaks included, so `clear and
//!   convincing evidence` finds the phrase however the text is wrapped (spaces inside a
//!   character class and escaped spaces keep their usual meaning);
//! - `\w`, `\s`, `\d` and `\b` are ASCII classes: statute text is normalized (quotes,
//!   dashes and spaces have ASCII spellings).
//!
//! Patterns are checked when a rubric file loads (so errors name the file, line and
//! column) and compiled on first use. Most of a rubric's patterns cannot match a given
//! statute: each pattern's required prefixes (`duress`, `presum`, …) go into one
//! [`LiteralIndex`] for the whole rubric (precomputed at build time for built-in
//! rubrics), one scan of a document finds where they occur, and a pattern is only
//! compiled and run where one of its prefixes occurs.

use std::ops::Range;
use std::sync::{Mutex, OnceLock};

use aho_corasick::AhoCorasick;
use regex_automata::hybrid;
use regex_automata::nfa::thompson::{self, backtrack, pikevm};
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, PatternID};

pub use crate::rubric::translate::{match_text, prefixes_of, split_case, translate};

/// A compiled pattern: two engines over one NFA (a bounded backtracker, fastest on the
/// short texts of sentences, and a PikeVM for texts too long for it), their scratch space,
/// and the index of the `quote` group; for long texts, a lazy DFA that finds where each
/// match lies, built on first need.
struct Compiled {
    bt: backtrack::BoundedBacktracker,
    vm: pikevm::PikeVM,
    caches: Mutex<(backtrack::Cache, pikevm::Cache)>,
    quote: Option<usize>,
    /// The longest a match can be, in bytes (`None`: unbounded): an anchored search needs
    /// to read no further, which keeps each search in proportion to its match.
    max_len: Option<usize>,
    /// The pattern as translated, for building the DFA.
    translated: String,
    dfa: OnceLock<Option<(hybrid::regex::Regex, Mutex<hybrid::regex::Cache>)>>,
}

/// How much memory each lazy DFA may use for its states before it starts over (a DFA
/// that starts over too often gives up, and the PikeVM answers instead).
const DFA_CACHE_BYTES: usize = 1 << 20;

impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Compiled")
    }
}

impl Compiled {
    /// Runs one search, with the backtracker when the span is short. The backtracker
    /// first clears scratch space in proportion to the whole span, so a search over a
    /// long span, repeated after each match, would clear it again each time; the PikeVM
    /// reads the span once.
    ///
    /// The work counted is what each engine reads: the backtracker's whole span (it
    /// clears scratch space for all of it), the PikeVM's span up to the match's end.
    fn search(&self, input: &Input<'_>, caps: &mut regex_automata::util::captures::Captures) {
        let span = input.get_span();
        let mut caches = self.caches.lock().unwrap_or_else(|e| e.into_inner());
        let (bt_cache, vm_cache) = &mut *caches;
        if span.len() <= self.bt.max_haystack_len().min(BACKTRACK_SPAN)
            && self.bt.try_search(bt_cache, input, caps).is_ok()
        {
            crate::work::add(crate::work::Counter::PatternBytes, span.len());
            return;
        }
        self.vm.search(vm_cache, input, caps);
        let read = caps.get_match().map_or(span.end, |m| m.end()) - span.start;
        crate::work::add(crate::work::Counter::PatternBytes, read);
    }

    /// Where the leftmost match in a long span lies, from the lazy DFA (`None` inside:
    /// no match); `None` when the DFA cannot answer.
    ///
    /// The work counted is what the two DFAs read: forward to the match's end, and back
    /// to its start (the whole span when there is no match).
    fn locate(&self, input: &Input<'_>) -> Option<Option<Range<usize>>> {
        let span = input.get_span();
        let (re, cache) = self
            .dfa
            .get_or_init(|| {
                let re = hybrid::regex::Builder::new()
                    .syntax(syntax_config())
                    .thompson(thompson::Config::new().nfa_size_limit(Some(1 << 24)))
                    .dfa(hybrid::dfa::Config::new().cache_capacity(DFA_CACHE_BYTES))
                    .build(&self.translated)
                    .ok()?;
                let cache = Mutex::new(re.create_cache());
                Some((re, cache))
            })
            .as_ref()?;
        let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
        let found = re.try_search(&mut cache, input).ok().map(|m| m.map(|m| m.range()));
        let read = match &found {
            Some(Some(m)) => (m.end - span.start) + m.len(),
            _ => span.len(),
        };
        crate::work::add(crate::work::Counter::PatternBytes, read);
        found
    }
}

/// The longest span, in bytes, searched with the backtracker.
const BACKTRACK_SPAN: usize = 4096;

/// Spans longer than this are searched with the lazy DFA first (building it costs more
/// than a PikeVM pass over a shorter span).
const DFA_SPAN: usize = 64 * 1024;

/// A checked rule pattern, compiled on first use.
#[derive(Debug)]
pub struct Pattern {
    /// The pattern as written in the rubric.
    pub source: String,
    translated: String,
    case_sensitive: bool,
    /// Index among the rubric's patterns (for the literal prefilter).
    pub id: usize,
    compiled: OnceLock<Option<Compiled>>,
}

impl Clone for Pattern {
    fn clone(&self) -> Self {
        Pattern {
            source: self.source.clone(),
            translated: self.translated.clone(),
            case_sensitive: self.case_sensitive,
            id: self.id,
            compiled: OnceLock::new(),
        }
    }
}

/// A text to match, in its normalized spelling and as [`match_text`] (same offsets).
#[derive(Debug, Clone, Copy)]
pub struct Hay<'a> {
    pub text: &'a str,
    pub lower: &'a str,
}

fn syntax_config() -> syntax::Config {
    syntax::Config::new().unicode(false).utf8(false)
}

impl Pattern {
    /// Checks and translates a pattern; the error is the parser's message.
    pub fn new(source: &str, id: usize) -> Result<Pattern, String> {
        let p = Pattern::unchecked(source, id)?;
        syntax::parse_with(&p.translated, &syntax_config()).map_err(|e| match e {
            regex_syntax::Error::Parse(p) => p.kind().to_string(),
            regex_syntax::Error::Translate(t) => t.kind().to_string(),
            other => other.to_string(),
        })?;
        Ok(p)
    }

    /// Translates a pattern without parsing it (built-in rubrics, whose patterns the
    /// test suite compiles).
    pub fn unchecked(source: &str, id: usize) -> Result<Pattern, String> {
        let (case_sensitive, body) = split_case(source);
        let translated = translate(body, !case_sensitive)?;
        Ok(Pattern { source: source.to_string(), translated, case_sensitive, id, compiled: OnceLock::new() })
    }

    /// Literals one of which every match must start with, in the match text's spelling;
    /// `None` when the pattern cannot be prefiltered.
    pub fn prefixes(&self) -> Option<Vec<Vec<u8>>> {
        if self.case_sensitive {
            None
        } else {
            prefixes_of(&self.translated)
        }
    }

    fn compiled(&self) -> Option<&Compiled> {
        self.compiled
            .get_or_init(|| {
                // Only a `quote` group is ever read; other groups need no capture states.
                let captures = if self.translated.contains("(?P<quote>") || self.translated.contains("(?<quote>") {
                    thompson::WhichCaptures::All
                } else {
                    thompson::WhichCaptures::Implicit
                };
                // One parse serves the NFA and the longest-match bound.
                let hir = syntax::parse_with(&self.translated, &syntax_config()).ok()?;
                let max_len = hir.properties().maximum_len();
                let nfa = thompson::Compiler::new()
                    .configure(thompson::Config::new().nfa_size_limit(Some(1 << 24)).which_captures(captures))
                    .build_from_hir(&hir)
                    .ok()?;
                let bt = backtrack::BoundedBacktracker::new_from_nfa(nfa.clone()).ok()?;
                let vm = pikevm::PikeVM::new_from_nfa(nfa).ok()?;
                let caches = Mutex::new((bt.create_cache(), vm.create_cache()));
                let quote = vm.get_nfa().group_info().to_index(PatternID::ZERO, "quote");
                Some(Compiled {
                    bt,
                    vm,
                    caches,
                    quote,
                    max_len,
                    translated: self.translated.clone(),
                    dfa: OnceLock::new(),
                })
            })
            .as_ref()
    }

    /// Compiles now (for `rubric check` and tests), reporting a size-limit error.
    pub fn compile_now(&self) -> Result<(), String> {
        self.compiled().map(|_| ()).ok_or_else(|| format!("pattern `{}` is too large to compile", self.source))
    }

    /// Whether the pattern matches in `hay`. `starts`, when given, are the only offsets
    /// (of `hay`, ascending) where a match can start: the occurrences of the pattern's
    /// prefixes, each tried with an anchored search instead of scanning the text.
    pub fn is_match(&self, hay: Hay<'_>, starts: Option<&[usize]>) -> bool {
        !self.find_iter_limited(hay, starts, 1).is_empty()
    }

    /// Every match (leftmost-first, not overlapping), as byte ranges of `hay`: the named
    /// group `quote` when the pattern has one and it took part, else the whole match.
    /// Ranges are widened to whole characters. `starts` as for [`Pattern::is_match`].
    pub fn find_iter(&self, hay: Hay<'_>, starts: Option<&[usize]>) -> Vec<Range<usize>> {
        self.find_iter_limited(hay, starts, usize::MAX).into_iter().map(|m| m.quote).collect()
    }

    /// Like [`Pattern::find_iter`], with each match's whole range beside its quote.
    pub fn find_matches(&self, hay: Hay<'_>, starts: Option<&[usize]>) -> Vec<Match> {
        self.find_iter_limited(hay, starts, usize::MAX)
    }

    /// The first match that starts at or after byte `from` of `hay` (the text before
    /// `from` still decides `\b` there). `starts` as for [`Pattern::is_match`].
    pub fn first_match_from(&self, hay: Hay<'_>, starts: Option<&[usize]>, from: usize) -> Option<Match> {
        self.find_from(hay, starts, 1, from).into_iter().next()
    }

    fn find_iter_limited(&self, hay: Hay<'_>, starts: Option<&[usize]>, limit: usize) -> Vec<Match> {
        self.find_from(hay, starts, limit, 0)
    }

    fn find_from(&self, hay: Hay<'_>, starts: Option<&[usize]>, limit: usize, from: usize) -> Vec<Match> {
        let Some(c) = self.compiled() else { return Vec::new() };
        let text = if self.case_sensitive { hay.text } else { hay.lower };
        let bytes = text.as_bytes();
        let mut caps = c.vm.create_captures();
        let mut out = Vec::new();
        let record = |caps: &regex_automata::util::captures::Captures, out: &mut Vec<Match>| {
            let Some(whole) = caps.get_match().map(|m| m.span()) else { return };
            let span = c.quote.and_then(|q| caps.get_group(q)).unwrap_or(whole);
            out.push(Match { whole: widen(text, whole.start, whole.end), quote: widen(text, span.start, span.end) });
        };
        // Where a search from the left begins: `from`, or, for a pattern whose matches
        // have no length bound, the first prefix occurrence (one pass over the rest then
        // costs what the text costs; trying each occurrence in turn would read the text
        // once per occurrence).
        let scan_from = match (starts, c.max_len) {
            (None, _) => Some(from),
            (Some(starts), None) => starts.get(starts.partition_point(|&at| at < from)).copied(),
            (Some(_), Some(_)) => None,
        };
        if let Some(mut at) = scan_from {
            while at <= bytes.len() && out.len() < limit {
                let input = Input::new(bytes).range(at..);
                if bytes.len() - at > DFA_SPAN {
                    // A long span: the DFA finds the match, and the capture engines read
                    // only its bytes (the same match, since it ends there).
                    match c.locate(&input) {
                        Some(None) => break,
                        Some(Some(m)) => c.search(&Input::new(bytes).range(m).anchored(Anchored::Yes), &mut caps),
                        None => c.search(&input, &mut caps),
                    }
                } else {
                    c.search(&input, &mut caps);
                }
                let Some(m) = caps.get_match() else { break };
                record(&caps, &mut out);
                at = if m.end() > m.start() { m.end() } else { m.end() + 1 };
            }
        } else if let (Some(starts), Some(max_len)) = (starts, c.max_len) {
            let mut next_free = from;
            let first = starts.partition_point(|&at| at < from);
            for &at in starts[first..].iter().take_while(|&&at| at < bytes.len()) {
                if out.len() >= limit {
                    break;
                }
                if at < next_free {
                    continue;
                }
                // No match is longer than `max_len`; look-around at the span's end still
                // sees the text after it.
                let end = bytes.len().min(at.saturating_add(max_len));
                c.search(&Input::new(bytes).range(at..end).anchored(Anchored::Yes), &mut caps);
                if let Some(m) = caps.get_match() {
                    record(&caps, &mut out);
                    next_free = m.end().max(at + 1);
                }
            }
        }
        out
    }
}

/// A match: its whole range, and the part quoted as evidence (the `quote` group, or the
/// whole match).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub whole: Range<usize>,
    pub quote: Range<usize>,
}

/// One scan of a text for the required prefixes of every pattern of a rubric.
#[derive(Debug, Clone)]
pub struct LiteralIndex {
    ac: Option<AhoCorasick>,
    /// For a handful of literals, one vectorized substring search each beats an
    /// overlapping automaton search (the subject's few words over a whole code volume).
    finders: Vec<memchr::memmem::Finder<'static>>,
    /// For each literal, the patterns that need it.
    owners: Vec<Vec<usize>>,
    /// For each pattern: whether it can be prefiltered.
    filtered: Vec<bool>,
}

impl LiteralIndex {
    /// Builds the index from each pattern's prefixes, by pattern id.
    pub fn new(prefixes: &[Option<Vec<Vec<u8>>>]) -> LiteralIndex {
        let mut filtered = vec![false; prefixes.len()];
        let mut lits: Vec<Vec<u8>> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut index: std::collections::HashMap<Vec<u8>, usize> = std::collections::HashMap::new();
        for (id, set) in prefixes.iter().enumerate() {
            let Some(set) = set else { continue };
            filtered[id] = true;
            for lit in set {
                let k = *index.entry(lit.clone()).or_insert_with(|| {
                    lits.push(lit.clone());
                    owners.push(Vec::new());
                    owners.len() - 1
                });
                owners[k].push(id);
            }
        }
        let ac = (!lits.is_empty()).then(|| AhoCorasick::new(&lits).ok()).flatten();
        if ac.is_none() {
            filtered.iter_mut().for_each(|f| *f = false);
        }
        let finders = if lits.len() <= FEW_LITERALS {
            lits.iter().map(|l| memchr::memmem::Finder::new(l).into_owned()).collect()
        } else {
            Vec::new()
        };
        LiteralIndex { ac, finders, owners, filtered }
    }

    /// Where each pattern's prefixes occur in `lower` (a [`match_text`]): sorted start
    /// offsets, or `None` for a pattern that cannot be prefiltered (it may match anywhere).
    /// Offsets are 32-bit (inputs are far smaller than 4 GiB): the lists hold an entry per
    /// occurrence per pattern, the largest structure scoring builds.
    pub fn occurrences(&self, lower: &str) -> Vec<Option<Vec<u32>>> {
        self.occurrences_in(lower, std::slice::from_ref(&(0..lower.len())))
    }

    /// Like [`LiteralIndex::occurrences`], searching only the given ranges of `lower`
    /// (in order, not overlapping): a literal is found only wholly inside one of them.
    pub fn occurrences_in(&self, lower: &str, ranges: &[Range<usize>]) -> Vec<Option<Vec<u32>>> {
        let mut out: Vec<Option<Vec<u32>>> =
            self.filtered.iter().map(|&f| if f { Some(Vec::new()) } else { None }).collect();
        let mut found = |lit: usize, at: usize| {
            let at = u32::try_from(at).unwrap_or(u32::MAX);
            for &p in &self.owners[lit] {
                if let Some(v) = &mut out[p] {
                    v.push(at);
                }
            }
        };
        if let Some(ac) = &self.ac {
            for r in ranges {
                let Some(hay) = lower.get(r.clone()) else { continue };
                if self.finders.is_empty() {
                    for m in ac.find_overlapping_iter(hay) {
                        found(m.pattern().as_usize(), r.start + m.start());
                    }
                } else {
                    for (lit, f) in self.finders.iter().enumerate() {
                        for at in f.find_iter(hay.as_bytes()) {
                            found(lit, r.start + at);
                        }
                    }
                }
            }
        }
        for v in out.iter_mut().flatten() {
            v.sort_unstable();
            v.dedup();
        }
        out
    }
}

/// Up to this many literals, [`LiteralIndex`] searches each on its own.
const FEW_LITERALS: usize = 8;

/// Widens a byte range to character boundaries.
fn widen(s: &str, mut start: usize, mut end: usize) -> Range<usize> {
    while start > 0 && !s.is_char_boundary(start) {
        start -= 1;
    }
    while end < s.len() && !s.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(p: &str, s: &str) -> Vec<String> {
        let lower = match_text(s);
        let pat = Pattern::new(p, 0).unwrap();
        let hay = Hay { text: s, lower: &lower };
        let scanned: Vec<String> = pat.find_iter(hay, None).into_iter().map(|r| s[r].to_string()).collect();
        // Anchored at every prefix occurrence, the matches are the same.
        if let Some(prefixes) = pat.prefixes() {
            let ac = AhoCorasick::new(&prefixes).unwrap();
            let mut starts: Vec<usize> = ac.find_overlapping_iter(&lower).map(|m| m.start()).collect();
            starts.sort_unstable();
            let anchored: Vec<String> =
                pat.find_iter(hay, Some(&starts)).into_iter().map(|r| s[r].to_string()).collect();
            assert_eq!(anchored, scanned, "{p}");
        }
        scanned
    }

    #[test]
    fn spaces_match_any_whitespace_and_case_is_ignored() {
        assert_eq!(
            find("clear and convincing evidence", "by CLEAR and\n  convincing   evidence"),
            ["CLEAR and\n  convincing   evidence"]
        );
        assert_eq!(translate("[^. ]x", true).unwrap(), "[^. ]x");
        assert_eq!(translate(r"\bX\w[\w-]", true).unwrap(), r"\bx[0-9A-Za-z_][0-9A-Za-z_-]");
        assert_eq!(translate(r"\B", true).unwrap(), r"\B");
        assert_eq!(translate("a b", false).unwrap(), r"a[\t\n\x0B\x0C\r ]+b");
    }

    #[test]
    fn anchored_search_keeps_leftmost_first_matches() {
        assert_eq!(
            find(
                r"\b(?:a result|the result) of (?:\w+ ){0,3}?victim",
                "the result of x victim and a result of being a victim"
            ),
            ["the result of x victim", "a result of being a victim"]
        );
        assert_eq!(
            find(
                r"\bvacat\w* (?:the|any) (?:judgment|conviction)",
                "shall vacate the conviction; may vacate any judgment"
            ),
            ["vacate the conviction", "vacate any judgment"]
        );
    }

    #[test]
    fn case_sensitive_patterns() {
        assert_eq!(find("(?-i)State", "state State"), ["State"]);
    }

    #[test]
    fn quote_group_narrows_the_match_and_non_ascii_literals_work() {
        assert_eq!(find(r"under (?P<quote>§ \d+)", "filed under § 12 now"), ["§ 12"]);
        assert_eq!(find(r"vict", "vict§ vict"), ["vict", "vict"]);
        assert!(Pattern::new("[§]", 0).is_err());
    }

    #[test]
    fn match_text_keeps_offsets() {
        let t = "A § b\nC’";
        let m = match_text(t);
        assert_eq!(m.len(), t.len());
        assert_eq!(m, "a § b c’");
    }

    #[test]
    fn prefixes_and_the_literal_index() {
        let a = Pattern::new(r"\bunder duress\b", 0).unwrap();
        let b = Pattern::new(r"\b(?:vacat\w*|set aside)", 1).unwrap();
        let c = Pattern::new(r"[^.]*x", 2).unwrap();
        assert_eq!(a.prefixes(), Some(vec![b"under ".to_vec()]));
        assert!(c.prefixes().is_none());
        let idx = LiteralIndex::new(&[a.prefixes(), b.prefixes(), c.prefixes()]);
        assert_eq!(idx.occurrences("the court may vacate it"), [Some(vec![]), Some(vec![14]), None]);
        assert_eq!(idx.occurrences("acting under duress")[0], Some(vec![7]));
    }

    #[test]
    fn bad_patterns_report_an_error() {
        let e = Pattern::new("(unclosed", 0).unwrap_err();
        assert!(e.contains("unclosed"), "{e}");
    }
}
