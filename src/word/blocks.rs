//! The paragraph and table ends of the document pass: a finished paragraph gets its style's
//! meaning (heading level, list, table of contents), its bold lead and its place, and goes to the
//! body or to the current table cell; tables nested in a cell are flattened into it.

use super::body::{Field, Parser};
use super::runs::bold_lead;
use super::styles::Styles;
use super::{Block, Cell, Paragraph, Place, Row, Table};

impl Parser<'_> {
    pub(super) fn end_paragraph(&mut self) {
        self.mark_toc();
        if let Some(p) = self.para.as_mut()
            && p.nested > 0
        {
            p.nested -= 1;
            return;
        }
        let Some(p) = self.para.take() else { return };
        self.run = None;
        if p.mark_deleted && self.carried.is_none() {
            self.carried = Some(p);
            return;
        }
        let styles = self.styles;
        let style_name = p
            .style
            .as_deref()
            .and_then(|s| styles.and_then(|st| st.name(s)))
            .map(String::from);
        let of_style = |f: &dyn Fn(&Styles, &str) -> bool| {
            p.style
                .as_deref()
                .is_some_and(|s| styles.is_some_and(|st| f(st, s)))
        };
        let heading_level = match p.outline {
            Some(o) => (o < 9).then_some(o + 1),
            None => p
                .style
                .as_deref()
                .and_then(|s| styles.and_then(|st| st.heading_level(s))),
        };
        let list = p.numbered || of_style(&|st, s| st.is_list(s));
        let in_toc = p.in_toc || of_style(&|st, s| st.is_toc(s));
        let text: String = p.runs.iter().map(|(t, _)| t.as_str()).collect();
        let visible: Vec<&(String, bool)> = p
            .runs
            .iter()
            .filter(|(t, _)| !t.trim().is_empty())
            .collect();
        let bold = !visible.is_empty() && visible.iter().all(|(_, b)| *b);
        let place = self.next_place();
        let paragraph = Paragraph {
            place,
            text,
            style_id: p.style.clone(),
            style_name,
            heading_level,
            bold,
            list,
            in_toc,
            bold_lead: bold_lead(&p.runs),
        };
        match self.table.as_mut() {
            None => self.blocks.push(Block::Paragraph(paragraph)),
            Some(t) => {
                if t.rows.is_empty() {
                    t.rows.push(Row::default());
                }
                if let Some(row) = t.rows.last_mut() {
                    if row.cells.is_empty() {
                        row.cells.push(Cell::default());
                    }
                    if let Some(cell) = row.cells.last_mut() {
                        cell.paragraphs.push(paragraph);
                    }
                }
            }
        }
    }

    /// A paragraph whose deleted mark has nothing to run on into (the end of a cell, a table or
    /// the document) ends where it stands.
    pub(super) fn flush_carried(&mut self) {
        if let Some(mut p) = self.carried.take() {
            p.mark_deleted = false;
            let open = self.para.replace(p);
            let run = self.run.take();
            self.end_paragraph();
            self.para = open;
            self.run = run;
        }
    }

    /// Marks the open paragraph as part of a table of contents when a TOC field, a simple TOC
    /// field or a "Table of Contents" content control holds it.
    pub(super) fn mark_toc(&mut self) {
        let toc = self.fields.iter().any(Field::is_toc)
            || self.simple_toc.iter().any(|t| *t)
            || self.sdts.iter().any(|d| d.toc);
        if let Some(p) = self.para.as_mut() {
            p.in_toc |= toc;
        }
    }

    fn next_place(&mut self) -> Place {
        match self.table.as_ref() {
            None => {
                self.paragraphs += 1;
                Place::Paragraph(self.paragraphs)
            }
            Some(t) => Place::Cell {
                table: t.number,
                row: t.rows.len().max(1),
                column: t.rows.last().map_or(1, |r| r.cells.len().max(1)),
            },
        }
    }

    pub(super) fn start_table(&mut self) {
        match self.table.as_mut() {
            Some(t) => {
                self.nested_tables += 1;
                if let Some(cell) = t.rows.last_mut().and_then(|r| r.cells.last_mut()) {
                    cell.nested_table = true;
                }
            }
            None => {
                self.tables += 1;
                self.table = Some(Table {
                    number: self.tables,
                    rows: Vec::new(),
                });
            }
        }
    }

    pub(super) fn end_table(&mut self) {
        if self.nested_tables > 0 {
            self.nested_tables -= 1;
        } else if let Some(t) = self.table.take() {
            self.blocks.push(Block::Table(t));
        }
    }
}
