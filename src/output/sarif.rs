//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning among them):
//! the rule list from the registry, one result per finding with its region (columns in UTF-16
//! code units, as SARIF counts them), stable partial fingerprints and the fix when there is one.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Emitter, ITEMS, Settings, StreamedArray, Totals};
use crate::diagnostic::Severity;
use crate::fingerprint::fingerprints;
use crate::report::FileReport;
use crate::rules::RULES;
use crate::source::SourceFile;

pub struct Sarif {
    settings: Settings,
    results: Option<StreamedArray>,
}

impl Sarif {
    pub fn new(settings: Settings) -> Sarif {
        Sarif {
            settings,
            results: None,
        }
    }
}

/// 1-based line and UTF-16 column of a byte offset.
fn utf16_position(source: &SourceFile, offset: usize) -> (usize, usize) {
    let (line, _) = source.line_col(offset);
    let start = source.line_start(line);
    let prefix = source.text.get(start..offset.max(start)).unwrap_or("");
    (line, prefix.encode_utf16().count() + 1)
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

impl Sarif {
    fn skeleton(&self) -> Value {
        let lang = self.settings.lang;
        let rules: Vec<Value> = RULES
            .iter()
            .map(|m| {
                let summary = if lang.is_sv() { m.summary.0 } else { m.summary.1 };
                json!({
                    "id": m.code.as_str(),
                    "name": m.name,
                    "shortDescription": { "text": summary },
                    "fullDescription": { "text": summary },
                    "help": { "text": crate::rules::explain_text(m.code, lang), "markdown": crate::rules::explain_text(m.code, lang) },
                    "defaultConfiguration": { "level": level(m.severity) },
                })
            })
            .collect();
        json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "aterrapport",
                        "version": env!("CARGO_PKG_VERSION"),
                        "rules": rules,
                    },
                },
                "columnKind": "utf16CodeUnits",
                "results": ITEMS,
            }],
        })
    }
}

impl Emitter for Sarif {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let results = StreamedArray::new(&self.skeleton());
        results.begin(out)?;
        self.results = Some(results);
        Ok(())
    }

    fn end(&mut self, _totals: &Totals, out: &mut dyn Write) -> io::Result<()> {
        let skeleton = self.skeleton();
        match &self.results {
            Some(results) => results.end(&skeleton, out),
            None => Ok(()),
        }
    }

    fn file(&mut self, report: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        let Some(results) = &mut self.results else {
            return Ok(());
        };
        {
            let prints = fingerprints(report);
            for (d, print) in report.diagnostics.iter().zip(prints) {
                let source = report.source_of(d.file);
                let offsets = report.offsets_of(d.file);
                let (line, col) = utf16_position(source, d.span.start);
                let (end_line, end_col) = utf16_position(source, d.span.end);
                let index = RULES.iter().position(|m| m.code == d.code).unwrap_or(0);
                let mut text = d.message.clone();
                if let Some(help) = &d.help {
                    text.push_str(" — ");
                    text.push_str(help);
                }
                let word = report.word_location(d);
                // A Word document: the artifact without a region, and the place as a logical
                // location ("1.2.1 Innovation, tabell 2, rad 2, kolumn …").
                let location = match word {
                    Some(place) => json!({
                        "physicalLocation": { "artifactLocation": { "uri": source.display } },
                        "logicalLocations": [{
                            "name": place.describe(self.settings.lang),
                            "kind": "element",
                            "properties": { "docx": place.place },
                        }],
                    }),
                    None => json!({
                        "physicalLocation": {
                            "artifactLocation": { "uri": source.display },
                            "region": {
                                "startLine": line,
                                "startColumn": col,
                                "endLine": end_line,
                                "endColumn": end_col,
                            },
                        },
                    }),
                };
                let mut result = json!({
                    "ruleId": d.code.as_str(),
                    "ruleIndex": index,
                    "level": level(d.severity),
                    "message": { "text": text },
                    "locations": [location],
                    "partialFingerprints": { "aterrapport/v1": print },
                });
                if let (Some(fix), Some(obj), None) = (&d.fix, result.as_object_mut(), word) {
                    let start = offsets.to_file(fix.span.start);
                    let end = offsets.to_file(fix.span.end);
                    obj.insert(
                        "fixes".into(),
                        json!([{
                            "description": { "text": d.help.clone().unwrap_or_else(|| d.message.clone()) },
                            "artifactChanges": [{
                                "artifactLocation": { "uri": source.display },
                                "replacements": [{
                                    "deletedRegion": { "byteOffset": start, "byteLength": end - start },
                                    "insertedContent": { "text": fix.replacement },
                                }],
                            }],
                        }]),
                    );
                }
                results.item(&result, out)?;
            }
        }
        Ok(())
    }
}
