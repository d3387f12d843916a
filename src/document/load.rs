//! The event builder: `saphyr-parser` events → a JSON value and the span table, with an explicit
//! stack, the limits, anchors and aliases, and duplicate keys.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use serde_json::{Map, Value};

use super::errors::{describe, next_char_end};
use super::input::SourceInput;
use super::resolve::resolve;
use super::{Document, Limits, NodeKind, NodeSpan, Style, child_pointer};
use crate::diagnostic::{Code, Diagnostic, Related};
use crate::i18n::{Lang, plural};
use crate::source::{CharToByte, FileId, Span};

enum Frame {
    Seq {
        items: Vec<Value>,
        pointer: String,
        start: usize,
        end: usize,
        key: Option<Span>,
        anchor: usize,
        nodes: usize,
    },
    Map {
        entries: Map<String, Value>,
        pointer: String,
        start: usize,
        end: usize,
        key: Option<Span>,
        anchor: usize,
        nodes: usize,
        slot: Slot,
        /// Spans of keys already seen, to label duplicates.
        seen: foldhash::HashMap<String, Span>,
    },
}

/// What a mapping expects next.
enum Slot {
    Key,
    /// The value of this key.
    Value(String, Span),
    /// The value of a duplicate or unusable key, to be thrown away.
    Discard,
}

/// A collection being skipped, built only for the anchors in it.
struct Skipped {
    anchor: usize,
    nodes: usize,
    items: Vec<Value>,
    /// For a mapping: its entries and the key waiting for its value.
    map: Option<(Map<String, Value>, Option<String>)>,
}

impl Skipped {
    fn new(is_map: bool, anchor: usize) -> Skipped {
        Skipped {
            anchor,
            nodes: 1,
            items: Vec::new(),
            map: is_map.then(|| (Map::new(), None)),
        }
    }

    fn add(&mut self, value: Value, nodes: usize) {
        self.nodes = self.nodes.saturating_add(nodes);
        match &mut self.map {
            None => self.items.push(value),
            Some((entries, pending)) => match pending.take() {
                Some(key) => {
                    entries.entry(key).or_insert(value);
                }
                None => {
                    *pending = Some(match value {
                        Value::String(s) => s,
                        other => other.to_string(),
                    })
                }
            },
        }
    }

    /// The value, its node count and its anchor.
    fn finish(self) -> (Value, usize, usize) {
        let value = match self.map {
            Some((entries, _)) => Value::Object(entries),
            None => Value::Array(self.items),
        };
        (value, self.nodes, self.anchor)
    }
}

/// What a finished node hands to its parent.
struct Built {
    value: Value,
    nodes: usize,
}

struct Loader<'a> {
    text: &'a str,
    file: FileId,
    lang: Lang,
    limits: Limits,
    pos: CharToByte<'a>,
    doc: Document,
    diagnostics: Vec<Diagnostic>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Value, usize)>,
    total_nodes: usize,
    /// Values being skipped (a complex key or a duplicate's value), still built so that anchors
    /// inside them can be used by aliases later on.
    skipped: Vec<Skipped>,
    failed: bool,
    /// Called with every string the document keeps as a value, in the order they are read.
    on_string: &'a mut dyn FnMut(&str),
}

/// About as many nodes as the report has keys and block sequence items: its colons, and the
/// dashes that stand alone between white space (prose has a few of these, a hyphen in "hälso- och"
/// is not one; a flow collection's items have neither). Sizing the span table for them spares it
/// growing and rehashing every pointer several times. Sized by lines, as before, the Skåne
/// report's table had 2,048 buckets (180 kB, written at random, so every page faulted in) for 484
/// nodes; now 1,024. Capped, so a huge file reserves no more than a few MB before its nodes are
/// counted against `Limits`.
pub(super) fn expected_nodes(text: &str) -> usize {
    const MAX: usize = 1 << 16;
    let bytes = text.as_bytes();
    let blank = |at: Option<usize>| {
        at.and_then(|i| bytes.get(i))
            .is_none_or(|b| matches!(b, b' ' | b'\n' | b'\r'))
    };
    memchr::memchr2_iter(b':', b'-', bytes)
        .filter(|&i| bytes.get(i) == Some(&b':') || (blank(i.checked_sub(1)) && blank(Some(i + 1))))
        .take(MAX)
        .count()
        + 1
}

/// Loads the first YAML document of `text`.
pub fn load(text: &str, file: FileId, limits: Limits, lang: Lang) -> (Document, Vec<Diagnostic>) {
    load_with(text, file, limits, lang, &mut |_| {})
}

/// `load`, calling `on_string` with each string scalar as it is read, when it is to be the value
/// of a key or an item of a list (not a key, nor a value thrown away). They come in document
/// order; aliases are not repeated and a document that turns out to be fatal may have sent some.
pub fn load_with<'a>(
    text: &'a str,
    file: FileId,
    limits: Limits,
    lang: Lang,
    on_string: &'a mut dyn FnMut(&str),
) -> (Document, Vec<Diagnostic>) {
    let mut loader = Loader {
        text,
        file,
        lang,
        limits,
        pos: CharToByte::new(text),
        doc: Document {
            value: None,
            spans: foldhash::HashMap::with_capacity_and_hasher(
                expected_nodes(text),
                Default::default(),
            ),
        },
        diagnostics: Vec::new(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        total_nodes: 0,
        skipped: Vec::new(),
        failed: false,
        on_string,
    };
    loader.run();
    (loader.doc, loader.diagnostics)
}

impl<'a> Loader<'a> {
    fn run(&mut self) {
        let mut documents = 0usize;
        let mut parser = Parser::new(SourceInput::new(self.text));
        loop {
            let (event, span) = match parser.next_event() {
                None => break,
                Some(Ok(ev)) => ev,
                Some(Err(err)) => {
                    let offset = self.pos.byte(err.marker().index());
                    self.syntax_error(offset, err.info());
                    return;
                }
            };
            let start = self.pos.byte(span.start.index());
            let end = self.pos.byte(span.end.index());
            match event {
                Event::StreamStart | Event::StreamEnd | Event::Nothing | Event::DocumentEnd => {}
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        // An implicit document start has an empty span: label up to three
                        // characters (the `---` when there is one), never part of a character.
                        let end = if end > start {
                            end
                        } else {
                            self.text.get(start..).map_or(start, |rest| {
                                start + rest.char_indices().nth(3).map_or(rest.len(), |(i, _)| i)
                            })
                        };
                        let d = Diagnostic::new(Code::AR005, Span::new(start, end))
                            .file(self.file)
                            .message(self.lang.pick(
                                "filen innehåller fler än ett YAML-dokument",
                                "the file holds more than one YAML document",
                            ))
                            .help(self.lang.pick(
                                "en rapport är ett enda dokument: ta bort `---` och det som följer, eller dela upp filen",
                                "a report is a single document: remove the `---` and what follows, or split the file",
                            ));
                        self.diagnostics.push(d);
                        return;
                    }
                }
                Event::Alias(id) => self.alias(id, start, end),
                Event::Scalar(value, style, anchor, tag) => {
                    self.scalar(&value, style, anchor, tag.as_deref(), start, end)
                }
                Event::SequenceStart(anchor, _) => self.open(false, anchor, start, end),
                Event::MappingStart(anchor, _) => self.open(true, anchor, start, end),
                Event::SequenceEnd | Event::MappingEnd => self.close(end),
            }
            if self.failed {
                return;
            }
        }
    }

    fn syntax_error(&mut self, offset: usize, info: &str) {
        if info.contains("recursion limit") {
            let d = Diagnostic::new(Code::AR005, Span::at(offset))
                .file(self.file)
                .message(self.lang.pick(
                    "YAML-strukturen är för djupt nästlad för parsern",
                    "the YAML structure is nested too deeply for the parser",
                ))
                .help(self.depth_help());
            self.diagnostics.push(d);
            return;
        }
        let e = describe(self.text, offset, info, self.lang);
        let d = Diagnostic::new(
            Code::AR001,
            Span::new(e.offset, next_char_end(self.text, e.offset)),
        )
        .file(self.file)
        .message(e.message)
        .help(e.help);
        self.diagnostics.push(d);
        self.doc.value = None;
    }

    fn depth_help(&self) -> String {
        self.lang.pick(
            &format!(
                "högst {} är tillåtna; en rapport behöver färre än tio",
                plural(self.limits.max_depth, "nivå", "nivåer")
            ),
            &format!(
                "at most {} are allowed; a report needs fewer than ten",
                plural(self.limits.max_depth, "level", "levels")
            ),
        )
    }

    /// The pointer and key span of the value that comes next; `None` when it is to be discarded.
    fn next_value_slot(&self) -> Option<(String, Option<Span>)> {
        match self.stack.last() {
            None => Some((String::new(), None)),
            Some(Frame::Seq { items, pointer, .. }) => {
                Some((child_pointer(pointer, &items.len().to_string()), None))
            }
            Some(Frame::Map {
                slot: Slot::Value(k, span),
                pointer,
                ..
            }) => Some((child_pointer(pointer, k), Some(*span))),
            Some(Frame::Map { .. }) => None,
        }
    }

    /// Marks the value that comes next as consumed (it was discarded, or skipped whole).
    fn consume_slot(&mut self) {
        if let Some(Frame::Map { slot, .. }) = self.stack.last_mut() {
            *slot = Slot::Key;
        }
    }

    fn at_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame::Map {
                slot: Slot::Key,
                ..
            })
        )
    }

    fn count_node(&mut self, n: usize, offset: usize) -> bool {
        self.total_nodes = self.total_nodes.saturating_add(n);
        if self.total_nodes > self.limits.max_nodes {
            let d = Diagnostic::new(Code::AR005, Span::at(offset))
                .file(self.file)
                .message(self.lang.pick(
                    &format!(
                        "dokumentet blir större än {} när alias expanderas",
                        plural(self.limits.max_nodes, "nod", "noder")
                    ),
                    &format!(
                        "the document grows past {} when aliases are expanded",
                        plural(self.limits.max_nodes, "node", "nodes")
                    ),
                ))
                .help(self.lang.pick(
                    "ankare och alias (`&`/`*`) behövs inte i en rapport: skriv ut texten",
                    "anchors and aliases (`&`/`*`) are not needed in a report: write the text out",
                ));
            self.diagnostics.push(d);
            self.failed = true;
            return false;
        }
        true
    }

    fn open(&mut self, is_map: bool, anchor: usize, start: usize, end: usize) {
        if self.stack.len() + self.skipped.len() >= self.limits.max_depth {
            let d = Diagnostic::new(Code::AR005, Span::new(start, end))
                .file(self.file)
                .message(self.lang.pick(
                    &format!("nästlingsdjupet överstiger {}", self.limits.max_depth),
                    &format!("nesting depth exceeds {}", self.limits.max_depth),
                ))
                .help(self.depth_help());
            self.diagnostics.push(d);
            self.failed = true;
            return;
        }
        if !self.skipped.is_empty() {
            if self.count_node(1, start) {
                self.skipped.push(Skipped::new(is_map, anchor));
            }
            return;
        }
        if self.at_key() {
            // A collection used as a key cannot become a JSON key: skip it and its value.
            let d = Diagnostic::new(Code::AR103, Span::new(start, end))
                .file(self.file)
                .message(self.lang.pick(
                    "en nyckel måste vara text, inte en lista eller mappning",
                    "a key must be text, not a list or a mapping",
                ));
            self.diagnostics.push(d);
            if let Some(Frame::Map { slot, .. }) = self.stack.last_mut() {
                *slot = Slot::Discard;
            }
            self.skipped.push(Skipped::new(is_map, anchor));
            return;
        }
        if !self.count_node(1, start) {
            return;
        }
        let Some((pointer, key)) = self.next_value_slot() else {
            self.consume_slot();
            self.skipped.push(Skipped::new(is_map, anchor));
            return;
        };
        let frame = if is_map {
            Frame::Map {
                entries: Map::new(),
                pointer,
                start,
                end,
                key,
                anchor,
                nodes: 1,
                slot: Slot::Key,
                seen: foldhash::HashMap::default(),
            }
        } else {
            Frame::Seq {
                items: Vec::new(),
                pointer,
                start,
                end,
                key,
                anchor,
                nodes: 1,
            }
        };
        self.stack.push(frame);
    }

    fn close(&mut self, end_marker: usize) {
        if let Some(done) = self.skipped.pop() {
            let (value, nodes, anchor) = done.finish();
            if anchor != 0 {
                self.anchors.insert(anchor, (value.clone(), nodes));
            }
            if let Some(parent) = self.skipped.last_mut() {
                parent.add(value, nodes);
            }
            return;
        }
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let (value, pointer, start, last_end, key, anchor, nodes, kind) = match frame {
            Frame::Seq {
                items,
                pointer,
                start,
                end,
                key,
                anchor,
                nodes,
            } => (
                Value::Array(items),
                pointer,
                start,
                end,
                key,
                anchor,
                nodes,
                NodeKind::Seq,
            ),
            Frame::Map {
                entries,
                pointer,
                start,
                end,
                key,
                anchor,
                nodes,
                ..
            } => (
                Value::Object(entries),
                pointer,
                start,
                end,
                key,
                anchor,
                nodes,
                NodeKind::Map,
            ),
        };
        // Flow collections end at their closing bracket; block ones at their last child.
        let end = if self
            .text
            .get(end_marker.saturating_sub(1)..end_marker)
            .is_some_and(|c| c == "]" || c == "}")
        {
            end_marker
        } else {
            last_end.max(start)
        };
        let span = Span::new(start, end);
        self.doc.spans.insert(
            pointer,
            NodeSpan {
                key,
                value: span,
                content: span,
                kind,
                file: self.file,
            },
        );
        if anchor != 0 {
            self.anchors.insert(anchor, (value.clone(), nodes));
        }
        self.push_value(Built { value, nodes }, end);
    }

    fn push_value(&mut self, built: Built, end: usize) {
        match self.stack.last_mut() {
            None => self.doc.value = Some(built.value),
            Some(Frame::Seq {
                items,
                end: e,
                nodes,
                ..
            }) => {
                items.push(built.value);
                *e = (*e).max(end);
                *nodes = nodes.saturating_add(built.nodes);
            }
            Some(Frame::Map {
                entries,
                slot,
                end: e,
                nodes,
                ..
            }) => {
                if let Slot::Value(k, _) = std::mem::replace(slot, Slot::Key) {
                    entries.insert(k, built.value);
                    *nodes = nodes.saturating_add(built.nodes);
                }
                *e = (*e).max(end);
            }
        }
    }

    fn alias(&mut self, id: usize, start: usize, end: usize) {
        let Some((value, nodes)) = self.anchors.get(&id).cloned() else {
            // The parser already rejects unknown aliases; be safe anyway.
            self.syntax_error(start, "unknown alias");
            self.failed = true;
            return;
        };
        if !self.count_node(nodes, start) {
            return;
        }
        if let Some(skipped) = self.skipped.last_mut() {
            skipped.add(value, nodes);
            return;
        }
        if self.at_key() {
            let key = match &value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            self.key(key, Span::new(start, end));
            return;
        }
        if let Some((pointer, key)) = self.next_value_slot() {
            let span = Span::new(start, end);
            let kind = kind_of(&value);
            self.doc.spans.insert(
                pointer,
                NodeSpan {
                    key,
                    value: span,
                    content: span,
                    kind,
                    file: self.file,
                },
            );
        }
        self.push_value(Built { value, nodes }, end);
    }

    fn key(&mut self, key: String, span: Span) {
        let file = self.file;
        let lang = self.lang;
        let mut duplicate = None;
        if let Some(Frame::Map { slot, seen, .. }) = self.stack.last_mut() {
            if let Some(first) = seen.get(&key) {
                duplicate = Some(*first);
                *slot = Slot::Discard;
            } else {
                seen.insert(key.clone(), span);
                *slot = Slot::Value(key.clone(), span);
            }
        }
        if let Some(first) = duplicate {
            let d = Diagnostic::new(Code::AR002, span)
                .file(file)
                .message(lang.pick(
                    &format!("nyckeln `{key}` förekommer två gånger i samma mappning"),
                    &format!("the key `{key}` occurs twice in the same mapping"),
                ))
                .help(lang.pick(
                    "slå ihop de två värdena under en nyckel; bara det första läses",
                    "merge the two values under one key; only the first is read",
                ))
                .label(lang.pick("andra förekomsten", "second occurrence"))
                .related(Related::new(
                    first,
                    lang.pick("första förekomsten", "first occurrence"),
                ));
            self.diagnostics.push(d);
        }
    }

    fn scalar(
        &mut self,
        raw: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        start: usize,
        end: usize,
    ) {
        if !self.count_node(1, start) {
            return;
        }
        let (value, kind) = resolve(raw, style, tag);
        if let Some(skipped) = self.skipped.last_mut() {
            if anchor != 0 {
                self.anchors.insert(anchor, (value.clone(), 1));
            }
            skipped.add(value, 1);
            return;
        }
        let (value_span, content) = self.scalar_span(style, start, end);
        if self.at_key() {
            let key = match value {
                Value::String(s) => s,
                _ => raw.to_string(),
            };
            if anchor != 0 {
                self.anchors.insert(anchor, (Value::String(key.clone()), 1));
            }
            self.key(key, value_span);
            return;
        }
        if let Some((pointer, key)) = self.next_value_slot() {
            self.doc.spans.insert(
                pointer,
                NodeSpan {
                    key,
                    value: value_span,
                    content,
                    kind,
                    file: self.file,
                },
            );
            if let Value::String(s) = &value {
                (self.on_string)(s);
            }
        }
        if anchor != 0 {
            self.anchors.insert(anchor, (value.clone(), 1));
        }
        self.push_value(Built { value, nodes: 1 }, value_span.end);
    }

    /// Block scalars: the parser's span starts at the content; widen it to the `|`/`>` header and
    /// trim the trailing line breaks so labels cover just the text.
    fn scalar_span(&self, style: ScalarStyle, start: usize, end: usize) -> (Span, Span) {
        if !matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
            return (Span::new(start, end), Span::new(start, end));
        }
        let trimmed_end = start + self.text.get(start..end).map_or(0, |s| s.trim_end().len());
        let content = Span::new(start, trimmed_end);
        let before = self.text.get(..start).unwrap_or("");
        let header = before.rfind(['|', '>']).filter(|&i| {
            let between = &before[i + 1..];
            // Between the indicator and the content only indicators, blanks and a comment.
            let mut in_comment = false;
            between.chars().all(|c| {
                if c == '#' {
                    in_comment = true;
                }
                if c == '\n' {
                    in_comment = false;
                }
                in_comment || c.is_whitespace() || c == '-' || c == '+' || c.is_ascii_digit()
            })
        });
        (Span::new(header.unwrap_or(start), trimmed_end), content)
    }
}

fn kind_of(value: &Value) -> NodeKind {
    match value {
        Value::Null => NodeKind::Null,
        Value::Bool(_) => NodeKind::Bool,
        Value::Number(n) if n.is_f64() => NodeKind::Float,
        Value::Number(_) => NodeKind::Int,
        Value::String(_) => NodeKind::Str(Style::Plain),
        Value::Array(_) => NodeKind::Seq,
        Value::Object(_) => NodeKind::Map,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The span table is sized by keys and block items, a hyphen not counted, and never for more
    /// than 65,536 nodes up front: a file of a million keys reserves no more than that.
    #[test]
    fn the_span_table_is_sized_by_keys_and_items_up_to_a_cap() {
        assert_eq!(expected_nodes(""), 1);
        assert_eq!(expected_nodes("a: 1\nb: 2\n"), 3);
        // The last dash stands alone in prose and counts: an estimate.
        assert_eq!(expected_nodes("a:\n  - x\n  -\n  - hälso- och -1 -\n"), 6);
        assert_eq!(expected_nodes(&"a:\n".repeat(1_000_000)), 65_537);
    }
}
