//! Commands for authors: `init`, `schema`, `completions`.

use predicates::prelude::*;

use super::support::{cmd, root};

fn init(dir: &std::path::Path, extra: &[&str]) -> std::path::PathBuf {
    let path = dir.join("rapport.yaml");
    cmd()
        .args([
            "init",
            "--region",
            "Region Kalmar län",
            "--year",
            "2020",
            "-o",
        ])
        .arg(&path)
        .args(extra)
        .assert()
        .code(0);
    path
}

/// Every placeholder replaced by plausible text, as an author would.
fn fill(text: &str) -> String {
    let mut out = String::new();
    let mut n = 0;
    for line in text.lines() {
        let filled = match line.split_once("\"[fyll i") {
            None => line.to_string(),
            Some((before, rest)) => {
                let value = if rest.contains("Ja eller Nej") {
                    "Nej".to_string()
                } else if rest.contains("analys eller uppföljning") {
                    "analys".to_string()
                } else if rest.contains("ÅÅÅÅ-MM-DD") {
                    "\"2019-11-12\"".to_string()
                } else if rest.contains("ordagrant ur strategin") {
                    "Ett starkt och hållbart län".to_string()
                } else if rest.contains("bidrar till") {
                    "\"Insatsen bidrar till mål 1: Ett starkt och hållbart län.\"".to_string()
                } else {
                    n += 1;
                    format!("\"Text nummer {n} om det som avsnittet frågar efter.\"")
                };
                format!("{before}{value}")
            }
        };
        out.push_str(&filled);
        out.push('\n');
    }
    out
}

#[test]
fn an_unfilled_skeleton_fails_only_with_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    let path = init(dir.path(), &[]);
    let out = cmd()
        .args(["check", "--format", "json", "--isolated"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = json["files"][0]["diagnostics"].as_array().unwrap();
    assert!(diagnostics.len() > 100, "{}", diagnostics.len());
    for d in diagnostics {
        assert_eq!(d["code"], "AR504", "{d}");
    }
    // The schema for the editor is written beside the report, and the modeline points at it.
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=aterrapport-2020.schema.json\n"));
    assert!(dir.path().join("aterrapport-2020.schema.json").is_file());
}

#[test]
fn the_skeleton_names_every_section_question_and_table_of_the_template() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(init(dir.path(), &[])).unwrap();
    for expected in [
        "# Återrapportering 1 – Regionalt tillväxtarbete",
        "# 1.2.1 Innovation",
        "# 4.3 Integration och mångfald",
        "# 5.1 Genomförda analyser, uppföljningar och utvärderingar",
        "# 7 Övriga medskick ni vill göra angående det regionala tillväxtarbetet 2020",
        "# Har anslaget bidragit till att nå målen i de territoriella samarbetsprogrammen?",
        "# Tabell: Namn på insats och kort beskrivning | Insatsens bidrag till fastställda mål",
    ] {
        assert!(text.contains(expected), "missing {expected:?}");
    }
}

#[test]
fn a_filled_in_skeleton_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let path = init(dir.path(), &[]);
    let filled = fill(&std::fs::read_to_string(&path).unwrap());
    assert!(
        !filled
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .any(|l| l.contains("[fyll i"))
    );
    std::fs::write(&path, filled).unwrap();
    cmd()
        .args([
            "check",
            "--format",
            "concise",
            "--fail-on",
            "info",
            "--isolated",
        ])
        .arg(&path)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 fel, 0 varningar, 0 info"));
}

#[test]
fn init_uses_the_regions_goal_words_and_never_overwrites_by_accident() {
    let dir = tempfile::tempdir().unwrap();
    let path = init(
        dir.path(),
        &["--malbegrepp", "prioriterat utvecklingsområde"],
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("malbegrepp: \"prioriterat utvecklingsområde\""));
    cmd()
        .args(["init", "--region", "Region Gotland", "--year", "2020", "-o"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    cmd()
        .args(["init", "--region", "Region Gotland", "--year", "2031"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("aterrapport-2031"));
}

#[test]
fn schema_prints_the_built_in_template() {
    let out = cmd().args(["schema"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let file: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/aterrapport-2020.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(printed, file);
    cmd()
        .args(["schema", "--template", "aterrapport-1999"])
        .assert()
        .code(2);
}

#[test]
fn completions_are_generated_for_the_usual_shells() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        cmd()
            .args(["completions", shell])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("--fail-on"));
    }
}

#[test]
fn a_skeleton_answered_ja_on_the_strategy_question_has_a_place_for_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = init(dir.path(), &[]);
    let skeleton = std::fs::read_to_string(&path).unwrap();
    assert!(skeleton.contains(
        "  faststalld_strategi:\n    svar: \"[fyll i: Ja eller Nej]\"\n    kommentar: \"[fyll i: Kommentar till svaret]\"\n    strategi: \"[fyll i: Namnet på strategin"
    ));
    let filled = fill(&skeleton).replacen(
        "faststalld_strategi:\n    svar: Nej",
        "faststalld_strategi:\n    svar: Ja",
        1,
    );
    assert!(filled.contains("faststalld_strategi:\n    svar: Ja"));
    std::fs::write(&path, &filled).unwrap();
    cmd()
        .args(["check", "--format", "concise", "--isolated"])
        .arg(&path)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 fel, 0 varningar"));
    // Without the name, AR204 says which `strategi` is meant.
    let without: String = filled
        .lines()
        .filter(|l| !l.starts_with("    strategi: "))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&path, without).unwrap();
    cmd()
        .args(["check", "--format", "concise", "--isolated", "--lang", "en"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "(`faststalld_strategi`) needs the strategy's name in `faststalld_strategi.strategi`",
        ));
}
