//! Places in a Word document. A `.docx` is checked through the YAML text its import gives; every
//! value the import writes remembers the paragraph or table cell it came from, so each finding can
//! point into the Word document the author actually has open ("1.2.1 Innovation, tabell, rad 2,
//! kolumn Resultat …") instead of into YAML the author never saw.

use serde::Serialize;

use crate::i18n::Lang;
use crate::source::Span;

/// A paragraph of the body, or a cell of a table; all numbers are 1-based, rows are counted after
/// the header row. Ordered as in the document for a flat body (tables and paragraphs are numbered
/// separately, so the import also records `order`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum WordPlace {
    Paragraph {
        paragraph: usize,
    },
    Cell {
        table: usize,
        row: usize,
        column: usize,
    },
}

/// Where one written value came from, with what the author sees there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordLocation {
    pub place: WordPlace,
    /// The position of the paragraph or table in the body (document order, for sorting).
    pub order: usize,
    /// The paragraph's or the cell's text, paragraphs joined with a line break.
    pub text: String,
    /// The template's section, "1.2.1 Innovation", when the place is inside one.
    pub section: Option<String>,
    /// The column heading of a table cell.
    pub column_heading: Option<String>,
}

impl WordLocation {
    /// "1.2.1 Innovation, tabell 2, rad 2, kolumn Resultat …" or "stycke 57".
    pub fn describe(&self, lang: Lang) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(section) = &self.section {
            parts.push(section.clone());
        }
        match &self.place {
            WordPlace::Paragraph { paragraph } => parts.push(lang.pick(
                &format!("stycke {paragraph}"),
                &format!("paragraph {paragraph}"),
            )),
            WordPlace::Cell { table, row, column } => {
                parts.push(lang.pick(&format!("tabell {table}"), &format!("table {table}")));
                parts.push(lang.pick(&format!("rad {row}"), &format!("row {row}")));
                parts.push(match &self.column_heading {
                    Some(h) => lang.pick(&format!("kolumn {h}"), &format!("column {h}")),
                    None => lang.pick(&format!("kolumn {column}"), &format!("column {column}")),
                });
            }
        }
        parts.join(", ")
    }
}

/// The written YAML's byte ranges and the Word places they came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WordMap {
    entries: Vec<(Span, WordLocation)>,
}

impl WordMap {
    pub fn push(&mut self, span: Span, location: WordLocation) {
        self.entries.push((span, location));
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The place of a span of the YAML: the smallest written range that holds its start, else the
    /// last place written before it (a missing key is reported at its parent, which stands after
    /// the heading it belongs to: the range that ends last), else the first place of the document.
    pub fn locate(&self, span: Span) -> Option<&WordLocation> {
        let holding = self
            .entries
            .iter()
            .filter(|(s, _)| s.start <= span.start && span.start < s.end.max(s.start + 1))
            .min_by_key(|(s, _)| s.len());
        let before = || {
            self.entries
                .iter()
                .filter(|(s, _)| s.start <= span.start)
                .max_by_key(|(s, _)| (s.end, std::cmp::Reverse(s.len())))
        };
        holding
            .or_else(before)
            .or_else(|| self.entries.first())
            .map(|(_, l)| l)
    }

    /// Where in the place's text the finding's YAML text stands (to underline it): the first
    /// occurrence, compared with runs of white space folded, as the import re-wraps prose.
    pub fn underline(location: &WordLocation, yaml_text: &str) -> Option<std::ops::Range<usize>> {
        let needle: Vec<&str> = yaml_text.split_whitespace().collect();
        let first = needle.first()?;
        let text = &location.text;
        let mut from = 0;
        while let Some(i) = text.get(from..).and_then(|t| t.find(first)) {
            let start = from + i;
            let mut end = start;
            let mut rest = text.get(start..)?;
            let mut all = true;
            for word in &needle {
                let trimmed = rest.trim_start();
                end += rest.len() - trimmed.len();
                if let Some(after) = trimmed.strip_prefix(word) {
                    end += word.len();
                    rest = after;
                } else {
                    all = false;
                    break;
                }
            }
            if all {
                return Some(start..end);
            }
            from = start + first.len();
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str) -> WordLocation {
        WordLocation {
            place: WordPlace::Cell {
                table: 2,
                row: 3,
                column: 4,
            },
            order: 7,
            text: text.to_string(),
            section: Some("1.2.1 Innovation".into()),
            column_heading: Some("Resultat i form av effekter".into()),
        }
    }

    #[test]
    fn describes_a_cell_in_both_languages() {
        let l = cell("x");
        assert_eq!(
            l.describe(Lang::Sv),
            "1.2.1 Innovation, tabell 2, rad 3, kolumn Resultat i form av effekter"
        );
        assert_eq!(
            l.describe(Lang::En),
            "1.2.1 Innovation, table 2, row 3, column Resultat i form av effekter"
        );
        let p = WordLocation {
            place: WordPlace::Paragraph { paragraph: 57 },
            section: None,
            column_heading: None,
            ..cell("x")
        };
        assert_eq!(p.describe(Lang::Sv), "stycke 57");
    }

    #[test]
    fn locates_the_smallest_range_then_the_one_before() {
        let mut map = WordMap::default();
        map.push(Span::new(10, 100), cell("outer"));
        map.push(Span::new(20, 30), cell("inner"));
        map.push(Span::new(200, 210), cell("later"));
        assert_eq!(
            map.locate(Span::at(25)).map(|l| l.text.as_str()),
            Some("inner")
        );
        assert_eq!(
            map.locate(Span::at(50)).map(|l| l.text.as_str()),
            Some("outer")
        );
        assert_eq!(
            map.locate(Span::at(150)).map(|l| l.text.as_str()),
            Some("outer")
        );
        assert_eq!(
            map.locate(Span::at(0)).map(|l| l.text.as_str()),
            Some("outer")
        );
        assert_eq!(
            map.locate(Span::at(205)).map(|l| l.text.as_str()),
            Some("later")
        );
    }

    #[test]
    fn underlines_across_a_rewrapped_line() {
        let l = cell("Vi har  gjort en\nsatsning pa innovation.");
        let r = WordMap::underline(&l, "satsning pa").unwrap();
        assert_eq!(&l.text[r], "satsning pa");
        let r = WordMap::underline(&l, "gjort en satsning").unwrap();
        assert_eq!(&l.text[r], "gjort en\nsatsning");
        assert_eq!(WordMap::underline(&l, "saknas"), None);
    }
}
