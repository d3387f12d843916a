//! `aterrapport render`: the report as a document that reads like the template. One model is built
//! from the template's schema (walked in its property order, reading `x-rubrik`, `x-nummer`,
//! `x-fraga`, `x-tabell`, `x-ja-nej`) and the document's values; three writers turn it into HTML,
//! Markdown or Word. No heading, question or column text lives in this code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::cli::RenderArgs;
use crate::diagnostic::Severity;
use crate::i18n::{Lang, plural};
use crate::report::FileReport;
use crate::setup::{Setup, fail};
use crate::template::{SchemaNode, Template};
use crate::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK};

pub mod docx;
pub mod html;
pub mod markdown;

pub use crate::cli::RenderFormat;

/// The report as a document: a title block, then blocks in the template's order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    /// The template's `title`.
    pub template_title: Option<String>,
    pub region: Option<String>,
    pub year: Option<i64>,
    pub strategy: Option<Strategy>,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Strategy {
    pub name: String,
    pub adopted: Option<String>,
    /// The first word of `malbegrepp` ("visionsmål"), used to label the list of goals.
    pub goal_term: Option<String>,
    /// (depth, id, text), parents before their `delmal`.
    pub goals: Vec<(usize, String, String)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A section heading: level 1 for a chapter (no `x-nummer`), else one more than the dots in
    /// its number ("1.2" → 2, "1.2.1" → 3). `text` is the full title, number included.
    Heading {
        level: usize,
        text: String,
    },
    Prose(Vec<Para>),
    /// A question of the template (`x-fraga`).
    Question(String),
    /// A Ja/Nej answer: every option of the template with whether it is chosen, then the answer's
    /// short additions (e.g. the name of the strategy) on the same line.
    Answer {
        options: Vec<(String, bool)>,
        extra: Vec<String>,
    },
    Table {
        headings: Vec<String>,
        rows: Vec<Vec<Cell>>,
    },
}

/// A paragraph of prose or a `- ` list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Para {
    Text(String),
    List(Vec<String>),
}

/// One table cell: an optional bold lead line (the insats's name above its description), then prose.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    pub lead: Option<String>,
    pub body: Vec<Para>,
}

impl Model {
    /// Builds the model of `value` (a parsed report) as `template` describes it.
    pub fn build(template: &Template, value: &Value) -> Model {
        let year = value.get("rapportar").and_then(Value::as_i64);
        let mut model = Model {
            template_title: template
                .schema
                .get("title")
                .and_then(Value::as_str)
                .map(String::from),
            region: value.get("region").and_then(scalar_text),
            year,
            strategy: value.get("strategi").and_then(strategy),
            blocks: Vec::new(),
        };
        if let Some(root) = template.node("") {
            // At the top level only sections, questions and tables belong to the document: the
            // plain values there (`region`, `rapportar`, `mall`) are in the title block.
            walk(root, value, year, false, &mut model.blocks);
        }
        model
    }

    /// Every heading in order (for tests and the table of contents).
    pub fn headings(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Heading { text, .. } => Some(text.as_str()),
            _ => None,
        })
    }
}

fn walk(
    node: SchemaNode<'_>,
    value: &Value,
    year: Option<i64>,
    in_section: bool,
    out: &mut Vec<Block>,
) {
    let Some(map) = value.as_object() else {
        return;
    };
    for key in node.property_names() {
        let (Some(child), Some(v)) = (node.child(key), map.get(key)) else {
            continue;
        };
        if child.is_section() {
            if !v.is_object() {
                continue;
            }
            if let Some(text) = child.title(year) {
                let level = child.number().map_or(1, |n| n.matches('.').count() + 1);
                out.push(Block::Heading { level, text });
            }
            walk(child, v, year, true, out);
        } else if let Some(question) = child.question() {
            out.push(Block::Question(question.to_string()));
            question_answer(child, v, out);
        } else if let Some(columns) = child.columns() {
            out.push(table(child, &columns, v));
        } else if in_section && let Some(text) = v.as_str() {
            let paras = paragraphs(text);
            if !paras.is_empty() {
                out.push(Block::Prose(paras));
            }
        }
    }
}

/// A question's answer: a free-text answer is prose; a mapping shows its Ja/Nej property as the
/// template's options with the chosen one ticked, the optional additions beside it, then the rest.
fn question_answer(node: SchemaNode<'_>, value: &Value, out: &mut Vec<Block>) {
    if let Some(text) = value.as_str() {
        out.push(Block::Prose(paragraphs(text)));
        return;
    }
    let Some(map) = value.as_object() else {
        return;
    };
    let required = node.required();
    let mut rest = Vec::new();
    let mut answer: Option<Vec<(String, bool)>> = None;
    let mut extra = Vec::new();
    for key in node.property_names() {
        let (Some(child), Some(v)) = (node.child(key), map.get(key)) else {
            continue;
        };
        if child.is_yes_no() {
            let given = scalar_text(v).unwrap_or_default();
            answer = Some(
                child
                    .enum_values()
                    .into_iter()
                    .map(|o| (o.to_string(), o == given.trim()))
                    .collect(),
            );
        } else if let Some(text) = scalar_text(v) {
            if required.contains(&key) {
                rest.push(text);
            } else if !text.trim().is_empty() {
                extra.push(text.trim().to_string());
            }
        }
    }
    match answer {
        Some(options) => out.push(Block::Answer { options, extra }),
        // No Ja/Nej property: the additions are ordinary paragraphs.
        None => {
            extra.append(&mut rest);
            rest = extra;
        }
    }
    for text in rest {
        let paras = paragraphs(&text);
        if !paras.is_empty() {
            out.push(Block::Prose(paras));
        }
    }
}

fn table(node: SchemaNode<'_>, columns: &[crate::template::Column], value: &Value) -> Block {
    let headings = columns.iter().map(|c| c.heading.clone()).collect();
    let mut rows = Vec::new();
    for (i, row) in value.as_array().into_iter().flatten().enumerate() {
        let row_node = node.child(&i.to_string());
        rows.push(
            columns
                .iter()
                .map(|c| cell(row_node, &c.keys, row))
                .collect(),
        );
    }
    Block::Table { headings, rows }
}

/// A column's keys after the first: one whose schema is a closed list of words (an `enum`, e.g.
/// `typ`) is a kind, written "namn (typ)"; any other is a description below a bold name.
fn cell(row_node: Option<SchemaNode<'_>>, keys: &[String], row: &Value) -> Cell {
    let text_of = |k: &str| row.get(k).and_then(scalar_text).unwrap_or_default();
    let is_kind = |k: &str| {
        row_node
            .and_then(|n| n.child(k))
            .is_some_and(|n| !n.enum_values().is_empty() && !n.is_yes_no())
    };
    let Some((first, others)) = keys.split_first() else {
        return Cell::default();
    };
    let mut head = text_of(first).trim().to_string();
    let mut body = Vec::new();
    let mut described = false;
    for k in others {
        if is_kind(k) {
            let kind = text_of(k);
            if !kind.trim().is_empty() {
                head = format!("{head} ({})", kind.trim());
            }
        } else {
            described = true;
            body.extend(paragraphs(&text_of(k)));
        }
    }
    if described {
        Cell {
            lead: (!head.is_empty()).then_some(head),
            body,
        }
    } else {
        let mut paras = paragraphs(&head);
        paras.extend(body);
        Cell {
            lead: None,
            body: paras,
        }
    }
}

/// A scalar as text; lists of scalars joined by ", " (e.g. a `mal: ["1", "2"]`).
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(scalar_text)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        _ => None,
    }
}

fn strategy(v: &Value) -> Option<Strategy> {
    let name = v.get("namn").and_then(scalar_text)?;
    let goal_term = match v.get("malbegrepp") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Array(a)) => a.first().and_then(scalar_text),
        _ => None,
    };
    let mut goals = Vec::new();
    collect_goals(v.get("mal"), 0, &mut goals);
    Some(Strategy {
        name,
        adopted: v.get("faststalld").and_then(scalar_text),
        goal_term,
        goals,
    })
}

fn collect_goals(list: Option<&Value>, depth: usize, out: &mut Vec<(usize, String, String)>) {
    // Depth is bounded by the loader's nesting limit; two levels are all a strategy has.
    for goal in list.and_then(Value::as_array).into_iter().flatten() {
        let id = goal.get("id").and_then(scalar_text).unwrap_or_default();
        let text = goal.get("text").and_then(scalar_text).unwrap_or_default();
        out.push((depth, id, text));
        collect_goals(goal.get("delmal"), depth + 1, out);
    }
}

/// Prose as paragraphs and lists: blank lines separate paragraphs, lines starting with `- ` (or a
/// bullet `•`) are list items, indented lines continue an item, other lines are joined by spaces.
pub fn paragraphs(text: &str) -> Vec<Para> {
    let mut out = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    let flush_text = |words: &mut Vec<&str>, out: &mut Vec<Para>| {
        if !words.is_empty() {
            out.push(Para::Text(words.join(" ")));
            words.clear();
        }
    };
    let flush_list = |items: &mut Vec<String>, out: &mut Vec<Para>| {
        if !items.is_empty() {
            out.push(Para::List(std::mem::take(items)));
        }
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush_text(&mut words, &mut out);
            flush_list(&mut items, &mut out);
            continue;
        }
        let item = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("• "))
            .or_else(|| (trimmed == "-").then_some(""));
        if let Some(item) = item {
            flush_text(&mut words, &mut out);
            items.push(item.trim().to_string());
        } else if let (Some(last), true) = (items.last_mut(), line.starts_with(char::is_whitespace))
        {
            last.push(' ');
            last.push_str(trimmed);
        } else {
            flush_list(&mut items, &mut out);
            words.push(trimmed);
        }
    }
    flush_text(&mut words, &mut out);
    flush_list(&mut items, &mut out);
    out
}

/// A heading for the title block's strategy line and the document's `<title>`.
pub fn document_title(model: &Model) -> String {
    let mut parts = Vec::new();
    if let Some(r) = &model.region {
        parts.push(r.clone());
    }
    if let Some(t) = &model.template_title {
        parts.push(t.clone());
    }
    if let Some(y) = model.year {
        parts.push(y.to_string());
    }
    parts.join(" – ")
}

/// Runs `aterrapport render`; returns the exit code.
pub fn run(args: &RenderArgs) -> i32 {
    let paths = [args.file.clone()];
    let setup = match Setup::new(&args.setup, &paths) {
        Ok(s) => s,
        Err(e) => return e.exit(),
    };
    let lang = setup.lang;
    // A missing report is a usage error (exit 2), as for every command.
    let candidate = match setup.candidates(&paths) {
        Ok(c) => c.into_iter().next(),
        Err(e) => return e.exit(),
    };
    let target = match output_target(args, lang) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let Some(report) = candidate.and_then(|c| setup.check(&c)) else {
        return EXIT_FAILURE;
    };
    let templates = &setup.templates;
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let model = report
        .document
        .as_ref()
        .and_then(|d| d.value.as_ref())
        .zip(
            report
                .template
                .as_deref()
                .and_then(|id| templates.forced().or_else(|| templates.get(id))),
        )
        .map(|(value, template)| Model::build(template, value));
    let has_value = report
        .document
        .as_ref()
        .is_some_and(|d| d.value.as_ref().is_some_and(Value::is_object));
    if errors > 0 {
        show_findings(&report, lang, args.no_color);
        let Some(_) = model.as_ref().filter(|_| args.force) else {
            eprintln!(
                "aterrapport: {}",
                if model.is_none() && report.template.is_none() && has_value {
                    lang.pick(
                        "ingen mall beskriver filen, så inget dokument skrevs",
                        "no template describes the file, so no document was written",
                    )
                } else if model.is_none() {
                    lang.pick(
                        "rapporten kan inte läsas som en rapport, så inget dokument skrevs",
                        "the file cannot be read as a report, so no document was written",
                    )
                } else {
                    lang.pick(
                        &format!("{errors} fel: inget dokument skrevs (rätta felen, eller använd --force för att skriva det ändå)"),
                        &format!("{}: no document was written (fix them, or use --force to write it anyway)", plural(errors, "error", "errors")),
                    )
                }
            );
            return EXIT_FINDINGS;
        };
        eprintln!(
            "aterrapport: {}",
            lang.pick(
                &format!("varning: rapporten har {errors} fel; dokumentet skrivs ändå (--force)"),
                &format!(
                    "warning: the report has {}; the document is written anyway (--force)",
                    plural(errors, "error", "errors")
                ),
            )
        );
    }
    let Some(model) = model else {
        show_findings(&report, lang, args.no_color);
        return fail(
            lang,
            "ingen mall beskriver filen, så inget dokument skrevs",
            "no template describes the file, so no document was written",
        );
    };
    let bytes = match args.format {
        RenderFormat::Html => html::render(&model).into_bytes(),
        RenderFormat::Markdown => markdown::render(&model).into_bytes(),
        RenderFormat::Docx => match docx::render(&model) {
            Ok(b) => b,
            Err(e) => {
                return fail(
                    lang,
                    &format!("Word-dokumentet kunde inte skapas: {e}"),
                    &format!("the Word document could not be built: {e}"),
                );
            }
        },
    };
    match target {
        Target::Stdout => {
            let mut out = std::io::stdout().lock();
            match out.write_all(&bytes).and_then(|()| out.flush()) {
                Ok(()) => EXIT_OK,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
                Err(e) => fail(
                    lang,
                    &format!("kan inte skriva utdata: {e}"),
                    &format!("cannot write output: {e}"),
                ),
            }
        }
        Target::File(path) => match std::fs::write(&path, &bytes) {
            Ok(()) => {
                eprintln!(
                    "{}",
                    lang.pick(
                        &format!("Skrev {} ({} byte)", path.display(), bytes.len()),
                        &format!(
                            "Wrote {} ({})",
                            path.display(),
                            plural(bytes.len(), "byte", "bytes")
                        ),
                    )
                );
                EXIT_OK
            }
            Err(e) => fail(
                lang,
                &format!("kan inte skriva {}: {e}", path.display()),
                &format!("cannot write {}: {e}", path.display()),
            ),
        },
    }
}

enum Target {
    Stdout,
    File(PathBuf),
}

/// Where the document goes: `-o -` or no `-o` means standard output for HTML and Markdown; a Word
/// document without `-o` goes next to the report with the extension `.docx`, and is never written
/// to a terminal.
fn output_target(args: &RenderArgs, lang: Lang) -> Result<Target, i32> {
    let target = match &args.output {
        Some(p) if p == Path::new("-") => Target::Stdout,
        Some(p) => Target::File(p.clone()),
        None if args.format == RenderFormat::Docx => Target::File(args.file.with_extension("docx")),
        None => Target::Stdout,
    };
    match &target {
        Target::Stdout if args.format == RenderFormat::Docx && std::io::stdout().is_terminal() => {
            Err(fail(
                lang,
                "ett Word-dokument skrivs inte till terminalen: ange en fil med -o",
                "a Word document is not written to a terminal: give a file with -o",
            ))
        }
        Target::File(p) if p.is_dir() => Err(fail(
            lang,
            &format!("{} är en katalog: ange en fil med -o", p.display()),
            &format!("{} is a directory: give a file with -o", p.display()),
        )),
        Target::File(p) if p == &args.file => Err(fail(
            lang,
            &format!(
                "{} är rapporten själv: välj en annan fil med -o",
                p.display()
            ),
            &format!(
                "{} is the report itself: choose another file with -o",
                p.display()
            ),
        )),
        _ => Ok(target),
    }
}

fn show_findings(report: &FileReport, lang: Lang, no_color: bool) {
    let stderr = std::io::stderr();
    let color = !no_color && std::env::var_os("NO_COLOR").is_none() && stderr.is_terminal();
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    let mut emitter = crate::output::emitter(
        crate::output::Format::Human,
        crate::output::Settings { lang, color, width },
    );
    let mut err = stderr.lock();
    let _ = emitter.emit(std::slice::from_ref(report), &mut err);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_keeps_paragraphs_and_lists() {
        let text = "Första raden\nfortsätter här.\n\nInledning:\n- ett\n- två\n  fortsatt\nEfter listan.\n";
        assert_eq!(
            paragraphs(text),
            vec![
                Para::Text("Första raden fortsätter här.".into()),
                Para::Text("Inledning:".into()),
                Para::List(vec!["ett".into(), "två fortsatt".into()]),
                Para::Text("Efter listan.".into()),
            ]
        );
        assert!(paragraphs("  \n\n").is_empty());
    }
}
