//! Table rules the schema cannot express: a table without rows (AR404) and two rows with the same
//! name (AR405). Tables are found through the template's `x-tabell` annotation, so a new template
//! with new tables needs no code.

use std::collections::HashMap;

use serde_json::Value;

use super::Context;
use crate::diagnostic::{Code, Diagnostic, Related};
use crate::template::{NodeFacts, walk_described};

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(root) = cx.template.node("") else {
        return;
    };
    let mut facts = NodeFacts::default();
    walk_described(cx.value, "", root, &mut |pointer, value, node| {
        if facts.is_table(node) {
            table(cx, value, pointer, out);
            return false;
        }
        true
    });
}

fn table(cx: &Context<'_>, value: &Value, pointer: &str, out: &mut Vec<Diagnostic>) {
    let lang = cx.lang;
    let rows = match value {
        Value::Null => &Vec::new(),
        Value::Array(rows) => rows,
        _ => return, // a wrong type is AR103, from the schema
    };
    if rows.is_empty() {
        let Some(span) = cx.doc.span(pointer) else {
            return;
        };
        let section = cx.enclosing_section(pointer).unwrap_or_default();
        out.push(
            Diagnostic::new(Code::AR404, span.key.unwrap_or(span.value))
                .file(span.file)
                .pointer(pointer)
                .message(lang.pick(
                    &format!("tabellen i {section} har inga rader"),
                    &format!("the table in {section} has no rows"),
                ))
                .help(lang.pick(
                    "redovisa årets insatser i tabellen, eller skriv i texten varför inga redovisas",
                    "report the year's insatser in the table, or say in the text why there are none",
                )),
        );
        return;
    }
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let Some(name) = row.get("namn").and_then(Value::as_str) else {
            continue;
        };
        let key = fold(name);
        if key.is_empty() {
            continue;
        }
        match first.get(&key) {
            None => {
                first.insert(key, i);
            }
            Some(&j) => {
                let here = format!("{pointer}/{i}/namn");
                let there = format!("{pointer}/{j}/namn");
                let (Some(a), Some(b)) = (cx.doc.span(&here), cx.doc.span(&there)) else {
                    continue;
                };
                let section = cx.enclosing_section(pointer).unwrap_or_default();
                let shown = crate::context::truncate(name, 60);
                out.push(
                    Diagnostic::new(Code::AR405, a.value)
                        .file(a.file)
                        .pointer(here)
                        .message(lang.pick(
                            &format!("raden ”{shown}” finns två gånger i tabellen i {section} (rad {} och {})", j + 1, i + 1),
                            &format!("the row “{shown}” occurs twice in the table in {section} (rows {} and {})", j + 1, i + 1),
                        ))
                        .related(Related::new(b.value, lang.pick("första raden med samma namn", "first row with this name")))
                        .help(lang.pick(
                            "slå ihop raderna, eller ge dem namn som skiljer dem åt",
                            "merge the rows, or give them names that tell them apart",
                        )),
                );
            }
        }
    }
}

/// NFC, case folding and whitespace folding (RULES.md, AR405).
fn fold(s: &str) -> String {
    super::nfc(s)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
