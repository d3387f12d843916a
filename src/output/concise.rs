//! `--format concise`: one line per finding, `path:line:col: severity[CODE] message`, as editors
//! and grep expect (for a Word document `path: severity[CODE] message (place)`); then the summary
//! line.

use std::io::{self, Write};

use super::{Emitter, Settings, Totals};
use crate::report::FileReport;

pub struct Concise {
    pub settings: Settings,
}

impl Emitter for Concise {
    fn file(&mut self, report: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        {
            for d in &report.diagnostics {
                let source = report.source_of(d.file);
                if let Some(place) = report.word_location(d) {
                    writeln!(
                        out,
                        "{}: {}[{}] {} ({})",
                        source.display,
                        d.severity.as_str(),
                        d.code,
                        d.message,
                        place.describe(self.settings.lang)
                    )?;
                    continue;
                }
                let (line, col) = source.line_col(d.span.start);
                writeln!(
                    out,
                    "{}:{line}:{col}: {}[{}] {}",
                    source.display,
                    d.severity.as_str(),
                    d.code,
                    d.message
                )?;
            }
        }
        Ok(())
    }

    fn end(&mut self, totals: &Totals, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", super::human::summary(totals, self.settings.lang))
    }
}
