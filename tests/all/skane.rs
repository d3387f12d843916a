//! The flagship example: Region Skåne's 2020 report, transcribed in full. It must give exactly the
//! findings documented in examples/README.md, and hold every row and goal of the original.

use serde_json::Value;

use super::support::{check, positions, root};

#[test]
fn skane_gives_exactly_its_documented_findings() {
    let report = check(&root().join("examples/skane-2020.yaml"));
    assert_eq!(positions(&report), ["AR401 1420:9"]);
    let d = &report.diagnostics[0];
    assert_eq!(
        d.pointer.as_deref(),
        Some("/aterrapportering_5/genomforda_analyser/aktiviteter/10/typ")
    );
}

fn count(v: &Value, pointer: &str) -> usize {
    v.pointer(pointer)
        .and_then(Value::as_array)
        .map_or(0, Vec::len)
}

#[test]
fn skane_holds_every_row_and_goal() {
    let report = check(&root().join("examples/skane-2020.yaml"));
    let value = report.document.and_then(|d| d.value).unwrap_or_default();
    let a = [
        "/aterrapportering_1/innovation_och_foretagande/innovation/insatser",
        "/aterrapportering_1/innovation_och_foretagande/foretagande_och_entreprenorskap/insatser",
        "/aterrapportering_1/attraktiva_miljoer_och_tillganglighet/attraktiva_miljoer_och_tillganglighet/insatser",
        "/aterrapportering_1/attraktiva_miljoer_och_tillganglighet/kommersiell_och_offentlig_service/insatser",
        "/aterrapportering_1/attraktiva_miljoer_och_tillganglighet/bredbandsutbyggnad/insatser",
        "/aterrapportering_1/kompetensforsorjning/insatser_utifran_analyser_och_prognoser/insatser",
        "/aterrapportering_1/kompetensforsorjning/validering/insatser",
        "/aterrapportering_1/kompetensforsorjning/regionalt_yrkesvux/insatser",
        "/aterrapportering_1/kompetensforsorjning/larcentrum/insatser",
        "/aterrapportering_1/internationellt_samarbete/insatser",
        "/aterrapportering_4/jamstalld_regional_tillvaxt/insatser",
        "/aterrapportering_4/integration_och_mangfald/insatser",
        "/aterrapportering_4/klimat_och_miljo/insatser",
    ];
    let b = [
        "/aterrapportering_1/innovation_och_foretagande/tidigare_insatser/insatser",
        "/aterrapportering_1/attraktiva_miljoer_och_tillganglighet/tidigare_insatser/insatser",
        "/aterrapportering_1/kompetensforsorjning/tidigare_insatser/insatser",
        "/aterrapportering_1/internationellt_samarbete/tidigare_insatser/insatser",
    ];
    assert_eq!(a.iter().map(|p| count(&value, p)).sum::<usize>(), 45);
    assert_eq!(b.iter().map(|p| count(&value, p)).sum::<usize>(), 10);
    assert_eq!(
        count(
            &value,
            "/aterrapportering_5/genomforda_analyser/aktiviteter"
        ),
        11
    );
    assert_eq!(count(&value, "/strategi/mal"), 6);
    assert_eq!(
        value.pointer("/strategi/namn").and_then(Value::as_str),
        Some("Det Öppna Skåne 2030")
    );
    for q in [
        "faststalld_strategi",
        "bidrag_utvecklingsstrategin",
        "bidrag_strukturfondsprogrammet",
        "bidrag_samarbetsprogrammen",
    ] {
        assert_eq!(
            value
                .pointer(&format!("/aterrapportering_2/{q}/svar"))
                .and_then(Value::as_str),
            Some("Ja"),
            "{q}"
        );
    }
}

#[test]
fn every_skane_row_references_a_defined_goal() {
    use aterrapport::rules::goals::{Matcher, find_references};
    let report = check(&root().join("examples/skane-2020.yaml"));
    let value = report.document.and_then(|d| d.value).unwrap_or_default();
    let matcher = Matcher::new(&["visionsmål".to_string()]).unwrap_or_else(|| panic!("matcher"));
    let defined = ["1", "2", "3", "4", "5", "6"];
    let mut rows = 0;
    let mut samtliga = 0;
    let mut stack = vec![&value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                if let Some(cell) = map.get("bidrag_till_mal").and_then(Value::as_str) {
                    rows += 1;
                    let refs = find_references(cell, &matcher);
                    assert!(!refs.is_empty(), "no reference in {cell:?}");
                    samtliga += refs.iter().filter(|r| r.all).count();
                    for (id, _, _) in refs.iter().flat_map(|r| &r.ids) {
                        assert!(defined.contains(&id.as_str()), "{id} in {cell:?}");
                    }
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    assert_eq!(rows, 45);
    assert_eq!(samtliga, 3);
}
