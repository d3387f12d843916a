//! The model as one self-contained HTML file: inline CSS only (no script, no external resource),
//! readable on screen, and with print CSS (A4 pages, a page break before each chapter, table heads
//! repeated on every page) so that the browser's "print to PDF" gives a document to hand in.
//! Every text from the report is escaped.

use std::fmt::Write;

use super::{Block, Cell, Model, Para, document_title};

const CSS: &str = r#"
:root { color-scheme: light; }
body { font-family: Calibri, Carlito, "Segoe UI", Arial, "Liberation Sans", sans-serif; font-size: 11pt;
  line-height: 1.4; color: #111; background: #fff; max-width: 60em; margin: 2em auto; padding: 0 1.5em; }
.titelblock { border-bottom: 2px solid #1f3864; padding-bottom: 1em; margin-bottom: 2em; }
.titelblock .mall { font-size: 11pt; color: #444; margin: 0; }
.titelblock .region { font-size: 24pt; font-weight: bold; color: #1f3864; margin: .2em 0 .5em; }
.titelblock dl { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; margin: 0; }
.titelblock dt { font-weight: bold; }
.titelblock dd { margin: 0; }
.titelblock ul { margin: 0; padding: 0; list-style: none; }
.titelblock li.delmal { margin-left: 2em; }
h1 { font-size: 16pt; color: #1f3864; margin: 1.6em 0 .6em; }
h2 { font-size: 13pt; color: #1f3864; margin: 1.4em 0 .5em; }
h3 { font-size: 11.5pt; color: #1f3864; margin: 1.2em 0 .4em; }
p { margin: 0 0 .7em; }
ul { margin: 0 0 .7em; padding-left: 1.6em; }
.fraga { font-weight: bold; margin-top: 1.2em; }
.svar { margin-bottom: .5em; }
.svar .ruta { font-size: 13pt; margin: 0 .8em 0 .2em; }
table { border-collapse: collapse; width: 100%; margin: .8em 0 1.4em; font-size: 9.5pt; table-layout: fixed; }
th, td { border: 1px solid #777; padding: .35em .45em; vertical-align: top; text-align: left;
  overflow-wrap: break-word; }
th { background: #d9e2f3; font-weight: bold; }
td p:last-child, td ul:last-child { margin-bottom: 0; }
td .namn { font-weight: bold; white-space: pre-line; }
@page { size: A4; margin: 2cm 1.8cm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  h1 { break-before: page; }
  .titelblock + h1 { break-before: auto; }
  h1, h2, h3, .fraga { break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  .titelblock { border-bottom: none; }
}
"#;

/// The whole HTML document.
pub fn render(model: &Model) -> String {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // No resource may load from anywhere: this also stops any injected reference.
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&document_title(model)));
    let _ = writeln!(out, "<style>{CSS}</style>\n</head>\n<body>");
    title_block(model, &mut out);
    for block in &model.blocks {
        match block {
            Block::Heading { level, text } => {
                let h = (*level).clamp(1, 6);
                let _ = writeln!(out, "<h{h}>{}</h{h}>", escape(text));
            }
            Block::Prose(paras) => prose(paras, &mut out),
            Block::Question(q) => {
                let _ = writeln!(out, "<p class=\"fraga\">{}</p>", escape(q));
            }
            Block::Answer { options, extra } => {
                out.push_str("<p class=\"svar\">");
                for (option, chosen) in options {
                    let _ = write!(
                        out,
                        "{} <span class=\"ruta\">{}</span>",
                        escape(option),
                        if *chosen { '☒' } else { '☐' }
                    );
                }
                for e in extra {
                    let _ = write!(out, " {}", escape(e));
                }
                out.push_str("</p>\n");
            }
            Block::Table { headings, rows } => table(headings, rows, &mut out),
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn title_block(model: &Model, out: &mut String) {
    out.push_str("<header class=\"titelblock\">\n");
    if let Some(t) = &model.template_title {
        let _ = writeln!(out, "<p class=\"mall\">{}</p>", escape(t));
    }
    if let Some(r) = &model.region {
        let _ = writeln!(out, "<p class=\"region\">{}</p>", escape(r));
    }
    out.push_str("<dl>\n");
    if let Some(y) = model.year {
        let _ = writeln!(out, "<dt>Rapportår</dt><dd>{y}</dd>");
    }
    if let Some(s) = &model.strategy {
        let _ = write!(
            out,
            "<dt>Regional utvecklingsstrategi</dt><dd>{}",
            escape(&s.name)
        );
        if let Some(d) = &s.adopted {
            let _ = write!(out, " (fastställd {})", escape(d));
        }
        out.push_str("</dd>\n");
        if !s.goals.is_empty() {
            let term = s
                .goal_term
                .as_deref()
                .map_or_else(|| "Mål".to_string(), capitalise);
            let _ = write!(out, "<dt>{}</dt><dd><ul>", escape(&term));
            for (depth, id, text) in &s.goals {
                let class = if *depth > 0 { " class=\"delmal\"" } else { "" };
                let _ = write!(out, "<li{class}>{} {}</li>", escape(id), escape(text));
            }
            out.push_str("</ul></dd>\n");
        }
    }
    out.push_str("</dl>\n</header>\n");
}

fn prose(paras: &[Para], out: &mut String) {
    for p in paras {
        match p {
            Para::Text(t) => {
                let _ = writeln!(out, "<p>{}</p>", escape(t));
            }
            Para::List(items) => {
                out.push_str("<ul>");
                for i in items {
                    let _ = write!(out, "<li>{}</li>", escape(i));
                }
                out.push_str("</ul>\n");
            }
        }
    }
}

fn table(headings: &[String], rows: &[Vec<Cell>], out: &mut String) {
    out.push_str("<table>\n<thead><tr>");
    for h in headings {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            out.push_str("<td>");
            if let Some(lead) = &cell.lead {
                let _ = write!(out, "<p class=\"namn\">{}</p>", escape(lead));
            }
            prose(&cell.body, out);
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

pub(crate) fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }
}
