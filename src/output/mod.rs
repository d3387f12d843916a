//! Emitters: one per output format, each behind the `Emitter` trait, each given every file's
//! report in path order. They format; they decide nothing about exit codes.

use std::io::{self, Write};

use clap::ValueEnum;

use crate::diagnostic::Severity;
use crate::i18n::Lang;
use crate::lint::FileReport;

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
    fn emit(&self, reports: &[FileReport], out: &mut dyn Write) -> io::Result<()>;
}

pub fn emitter(format: Format, settings: Settings) -> Box<dyn Emitter> {
    match format {
        Format::Human => Box::new(human::Human { settings }),
        Format::Concise => Box::new(concise::Concise { settings }),
        Format::Json => Box::new(json::Json),
        Format::Sarif => Box::new(sarif::Sarif { settings }),
        Format::Github => Box::new(github::Github),
        Format::Gitlab => Box::new(gitlab::Gitlab),
        Format::Junit => Box::new(junit::Junit),
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

pub fn totals(reports: &[FileReport]) -> Totals {
    let mut t = Totals {
        files: reports.len(),
        ..Totals::default()
    };
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        match d.severity {
            Severity::Error => t.errors += 1,
            Severity::Warning => t.warnings += 1,
            Severity::Info => t.infos += 1,
        }
        if d.fix.is_some() {
            t.fixable += 1;
        }
    }
    t
}
