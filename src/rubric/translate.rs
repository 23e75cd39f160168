//! Pattern translation, shared by the library and `build.rs` (which precomputes the
//! literal prefilter of built-in rubrics): this file uses only `std` and `regex_syntax`.

use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// Literals shorter than this do not filter anything useful.
pub const MIN_PREFIX: usize = 3;

/// Literals one of which every match of `translated` must start with, when there is
/// such a set with no literal shorter than [`MIN_PREFIX`]; `None` otherwise.
pub fn prefixes_of(translated: &str) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build().parse(translated).ok()?;
    let mut ex = Extractor::new();
    ex.kind(ExtractKind::Prefix).limit_class(4).limit_repeat(4).limit_literal_len(24).limit_total(200);
    let seq = ex.extract(&hir);
    let lits = seq.literals()?;
    if lits.is_empty() || lits.iter().any(|l| l.as_bytes().len() < MIN_PREFIX) {
        return None;
    }
    Some(lits.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// A pattern as written: whether it is case-sensitive (`(?-i)` first) and its body.
pub fn split_case(source: &str) -> (bool, &str) {
    match source.strip_prefix("(?-i)") {
        Some(rest) => (true, rest),
        None => (false, source),
    }
}

/// The spelling case-insensitive patterns are matched against: ASCII lowercase, every
/// whitespace byte a space. Byte offsets are those of `text`.
pub fn match_text(text: &str) -> String {
    let bytes: Vec<u8> =
        text.bytes().map(|b| if b.is_ascii_whitespace() { b' ' } else { b.to_ascii_lowercase() }).collect();
    // Only ASCII bytes changed, to ASCII bytes: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_ascii_lowercase())
}

/// Rewrites a rubric pattern into the expression it stands for. With `lowercase` (the
/// text is then a [`match_text`]), letters are lowercased except in escapes such as `\B`,
/// and whitespace is a plain space.
pub fn translate(pattern: &str, lowercase: bool) -> Result<String, String> {
    let ws: &str = if lowercase { " " } else { r"\t\n\x0B\x0C\r " };
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    let mut class_start = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                match chars.next() {
                    Some('w') => out.push_str(if in_class { "0-9A-Za-z_" } else { "[0-9A-Za-z_]" }),
                    Some('d') => out.push_str(if in_class { "0-9" } else { "[0-9]" }),
                    Some('s') if in_class => out.push_str(ws),
                    Some('s') if lowercase => out.push(' '),
                    Some('s') => out.push_str(&format!("[{ws}]")),
                    Some('p' | 'P') => {
                        return Err(
                            "Unicode classes (\\p) are not supported; text is normalized to ASCII spellings".into()
                        )
                    }
                    Some(n) => {
                        out.push(c);
                        out.push(n);
                    }
                    None => out.push(c),
                }
                class_start = false;
                continue;
            }
            '(' if !in_class && chars.peek() == Some(&'?') => {
                // Group syntax (`(?P<name>`, `(?i:`, `(?-u)`) is copied as written.
                out.push(c);
                let mut in_name = false;
                while let Some(&n) = chars.peek() {
                    out.push(n);
                    chars.next();
                    match n {
                        '<' => in_name = true,
                        '>' if in_name => break,
                        ':' | ')' if !in_name => break,
                        _ => {}
                    }
                }
                class_start = false;
                continue;
            }
            '[' if !in_class => {
                in_class = true;
                class_start = true;
                out.push(c);
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap());
                }
                continue;
            }
            ']' if in_class && !class_start => in_class = false,
            ' ' if !in_class => {
                while chars.peek() == Some(&' ') {
                    chars.next();
                }
                if lowercase {
                    out.push_str(" +");
                } else {
                    out.push_str(&format!("[{ws}]+"));
                }
                continue;
            }
            c if !c.is_ascii() => {
                if in_class {
                    return Err(format!("the non-ASCII character `{c}` cannot stand in a character class; write it outside the brackets"));
                }
                let mut buf = [0u8; 4];
                out.push_str("(?:");
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("\\x{b:02X}"));
                }
                out.push(')');
                class_start = false;
                continue;
            }
            _ => {}
        }
        class_start = false;
        out.push(if lowercase { c.to_ascii_lowercase() } else { c });
    }
    Ok(out)
}
