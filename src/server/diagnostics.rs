//! `check`'s findings as LSP diagnostics: every severity, the rule code, source "aterrapport",
//! related labels as `relatedInformation`. A finding inside the strategy file is shown on the
//! report's `fil:` line and points into the strategy file.

use lsp_types::{
    Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Range, Uri,
};

use super::position::{Encoding, Lines};
use super::store::uri_of;
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::FileReport;
use crate::source::FileId;

/// Positions in the report (the editor's text) and in its strategy file.
pub struct Frame<'a> {
    pub uri: &'a Uri,
    pub report: &'a FileReport,
    pub lines: Lines<'a>,
    strategy: Option<(Uri, Lines<'a>)>,
}

impl<'a> Frame<'a> {
    pub fn new(uri: &'a Uri, text: &'a str, report: &'a FileReport, enc: Encoding) -> Frame<'a> {
        let strategy = report.strategy.as_ref().and_then(|s| {
            let uri = uri_of(&s.path)?;
            Some((uri, Lines::new(&s.text, enc)))
        });
        Frame {
            uri,
            report,
            lines: Lines::new(text, enc),
            strategy,
        }
    }

    /// The range in the editor's text of a span of the report's decoded text.
    pub fn report_range(&self, start: usize, end: usize) -> Range {
        let map = &self.report.offsets;
        self.lines.range(map.to_file(start), map.to_file(end))
    }

    /// Where a span of `file` lies, as a location the editor can open.
    pub fn location(&self, file: FileId, start: usize, end: usize) -> Location {
        match (file, &self.strategy) {
            (FileId::Strategy, Some((uri, lines))) => Location::new(uri.clone(), {
                let map = &self.report.strategy_offsets;
                lines.range(map.to_file(start), map.to_file(end))
            }),
            _ => Location::new(self.uri.clone(), self.report_range(start, end)),
        }
    }

    /// The range of the report's `fil:` value, where findings in the strategy file are shown.
    fn fil_range(&self) -> Range {
        let span = self
            .report
            .document
            .as_ref()
            .and_then(|d| d.span("/strategi/fil"))
            .filter(|s| s.file == FileId::Report)
            .map(|s| s.primary())
            .unwrap_or_default();
        self.report_range(span.start, span.end)
    }

    /// The range a finding is shown at in the report.
    pub fn range_of(&self, d: &Diagnostic) -> Range {
        match d.file {
            FileId::Report => self.report_range(d.span.start, d.span.end),
            FileId::Strategy => self.fil_range(),
        }
    }

    pub fn diagnostic(&self, d: &Diagnostic) -> LspDiagnostic {
        let mut related: Vec<DiagnosticRelatedInformation> = d
            .related
            .iter()
            .map(|r| DiagnosticRelatedInformation {
                location: self.location(d.file, r.span.start, r.span.end),
                message: r.message.clone(),
            })
            .collect();
        let mut message = d.message.clone();
        if d.file == FileId::Strategy {
            let source = self.report.source_of(FileId::Strategy);
            let (line, column) = source.line_col(d.span.start);
            message = format!("{}:{line}:{column}: {message}", source.display);
            related.insert(
                0,
                DiagnosticRelatedInformation {
                    location: self.location(d.file, d.span.start, d.span.end),
                    message: d.label.clone().unwrap_or_else(|| d.message.clone()),
                },
            );
        }
        if let Some(help) = &d.help {
            message = format!("{message}\n{help}");
        }
        LspDiagnostic {
            range: self.range_of(d),
            severity: Some(severity(d.severity)),
            code: Some(NumberOrString::String(d.code.as_str().to_string())),
            code_description: None,
            source: Some("aterrapport".into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            tags: None,
            data: None,
        }
    }

    pub fn all(&self) -> Vec<LspDiagnostic> {
        self.report
            .diagnostics
            .iter()
            .map(|d| self.diagnostic(d))
            .collect()
    }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}
