//! Code actions, all with inline edits: for each fixable finding in the range a `quickfix` that
//! makes `--fix`'s edit; "ignore this finding here", which writes the suppression comment
//! (`# aterrapport: ignore AR202`) above the key whose value holds the finding; and
//! `source.fixAll.aterrapport`, the text `--fix` would write.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Range, TextEdit,
    WorkspaceEdit,
};

use super::FIX_ALL;
use super::diagnostics::Frame;
use super::position::Encoding;
use super::store::{Analysis, Document};
use crate::context::truncate;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::FileId;

pub fn code_actions(
    doc: &Document,
    a: &Analysis,
    enc: Encoding,
    params: &CodeActionParams,
) -> Vec<CodeActionOrCommand> {
    let frame = Frame::new(&doc.uri, &a.text, &a.report, enc);
    let lang = a.setup.lang;
    let wanted = |kind: &CodeActionKind| match &params.context.only {
        None => true,
        Some(only) => only.iter().any(|k| {
            kind.as_str() == k.as_str() || kind.as_str().starts_with(&format!("{}.", k.as_str()))
        }),
    };
    let asked = params.range;
    let mut out = Vec::new();
    if wanted(&CodeActionKind::QUICKFIX) {
        let overlapping = a
            .report
            .diagnostics
            .iter()
            .filter(|d| overlaps(frame.range_of(d), asked));
        for d in overlapping {
            if let Some(fix) = d.fix.as_ref().filter(|_| d.file == FileId::Report) {
                let original = a.report.source.slice(fix.span);
                let title = if fix.replacement.is_empty() {
                    lang.pick(
                        &format!("Rätta {}: ta bort `{}`", d.code, truncate(original, 40)),
                        &format!("Fix {}: remove `{}`", d.code, truncate(original, 40)),
                    )
                } else {
                    lang.pick(
                        &format!(
                            "Rätta {}: skriv `{}`",
                            d.code,
                            truncate(&fix.replacement, 40)
                        ),
                        &format!("Fix {}: write `{}`", d.code, truncate(&fix.replacement, 40)),
                    )
                };
                let edit = TextEdit::new(
                    frame.report_range(fix.span.start, fix.span.end),
                    fix.replacement.clone(),
                );
                out.push(action(
                    &frame,
                    d,
                    title,
                    CodeActionKind::QUICKFIX,
                    edit,
                    true,
                ));
            }
            if d.file == FileId::Report && d.code != Code::AR007 {
                let title = lang.pick(
                    &format!("Ignorera {} här", d.code),
                    &format!("Ignore {} here", d.code),
                );
                let edit = ignore_edit(&frame, a, d);
                out.push(action(
                    &frame,
                    d,
                    title,
                    CodeActionKind::QUICKFIX,
                    edit,
                    false,
                ));
            }
        }
    }
    let fix_all = CodeActionKind::new(FIX_ALL);
    if wanted(&fix_all)
        && let Some(fixed) = crate::fix::fix_bytes(
            &a.report,
            a.text.as_bytes().to_vec(),
            &a.setup.templates,
            &a.setup.options,
        )
    {
        let whole = Range::new(Default::default(), frame.lines.end());
        let edit = TextEdit::new(whole, String::from_utf8_lossy(&fixed.fixed).into_owned());
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: lang.pick(
                &format!("Rätta allt som kan rättas ({} fynd)", fixed.count),
                &format!(
                    "Fix everything that can be fixed ({} findings)",
                    fixed.count
                ),
            ),
            kind: Some(fix_all),
            edit: Some(workspace_edit(&frame, edit)),
            ..CodeAction::default()
        }));
    }
    out
}

/// Whether a finding's lines meet the requested lines: an editor asks with the cursor's position,
/// which need not stand on the finding itself.
fn overlaps(a: Range, b: Range) -> bool {
    a.start.line <= b.end.line && b.start.line <= a.end.line
}

fn workspace_edit(frame: &Frame<'_>, edit: TextEdit) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(frame.uri.clone(), vec![edit])])),
        ..WorkspaceEdit::default()
    }
}

fn action(
    frame: &Frame<'_>,
    d: &Diagnostic,
    title: String,
    kind: CodeActionKind,
    edit: TextEdit,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(kind),
        diagnostics: Some(vec![frame.diagnostic(d)]),
        edit: Some(workspace_edit(frame, edit)),
        is_preferred: Some(preferred),
        ..CodeAction::default()
    })
}

/// The suppression comment for `d`: on its own line above the innermost key whose value holds
/// the finding (a comment inside a block scalar would be text), or above the finding's line when
/// the report did not load. A suppression comment already there gets the code added.
fn ignore_edit(frame: &Frame<'_>, a: &Analysis, d: &Diagnostic) -> TextEdit {
    let text = &a.text;
    let at = a.report.offsets.to_file(d.span.start);
    let key = a.report.document.as_ref().and_then(|doc| {
        doc.spans
            .values()
            .filter(|n| n.file == FileId::Report)
            .filter_map(|n| {
                let key = n.key?;
                let (start, end) = (key.start, n.value.end.max(key.end));
                (start <= d.span.start && d.span.start <= end).then_some(start)
            })
            .max()
    });
    let anchor = key.map_or(at, |k| a.report.offsets.to_file(k));
    let line_start = text
        .get(..anchor)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line = text.get(line_start..).unwrap_or("");
    let indent: String = line.chars().take_while(|c| *c == ' ').collect();
    // An existing suppression on the line above: add the code to it.
    if line_start > 0 {
        let above_start = text
            .get(..line_start - 1)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1);
        let above = text.get(above_start..line_start - 1).unwrap_or("");
        let above = above.strip_suffix('\r').unwrap_or(above);
        if above.trim_start().starts_with("# aterrapport: ignore") {
            let end = above_start + above.len();
            return TextEdit::new(frame.lines.range(end, end), format!(" {}", d.code));
        }
    }
    let newline = if line.contains("\r\n") { "\r\n" } else { "\n" };
    TextEdit::new(
        frame.lines.range(line_start, line_start),
        format!("{indent}# aterrapport: ignore {}{newline}", d.code),
    )
}
