//! A tokenizer for legal text: enumerator chains (`(a)(1)`), section citations
//! (`§ 53a-82`, `section 54-102uu` keeps its number whole), numbers with dots and
//! hyphens (`22-1844.01`), words with apostrophes, single punctuation, and whitespace
//! runs. Concatenating the tokens gives back the text, so a redline can show the original
//! spelling of every piece.

use std::ops::Range;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Space,
    Word,
    Number,
    Enumerator,
    Citation,
    Punct,
}

/// A token: its byte range in the tokenized text and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    pub kind: Kind,
}

/// Splits `s` into tokens covering it exactly.
pub fn tokenize(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    each(s, |t| out.push(t));
    out
}

/// Calls `f` with each token of `s`, in order (no list of them is built).
pub fn each(s: &str, mut f: impl FnMut(Token)) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        // ASCII fast paths: a run of letters, a run of spaces.
        if b[i].is_ascii_alphabetic() {
            let mut j = i + 1;
            while j < b.len() && b[j].is_ascii_alphabetic() {
                j += 1;
            }
            // Stop short of anything the general rule must decide (apostrophes, hyphens,
            // non-ASCII letters, digits).
            if j == b.len() || (b[j] < 0x80 && !b[j].is_ascii_alphanumeric() && b[j] != b'\'' && b[j] != b'-') {
                f(Token { range: start..j, kind: Kind::Word });
                i = j;
                continue;
            }
        } else if b[i] == b' ' {
            let mut j = i + 1;
            while j < b.len() && matches!(b[j], b' ' | b'\n' | b'\t' | b'\r') {
                j += 1;
            }
            if j == b.len() || b[j] < 0x80 {
                f(Token { range: start..j, kind: Kind::Space });
                i = j;
                continue;
            }
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        let kind = if c.is_whitespace() {
            i += c.len_utf8();
            while let Some(n) = s[i..].chars().next().filter(|n| n.is_whitespace()) {
                i += n.len_utf8();
            }
            Kind::Space
        } else if c == '(' && enumerator_len(&s[i..]) > 0 {
            while enumerator_len(&s[i..]) > 0 {
                i += enumerator_len(&s[i..]);
            }
            Kind::Enumerator
        } else if c == '§' {
            i += c.len_utf8();
            while i < b.len() && (b[i] == b' ' || s[i..].starts_with('§')) {
                i += if b[i] == b' ' { 1 } else { '§'.len_utf8() };
            }
            i += number_len(&s[i..]);
            // A bare `§` followed by a word keeps only the sign.
            if s[start..i].trim_end().len() < s[start..i].len()
                && number_len(s[start..].trim_start_matches(['§', ' '])) == 0
            {
                i = start + '§'.len_utf8();
            }
            Kind::Citation
        } else if c.is_ascii_digit() {
            i += number_len(&s[i..]).max(1);
            Kind::Number
        } else if c.is_alphanumeric() {
            i += c.len_utf8();
            while let Some(n) = s[i..].chars().next() {
                let joins = (n == '\'' || n == '-') && s[i + 1..].chars().next().is_some_and(char::is_alphanumeric);
                if n.is_alphanumeric() || joins {
                    i += n.len_utf8();
                } else {
                    break;
                }
            }
            Kind::Word
        } else {
            i += c.len_utf8();
            Kind::Punct
        };
        f(Token { range: start..i, kind });
    }
}

/// Length of an enumerator like `(a)`, `(iv)`, `(4A)` at the start of `s`, or 0.
fn enumerator_len(s: &str) -> usize {
    let b = s.as_bytes();
    if b.first() != Some(&b'(') {
        return 0;
    }
    let inner = b[1..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'-').count();
    if (1..=5).contains(&inner) && b.get(1 + inner) == Some(&b')') {
        inner + 2
    } else {
        0
    }
}

/// Length of a number like `53a-82`, `22-1844.01`, `431.076` at the start of `s`.
fn number_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let joins = matches!(b[i], b'-' | b'.' | b':') && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) && i > 0;
        if b[i].is_ascii_alphanumeric() || joins {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// The key two tokens are compared by: every whitespace run is equal to every other.
pub fn key<'a>(text: &'a str, t: &Token) -> &'a str {
    if t.kind == Kind::Space {
        " "
    } else {
        &text[t.range.clone()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| &s[t.range.clone()]).collect()
    }

    #[test]
    fn keeps_enumerators_and_citations_whole() {
        assert_eq!(toks("(a)(1) under § 53a-82, or"), ["(a)(1)", " ", "under", " ", "§ 53a-82", ",", " ", "or"]);
        assert_eq!(toks("section 22-1844.01."), ["section", " ", "22-1844.01", "."]);
        assert_eq!(toks("defendant's claim"), ["defendant's", " ", "claim"]);
        assert_eq!(toks("(prostitution)"), ["(", "prostitution", ")"]);
    }

    #[test]
    fn tokens_cover_the_text() {
        for s in ["§§ 22-1844 to 22-1847", "a  b\n(c)", "", "§ x", "é—x", "(4A) 5-"] {
            let joined: String = toks(s).concat();
            assert_eq!(joined, s);
        }
    }
}
