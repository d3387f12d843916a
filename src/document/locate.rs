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
    ScalarWalk::new(source, node, value).locate(offset)
}

/// `locate_in_scalar` for several places of one scalar: the walk goes on from the last place found
/// when the next one asked for lies at or after it, so the places of many findings in one long text
/// (AR502 on a report that lost its å/ä/ö: hundreds in one paragraph) cost one walk, not one each
/// from the top. The walk's state at a place is only where it stands in the value and in the
/// source, and the walk from the top passes through that state on its way to any later place, so
/// the answers are the same.
#[derive(Clone, Debug)]
pub struct ScalarWalk<'a> {
    source: &'a str,
    node: &'a NodeSpan,
    value: &'a str,
    /// (the offset asked for, where the walk stood in the value and in the source) at the last
    /// place found.
    resume: Option<(usize, usize, usize)>,
}

impl<'a> ScalarWalk<'a> {
    pub fn new(source: &'a str, node: &'a NodeSpan, value: &'a str) -> ScalarWalk<'a> {
        ScalarWalk {
            source,
            node,
            value,
            resume: None,
        }
    }

    /// The byte offset in the source of the character at `offset` in the value.
    pub fn locate(&mut self, offset: usize) -> Option<usize> {
        let node = self.node;
        let value = self.value;
        let start = match node.kind {
            NodeKind::Str(Style::SingleQuoted | Style::DoubleQuoted) => node.content.start + 1,
            _ => node.content.start,
        };
        let double = matches!(node.kind, NodeKind::Str(Style::DoubleQuoted));
        let single = matches!(node.kind, NodeKind::Str(Style::SingleQuoted));
        let src = self.source.get(start..)?;
        let (v0, s0) = match self.resume {
            Some((asked, v0, s0)) if asked <= offset => (v0, s0),
            _ => (0, 0),
        };
        let mut s = src
            .get(s0..)?
            .char_indices()
            .map(|(i, c)| (i + s0, c))
            .peekable();
        let mut v = value
            .get(v0..)?
            .char_indices()
            .map(|(i, c)| (i + v0, c))
            .peekable();
        loop {
            let (vi, vc) = match v.peek() {
                Some(&x) => x,
                None => {
                    let si = s.peek().map_or(src.len(), |(i, _)| *i);
                    self.resume = Some((offset, value.len(), si));
                    return (offset >= value.len()).then_some(start + si);
                }
            };
            let (si, sc) = *s.peek()?;
            if vi >= offset {
                self.resume = Some((offset, vi, si));
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
}
