//! Characters from inputs that must not reach a reader raw: terminal controls (ESC, BEL,
//! backspace, DEL, the C1 controls) and the bidirectional-text controls that reorder what
//! a reader sees (RLO, LRI, …). Reports and messages show them escaped, as `\u{1b}`.

use std::borrow::Cow;

/// Whether `c` is shown escaped: a C0 control other than line feed and tab, DEL, a C1
/// control, or a bidirectional-text control.
pub fn is_shown_escaped(c: char) -> bool {
    (c < ' ' && c != '\n' && c != '\t') || ('\u{7f}'..='\u{9f}').contains(&c) || is_bidi_control(c)
}

/// The bidirectional-text controls: embeddings and overrides (U+202A–U+202E), isolates
/// (U+2066–U+2069), and the marks (U+200E, U+200F, U+061C).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// `s` with every character [`is_shown_escaped`] written as `\u{…}`.
///
/// ```
/// use redline::text::controls::escape;
/// assert_eq!(escape("a\u{1b}[2Jb\u{7}\n"), "a\\u{1b}[2Jb\\u{7}\n");
/// assert_eq!(escape("plain § text"), "plain § text");
/// ```
pub fn escape(s: &str) -> Cow<'_, str> {
    escape_with(s, false)
}

/// Like [`escape`], but keeping the color sequences the text renderer writes itself
/// (`ESC [` digits and semicolons `m`). Only for output whose inputs hold no ESC at all
/// (see [`crate::text::inputs::hold_escape`]): then every ESC in it is the
/// renderer's.
pub fn escape_keeping_color(s: &str) -> Cow<'_, str> {
    escape_with(s, true)
}

fn escape_with(s: &str, keep_color: bool) -> Cow<'_, str> {
    if !s.chars().any(is_shown_escaped) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if keep_color && c == '\u{1b}' {
            if let Some(n) = color_sequence_len(rest) {
                out.push_str(&rest[..n]);
                rest = &rest[n..];
                continue;
            }
        }
        if is_shown_escaped(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// The length of a color sequence (`ESC [ 1;31 m`) at the start of `s`, if there is one.
fn color_sequence_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.len() < 3 || b[0] != 0x1b || b[1] != b'[' {
        return None;
    }
    let params = b[2..].iter().take_while(|c| c.is_ascii_digit() || **c == b';').count();
    (b.get(2 + params) == Some(&b'm')).then_some(3 + params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_control_but_line_feed_and_tab_is_escaped() {
        assert_eq!(escape("\u{1b}]0;title\u{7}"), "\\u{1b}]0;title\\u{7}");
        assert_eq!(escape("back\u{8}space\u{7f}c1\u{9b}"), "back\\u{8}space\\u{7f}c1\\u{9b}");
        assert_eq!(escape("cr\rlf\ntab\t"), "cr\\u{d}lf\ntab\t");
        assert_eq!(escape("abc\u{202e}def"), "abc\\u{202e}def");
    }

    #[test]
    fn color_sequences_are_kept_only_when_asked() {
        let colored = "\u{1b}[1;31mred\u{1b}[0m and \u{1b}[2J";
        assert_eq!(escape_keeping_color(colored), "\u{1b}[1;31mred\u{1b}[0m and \\u{1b}[2J");
        assert_eq!(escape(colored), "\\u{1b}[1;31mred\\u{1b}[0m and \\u{1b}[2J");
    }
}
