//! The model as a Word document (docx-rs): A4 pages, the built-in heading styles Heading1–3 with
//! outline levels (so Word's navigation pane and a table of contents see them), real tables whose
//! first row is a header row repeated on every page, bullet lists, and Ja ☒ Nej ☐ answers.

use std::io::Cursor;

use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, IndentLevel, Level, LevelJc, LevelText,
    LineSpacing, LineSpacingType, NumberFormat, Numbering, NumberingId, PageMargin, Paragraph, Run,
    RunFonts, Shading, SpecialIndentType, Start, Style, StyleType, Table, TableCell,
    TableLayoutType, TableRow, WidthType,
};

use super::{Block, Cell, Model, Para};

/// A4 in twentieths of a point, and 2 cm margins.
const PAGE_WIDTH: u32 = 11_906;
const PAGE_HEIGHT: u32 = 16_838;
const MARGIN: i32 = 1_134;
const TEXT_WIDTH: usize = (PAGE_WIDTH as usize) - 2 * (MARGIN as usize);
// docx-rs already defines numbering 1 (decimal) in every document.
const BULLETS: usize = 2;
const ACCENT: &str = "1F3864";

/// The .docx file's bytes.
pub fn render(model: &Model) -> Result<Vec<u8>, String> {
    let mut doc = Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(PageMargin {
            top: MARGIN,
            left: MARGIN,
            bottom: MARGIN,
            right: MARGIN,
            header: 709,
            footer: 709,
            gutter: 0,
        })
        .default_fonts(
            RunFonts::new()
                .ascii("Calibri")
                .hi_ansi("Calibri")
                .cs("Calibri")
                .east_asia("Calibri"),
        )
        .default_size(22)
        .default_line_spacing(
            LineSpacing::new()
                .after(120)
                .line(264)
                .line_rule(LineSpacingType::Auto),
        )
        .add_style(Style::new("Normal", StyleType::Paragraph).name("Normal"));
    for (level, size) in [(1usize, 32usize), (2, 26), (3, 23)] {
        doc = doc.add_style(
            Style::new(format!("Heading{level}"), StyleType::Paragraph)
                .name(format!("heading {level}"))
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .bold()
                .size(size)
                .color(ACCENT)
                .line_spacing(LineSpacing::new().before(240).after(120))
                .outline_lvl(level - 1),
        );
    }
    doc = doc
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .q_format(true)
                .bold()
                .size(48)
                .color(ACCENT)
                .line_spacing(
                    LineSpacing::new()
                        .before(60)
                        .after(240)
                        .line(240)
                        .line_rule(LineSpacingType::Auto),
                ),
        )
        .add_abstract_numbering(
            AbstractNumbering::new(BULLETS).add_level(
                Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new("•"),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(720),
                    Some(SpecialIndentType::Hanging(360)),
                    None,
                    None,
                ),
            ),
        )
        .add_numbering(Numbering::new(BULLETS, BULLETS));

    doc = title_block(model, doc);
    let mut first_chapter = true;
    for block in &model.blocks {
        doc = match block {
            Block::Heading { level, text } => {
                let level = (*level).clamp(1, 3);
                let mut p = Paragraph::new()
                    .style(&format!("Heading{level}"))
                    .outline_lvl(level - 1)
                    .keep_next(true)
                    .add_run(Run::new().add_text(text));
                if level == 1 {
                    // Chapters start on a new page, as in the template; the first follows the title.
                    p = p.page_break_before(!first_chapter);
                    first_chapter = false;
                }
                doc.add_paragraph(p)
            }
            Block::Prose(paras) => paras.iter().fold(doc, add_para),
            Block::Question(q) => doc.add_paragraph(
                Paragraph::new()
                    .keep_next(true)
                    .line_spacing(LineSpacing::new().before(240).after(120))
                    .add_run(Run::new().add_text(q).bold()),
            ),
            Block::Answer { options, extra } => {
                let mut p = Paragraph::new();
                for (option, chosen) in options {
                    p = p
                        .add_run(Run::new().add_text(format!("{option} ")))
                        .add_run(
                            Run::new()
                                .add_text(if *chosen { "☒" } else { "☐" })
                                .fonts(
                                    RunFonts::new()
                                        .ascii("Segoe UI Symbol")
                                        .hi_ansi("Segoe UI Symbol"),
                                )
                                .size(26),
                        )
                        .add_run(Run::new().add_text("   "));
                }
                for e in extra {
                    p = p.add_run(Run::new().add_text(e.as_str()));
                }
                doc.add_paragraph(p)
            }
            Block::Table { headings, rows } => doc.add_table(table(headings, rows)),
        };
    }
    let mut xml = doc.build();
    // docx-rs has no switch for `w:tblHeader` (repeat the row at the top of each page); the header
    // rows, and only they, are marked `cantSplit`, so the marker is added next to that one.
    let document = String::from_utf8_lossy(&xml.document).into_owned();
    xml.document = mark_header_rows(&document).into_bytes();
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

fn mark_header_rows(document: &str) -> String {
    document
        .replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />")
        .replace("<w:cantSplit/>", "<w:cantSplit/><w:tblHeader/>")
}

fn title_block(model: &Model, mut doc: Docx) -> Docx {
    if let Some(t) = &model.template_title {
        doc = doc.add_paragraph(
            Paragraph::new().add_run(Run::new().add_text(t).color("444444").size(24)),
        );
    }
    if let Some(r) = &model.region {
        doc = doc.add_paragraph(
            Paragraph::new()
                .style("Title")
                .add_run(Run::new().add_text(r)),
        );
    }
    let labelled = |label: &str, value: String| {
        Paragraph::new()
            .add_run(Run::new().add_text(format!("{label}: ")).bold())
            .add_run(Run::new().add_text(value))
    };
    if let Some(y) = model.year {
        doc = doc.add_paragraph(labelled("Rapportår", y.to_string()));
    }
    if let Some(s) = &model.strategy {
        let mut name = s.name.clone();
        if let Some(d) = &s.adopted {
            name.push_str(&format!(" (fastställd {d})"));
        }
        doc = doc.add_paragraph(labelled("Regional utvecklingsstrategi", name));
        if !s.goals.is_empty() {
            let term = s
                .goal_term
                .as_deref()
                .map_or_else(|| "Mål".to_string(), super::html::capitalise);
            doc = doc.add_paragraph(
                Paragraph::new().add_run(Run::new().add_text(format!("{term}:")).bold()),
            );
            for (depth, id, text) in &s.goals {
                let indent = 360 + 360 * i32::try_from(*depth).unwrap_or(0);
                doc = doc.add_paragraph(
                    Paragraph::new()
                        .indent(Some(indent), None, None, None)
                        .add_run(Run::new().add_text(format!("{id} {text}"))),
                );
            }
        }
    }
    doc.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::TextWrapping)))
}

fn add_para(doc: Docx, p: &Para) -> Docx {
    match p {
        Para::Text(t) => doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(t))),
        Para::List(items) => items.iter().enumerate().fold(doc, |d, (n, i)| {
            // The last item keeps a paragraph's space below it.
            let after = if n + 1 == items.len() { 120 } else { 40 };
            d.add_paragraph(bullet(i, after))
        }),
    }
}

fn bullet(text: &str, after: u32) -> Paragraph {
    Paragraph::new()
        .numbering(NumberingId::new(BULLETS), IndentLevel::new(0))
        .line_spacing(LineSpacing::new().after(after))
        .add_run(Run::new().add_text(text))
}

fn table(headings: &[String], rows: &[Vec<Cell>]) -> Table {
    let n = headings.len().max(1);
    let width = TEXT_WIDTH / n;
    let mut table_rows = Vec::with_capacity(rows.len() + 1);
    table_rows.push(
        TableRow::new(
            headings
                .iter()
                .map(|h| {
                    TableCell::new()
                        .width(width, WidthType::Dxa)
                        .shading(Shading::new().fill("D9E2F3"))
                        .add_paragraph(
                            Paragraph::new()
                                .align(AlignmentType::Left)
                                .add_run(Run::new().add_text(h).bold().size(19)),
                        )
                })
                .collect(),
        )
        .cant_split(),
    );
    for row in rows {
        table_rows.push(TableRow::new(row.iter().map(|c| cell(c, width)).collect()));
    }
    Table::new(table_rows)
        .set_grid(vec![width; n])
        .width(width * n, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

fn cell(c: &Cell, width: usize) -> TableCell {
    let mut cell = TableCell::new().width(width, WidthType::Dxa);
    let small = |p: Paragraph| p.line_spacing(LineSpacing::new().after(60).line(240));
    if let Some(lead) = &c.lead {
        cell = cell.add_paragraph(small(
            Paragraph::new().add_run(Run::new().add_text(lead).bold().size(19)),
        ));
    }
    for p in &c.body {
        match p {
            Para::Text(t) => {
                cell = cell.add_paragraph(small(
                    Paragraph::new().add_run(Run::new().add_text(t).size(19)),
                ));
            }
            Para::List(items) => {
                for i in items {
                    cell = cell.add_paragraph(small(
                        Paragraph::new()
                            .numbering(NumberingId::new(BULLETS), IndentLevel::new(0))
                            .add_run(Run::new().add_text(i).size(19)),
                    ));
                }
            }
        }
    }
    if c.lead.is_none() && c.body.is_empty() {
        // A cell must hold a paragraph.
        cell = cell.add_paragraph(Paragraph::new());
    }
    cell
}
