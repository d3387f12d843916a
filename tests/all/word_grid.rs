//! Merged table cells, read as the author sees them: a cell spanning columns (`w:gridSpan`)
//! fills the first template column it covers and the next cell lands in the right column; a
//! cell merged with the one above (`w:vMerge`) shows that cell's text in its own row.

use super::word_import::{CH1, INSATSER_121, S12, S121, TABLE_A, at, imported};
use super::word_support::{b, h, p};
use aterrapport::place::WordPlace;
use aterrapport::source::Span;

fn tc(props: &str, content: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>")
}

#[test]
fn merged_cells_map_to_the_templates_columns() {
    let header: String = TABLE_A.iter().map(|t| tc("", &b(t))).collect();
    let restart = r#"<w:vMerge w:val="restart"/>"#;
    let rows = [
        header,
        [
            tc("", &p("Open Lab")),
            tc(restart, &p("Mål 1.")),
            tc("", &p("En skiss.")),
            tc("", &p("Effekt A.")),
        ]
        .concat(),
        [
            tc("", &p("AI Sweden")),
            tc("<w:vMerge/>", "<w:p/>"),
            tc(
                r#"<w:gridSpan w:val="2"/>"#,
                &p("Ett nätverk och fler företag."),
            ),
        ]
        .concat(),
    ];
    let table: String = rows.iter().map(|r| format!("<w:tr>{r}</w:tr>")).collect();
    let body = [
        h(1, CH1),
        h(2, S12),
        h(3, S121),
        format!("<w:tbl><w:tblPr/>{table}</w:tbl>"),
    ]
    .concat();
    let (v, im) = imported(&body);
    let second = at(&v, &format!("{INSATSER_121}/1"));
    assert_eq!(second["namn"], "AI Sweden");
    assert_eq!(
        second["bidrag_till_mal"], "Mål 1.",
        "merged with the cell above"
    );
    assert_eq!(second["prestationer"], "Ett nätverk och fler företag.");
    assert!(second.get("effekter").is_none(), "the span covers it");
    assert_eq!(
        at(&v, &format!("{INSATSER_121}/0"))["effekter"],
        "Effekt A."
    );
    assert!(im.unplaced.is_empty(), "{:?}", im.unplaced);
    let start = im.yaml.find("Ett nätverk").unwrap();
    let place = im.places.locate(Span::at(start)).map(|l| l.place.clone());
    let cell = WordPlace::Cell {
        table: 1,
        row: 2,
        column: 3,
    };
    assert_eq!(place, Some(cell));
}
