//! The model as GitHub-flavoured Markdown: headings by level, prose paragraphs and `- ` lists, the
//! template's tables as pipe tables (in cells `|` is written `\|` and line breaks `<br>`). Text from
//! the report is escaped so that it cannot turn into markup (`<`, `*`, `[` …).

use std::fmt::Write;

use super::{Block, Cell, Model, Para};

pub fn render(model: &Model) -> String {
    let mut out = String::with_capacity(64 * 1024);
    title_block(model, &mut out);
    for block in &model.blocks {
        match block {
            Block::Heading { level, text } => {
                let _ = writeln!(
                    out,
                    "{} {}\n",
                    "#".repeat((*level).clamp(1, 6)),
                    escape(text)
                );
            }
            Block::Prose(paras) => {
                for p in paras {
                    match p {
                        Para::Text(t) => {
                            let _ = writeln!(out, "{}\n", inline(t));
                        }
                        Para::List(items) => {
                            for i in items {
                                let _ = writeln!(out, "- {}", inline(i));
                            }
                            out.push('\n');
                        }
                    }
                }
            }
            Block::Question(q) => {
                let _ = writeln!(out, "**{}**\n", inline(q));
            }
            Block::Answer { options, extra } => {
                let mut line = options
                    .iter()
                    .map(|(o, chosen)| format!("{} {}", inline(o), if *chosen { '☒' } else { '☐' }))
                    .collect::<Vec<_>>()
                    .join(" ");
                for e in extra {
                    line.push(' ');
                    line.push_str(&inline(e));
                }
                let _ = writeln!(out, "{line}\n");
            }
            Block::Table { headings, rows } => {
                let head: Vec<String> = headings.iter().map(|h| cell_text(h)).collect();
                let _ = writeln!(out, "| {} |", head.join(" | "));
                let _ = writeln!(out, "|{}", "---|".repeat(headings.len().max(1)));
                for row in rows {
                    let cells: Vec<String> = row.iter().map(cell).collect();
                    let _ = writeln!(out, "| {} |", cells.join(" | "));
                }
                out.push('\n');
            }
        }
    }
    out
}

fn title_block(model: &Model, out: &mut String) {
    if let Some(t) = &model.template_title {
        let _ = writeln!(out, "{}\n", inline(t));
    }
    if let Some(r) = &model.region {
        let _ = writeln!(out, "**{}**\n", inline(r));
    }
    if let Some(y) = model.year {
        let _ = writeln!(out, "- Rapportår: {y}");
    }
    if let Some(s) = &model.strategy {
        let mut line = format!("- Regional utvecklingsstrategi: {}", inline(&s.name));
        if let Some(d) = &s.adopted {
            let _ = write!(line, " (fastställd {})", inline(d));
        }
        let _ = writeln!(out, "{line}");
        if !s.goals.is_empty() {
            let term = s
                .goal_term
                .as_deref()
                .map_or_else(|| "Mål".to_string(), super::html::capitalise);
            let _ = writeln!(out, "- {}:", inline(&term));
            for (depth, id, text) in &s.goals {
                let _ = writeln!(
                    out,
                    "{}- {} {}",
                    "  ".repeat(depth + 1),
                    inline(id),
                    inline(text)
                );
            }
        }
    }
    out.push('\n');
}

fn cell(c: &Cell) -> String {
    let mut parts = Vec::new();
    if let Some(lead) = &c.lead {
        parts.push(format!("**{}**", cell_text(lead)));
    }
    for p in &c.body {
        match p {
            Para::Text(t) => parts.push(cell_text(t)),
            Para::List(items) => parts.push(
                items
                    .iter()
                    .map(|i| format!("• {}", cell_text(i)))
                    .collect::<Vec<_>>()
                    .join("<br>"),
            ),
        }
    }
    parts.join("<br><br>")
}

/// Text in a table cell: escaped, `|` as `\|`, line breaks as `<br>`.
fn cell_text(text: &str) -> String {
    let escaped = escape(text);
    let mut out = String::with_capacity(escaped.len());
    let mut lines = escaped.lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(line.trim_end_matches('\r'));
        if lines.peek().is_some() {
            out.push_str("<br>");
        }
    }
    out
}

/// Text outside tables: escaped, and a leading character that would start a block (`#`, `>`,
/// `-`, `+`, `1.`) made literal.
fn inline(text: &str) -> String {
    let escaped = escape(text).replace('\n', " ");
    // An ordered-list marker is 1–9 digits, `.` or `)`, then a space or the end.
    let digits = escaped.chars().take_while(char::is_ascii_digit).count();
    let ordered = (1..=9).contains(&digits)
        && escaped[digits..].starts_with(['.', ')'])
        && escaped[digits + 1..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace);
    let starts_block = ordered || escaped.starts_with(['#', '>', '-', '+', '=']);
    if starts_block {
        format!("\\{escaped}")
    } else {
        escaped
    }
}

/// Backslash-escapes Markdown's punctuation and writes `<`, `>`, `&` as entities, so that nothing
/// in the report becomes a link, emphasis, HTML or a table border.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_pipes_newlines_and_markup() {
        assert_eq!(
            cell_text("a | b\n<script>x</script>"),
            "a \\| b<br>&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(inline("1. inte en lista"), "\\1. inte en lista");
        assert_eq!(inline("# ingen rubrik"), "\\# ingen rubrik");
    }
}
