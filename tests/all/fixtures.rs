//! Data-driven rule fixtures: every file under `tests/fixtures/rules/` says on its third line what
//! it must produce (`# expect: AR101 21:3, …` or `# expect: nothing`), and gets exactly that. The
//! registry test below makes sure every code is triggered by a fixture or a generated test.

use std::collections::BTreeSet;

use aterrapport::diagnostic::Code;

use super::support::{check, positions, root};

fn fixtures() -> Vec<std::path::PathBuf> {
    let dir = root().join("tests/fixtures/rules");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

fn expectation(path: &std::path::Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("# expect: "))
        .unwrap_or_else(|| panic!("{} has no `# expect:` line", path.display()));
    if line.trim() == "nothing" {
        return Vec::new();
    }
    line.split(',').map(|s| s.trim().to_string()).collect()
}

#[test]
fn every_fixture_gives_exactly_its_expected_findings() {
    let mut failures = Vec::new();
    for path in fixtures() {
        let expected = expectation(&path);
        let actual = positions(&check(&path));
        if expected != actual {
            failures.push(format!(
                "{}:\n  expected {expected:?}\n  actual   {actual:?}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_valid_example_is_clean() {
    let report = check(&root().join("examples/exempel-2020.yaml"));
    assert!(report.diagnostics.is_empty(), "{:?}", positions(&report));
}

/// Codes exercised by tests that build their input in code (encodings, files, limits, Word
/// documents: `word_cli`).
const GENERATED: &[Code] = &[
    Code::AR003,
    Code::AR005,
    Code::AR006,
    Code::AR008,
    Code::AR009,
    Code::AR010,
];

/// Codes whose rules are not implemented yet (issue: semantic rules). Nothing may produce them;
/// a rule that lands must move its code out of this list and bring fixtures.
const PENDING: &[Code] = &[];

#[test]
fn every_code_has_a_triggering_fixture() {
    let triggered: BTreeSet<String> = fixtures()
        .iter()
        .flat_map(|p| expectation(p))
        .filter_map(|e| e.split_whitespace().next().map(String::from))
        .collect();
    for code in Code::ALL {
        let name = code.to_string();
        if PENDING.contains(code) {
            assert!(
                !triggered.contains(&name),
                "{name} is pending but a fixture expects it: update PENDING"
            );
        } else if !GENERATED.contains(code) {
            assert!(triggered.contains(&name), "no fixture triggers {name}");
        }
    }
    // Every fixture that must trigger nothing exists too.
    assert!(fixtures().iter().any(|p| expectation(p).is_empty()));
}

#[test]
fn suppressions_hide_real_findings() {
    // The same fixture without its comments has the findings the comments hide.
    let path = root().join("tests/fixtures/rules/ok-suppressed.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let bare: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("# aterrapport"))
        .map(|l| l.split("  # aterrapport").next().unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    let report = super::support::check_text("bare.yaml", bare.as_bytes());
    let codes: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| d.code.to_string())
        .collect();
    assert_eq!(codes, ["AR602", "AR505", "AR504", "AR403"]);
}

/// Two goals may share an id (AR306) and still differ in text: a quote is read against the text
/// of the goal it names and, for the help, against every other goal's own text, never against
/// the text of another goal with the same id.
#[test]
fn goals_sharing_an_id_keep_their_own_texts() {
    let path = root().join("tests/fixtures/rules/AR302-other-goal.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let strategy = "    - id: \"1\"\n      text: Ett hållbart och inkluderande län\n";
    assert!(text.contains(strategy), "the fixture's strategy changed");
    let text = text
        .replace(
            strategy,
            &format!("{strategy}    - id: \"1\"\n      text: Ett grönt och tillgängligt län\n"),
        )
        .replace(
            "målområde 2: Ett hållbart och inkluderande län.",
            "målområde 2: Ett grönt och tillgängligt län.",
        )
        .replace(
            "Nyföretagarcentrum\n          bidrag_till_mal: Insatsen bidrar till effektmål 2.1.",
            "Nyföretagarcentrum\n          bidrag_till_mal: \"Insatsen bidrar till målområde 1: \
             Ett grönt och tillgängligt län.\"",
        );
    let report = super::support::check_text("shared-id.yaml", text.as_bytes());
    let quotes: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::AR302)
        .collect();
    // The quote under goal 2 is the second goal 1's text. The quote under goal 1 is the text of
    // the goal 1 a reference resolves to (the last of that id) and is not a finding.
    assert_eq!(quotes.len(), 1, "{:?}", positions(&report));
    let help = quotes
        .first()
        .and_then(|d| d.help.as_deref())
        .unwrap_or_default();
    assert!(help.contains("did you mean målområde 1?"), "{help}");
    assert!(super::support::codes(&report).contains(&"AR306".to_string()));
}

/// Every fixture's findings as an author sees them (human output, Swedish, no colour), one
/// snapshot per fixture, so a change to any rule's message, label, help or position shows in review.
#[test]
fn every_fixture_renders_as_its_snapshot() {
    use aterrapport::output::{Format, Settings, emitter};
    let templates = aterrapport::template::Templates::builtin();
    let options = aterrapport::lint::Options {
        lang: aterrapport::i18n::Lang::Sv,
        ..super::support::options()
    };
    for path in fixtures() {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let display = format!("tests/fixtures/rules/{name}.yaml");
        let report = aterrapport::lint::check_path(&path, &display, &templates, &options);
        let mut out = Vec::new();
        emitter(
            Format::Human,
            Settings {
                lang: aterrapport::i18n::Lang::Sv,
                color: false,
                width: 100,
            },
        )
        .emit(std::slice::from_ref(&report), &mut out)
        .unwrap();
        insta::assert_snapshot!(
            format!("rule__{name}"),
            String::from_utf8_lossy(&out).into_owned()
        );
    }
}
