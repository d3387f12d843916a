//! The one place where byte offsets become editor positions and back. Positions count UTF-16 code
//! units by default and bytes when the client offers UTF-8 at `initialize`; every position the
//! client sends is clamped to the text (past the end of a line or of the document is allowed).

use lsp_types::{Position, PositionEncodingKind, Range};

/// The unit of `Position::character`, fixed at `initialize`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    #[default]
    Utf16,
    Utf8,
}

impl Encoding {
    /// UTF-8 when the client lists it in `general.positionEncodings`, else UTF-16 (the default
    /// every client understands).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(list) if list.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf8 => PositionEncodingKind::UTF8,
        }
    }
}

/// A text with the byte offsets of its line starts.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str, encoding: Encoding) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines {
            text,
            starts,
            encoding,
        }
    }

    /// The position of a byte offset (clamped to the text, moved back to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let offset = crate::source::floor_char_boundary(self.text, offset);
        let line = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        let start = self.starts.get(line).copied().unwrap_or(0);
        let before = self.text.get(start..offset).unwrap_or("");
        let character = match self.encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.chars().map(char::len_utf16).sum(),
        };
        Position::new(to_u32(line), to_u32(character))
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end.max(start)))
    }

    /// The byte offset of a position: a line past the end is the end of the text, a character
    /// past the end of its line is the end of that line, one inside a character is its start.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let line = self.line_at(start);
        let wanted = position.character as usize;
        let mut counted = 0;
        for (i, c) in line.char_indices() {
            let width = match self.encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if counted + width > wanted {
                return start + i;
            }
            counted += width;
        }
        start + line.len()
    }

    /// The line starting at `start`, without its line break.
    fn line_at(&self, start: usize) -> &'a str {
        let rest = self.text.get(start..).unwrap_or("");
        let line = rest.split('\n').next().unwrap_or("");
        line.strip_suffix('\r').unwrap_or(line)
    }

    /// The end of the text as a position.
    pub fn end(&self) -> Position {
        self.position(self.text.len())
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_counts_code_units_and_utf8_bytes() {
        let text = "a: å😀x\nb\r\n";
        let u16 = Lines::new(text, Encoding::Utf16);
        let x = text.find('x').unwrap_or_default();
        assert_eq!(u16.position(x), Position::new(0, 6));
        assert_eq!(u16.offset(Position::new(0, 6)), x);
        let u8 = Lines::new(text, Encoding::Utf8);
        assert_eq!(u8.position(x), Position::new(0, x as u32));
        assert_eq!(u8.offset(Position::new(0, x as u32)), x);
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let text = "ab\ncd\r\n";
        let lines = Lines::new(text, Encoding::Utf16);
        assert_eq!(lines.offset(Position::new(0, 99)), 2);
        assert_eq!(lines.offset(Position::new(1, 99)), 5);
        assert_eq!(lines.offset(Position::new(99, 0)), text.len());
        assert_eq!(lines.position(999), Position::new(2, 0));
        // Inside a surrogate pair: the character's start.
        let emoji = Lines::new("😀b", Encoding::Utf16);
        assert_eq!(emoji.offset(Position::new(0, 1)), 0);
    }
}
