//! Hover: on a key, the template's number and heading, question or column heading and what belongs
//! there; on a goal reference, the goal's text from the strategy; on a finding, the rule's
//! documentation (as `aterrapport explain` prints it).

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::diagnostics::Frame;
use super::navigate::{goal_name, goals_at, strategy_goals};
use super::position::{Encoding, Lines};
use super::store::{Analysis, Document};
use super::{cursor, template_of, year_of};
use crate::i18n::Lang;
use crate::template::{SchemaNode, Template, split_pointer};

pub fn hover(doc: &Document, enc: Encoding, position: Position) -> Option<Hover> {
    let a = doc.analysis.as_ref()?;
    let lines = Lines::new(&doc.text, enc);
    let offset = lines.offset(position);
    let lang = a.setup.lang;
    let mut parts: Vec<String> = Vec::new();
    let mut range = None;

    let here = cursor::at(&doc.text, offset);
    let goals = goals_at(&doc.text, offset, a);
    if !goals.is_empty() {
        let (_, terms) = strategy_goals(a);
        for g in goals {
            parts.push(format!("**{}**: {}", goal_name(&g, &terms), g.text));
        }
    } else if let Some(key) = here
        .key
        .as_ref()
        .filter(|k| k.start <= offset && offset <= k.end)
        && !here.in_value
        && let Some(template) = template_of(a)
        && let Some(text) = describe_key(template, &here, year_of(a), lang)
    {
        parts.push(text);
        range = Some(lines.range(key.start, key.end));
    }

    // Findings of exactly this text under the cursor.
    if let Some(current) = doc.current() {
        parts.extend(findings_at(doc, current, enc, offset));
    }
    if parts.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range,
    })
}

/// What the template says about the key at the cursor.
fn describe_key(
    template: &Template,
    here: &cursor::Cursor,
    year: Option<i64>,
    lang: Lang,
) -> Option<String> {
    let pointer = here.key_pointer()?;
    let node = template.node(&pointer)?;
    let mut out: Vec<String> = Vec::new();
    if let Some(title) = node.title(year) {
        out.push(format!("**{title}**"));
    }
    if let Some(q) = node.question() {
        out.push(format!("{}: *{q}*", lang.pick("Fråga", "Question")));
    }
    let key = here.key.as_ref().map(|k| k.name.as_str()).unwrap_or("");
    if let Some((table, heading)) = column(template, &here.container(), key, year) {
        out.push(format!(
            "{}: **{heading}** ({table})",
            lang.pick("Kolumn", "Column")
        ));
    }
    if let Some(d) = node.description() {
        out.push(d.to_string());
    }
    out.extend(values_hint(node, lang));
    (!out.is_empty()).then(|| out.join("\n\n"))
}

/// For a key of a table row: the section of the table and the column's heading.
pub fn column(
    template: &Template,
    row: &str,
    key: &str,
    year: Option<i64>,
) -> Option<(String, String)> {
    let (table, index) = split_pointer(row);
    index.parse::<usize>().ok()?;
    let columns = template.node(table)?.columns()?;
    let heading = columns
        .into_iter()
        .find(|c| c.keys.iter().any(|k| k == key))?
        .heading;
    let mut p = table;
    let section = loop {
        if let Some(t) = template.node(p).and_then(|n| n.title(year)) {
            break t;
        }
        if p.is_empty() {
            break String::new();
        }
        p = split_pointer(p).0;
    };
    Some((section, heading))
}

fn values_hint(node: SchemaNode<'_>, lang: Lang) -> Option<String> {
    if node.is_yes_no() {
        return Some(lang.pick("Svara `Ja` eller `Nej`.", "Answer `Ja` or `Nej`."));
    }
    let values = node.enum_values();
    if values.is_empty() {
        return None;
    }
    let list: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    Some(format!(
        "{}: {}",
        lang.pick("Möjliga värden", "Allowed values"),
        list.join(", ")
    ))
}

/// The documentation of each rule with a finding under the cursor.
fn findings_at(doc: &Document, a: &Analysis, enc: Encoding, offset: usize) -> Vec<String> {
    let frame = Frame::new(&doc.uri, &a.text, &a.report, enc);
    let lines = Lines::new(&a.text, enc);
    let at = lines.position(offset);
    let mut codes = Vec::new();
    for d in &a.report.diagnostics {
        let r = frame.range_of(d);
        let inside = r.start <= at && (at <= r.end);
        if inside && !codes.contains(&d.code) {
            codes.push(d.code);
        }
    }
    codes
        .into_iter()
        .map(|c| crate::rules::explain_text(c, a.setup.lang))
        .collect()
}
