//! `render --format docx` followed by import gives back every value of a report (all but
//! `strategi` and `mall`), compared after folding whitespace; the imported YAML checks clean.

use serde_json::Value;

use super::support::{check, check_text, root};
use aterrapport::render::{Model, docx};
use aterrapport::template::Templates;
use aterrapport::word::{ImportOptions, import, read};

/// Strings with whitespace folded; `strategi` and `mall` left out.
pub fn folded(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(s.split_whitespace().collect::<Vec<_>>().join(" ")),
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !matches!(k.as_str(), "strategi" | "mall"))
                .map(|(k, v)| (k.clone(), folded(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(folded).collect()),
        other => other.clone(),
    }
}

/// The report rendered to Word and imported again: (the source's values, the import).
pub fn round_trip(path: &str) -> (Value, aterrapport::word::Imported) {
    let report = check(&root().join(path));
    let value = report
        .document
        .and_then(|d| d.value)
        .unwrap_or_else(|| panic!("{path} has no value"));
    let templates = Templates::builtin();
    let template = templates
        .get("aterrapport-2020")
        .unwrap_or_else(|| panic!("template"));
    let bytes = docx::render(&Model::build(template, &value)).unwrap_or_else(|e| panic!("{e}"));
    let doc = read(&bytes).unwrap_or_else(|e| panic!("{e}"));
    let imported = import(&doc, template, &ImportOptions::default());
    (value, imported)
}

fn assert_round_trip(path: &str) {
    let (value, imported) = round_trip(path);
    assert!(imported.unplaced.is_empty(), "{:?}", imported.unplaced);
    let back = check_text("imported.yaml", imported.yaml.as_bytes());
    let back_value = back
        .document
        .as_ref()
        .and_then(|d| d.value.clone())
        .unwrap_or_else(|| panic!("the import does not load:\n{}", imported.yaml));
    // Without a strategy the import lacks only `strategi`; it has no finding the source has not.
    let source: Vec<String> = check(&root().join(path))
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    let findings: Vec<String> = back
        .diagnostics
        .iter()
        .filter(|d| d.pointer.as_deref() != Some("/strategi") && !d.message.contains("strategi"))
        .map(|d| format!("{} {}", d.code, d.message))
        .filter(|f| !source.contains(f))
        .collect();
    assert!(findings.is_empty(), "{findings:#?}\n{}", imported.yaml);
    let want = folded(&value);
    let got = folded(&back_value);
    if want != got {
        let w = serde_json::to_string_pretty(&want).unwrap_or_default();
        let g = serde_json::to_string_pretty(&got).unwrap_or_default();
        let diff = similar::TextDiff::from_lines(&w, &g);
        panic!(
            "{path}: values differ\n{}\n--- yaml:\n{}",
            diff.unified_diff(),
            imported.yaml
        );
    }
}

#[test]
fn the_example_comes_back_value_for_value() {
    assert_round_trip("examples/exempel-2020.yaml");
}

#[test]
fn the_skane_report_comes_back_value_for_value() {
    assert_round_trip("examples/skane-2020.yaml");
}
