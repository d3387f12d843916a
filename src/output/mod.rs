//! Emitters: one per output format, each behind the `Emitter` trait. They are fed file by file in
//! path order (`begin`, `file`…, `end`), so a batch of any size is written as it is checked and
//! never held whole in memory. They format; they decide nothing about exit codes.

use std::io::{self, Write};

use clap::ValueEnum;

use crate::diagnostic::Severity;
use crate::i18n::Lang;
use crate::report::FileReport;

pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Code frames with labels and help (miette).
    #[default]
    Human,
    /// One line per finding: `path:line:col: severity[CODE] message`.
    Concise,
    /// The machine contract of RULES.md.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// GitLab Code Quality report.
    Gitlab,
    /// JUnit XML: one test case per file.
    Junit,
}

impl Format {
    /// Formats read by programs: no progress output, no colour.
    pub fn is_machine(self) -> bool {
        !matches!(self, Format::Human | Format::Concise)
    }
}

pub struct Settings {
    pub lang: Lang,
    pub color: bool,
    /// Terminal width for wrapping.
    pub width: usize,
}

pub trait Emitter {
    /// Everything before the first file.
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// One file's findings; files come in path order.
    fn file(&mut self, report: &FileReport, out: &mut dyn Write) -> io::Result<()>;

    /// Everything after the last file.
    fn end(&mut self, _totals: &Totals, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// All of it for reports already in memory.
    fn emit(&mut self, reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
        self.begin(out)?;
        for report in reports {
            self.file(report, out)?;
        }
        self.end(&totals(reports), out)
    }
}

/// Writes a pretty-printed JSON document whose one array (at `"…": "@@items@@"`) is filled item by
/// item, byte for byte as `serde_json::to_writer_pretty` would write the whole document.
pub(crate) struct StreamedArray {
    prefix: String,
    indent: String,
    count: usize,
}

pub(crate) const ITEMS: &str = "@@aterrapport-items@@";

impl StreamedArray {
    /// `skeleton` holds the string `ITEMS` where the array goes.
    pub fn new(skeleton: &serde_json::Value) -> StreamedArray {
        let text = serde_json::to_string_pretty(skeleton).unwrap_or_default();
        let marker = format!("\"{ITEMS}\"");
        let at = text.find(&marker).unwrap_or(text.len());
        let prefix = text.get(..at).unwrap_or_default().to_string();
        let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
        let indent: String = prefix
            .get(line_start..)
            .unwrap_or_default()
            .chars()
            .take_while(|c| *c == ' ')
            .collect();
        StreamedArray {
            prefix,
            indent,
            count: 0,
        }
    }

    pub fn begin(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(self.prefix.as_bytes())?;
        out.write_all(b"[")
    }

    pub fn item(&mut self, item: &serde_json::Value, out: &mut dyn Write) -> io::Result<()> {
        let text = serde_json::to_string_pretty(item).map_err(io::Error::other)?;
        if self.count > 0 {
            out.write_all(b",")?;
        }
        self.count += 1;
        let inner = format!("{}  ", self.indent);
        write!(out, "\n{inner}")?;
        let mut lines = text.split('\n');
        if let Some(first) = lines.next() {
            out.write_all(first.as_bytes())?;
        }
        for line in lines {
            write!(out, "\n{inner}{line}")?;
        }
        Ok(())
    }

    /// Closes the array and writes the rest of `skeleton` (which may now hold the final totals).
    pub fn end(&self, skeleton: &serde_json::Value, out: &mut dyn Write) -> io::Result<()> {
        if self.count > 0 {
            write!(out, "\n{}", self.indent)?;
        }
        out.write_all(b"]")?;
        let text = serde_json::to_string_pretty(skeleton).map_err(io::Error::other)?;
        let marker = format!("\"{ITEMS}\"");
        let rest = text
            .find(&marker)
            .and_then(|at| text.get(at + marker.len()..))
            .unwrap_or_default();
        out.write_all(rest.as_bytes())?;
        writeln!(out)
    }
}

pub fn emitter(format: Format, settings: Settings) -> Box<dyn Emitter> {
    match format {
        Format::Human => Box::new(human::Human::new(settings)),
        Format::Concise => Box::new(concise::Concise { settings }),
        Format::Json => Box::new(json::Json::default()),
        Format::Sarif => Box::new(sarif::Sarif::new(settings)),
        Format::Github => Box::new(github::Github {
            lang: settings.lang,
        }),
        Format::Gitlab => Box::new(gitlab::Gitlab::new(settings.lang)),
        Format::Junit => Box::new(junit::Junit::new(settings.lang)),
    }
}

/// Counts over all reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub fixable: usize,
}

impl Totals {
    pub fn add(&mut self, other: &Totals) {
        self.files += other.files;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.fixable += other.fixable;
    }
}

pub fn totals(reports: &[FileReport]) -> Totals {
    let mut t = Totals {
        files: reports.len(),
        ..Totals::default()
    };
    for r in reports {
        for d in &r.diagnostics {
            match d.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Info => t.infos += 1,
            }
            // `--fix` rewrites YAML; a Word document's findings are fixed in Word.
            if d.fix.is_some() && r.word_location(d).is_none() {
                t.fixable += 1;
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn streamed(items: &[serde_json::Value]) -> String {
        let skeleton = json!({ "a": 1, "list": ITEMS, "z": { "b": [1, 2] } });
        let mut array = StreamedArray::new(&skeleton);
        let mut out = Vec::new();
        array.begin(&mut out).unwrap();
        for item in items {
            array.item(item, &mut out).unwrap();
        }
        array.end(&skeleton, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_streamed_array_is_byte_for_byte_serde_jsons_pretty_output() {
        for items in [
            vec![],
            vec![json!(1)],
            vec![
                json!({ "x": [1, { "y": "z" }], "e": [] }),
                json!("two"),
                json!({}),
            ],
        ] {
            let whole = json!({ "a": 1, "list": items, "z": { "b": [1, 2] } });
            let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
            assert_eq!(streamed(&items), expected);
        }
    }
}
