//! Provision enumerators: `(a)`, `(1)`, `(A)`, `(ii)`, `(4A)`, `(g-1)`, `A.`, `1.`.
//!
//! An enumerator's *style* is its kind of sequence (numbers, lowercase letters, …) and its
//! form (parenthesized or dotted). Some tokens have two readings: `(i)` is the letter after
//! `(h)` or the first roman numeral; `(v)` and `(x)` likewise. [`interpretations`] returns
//! every reading; the parser picks one by context.

use std::cmp::Ordering;

/// The kind of sequence an enumerator belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Number,
    Lower,
    Upper,
    LowerRoman,
    UpperRoman,
}

/// How the enumerator is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    /// `(a)`
    Paren,
    /// `a.`
    Dot,
}

/// A sequence style: kind and form together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Style {
    pub kind: Kind,
    pub form: Form,
}

/// Position in a sequence: `(4)` is (4, 0), an inserted `(4A)` is (4, 1), `(3.5)` is (3, 5),
/// `(g-1)` is (7, 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ordinal {
    pub major: u32,
    pub minor: u32,
}

impl Ordinal {
    /// The first position of every sequence.
    pub const FIRST: Ordinal = Ordinal { major: 1, minor: 0 };

    /// Whether `self` can follow `prev` in the same sequence: later, and at most
    /// `max_gap` positions on (repealed provisions leave gaps).
    pub fn follows(self, prev: Ordinal, max_gap: u32) -> bool {
        self.cmp(&prev) == Ordering::Greater && self.major <= prev.major + max_gap
    }
}

/// One reading of an enumerator token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    pub style: Style,
    pub ordinal: Ordinal,
}

/// The readings of one token: at most two (`(i)` is a letter or a roman numeral), kept
/// inline, since a text may hold millions of candidate tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readings {
    items: [Reading; 2],
    len: u8,
}

impl Readings {
    const NONE: Readings = Readings {
        items: [Reading {
            style: Style { kind: Kind::Number, form: Form::Paren },
            ordinal: Ordinal { major: 0, minor: 0 },
        }; 2],
        len: 0,
    };

    fn push(&mut self, r: Reading) {
        if let Some(slot) = self.items.get_mut(usize::from(self.len)) {
            *slot = r;
            self.len += 1;
        }
    }
}

impl<'a> IntoIterator for &'a Readings {
    type Item = &'a Reading;
    type IntoIter = std::slice::Iter<'a, Reading>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl std::ops::Deref for Readings {
    type Target = [Reading];
    fn deref(&self) -> &[Reading] {
        &self.items[..usize::from(self.len)]
    }
}

/// Every reading of the token `value` written in `form` (`value` is the text inside the
/// parentheses or before the dot). Empty when the token is not an enumerator.
pub fn interpretations(value: &str, form: Form) -> Readings {
    let mut out = Readings::NONE;
    let push = |out: &mut Readings, kind, major, minor| {
        out.push(Reading { style: Style { kind, form }, ordinal: Ordinal { major, minor } })
    };
    let bytes = value.as_bytes();
    if bytes.is_empty() || bytes.len() > 6 {
        return out;
    }
    // Numbers, with an optional inserted-letter suffix: 4, 4A, 4a.
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits > 0 {
        let n: u32 = match value[..digits].parse() {
            Ok(n) if n > 0 && n < 1000 => n,
            _ => return out,
        };
        let rest = &value[digits..];
        match rest.len() {
            0 => push(&mut out, Kind::Number, n, 0),
            1 if rest.as_bytes()[0].is_ascii_alphabetic() => {
                push(&mut out, Kind::Number, n, u32::from(rest.as_bytes()[0].to_ascii_uppercase() - b'A' + 1))
            }
            _ => {
                // 4-1, and 3.5 (inserted between (3) and (4)).
                if let Some(m) = rest.strip_prefix(['-', '.']).and_then(|m| m.parse::<u32>().ok()) {
                    push(&mut out, Kind::Number, n, m);
                }
            }
        }
        return out;
    }
    // Letters with an inserted suffix: g-1.
    if let Some((l, m)) = value.split_once('-') {
        if l.len() == 1 && l.as_bytes()[0].is_ascii_alphabetic() {
            if let Ok(m) = m.parse::<u32>() {
                let c = l.as_bytes()[0];
                let kind = if c.is_ascii_lowercase() { Kind::Lower } else { Kind::Upper };
                push(&mut out, kind, u32::from(c.to_ascii_lowercase() - b'a' + 1), m);
            }
        }
        return out;
    }
    if !bytes.iter().all(|b| b.is_ascii_alphabetic()) {
        return out;
    }
    let lower = bytes.iter().all(|b| b.is_ascii_lowercase());
    let upper = bytes.iter().all(|b| b.is_ascii_uppercase());
    if !lower && !upper {
        return out;
    }
    // Letters: a..z, then doubled aa..zz.
    let first = bytes[0].to_ascii_lowercase();
    if bytes.iter().all(|b| b.to_ascii_lowercase() == first) && bytes.len() <= 2 {
        let n = u32::from(first - b'a' + 1) + 26 * (bytes.len() as u32 - 1);
        push(&mut out, if lower { Kind::Lower } else { Kind::Upper }, n, 0);
    }
    // Roman numerals up to 39 (i, v, x only).
    if let Some(n) = roman_value(value) {
        push(&mut out, if lower { Kind::LowerRoman } else { Kind::UpperRoman }, n, 0);
    }
    out
}

/// The value of a roman numeral made of i, v and x (either case), if well formed.
pub fn roman_value(s: &str) -> Option<u32> {
    let s = s.to_ascii_lowercase();
    if s.is_empty() || !s.bytes().all(|b| matches!(b, b'i' | b'v' | b'x')) {
        return None;
    }
    let val = |b: u8| match b {
        b'i' => 1,
        b'v' => 5,
        _ => 10,
    };
    let b = s.as_bytes();
    let mut total = 0i32;
    for i in 0..b.len() {
        let v = val(b[i]);
        if i + 1 < b.len() && val(b[i + 1]) > v {
            total -= v;
        } else {
            total += v;
        }
    }
    let n = u32::try_from(total).ok().filter(|&n| n > 0 && n < 40)?;
    // Only canonical spellings count: "iiii" or "vx" are not numerals.
    (to_roman(n) == s).then_some(n)
}

fn to_roman(mut n: u32) -> String {
    let mut s = String::new();
    for (v, r) in [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")] {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(v: &str) -> Vec<(Kind, u32)> {
        interpretations(v, Form::Paren).iter().map(|r| (r.style.kind, r.ordinal.major)).collect()
    }

    #[test]
    fn i_is_a_letter_or_a_numeral() {
        assert_eq!(kinds("i"), vec![(Kind::Lower, 9), (Kind::LowerRoman, 1)]);
        assert_eq!(kinds("ii"), vec![(Kind::Lower, 35), (Kind::LowerRoman, 2)]);
        assert_eq!(kinds("h"), vec![(Kind::Lower, 8)]);
        assert_eq!(kinds("aa"), vec![(Kind::Lower, 27)]);
        assert_eq!(kinds("IV"), vec![(Kind::UpperRoman, 4)]);
        assert_eq!(kinds("iiii"), vec![]);
        assert_eq!(kinds("or"), vec![]);
    }

    #[test]
    fn inserted_provisions_sort_between_neighbours() {
        let r = interpretations("4A", Form::Paren)[0].ordinal;
        assert!(r.follows(Ordinal { major: 4, minor: 0 }, 3));
        assert!(Ordinal { major: 5, minor: 0 }.follows(r, 3));
        let g1 = interpretations("g-1", Form::Paren)[0].ordinal;
        assert_eq!(g1, Ordinal { major: 7, minor: 1 });
    }

    #[test]
    fn large_gaps_do_not_follow() {
        assert!(!Ordinal { major: 60, minor: 0 }.follows(Ordinal { major: 2, minor: 0 }, 5));
    }
}
