//! The imported values as YAML in the form of docs/FORMAT.md: the schema modeline, keys in the
//! template's order with its headings and questions as comments, prose as `|` blocks wrapped at
//! about 100 characters, long cells as `>-`, and what could not be placed as `# import:` lines.
//! Every value written, and every comment, records its byte range and its Word place.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::cells::{Piece, Val};
use super::scalar::{clean, plain_ok, wrap, yaml_quoted};
use crate::document::child_pointer;
use crate::place::{WordLocation, WordMap};
use crate::source::Span;
use crate::template::{SchemaNode, Template};

const WIDTH: usize = 100;

/// What the document gave, by JSON pointer.
#[derive(Debug, Default)]
pub struct Values {
    pub leaves: HashMap<String, Val>,
    pub rows: HashMap<String, Vec<Vec<(String, Val)>>>,
    /// `# import:` comments, in the order of `Imported::unplaced`.
    pub comments: Vec<Comment>,
    /// Where values, table rows, sections and questions came from, by JSON pointer.
    pub places: HashMap<String, WordLocation>,
}

#[derive(Debug)]
pub struct Comment {
    /// The pointer of the section it stood in ("" before any).
    pub at: String,
    pub text: String,
    pub origin: WordLocation,
}

/// The YAML text, the Word places of its ranges, and each comment's range.
pub struct Written {
    pub yaml: String,
    pub map: WordMap,
    pub comments: Vec<Span>,
}

pub enum Strategy {
    File(String),
    Skeleton,
    Omitted,
}

pub struct Head<'a> {
    pub schema_path: &'a str,
    pub mall: Option<&'a str>,
    pub region: Option<&'a str>,
    pub year: Option<i64>,
    pub strategy: Strategy,
}

impl Values {
    fn has_values(&self, pointer: &str) -> bool {
        let prefix = format!("{pointer}/");
        let under = |k: &String| k == pointer || k.starts_with(&prefix);
        self.leaves.keys().any(under) || self.rows.iter().any(|(k, r)| !r.is_empty() && under(k))
    }

    /// The indices of the comments at `pointer` or below it.
    fn comments_under(&self, pointer: &str) -> Vec<usize> {
        let prefix = format!("{pointer}/");
        let under = |k: &String| k == pointer || k.starts_with(&prefix);
        (0..self.comments.len())
            .filter(|i| self.comments.get(*i).is_some_and(|c| under(&c.at)))
            .collect()
    }
}

pub fn write(template: &Template, head: &Head<'_>, values: &Values) -> Written {
    let mut w = Writer {
        out: String::new(),
        values,
        year: head.year,
        map: WordMap::default(),
        comments: vec![None; values.comments.len()],
    };
    let _ = writeln!(
        w.out,
        "# yaml-language-server: $schema={}",
        head.schema_path
    );
    if let Some(m) = head.mall {
        w.scalar_line("", "mall", m, 0);
    }
    if let Some(r) = head.region {
        let span = w.scalar_line("", "region", r, 0);
        w.mark(span, "/region");
    }
    if let Some(y) = head.year {
        let start = w.out.len() + "rapportar: ".len();
        let _ = writeln!(w.out, "rapportar: {y}");
        w.mark(Span::new(start, w.out.len() - 1), "/rapportar");
    }
    if let Some(root) = template.node("") {
        if let Some(node) = root.child("strategi") {
            w.strategy(&head.strategy, node);
        }
        w.object(root, "", 0);
    }
    // Comments before any section, and any the template's layout left unwritten.
    for i in 0..values.comments.len() {
        if w.comments.get(i).is_some_and(Option::is_none) {
            w.import_comment(0, i);
        }
    }
    let comments = w.comments.iter().map(|s| s.unwrap_or_default()).collect();
    Written {
        yaml: w.out,
        map: w.map,
        comments,
    }
}

struct Writer<'v> {
    out: String,
    values: &'v Values,
    year: Option<i64>,
    map: WordMap,
    /// Each comment's range once written.
    comments: Vec<Option<Span>>,
}

impl Writer<'_> {
    /// `span` came from the place recorded for `pointer`, if any.
    fn mark(&mut self, span: Span, pointer: &str) {
        if let Some(l) = self.values.places.get(pointer) {
            self.map.push(span, l.clone());
        }
    }

    /// The range from `start` to the end of what is written, its last line break left out.
    fn since(&self, start: usize) -> Span {
        let end = self.out.len();
        Span::new(
            start,
            end.saturating_sub(usize::from(self.out.ends_with('\n'))),
        )
    }

    fn strategy(&mut self, strategy: &Strategy, node: SchemaNode<'_>) {
        let placeholder = |key: &str, n: Option<SchemaNode<'_>>| {
            let what = n.and_then(|n| n.description()).unwrap_or(key);
            yaml_quoted(&format!("[fyll i: {what}]"))
        };
        match strategy {
            Strategy::Omitted => {}
            Strategy::File(path) => {
                self.out.push_str("\nstrategi:\n");
                self.scalar_line("  ", "fil", path, 2);
            }
            Strategy::Skeleton => {
                self.out.push('\n');
                self.comment(
                    0,
                    "strategin står inte i Word-dokumentet: fyll i den här, eller skriv `strategi: { fil: … }` med en strategifil",
                );
                self.out.push_str("strategi:\n");
                for key in ["namn", "malbegrepp"] {
                    let value = placeholder(key, node.child(key));
                    let _ = writeln!(self.out, "  {key}: {value}");
                }
                let goal = node.child("mal").and_then(|m| m.child("0"));
                let text = placeholder("text", goal.and_then(|g| g.child("text")));
                let _ = writeln!(self.out, "  mal:\n    - id: \"1\"\n      text: {text}");
            }
        }
    }

    fn object(&mut self, node: SchemaNode<'_>, pointer: &str, indent: usize) {
        let pad = " ".repeat(indent);
        for key in answer_order(node) {
            if pointer.is_empty() && matches!(key, "mall" | "region" | "rapportar" | "strategi") {
                continue;
            }
            let Some(child) = node.child(key) else {
                continue;
            };
            let at = child_pointer(pointer, key);
            if let Some(columns) = child.columns() {
                let Some(rows) = self.values.rows.get(&at).filter(|r| !r.is_empty()) else {
                    continue;
                };
                let order: Vec<&str> = columns
                    .iter()
                    .flat_map(|c| c.keys.iter().map(String::as_str))
                    .collect();
                let _ = writeln!(self.out, "{pad}{key}:");
                for (i, row) in rows.iter().enumerate() {
                    let start = self.out.len();
                    let row_at = format!("{at}/{i}");
                    let mut first = true;
                    for k in &order {
                        let Some((_, v)) = row.iter().find(|(rk, _)| rk == k) else {
                            continue;
                        };
                        let prefix = format!("{pad}  {}", if first { "- " } else { "  " });
                        first = false;
                        self.value(&prefix, k, v, indent + 4, &format!("{row_at}/{k}"));
                    }
                    let span = self.since(start + pad.len() + 2);
                    self.mark(span, &row_at);
                }
            } else if let Some(v) = self.values.leaves.get(&at) {
                if let Some(q) = child.question() {
                    self.plain_comment(indent, q);
                }
                self.value(&pad, key, v, indent, &at);
            } else if self.values.has_values(&at) {
                if indent == 0 {
                    self.out.push('\n');
                }
                let start = self.out.len();
                if let Some(title) = child.title(self.year) {
                    self.plain_comment(indent, &title);
                } else if let Some(q) = child.question() {
                    self.plain_comment(indent, q);
                }
                let _ = writeln!(self.out, "{pad}{key}:");
                self.object(child, &at, indent + 2);
                let own: Vec<usize> = (0..self.values.comments.len())
                    .filter(|i| self.values.comments.get(*i).is_some_and(|c| c.at == at))
                    .collect();
                for i in own {
                    self.import_comment(indent + 2, i);
                }
                let span = self.since(start);
                self.mark(span, &at);
            } else {
                // Nothing placed here, but something stood here that could not be placed.
                for i in self.values.comments_under(&at) {
                    self.import_comment(indent, i);
                }
            }
        }
    }

    /// `key: value` where `prefix` is what precedes the key; block content at `indent + 2`. The
    /// value's range gets the place recorded for `at` (a block: its paragraphs' places).
    fn value(&mut self, prefix: &str, key: &str, v: &Val, indent: usize, at: &str) {
        match v {
            Val::Scalar(s) => {
                let span = self.scalar_line(prefix, key, s, indent);
                self.mark(span, at);
            }
            Val::Prose(pieces) => {
                let _ = writeln!(self.out, "{prefix}{key}: |");
                let start = self.out.len();
                self.prose(pieces, indent + 2);
                let span = self.since(start);
                match self.values.places.get(at) {
                    Some(l) => self.map.push(span, l.clone()),
                    None => {
                        if let Some(l) = block_location(pieces) {
                            self.map.push(span, l);
                        }
                    }
                }
            }
        }
    }

    /// Writes `key: value` and returns the value's range (a `>-` block: its lines).
    fn scalar_line(&mut self, prefix: &str, key: &str, s: &str, indent: usize) -> Span {
        let s = clean(s);
        let width = WIDTH.saturating_sub(indent + 2).max(40);
        if prefix.len() + key.len() + s.chars().count() + 2 > WIDTH && !s.contains("  ") {
            let _ = writeln!(self.out, "{prefix}{key}: >-");
            let start = self.out.len() + indent + 2;
            let pad = " ".repeat(indent + 2);
            for line in wrap(&s, width) {
                let _ = writeln!(self.out, "{pad}{line}");
            }
            self.since(start)
        } else {
            let start = self.out.len() + prefix.len() + key.len() + 2;
            if plain_ok(&s) {
                let _ = writeln!(self.out, "{prefix}{key}: {s}");
            } else {
                let _ = writeln!(self.out, "{prefix}{key}: {}", yaml_quoted(&s));
            }
            self.since(start)
        }
    }

    fn prose(&mut self, pieces: &[Piece], indent: usize) {
        let pad = " ".repeat(indent);
        let width = WIDTH.saturating_sub(indent).max(40);
        let mut previous_item = None;
        for p in pieces {
            if previous_item.is_some() && !(previous_item == Some(true) && p.item) {
                self.out.push('\n');
            }
            previous_item = Some(p.item);
            let start = self.out.len() + indent;
            let mut first = true;
            for line in clean(&p.text)
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
            {
                let (lead, rest) = if p.item && first {
                    ("- ", "  ")
                } else if p.item {
                    ("  ", "  ")
                } else {
                    ("", "")
                };
                first = false;
                for (i, part) in wrap(line, width - lead.len()).iter().enumerate() {
                    let l = if i == 0 { lead } else { rest };
                    let _ = writeln!(self.out, "{pad}{l}{part}");
                }
            }
            if let Some(l) = &p.at {
                let span = self.since(start);
                self.map.push(span, l.clone());
            }
        }
    }

    /// The `# import:` comment `index` of `Values::comments`, its range and place recorded.
    fn import_comment(&mut self, indent: usize, index: usize) {
        let Some(c) = self.values.comments.get(index) else {
            return;
        };
        let start = self.out.len() + indent;
        self.comment(indent, &c.text);
        let span = self.since(start);
        self.map.push(span, c.origin.clone());
        if let Some(slot) = self.comments.get_mut(index) {
            *slot = Some(span);
        }
    }

    fn comment(&mut self, indent: usize, text: &str) {
        let pad = " ".repeat(indent);
        let width = WIDTH.saturating_sub(indent + 12).max(40);
        for (i, line) in wrap(&clean(text).replace('\n', " "), width)
            .iter()
            .enumerate()
        {
            let lead = if i == 0 { "# import: " } else { "#   " };
            let _ = writeln!(self.out, "{pad}{lead}{line}");
        }
    }

    fn plain_comment(&mut self, indent: usize, text: &str) {
        let pad = " ".repeat(indent);
        for line in text.lines() {
            let _ = writeln!(self.out, "{pad}# {line}");
        }
    }
}

/// A question's keys as the answer reads: the Ja/Nej choice, the short additions on its line,
/// then the required text; any other mapping in the template's order.
fn answer_order<'n>(node: SchemaNode<'n>) -> Vec<&'n str> {
    let mut keys = node.property_names();
    if node.question().is_some() {
        let required = node.required();
        let rank = |k: &&str| {
            if node.child(k).is_some_and(|c| c.is_yes_no()) {
                0
            } else if required.contains(k) {
                2
            } else {
                1
            }
        };
        keys.sort_by_key(rank);
    }
    keys
}

/// A block's place: its first paragraph's, showing the text of all its paragraphs.
fn block_location(pieces: &[Piece]) -> Option<WordLocation> {
    let mut located = pieces.iter().filter_map(|p| p.at.as_ref());
    let mut first = located.next()?.clone();
    let mut last = first.place.clone();
    for l in located {
        if l.place != last {
            first.text.push('\n');
            first.text.push_str(&l.text);
            last = l.place.clone();
        }
    }
    Some(first)
}
