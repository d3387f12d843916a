//! `--format json`: the machine contract of RULES.md ("JSON output"). Positions are 1-based lines
//! and columns in Unicode scalar values, end exclusive; `start`/`end` are byte offsets into the file
//! as it is on disk.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Emitter, ITEMS, StreamedArray, Totals};
use crate::diagnostic::Diagnostic;
use crate::report::FileReport;
use crate::source::FileId;

#[derive(Default)]
pub struct Json {
    files: Option<StreamedArray>,
}

fn skeleton(t: &Totals) -> Value {
    json!({
        "version": 1,
        "files": ITEMS,
        "summary": { "files": t.files, "errors": t.errors, "warnings": t.warnings, "infos": t.infos },
    })
}

impl Emitter for Json {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let files = StreamedArray::new(&skeleton(&Totals::default()));
        files.begin(out)?;
        self.files = Some(files);
        Ok(())
    }

    fn file(&mut self, r: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        let file = json!({
            "path": r.source.display,
            "template": r.template,
            "diagnostics": r.diagnostics.iter().map(|d| diagnostic(r, d)).collect::<Vec<_>>(),
        });
        match &mut self.files {
            Some(files) => files.item(&file, out),
            None => Ok(()),
        }
    }

    fn end(&mut self, t: &Totals, out: &mut dyn Write) -> io::Result<()> {
        match &self.files {
            Some(files) => files.end(&skeleton(t), out),
            None => Ok(()),
        }
    }
}

pub fn diagnostic(report: &FileReport, d: &Diagnostic) -> Value {
    let source = report.source_of(d.file);
    let offsets = report.offsets_of(d.file);
    let (line, column) = source.line_col(d.span.start);
    let (end_line, end_column) = source.line_col(d.span.end);
    let mut v = json!({
        "code": d.code.as_str(),
        "name": d.name(),
        "severity": d.severity.as_str(),
        "message": d.message,
    });
    let Some(obj) = v.as_object_mut() else {
        return v;
    };
    if let Some(help) = &d.help {
        obj.insert("help".into(), json!(help));
    }
    obj.insert(
        "pointer".into(),
        json!(d.pointer.clone().unwrap_or_default()),
    );
    if d.file == FileId::Strategy {
        obj.insert("file".into(), json!(source.display));
    }
    // A finding in a Word document has no YAML position and no fix: it names its place there.
    let word = report.word_location(d);
    if let Some(location) = word {
        for key in ["line", "column", "end_line", "end_column"] {
            obj.insert(key.into(), Value::Null);
        }
        obj.insert("docx".into(), json!(location.place));
    } else {
        obj.insert("line".into(), json!(line));
        obj.insert("column".into(), json!(column));
        obj.insert("end_line".into(), json!(end_line));
        obj.insert("end_column".into(), json!(end_column));
    }
    if !d.related.is_empty() {
        let related: Vec<Value> = d
            .related
            .iter()
            .map(|r| match report.word_location_of_related(d, r) {
                Some(l) => json!({ "message": r.message, "line": null, "column": null, "end_line": null, "end_column": null, "docx": l.place }),
                None => {
                    let (line, column) = source.line_col(r.span.start);
                    let (end_line, end_column) = source.line_col(r.span.end);
                    json!({ "message": r.message, "line": line, "column": column, "end_line": end_line, "end_column": end_column })
                }
            })
            .collect();
        obj.insert("related".into(), json!(related));
    }
    if let Some(fix) = d.fix.as_ref().filter(|_| word.is_none()) {
        obj.insert(
            "fix".into(),
            json!({ "replacement": fix.replacement, "start": offsets.to_file(fix.span.start), "end": offsets.to_file(fix.span.end) }),
        );
    }
    v
}
