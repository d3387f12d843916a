//! Source text and positions: the decoded text of one file, byte spans into it, and a line index
//! that turns byte offsets into 1-based line and column numbers (columns count Unicode scalar
//! values, as the JSON output promises).

use std::path::PathBuf;
use std::sync::Arc;

/// A half-open byte range into one source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    pub fn at(offset: usize) -> Self {
        Span {
            start: offset,
            end: offset,
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// Which file a span refers to: the report itself, or the strategy file it names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileId {
    #[default]
    Report,
    Strategy,
}

/// The decoded text of one file together with its display path.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user should see it (as given or as found while walking), `/`-separated.
    pub display: String,
    /// The path to open on disk.
    pub path: PathBuf,
    pub text: Arc<str>,
    lines: LineIndex,
}

impl SourceFile {
    pub fn new(display: String, path: PathBuf, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let lines = LineIndex::new(&text);
        SourceFile {
            display,
            path,
            text,
            lines,
        }
    }

    /// 1-based line and column (in Unicode scalar values) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.text, offset)
    }

    /// Byte offset of the start of a 1-based line (clamped to the text).
    pub fn line_start(&self, line: usize) -> usize {
        self.lines.line_start(line).unwrap_or(self.text.len())
    }

    /// The text of the 1-based line without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_start(line);
        let rest = self.text.get(start..).unwrap_or("");
        let end = rest.find('\n').unwrap_or(rest.len());
        rest[..end].trim_end_matches('\r')
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

/// Byte offsets of line starts, for binary search.
#[derive(Debug, Clone)]
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        // memchr's vectorised search: `match_indices` looks at a word at a time.
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }
}

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Converts the parser's character indices into byte offsets. Events arrive roughly in order, so a
/// cursor that walks from its last position costs O(distance) per call instead of a table of one
/// `usize` per character.
pub struct CharToByte<'a> {
    text: &'a str,
    ascii: bool,
    char_pos: usize,
    byte_pos: usize,
}

impl<'a> CharToByte<'a> {
    pub fn new(text: &'a str) -> Self {
        CharToByte {
            text,
            ascii: text.is_ascii(),
            char_pos: 0,
            byte_pos: 0,
        }
    }

    pub fn byte(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        let bytes = self.text.as_bytes();
        while self.char_pos < char_index {
            // 32 bytes at a time while they hold no more characters than are left to go and end
            // where a character ends: most of a report's text between two events.
            const CHUNK: usize = 32;
            if char_index - self.char_pos >= CHUNK
                && let Some(chunk) = bytes.get(self.byte_pos..self.byte_pos + CHUNK)
                && bytes
                    .get(self.byte_pos + CHUNK)
                    .is_none_or(|&b| !is_continuation(b))
            {
                // Each character starts with one byte that does not continue another.
                let chars = chunk.iter().filter(|&&b| !is_continuation(b)).count();
                self.byte_pos += CHUNK;
                self.char_pos += chars;
                continue;
            }
            let Some(&b) = bytes.get(self.byte_pos) else {
                return self.byte_pos;
            };
            // The width of a UTF-8 sequence, from its first byte.
            self.byte_pos += match b {
                0x00..=0x7F => 1,
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            self.char_pos += 1;
        }
        while self.char_pos > char_index {
            match self.text[..self.byte_pos].chars().next_back() {
                Some(c) => {
                    self.byte_pos -= c.len_utf8();
                    self.char_pos -= 1;
                }
                None => return 0,
            }
        }
        self.byte_pos
    }
}

/// Whether `b` continues a UTF-8 sequence rather than starting a character.
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Line starts found with memchr are those of every `\n`, whatever the line ends and lengths.
    #[test]
    fn line_starts_follow_every_line_feed() {
        let long = "å".repeat(40);
        for text in [
            String::new(),
            "\n".to_string(),
            "utan radslut".to_string(),
            "a\r\nb\r\n\r\nc".to_string(),
            format!("{long}\n{long}\n\n{long}"),
        ] {
            let mut want = vec![0];
            want.extend(text.match_indices('\n').map(|(i, _)| i + 1));
            assert_eq!(LineIndex::new(&text).starts, want, "{text:?}");
        }
    }

    #[test]
    fn line_col_counts_scalar_values() {
        let f = SourceFile::new("x".into(), "x".into(), "ab\nåäö: x\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        // "åäö" is 6 bytes; the colon is the 4th character.
        assert_eq!(f.line_col(9), (2, 4));
        assert_eq!(f.line_text(2), "åäö: x");
    }

    #[test]
    fn char_to_byte_walks_both_ways() {
        let text = "åb€c";
        let mut c = CharToByte::new(text);
        assert_eq!(c.byte(3), 6);
        assert_eq!(c.byte(1), 2);
        assert_eq!(c.byte(4), 7);
        assert_eq!(c.byte(99), 7);
    }

    /// The 32-byte steps (those that end inside a character among them) and the one-character
    /// steps agree with `char_indices`.
    #[test]
    fn char_to_byte_matches_char_indices_on_mixed_text() {
        let text = "rapport: Skåne och Blekinge 2020 – åtgärder för tillväxt € 😀 slut. ".repeat(6);
        let text = text.as_str();
        let expected: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        let mut forward = CharToByte::new(text);
        for (i, b) in expected.iter().enumerate() {
            assert_eq!(forward.byte(i), *b, "char {i}");
        }
        for step in [3, 9, 17, 31, 32, 33, 40, 64, 101] {
            let mut c = CharToByte::new(text);
            for i in (0..expected.len()).step_by(step) {
                assert_eq!(c.byte(i), expected[i], "char {i}, step {step}");
            }
        }
        let mut back = CharToByte::new(text);
        for i in (0..expected.len()).rev() {
            assert_eq!(back.byte(i), expected[i], "char {i} backwards");
        }
    }
}
