//! Goal references (AR301–AR306), the heart of aterrapport. The strategy names its goals with one
//! or more terms (`malbegrepp`: "visionsmål", "målområde", "prioriterat utvecklingsområde", …);
//! every word of a term is matched in its inflected forms, generated from its ending, so a region
//! with another vocabulary needs no code. References are read only in cells the template marks
//! `x-malreferens`, by the rules of RULES.md ("Decisions on edge cases").

mod cell;
mod definitions;
mod matcher;
mod quote;
mod references;

/// What the term tests read: terms regions use for their goals, and every example report.
#[cfg(test)]
mod test_input {
    pub const TERMS: &[&str] = &[
        "visionsmål",
        "målområde",
        "prioriterat utvecklingsområde",
        "utvecklingsområde",
        "mål",
        "delmål",
        "prioritering",
        "strategi",
        "insatsområde",
        "regionala tillväxtmål",
        "Fokusområde",
    ];

    /// The text of every report under `examples/`.
    pub fn example_reports() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let texts: Vec<String> = std::fs::read_dir(root.join("examples"))
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .collect();
        assert!(texts.len() >= 3, "the example reports were not found");
        texts
    }
}

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::Context;
use crate::context::truncate;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;
use crate::template::{NodeFacts, walk_described};

use cell::cell;
use definitions::definitions;
pub use definitions::{Goal, goals, id_string, terms};
pub use matcher::Matcher;
pub use quote::normalise;
pub(crate) use references::{CellGoals, cell_goals};
pub use references::{Reference, find_references};

/// What the goal-reference cells of one report are read against: the strategy's goals, found with
/// its terms. Built once per report and shared by every cell.
#[derive(Clone, Copy)]
pub(super) struct Strategy<'a, 'c> {
    pub(super) cx: &'a Context<'c>,
    pub(super) matcher: &'a Matcher,
    pub(super) goals: &'a [Goal],
    pub(super) by_id: &'a HashMap<&'a str, &'a Goal>,
    /// Each goal's text as `normalise` gives it, by the text itself (two goals may share an id,
    /// AR306, and still differ in text), worked out when first asked for: the cells quote the
    /// same goals over and over.
    pub(super) normalised: &'a RefCell<HashMap<String, String>>,
}

impl Strategy<'_, '_> {
    /// Whether the goal's text, normalised, is `wanted`.
    pub(super) fn goal_text_is(&self, goal: &Goal, wanted: &str) -> bool {
        self.with_normalised(goal, |text| text == wanted)
    }

    /// `f` of the goal's text, normalised.
    pub(super) fn with_normalised<R>(&self, goal: &Goal, f: impl FnOnce(&str) -> R) -> R {
        let mut cache = self.normalised.borrow_mut();
        if let Some(text) = cache.get(goal.text.as_str()) {
            return f(text);
        }
        let text = cache
            .entry(goal.text.clone())
            .or_insert_with(|| normalise(&goal.text));
        f(text)
    }
}

/// One goal-reference cell: its JSON pointer and its text.
#[derive(Clone, Copy)]
pub(super) struct Cell<'a> {
    pub(super) pointer: &'a str,
    pub(super) text: &'a str,
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let goals = goals(cx);
    definitions(cx, &goals, out);
    let terms = terms(cx.value);
    let Some(matcher) = Matcher::cached(&terms) else {
        return;
    };
    if goals.is_empty() {
        return;
    }
    let by_id: HashMap<&str, &Goal> = goals.iter().map(|g| (g.id.as_str(), g)).collect();
    let strategy = Strategy {
        cx,
        matcher: &matcher,
        goals: &goals,
        by_id: &by_id,
        normalised: &RefCell::new(HashMap::new()),
    };
    let mut referenced: HashSet<String> = HashSet::new();
    let mut unfilled = false;
    let Some(root) = cx.template.node("") else {
        return;
    };
    let mut facts = NodeFacts::default();
    walk_described(cx.value, "", root, &mut |pointer, value, node| {
        if facts.is_goal_reference(node) {
            // A placeholder is AR504's alone (RULES.md).
            if let Value::String(text) = value
                && super::text::is_placeholder(text)
            {
                unfilled = true;
            } else if let Value::String(text) = value {
                cell(strategy, Cell { pointer, text }, &mut referenced, out);
            }
            return false;
        }
        true
    });
    // While a reference cell is still a placeholder, a goal may yet be referenced: no AR304.
    if unfilled {
        return;
    }
    for goal in &goals {
        if referenced.contains(&goal.id) {
            continue;
        }
        let Some(span) = cx.doc.span(&goal.pointer) else {
            continue;
        };
        // The word for the goal's level: "effektmål 2.1" under "målområde 2".
        let level = goal.id.matches('.').count();
        let term = terms
            .get(level)
            .or_else(|| terms.last())
            .cloned()
            .unwrap_or_default();
        out.push(
            Diagnostic::new(Code::AR304, first_line(&cx.source_of(span.file).text, span.value))
                .file(span.file)
                .pointer(goal.pointer.clone())
                .message(cx.lang.pick(
                    &format!("{term} {} (”{}”) nämns inte av någon insats i rapporten", goal.id, truncate(&goal.text, 60)),
                    &format!("{term} {} (“{}”) is not referenced by any insats in the report", goal.id, truncate(&goal.text, 60)),
                ))
                .help(cx.lang.pick(
                    "det kan vara riktigt; annars saknas en hänvisning i kolumnen ”Insatsens bidrag till fastställda mål”",
                    "that may be right; otherwise a reference is missing in the column “Insatsens bidrag till fastställda mål”",
                )),
        );
    }
}

/// The first line of a span (a goal's `- id:` line, a row's `- namn:` line).
fn first_line(text: &str, span: Span) -> Span {
    let end = text
        .get(span.start..span.end)
        .and_then(|t| t.find('\n'))
        .map_or(span.end, |i| span.start + i);
    Span::new(span.start, end)
}

fn goal_list(cx: &Context<'_>, goals: &[Goal]) -> String {
    let term = terms(cx.value).first().cloned().unwrap_or_default();
    let shown: Vec<String> = goals
        .iter()
        .take(12)
        .map(|g| format!("{term} {}: {}", g.id, truncate(&g.text, 50)))
        .collect();
    let more = if goals.len() > 12 { "; …" } else { "" };
    format!("{}{more}", shown.join("; "))
}
