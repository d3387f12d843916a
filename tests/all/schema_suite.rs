//! The official JSON Schema test suite (draft 2020-12, `tests/vendor/JSON-Schema-Test-Suite/`) run
//! through a user's template, as `--schema` runs it: each schema is written to a `*.schema.json`,
//! each object instance is checked as a YAML report. A valid instance gives no schema finding
//! (AR1xx–AR4xx), an invalid one at least one, and no message, label or help in either language
//! carries the validator's debug text (`Maximum { limit: Number(3) }`, `FalseSchema`, …).

use std::collections::BTreeMap;
use std::path::Path;

use aterrapport::i18n::Lang;
use aterrapport::lint::{Options, check_bytes};
use aterrapport::template::{Template, Templates};
use serde_json::Value;

use super::support::root;

/// What a message must never contain: the shape of a Rust `Debug` print of the validator's error.
const DEBUG_TEXT: &[&str] = &[
    "{",
    "}",
    "ValidationError",
    "Number(",
    "String(",
    "Array(",
    "Object(",
    "Bool(",
    "Some(",
    "None",
    "[[",
    "FalseSchema",
    "TypeKind",
    "JsonType",
    "Single(",
    "Multiple(",
    "limit:",
    "context:",
    "Arc(",
    "Referencing",
];

/// At most this many object cases may be skipped (a remote reference, a schema the validator
/// cannot compile, an instance YAML reads differently from JSON).
const MAX_SKIPPED: usize = 20;

fn is_schema_code(code: &str) -> bool {
    ["AR1", "AR2", "AR3", "AR4"]
        .iter()
        .any(|p| code.starts_with(p))
}

fn options(lang: Lang) -> Options {
    Options {
        lang,
        current_year: 2026,
        ..Options::default()
    }
}

#[derive(Default)]
struct Tally {
    valid: usize,
    invalid: usize,
    skipped: BTreeMap<&'static str, usize>,
    /// Invalid cases with debug text in some message, label or help.
    debug_text: usize,
    failures: Vec<String>,
}

#[test]
fn json_schema_test_suite_object_instances() {
    let dir = root().join("tests/vendor/JSON-Schema-Test-Suite/tests/draft2020-12");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() > 40, "the vendored suite is incomplete");
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let mut tally = Tally::default();
    for file in &files {
        let name = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("suite")
            .to_string();
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{name}: {e}"));
        let groups: Vec<Value> =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (g, group) in groups.iter().enumerate() {
            run_group(tmp.path(), &name, g, group, &mut tally);
        }
    }
    let skipped: usize = tally.skipped.values().sum();
    println!(
        "JSON Schema test suite: {} valid and {} invalid object cases checked, \
         {} invalid ones with debug text, {skipped} skipped: {:?}",
        tally.valid, tally.invalid, tally.debug_text, tally.skipped
    );
    assert_eq!(tally.debug_text, 0, "invalid cases with debug text");
    assert!(
        tally.failures.is_empty(),
        "{} failures:\n{}",
        tally.failures.len(),
        tally.failures.join("\n")
    );
    assert!(
        skipped <= MAX_SKIPPED,
        "{skipped} cases skipped: {:?}",
        tally.skipped
    );
    assert!(
        tally.invalid > 150,
        "too few invalid cases: {}",
        tally.invalid
    );
}

fn run_group(tmp: &Path, name: &str, g: usize, group: &Value, tally: &mut Tally) {
    let description = group
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("");
    let cases: Vec<&Value> = group
        .get("tests")
        .and_then(Value::as_array)
        .map(|t| {
            t.iter()
                .filter(|c| c.get("data").is_some_and(Value::is_object))
                .collect()
        })
        .unwrap_or_default();
    if cases.is_empty() {
        return;
    }
    let Some(schema) = group.get("schema") else {
        return;
    };
    let path = tmp.join(format!("{name}-{g}.schema.json"));
    let written = serde_json::to_string_pretty(schema).unwrap_or_default();
    std::fs::write(&path, written).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let template = match Template::from_file(&path) {
        Ok(t) => t,
        Err(_) => {
            let reason = if schema.to_string().contains("localhost:1234") {
                "remote reference"
            } else {
                "schema does not compile"
            };
            *tally.skipped.entry(reason).or_default() += cases.len();
            return;
        }
    };
    let validator = Template::from_file(&path).ok();
    let templates = Templates::builtin().with_user_schema(template);
    // `ATERRAPPORT_SUITE_SHOW=1 cargo test schema_suite -- --nocapture` prints every finding.
    let show = std::env::var_os("ATERRAPPORT_SUITE_SHOW").is_some();
    for case in cases {
        let data = case.get("data").cloned().unwrap_or(Value::Null);
        let valid = case.get("valid").and_then(Value::as_bool).unwrap_or(true);
        // Where the validator itself disagrees with the suite, aterrapport cannot do better.
        if validator
            .as_ref()
            .is_some_and(|t| t.is_valid(&data) != valid)
        {
            *tally
                .skipped
                .entry("the validator disagrees with the suite")
                .or_default() += 1;
            continue;
        }
        let mut has_debug_text = false;
        let what = format!(
            "{name} / {description} / {}",
            case.get("description")
                .and_then(Value::as_str)
                .unwrap_or("")
        );
        let yaml = serde_json::to_string_pretty(&data).unwrap_or_default();
        let mut counted = false;
        for lang in [Lang::Sv, Lang::En] {
            let report = check_bytes(
                yaml.as_bytes(),
                Path::new("rapport.yaml"),
                "rapport.yaml",
                &templates,
                &options(lang),
            );
            let read = report.document.as_ref().and_then(|d| d.value.as_ref());
            if read != Some(&data) {
                if !counted {
                    *tally
                        .skipped
                        .entry("YAML reads the instance differently")
                        .or_default() += 1;
                }
                break;
            }
            if !counted {
                if valid {
                    tally.valid += 1;
                } else {
                    tally.invalid += 1;
                }
                counted = true;
            }
            let schema_findings: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| is_schema_code(d.code.as_str()))
                .collect();
            if valid && !schema_findings.is_empty() && lang == Lang::En {
                let found: Vec<String> = schema_findings
                    .iter()
                    .map(|d| format!("{} {}", d.code, d.message))
                    .collect();
                tally
                    .failures
                    .push(format!("valid, but found {found:?}: {what}"));
            }
            if !valid && schema_findings.is_empty() && lang == Lang::En {
                tally
                    .failures
                    .push(format!("invalid, but no schema finding: {what}"));
            }
            if show {
                for d in &report.diagnostics {
                    println!(
                        "{what} [{lang:?}] {} {} | {}",
                        d.code,
                        d.message,
                        d.help.as_deref().unwrap_or("")
                    );
                }
            }
            for d in &report.diagnostics {
                let texts = [
                    Some(d.message.as_str()),
                    d.label.as_deref(),
                    d.help.as_deref(),
                ];
                for t in texts.into_iter().flatten() {
                    if let Some(bad) = DEBUG_TEXT.iter().find(|b| t.contains(*b)) {
                        has_debug_text = true;
                        tally.failures.push(format!(
                            "debug text `{bad}` ({lang:?}) in {} “{t}”: {what}",
                            d.code
                        ));
                    }
                }
            }
        }
        if has_debug_text && !valid {
            tally.debug_text += 1;
        }
    }
}
