//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use aterrapport::i18n::Lang;
use aterrapport::lint::{FileReport, Options, check_bytes, check_path};
use aterrapport::template::Templates;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn options() -> Options {
    Options {
        lang: Lang::En,
        current_year: 2026,
        ..Options::default()
    }
}

pub fn check(path: &Path) -> FileReport {
    check_path(
        path,
        &path.to_string_lossy(),
        &Templates::builtin(),
        &options(),
    )
}

pub fn check_text(name: &str, bytes: &[u8]) -> FileReport {
    check_bytes(
        bytes,
        Path::new(name),
        name,
        &Templates::builtin(),
        &options(),
    )
}

/// "AR101 21:3" for each finding, in order.
pub fn positions(report: &FileReport) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let (line, col) = report.source_of(d.file).line_col(d.span.start);
            format!("{} {line}:{col}", d.code)
        })
        .collect()
}

pub fn codes(report: &FileReport) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .map(|d| d.code.to_string())
        .collect()
}

/// The command, with the clock and the terminal fixed so output is reproducible.
pub fn cmd() -> assert_cmd::Command {
    let mut c =
        assert_cmd::Command::cargo_bin("aterrapport").unwrap_or_else(|e| panic!("binary: {e}"));
    c.current_dir(root())
        .env("ATERRAPPORT_CURRENT_YEAR", "2026")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100");
    c
}
