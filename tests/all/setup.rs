//! One setup for every command: `aterrapport.toml` means the same to `check`, `summary`, `export`,
//! `render` and `init`, and every command reports a missing path and a broken configuration the
//! same way (exit 2).

use std::path::Path;

use serde_json::Value;

use super::support::{root, run_in};

/// A project directory with Region Skåne's report (one AR401) and the given `aterrapport.toml`.
fn project(toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("examples/skane-2020.yaml"),
        dir.path().join("skane.yaml"),
    )
    .unwrap();
    std::fs::write(dir.path().join("aterrapport.toml"), toml).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    run_in(dir, args, None)
}

#[test]
fn a_rule_turned_off_is_off_in_every_command() {
    let dir = project("[rules]\nmissing-column = \"off\"\n");
    let (code, out, err) = run(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("AR401"), "{out}");

    let (code, out, err) = run(dir.path(), &["summary", "--format", "json", "."]);
    assert_eq!(code, 0, "{err}");
    let rows: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows[0]["errors"], 0, "{out}");

    // render refuses a report with errors; with the rule off there are none.
    let (code, out, err) = run(
        dir.path(),
        &["render", "skane.yaml", "--format", "markdown"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Region Skåne"));
}

#[test]
fn the_language_of_the_file_is_every_commands_language() {
    let dir = project("lang = \"en\"\n");
    let (_, out, _) = run(dir.path(), &["check", "."]);
    assert!(out.contains("help: add `typ:` to the row"), "{out}");
    let (_, out, _) = run(dir.path(), &["summary", "."]);
    assert!(out.starts_with("File "), "{out}");
    let (_, _, err) = run(dir.path(), &["export", ".", "-o", "x.csv"]);
    assert!(err.contains("Exported 55 rows from 1 report"), "{err}");
    let (_, _, err) = run(dir.path(), &["render", "skane.yaml"]);
    assert!(err.contains("no document was written"), "{err}");
    // A flag wins over the file.
    let (_, out, _) = run(dir.path(), &["summary", "--lang", "sv", "."]);
    assert!(out.starts_with("Fil "), "{out}");
}

#[test]
fn a_broken_configuration_stops_every_command() {
    let dir = project("lnag = \"en\"\n");
    for args in [
        &["check", "."][..],
        &["summary", "."],
        &["export", "."],
        &["render", "skane.yaml"],
        &["init", "--region", "Region Skåne", "--year", "2020"],
    ] {
        let (code, out, err) = run(dir.path(), args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(err.contains("aterrapport.toml"), "{args:?}: {err}");
    }
}

#[test]
fn a_missing_path_is_a_usage_error_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["check", "nosuch.yaml"][..],
        &["summary", "nosuch.yaml"],
        &["export", "nosuch.yaml"],
        &["render", "nosuch.yaml"],
    ] {
        let (code, _, err) = run(dir.path(), args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("nosuch.yaml finns inte"), "{args:?}: {err}");
    }
}

#[test]
fn print_config_shows_the_merged_fail_on() {
    let dir = project("fail-on = \"warning\"\n");
    let (_, out, _) = run(dir.path(), &["check", "--print-config", "."]);
    assert!(out.contains("fail-on = \"warning\""), "{out}");
    let (_, out, _) = run(
        dir.path(),
        &["check", "--print-config", "--fail-on", "never", "."],
    );
    assert!(out.contains("fail-on = \"never\""), "{out}");
}
