//! `--format github`: GitHub Actions workflow commands, so findings appear as annotations on the
//! pull request: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=AR301 unknown-goal::…`.

use std::io::{self, Write};

use super::Emitter;
use crate::diagnostic::Severity;
use crate::report::FileReport;

pub struct Github {
    /// The language of the places named for Word documents.
    pub lang: crate::i18n::Lang,
}

/// Escaping of the message part (GitHub's toolkit: `%`, CR, LF).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a property value (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Emitter for Github {
    fn file(&mut self, report: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        {
            for d in &report.diagnostics {
                let source = report.source_of(d.file);
                let (line, col) = source.line_col(d.span.start);
                let (end_line, end_col) = source.line_col(d.span.end);
                let command = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "notice",
                };
                let mut message = d.message.clone();
                if let Some(help) = &d.help {
                    message.push('\n');
                    message.push_str(help);
                }
                // A Word document has no lines to annotate: the annotation is on the file and
                // names the place.
                if let Some(place) = report.word_location(d) {
                    message.push_str(&format!("\n({})", place.describe(self.lang)));
                    writeln!(
                        out,
                        "::{command} file={},title={}::{}",
                        escape_property(&source.display),
                        escape_property(&format!("{} {}", d.code, d.name())),
                        escape_data(&message)
                    )?;
                    continue;
                }
                writeln!(
                    out,
                    "::{command} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
                    escape_property(&source.display),
                    escape_property(&format!("{} {}", d.code, d.name())),
                    escape_data(&message)
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("50% klart\nrad två"), "50%25 klart%0Arad två");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
