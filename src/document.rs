//! YAML text → a `serde_json::Value` plus a table from JSON pointer to the spans of each key and
//! value. Built from `saphyr-parser` events with an explicit stack (no recursion), under the limits of
//! RULES.md (depth, alias expansion, one document), resolving scalars by the YAML 1.2 core schema.
//! Problems found while loading come back as diagnostics, never as `Err`.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use serde_json::{Map, Number, Value};

use crate::diagnostic::{Code, Diagnostic, Related};
use crate::i18n::Lang;
use crate::source::{CharToByte, FileId, Span};

/// Limits on untrusted input (RULES.md, "Limits").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: u64,
    pub max_depth: usize,
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 10 * 1024 * 1024,
            max_depth: 64,
            max_nodes: 100_000,
        }
    }
}

/// How a node was written, as far as rules care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Map,
    Seq,
    /// A string, with the style it was written in.
    Str(Style),
    Int,
    /// A float written in the source (so `2.10` is known to have been a float, not `2.1`).
    Float,
    /// `.inf`, `-.inf`, `.nan`: stored as 0 in the JSON value, reported as a number.
    NonFinite,
    Bool,
    Null,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

impl From<ScalarStyle> for Style {
    fn from(s: ScalarStyle) -> Self {
        match s {
            ScalarStyle::Plain => Style::Plain,
            ScalarStyle::SingleQuoted => Style::SingleQuoted,
            ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
            ScalarStyle::Literal => Style::Literal,
            ScalarStyle::Folded => Style::Folded,
        }
    }
}

/// Where one node stands in its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeSpan {
    /// The key's span when the node is a mapping value.
    pub key: Option<Span>,
    /// The value's span. For block scalars it starts at the `|`/`>` indicator; for block
    /// collections it ends with their last child.
    pub value: Span,
    /// For block scalars, where the content starts (after the header line).
    pub content: Span,
    pub kind: NodeKind,
    pub file: FileId,
}

impl NodeSpan {
    /// The span a diagnostic about this node should underline: its value, or its key where the
    /// value has no text of its own (`key:` with nothing after it).
    pub fn primary(&self) -> Span {
        match self.key {
            Some(k) if self.value.is_empty() => k,
            _ => self.value,
        }
    }
}

/// A loaded YAML document.
#[derive(Debug, Default)]
pub struct Document {
    /// `None` when the file holds no document at all (empty or only comments) or loading failed.
    pub value: Option<Value>,
    pub spans: HashMap<String, NodeSpan>,
}

impl Document {
    pub fn span(&self, pointer: &str) -> Option<&NodeSpan> {
        self.spans.get(pointer)
    }
}

pub fn escape_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Appends a key or index to a JSON pointer.
pub fn child_pointer(parent: &str, token: &str) -> String {
    let mut p = String::with_capacity(parent.len() + token.len() + 1);
    p.push_str(parent);
    p.push('/');
    p.push_str(&escape_token(token));
    p
}

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
        seen: HashMap<String, Span>,
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
    /// Depth of values being skipped (a complex key or a duplicate's value).
    skipping: usize,
    failed: bool,
}

/// Loads the first YAML document of `text`.
pub fn load(text: &str, file: FileId, limits: Limits, lang: Lang) -> (Document, Vec<Diagnostic>) {
    let mut loader = Loader {
        text,
        file,
        lang,
        limits,
        pos: CharToByte::new(text),
        doc: Document::default(),
        diagnostics: Vec::new(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        total_nodes: 0,
        skipping: 0,
        failed: false,
    };
    loader.run();
    (loader.doc, loader.diagnostics)
}

impl<'a> Loader<'a> {
    fn run(&mut self) {
        let mut documents = 0usize;
        let mut parser = Parser::new_from_str(self.text);
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
        let mut offset = offset;
        let help = syntax_help(self.text, &mut offset, info, self.lang);
        let d = Diagnostic::new(
            Code::AR001,
            Span::new(offset, next_char_end(self.text, offset)),
        )
        .file(self.file)
        .message(format!(
            "{}: {}",
            self.lang.pick("YAML-syntaxfel", "YAML syntax error"),
            if self.lang.is_sv() {
                parser_message_sv(info)
            } else {
                info.to_string()
            }
        ))
        .help(help);
        self.diagnostics.push(d);
        self.doc.value = None;
    }

    fn depth_help(&self) -> String {
        self.lang.pick(
            &format!(
                "högst {} nivåer är tillåtna; en rapport behöver färre än tio",
                self.limits.max_depth
            ),
            &format!(
                "at most {} levels are allowed; a report needs fewer than ten",
                self.limits.max_depth
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
                        "dokumentet blir större än {} noder när alias expanderas",
                        self.limits.max_nodes
                    ),
                    &format!(
                        "the document grows past {} nodes when aliases are expanded",
                        self.limits.max_nodes
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
        if self.skipping > 0 {
            self.skipping += 1;
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
            self.skipping = 1;
            return;
        }
        if self.stack.len() >= self.limits.max_depth {
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
        if !self.count_node(1, start) {
            return;
        }
        let Some((pointer, key)) = self.next_value_slot() else {
            self.consume_slot();
            self.skipping = 1;
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
                seen: HashMap::new(),
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
        if self.skipping > 0 {
            self.skipping -= 1;
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
        if self.skipping > 0 {
            return;
        }
        let Some((value, nodes)) = self.anchors.get(&id).cloned() else {
            // The parser already rejects unknown aliases; be safe anyway.
            self.syntax_error(start, "unknown alias");
            self.failed = true;
            return;
        };
        if !self.count_node(nodes, start) {
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
        if self.skipping > 0 {
            return;
        }
        if !self.count_node(1, start) {
            return;
        }
        let (value, kind) = resolve(raw, style, tag);
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

/// Resolves a scalar by the YAML 1.2 core schema (`yes`, `no`, `Ja`, `Nej` stay strings).
fn resolve(raw: &str, style: ScalarStyle, tag: Option<&Tag>) -> (Value, NodeKind) {
    let string = || (Value::String(raw.to_string()), NodeKind::Str(style.into()));
    if let Some(tag) = tag
        && tag.is_yaml_core_schema()
    {
        return match tag.suffix.as_str() {
            "str" => string(),
            "null" => (Value::Null, NodeKind::Null),
            "bool" => resolve_plain(raw)
                .filter(|(_, k)| *k == NodeKind::Bool)
                .unwrap_or_else(string),
            "int" => resolve_plain(raw)
                .filter(|(_, k)| *k == NodeKind::Int)
                .unwrap_or_else(string),
            "float" => resolve_plain(raw)
                .filter(|(_, k)| matches!(k, NodeKind::Float | NodeKind::Int | NodeKind::NonFinite))
                .unwrap_or_else(string),
            _ => string(),
        };
    }
    if style != ScalarStyle::Plain {
        return string();
    }
    resolve_plain(raw).unwrap_or_else(string)
}

fn resolve_plain(raw: &str) -> Option<(Value, NodeKind)> {
    match raw {
        "" | "~" | "null" | "Null" | "NULL" => return Some((Value::Null, NodeKind::Null)),
        "true" | "True" | "TRUE" => return Some((Value::Bool(true), NodeKind::Bool)),
        "false" | "False" | "FALSE" => return Some((Value::Bool(false), NodeKind::Bool)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => {
            return Some((Value::Number(Number::from(0)), NodeKind::NonFinite));
        }
        _ => {}
    }
    if let Some(hex) = raw.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16)
            .ok()
            .map(|n| (Value::Number(n.into()), NodeKind::Int));
    }
    if let Some(oct) = raw.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8)
            .ok()
            .map(|n| (Value::Number(n.into()), NodeKind::Int));
    }
    let digits = raw.strip_prefix(['-', '+']).unwrap_or(raw);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return match raw.parse::<i64>() {
            Ok(n) => Some((Value::Number(n.into()), NodeKind::Int)),
            // Too large for i64: still a number, kept as a float.
            Err(_) => raw
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map(|n| (Value::Number(n), NodeKind::Int)),
        };
    }
    if is_core_float(digits) {
        let n = raw
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .unwrap_or_else(|| Number::from(0));
        return Some((Value::Number(n), NodeKind::Float));
    }
    None
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_core_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => {
            int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
                && !(int.is_empty() && frac.is_empty())
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|b| b.is_ascii_digit()),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    mantissa_ok && exponent_ok && (mantissa.contains('.') || exponent.is_some())
}

fn next_char_end(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|s| s.chars().next())
        .map_or(offset, |c| offset + c.len_utf8())
}

/// A help line for the usual causes of a syntax error; may move `offset` to the real culprit
/// (a tab in indentation).
fn syntax_help(text: &str, offset: &mut usize, info: &str, lang: Lang) -> String {
    let line_start = text
        .get(..*offset)
        .map_or(0, |s| s.rfind('\n').map_or(0, |i| i + 1));
    let line = text
        .get(line_start..)
        .map_or("", |s| s.split('\n').next().unwrap_or(""));
    if info.contains("tab") || line.trim_start_matches(' ').starts_with('\t') {
        if let Some(i) = line.find('\t') {
            *offset = line_start + i;
        }
        return lang.pick(
            "YAML tillåter inte tabbar som indrag: använd mellanslag (två per nivå)",
            "YAML does not allow tabs for indentation: use spaces (two per level)",
        );
    }
    if info.contains("mapping values are not allowed") {
        return lang.pick(
            "texten innehåller `: ` och läses som en ny nyckel: skriv texten som ett `|`-block eller sätt den inom citattecken",
            "the text contains `: ` and is read as a new key: write the text as a `|` block or put it in quotes",
        );
    }
    if info.contains("did not find expected key") || info.contains("block mapping") {
        return lang.pick(
            "kontrollera indraget: nycklar på samma nivå ska börja i samma kolumn",
            "check the indentation: keys on the same level must start in the same column",
        );
    }
    if info.contains("quote") || info.contains("quoted") {
        return lang.pick(
            "ett citattecken stängs inte: avsluta strängen eller skriv texten som ett `|`-block",
            "a quote is not closed: end the string or write the text as a `|` block",
        );
    }
    lang.pick(
        "prosa som innehåller `: `, ` #` eller börjar med ett specialtecken skrivs säkrast som ett `|`-block",
        "prose that contains `: `, ` #` or starts with a special character is safest as a `|` block",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_en(text: &str) -> (Document, Vec<Diagnostic>) {
        load(text, FileId::Report, Limits::default(), Lang::En)
    }

    #[test]
    fn core_schema_keeps_swedish_answers_as_strings() {
        let (doc, diags) =
            load_en("a: Ja\nb: Nej\nc: yes\nd: true\ne: 2.10\nf: 7\ng: ~\nh: .inf\n");
        assert!(diags.is_empty());
        let v = doc.value.clone().unwrap_or_default();
        assert_eq!(v["a"], "Ja");
        assert_eq!(v["c"], "yes");
        assert_eq!(v["d"], true);
        assert_eq!(doc.span("/e").map(|s| s.kind), Some(NodeKind::Float));
        assert_eq!(doc.span("/h").map(|s| s.kind), Some(NodeKind::NonFinite));
        assert_eq!(v["f"], 7);
        assert!(v["g"].is_null());
    }

    #[test]
    fn spans_are_bytes_and_block_scalars_start_at_indicator() {
        let text = "å: |\n  rad\nb: [x, y]\n";
        let (doc, _) = load_en(text);
        let s = doc.span("/å").copied().unwrap_or_else(|| panic!("no span"));
        assert_eq!(&text[s.value.start..s.value.end], "|\n  rad");
        assert_eq!(
            &text[s.key.unwrap_or_default().start..s.key.unwrap_or_default().end],
            "å"
        );
        let b = doc.span("/b").copied().unwrap_or_else(|| panic!("no span"));
        assert_eq!(&text[b.value.start..b.value.end], "[x, y]");
        let y = doc
            .span("/b/1")
            .copied()
            .unwrap_or_else(|| panic!("no span"));
        assert_eq!(&text[y.value.start..y.value.end], "y");
    }

    #[test]
    fn duplicate_key_keeps_first_and_labels_both() {
        let (doc, diags) = load_en("a: 1\nb: 2\na: 3\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::AR002);
        assert_eq!(diags[0].span, Span::new(10, 11));
        assert_eq!(diags[0].related[0].span, Span::new(0, 1));
        assert_eq!(doc.value.unwrap_or_default()["a"], 1);
    }

    #[test]
    fn alias_bomb_stops_at_node_limit() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let (_, diags) = load_en(&text);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::AR005);
    }

    #[test]
    fn deep_nesting_is_a_limit_not_a_crash() {
        let text = "[".repeat(5000) + &"]".repeat(5000);
        let (_, diags) = load_en(&text);
        assert_eq!(diags[0].code, Code::AR005);
        let mut block = String::new();
        for i in 0..200 {
            block.push_str(&" ".repeat(i));
            block.push_str("k:\n");
        }
        let (_, diags) = load_en(&block);
        assert_eq!(diags[0].code, Code::AR005);
    }

    #[test]
    fn second_document_is_a_limit() {
        let (_, diags) = load_en("---\na: 1\n---\nb: 2\n");
        assert_eq!(diags[0].code, Code::AR005);
        assert_eq!(diags[0].span.start, 9);
        let (_, diags) = load_en("---\na: 1\n...\n");
        assert!(diags.is_empty());
    }

    #[test]
    fn complex_key_is_reported_and_skipped() {
        let (doc, diags) = load_en("? [a, b]\n: v\nc: 1\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::AR103);
        let v = doc.value.unwrap_or_default();
        assert_eq!(v["c"], 1);
        assert_eq!(v.as_object().map(|m| m.len()), Some(1));
    }

    #[test]
    fn floats_are_recognised() {
        for f in ["2.10", "2.0", "1e3", ".5", "-1.5"] {
            assert!(is_core_float(f.trim_start_matches('-')), "{f}");
        }
        for s in ["2", "1.2.3", "e3", ".", "1e"] {
            assert!(!is_core_float(s), "{s}");
        }
    }
}

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

#[cfg(test)]
mod locate_tests {
    use super::*;

    fn check(text: &str, pointer: &str, needle: &str) -> String {
        let (doc, _) = load(text, FileId::Report, Limits::default(), Lang::En);
        let value = doc
            .value
            .as_ref()
            .and_then(|v| v.pointer(pointer))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let node = doc
            .span(pointer)
            .copied()
            .unwrap_or_else(|| panic!("no span"));
        let at = value.find(needle).unwrap_or_else(|| panic!("needle"));
        let s = locate_in_scalar(text, &node, &value, at).unwrap_or_else(|| panic!("not aligned"));
        let e = locate_in_scalar(text, &node, &value, at + needle.len())
            .unwrap_or_else(|| panic!("not aligned"));
        text[s..e].to_string()
    }

    #[test]
    fn aligns_every_style() {
        assert_eq!(
            check("a: |\n  rad ett\n  rad två TODO\n", "/a", "TODO"),
            "TODO"
        );
        assert_eq!(
            check("a: >-\n  rad ett\n  två TODO här\n", "/a", "TODO"),
            "TODO"
        );
        assert_eq!(check("a: rad ett\n  två TODO här\n", "/a", "TODO"), "TODO");
        assert_eq!(check("a: \"x\\ty\\\" TODO\"\n", "/a", "TODO"), "TODO");
        assert_eq!(check("a: 'it''s TODO'\n", "/a", "TODO"), "TODO");
        assert_eq!(
            check("a: |\n  ett\n\n  två ö TODO\n", "/a", "ö TODO"),
            "ö TODO"
        );
    }
}

/// The parser's usual messages in Swedish; others are shown as the parser gives them.
fn parser_message_sv(info: &str) -> String {
    let known: &[(&str, &str)] = &[
        (
            "mapping values are not allowed in this context",
            "ett kolon följt av mellanslag är inte tillåtet här",
        ),
        (
            "found character that cannot start any token",
            "ett tecken som inte kan inleda ett värde",
        ),
        (
            "did not find expected key",
            "förväntade en nyckel på den här platsen",
        ),
        (
            "did not find expected node content",
            "förväntade ett värde på den här platsen",
        ),
        (
            "found a tab character that violates indentation",
            "ett tabbtecken i indraget",
        ),
        (
            "found a tab character where an indentation space is expected",
            "ett tabbtecken där ett mellanslag för indrag väntas",
        ),
        ("invalid indentation", "felaktigt indrag"),
        (
            "did not find expected ',' or ']'",
            "förväntade `,` eller `]`",
        ),
        (
            "did not find expected ',' or '}'",
            "förväntade `,` eller `}`",
        ),
        (
            "found unexpected end of stream",
            "filen tar slut mitt i ett värde",
        ),
    ];
    known
        .iter()
        .find(|(en, _)| info.contains(en))
        .map_or_else(|| info.to_string(), |(_, sv)| (*sv).to_string())
}
