//! What every check sees of one report: its source (and strategy file), the loaded document with
//! spans, the chosen template, the language and the year. The helpers here turn a JSON pointer
//! into the template's words ("1.2.2 Företagande och entreprenörskap", "the row “…” of the table in
//! 1.2.1 Innovation") and into primary spans, so every rule speaks the same way.

use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic};
use crate::document::{Document, NodeSpan, child_pointer};
use crate::i18n::Lang;
use crate::source::{FileId, SourceFile, Span};
use crate::template::{SchemaNode, Template, split_pointer};

pub struct Context<'a> {
    pub source: &'a SourceFile,
    pub strategy: Option<&'a SourceFile>,
    pub doc: &'a Document,
    pub value: &'a Value,
    pub template: &'a Template,
    pub lang: Lang,
    /// `rapportar`, when it is an integer.
    pub year: Option<i64>,
    /// The year AR601 measures against (from the clock, or fixed for tests).
    pub current_year: i64,
}

impl Context<'_> {
    pub fn source_of(&self, file: FileId) -> &SourceFile {
        match file {
            FileId::Strategy => self.strategy.unwrap_or(self.source),
            FileId::Report => self.source,
        }
    }

    pub fn node(&self, pointer: &str) -> Option<SchemaNode<'_>> {
        self.template.node(pointer)
    }

    pub fn span(&self, pointer: &str) -> Option<&NodeSpan> {
        self.doc.span(pointer)
    }

    /// A diagnostic whose primary span is the node at `pointer` (key where the value is empty), or
    /// line 1, column 1 for the document root.
    pub fn at_node(&self, code: Code, pointer: &str) -> Diagnostic {
        let (span, file) = match self.span(pointer) {
            Some(s) if !pointer.is_empty() => (s.primary(), s.file),
            _ => (Span::at(0), FileId::Report),
        };
        Diagnostic::new(code, span).file(file).pointer(pointer)
    }

    /// The key of the mapping at `pointer` (RULES.md: AR101/AR201/AR203/AR204 point there).
    pub fn at_key(&self, code: Code, pointer: &str, missing: &str) -> Diagnostic {
        let (span, file) = match self.span(pointer) {
            Some(s) if !pointer.is_empty() => (s.key.unwrap_or(s.value), s.file),
            _ => (Span::at(0), FileId::Report),
        };
        Diagnostic::new(code, span).file(file).pointer(missing)
    }

    /// The words for the thing at `pointer`: "1.2.2 Företagande och entreprenörskap", a question,
    /// or the key itself.
    pub fn describe(&self, pointer: &str) -> String {
        if pointer.is_empty() {
            return self.lang.pick("rapporten", "the report");
        }
        let (_, key) = split_pointer(pointer);
        match self.node(pointer) {
            Some(n) if n.is_section() => n.title(self.year).unwrap_or(key),
            Some(n) if n.question().is_some() => {
                format!(
                    "{} (`{key}`)",
                    self.lang.quote(n.question().unwrap_or_default())
                )
            }
            _ => match self.enclosing_section(split_pointer(pointer).0) {
                Some(section) => self.lang.pick(
                    &format!("`{key}` i {section}"),
                    &format!("`{key}` in {section}"),
                ),
                None => format!("`{key}`"),
            },
        }
    }

    /// The section that holds `pointer`, for "… in 1.2.1 Innovation".
    pub fn enclosing_section(&self, pointer: &str) -> Option<String> {
        let mut p = pointer;
        loop {
            if let Some(n) = self.node(p).filter(|n| n.is_section()) {
                return n.title(self.year);
            }
            if p.is_empty() {
                return None;
            }
            p = split_pointer(p).0;
        }
    }

    /// If `pointer` is a table row, the table's pointer, its schema and the row index.
    pub fn table_of_row<'s>(&'s self, row: &str) -> Option<(String, SchemaNode<'s>, usize)> {
        let (table, index) = split_pointer(row);
        let index = index.parse::<usize>().ok()?;
        let node = self.node(table)?;
        node.columns()?;
        Some((table.to_string(), node, index))
    }

    pub fn column_heading(&self, table: &SchemaNode<'_>, key: &str) -> Option<String> {
        table
            .columns()?
            .into_iter()
            .find(|c| c.keys.iter().any(|k| k == key))
            .map(|c| c.heading)
    }

    pub fn row_label(&self, table: &str, index: usize) -> String {
        let section = self.enclosing_section(table).unwrap_or_default();
        let name = crate::document::lookup(self.value, &child_pointer(table, &index.to_string()))
            .and_then(|r| r.get("namn"))
            .and_then(Value::as_str)
            .map(|n| truncate(n, 60));
        match name {
            Some(n) => self.lang.pick(
                &format!("raden ”{n}” (rad {}) i tabellen i {section}", index + 1),
                &format!(
                    "the row “{n}” (row {}) of the table in {section}",
                    index + 1
                ),
            ),
            None => self.lang.pick(
                &format!("rad {} i tabellen i {section}", index + 1),
                &format!("row {} of the table in {section}", index + 1),
            ),
        }
    }

    pub fn raw(&self, span: &NodeSpan) -> String {
        let source = match span.file {
            FileId::Strategy => self.strategy.unwrap_or(self.source),
            FileId::Report => self.source,
        };
        source.slice(span.value).to_string()
    }
}

pub fn truncate(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}
