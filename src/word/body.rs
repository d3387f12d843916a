//! `word/document.xml` → blocks, in one streaming pass. Tracked changes are read as accepted,
//! field codes and comments are left out, checkboxes (content controls and legacy form fields)
//! become ☒/☐, and paragraphs inside a table of contents are marked. Nested tables are
//! flattened into the cell that holds them.

use quick_xml::events::BytesStart;

use super::runs::{CHECKED, UNCHECKED, symbol};
use super::styles::Styles;
use super::xml::{Xml, attr, local, on, walk};
use super::{Block, Cell, Row, Table, WordDocument, WordError};

/// Fields and content controls nest this deep at most; deeper ones are read as plain content.
const MAX_NESTING: usize = 64;
const MAX_INSTR: usize = 1024;

#[derive(Default)]
pub(super) struct Para {
    pub(super) style: Option<String>,
    pub(super) outline: Option<u8>,
    pub(super) numbered: bool,
    /// Text runs with whether each is bold.
    pub(super) runs: Vec<(String, bool)>,
    pub(super) in_toc: bool,
    /// Text boxes inside the paragraph hold paragraphs of their own.
    pub(super) nested: usize,
    /// Its paragraph mark is a tracked deletion: it runs on into the next paragraph.
    pub(super) mark_deleted: bool,
}

#[derive(Default)]
pub(super) struct Run {
    bold: Option<bool>,
    style: Option<String>,
    text: String,
}

#[derive(Default)]
pub(super) struct Field {
    instr: String,
    checkbox: Option<bool>,
    default: Option<bool>,
}

impl Field {
    pub(super) fn is_toc(&self) -> bool {
        self.instr.trim_start().to_uppercase().starts_with("TOC")
    }
}

#[derive(Default)]
pub(super) struct Sdt {
    checkbox: bool,
    checked: bool,
    pub(super) toc: bool,
    in_pr: bool,
    in_content: bool,
}

#[derive(Default)]
pub(super) struct Parser<'s> {
    pub(super) styles: Option<&'s Styles>,
    pub(super) blocks: Vec<Block>,
    pub(super) paragraphs: usize,
    pub(super) tables: usize,
    pub(super) table: Option<Table>,
    /// Tables inside the current table's cell.
    pub(super) nested_tables: usize,
    pub(super) para: Option<Para>,
    pub(super) run: Option<Run>,
    pub(super) in_ppr: bool,
    pub(super) in_run_props: bool,
    pub(super) in_text: bool,
    pub(super) in_instr: bool,
    pub(super) in_ffdata_checkbox: bool,
    pub(super) in_row_props: bool,
    pub(super) in_cell_props: bool,
    /// The depth of an element whose content is left out (a deletion, a fallback).
    pub(super) depth: usize,
    pub(super) skip_from: Option<usize>,
    pub(super) fields: Vec<Field>,
    pub(super) simple_toc: Vec<bool>,
    pub(super) sdts: Vec<Sdt>,
    /// A paragraph whose mark was deleted, waiting for the paragraph it runs on into.
    pub(super) carried: Option<Para>,
}

pub fn parse(bytes: &[u8], styles: &Styles) -> Result<WordDocument, WordError> {
    let mut p = Parser {
        styles: Some(styles),
        ..Parser::default()
    };
    walk(bytes, "word/document.xml", |e| {
        p.event(e);
        Ok(())
    })?;
    p.flush_carried();
    // A document cut off inside a table still gives what was read.
    if let Some(t) = p.table.take() {
        p.blocks.push(Block::Table(t));
    }
    Ok(WordDocument { blocks: p.blocks })
}

impl Parser<'_> {
    fn event(&mut self, e: Xml<'_, '_>) {
        match e {
            Xml::Start(s) => {
                self.depth += 1;
                let skipped = matches!(local(s), "del" | "moveFrom" | "Fallback");
                // In a paragraph's properties a deletion marks its paragraph mark deleted.
                if self.skip_from.is_none() && skipped && !self.in_ppr {
                    self.skip_from = Some(self.depth);
                }
                if self.skip_from.is_none() {
                    self.start(s, false);
                }
            }
            Xml::Empty(s) => {
                if self.skip_from.is_none() {
                    self.start(s, true);
                }
            }
            Xml::End(name) => {
                if self.skip_from.is_none() {
                    self.end(name);
                }
                if self.skip_from == Some(self.depth) {
                    self.skip_from = None;
                }
                self.depth = self.depth.saturating_sub(1);
            }
            Xml::Text(t) => {
                if self.skip_from.is_none() {
                    self.text(t);
                }
            }
        }
    }

    fn start(&mut self, s: &BytesStart<'_>, empty: bool) {
        let name = local(s);
        if let Some(sdt) = self.sdts.last_mut().filter(|d| d.in_pr) {
            match name {
                "checkbox" => sdt.checkbox = true,
                "checked" => sdt.checked = on(s),
                "docPartGallery" => {
                    sdt.toc |= attr(s, "val").is_some_and(|v| v.contains("Table of Contents"));
                }
                _ => {}
            }
            return;
        }
        if self.in_ffdata_checkbox {
            if let Some(f) = self.fields.last_mut() {
                match name {
                    "default" => f.default = Some(on(s)),
                    "checked" => f.checkbox = Some(on(s)),
                    _ => {}
                }
            }
            return;
        }
        match name {
            "p" if !empty => match self.para.as_mut() {
                Some(p) => {
                    p.nested += 1;
                    p.runs.push(("\n".into(), false));
                }
                None => {
                    let runs = self.carried.take().map(|c| c.runs).unwrap_or_default();
                    self.para = Some(Para {
                        runs,
                        ..Para::default()
                    });
                }
            },
            "del" if self.in_ppr => {
                if let Some(p) = self.para.as_mut() {
                    p.mark_deleted = true;
                }
            }
            "pPr" if !empty && self.run.is_none() => self.in_ppr = true,
            "pStyle" if self.in_ppr => {
                if let Some(p) = self.para.as_mut() {
                    p.style = attr(s, "val");
                }
            }
            "outlineLvl" if self.in_ppr => {
                if let Some(p) = self.para.as_mut() {
                    p.outline = attr(s, "val").and_then(|v| v.parse().ok());
                }
            }
            "numId" if self.in_ppr => {
                if let Some(p) = self.para.as_mut() {
                    p.numbered = attr(s, "val").is_some_and(|v| v != "0");
                }
            }
            "r" if !empty && !self.in_ppr => self.run = Some(Run::default()),
            "rPr" if !empty && self.run.is_some() => self.in_run_props = true,
            "b" if self.in_run_props => {
                if let Some(r) = self.run.as_mut() {
                    r.bold = Some(on(s));
                }
            }
            "rStyle" if self.in_run_props => {
                if let Some(r) = self.run.as_mut() {
                    r.style = attr(s, "val");
                }
            }
            "t" if !empty => self.in_text = true,
            "instrText" if !empty => self.in_instr = true,
            "tab" if self.run.is_some() && !self.in_ppr => self.push_text("\t"),
            "br" | "cr"
                if self.run.is_some()
                    && !matches!(attr(s, "type").as_deref(), Some("page" | "column")) =>
            {
                self.push_text("\n");
            }
            "noBreakHyphen" => self.push_text("-"),
            "sym" => {
                let font = attr(s, "font").unwrap_or_default();
                if let Some(c) = attr(s, "char").and_then(|c| symbol(&font, &c)) {
                    self.push_text(c.encode_utf8(&mut [0u8; 4]));
                }
            }
            "fldChar" => match attr(s, "fldCharType").as_deref() {
                Some("begin") if self.fields.len() < MAX_NESTING => {
                    self.fields.push(Field::default());
                }
                Some("end") => {
                    if let Some(f) = self.fields.pop()
                        && f.instr.to_uppercase().contains("FORMCHECKBOX")
                    {
                        let checked = f.checkbox.or(f.default).unwrap_or(false);
                        self.push_box(checked);
                    }
                }
                _ => {}
            },
            "checkBox" if !empty => self.in_ffdata_checkbox = true,
            "fldSimple" if !empty => {
                let toc = attr(s, "instr").is_some_and(|i| {
                    let f = Field {
                        instr: i,
                        ..Field::default()
                    };
                    f.is_toc()
                });
                self.simple_toc.push(toc);
            }
            "sdt" if !empty => self.sdts.push(Sdt::default()),
            "sdtPr" if !empty => {
                if let Some(d) = self.sdts.last_mut() {
                    d.in_pr = true;
                }
            }
            "sdtContent" if !empty => {
                if let Some(d) = self.sdts.last_mut() {
                    d.in_content = true;
                }
            }
            "tbl" if !empty => {
                self.flush_carried();
                self.start_table();
            }
            "tr" if !empty && self.nested_tables == 0 => {
                if let Some(t) = self.table.as_mut() {
                    t.rows.push(Row::default());
                }
            }
            "trPr" if !empty => self.in_row_props = true,
            "tblHeader" if self.in_row_props && self.nested_tables == 0 => {
                if let Some(row) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
                    row.header = on(s);
                }
            }
            "tcPr" if !empty => self.in_cell_props = true,
            "gridSpan" | "vMerge" if self.in_cell_props && self.nested_tables == 0 => {
                let val = attr(s, "val");
                if let Some(cell) = self
                    .table
                    .as_mut()
                    .and_then(|t| t.rows.last_mut())
                    .and_then(|r| r.cells.last_mut())
                {
                    if name == "gridSpan" {
                        cell.span = val.and_then(|v| v.parse().ok()).unwrap_or(1);
                    } else {
                        cell.merged_above = val.as_deref() != Some("restart");
                    }
                }
            }
            "tc" if !empty && self.nested_tables == 0 => {
                self.flush_carried();
                if let Some(row) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
                    row.cells.push(Cell::default());
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "sdtPr" => {
                if let Some(d) = self.sdts.last_mut() {
                    d.in_pr = false;
                }
            }
            "sdt" => {
                if let Some(d) = self.sdts.pop()
                    && d.checkbox
                {
                    self.push_box(d.checked);
                }
            }
            _ if self.sdts.last().is_some_and(|d| d.in_pr) => {}
            "checkBox" => self.in_ffdata_checkbox = false,
            _ if self.in_ffdata_checkbox => {}
            "p" => self.end_paragraph(),
            "pPr" => self.in_ppr = false,
            "rPr" => self.in_run_props = false,
            "r" => self.end_run(),
            "t" => self.in_text = false,
            "instrText" => self.in_instr = false,
            "fldSimple" => {
                self.simple_toc.pop();
            }
            "trPr" => self.in_row_props = false,
            "tcPr" => self.in_cell_props = false,
            "tbl" => {
                self.flush_carried();
                self.end_table();
            }
            _ => {}
        }
    }

    fn text(&mut self, t: &str) {
        if self.in_instr {
            if let Some(f) = self.fields.last_mut()
                && f.instr.len() < MAX_INSTR
            {
                f.instr.push_str(t);
            }
            self.mark_toc();
        } else if self.in_text {
            self.push_text(t);
        }
    }

    /// Text of the current run; a checkbox's own glyph is replaced by its state.
    fn push_text(&mut self, t: &str) {
        if self.sdts.iter().any(|d| d.checkbox && d.in_content) {
            return;
        }
        match (self.run.as_mut(), self.para.as_mut()) {
            (Some(r), _) => r.text.push_str(t),
            (None, Some(p)) => p.runs.push((t.to_string(), false)),
            (None, None) => {}
        }
    }

    fn push_box(&mut self, checked: bool) {
        let glyph = if checked { CHECKED } else { UNCHECKED };
        if let Some(p) = self.para.as_mut() {
            // A run still open holds the text before the box.
            if let Some(r) = self.run.as_mut() {
                r.text.push(glyph);
            } else {
                p.runs.push((glyph.to_string(), false));
            }
        }
    }

    fn end_run(&mut self) {
        self.mark_toc();
        let Some(run) = self.run.take() else { return };
        let styles = self.styles;
        let Some(p) = self.para.as_mut() else { return };
        let bold = run
            .bold
            .or_else(|| {
                run.style
                    .as_deref()
                    .and_then(|s| styles.and_then(|st| st.bold(s)))
            })
            .or_else(|| {
                p.style
                    .as_deref()
                    .and_then(|s| styles.and_then(|st| st.bold(s)))
            })
            .unwrap_or(false);
        if !run.text.is_empty() {
            p.runs.push((run.text, bold));
        }
    }
}
