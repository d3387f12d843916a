//! Completion from the template and the strategy: at a key, every key the schema allows in the
//! mapping at the cursor (those already written sorted last), labelled with the bare key and the
//! heading as detail; at a value, `Ja`/`Nej` for yes/no answers, the allowed values of an
//! enumeration (`typ`), and "visionsmål 3: <text>" for goal references.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionResponse, Documentation, MarkupContent,
    MarkupKind, Position,
};

use super::hover::column;
use super::navigate::{goal_name, strategy_goals};
use super::position::{Encoding, Lines};
use super::store::Document;
use super::{cursor, template_of, year_of};

pub fn complete(doc: &Document, enc: Encoding, position: Position) -> CompletionResponse {
    let items = doc
        .analysis
        .as_ref()
        .map(|a| {
            let offset = Lines::new(&doc.text, enc).offset(position);
            let here = cursor::at(&doc.text, offset);
            let Some(template) = template_of(a) else {
                return Vec::new();
            };
            if here.in_value {
                let Some(node) = here.key_pointer().and_then(|p| template.node(&p)) else {
                    return Vec::new();
                };
                if node.is_goal_reference() {
                    let (goals, terms) = strategy_goals(a);
                    return goals
                        .iter()
                        .enumerate()
                        .map(|(i, g)| {
                            let label = format!("{}: {}", goal_name(g, &terms), g.text);
                            value_item(label, i)
                        })
                        .collect();
                }
                let values: Vec<&str> = if node.is_yes_no() {
                    vec!["Ja", "Nej"]
                } else {
                    node.enum_values()
                };
                return values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| value_item((*v).to_string(), i))
                    .collect();
            }
            let container = here.container();
            let Some(node) = template.node(&container) else {
                return Vec::new();
            };
            let year = year_of(a);
            node.property_names()
                .into_iter()
                .enumerate()
                .map(|(i, name)| {
                    let child = node.child(name);
                    let detail = child
                        .and_then(|c| c.title(year).or_else(|| c.question().map(String::from)))
                        .or_else(|| column(template, &container, name, year).map(|c| c.1));
                    let present = here.siblings.iter().any(|s| s == name);
                    CompletionItem {
                        label: name.to_string(),
                        kind: Some(CompletionItemKind::PROPERTY),
                        detail,
                        documentation: child.and_then(|c| c.description()).map(|d| {
                            Documentation::MarkupContent(MarkupContent {
                                kind: MarkupKind::Markdown,
                                value: d.to_string(),
                            })
                        }),
                        sort_text: Some(format!("{}{i:04}", u8::from(present))),
                        ..CompletionItem::default()
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    CompletionResponse::Array(items)
}

fn value_item(label: String, i: usize) -> CompletionItem {
    CompletionItem {
        label,
        kind: Some(CompletionItemKind::VALUE),
        sort_text: Some(format!("{i:04}")),
        ..CompletionItem::default()
    }
}
