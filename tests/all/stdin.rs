//! `check -`: a report on standard input is checked as the file `--stdin-filename` names — the same
//! findings, configuration and strategy files as `check PATH` — and `--fix -` writes the fixed text
//! to standard output, as editors' format-on-save and pipes expect.

use std::path::Path;

use super::support::{root, run_in, split_strategy};

/// (exit code, stdout, stderr) of `aterrapport ARGS` run in `dir` with `input` on standard input.
fn run(dir: &Path, args: &[&str], input: Option<&[u8]>) -> (i32, String, String) {
    run_in(dir, args, input)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `check --stdin-filename X - < X` and `check X` agree, for each format given.
fn same_as_file(dir: &Path, file: &str, extra: &[&str]) {
    let bytes = read(&dir.join(file));
    let mut from_file = vec!["check"];
    from_file.extend_from_slice(extra);
    from_file.push(file);
    let mut from_stdin = vec!["check"];
    from_stdin.extend_from_slice(extra);
    from_stdin.extend_from_slice(&["--stdin-filename", file, "-"]);
    let expected = run(dir, &from_file, None);
    let got = run(dir, &from_stdin, Some(&bytes));
    assert_eq!(got, expected, "{file} {extra:?}");
}

#[test]
fn standard_input_gives_the_same_json_as_the_file() {
    let files = [
        "examples/exempel-2020.yaml",
        "examples/skane-2020.yaml",
        "examples/fel/01-kolon-i-lopande-text.yaml",
        "examples/fel/02-struktur.yaml",
        "examples/fel/03-malhanvisningar.yaml",
        "examples/fel/04-ja-nej-och-inklistrad-text.yaml",
        "examples/fel/05-text-ur-pdf.yaml",
        "tests/fixtures/rules/AR202-lowercase-ja.yaml",
    ];
    for file in files {
        same_as_file(&root(), file, &["--format", "json"]);
    }
    same_as_file(&root(), "examples/fel/02-struktur.yaml", &[]);
    same_as_file(&root(), "examples/fel/02-struktur.yaml", &["--lang", "en"]);
}

#[test]
fn dash_without_stdin_filename_is_a_usage_error() {
    let (code, out, err) = run(&root(), &["check", "-"], Some(b"rapportar: 2020\n"));
    assert_eq!(code, 2, "{err}");
    assert_eq!(out, "");
    assert!(err.contains("--stdin-filename"), "{err}");
    assert!(err.contains("standard input"), "{err}");

    let (code, _, err) = run(&root(), &["check", "--lang", "en", "-"], Some(b""));
    assert_eq!(code, 2);
    assert!(err.contains("needs `--stdin-filename PATH`"), "{err}");
}

#[test]
fn dash_beside_other_paths_and_stdin_filename_without_dash_are_usage_errors() {
    let (code, _, err) = run(
        &root(),
        &[
            "check",
            "--lang",
            "en",
            "--stdin-filename",
            "a.yaml",
            "-",
            "examples/",
        ],
        Some(b""),
    );
    assert_eq!(code, 2);
    assert!(err.contains("cannot be combined"), "{err}");

    let (code, _, err) = run(
        &root(),
        &[
            "check",
            "--lang",
            "en",
            "--stdin-filename",
            "a.yaml",
            "examples/",
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("give `-` as the path"), "{err}");
}

/// A project in a temporary directory: Region Skåne's report with its strategy in
/// `strategi.yaml` (`strategi: { fil: strategi.yaml }`) and the given `aterrapport.toml`.
fn project(toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let source =
        String::from_utf8_lossy(&read(&root().join("examples/skane-2020.yaml"))).into_owned();
    let (report, strategy) = split_strategy(&source, "strategi.yaml");
    std::fs::create_dir(dir.path().join("rapporter")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("rapporter/strategi.yaml"), strategy)
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("rapporter/skane.yaml"), report)
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("aterrapport.toml"), toml).unwrap_or_else(|e| panic!("{e}"));
    dir
}

#[test]
fn the_configuration_and_strategy_file_are_found_from_the_stdin_filename() {
    let dir = project("lang = \"en\"\n[rules]\nmissing-column = \"off\"\n");
    let bytes = read(&dir.path().join("rapporter/skane.yaml"));
    // Run from elsewhere: only --stdin-filename tells where the report belongs.
    let name = dir.path().join("rapporter/skane.yaml");
    let name = name.to_string_lossy();
    let (code, out, err) = run(
        &root(),
        &["check", "--format", "json", "--stdin-filename", &name, "-"],
        Some(&bytes),
    );
    assert_eq!(code, 0, "{out}{err}");
    // The rule turned off in aterrapport.toml is off, and the goals are those of strategi.yaml.
    assert!(!out.contains("AR401"), "{out}");
    assert!(!out.contains("AR301"), "{out}");
    assert!(!out.contains("AR205"), "{out}");
    assert_eq!(
        (code, out, err),
        run(&root(), &["check", "--format", "json", &name], None)
    );
    // Named as if it lay elsewhere, its strategy file is not found there (AR006).
    let (_, out, _) = run(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "annan/skane.yaml",
            "-",
        ],
        Some(&bytes),
    );
    assert!(out.contains("annan/skane.yaml:8:8: error[AR006]"), "{out}");
    // The human output is in the configuration's language and names the file.
    same_as_file(dir.path(), "rapporter/skane.yaml", &[]);
    let (_, out, _) = run(
        dir.path(),
        &["check", "--stdin-filename", "rapporter/skane.yaml", "-"],
        Some(&bytes),
    );
    assert!(out.contains("Checked 1 file"), "{out}");
}

#[test]
fn fix_writes_the_fixed_text_to_standard_output_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let original = read(&root().join("tests/fixtures/rules/AR202-lowercase-ja.yaml"));
    let file = dir.path().join("rapport.yaml");
    std::fs::write(&file, &original).unwrap_or_else(|e| panic!("{e}"));
    let (code, out, err) = run(
        dir.path(),
        &[
            "check",
            "--lang",
            "en",
            "--fix",
            "--stdin-filename",
            "rapport.yaml",
            "-",
        ],
        Some(&original),
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Fixed 1 finding in 1 file"), "{err}");
    // The file named is left alone; what `check --fix FILE` would write goes to stdout.
    assert_eq!(read(&file), original);
    let (code, _, _) = run(dir.path(), &["check", "--fix", "rapport.yaml"], None);
    assert_eq!(code, 0);
    let fixed = String::from_utf8_lossy(&read(&file)).into_owned();
    assert_ne!(fixed.as_bytes(), original.as_slice());
    assert_eq!(out, fixed);
}

#[test]
fn fix_echoes_text_with_nothing_to_fix_and_shows_what_remains_on_stderr() {
    // A syntax error (AR001): nothing to fix, one error that remains.
    let text = read(&root().join("examples/fel/01-kolon-i-lopande-text.yaml"));
    let (code, out, err) = run(
        &root(),
        &[
            "check",
            "--fix",
            "--format",
            "json",
            "--stdin-filename",
            "examples/fel/01-kolon-i-lopande-text.yaml",
            "-",
        ],
        Some(&text),
    );
    let (expected_code, findings, _) = run(
        &root(),
        &[
            "check",
            "--format",
            "json",
            "examples/fel/01-kolon-i-lopande-text.yaml",
        ],
        None,
    );
    assert!(out.as_bytes() == text.as_slice(), "{out}");
    assert!(findings.contains("AR001"), "{findings}");
    assert_eq!(code, expected_code);
    assert!(err.starts_with(&findings), "{err}");
}

#[test]
fn diff_of_standard_input_shows_the_fixes_under_the_given_name() {
    let text = read(&root().join("tests/fixtures/rules/AR202-lowercase-ja.yaml"));
    let (code, out, _) = run(
        &root(),
        &[
            "check",
            "--diff",
            "--stdin-filename",
            "ny/rapport.yaml",
            "-",
        ],
        Some(&text),
    );
    assert_eq!(code, 1);
    assert!(
        out.starts_with("--- a/ny/rapport.yaml\n+++ b/ny/rapport.yaml\n"),
        "{out}"
    );
}
