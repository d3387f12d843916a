//! What a new user tripped on (issue 13, part 2): each item with the test that shows it fixed.

use predicates::prelude::*;

use super::support::cmd;

#[test]
fn a_directory_walk_finds_reports_in_json_style_and_with_a_quoted_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("json.yaml"),
        "{\"region\": \"Region Kalmar län\", \"rapportar\": 2020}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("quoted.yaml"),
        "region: Region Kalmar län\n'rapportar': 2020\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("ci.yaml"), "jobs: {}\n").unwrap();
    cmd()
        .args(["check", "--format", "concise", "--lang", "en"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("json.yaml:"))
        .stdout(predicate::str::contains("quoted.yaml:"))
        .stdout(predicate::str::contains("ci.yaml").not())
        .stdout(predicate::str::contains("Checked 2 files"));
}

#[test]
fn a_binary_file_is_framed_from_line_1_with_its_control_bytes_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ls.yaml");
    std::fs::write(
        &path,
        b"\x7fELF\x02\x01\x01\x00\x00\x00\r\x1b[31m\xc3\x28 rest\nnext\x07 line\n",
    )
    .unwrap();
    let out = cmd()
        .args(["check", "--lang", "en"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = &out.stdout;
    assert!(
        !stdout
            .iter()
            .any(|b| (*b < 0x20 && !matches!(b, b'\n')) || *b == 0x7f),
        "raw control bytes on the terminal"
    );
    let text = String::from_utf8_lossy(stdout);
    assert!(text.contains("ls.yaml:1:17]"), "{text}");
    assert!(
        text.contains(" 1 │ \\x7FELF\\x02\\x01\\x01\\0\\0\\0\\r\\x1B[31m"),
        "{text}"
    );
    assert!(text.contains(" 2 │ next\\x07 line"), "{text}");
    assert!(!text.contains(" 0 │"), "{text}");
}

#[test]
fn every_count_agrees_in_number_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.yaml");
    std::fs::copy(
        super::support::root().join("tests/fixtures/rules/AR505-control-character.yaml"),
        &path,
    )
    .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    // One trailing blank on a text line beside the one control character.
    let text = text.replacen("Regionen ", "Regionen \u{200b}", 1);
    std::fs::write(&path, text).unwrap();
    let sv = cmd()
        .args(["check", "--format", "concise"])
        .arg(&path)
        .output()
        .unwrap();
    let sv = String::from_utf8_lossy(&sv.stdout);
    assert!(
        sv.contains("1 styrtecken (U+0001) i texten; det har ersatts"),
        "{sv}"
    );
    assert!(sv.contains("1 osynligt tecken eller blanksteg"), "{sv}");
    assert!(
        sv.contains("Kontrollerade 1 fil: 0 fel, 2 varningar"),
        "{sv}"
    );
    let en = cmd()
        .args(["check", "--format", "concise", "--lang", "en"])
        .arg(&path)
        .output()
        .unwrap();
    let en = String::from_utf8_lossy(&en.stdout);
    assert!(
        en.contains("1 control character (U+0001) in the text; it was replaced"),
        "{en}"
    );
    assert!(en.contains("1 invisible character or trailing"), "{en}");
    assert!(!en.contains("(s)"), "{en}");
    cmd()
        .args(["check", "--fix"])
        .arg(&path)
        .assert()
        .stderr(predicate::str::contains("Rättade 1 fynd i 1 fil\n"));
    cmd()
        .args(["check", "--fix", "--lang", "en"])
        .arg(&path)
        .assert()
        .stderr(predicate::str::contains("Fixed 0 findings in 0 files\n"));
}

#[test]
fn a_directory_without_reports_is_an_error_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("tom");
    std::fs::create_dir(&empty).unwrap();
    let other = dir.path().join("ci");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("ci.yaml"), "jobs: {}\n").unwrap();
    let report = super::support::root().join("examples/skane-2020.yaml");
    for d in [&empty, &other] {
        cmd()
            .args(["check", "--lang", "en"])
            .arg(d)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "no report found under {}",
                d.display()
            )));
        // Also when a report is named beside it. (A directory with no YAML file at all stops
        // the run before anything is checked; one whose YAML files are not reports, after.)
        let out = cmd()
            .args(["check", "--lang", "en", "--format", "concise"])
            .arg(d)
            .arg(&report)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("no report found under"));
        if d == &other {
            out.stdout(predicate::str::contains("Checked 1 file"));
        }
        for command in ["summary", "export"] {
            cmd()
                .args([command, "--lang", "en"])
                .arg(d)
                .assert()
                .code(2)
                .stderr(predicate::str::contains("no report found under"));
        }
    }
    // The default `.`, in Swedish.
    cmd()
        .arg("check")
        .current_dir(&other)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "ingen rapport hittades under .: ingen *.yaml- eller *.yml-fil där har en `rapportar`-nyckel",
        ));
    // pre-commit names files; those that are not reports are skipped, as before.
    cmd()
        .args(["check", "--reports-only"])
        .arg(other.join("ci.yaml"))
        .assert()
        .code(0);
}

#[test]
fn english_messages_quote_as_english_and_name_tables_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.yaml");
    let example =
        std::fs::read_to_string(super::support::root().join("examples/exempel-2020.yaml")).unwrap();
    // A misspelled table key, and a Ja without the strategy's name.
    let text = example
        .replacen(
            "    tidigare_insatser:\n      insatser:",
            "    tidigare_insatser:\n      insatsr:",
            1,
        )
        .replacen("    strategi: Regional utvecklingsnämndens budget\n", "", 1);
    std::fs::write(&path, text).unwrap();
    let json = |lang: &str| -> Vec<(String, String, String)> {
        let out = cmd()
            .args(["check", "--format", "json", "--lang", lang])
            .arg(&path)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap_or("").to_string(),
                    d["message"].as_str().unwrap_or("").to_string(),
                    d["help"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let en = json("en");
    let codes: Vec<&str> = en.iter().map(|(c, _, _)| c.as_str()).collect();
    assert!(
        codes.contains(&"AR102") && codes.contains(&"AR204"),
        "{en:?}"
    );
    for (code, message, help) in &en {
        assert!(
            !message.contains('”') || message.contains('“'),
            "{code}: {message}"
        );
        assert!(!help.contains("tabell"), "{code}: {help}");
        if code == "AR102" {
            assert!(help.contains("(table: Namn på insats"), "{help}");
        }
        if code == "AR204" {
            assert!(message.contains("the answer Ja to “Finns det"), "{message}");
        }
    }
    for (code, message, help) in json("sv") {
        assert!(!message.contains('“'), "{code}: {message}");
        if code == "AR102" {
            assert!(help.contains("(tabell: Namn på insats"), "{help}");
        }
        if code == "AR204" {
            assert!(message.contains("svaret Ja på ”Finns det"), "{message}");
        }
    }
}

#[test]
fn the_readme_summary_example_is_the_output_of_its_command() {
    let readme = std::fs::read_to_string(super::support::root().join("README.md")).unwrap();
    let (_, after) = readme
        .split_once("(`aterrapport summary examples/*.yaml`;")
        .unwrap();
    let (_, block) = after.split_once("```text\n").unwrap();
    let (block, _) = block.split_once("\n…\n```").unwrap();
    let out = cmd()
        .args([
            "summary",
            "examples/exempel-2020.yaml",
            "examples/skane-2020.yaml",
        ])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(out.starts_with(block), "README:\n{block}\n\nactual:\n{out}");
}

#[test]
fn every_typo_in_the_configuration_is_shown_at_once_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        super::support::root().join("examples/exempel-2020.yaml"),
        dir.path().join("rapport.yaml"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("aterrapport.toml"),
        "lnag = \"en\"\nexcludes = [\"arkiv/\"]\n[rules]\nAR3O4 = \"off\"\n",
    )
    .unwrap();
    cmd()
        .args(["check", "--lang", "en"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown setting `lnag`; did you mean `lang`?",
        ))
        .stderr(predicate::str::contains(
            "unknown setting `excludes`; did you mean `exclude`?",
        ))
        .stderr(predicate::str::contains("unknown field").not());
    // Once the keys are right, every wrong rule at once.
    std::fs::write(
        dir.path().join("aterrapport.toml"),
        "[rules]\nAR3O4 = \"off\"\ninvisible-character = \"info\"\n",
    )
    .unwrap();
    cmd()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("menade du `AR304`?"))
        .stderr(predicate::str::contains(
            "menade du `invisible-characters`?",
        ));
}

#[test]
fn a_dedented_column_is_one_finding_about_its_indentation_in_both_languages() {
    let path = super::support::root().join("tests/fixtures/rules/AR102-dedented-column.yaml");
    let findings = |lang: &str| -> Vec<(String, String, String)> {
        let out = cmd()
            .args(["check", "--format", "json", "--lang", lang])
            .arg(&path)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap_or("").to_string(),
                    d["message"].as_str().unwrap_or("").to_string(),
                    d["help"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let en = findings("en");
    assert_eq!(en.len(), 1, "{en:?}");
    let (code, message, help) = &en[0];
    assert_eq!(code, "AR102");
    assert!(
        message.contains("is indented as the section's keys but belongs to the row above")
            && message.contains("“Bredbandskoordinator”"),
        "{message}"
    );
    assert_eq!(help, "indent `effekter:` to the row's keys");
    let sv = findings("sv");
    assert_eq!(sv.len(), 1, "{sv:?}");
    let (code, message, help) = &sv[0];
    assert_eq!(code, "AR102");
    assert!(
        message.contains("står på sektionens indrag men hör till raden ovanför")
            && message.contains("”Bredbandskoordinator”"),
        "{message}"
    );
    assert_eq!(help, "dra in `effekter:` till radens nycklar");
}
