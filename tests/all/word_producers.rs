//! Word reports as two other producers write them, generated from a report and the template's
//! annotations (through the render model): style A with Heading 1–3 styles, "Ja ☒ Nej ☐" and a
//! TOC field; style B with typed bold headings, typed bullets, line breaks in cells, an empty
//! last row, checkbox content controls or the chosen box alone, and a typed table of contents.

use aterrapport::render::{Block, Cell, Model, Para};

use super::word_support::{b, docx, h, li, p, run, styled, table};

#[derive(Clone, Copy, Debug)]
pub enum Style {
    A,
    B,
}

/// The `.docx` a producer in `style` writes for `model`.
pub fn producer_docx(model: &Model, style: Style) -> Vec<u8> {
    let mut body = String::new();
    if let Style::B = style {
        body.push_str(&typed_toc(model));
    }
    body.push_str(&title(model));
    if let Style::A = style {
        body.push_str(&toc_field(model));
    }
    let mut answers = 0;
    for block in &model.blocks {
        let xml = match (block, style) {
            (Block::Heading { level, text }, Style::A) => h((*level).clamp(1, 3) as u8, text),
            (Block::Heading { text, .. }, Style::B) => b(&typed_heading(text)),
            (Block::Prose(paras), _) => paras.iter().map(|x| para(x, style)).collect(),
            (Block::Question(q), _) => b(q),
            (Block::Answer { options, extra }, Style::A) => {
                let boxes: Vec<String> = options
                    .iter()
                    .map(|(o, chosen)| format!("{o} {}", if *chosen { "☒" } else { "☐" }))
                    .collect();
                p(&[boxes.join(" "), extra.join(" ")].join(" "))
            }
            (Block::Answer { options, extra }, Style::B) => {
                answers += 1;
                if answers == 1 {
                    content_controls(options, extra)
                } else {
                    let chosen = options.iter().find(|(_, c)| *c).map(|(o, _)| o.as_str());
                    p(&format!("{} ☒ {}", chosen.unwrap_or(""), extra.join(" ")))
                }
            }
            (Block::Table { headings, rows }, _) => word_table(headings, rows, style),
        };
        body.push_str(&xml);
    }
    docx(&body)
}

fn title(model: &Model) -> String {
    let mut out = String::new();
    if let Some(t) = &model.template_title {
        out.push_str(&p(t));
    }
    if let Some(r) = &model.region {
        out.push_str(&styled("Title", r));
    }
    if let Some(y) = model.year {
        out.push_str(&p(&format!("Rapportår: {y}")));
    }
    if let Some(s) = &model.strategy {
        out.push_str(&p(&format!("Regional utvecklingsstrategi: {}", s.name)));
    }
    out
}

/// "1.2.1\tInnovation  ": the number, a tab, the heading and trailing spaces.
fn typed_heading(text: &str) -> String {
    match text.split_once(' ') {
        Some((n, rest)) if n.starts_with(|c: char| c.is_ascii_digit()) => {
            format!("{n}\t{rest}  ")
        }
        _ => format!("{text}  "),
    }
}

/// A TOC field around one entry per heading, each with its page number.
fn toc_field(model: &Model) -> String {
    let entries: Vec<String> = model
        .headings()
        .enumerate()
        .map(|(i, t)| styled("Innehll1", &format!("{t}\t{}", i / 4 + 2)))
        .collect();
    format!(
        r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-3" \h \z \u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r></w:p>{}<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
        entries.concat()
    )
}

/// "Innehåll" and a typed line per heading with its page number.
fn typed_toc(model: &Model) -> String {
    let mut out = p("Innehåll");
    for (i, t) in model.headings().enumerate() {
        out.push_str(&p(&format!(
            "{}\t{}",
            typed_heading(t).trim_end(),
            i / 4 + 2
        )));
    }
    out
}

/// A bullet as style B types it: `•` or the Symbol font's U+F0B7, then a tab.
fn typed_bullet(i: usize, item: &str) -> String {
    let bullet = if i.is_multiple_of(2) {
        "•"
    } else {
        "\u{F0B7}"
    };
    format!("{bullet}\t{item}")
}

fn para(x: &Para, style: Style) -> String {
    match (x, style) {
        (Para::Text(t), _) => p(t),
        (Para::List(items), Style::A) => items.iter().map(|i| li(i)).collect(),
        (Para::List(items), Style::B) => items
            .iter()
            .enumerate()
            .map(|(i, item)| p(&typed_bullet(i, item)))
            .collect(),
    }
}

/// "Ja ☒ Nej ☐" with Word checkbox content controls for the boxes.
fn content_controls(options: &[(String, bool)], extra: &[String]) -> String {
    let mut out = String::from("<w:p>");
    for (o, chosen) in options {
        let (val, glyph) = if *chosen { (1, "☒") } else { (0, "☐") };
        out.push_str(&run(&format!("{o} "), false));
        out.push_str(&format!(
            r#"<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="{val}"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>{glyph}</w:t></w:r></w:sdtContent></w:sdt>"#
        ));
        out.push_str(&run(" ", false));
    }
    if !extra.is_empty() {
        out.push_str(&run(&extra.join(" "), false));
    }
    out.push_str("</w:p>");
    out
}

fn word_table(headings: &[String], rows: &[Vec<Cell>], style: Style) -> String {
    let mut all: Vec<Vec<String>> = vec![headings.iter().map(|t| b(t)).collect()];
    for row in rows {
        all.push(row.iter().map(|c| word_cell(c, style)).collect());
    }
    if let Style::B = style {
        all.push(vec![String::new(); headings.len()]);
    }
    table(&all, matches!(style, Style::A))
}

/// Style A: a bold name paragraph, then a paragraph per paragraph or list item. Style B: one
/// paragraph, the bold name and each line after a line break.
fn word_cell(c: &Cell, style: Style) -> String {
    match style {
        Style::A => {
            let mut out: String = c.lead.iter().map(|l| b(l)).collect();
            out.extend(c.body.iter().map(|x| para(x, style)));
            out
        }
        Style::B => {
            let mut lines: Vec<String> = Vec::new();
            for x in &c.body {
                match x {
                    Para::Text(t) => lines.push(t.clone()),
                    Para::List(items) => lines.extend(
                        items
                            .iter()
                            .enumerate()
                            .map(|(i, item)| typed_bullet(i, item)),
                    ),
                }
            }
            let rest = lines.join("\n");
            match &c.lead {
                Some(l) if rest.is_empty() => format!("<w:p>{}</w:p>", run(l, true)),
                Some(l) => format!(
                    "<w:p>{}{}</w:p>",
                    run(l, true),
                    run(&format!("\n{rest}"), false)
                ),
                None if rest.is_empty() => String::new(),
                None => p(&rest),
            }
        }
    }
}
