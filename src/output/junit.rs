//! `--format junit`: one test case per checked file; a file with errors fails, with one line per
//! error in the failure's text; warnings and infos go to the test case's output.

use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::Emitter;
use crate::diagnostic::Severity;
use crate::lint::FileReport;

pub struct Junit;

fn line(report: &FileReport, d: &crate::diagnostic::Diagnostic) -> String {
    let source = report.source_of(d.file);
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
    fn emit(&self, reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
        let mut suite = TestSuite::new("aterrapport");
        for report in reports {
            let errors: Vec<String> = report
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| line(report, d))
                .collect();
            let others: Vec<String> = report
                .diagnostics
                .iter()
                .filter(|d| d.severity != Severity::Error)
                .map(|d| line(report, d))
                .collect();
            let status = if errors.is_empty() {
                TestCaseStatus::success()
            } else {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_message(format!("{} error(s)", errors.len()));
                s.set_type("aterrapport");
                s.set_description(errors.join("\n"));
                s
            };
            let mut case = TestCase::new(report.source.display.clone(), status);
            case.set_classname("aterrapport");
            if !others.is_empty() {
                case.set_system_out(others.join("\n"));
            }
            suite.add_test_case(case);
        }
        let mut junit = Report::new("aterrapport");
        junit.add_test_suite(suite);
        junit.serialize(&mut *out).map_err(io::Error::other)?;
        writeln!(out)
    }
}
