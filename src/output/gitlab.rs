//! `--format gitlab`: GitLab Code Quality (a JSON array of issues with `description`,
//! `check_name`, `fingerprint`, `severity` and `location`), so findings appear in merge requests.
//! Fingerprints are the stable ones of the baseline.

use std::io::{self, Write};

use serde_json::json;

use super::{Emitter, ITEMS, StreamedArray, Totals};
use crate::diagnostic::Severity;
use crate::fingerprint::fingerprints;
use crate::report::FileReport;

#[derive(Default)]
pub struct Gitlab {
    issues: Option<StreamedArray>,
    /// The language of the places named for Word documents.
    lang: crate::i18n::Lang,
}

impl Gitlab {
    pub fn new(lang: crate::i18n::Lang) -> Gitlab {
        Gitlab { issues: None, lang }
    }
}

impl Emitter for Gitlab {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let issues = StreamedArray::new(&json!(ITEMS));
        issues.begin(out)?;
        self.issues = Some(issues);
        Ok(())
    }

    fn end(&mut self, _totals: &Totals, out: &mut dyn Write) -> io::Result<()> {
        match &self.issues {
            Some(issues) => issues.end(&json!(ITEMS), out),
            None => Ok(()),
        }
    }

    fn file(&mut self, report: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        let Some(issues) = &mut self.issues else {
            return Ok(());
        };
        {
            let prints = fingerprints(report);
            for (d, print) in report.diagnostics.iter().zip(prints) {
                let source = report.source_of(d.file);
                let (line, col) = source.line_col(d.span.start);
                let (end_line, end_col) = source.line_col(d.span.end);
                let severity = match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                };
                // The path is part of the fingerprint: the same finding in two files is two issues.
                let fingerprint = format!("{print}-{:016x}", path_hash(&source.display));
                // A Word document has no lines: line 1, and the place in the description.
                if let Some(place) = report.word_location(d) {
                    let issue = json!({
                        "description": format!("{} {}: {} ({})", d.code, d.name(), d.message, place.describe(self.lang)),
                        "check_name": d.code.as_str(),
                        "fingerprint": fingerprint,
                        "severity": severity,
                        "location": { "path": source.display, "lines": { "begin": 1 } },
                    });
                    issues.item(&issue, out)?;
                    continue;
                }
                let issue = json!({
                    "description": format!("{} {}: {}", d.code, d.name(), d.message),
                    "check_name": d.code.as_str(),
                    "fingerprint": fingerprint,
                    "severity": severity,
                    "location": {
                        "path": source.display,
                        "positions": {
                            "begin": { "line": line, "column": col },
                            "end": { "line": end_line, "column": end_col },
                        },
                    },
                });
                issues.item(&issue, out)?;
            }
        }
        Ok(())
    }
}

fn path_hash(path: &str) -> u64 {
    path.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
