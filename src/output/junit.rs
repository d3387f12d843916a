//! `--format junit`: one test case per checked file; a file with errors fails, with one line per
//! error in the failure's text; warnings and infos go to the test case's output.

use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::{Emitter, Totals};
use crate::diagnostic::Severity;
use crate::i18n::{Lang, plural};
use crate::report::FileReport;

/// JUnit's header counts every test case, so the cases (one short record per file) are kept
/// until the end.
pub struct Junit {
    suite: TestSuite,
    lang: Lang,
}

impl Junit {
    pub fn new(lang: Lang) -> Self {
        Junit {
            suite: TestSuite::new("aterrapport"),
            lang,
        }
    }
}

fn line(report: &FileReport, d: &crate::diagnostic::Diagnostic, lang: Lang) -> String {
    let source = report.source_of(d.file);
    if let Some(place) = report.word_location(d) {
        return format!(
            "{}: {}[{}] {} ({})",
            source.display,
            d.severity.as_str(),
            d.code,
            d.message,
            place.describe(lang)
        );
    }
    let (l, c) = source.line_col(d.span.start);
    format!(
        "{}:{l}:{c}: {}[{}] {}",
        source.display,
        d.severity.as_str(),
        d.code,
        d.message
    )
}

impl Emitter for Junit {
    fn file(&mut self, report: &FileReport, _out: &mut dyn Write) -> io::Result<()> {
        {
            let errors: Vec<String> = report
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| line(report, d, self.lang))
                .collect();
            let others: Vec<String> = report
                .diagnostics
                .iter()
                .filter(|d| d.severity != Severity::Error)
                .map(|d| line(report, d, self.lang))
                .collect();
            let status = if errors.is_empty() {
                TestCaseStatus::success()
            } else {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_message(plural(errors.len(), "error", "errors"));
                s.set_type("aterrapport");
                s.set_description(errors.join("\n"));
                s
            };
            let mut case = TestCase::new(report.source.display.clone(), status);
            case.set_classname("aterrapport");
            if !others.is_empty() {
                case.set_system_out(others.join("\n"));
            }
            self.suite.add_test_case(case);
        }
        Ok(())
    }

    fn end(&mut self, _totals: &Totals, out: &mut dyn Write) -> io::Result<()> {
        let mut junit = Report::new("aterrapport");
        junit.add_test_suite(std::mem::replace(
            &mut self.suite,
            TestSuite::new("aterrapport"),
        ));
        junit.serialize(&mut *out).map_err(io::Error::other)?;
        writeln!(out)
    }
}
