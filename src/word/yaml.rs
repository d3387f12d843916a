//! The imported values as YAML in the form of docs/FORMAT.md: the schema modeline, keys in the
//! template's order with its headings and questions as comments, prose as `|` blocks wrapped at
//! about 100 characters, long cells as `>-`, and what could not be placed as `# import:` lines.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::cells::{Piece, Val};
use crate::document::child_pointer;
use crate::template::{SchemaNode, Template};

const WIDTH: usize = 100;

/// What the document gave, by JSON pointer.
#[derive(Debug, Default)]
pub struct Values {
    pub leaves: HashMap<String, Val>,
    pub rows: HashMap<String, Vec<Vec<(String, Val)>>>,
    /// By the pointer of the section they stood in ("" before any).
    pub comments: Vec<(String, String)>,
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

    fn comments_under<'v>(&'v self, pointer: &'v str) -> impl Iterator<Item = &'v str> + 'v {
        let prefix = format!("{pointer}/");
        self.comments
            .iter()
            .filter(move |(k, _)| k == pointer || k.starts_with(&prefix))
            .map(|(_, c)| c.as_str())
    }
}

pub fn write(template: &Template, head: &Head<'_>, values: &Values) -> String {
    let mut w = Writer {
        out: String::new(),
        values,
        year: head.year,
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
        w.scalar_line("", "region", r, 0);
    }
    if let Some(y) = head.year {
        let _ = writeln!(w.out, "rapportar: {y}");
    }
    let Some(root) = template.node("") else {
        return w.out;
    };
    if let Some(node) = root.child("strategi") {
        w.strategy(&head.strategy, node);
    }
    w.object(root, "", 0);
    for c in values.comments.iter().filter(|(k, _)| k.is_empty()) {
        w.comment(0, &c.1);
    }
    w.out
}

struct Writer<'v> {
    out: String,
    values: &'v Values,
    year: Option<i64>,
}

impl Writer<'_> {
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
                for row in rows {
                    let mut first = true;
                    for k in &order {
                        let Some((_, v)) = row.iter().find(|(rk, _)| rk == k) else {
                            continue;
                        };
                        let prefix = format!("{pad}  {}", if first { "- " } else { "  " });
                        first = false;
                        self.value(&prefix, k, v, indent + 4);
                    }
                }
            } else if let Some(v) = self.values.leaves.get(&at) {
                if let Some(q) = child.question() {
                    self.plain_comment(indent, q);
                }
                self.value(&pad, key, v, indent);
            } else if self.values.has_values(&at) {
                if indent == 0 {
                    self.out.push('\n');
                }
                if let Some(title) = child.title(self.year) {
                    self.plain_comment(indent, &title);
                } else if let Some(q) = child.question() {
                    self.plain_comment(indent, q);
                }
                let _ = writeln!(self.out, "{pad}{key}:");
                self.object(child, &at, indent + 2);
                let own: Vec<String> = self
                    .values
                    .comments
                    .iter()
                    .filter(|(k, _)| *k == at)
                    .map(|(_, c)| c.clone())
                    .collect();
                for c in own {
                    self.comment(indent + 2, &c);
                }
            } else {
                // Nothing placed here, but something stood here that could not be placed.
                let lost: Vec<String> = self.values.comments_under(&at).map(String::from).collect();
                for c in lost {
                    self.comment(indent, &c);
                }
            }
        }
    }

    /// `key: value` where `prefix` is what precedes the key; block content at `indent + 2`.
    fn value(&mut self, prefix: &str, key: &str, v: &Val, indent: usize) {
        match v {
            Val::Scalar(s) => self.scalar_line(prefix, key, s, indent),
            Val::Prose(pieces) => {
                let _ = writeln!(self.out, "{prefix}{key}: |");
                self.prose(pieces, indent + 2);
            }
        }
    }

    fn scalar_line(&mut self, prefix: &str, key: &str, s: &str, indent: usize) {
        let s = clean(s);
        let width = WIDTH.saturating_sub(indent + 2).max(40);
        if prefix.len() + key.len() + s.chars().count() + 2 > WIDTH && !s.contains("  ") {
            let _ = writeln!(self.out, "{prefix}{key}: >-");
            let pad = " ".repeat(indent + 2);
            for line in wrap(&s, width) {
                let _ = writeln!(self.out, "{pad}{line}");
            }
        } else if plain_ok(&s) {
            let _ = writeln!(self.out, "{prefix}{key}: {s}");
        } else {
            let _ = writeln!(self.out, "{prefix}{key}: {}", yaml_quoted(&s));
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

/// Control characters out (YAML refuses most of them); tabs and line separators as spaces.
fn clean(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{A0}' => Some(' '),
            '\u{FEFF}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Words into lines of at most `width` characters (a longer word stands alone).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let n = word.chars().count();
        if len > 0 && len + 1 + n > width {
            lines.push(std::mem::take(&mut line));
            len = 0;
        }
        if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += n;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn plain_ok(s: &str) -> bool {
    !s.is_empty()
        && s.trim() == s
        && !s.contains(['\n', '\t'])
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`+.".contains(c) || c.is_ascii_digit())
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !matches!(
            s.to_lowercase().as_str(),
            "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
}

/// A double-quoted YAML scalar (JSON's string syntax is a subset of YAML's).
pub fn yaml_quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}
