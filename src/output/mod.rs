//! Emitters: one per output format, each behind the `Emitter` trait, each given every file's
//! report in path order. They format; they decide nothing about exit codes.

use std::io::{self, Write};

use clap::ValueEnum;

use crate::diagnostic::Severity;
use crate::i18n::Lang;
use crate::lint::FileReport;

pub mod human;
pub mod json;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Code frames with labels and help (miette).
    #[default]
    Human,
    /// The machine contract of RULES.md.
    Json,
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
        Format::Json => Box::new(json::Json),
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
