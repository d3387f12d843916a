//! Every value the import writes knows its Word place: a prose block its paragraphs, a table
//! value its cell (rows counted after the header row) with the column's heading, the front
//! matter its paragraph, and each `# import:` comment its range and place.

use super::word_import::{
    CH1, CH2, Q1, S11, S12, S111, S121, TABLE_A, TEXT_111, at, imported, section_111,
};
use super::word_support::{b, cells, h, p, table};
use aterrapport::place::{WordLocation, WordPlace};
use aterrapport::source::Span;
use aterrapport::word::{Imported, Place, UnplacedKind};

/// The range of the first occurrence of `needle` in the YAML.
fn span_of(im: &Imported, needle: &str) -> Span {
    let start = im
        .yaml
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in\n{}", im.yaml));
    Span::new(start, start + needle.len())
}

fn located<'i>(im: &'i Imported, needle: &str) -> &'i WordLocation {
    im.places
        .locate(span_of(im, needle))
        .unwrap_or_else(|| panic!("no place for {needle:?}"))
}

/// The place of the value of the first `key: value` line.
fn value_at<'i>(im: &'i Imported, key: &str, value: &str) -> &'i WordLocation {
    let line = span_of(im, &format!("{key}: {value}"));
    im.places
        .locate(Span::new(line.start + key.len() + 2, line.end))
        .unwrap_or_else(|| panic!("no place for {key}"))
}

fn paragraph(n: usize) -> WordPlace {
    WordPlace::Paragraph { paragraph: n }
}

#[test]
fn prose_front_matter_and_answers_point_at_their_paragraphs() {
    let body = [
        p("Region Skåne"),
        p("Rapportår: 2020"),
        h(1, CH1),
        h(2, S11),
        h(3, S111),
        p("Strategin fastställdes."),
        p("Den följs upp årligen."),
        h(1, CH2),
        b(Q1),
        p("Ja ☒ Nej ☐"),
        p("Budgeten styr."),
    ]
    .concat();
    let (_, im) = imported(&body);
    let region = located(&im, "Region Skåne");
    assert_eq!(
        (&region.place, region.section.as_deref()),
        (&paragraph(1), None)
    );
    let year = value_at(&im, "rapportar", "2020");
    assert_eq!(
        (&year.place, year.text.as_str()),
        (&paragraph(2), "Rapportår: 2020")
    );

    let second = located(&im, "Den följs upp");
    assert_eq!(second.place, paragraph(7));
    assert_eq!(second.text, "Den följs upp årligen.");
    assert_eq!(second.order, 6);
    assert_eq!(
        second.section.as_deref(),
        Some("1.1.1 Den regionala utvecklingsstrategin")
    );
    // A finding on the section's key points at its heading.
    let heading = located(&im, "utvecklingsstrategin:");
    assert_eq!(
        (&heading.place, heading.text.as_str()),
        (&paragraph(5), S111)
    );

    let answer = value_at(&im, "svar", "Ja");
    // The key itself points at the question.
    assert_eq!(located(&im, "svar: Ja").place, paragraph(9));
    assert_eq!(answer.place, paragraph(10));
    assert_eq!(answer.text, "Ja ☒ Nej ☐");
    let comment = located(&im, "Budgeten styr.");
    assert_eq!(comment.place, paragraph(11));
    assert!(im.unplaced.is_empty());
}

#[test]
fn table_values_point_at_their_cells_with_rows_after_the_header() {
    let header: Vec<String> = TABLE_A.iter().map(|t| b(t)).collect();
    let rows = vec![
        header,
        cells(&["Open Lab", "Mål 1.", "En skiss.", "Ökad tillgång."]),
        cells(&["AI Sweden", "Mål 2.", "Ett nätverk.", "Fler företag."]),
    ];
    let body = [h(1, CH1), h(2, S12), h(3, S121), table(&rows, true)].concat();
    let (_, im) = imported(&body);
    let cell = located(&im, "Fler företag.");
    assert_eq!(
        cell.place,
        WordPlace::Cell {
            table: 1,
            row: 2,
            column: 4
        }
    );
    assert_eq!(cell.text, "Fler företag.");
    assert_eq!(cell.section.as_deref(), Some("1.2.1 Innovation"));
    assert_eq!(
        cell.column_heading.as_deref(),
        Some("Resultat i form av effekter på kort och lång sikt")
    );
    assert_eq!(cell.order, 3);
    let name = located(&im, "Open Lab");
    assert_eq!(
        name.place,
        WordPlace::Cell {
            table: 1,
            row: 1,
            column: 1
        }
    );
    assert_eq!(
        name.column_heading.as_deref(),
        Some("Namn på insats och kort beskrivning")
    );
}

#[test]
fn what_cannot_be_placed_is_kept_as_a_comment_with_its_place() {
    let stray = vec![cells(&["Budget", "Belopp"]), cells(&["Projekt", "3 mnkr"])];
    let body = [
        section_111(&p("Text.")),
        table(&stray, false),
        h(3, "1.1.9 En rubrik som mallen saknar"),
        p("Text under den."),
    ]
    .concat();
    let (v, im) = imported(&body);
    assert_eq!(at(&v, TEXT_111), "Text.\n");
    let places: Vec<(Place, UnplacedKind)> =
        im.unplaced.iter().map(|u| (u.place, u.kind)).collect();
    assert_eq!(
        places,
        [
            // The first row of a table the template lacks is its header; rows count after it.
            (Place::Row { table: 1, row: 0 }, UnplacedKind::Table),
            (Place::Row { table: 1, row: 1 }, UnplacedKind::Table),
            (Place::Paragraph(5), UnplacedKind::Heading),
            (Place::Paragraph(6), UnplacedKind::Text),
        ]
    );
    assert!(
        im.yaml.contains(
            "# import: tabell 1, rad 1: tabell som inte finns i mallen: Projekt | 3 mnkr"
        ),
        "{}",
        im.yaml
    );
    assert!(
        im.yaml
            .contains("# import: stycke 6: text under en okänd rubrik: Text under den.")
    );
}

#[test]
fn an_unplaced_item_spans_its_comment_and_has_its_place() {
    let stray = vec![cells(&["Budget", "Belopp"]), cells(&["Projekt", "3 mnkr"])];
    let body = [
        h(1, CH1),
        h(2, S11),
        h(3, S111),
        p("Text."),
        table(&stray, false),
        h(3, "1.1.9 En rubrik som mallen saknar"),
    ]
    .concat();
    let (_, im) = imported(&body);
    assert_eq!(im.unplaced.len(), 3, "{:?}", im.unplaced);
    for u in &im.unplaced {
        let comment = im.yaml.get(u.span.start..u.span.end).unwrap_or_default();
        assert!(comment.starts_with("# import: "), "{comment:?}");
        assert!(comment.contains(&u.text), "{comment:?} lacks {:?}", u.text);
    }
    let row = &im.unplaced[1];
    assert_eq!(
        im.yaml.get(row.span.start..row.span.end),
        Some("# import: tabell 1, rad 1: tabell som inte finns i mallen: Projekt | 3 mnkr")
    );
    let at = im
        .places
        .locate(row.span)
        .unwrap_or_else(|| panic!("no place"));
    assert_eq!(
        at.place,
        WordPlace::Cell {
            table: 1,
            row: 1,
            column: 1
        }
    );
    assert_eq!(at.text, "Projekt | 3 mnkr");
    let header = im.places.locate(im.unplaced[0].span);
    assert!(header.is_some_and(|l| matches!(l.place, WordPlace::Cell { row: 0, .. })));
    let heading = im.places.locate(im.unplaced[2].span);
    assert_eq!(heading.map(|l| &l.place), Some(&paragraph(5)));
}

#[test]
fn a_deleted_paragraph_mark_joins_two_paragraphs_into_one() {
    // Accepted, the deletion of the first paragraph's mark leaves one paragraph.
    let deleted_mark = r#"<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="A" w:date="2021-01-01T00:00:00Z"/></w:rPr></w:pPr><w:r><w:t xml:space="preserve">Strategin fastställdes </w:t></w:r></w:p>"#;
    let body = section_111(&[deleted_mark, &p("i juni."), &p("Nästa stycke.")].concat());
    let (v, im) = imported(&body);
    assert_eq!(
        at(&v, TEXT_111),
        "Strategin fastställdes i juni.\n\nNästa stycke.\n"
    );
    assert_eq!(located(&im, "Nästa stycke.").place, paragraph(5));
}
