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

/// (exit code, stdout, stderr) of `aterrapport ARGS` run in `dir`, with `input` on standard input.
pub fn run_in(dir: &Path, args: &[&str], input: Option<&[u8]>) -> (i32, String, String) {
    let mut c = cmd();
    c.current_dir(dir).args(args);
    if let Some(input) = input {
        c.write_stdin(input.to_vec());
    }
    let out = c.output().unwrap_or_else(|e| panic!("{e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A report's inline `strategi:` block cut out as a strategy file's content (the mapping's body,
/// one level less indented), and the report with `strategi: { fil: FILE }` in its place.
pub fn split_strategy(source: &str, file: &str) -> (String, String) {
    let start = source
        .find("\nstrategi:\n")
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("the report has no inline strategy"));
    let end = source[start..]
        .find("\n\n")
        .map_or(source.len(), |e| start + e + 1);
    let strategy: String = source[start..end]
        .lines()
        .skip(1)
        .map(|l| format!("{}\n", l.strip_prefix("  ").unwrap_or(l)))
        .collect();
    let report = format!(
        "{}strategi:\n  fil: {file}\n{}",
        &source[..start],
        &source[end..]
    );
    (report, strategy)
}
