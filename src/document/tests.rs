use serde_json::Value;

use super::resolve::is_core_float;
use super::*;
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Lang;

fn load_en(text: &str) -> (Document, Vec<Diagnostic>) {
    load(text, FileId::Report, Limits::default(), Lang::En)
}

#[test]
fn core_schema_keeps_swedish_answers_as_strings() {
    let (doc, diags) = load_en("a: Ja\nb: Nej\nc: yes\nd: true\ne: 2.10\nf: 7\ng: ~\nh: .inf\n");
    assert!(diags.is_empty());
    let v = doc.value.clone().unwrap_or_default();
    assert_eq!(v["a"], "Ja");
    assert_eq!(v["c"], "yes");
    assert_eq!(v["d"], true);
    assert_eq!(doc.span("/e").map(|s| s.kind), Some(NodeKind::Float));
    assert_eq!(doc.span("/h").map(|s| s.kind), Some(NodeKind::NonFinite));
    assert_eq!(v["f"], 7);
    assert!(v["g"].is_null());
}

#[test]
fn spans_are_bytes_and_block_scalars_start_at_indicator() {
    let text = "å: |\n  rad\nb: [x, y]\n";
    let (doc, _) = load_en(text);
    let s = doc.span("/å").copied().unwrap_or_else(|| panic!("no span"));
    assert_eq!(&text[s.value.start..s.value.end], "|\n  rad");
    assert_eq!(
        &text[s.key.unwrap_or_default().start..s.key.unwrap_or_default().end],
        "å"
    );
    let b = doc.span("/b").copied().unwrap_or_else(|| panic!("no span"));
    assert_eq!(&text[b.value.start..b.value.end], "[x, y]");
    let y = doc
        .span("/b/1")
        .copied()
        .unwrap_or_else(|| panic!("no span"));
    assert_eq!(&text[y.value.start..y.value.end], "y");
}

#[test]
fn duplicate_key_keeps_first_and_labels_both() {
    let (doc, diags) = load_en("a: 1\nb: 2\na: 3\n");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, Code::AR002);
    assert_eq!(diags[0].span, Span::new(10, 11));
    assert_eq!(diags[0].related[0].span, Span::new(0, 1));
    assert_eq!(doc.value.unwrap_or_default()["a"], 1);
}

#[test]
fn alias_bomb_stops_at_node_limit() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let (_, diags) = load_en(&text);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, Code::AR005);
}

#[test]
fn deep_nesting_is_a_limit_not_a_crash() {
    let text = "[".repeat(5000) + &"]".repeat(5000);
    let (_, diags) = load_en(&text);
    assert_eq!(diags[0].code, Code::AR005);
    let mut block = String::new();
    for i in 0..200 {
        block.push_str(&" ".repeat(i));
        block.push_str("k:\n");
    }
    let (_, diags) = load_en(&block);
    assert_eq!(diags[0].code, Code::AR005);
}

#[test]
fn second_document_is_a_limit() {
    let (_, diags) = load_en("---\na: 1\n---\nb: 2\n");
    assert_eq!(diags[0].code, Code::AR005);
    assert_eq!(diags[0].span.start, 9);
    let (_, diags) = load_en("---\na: 1\n...\n");
    assert!(diags.is_empty());
}

#[test]
fn complex_key_is_reported_and_skipped() {
    let (doc, diags) = load_en("? [a, b]\n: v\nc: 1\n");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, Code::AR103);
    let v = doc.value.unwrap_or_default();
    assert_eq!(v["c"], 1);
    assert_eq!(v.as_object().map(|m| m.len()), Some(1));
}

#[test]
fn floats_are_recognised() {
    for f in ["2.10", "2.0", "1e3", ".5", "-1.5"] {
        assert!(is_core_float(f.trim_start_matches('-')), "{f}");
    }
    for s in ["2", "1.2.3", "e3", ".", "1e"] {
        assert!(!is_core_float(s), "{s}");
    }
}

fn check(text: &str, pointer: &str, needle: &str) -> String {
    let (doc, _) = load(text, FileId::Report, Limits::default(), Lang::En);
    let value = doc
        .value
        .as_ref()
        .and_then(|v| v.pointer(pointer))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let node = doc
        .span(pointer)
        .copied()
        .unwrap_or_else(|| panic!("no span"));
    let at = value.find(needle).unwrap_or_else(|| panic!("needle"));
    let s = locate_in_scalar(text, &node, &value, at).unwrap_or_else(|| panic!("not aligned"));
    let e = locate_in_scalar(text, &node, &value, at + needle.len())
        .unwrap_or_else(|| panic!("not aligned"));
    text[s..e].to_string()
}

#[test]
fn aligns_every_style() {
    assert_eq!(
        check("a: |\n  rad ett\n  rad två TODO\n", "/a", "TODO"),
        "TODO"
    );
    assert_eq!(
        check("a: >-\n  rad ett\n  två TODO här\n", "/a", "TODO"),
        "TODO"
    );
    assert_eq!(check("a: rad ett\n  två TODO här\n", "/a", "TODO"), "TODO");
    assert_eq!(check("a: \"x\\ty\\\" TODO\"\n", "/a", "TODO"), "TODO");
    assert_eq!(check("a: 'it''s TODO'\n", "/a", "TODO"), "TODO");
    assert_eq!(
        check("a: |\n  ett\n\n  två ö TODO\n", "/a", "ö TODO"),
        "ö TODO"
    );
}

#[test]
fn anchors_inside_a_complex_key_can_be_used_later() {
    // The YAML test suite's X38W.
    let (doc, diags) = load_en("{ &a [a, &b b]: *b, *a : [c, *b, d]}\n");
    let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::AR103]);
    let v = doc.value.unwrap_or_default();
    assert_eq!(v["[\"a\",\"b\"]"], serde_json::json!(["c", "b", "d"]));
    // An anchor in a duplicate's (discarded) value, too.
    let (doc, diags) = load_en("a: 1\na: {x: &y [1, 2]}\nb: *y\n");
    assert_eq!(
        diags.iter().map(|d| d.code).collect::<Vec<_>>(),
        [Code::AR002]
    );
    assert_eq!(
        doc.value.unwrap_or_default()["b"],
        serde_json::json!([1, 2])
    );
}

#[test]
fn an_alias_bomb_inside_a_complex_key_stops_at_the_node_limit() {
    let mut text = String::from("? [&a0 [x, x, x, x, x, x, x, x, x, x]");
    for i in 1..12 {
        let p = i - 1;
        text.push_str(&format!(
            ", &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]"
        ));
    }
    text.push_str("]\n: v\n");
    let (_, diags) = load_en(&text);
    assert_eq!(diags.last().map(|d| d.code), Some(Code::AR005));
}
