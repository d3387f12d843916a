//! Placing what follows a heading: prose into the section's `text` or the current question
//! (its Ja/Nej answer, the addition on the answer's line, then the comment), tables into the
//! section's `x-tabell` whose headings their header row repeats, and the rest as `# import:`.

use super::cells::{self, Val};
use super::import::{Importer, Target, Unplaced, UnplacedKind};
use super::origin::{location, of_paragraph, row_numbers, row_text};
use super::yaml::Comment;
use super::{Paragraph, Place, Table};

impl Importer<'_> {
    pub(super) fn prose_text(&mut self, p: &Paragraph, text: &str) {
        self.last_table = None;
        match self.target.clone() {
            Target::Front => {}
            Target::Lost => self.lose(p.place, UnplacedKind::Text, text),
            Target::Text(pointer) => self.push(&pointer, p, text),
            Target::Question { pointer, answered } => {
                let Some(node) = self.template.node(&pointer) else {
                    return;
                };
                let keys = node.property_names();
                if keys.is_empty() {
                    // A free-text question: the paragraphs are its answer.
                    return self.push(&pointer, p, text);
                }
                let required = node.required();
                let child = |k: &str| node.child(k);
                let yes_no = keys
                    .iter()
                    .find(|k| child(k).is_some_and(|c| c.is_yes_no()));
                let texts: Vec<&str> = keys
                    .iter()
                    .copied()
                    .filter(|k| {
                        Some(k) != yes_no
                            && child(k).is_some_and(|c| {
                                c.types().contains(&"string")
                                    || !c.property_names().is_empty()
                                    || c.question().is_none()
                            })
                    })
                    .collect();
                let main = texts
                    .iter()
                    .find(|k| required.contains(k))
                    .or(texts.first());
                let extra = texts.iter().find(|k| !required.contains(k));
                let at = |k: &str| crate::document::child_pointer(&pointer, k);
                if !answered && let Some(yn) = yes_no {
                    self.target = Target::Question {
                        pointer: pointer.clone(),
                        answered: true,
                    };
                    let options = child(yn).map(|c| c.enum_values()).unwrap_or_default();
                    if let Some((choice, rest)) = cells::answer(text, &options) {
                        let here = self.here(p);
                        self.values.places.insert(at(yn), here.clone());
                        self.values.leaves.insert(at(yn), Val::Scalar(choice));
                        match (extra, rest.is_empty()) {
                            (_, true) => {}
                            (Some(e), false) => {
                                self.values.places.insert(at(e), here);
                                self.values.leaves.insert(at(e), Val::Scalar(rest));
                            }
                            (None, false) => {
                                if let Some(m) = main {
                                    self.push(&at(m), p, &rest);
                                }
                            }
                        }
                        return;
                    }
                }
                if let Some(m) = main {
                    self.push(&at(m), p, text);
                }
            }
        }
    }

    fn push(&mut self, pointer: &str, p: &Paragraph, text: &str) {
        let here = self.here(p);
        let mut pieces = cells::pieces_of(text, p.list);
        for piece in &mut pieces {
            piece.at = Some(here.clone());
        }
        self.prose
            .entry(pointer.to_string())
            .or_default()
            .extend(pieces);
    }

    /// A body paragraph's location in the current section.
    fn here(&self, p: &Paragraph) -> crate::place::WordLocation {
        of_paragraph(p, self.order, self.section_label.as_deref())
    }

    pub(super) fn lose(&mut self, place: Place, kind: UnplacedKind, text: &str) {
        let item = Unplaced {
            place,
            kind,
            text: text.to_string(),
            span: crate::source::Span::default(),
        };
        let at = self
            .section
            .and_then(|i| self.outline.sections.get(i))
            .map_or_else(String::new, |s| s.pointer.clone());
        let origin = location(place, self.order, text, self.section_label.as_deref(), None);
        self.values.comments.push(Comment {
            at,
            text: item.describe(self.lang),
            origin,
        });
        self.unplaced.push(item);
    }

    pub(super) fn table(&mut self, t: &Table) {
        self.toc = None;
        let Some(section) = self.section.and_then(|i| self.outline.sections.get(i)) else {
            // A table in the front matter (a title block laid out as a table).
            return;
        };
        let node = section.node;
        let grid = cells::grid(&t.rows);
        let first = grid
            .iter()
            .find(|r| !r.cells.iter().all(|c| c.text().is_empty()));
        let mut found = None;
        if self.target != Target::Lost {
            for key in node.property_names() {
                let Some(child) = node.child(key) else {
                    continue;
                };
                let Some(columns) = child.columns() else {
                    continue;
                };
                let pointer = crate::document::child_pointer(&section.pointer, key);
                let continues = self.last_table.as_deref() == Some(pointer.as_str())
                    && first.is_some_and(|r| r.cells.len() == columns.len());
                if first.is_some_and(|r| cells::is_header(r, &columns)) || continues {
                    found = Some((pointer, columns, child.child("0")));
                    break;
                }
            }
        }
        let Some((pointer, columns, row_node)) = found else {
            // A table the template lacks: its first row is taken as its header.
            let flagged = grid.iter().any(|r| r.header);
            let numbers = row_numbers(&grid, |i, _| !flagged && i == 0);
            for (row, n) in grid.iter().zip(numbers) {
                if row.cells.iter().any(|c| !c.text().is_empty()) {
                    let place = Place::Row {
                        table: t.number,
                        row: n,
                    };
                    self.lose(place, UnplacedKind::Table, &row_text(row));
                }
            }
            return;
        };
        let numbers = row_numbers(&grid, |_, r| cells::is_header(r, &columns));
        let section = self.section_label.clone();
        let mut rows = std::mem::take(self.values.rows.entry(pointer.clone()).or_default());
        for (row, n) in grid.iter().zip(numbers) {
            if n == 0 {
                continue;
            }
            let cell_place = |j: usize| Place::Cell {
                table: t.number,
                row: n,
                column: j + 1,
            };
            for (j, extra) in row.cells.iter().enumerate().skip(columns.len()) {
                let text = extra.text();
                if !text.is_empty() {
                    self.lose(cell_place(j), UnplacedKind::Table, &text);
                }
            }
            let values = cells::row_values(row, &columns, row_node);
            if values.is_empty() {
                continue;
            }
            let row_at = format!("{pointer}/{}", rows.len());
            let order = self.order;
            let cell_location = |j: usize| {
                let text = row.cells.get(j).map(|c| c.text()).unwrap_or_default();
                let heading = columns.get(j).map(|c| c.heading.as_str());
                location(cell_place(j), order, &text, section.as_deref(), heading)
            };
            self.values.places.insert(row_at.clone(), cell_location(0));
            for (k, _) in &values {
                if let Some(j) = columns.iter().position(|c| c.keys.contains(k)) {
                    let at = format!("{row_at}/{k}");
                    self.values.places.insert(at, cell_location(j));
                }
            }
            rows.push(values);
        }
        self.values.rows.insert(pointer.clone(), rows);
        self.last_table = Some(pointer);
    }
}
