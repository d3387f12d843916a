//! One goal-reference cell (a cell the template marks `x-malreferens`): AR301 for an id the
//! strategy does not define, AR303 for a cell that names no goal, AR305 when the row's explicit
//! `mal:` list and the text disagree; the quoted texts go to `quote`.

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;

use super::quote::{Quoted, quote};
use super::{Cell, Strategy, find_references, goal_list, id_string, terms};
use crate::diagnostic::{Code, Diagnostic};
use crate::document::child_pointer;
use crate::rules::text::span_in_value;

/// Checks one cell; the goals it references are added to `referenced` (for AR304).
pub(super) fn cell(
    strategy: Strategy<'_, '_>,
    cell: Cell<'_>,
    referenced: &mut HashSet<String>,
    out: &mut Vec<Diagnostic>,
) {
    let Strategy {
        cx,
        matcher,
        goals,
        by_id,
        ..
    } = strategy;
    let Cell { pointer, text } = cell;
    let lang = cx.lang;
    let refs = find_references(text, matcher);
    let mut written: BTreeSet<String> = BTreeSet::new();
    for r in &refs {
        if r.all {
            referenced.extend(goals.iter().map(|g| g.id.clone()));
            written.extend(
                goals
                    .iter()
                    .filter(|g| g.parent.is_none())
                    .map(|g| g.id.clone()),
            );
            continue;
        }
        let term = r.term_text(text).to_string();
        for (id, _, _) in &r.ids {
            written.insert(id.clone());
            if by_id.contains_key(id.as_str()) {
                // A reference to 3.2 counts 3 as referenced too.
                let mut p = id.as_str();
                referenced.insert(p.to_string());
                while let Some((parent, _)) = p.rsplit_once('.') {
                    referenced.insert(parent.to_string());
                    p = parent;
                }
                continue;
            }
            let Some((span, file)) = span_in_value(cx, pointer, text, r.start, r.end) else {
                continue;
            };
            out.push(
                Diagnostic::new(Code::AR301, span)
                    .file(file)
                    .pointer(pointer)
                    .message(lang.pick(
                        &format!("{term} {id} finns inte i strategin"),
                        &format!("{term} {id} is not defined by the strategy"),
                    ))
                    .label(lang.pick("okänt mål", "unknown goal"))
                    .help(lang.pick(
                        &format!("strategin definierar: {}", goal_list(cx, goals)),
                        &format!("the strategy defines: {}", goal_list(cx, goals)),
                    )),
            );
        }
        if let (Some((qs, qe)), Some((id, is, ie))) = (r.quote, r.ids.first())
            && let Some(goal) = by_id.get(id.as_str())
        {
            let quoted = Quoted {
                term: &term,
                goal,
                id_span: (*is, *ie),
                quote_span: (qs, qe),
            };
            quote(strategy, cell, &quoted, out);
        }
    }
    // AR303 only when the cell references no goal at all: undefined ids are AR301's.
    if refs.is_empty()
        && let Some(span) = cx.doc.span(pointer)
    {
        let term = terms(cx.value).first().cloned().unwrap_or_default();
        let example = goals
            .first()
            .map(|g| format!("{term} {}: {}", g.id, g.text))
            .unwrap_or_default();
        out.push(
                Diagnostic::new(Code::AR303, span.primary())
                    .file(span.file)
                    .pointer(pointer)
                    .message(lang.pick(
                        &format!("insatsen hänvisar inte till något {term} i {}", cx.enclosing_section(pointer).unwrap_or_default()),
                        &format!("the insats references no {term} in {}", cx.enclosing_section(pointer).unwrap_or_default()),
                    ))
                    .help(lang.pick(
                        &format!("skriv vilket mål insatsen bidrar till, t.ex. ”{example}”, eller ”samtliga {term}”"),
                        &format!("say which goal the insats contributes to, e.g. “{example}”, or “samtliga {term}”"),
                    )),
            );
    }
    explicit_list(strategy, pointer, &written, out);
}

/// AR301 for undefined ids in an explicit `mal:` list, and AR305 when its defined ids differ from
/// the ids written in the text.
fn explicit_list(
    strategy: Strategy<'_, '_>,
    cell_pointer: &str,
    written: &BTreeSet<String>,
    out: &mut Vec<Diagnostic>,
) {
    let Strategy {
        cx, goals, by_id, ..
    } = strategy;
    let lang = cx.lang;
    let row = crate::template::split_pointer(cell_pointer).0;
    let list_pointer = child_pointer(row, "mal");
    let Some(list) = crate::document::lookup(cx.value, &list_pointer).and_then(Value::as_array)
    else {
        return;
    };
    let mut defined: BTreeSet<String> = BTreeSet::new();
    for (i, item) in list.iter().enumerate() {
        let Some(id) = id_string(item) else { continue };
        if by_id.contains_key(id.as_str()) {
            defined.insert(id);
            continue;
        }
        let item_pointer = child_pointer(&list_pointer, &i.to_string());
        let Some(span) = cx.doc.span(&item_pointer) else {
            continue;
        };
        out.push(
            Diagnostic::new(Code::AR301, span.value)
                .file(span.file)
                .pointer(item_pointer)
                .message(lang.pick(
                    &format!("målet {id} finns inte i strategin"),
                    &format!("goal {id} is not defined by the strategy"),
                ))
                .help(lang.pick(
                    &format!("strategin definierar: {}", goal_list(cx, goals)),
                    &format!("the strategy defines: {}", goal_list(cx, goals)),
                )),
        );
    }
    let written_defined: BTreeSet<String> = written
        .iter()
        .filter(|id| by_id.contains_key(id.as_str()))
        .cloned()
        .collect();
    if defined != written_defined {
        let Some(span) = cx.doc.span(&list_pointer) else {
            return;
        };
        let show = |s: &BTreeSet<String>| {
            if s.is_empty() {
                "–".to_string()
            } else {
                s.iter().cloned().collect::<Vec<_>>().join(", ")
            }
        };
        out.push(
            Diagnostic::new(Code::AR305, span.key.unwrap_or(span.value))
                .file(span.file)
                .pointer(list_pointer)
                .message(lang.pick(
                    &format!("`mal:` anger {} men texten hänvisar till {}", show(&defined), show(&written_defined)),
                    &format!("`mal:` gives {} but the text references {}", show(&defined), show(&written_defined)),
                ))
                .help(lang.pick(
                    "låt listan och texten i ”Insatsens bidrag till fastställda mål” ange samma mål",
                    "make the list and the text of “Insatsens bidrag till fastställda mål” name the same goals",
                )),
        );
    }
}
