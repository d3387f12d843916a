//! Suppression comments: `# aterrapport: ignore AR302` (several codes separated by commas or
//! spaces) on a finding's line or the line above it hides that finding; on a key's line, or the
//! line above the key, it covers findings anywhere in that key's value (so findings inside `|`
//! blocks can be suppressed). A suppression that hides nothing is itself a finding (AR007).

use crate::diagnostic::{Code, Diagnostic};
use crate::document::{Document, NodeKind};
use crate::i18n::Lang;
use crate::source::{FileId, SourceFile, Span};

struct Suppression {
    line: usize,
    span: Span,
    codes: Vec<Code>,
    unknown: Vec<String>,
    used: Vec<bool>,
}

/// Finds suppression comments: a `#` at the start of a line or after whitespace, outside any
/// string value, followed by `aterrapport: ignore`.
fn find(source: &SourceFile, doc: Option<&Document>) -> Vec<Suppression> {
    let text = &source.text;
    // Most reports have no suppression at all: one vectorised search tells, before the report's
    // strings are collected and sorted.
    if memchr::memmem::find(text.as_bytes(), b"aterrapport:").is_none() {
        return Vec::new();
    }
    let mut strings: Vec<Span> = doc
        .map(|d| {
            d.spans
                .values()
                .filter(|s| s.file == FileId::Report && matches!(s.kind, NodeKind::Str(_)))
                .map(|s| s.value)
                .collect()
        })
        .unwrap_or_default();
    strings.sort_unstable();
    let inside_string = |offset: usize| {
        let i = strings.partition_point(|s| s.start <= offset);
        i > 0 && strings.get(i - 1).is_some_and(|s| offset < s.end)
    };
    let mut out = Vec::new();
    let mut line_start = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let mut search = 0;
        while let Some(i) = line[search..].find('#') {
            let at = search + i;
            search = at + 1;
            if at > 0 && !line[..at].ends_with([' ', '\t']) {
                continue;
            }
            let comment = line[at + 1..].trim_end();
            let Some(rest) = comment.trim_start().strip_prefix("aterrapport:") else {
                continue;
            };
            let Some(list) = rest.trim_start().strip_prefix("ignore") else {
                continue;
            };
            if inside_string(line_start + at) {
                continue;
            }
            let mut codes = Vec::new();
            let mut unknown = Vec::new();
            for word in list
                .split([',', ' ', '\t'])
                .map(str::trim)
                .filter(|w| !w.is_empty())
            {
                match Code::parse(word) {
                    Some(c) => codes.push(c),
                    None => unknown.push(word.to_string()),
                }
            }
            let used = vec![false; codes.len()];
            let end = line_start + at + 1 + comment.len();
            out.push(Suppression {
                line: n + 1,
                span: Span::new(line_start + at, end),
                codes,
                unknown,
                used,
            });
            break;
        }
        line_start += line.len();
    }
    out
}

/// Removes suppressed findings and adds AR007 for suppressions that hid nothing.
pub fn apply(
    source: &SourceFile,
    doc: Option<&Document>,
    diagnostics: &mut Vec<Diagnostic>,
    lang: Lang,
) {
    let mut suppressions = find(source, doc);
    if suppressions.is_empty() {
        return;
    }
    // For each suppression, the value spans of keys on its line or the line below.
    let covered: Vec<Vec<Span>> = suppressions
        .iter()
        .map(|s| {
            doc.map(|d| {
                d.spans
                    .values()
                    .filter(|n| n.file == FileId::Report)
                    .filter_map(|n| {
                        let key = n.key?;
                        let line = source.line_col(key.start).0;
                        (line == s.line || line == s.line + 1)
                            .then_some(Span::new(key.start, n.value.end))
                    })
                    .collect()
            })
            .unwrap_or_default()
        })
        .collect();
    diagnostics.retain(|d| {
        if d.file != FileId::Report {
            return true;
        }
        let line = source.line_col(d.span.start).0;
        for (s, spans) in suppressions.iter_mut().zip(&covered) {
            let here = line == s.line
                || line == s.line + 1
                || spans
                    .iter()
                    .any(|v| v.start <= d.span.start && d.span.start <= v.end);
            if !here {
                continue;
            }
            if let Some(i) = s.codes.iter().position(|c| *c == d.code) {
                s.used[i] = true;
                return false;
            }
        }
        true
    });
    for s in suppressions {
        let unused: Vec<String> = s
            .codes
            .iter()
            .zip(&s.used)
            .filter(|(_, used)| !**used)
            .map(|(c, _)| c.to_string())
            .collect();
        let mut problems = Vec::new();
        if !unused.is_empty() {
            problems.push(lang.pick(
                &format!("den undertrycker inget {}-fynd här", unused.join("/")),
                &format!("it suppresses no {} finding here", unused.join("/")),
            ));
        }
        if !s.unknown.is_empty() {
            problems.push(lang.pick(
                &format!("okänd kod {}", s.unknown.join(", ")),
                &format!("unknown code {}", s.unknown.join(", ")),
            ));
        }
        if s.codes.is_empty() && s.unknown.is_empty() {
            problems.push(lang.pick("den anger ingen kod", "it names no code"));
        }
        if problems.is_empty() {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(Code::AR007, s.span)
                .message(lang.pick(
                    &format!("onödig undertryckning: {}", problems.join("; ")),
                    &format!("unused suppression: {}", problems.join("; ")),
                ))
                .help(lang.pick(
                    "ta bort kommentaren, eller ange koden för fyndet på raden (`# aterrapport: ignore AR302`)",
                    "remove the comment, or name the code of the finding on the line (`# aterrapport: ignore AR302`)",
                )),
        );
    }
}
