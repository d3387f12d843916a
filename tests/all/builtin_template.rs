//! The built-in template's validator is generated at build time; a user's schema is compiled when
//! it is read. A report must get the very same findings from both: the same diagnostics of the
//! template's rules (AR1xx–AR4xx), in the same order, on every report the tests have and on many
//! broken variants of one. (The raw errors may differ where one error implies another: for `null`
//! against `{type: string, enum: [Ja, Nej]}` the generated validator reports only the `enum`; the
//! rules report that value once either way.)

use std::path::{Path, PathBuf};

use aterrapport::diagnostic::Diagnostic;
use aterrapport::document::{Limits, load};
use aterrapport::i18n::Lang;
use aterrapport::rules::Context;
use aterrapport::source::{FileId, SourceFile};
use aterrapport::template::{Template, Templates};
use serde_json::Value;

use super::support::root;

const ID: &str = "aterrapport-2020";

/// The template rules' findings on `text` (a report), read with `template`; `None` if it does not
/// load to a mapping.
fn findings(template: &Template, text: &str) -> Option<Vec<Diagnostic>> {
    let source = SourceFile::new("r.yaml".into(), PathBuf::from("r.yaml"), text.to_string());
    let (mut doc, _) = load(text, FileId::Report, Limits::default(), Lang::Sv);
    let value = doc.value.take().filter(Value::is_object)?;
    let cx = Context {
        source: &source,
        strategy: None,
        doc: &doc,
        value: &value,
        template,
        lang: Lang::Sv,
        year: Some(2020),
        current_year: 2026,
    };
    Some(aterrapport::rules::schema::check(&cx))
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(p);
        }
    }
}

/// Broken variants of `value`: every node down to `depth` replaced by a value of each other type,
/// every object with one key removed and one unknown key added.
fn variants(value: &Value, depth: usize, out: &mut Vec<Value>) {
    fn walk(root: &Value, pointer: String, node: &Value, depth: usize, out: &mut Vec<Value>) {
        for replacement in [
            Value::Null,
            Value::from(42),
            Value::from(-1.5),
            Value::from("x"),
            Value::from(true),
            Value::Array(vec![Value::from("x")]),
            Value::Object(Default::default()),
        ] {
            let mut copy = root.clone();
            if let Some(slot) = copy.pointer_mut(&pointer) {
                *slot = replacement;
                out.push(copy);
            }
        }
        if let Value::Object(map) = node {
            for key in map.keys() {
                let mut copy = root.clone();
                if let Some(Value::Object(m)) = copy.pointer_mut(&pointer) {
                    m.remove(key);
                    out.push(copy);
                }
            }
            let mut copy = root.clone();
            if let Some(Value::Object(m)) = copy.pointer_mut(&pointer) {
                m.insert("okänd_nyckel".into(), Value::from("x"));
                out.push(copy);
            }
        }
        if depth == 0 {
            return;
        }
        match node {
            Value::Object(map) => {
                for (k, v) in map {
                    let token = k.replace('~', "~0").replace('/', "~1");
                    walk(root, format!("{pointer}/{token}"), v, depth - 1, out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate().take(2) {
                    walk(root, format!("{pointer}/{i}"), v, depth - 1, out);
                }
            }
            _ => {}
        }
    }
    walk(value, String::new(), value, depth, out);
}

#[test]
fn the_generated_validator_finds_what_the_compiled_one_finds() {
    let text = std::fs::read_to_string(root().join("schemas/aterrapport-2020.schema.json"))
        .unwrap_or_else(|e| panic!("schema: {e}"));
    let compiled = Template::from_json(ID, &text).unwrap_or_else(|e| panic!("{e}"));
    let templates = Templates::builtin();
    let generated = templates
        .get(ID)
        .unwrap_or_else(|| panic!("no built-in {ID}"));
    assert_eq!(generated.schema, compiled.schema);

    let mut files = Vec::new();
    for dir in ["examples", "tests/fixtures", "tests/data"] {
        yaml_files(&root().join(dir), &mut files);
    }
    let mut reports: Vec<(String, String)> = files
        .iter()
        .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(p).ok()?)))
        .collect();
    assert!(reports.len() > 50, "{} reports", reports.len());
    let example = std::fs::read_to_string(root().join("examples/exempel-2020.yaml"))
        .unwrap_or_else(|e| panic!("example: {e}"));
    let value = load(&example, FileId::Report, Limits::default(), Lang::Sv)
        .0
        .value
        .unwrap_or_default();
    let mut broken = Vec::new();
    variants(&value, 4, &mut broken);
    assert!(broken.len() > 300, "{} variants", broken.len());
    // JSON is YAML: each variant is read as a report like any other.
    reports.extend(broken.iter().enumerate().map(|(i, v)| {
        (
            format!("variant {i}"),
            serde_json::to_string_pretty(v).unwrap_or_default(),
        )
    }));

    let mut found = 0;
    for (name, text) in &reports {
        let want = findings(&compiled, text);
        let got = findings(generated, text);
        assert_eq!(got, want, "{name}");
        found += want.map_or(0, |w| w.len());
    }
    // The comparison must have compared something.
    assert!(found > 1000, "{found} findings");
}
