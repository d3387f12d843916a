//! Word text → values: a paragraph list as prose pieces (Word lists and typed bullets as items),
//! a Ja/Nej answer in any of its typed or ticked forms, a table's header row against the
//! template's columns, and a cell split into the keys its column holds.

use super::outline::fold;
use super::{Cell, Paragraph, Row};
use crate::place::WordLocation;
use crate::template::{Column, SchemaNode};

/// One paragraph of prose; `text` may hold line breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub item: bool,
    pub text: String,
    /// The body paragraph it came from (prose outside tables).
    pub at: Option<WordLocation>,
}

/// A value for one key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Val {
    /// One line: a plain or quoted scalar.
    Scalar(String),
    /// Paragraphs and list items: a `|` block.
    Prose(Vec<Piece>),
}

impl Val {
    /// Prose: always a `|` block, even for one paragraph.
    pub fn prose(mut pieces: Vec<Piece>) -> Option<Val> {
        pieces.retain(|p| !p.text.trim().is_empty());
        (!pieces.is_empty()).then_some(Val::Prose(pieces))
    }

    /// Pieces as one value: a single plain paragraph is a scalar.
    pub fn from_pieces(mut pieces: Vec<Piece>) -> Option<Val> {
        pieces.retain(|p| !p.text.trim().is_empty());
        match pieces.as_slice() {
            [] => None,
            [one] if !one.item && !one.text.contains('\n') => {
                Some(Val::Scalar(one.text.trim().to_string()))
            }
            _ => Some(Val::Prose(pieces)),
        }
    }
}

const BULLETS: [&str; 3] = ["•", "\u{F0B7}", "- "];

/// A paragraph as a piece: Word list paragraphs and typed bullets become items.
pub fn piece(p: &Paragraph) -> Vec<Piece> {
    pieces_of(p.trimmed(), p.list)
}

/// A paragraph's text as pieces: a line break followed by a typed bullet starts a new item.
pub fn pieces_of(text: &str, list: bool) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for line in text.lines() {
        let bulleted = BULLETS.iter().any(|b| line.trim_start().starts_with(b));
        match out.last_mut() {
            Some(last) if !bulleted => {
                last.text.push('\n');
                last.text.push_str(line.trim());
            }
            _ => out.extend(piece_of(line, list)),
        }
    }
    out
}

fn piece_of(text: &str, list: bool) -> Option<Piece> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    for b in BULLETS {
        if let Some(rest) = text.strip_prefix(b) {
            return Some(Piece {
                item: true,
                text: rest.trim().to_string(),
                at: None,
            });
        }
    }
    Some(Piece {
        item: list,
        text: text.to_string(),
        at: None,
    })
}

/// The chosen option of a Ja/Nej answer at the start of `text`, and the text after it. Accepts
/// "Ja ☒ Nej ☐", "☒ Ja ☐ Nej", the chosen box alone ("Ja ☒"), ✓ or X as the tick, and an option
/// written alone as the whole text.
pub fn answer(text: &str, options: &[&str]) -> Option<(String, String)> {
    enum Token {
        Label(usize),
        Mark(bool),
    }
    let mut tokens = Vec::new();
    let mut rest = text.trim_start();
    loop {
        rest = rest.trim_start();
        let lower = rest.to_lowercase();
        let word_end = |n: usize| {
            lower
                .get(n..)
                .is_some_and(|r| !r.starts_with(char::is_alphanumeric))
        };
        if let Some(i) = options
            .iter()
            .position(|o| lower.starts_with(&o.to_lowercase()) && word_end(o.to_lowercase().len()))
        {
            tokens.push(Token::Label(i));
            rest = rest
                .get(options.get(i).map_or(0, |o| o.len())..)
                .unwrap_or("");
            continue;
        }
        let mut chars = rest.chars();
        let Some(c) = chars.next() else { break };
        let mark = match c {
            '☒' | '☑' | '✓' | '✔' | '✗' | '✘' | '⊠' | '■' => Some(true),
            'x' | 'X' if word_end(1) => Some(true),
            '☐' | '□' | '▢' => Some(false),
            _ => None,
        };
        match mark {
            Some(m) => {
                tokens.push(Token::Mark(m));
                rest = chars.as_str();
            }
            None => break,
        }
    }
    let labels_first = matches!(tokens.first(), Some(Token::Label(_)));
    let mut chosen = Vec::new();
    let mut marks = 0;
    for (i, t) in tokens.iter().enumerate() {
        if let Token::Mark(checked) = t {
            marks += 1;
            let label = if labels_first {
                tokens.get(..i).and_then(|b| {
                    b.iter().rev().find_map(|t| match t {
                        Token::Label(l) => Some(*l),
                        Token::Mark(_) => None,
                    })
                })
            } else {
                tokens.get(i + 1..).and_then(|a| {
                    a.iter().find_map(|t| match t {
                        Token::Label(l) => Some(*l),
                        Token::Mark(_) => None,
                    })
                })
            };
            if let (true, Some(l)) = (checked, label)
                && !chosen.contains(&l)
            {
                chosen.push(l);
            }
        }
    }
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || ":–-,".contains(c));
    let only_label = marks == 0
        && matches!(tokens.as_slice(), [Token::Label(_)])
        && rest.trim_end_matches('.').trim().is_empty();
    let pick = match chosen.as_slice() {
        [one] => Some(*one),
        [] if only_label => match tokens.first() {
            Some(Token::Label(l)) => Some(*l),
            _ => None,
        },
        _ => None,
    }?;
    let option = options.get(pick)?;
    let rest = if only_label { "" } else { rest };
    Some((option.to_string(), rest.trim().to_string()))
}

/// Does this row hold the template's column headings?
pub fn is_header(row: &Row, columns: &[Column]) -> bool {
    row.cells.len() == columns.len()
        && row
            .cells
            .iter()
            .zip(columns)
            .all(|(cell, col)| fold(&cell.text()) == fold(&col.heading))
}

/// A row's values by key, in the columns' order; empty cells give nothing.
pub fn row_values(
    row: &Row,
    columns: &[Column],
    row_node: Option<SchemaNode<'_>>,
) -> Vec<(String, Val)> {
    let mut out = Vec::new();
    for (cell, column) in row.cells.iter().zip(columns) {
        let node = |k: &str| row_node.and_then(|n| n.child(k));
        let Some((first, others)) = column.keys.split_first() else {
            continue;
        };
        if others.is_empty() {
            if let Some(v) = single(cell, node(first)) {
                out.push((first.clone(), v));
            }
            continue;
        }
        let (mut name, body) = split_name(cell);
        let mut kinds_found = Vec::new();
        let mut description = None;
        for k in others {
            let n = node(k);
            let kinds = n.map(|n| n.enum_values()).unwrap_or_default();
            if !kinds.is_empty() && !n.is_some_and(|n| n.is_yes_no()) {
                if let Some((rest, kind)) = split_kind(&name, &kinds) {
                    name = rest;
                    kinds_found.push((k.clone(), Val::Scalar(kind)));
                }
            } else if description.is_none() {
                description = Some(k);
            }
        }
        let (name, body) = match description {
            Some(key) => (
                Val::from_pieces(vec![Piece {
                    item: false,
                    text: name,
                    at: None,
                }]),
                Val::from_pieces(body).map(|v| (key.clone(), v)),
            ),
            // No key for a description: the whole cell is the first key's.
            None => {
                let mut pieces = vec![Piece {
                    item: false,
                    text: name,
                    at: None,
                }];
                pieces.extend(body);
                (Val::from_pieces(pieces), None)
            }
        };
        out.extend(name.map(|v| (first.clone(), v)));
        out.extend(kinds_found);
        out.extend(body);
    }
    out
}

/// A cell with one key: a Ja/Nej column reads the answer; other text is kept as written.
fn single(cell: &Cell, node: Option<SchemaNode<'_>>) -> Option<Val> {
    if let Some(n) = node.filter(|n| n.is_yes_no()) {
        let options = n.enum_values();
        if let Some((chosen, rest)) = answer(&cell.text(), &options)
            && rest.is_empty()
        {
            return Some(Val::Scalar(chosen));
        }
    }
    Val::from_pieces(cell.paragraphs.iter().flat_map(piece).collect())
}

/// The insats's name and the rest: the cell's first bold run (up to a line break or the end of
/// its paragraph), else its first line.
pub fn split_name(cell: &Cell) -> (String, Vec<Piece>) {
    let mut paragraphs = cell
        .paragraphs
        .iter()
        .skip_while(|p| p.trimmed().is_empty());
    let Some(first) = paragraphs.next() else {
        return (String::new(), Vec::new());
    };
    let text = first.trimmed();
    let (name, rest) = match first
        .bold_lead
        .as_deref()
        .and_then(|lead| text.strip_prefix(lead).map(|r| (lead, r)))
    {
        Some((lead, rest)) => (lead.to_string(), rest),
        None => match text.split_once('\n') {
            Some((line, rest)) => (line.trim().to_string(), rest),
            None => (text.to_string(), ""),
        },
    };
    let mut pieces = pieces_of(rest.trim(), first.list);
    pieces.extend(paragraphs.flat_map(piece));
    (name, pieces)
}

/// "Hur har det gått? (uppföljning)" → ("Hur har det gått?", "uppföljning"), the kind written as
/// the template spells it.
pub fn split_kind(text: &str, kinds: &[&str]) -> Option<(String, String)> {
    let t = text.trim();
    let inner_start = t.strip_suffix(')')?.rfind('(')?;
    let inner = t.get(inner_start + 1..t.len() - 1)?;
    let kind = kinds.iter().find(|k| fold(k) == fold(inner))?;
    let name = t.get(..inner_start)?.trim();
    Some((name.to_string(), kind.to_string()))
}

/// A cell spans this many grid columns at most (a bound against a hostile `w:gridSpan`).
const MAX_SPAN: usize = 64;

/// The rows laid on the table's grid, as the author sees them: a cell spanning several columns
/// is followed by empty cells for the others it covers, and a cell continuing the one above (a
/// vertical merge) shows that cell's paragraphs.
pub fn grid(rows: &[Row]) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::with_capacity(rows.len());
    for row in rows {
        let mut cells: Vec<Cell> = Vec::with_capacity(row.cells.len());
        for cell in &row.cells {
            let mut c = cell.clone();
            if cell.merged_above
                && let Some(above) = out.last().and_then(|r| r.cells.get(cells.len()))
            {
                c.paragraphs = above.paragraphs.clone();
            }
            cells.push(c);
            for _ in 1..cell.span.clamp(1, MAX_SPAN) {
                cells.push(Cell::default());
            }
        }
        out.push(Row {
            header: row.header,
            cells,
        });
    }
    out
}
