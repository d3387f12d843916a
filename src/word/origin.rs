//! Where an imported value came from, as a finding will name it: the body paragraph or table
//! cell (rows counted after the header row), the text the author sees there, the template
//! section ("1.2.1 Innovation") and a cell's column heading.

use super::{Paragraph, Place, Row};
use crate::place::{WordLocation, WordPlace};

/// The Word place of an import `Place`: a whole row is named by its first cell, a table by its
/// first cell; an unknown place by paragraph 0.
pub fn word_place(place: Place) -> WordPlace {
    match place {
        Place::Unknown => WordPlace::Paragraph { paragraph: 0 },
        Place::Paragraph(paragraph) => WordPlace::Paragraph { paragraph },
        Place::Cell { table, row, column } => WordPlace::Cell { table, row, column },
        Place::Row { table, row } => WordPlace::Cell {
            table,
            row,
            column: 1,
        },
        Place::Table(table) => WordPlace::Cell {
            table,
            row: 0,
            column: 1,
        },
    }
}

/// A location at `place` showing `text`.
pub fn location(
    place: Place,
    order: usize,
    text: &str,
    section: Option<&str>,
    column_heading: Option<&str>,
) -> WordLocation {
    WordLocation {
        place: word_place(place),
        order,
        text: text.to_string(),
        section: section.map(String::from),
        column_heading: column_heading.map(String::from),
    }
}

/// A body paragraph's location.
pub fn of_paragraph(p: &Paragraph, order: usize, section: Option<&str>) -> WordLocation {
    location(p.place, order, p.trimmed(), section, None)
}

/// Each row's number after the header rows, 0 for a header row: `header` tells which rows are
/// (a row marked `w:tblHeader` always is).
pub fn row_numbers(rows: &[Row], header: impl Fn(usize, &Row) -> bool) -> Vec<usize> {
    let mut data = 0;
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            if r.header || header(i, r) {
                0
            } else {
                data += 1;
                data
            }
        })
        .collect()
}

/// A row's text as one line: its cells joined by " | ".
pub fn row_text(row: &Row) -> String {
    let cells: Vec<String> = row.cells.iter().map(super::Cell::text).collect();
    cells.join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::word::Cell;

    fn row(header: bool, text: &str) -> Row {
        let paragraph = Paragraph {
            text: text.into(),
            ..Paragraph::default()
        };
        Row {
            header,
            cells: vec![Cell {
                paragraphs: vec![paragraph],
                ..Cell::default()
            }],
        }
    }

    #[test]
    fn rows_are_counted_after_the_header() {
        let rows = [row(false, "Rubrik"), row(false, "a"), row(false, "b")];
        assert_eq!(row_numbers(&rows, |i, _| i == 0), vec![0, 1, 2]);
        let rows = [row(true, "Rubrik"), row(false, "a")];
        assert_eq!(row_numbers(&rows, |_, _| false), vec![0, 1]);
        assert_eq!(row_text(&rows[1]), "a");
    }

    #[test]
    fn the_header_row_is_row_zero() {
        let lang = crate::i18n::Lang::Sv;
        assert_eq!(
            Place::Row { table: 3, row: 0 }.describe(lang),
            "tabell 3, rubrikraden"
        );
        let cell = Place::Cell {
            table: 3,
            row: 2,
            column: 1,
        };
        assert_eq!(cell.describe(lang), "tabell 3, rad 2, kolumn 1");
    }

    #[test]
    fn a_whole_row_is_named_by_its_first_cell() {
        assert_eq!(
            word_place(Place::Row { table: 3, row: 2 }),
            WordPlace::Cell {
                table: 3,
                row: 2,
                column: 1
            }
        );
    }
}
