//! Reports written by other producers import value for value: the two styles of
//! `word_producers` for both example reports. The import holds nothing else, nothing is left
//! unplaced, and it checks (with its strategy in a file beside it) with no error or warning the
//! source report does not have.

use std::path::Path;

use serde_json::Value;

use super::support::{check, root};
use super::word_producers::{Style, producer_docx};
use super::word_roundtrip::folded;
use aterrapport::diagnostic::Severity;
use aterrapport::render::Model;
use aterrapport::template::Templates;
use aterrapport::word::{ImportOptions, import, read};

/// The source report's value and its errors and warnings ("CODE message").
pub fn source(path: &str) -> (Value, Vec<String>) {
    let report = check(&root().join(path));
    let findings = serious(&report);
    let value = report
        .document
        .and_then(|d| d.value)
        .unwrap_or_else(|| panic!("{path} has no value"));
    (value, findings)
}

fn serious(report: &aterrapport::lint::FileReport) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| matches!(d.severity, Severity::Error | Severity::Warning))
        .map(|d| format!("{} {}", d.code, d.message))
        .collect()
}

/// The `strategi:` block of a report YAML, as a strategy file of its own.
fn strategy_file(report_yaml: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in report_yaml.lines() {
        if line.starts_with("strategi:") {
            inside = true;
            continue;
        }
        if inside && !line.is_empty() && !line.starts_with(' ') && !line.starts_with('#') {
            break;
        }
        if inside {
            out.push_str(line.strip_prefix("  ").unwrap_or(line));
            out.push('\n');
        }
    }
    out
}

/// Imports `docx` (a rendering of the report at `path`, by any producer) with the report's
/// strategy in a file beside the output, and asserts that every value comes back, nothing
/// else, nothing unplaced, and no error or warning the source has not.
pub fn assert_imports_like_source(path: &str, docx: &[u8], producer: &str) {
    let (value, source_findings) = source(path);
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    std::fs::write(dir.path().join("strategi.yaml"), strategy_file(&text)).unwrap();
    let output = dir.path().join("rapport.yaml");
    let templates = Templates::builtin();
    let template = templates.get("aterrapport-2020").unwrap();
    let doc = read(docx).unwrap_or_else(|e| panic!("{producer}: {e}"));
    let opts = ImportOptions {
        strategy_file: Some(dir.path().join("strategi.yaml")),
        output: Some(output.clone()),
        ..ImportOptions::default()
    };
    let imported = import(&doc, template, &opts);
    assert!(
        imported.unplaced.is_empty(),
        "{producer}: unplaced {:#?}\n{}",
        imported.unplaced,
        imported.yaml
    );
    assert!(imported.yaml.contains("strategi:\n  fil: strategi.yaml\n"));
    std::fs::write(&output, &imported.yaml).unwrap();
    let back = check(Path::new(&output));
    let findings: Vec<String> = serious(&back)
        .into_iter()
        .filter(|f| !source_findings.contains(f))
        .collect();
    assert!(
        findings.is_empty(),
        "{producer}: {findings:#?}\n{}",
        imported.yaml
    );
    let got = back
        .document
        .and_then(|d| d.value)
        .unwrap_or_else(|| panic!("{producer}: the import does not load"));
    let (want, got) = (folded(&value), folded(&got));
    if want != got {
        let w = serde_json::to_string_pretty(&want).unwrap();
        let g = serde_json::to_string_pretty(&got).unwrap();
        let diff = similar::TextDiff::from_lines(&w, &g);
        panic!(
            "{producer}, {path}: values differ\n{}\n--- yaml:\n{}",
            diff.unified_diff(),
            imported.yaml
        );
    }
}

/// The report at `path` as a producer in `style` writes it.
pub fn style_docx(path: &str, style: Style) -> Vec<u8> {
    let (value, _) = source(path);
    let templates = Templates::builtin();
    let template = templates.get("aterrapport-2020").unwrap();
    producer_docx(&Model::build(template, &value), style)
}

fn assert_style(path: &str, style: Style) {
    let bytes = style_docx(path, style);
    assert_imports_like_source(path, &bytes, &format!("style {style:?}"));
}

#[test]
fn style_a_heading_styles_boxes_and_a_toc_field() {
    assert_style("examples/exempel-2020.yaml", Style::A);
    assert_style("examples/skane-2020.yaml", Style::A);
}

#[test]
fn style_b_typed_headings_bullets_breaks_controls_and_a_typed_toc() {
    assert_style("examples/exempel-2020.yaml", Style::B);
    assert_style("examples/skane-2020.yaml", Style::B);
}

#[test]
fn the_example_report_has_no_error_or_warning_of_its_own() {
    // So the producers' imports of it are held to none at all.
    assert_eq!(source("examples/exempel-2020.yaml").1, Vec::<String>::new());
}
