//! Every output format on the same mixed-severity findings (an error with a related label, a
//! fixable error, a warning, an info, a clean file), as snapshots; SARIF validated against the
//! official schema, JUnit parsed as XML, GitHub and GitLab checked against their documented shapes.

use serde_json::Value;

use super::support::{cmd, root};

const MIXED: &[&str] = &[
    "tests/fixtures/rules/AR002-duplicate-key.yaml",
    "tests/fixtures/rules/AR202-lowercase-ja.yaml",
    "tests/fixtures/rules/AR602-unknown-region.yaml",
    "tests/fixtures/rules/AR304-unreferenced-goal.yaml",
    "examples/exempel-2020.yaml",
];

fn run(format: &str) -> String {
    let out = cmd()
        .args(["check", "--lang", "en", "--format", format])
        .args(MIXED)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1), "{format}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn concise() {
    insta::assert_snapshot!(run("concise"));
}

#[test]
fn human() {
    insta::assert_snapshot!(run("human"));
}

#[test]
fn github() {
    let out = run("github");
    for line in out.lines() {
        let ok = ["::error file=", "::warning file=", "::notice file="]
            .iter()
            .any(|p| line.starts_with(p));
        assert!(
            ok && line.contains(",line=") && line.contains(",col=") && line.contains(",title=AR"),
            "{line}"
        );
        let (props, message) = line
            .split_once("::")
            .and_then(|(_, rest)| rest.split_once("::"))
            .unwrap_or_default();
        assert!(
            !props.is_empty() && !message.is_empty() && !message.contains('\n'),
            "{line}"
        );
    }
    insta::assert_snapshot!(out);
}

#[test]
fn gitlab() {
    let out = run("gitlab");
    let issues: Vec<Value> = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(issues.len(), 4);
    let mut prints = std::collections::HashSet::new();
    for i in &issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(i[key].is_string(), "{key} in {i}");
        }
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&i["severity"].as_str().unwrap_or(""))
        );
        assert!(
            i["location"]["path"].is_string()
                && i["location"]["positions"]["begin"]["line"].is_u64()
        );
        assert!(
            prints.insert(i["fingerprint"].as_str().unwrap_or("").to_string()),
            "duplicate fingerprint"
        );
    }
    insta::assert_snapshot!(out);
}

#[test]
fn junit_parses_as_xml() {
    let out = run("junit");
    let mut reader = quick_xml::Reader::from_str(&out);
    let (mut cases, mut failures) = (0, 0);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                let name = e.name();
                if name.as_ref() == "testcase" {
                    cases += 1;
                } else if name.as_ref() == "failure" {
                    failures += 1;
                }
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Err(e) => panic!("not XML: {e}"),
            _ => {}
        }
    }
    assert_eq!((cases, failures), (5, 2));
    insta::assert_snapshot!(out);
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let out = run("sarif");
    let sarif: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    let schema_text = std::fs::read_to_string(root().join("tests/vendor/sarif-2.1.0.schema.json"))
        .unwrap_or_default();
    let schema: Value = serde_json::from_str(&schema_text).unwrap_or_else(|e| panic!("{e}"));
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        // Format checks stay off: the official schema's own `language` pattern is not a valid
        // Rust regex (it is ECMAScript-only), and formats are annotations in draft 7 anyway.
        .should_validate_formats(false)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{e}"));
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = sarif["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(results.len(), 4);
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .map(Vec::len),
        Some(aterrapport::rules::RULES.len())
    );
    // Columns count UTF-16 code units: "Kalmar lan" starts after "region: " (9th unit).
    let region = results
        .iter()
        .find(|r| r["ruleId"] == "AR602")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        region["locations"][0]["physicalLocation"]["region"]["startColumn"],
        9
    );
}

#[test]
fn parallel_output_is_byte_identical() {
    // 30 reports, nested, some ignored by .gitignore: -j 1 and -j 8 print the same bytes.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fixtures: Vec<_> = std::fs::read_dir(root().join("tests/fixtures/rules"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    for (i, f) in fixtures.iter().take(30).enumerate() {
        let sub = dir.path().join(format!("region{}/ar{}", i % 4, i % 3));
        std::fs::create_dir_all(&sub).unwrap_or_else(|e| panic!("{e}"));
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        std::fs::copy(f, sub.join(name)).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(dir.path().join(".gitignore"), "region3/\n").unwrap_or_else(|e| panic!("{e}"));
    for format in [
        "human", "concise", "json", "sarif", "github", "gitlab", "junit",
    ] {
        let run = |jobs: &str| {
            cmd()
                .current_dir(dir.path())
                .args(["check", "--lang", "en", "--format", format, "-j", jobs, "."])
                .output()
                .map(|o| o.stdout)
                .unwrap_or_default()
        };
        let one = run("1");
        assert!(!one.is_empty());
        assert_eq!(one, run("8"), "{format}");
        assert!(
            !String::from_utf8_lossy(&one).contains("region3"),
            "{format}: ignored directory was checked"
        );
    }
}
