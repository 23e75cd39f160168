//! Byte offset to line and column.

/// Start offsets of the lines of a text, for turning byte offsets into `line:column`.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Inside long lines, every [`CHECKPOINT`] bytes: (byte offset, characters from its
    /// line's start to it). A column is then counted from the nearest checkpoint, never
    /// from the start of a line megabytes long.
    checkpoints: Vec<(usize, usize)>,
}

/// Bytes between checkpoints of a long line.
const CHECKPOINT: usize = 4096;

impl LineIndex {
    /// Indexes the line starts of `text` (a line ends at `\n`; `\r\n` counts as one end).
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut checkpoints = Vec::new();
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).map_or(text.len(), |&s| s - 1);
            let mut at = start;
            let mut chars = 0;
            while end - at > CHECKPOINT {
                let next = floor_char_boundary(text, at + CHECKPOINT).max(at + 1);
                let next = ceil_char_boundary(text, next);
                chars += count_chars(text, start, at, next);
                at = next;
                checkpoints.push((at, chars));
            }
        }
        LineIndex { starts, checkpoints }
    }

    /// 1-based line and column of `offset` in `text`; the column counts characters, and a
    /// byte-order mark at the start of the file is not counted.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let k = self.checkpoints.partition_point(|&(at, _)| at <= offset);
        let (from, before) = match k.checked_sub(1).map(|i| self.checkpoints[i]) {
            Some((at, chars)) if at > start => (at, chars),
            _ => (start, 0),
        };
        (line, before + count_chars(text, start, from, offset) + 1)
    }

    /// The byte range of 1-based line `line`, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts.get(line.saturating_sub(1)).copied().unwrap_or(text.len());
        let mut end = self.starts.get(line).map_or(text.len(), |&s| s - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end.max(start)
    }
}

/// The characters of `text[from..to]`, where `from` lies in the line starting at
/// `line_start`; a byte-order mark at the start of the file is not counted.
fn count_chars(text: &str, line_start: usize, from: usize, to: usize) -> usize {
    crate::work::add(crate::work::Counter::ColumnChars, to - from);
    let s = &text[from..to];
    let s = if line_start == 0 && from == 0 { s.trim_start_matches('\u{feff}') } else { s };
    s.chars().count()
}

/// The smallest char boundary at or after `i`.
fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i.min(s.len())
}

/// The largest char boundary at or before `i`.
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Renders `text`'s line holding `offset` with a caret under the column, for error detail.
pub fn caret_snippet(text: &str, offset: usize, width: usize) -> String {
    let index = LineIndex::new(text);
    let (line, column) = index.line_col(text, offset);
    let range = index.line_range(text, line);
    let src = &text[range];
    let gutter = line.to_string();
    let pad = " ".repeat(gutter.len());
    let caret = format!("{}{}", " ".repeat(column - 1), "^".repeat(width.max(1)));
    format!("{pad} |\n{gutter} | {src}\n{pad} | {caret}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let t = "ab\n§ cd\r\nef";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_col(t, 0), (1, 1));
        assert_eq!(idx.line_col(t, 3), (2, 1));
        // '§' is two bytes; "cd" starts at the third character.
        assert_eq!(idx.line_col(t, 6), (2, 3));
        assert_eq!(idx.line_col(t, t.len()), (3, 3));
        assert_eq!(idx.line_range(t, 2), 3..8);
    }

    #[test]
    fn columns_in_a_long_line_count_from_checkpoints_correctly() {
        // A line of many checkpoints, with multi-byte characters across their edges.
        let line: String = "ab§ cd€ ".repeat(3000);
        let t = format!("x\n{line}\nz");
        let idx = LineIndex::new(&t);
        assert!(idx.checkpoints.len() >= 5, "{}", idx.checkpoints.len());
        for offset in (2..2 + line.len()).step_by(997).chain([2 + line.len()]) {
            let offset = floor_char_boundary(&t, offset);
            let expected = t[2..offset].chars().count() + 1;
            assert_eq!(idx.line_col(&t, offset), (2, expected), "offset {offset}");
        }
        assert_eq!(idx.line_col(&t, t.len()), (3, 2));
    }

    #[test]
    fn bom_is_not_a_column() {
        let t = "\u{feff}abc";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_col(t, 4), (1, 2));
    }
}
