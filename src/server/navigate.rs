//! Goals and sections: which goals a reference under the cursor names (for hover and go to
//! definition), where a goal is defined in the strategy (inline or in its file), and the outline of
//! the report's sections by number and heading ("1.2.1 Innovation").

use lsp_types::{DocumentSymbol, GotoDefinitionResponse, Position, SymbolKind};
use serde_json::Value;

use super::diagnostics::Frame;
use super::position::{Encoding, Lines};
use super::store::{Analysis, Document};
use super::{cursor, template_of, with_context, year_of};
use crate::document::child_pointer;
use crate::rules::goals::{self, Goal};
use crate::source::Span;
use crate::template::SchemaNode;

/// The goals of the strategy and the word for each level (`malbegrepp`).
pub fn strategy_goals(a: &Analysis) -> (Vec<Goal>, Vec<String>) {
    with_context(a, |cx| (goals::goals(cx), goals::terms(cx.value))).unwrap_or_default()
}

/// "visionsmål 3": the goal's id with the word of its level.
pub fn goal_name(goal: &Goal, terms: &[String]) -> String {
    let level = goal.id.matches('.').count();
    match terms.get(level).or_else(|| terms.last()) {
        Some(term) => format!("{term} {}", goal.id),
        None => goal.id.clone(),
    }
}

/// The goals named by the reference under the cursor, when the cursor is in a goal-reference cell
/// (`x-malreferens`).
pub fn goals_at(doc_text: &str, offset: usize, a: &Analysis) -> Vec<Goal> {
    let here = cursor::at(doc_text, offset);
    let Some(pointer) = here.key_pointer().filter(|_| here.in_value) else {
        return Vec::new();
    };
    let cell = template_of(a).and_then(|t| t.node(&pointer));
    if !cell.is_some_and(|c| c.is_goal_reference()) {
        return Vec::new();
    }
    let (goals, terms) = strategy_goals(a);
    let Some(matcher) = goals::Matcher::cached(&terms) else {
        return Vec::new();
    };
    let line_start = doc_text
        .get(..offset)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line_end = doc_text
        .get(offset..)
        .and_then(|t| t.find('\n'))
        .map_or(doc_text.len(), |i| offset + i);
    let line = doc_text.get(line_start..line_end).unwrap_or("");
    let column = offset - line_start;
    let mut out: Vec<Goal> = Vec::new();
    for r in goals::find_references(line, &matcher) {
        if !(r.start <= column && column <= r.end) {
            continue;
        }
        if r.all {
            out.extend(goals.iter().filter(|g| g.parent.is_none()).cloned());
        }
        for (id, _, _) in &r.ids {
            if let Some(g) = goals.iter().find(|g| &g.id == id)
                && !out.contains(g)
            {
                out.push(g.clone());
            }
        }
    }
    out
}

/// Go to definition: from a goal reference to the goal's line in the strategy.
pub fn definition(
    doc: &Document,
    a: &Analysis,
    enc: Encoding,
    position: Position,
) -> Option<GotoDefinitionResponse> {
    let offset = Lines::new(&doc.text, enc).offset(position);
    let frame = Frame::new(&doc.uri, &a.text, &a.report, enc);
    let spans = &a.report.document.as_ref()?.spans;
    let locations: Vec<_> = goals_at(&doc.text, offset, a)
        .iter()
        .filter_map(|g| {
            let node = spans.get(&g.pointer)?;
            let text = &a.report.source_of(node.file).text;
            let end = first_line_end(text, node.value);
            Some(frame.location(node.file, node.value.start, end))
        })
        .collect();
    match locations.len() {
        0 => None,
        1 => locations
            .into_iter()
            .next()
            .map(GotoDefinitionResponse::Scalar),
        _ => Some(GotoDefinitionResponse::Array(locations)),
    }
}

fn first_line_end(text: &str, span: Span) -> usize {
    text.get(span.start..span.end)
        .and_then(|t| t.find('\n'))
        .map_or(span.end, |i| span.start + i)
}

/// The outline: every section of the template present in the report, nested.
pub fn symbols(doc: &Document, a: &Analysis, enc: Encoding) -> Vec<DocumentSymbol> {
    let Some(root) = template_of(a).and_then(|t| t.node("")) else {
        return Vec::new();
    };
    let Some(value) = a.report.document.as_ref().and_then(|d| d.value.as_ref()) else {
        return Vec::new();
    };
    let frame = Frame::new(&doc.uri, &a.text, &a.report, enc);
    let outline = Outline {
        a,
        frame: &frame,
        year: year_of(a),
    };
    outline.children("", value, root, 0)
}

struct Outline<'a> {
    a: &'a Analysis,
    frame: &'a Frame<'a>,
    year: Option<i64>,
}

impl Outline<'_> {
    fn children(
        &self,
        pointer: &str,
        value: &Value,
        node: SchemaNode<'_>,
        depth: usize,
    ) -> Vec<DocumentSymbol> {
        let Value::Object(map) = value else {
            return Vec::new();
        };
        if depth > 32 {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (key, child) in map {
            let Some(child_node) = node.child(key) else {
                continue;
            };
            let here = child_pointer(pointer, key);
            let inner = self.children(&here, child, child_node, depth + 1);
            match (child_node.title(self.year), self.span(&here)) {
                (Some(title), Some((key_span, whole))) => {
                    #[allow(deprecated)]
                    out.push(DocumentSymbol {
                        name: title,
                        detail: Some(key.clone()),
                        kind: SymbolKind::NAMESPACE,
                        tags: None,
                        deprecated: None,
                        range: self.frame.report_range(whole.start, whole.end),
                        selection_range: self.frame.report_range(key_span.start, key_span.end),
                        children: (!inner.is_empty()).then_some(inner),
                    });
                }
                _ => out.extend(inner),
            }
        }
        out
    }

    /// The key's span and the span from the key to the end of its value, in the report.
    fn span(&self, pointer: &str) -> Option<(Span, Span)> {
        let node = self.a.report.document.as_ref()?.span(pointer)?;
        if node.file != crate::source::FileId::Report {
            return None;
        }
        let key = node.key?;
        Some((key, Span::new(key.start, node.value.end.max(key.end))))
    }
}
