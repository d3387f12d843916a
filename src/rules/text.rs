//! Text rules, applied to every string value of the report: leftover placeholders (AR504).
//! Findings inside a value point at the exact characters, found by aligning the value with its
//! source (`document::locate_in_scalar`).

use serde_json::Value;

use super::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::document::{child_pointer, locate_in_scalar};
use crate::source::Span;

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for_each_string(cx.value, "", &mut |pointer, text| {
        placeholders(cx, pointer, text, out)
    });
}

/// Calls `f` with the pointer and text of every string value (not keys).
pub fn for_each_string(value: &Value, pointer: &str, f: &mut dyn FnMut(&str, &str)) {
    match value {
        Value::String(s) => f(pointer, s),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                for_each_string(item, &child_pointer(pointer, &i.to_string()), f);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                for_each_string(v, &child_pointer(pointer, k), f);
            }
        }
        _ => {}
    }
}

/// The span in the source of `value[start..end]` for the string at `pointer`.
pub fn span_in_value(
    cx: &Context<'_>,
    pointer: &str,
    value: &str,
    start: usize,
    end: usize,
) -> Option<(Span, crate::source::FileId)> {
    let node = cx.doc.span(pointer)?;
    let source = cx.source_of(node.file);
    let s = locate_in_scalar(&source.text, node, value, start);
    let e = locate_in_scalar(&source.text, node, value, end);
    match (s, e) {
        (Some(s), Some(e)) if e >= s => Some((Span::new(s, e), node.file)),
        _ => Some((node.primary(), node.file)),
    }
}

/// A whole value that is only a placeholder (RULES.md, AR504).
pub fn is_placeholder(value: &str) -> bool {
    let t = value.trim();
    matches!(t, "…" | "..." | "-" | "?")
        || (!t.is_empty()
            && placeholder_ranges(t)
                .first()
                .is_some_and(|(s, e)| *s == 0 && *e == t.len()))
}

/// Byte ranges of placeholders in a text: TODO, FIXME, XXX as whole upper-case words; "lorem ipsum"
/// in any case; a bracketed text starting with "fyll i" in any case.
pub fn placeholder_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let is_word = |i: usize| {
        bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80)
    };
    for word in ["TODO", "FIXME", "XXX"] {
        for (i, _) in text.match_indices(word) {
            let end = i + word.len();
            if (i == 0 || !is_word(i - 1)) && !is_word(end) {
                found.push((i, end));
            }
        }
    }
    let lower = text.to_lowercase();
    // Lower-casing keeps byte lengths for the ASCII we search for, but not for every letter
    // before it; only trust positions when the lengths agree.
    if lower.len() == text.len() {
        for (i, _) in lower.match_indices("lorem ipsum") {
            found.push((i, i + "lorem ipsum".len()));
        }
        for (i, _) in lower.match_indices('[') {
            let rest = &lower[i + 1..];
            if rest.trim_start().starts_with("fyll i") {
                let end = rest.find(']').map_or(text.len(), |j| i + 1 + j + 1);
                found.push((i, end));
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

fn placeholders(cx: &Context<'_>, pointer: &str, text: &str, out: &mut Vec<Diagnostic>) {
    let trimmed = text.trim();
    let mut ranges = placeholder_ranges(text);
    if ranges.is_empty() && matches!(trimmed, "…" | "..." | "-" | "?") {
        let start = text.len() - text.trim_start().len();
        ranges.push((start, start + trimmed.len()));
    }
    for (start, end) in ranges {
        let Some((span, file)) = span_in_value(cx, pointer, text, start, end) else {
            continue;
        };
        let found = &text[start..end];
        let what = cx.describe(pointer);
        out.push(
            Diagnostic::new(Code::AR504, span)
                .file(file)
                .pointer(pointer)
                .message(cx.lang.pick(
                    &format!("platshållaren ”{found}” står kvar i {what}"),
                    &format!("the placeholder “{found}” is still in {what}"),
                ))
                .label(cx.lang.pick("platshållare", "placeholder"))
                .help(cx.lang.pick(
                    "ersätt platshållaren med rapportens text",
                    "replace the placeholder with the report's text",
                )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_whole_words() {
        assert_eq!(placeholder_ranges("TODO: skriv"), vec![(0, 4)]);
        assert!(placeholder_ranges("TODOS och todo och XXXL").is_empty());
        assert_eq!(placeholder_ranges("a [Fyll i här] b"), vec![(2, 15)]);
        assert_eq!(placeholder_ranges("Lorem Ipsum dolor"), vec![(0, 11)]);
        assert!(is_placeholder(" … "));
        assert!(is_placeholder("[fyll i namnet]"));
        assert!(is_placeholder("TODO"));
        assert!(!is_placeholder("TODO skriv mer"));
        assert!(!is_placeholder("Skåne"));
    }
}
