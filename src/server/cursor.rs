//! Where the cursor stands in the report, read from the text by indentation rather than from the
//! parsed document, so hover and completion work while the author is halfway through a line that
//! does not parse yet: the keys and row numbers from the top down to the mapping at the cursor,
//! the key on the cursor's line, whether the cursor is in its value, and the keys beside it.

use crate::document::child_pointer;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyAt {
    pub name: String,
    /// Byte offsets of the key in the text.
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    /// From the top down to the mapping that holds (or would hold) the key at the cursor.
    pub path: Vec<Step>,
    /// The key of the cursor's line, or of the value the cursor's line continues.
    pub key: Option<KeyAt>,
    /// The cursor is in `key`'s value (after its colon, or on a line that continues it).
    pub in_value: bool,
    /// The keys of the mapping at `path`.
    pub siblings: Vec<String>,
}

impl Cursor {
    /// The JSON pointer of the mapping at `path`.
    pub fn container(&self) -> String {
        self.path.iter().fold(String::new(), |p, s| match s {
            Step::Key(k) => child_pointer(&p, k),
            Step::Index(i) => child_pointer(&p, &i.to_string()),
        })
    }

    /// The JSON pointer of `key`'s node.
    pub fn key_pointer(&self) -> Option<String> {
        let key = self.key.as_ref()?;
        Some(child_pointer(&self.container(), &key.name))
    }
}

/// One line, as far as structure goes.
struct Line<'a> {
    start: usize,
    /// Columns (bytes) of `- ` item markers, left to right.
    dashes: Vec<usize>,
    /// Column of the first character after the indentation and item markers.
    content: usize,
    /// The key written there: name, start column, column of its colon.
    key: Option<(String, usize, usize)>,
    /// Text after the key's colon, without a comment.
    value: &'a str,
    /// Blank or only a comment.
    empty: bool,
}

fn parse_line(text: &str, start: usize) -> Line<'_> {
    let line = text.get(start..).unwrap_or("");
    let line = line.split('\n').next().unwrap_or("");
    let line = line.strip_suffix('\r').unwrap_or(line);
    let bytes = line.as_bytes();
    let mut i = bytes.iter().take_while(|b| **b == b' ').count();
    let mut dashes = Vec::new();
    while bytes.get(i) == Some(&b'-') && matches!(bytes.get(i + 1), None | Some(b' ')) {
        dashes.push(i);
        i += 1;
        i += bytes[i..].iter().take_while(|b| **b == b' ').count();
    }
    let rest = line.get(i..).unwrap_or("");
    let empty = dashes.is_empty() && (rest.is_empty() || rest.starts_with('#'));
    let (key, value) = match key_of(rest) {
        Some((name, colon)) => (
            Some((name, i, i + colon)),
            strip_comment(rest.get(colon + 1..).unwrap_or("")).trim(),
        ),
        None => (None, ""),
    };
    Line {
        start,
        dashes,
        content: i,
        key,
        value,
        empty,
    }
}

/// A mapping key at the start of `s`: its name and the offset of its colon.
fn key_of(s: &str) -> Option<(String, usize)> {
    if let Some(q @ ('"' | '\'')) = s.chars().next() {
        let close = s[1..].find(q)? + 1;
        let after = &s[close + 1..];
        let colon = close + 1 + (after.len() - after.trim_start().len());
        return (s.get(colon..colon + 1) == Some(":")).then(|| (s[1..close].to_string(), colon));
    }
    if s.starts_with(['#', '|', '>', '[', '{', '&', '*', '!', '%', '@', '`']) {
        return None;
    }
    let mut search = 0;
    while let Some(i) = s[search..].find(':') {
        let colon = search + i;
        if matches!(s.as_bytes().get(colon + 1), None | Some(b' ' | b'\t')) {
            let name = s[..colon].trim_end();
            if name.is_empty() || name.contains(" #") {
                return None;
            }
            return Some((name.to_string(), colon));
        }
        search = colon + 1;
    }
    None
}

fn strip_comment(s: &str) -> &str {
    match s.find(" #") {
        Some(i) => &s[..i],
        None if s.trim_start().starts_with('#') => "",
        None => s,
    }
}

/// The cursor at byte `offset` of `text`.
pub fn at(text: &str, offset: usize) -> Cursor {
    let offset = crate::source::floor_char_boundary(text, offset);
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let here = starts.partition_point(|&s| s <= offset).max(1) - 1;
    let lines: Vec<Line<'_>> = starts[..=here]
        .iter()
        .map(|&s| parse_line(text, s))
        .collect();
    let Some(line) = lines.last() else {
        return Cursor {
            path: Vec::new(),
            key: None,
            in_value: false,
            siblings: Vec::new(),
        };
    };
    let column = offset - line.start;
    // The column where keys of the cursor's mapping stand.
    let indent = match (&line.key, line.empty) {
        (Some((_, col, _)), _) => *col,
        (None, false) => line.content,
        (None, true) => column,
    };
    let (path, parent) = ancestors(&lines, here, indent);
    let mut key = line.key.as_ref().map(|(name, col, _)| KeyAt {
        name: name.clone(),
        start: line.start + col,
        end: line.start + col + name.len(),
    });
    let mut in_value = line
        .key
        .as_ref()
        .is_some_and(|(_, _, colon)| column > *colon);
    let mut path = path;
    // A line inside a block scalar or a multi-line value continues its parent key's value.
    if let Some((i, Step::Key(name))) = parent.as_ref()
        && lines.get(*i).is_some_and(|l| !l.value.is_empty())
        && line.dashes.is_empty()
    {
        let l = &lines[*i];
        let col = l.key.as_ref().map_or(0, |k| k.1);
        key = Some(KeyAt {
            name: name.clone(),
            start: l.start + col,
            end: l.start + col + name.len(),
        });
        in_value = true;
        path.pop();
    }
    let siblings = if in_value {
        Vec::new()
    } else {
        siblings(&lines, text, &starts, here, indent, parent.map(|p| p.0))
    };
    Cursor {
        path,
        key,
        in_value,
        siblings,
    }
}

/// The steps from the top down to the mapping whose keys stand at `indent` on line `here`, and
/// the line and step of the nearest one.
fn ancestors(lines: &[Line<'_>], here: usize, indent: usize) -> (Vec<Step>, Option<(usize, Step)>) {
    let mut steps: Vec<Step> = Vec::new();
    let mut nearest = None;
    let mut indent = indent;
    let mut index = here + 1;
    // Elements of the cursor's own line left of `indent` (its item markers) count too.
    while index > 0 {
        index -= 1;
        let Some(line) = lines.get(index) else { break };
        if line.empty {
            continue;
        }
        let on_cursor_line = index == here;
        if !on_cursor_line
            && let Some((name, col, _)) = &line.key
            && *col < indent
        {
            steps.push(Step::Key(name.clone()));
            nearest.get_or_insert((index, Step::Key(name.clone())));
            indent = *col;
        }
        for &d in line.dashes.iter().rev() {
            if d < indent {
                let n = item_number(lines, index, d);
                steps.push(Step::Index(n));
                nearest.get_or_insert((index, Step::Index(n)));
                indent = d;
            }
        }
        if indent == 0 {
            break;
        }
    }
    steps.reverse();
    (steps, nearest)
}

/// Which item of its sequence the `- ` at column `col` of line `at` starts (0-based).
fn item_number(lines: &[Line<'_>], at: usize, col: usize) -> usize {
    let mut n = 0;
    for line in lines[..at].iter().rev() {
        if line.empty {
            continue;
        }
        if line.dashes.contains(&col) {
            n += 1;
            continue;
        }
        let leftmost = line.dashes.first().copied().unwrap_or(line.content);
        if leftmost < col || (leftmost == col && line.key.is_some()) {
            break;
        }
    }
    n
}

/// The keys at column `indent` in the block that starts at line `parent` (the whole text at the
/// top) and ends before the next line that is less indented.
fn siblings(
    lines: &[Line<'_>],
    text: &str,
    starts: &[usize],
    here: usize,
    indent: usize,
    parent: Option<usize>,
) -> Vec<String> {
    let from = parent.unwrap_or(0);
    let mut out = Vec::new();
    for (n, &start) in starts.iter().enumerate().skip(from) {
        let parsed;
        let line = match lines.get(n) {
            Some(l) => l,
            None => {
                parsed = parse_line(text, start);
                &parsed
            }
        };
        if line.empty {
            continue;
        }
        let leftmost = line.dashes.first().copied().unwrap_or(line.content);
        if n > from && leftmost < indent && !(n == here && line.key.is_none()) {
            if parent.is_some() {
                break;
            }
            continue;
        }
        if let Some((name, col, _)) = &line.key
            && *col == indent
            && n != here
            && !out.contains(name)
        {
            out.push(name.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "rapportar: 2020\naterrapportering_1:\n  innovation:\n    insatser:\n      - namn: A\n        bidrag_till_mal: >-\n          visionsmål 2: x\n      - namn: B\n        \n";

    fn cursor(needle: &str, delta: usize) -> Cursor {
        let at_ = TEXT.find(needle).unwrap_or_default() + delta;
        at(TEXT, at_)
    }

    #[test]
    fn keys_and_rows() {
        let c = cursor("innovation", 2);
        assert_eq!(c.container(), "/aterrapportering_1");
        assert_eq!(
            c.key_pointer().as_deref(),
            Some("/aterrapportering_1/innovation")
        );
        assert!(!c.in_value);
        let c = cursor("namn: B", 0);
        assert_eq!(c.container(), "/aterrapportering_1/innovation/insatser/1");
        let c = cursor("visionsmål", 3);
        assert!(c.in_value);
        assert_eq!(
            c.key_pointer().as_deref(),
            Some("/aterrapportering_1/innovation/insatser/0/bidrag_till_mal")
        );
    }

    #[test]
    fn a_blank_line_in_a_row_offers_its_mapping() {
        let c = at(TEXT, TEXT.len() - 1);
        assert_eq!(c.container(), "/aterrapportering_1/innovation/insatser/1");
        assert_eq!(c.siblings, vec!["namn".to_string()]);
        let top = at(TEXT, 0);
        assert_eq!(top.container(), "");
        assert!(top.siblings.contains(&"aterrapportering_1".to_string()));
    }
}
