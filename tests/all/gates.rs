//! CI gates: `aterrapport.toml`, baselines, and the exit code they decide.

use std::path::Path;

use predicates::prelude::*;

use super::support::{cmd, root};

/// A project directory with the Skåne report (one AR401) and a report with an unreferenced goal
/// (one AR304 info), the latter also under `arkiv/`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let skane = root().join("examples/skane-2020.yaml");
    let info = root().join("tests/fixtures/rules/AR304-unreferenced-goal.yaml");
    std::fs::create_dir_all(dir.path().join("arkiv")).unwrap();
    std::fs::copy(&skane, dir.path().join("skane.yaml")).unwrap();
    std::fs::copy(&info, dir.path().join("info.yaml")).unwrap();
    std::fs::copy(&info, dir.path().join("arkiv/gammal.yaml")).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn concise(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = cmd()
        .current_dir(dir)
        .args(["check", ".", "--format", "concise"])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn without_a_config_everything_is_checked() {
    let p = project();
    let (code, out, _) = concise(p.path(), &[]);
    assert_eq!(code, 1);
    assert!(out.contains("arkiv/gammal.yaml:19:7: info[AR304]"), "{out}");
    assert!(out.contains("skane.yaml:1420:9: error[AR401]"), "{out}");
}

#[test]
fn config_sets_levels_excludes_language_and_fail_on() {
    let p = project();
    write(
        p.path(),
        "aterrapport.toml",
        "lang = \"en\"\nexclude = [\"arkiv/\"]\nfail-on = \"info\"\n\n[rules]\nmissing-column = \"warning\"\n",
    );
    let (code, out, _) = concise(p.path(), &[]);
    assert!(
        !out.contains("arkiv/"),
        "excluded directory was checked:\n{out}"
    );
    assert!(
        out.contains("skane.yaml:1420:9: warning[AR401] the column"),
        "{out}"
    );
    // fail-on = "info" in the file: the AR304 info fails the run.
    assert_eq!(code, 1, "{out}");
    // Flags win over the file.
    let (code, out, _) = concise(p.path(), &["--lang", "sv", "--fail-on", "error"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning[AR401] kolumnen"), "{out}");
    // A file named on the command line is checked even when excluded.
    let out = cmd()
        .current_dir(p.path())
        .args(["check", "arkiv/gammal.yaml", "--format", "concise"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("arkiv/gammal.yaml:19:7"));
}

#[test]
fn a_rule_turned_off_is_not_reported_and_does_not_fail() {
    let p = project();
    write(
        p.path(),
        "aterrapport.toml",
        "[rules]\nAR401 = \"off\"\nAR304 = \"off\"\n",
    );
    let (code, out, _) = concise(p.path(), &[]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("AR401") && !out.contains("AR304"), "{out}");
    // --isolated ignores the file.
    let (code, out, _) = concise(p.path(), &["--isolated"]);
    assert_eq!(code, 1);
    assert!(out.contains("AR401"));
}

#[test]
fn the_config_is_found_from_the_checked_path_upwards() {
    let p = project();
    write(p.path(), "aterrapport.toml", "[rules]\nAR401 = \"off\"\n");
    cmd()
        .args(["check", "--format", "concise"])
        .arg(p.path().join("skane.yaml"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("AR401").not());
}

#[test]
fn unknown_config_keys_are_errors_pointing_into_the_file() {
    let p = project();
    write(
        p.path(),
        "aterrapport.toml",
        "lang = \"sv\"\nexcludes = [\"arkiv/\"]\n",
    );
    cmd()
        .current_dir(p.path())
        .args(["check", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("aterrapport.toml:2:1"))
        .stderr(predicate::str::contains(
            "okänd inställning `excludes`; menade du `exclude`?",
        ));
    write(p.path(), "aterrapport.toml", "[rules]\nAR3O4 = \"off\"\n");
    cmd()
        .current_dir(p.path())
        .args(["check", ".", "--lang", "en"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("aterrapport.toml:2:1"))
        .stderr(predicate::str::contains("did you mean `AR304`?"));
    write(p.path(), "aterrapport.toml", "[rules]\nAR001 = \"off\"\n");
    cmd()
        .current_dir(p.path())
        .args(["check", "."])
        .assert()
        .code(2);
}

#[test]
fn print_config_shows_the_effective_settings() {
    let p = project();
    write(
        p.path(),
        "aterrapport.toml",
        "exclude = [\"arkiv/\"]\n[rules]\nAR304 = \"info\"\n",
    );
    cmd()
        .current_dir(p.path())
        .args(["check", "--print-config", "--lang", "en", "--strict"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("lang = \"en\""))
        .stdout(predicate::str::contains("fail-on = \"warning\""))
        .stdout(predicate::str::contains("exclude = [\"arkiv/\"]"))
        .stdout(predicate::str::contains("AR304 = \"info\""));
}

#[test]
fn a_baseline_hides_old_findings_and_survives_inserted_lines() {
    let p = project();
    let baseline = p.path().join("baslinje.json");
    cmd()
        .current_dir(p.path())
        .args(["check", ".", "--write-baseline"])
        .arg(&baseline)
        .assert()
        .code(0);
    let (code, out, _) = concise(p.path(), &["--baseline", "baslinje.json"]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("AR401"), "{out}");

    // Insert lines above the old finding and add one new defect further down.
    let path = p.path().join("skane.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen("region:", "# Ny kommentar\n# och en till\n\nregion:", 1);
    let text = text.replacen(
        "        typ: analys\n",
        "        typ: analys\n        kostnad: 100\n",
        1,
    );
    std::fs::write(&path, text).unwrap();

    let (code, out, _) = concise(p.path(), &["--baseline", "baslinje.json", "--lang", "en"]);
    assert_eq!(code, 1, "{out}");
    let findings: Vec<&str> = out.lines().filter(|l| l.contains('[')).collect();
    assert_eq!(findings.len(), 1, "{out}");
    assert!(findings[0].contains("error[AR402]"), "{out}");
    // Without the baseline the old finding is there, four lines further down.
    let (_, out, _) = concise(p.path(), &[]);
    assert!(out.contains("skane.yaml:1424:9: error[AR401]"), "{out}");
}

#[test]
fn a_broken_baseline_is_a_usage_error() {
    let p = project();
    write(p.path(), "b.json", "{ not json");
    cmd()
        .current_dir(p.path())
        .args(["check", ".", "--baseline", "b.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("baslinjen"));
}

#[test]
fn reports_only_skips_named_files_that_are_not_reports() {
    // What a pre-commit hook passes: every changed YAML file.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ci.yaml"), "on: push\njobs: {}\n").unwrap();
    let report = root().join("examples/exempel-2020.yaml");
    cmd()
        .args(["check", "--reports-only", "--format", "concise"])
        .arg(dir.path().join("ci.yaml"))
        .arg(&report)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("ci.yaml").not());
    cmd()
        .args(["check", "--format", "concise"])
        .arg(dir.path().join("ci.yaml"))
        .assert()
        .code(1);
}

#[test]
fn config_schema_dirs_and_default_template_choose_the_template() {
    // A region's own template in `mallar/`, named in `template`, is used for a report without
    // `mall`: its own heading appears in the message.
    let p = project();
    let schema = std::fs::read_to_string(root().join("schemas/aterrapport-2020.schema.json"))
        .unwrap()
        .replace("\"aterrapport-2020\"", "\"egen-mall\"")
        .replace(
            "Genomförda analyser, uppföljningar och utvärderingar",
            "Våra analyser",
        );
    std::fs::create_dir_all(p.path().join("mallar")).unwrap();
    std::fs::write(p.path().join("mallar/egen-mall.schema.json"), schema).unwrap();
    let skane = p.path().join("skane.yaml");
    let text = std::fs::read_to_string(&skane).unwrap();
    std::fs::write(&skane, text.replacen("mall: aterrapport-2020\n", "", 1)).unwrap();
    write(
        p.path(),
        "aterrapport.toml",
        "template = \"egen-mall\"\nschema-dirs = [\"mallar\"]\n",
    );
    let (code, out, _) = concise(p.path(), &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("i tabellen i 5.1 Våra analyser"), "{out}");
    // A template that no directory provides is a usage error.
    write(p.path(), "aterrapport.toml", "template = \"finns-inte\"\n");
    let (code, _, err) = concise(p.path(), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("finns-inte"), "{err}");
}
