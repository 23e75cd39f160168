//! Byte offset to line and column.

/// Start offsets of the lines of a text, for turning byte offsets into `line:column`.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text` (a line ends at `\n`; `\r\n` counts as one end).
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and column of `offset` in `text`; the column counts characters, and a
    /// byte-order mark at the start of the file is not counted.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let prefix = &text[start..offset];
        let prefix = if start == 0 { prefix.trim_start_matches('\u{feff}') } else { prefix };
        (line, prefix.chars().count() + 1)
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
    fn bom_is_not_a_column() {
        let t = "\u{feff}abc";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_col(t, 4), (1, 2));
    }
}
