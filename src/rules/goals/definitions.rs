//! The strategy's goals as the goal rules read them: every goal of `strategi.mal` at any level, the
//! terms of `malbegrepp`, and AR306 beyond the schema (a duplicate id, a sub-goal whose id does
//! not start with its parent's).

use std::collections::HashMap;

use serde_json::Value;

use super::Context;
use crate::diagnostic::{Code, Diagnostic, Related};
use crate::document::child_pointer;

/// One goal of the strategy, at any level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Goal {
    pub id: String,
    pub text: String,
    /// `/strategi/mal/1/delmal/0`
    pub pointer: String,
    pub parent: Option<String>,
}

/// The goals of `strategi.mal`, depth first. Integer ids are read as their decimal string, a float
/// id (AR306, from the schema) as it is written in the source, so references to it still resolve.
pub fn goals(cx: &Context<'_>) -> Vec<Goal> {
    let mut out = Vec::new();
    if let Some(list) = crate::document::lookup(cx.value, "/strategi/mal").and_then(Value::as_array)
    {
        collect(cx, list, "/strategi/mal", None, &mut out);
    }
    out
}

fn collect(
    cx: &Context<'_>,
    list: &[Value],
    pointer: &str,
    parent: Option<&str>,
    out: &mut Vec<Goal>,
) {
    for (i, goal) in list.iter().enumerate() {
        let here = child_pointer(pointer, &i.to_string());
        let id = match goal.get("id") {
            Some(Value::Number(n)) if n.is_f64() => {
                let id_pointer = child_pointer(&here, "id");
                cx.doc
                    .span(&id_pointer)
                    .map(|s| cx.source_of(s.file).slice(s.value).trim().to_string())
            }
            Some(v) => id_string(v),
            None => None,
        };
        let Some(id) = id else { continue };
        let text = goal
            .get("text")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        out.push(Goal {
            id: id.clone(),
            text,
            pointer: here.clone(),
            parent: parent.map(String::from),
        });
        if let Some(children) = goal.get("delmal").and_then(Value::as_array) {
            collect(
                cx,
                children,
                &child_pointer(&here, "delmal"),
                Some(&id),
                out,
            );
        }
    }
}

pub fn id_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

/// The terms of `malbegrepp`: one string or a list.
pub fn terms(value: &Value) -> Vec<String> {
    match crate::document::lookup(value, "/strategi/malbegrepp") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
    .filter(|t| !t.is_empty())
    .collect()
}

/// AR306 beyond the schema: duplicate ids at any level, a `delmal` id not under its parent.
pub(super) fn definitions(cx: &Context<'_>, goals: &[Goal], out: &mut Vec<Diagnostic>) {
    let lang = cx.lang;
    let mut first: HashMap<&str, &Goal> = HashMap::new();
    for goal in goals {
        let id_pointer = child_pointer(&goal.pointer, "id");
        let Some(span) = cx.doc.span(&id_pointer) else {
            continue;
        };
        if let Some(earlier) = first.get(goal.id.as_str()) {
            let mut d = Diagnostic::new(Code::AR306, span.value)
                .file(span.file)
                .pointer(id_pointer.clone())
                .message(lang.pick(
                    &format!("mål-id ”{}” finns redan i strategin", goal.id),
                    &format!("goal id “{}” is already defined in the strategy", goal.id),
                ))
                .help(lang.pick(
                    "varje mål behöver ett eget id, på alla nivåer",
                    "every goal needs an id of its own, at every level",
                ));
            if let Some(e) = cx
                .doc
                .span(&child_pointer(&earlier.pointer, "id"))
                .filter(|e| e.file == span.file)
            {
                d = d.related(Related::new(
                    e.value,
                    lang.pick("första förekomsten", "first occurrence"),
                ));
            }
            out.push(d);
            continue;
        }
        first.insert(goal.id.as_str(), goal);
        if let Some(parent) = &goal.parent {
            let under = goal
                .id
                .strip_prefix(parent.as_str())
                .and_then(|r| r.strip_prefix('.'))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            if !under {
                out.push(
                    Diagnostic::new(Code::AR306, span.value)
                        .file(span.file)
                        .pointer(id_pointer)
                        .message(lang.pick(
                            &format!("delmålet ”{}” ligger under mål {} men dess id börjar inte med ”{parent}.”", goal.id, parent),
                            &format!("the sub-goal “{}” is under goal {} but its id does not start with “{parent}.”", goal.id, parent),
                        ))
                        .help(lang.pick(
                            &format!("ett delmåls id är förälderns id, en punkt och ett nummer, t.ex. ”{parent}.1”"),
                            &format!("a sub-goal's id is its parent's id, a dot and a number, e.g. “{parent}.1”"),
                        )),
                );
            }
        }
    }
}
