//! From a character of a scalar's value back to where it stands in the source.

use super::{NodeKind, NodeSpan, Style};

/// Maps a byte offset inside a scalar's value to the byte offset in the source where that character
/// stands, by walking the value and the source side by side (skipping indentation, folded line
/// breaks, quotes and escapes). Returns `None` if the two cannot be aligned; callers then fall back
/// to the start of the value.
pub fn locate_in_scalar(
    source: &str,
    node: &NodeSpan,
    value: &str,
    offset: usize,
) -> Option<usize> {
    let start = match node.kind {
        NodeKind::Str(Style::SingleQuoted | Style::DoubleQuoted) => node.content.start + 1,
        _ => node.content.start,
    };
    let double = matches!(node.kind, NodeKind::Str(Style::DoubleQuoted));
    let single = matches!(node.kind, NodeKind::Str(Style::SingleQuoted));
    let src = source.get(start..)?;
    let mut s = src.char_indices().peekable();
    let mut v = value.char_indices().peekable();
    loop {
        let (vi, vc) = match v.peek() {
            Some(&x) => x,
            None => {
                return (offset >= value.len())
                    .then(|| start + s.peek().map_or(src.len(), |(i, _)| *i));
            }
        };
        let (si, sc) = *s.peek()?;
        if vi >= offset {
            return Some(start + si);
        }
        if vc == sc && !(double && sc == '\\') {
            v.next();
            s.next();
            // A quote doubled in a single-quoted scalar stands for one.
            if single && sc == '\'' && s.peek().is_some_and(|(_, c)| *c == '\'') {
                s.next();
            }
        } else if double && sc == '\\' {
            s.next();
            let len = match s.next().map(|(_, c)| c) {
                Some('x') => 2,
                Some('u') => 4,
                Some('U') => 8,
                Some('\n' | '\r') => {
                    // An escaped line break: the break and the next line's indentation vanish.
                    while s
                        .peek()
                        .is_some_and(|(_, c)| *c == ' ' || *c == '\t' || *c == '\n')
                    {
                        s.next();
                    }
                    continue;
                }
                Some(_) => 0,
                None => return None,
            };
            for _ in 0..len {
                s.next();
            }
            v.next();
        } else if sc.is_whitespace() {
            s.next();
        } else if vc.is_whitespace() {
            v.next();
        } else {
            return None;
        }
    }
}
