//! The reviewer's commands, `summary` and `export`: they find and check reports exactly as
//! `check` does (walk, parallel lint, path order) and then read the checked documents through the
//! template's annotations — the tables (`x-tabell`, `x-nummer`, `x-rubrik`), the Ja/Nej questions
//! (`x-ja-nej`) and the goal references (`x-malreferens`, read by `rules::goals`).

pub mod export;
pub mod summary;

use std::io::Write;

use serde_json::Value;

use crate::cli::ReviewerArgs;
use crate::diagnostic::Severity;
use crate::i18n::Lang;
use crate::report::FileReport;
use crate::rules::Context;
use crate::rules::goals::{self, Goal, Matcher};
use crate::setup::{Setup, fail};
use crate::template::{Column, SchemaNode, Template, Templates};

/// The checked reports of one run, in path order, the templates they were read with and the
/// run's language.
pub struct Loaded {
    pub templates: Templates,
    pub reports: Vec<FileReport>,
    pub lang: Lang,
}

/// Finds and checks the reports as `check` does, with the same setup (`aterrapport.toml`
/// included, so a rule turned off there is not counted here either); a usage error is printed and
/// becomes `Err(2)`.
pub fn load(args: &ReviewerArgs) -> Result<Loaded, i32> {
    let setup = Setup::new(&args.setup, &args.paths).map_err(|e| e.exit())?;
    let candidates = setup.candidates(&args.paths).map_err(|e| e.exit())?;
    let reports = setup.check_all(&candidates);
    setup.finish().map_err(|e| e.exit())?;
    Ok(Loaded {
        lang: setup.lang,
        templates: setup.templates,
        reports,
    })
}

/// Writes the finished output to `--output` or standard output. A closed pipe (`| head`) is not a
/// failure; any other write error is (exit 2).
pub(crate) fn write_output(args: &ReviewerArgs, lang: Lang, bytes: &[u8]) -> Result<(), i32> {
    let result = match &args.output {
        Some(path) => std::fs::write(path, bytes).map_err(|e| (e, Some(path))),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .and_then(|()| out.flush())
                .map_err(|e| (e, None))
        }
    };
    match result {
        Ok(()) => Ok(()),
        Err((e, None)) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err((e, path)) => {
            let to = path.map(|p| p.display().to_string()).unwrap_or_default();
            Err(fail(
                lang,
                &format!("kan inte skriva utdata {to}: {e}"),
                &format!("cannot write the output {to}: {e}"),
            ))
        }
    }
}

/// The template a report was checked against, if one could be chosen.
pub fn template_of<'t>(report: &FileReport, templates: &'t Templates) -> Option<&'t Template> {
    let id = report.template.as_deref()?;
    templates.forced().or_else(|| templates.get(id))
}

/// The report's document, when it was parsed into a mapping and a template was chosen.
pub fn readable<'r, 't>(
    report: &'r FileReport,
    templates: &'t Templates,
) -> Option<(&'r Value, &'t Template)> {
    let value = report.document.as_ref()?.value.as_ref()?;
    let template = template_of(report, templates)?;
    value.is_object().then_some((value, template))
}

pub fn count(report: &FileReport, severity: Severity) -> usize {
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

/// One table of a template: where it is, the section it belongs to, its kind and columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// JSON pointer of the array, e.g. `/aterrapportering_1/innovation_och_foretagande/innovation/insatser`.
    pub pointer: String,
    /// The section's `x-nummer` ("1.2.1"); empty for a table directly under a chapter.
    pub number: String,
    /// The section's `x-rubrik`, `{rapportar}` replaced.
    pub heading: String,
    /// `x-tabell.typ` ("A"), empty if the template does not name it.
    pub kind: String,
    /// `x-tabell.insatser`: do its rows count as insatser?
    pub insatser: bool,
    pub columns: Vec<Column>,
    /// The row keys whose text carries goal references (`x-malreferens`).
    pub goal_keys: Vec<String>,
}

/// Every table of the template, in the template's order.
pub fn tables(template: &Template, year: Option<i64>) -> Vec<Table> {
    let mut out = Vec::new();
    if let Some(root) = template.node("") {
        find_tables(root, "", None, year, 0, &mut out);
    }
    out
}

fn find_tables(
    node: SchemaNode<'_>,
    pointer: &str,
    section: Option<(String, String)>,
    year: Option<i64>,
    depth: usize,
    out: &mut Vec<Table>,
) {
    // Templates nest sections four levels deep; the limit only guards a hostile `--schema`.
    if depth > 16 {
        return;
    }
    for key in node.property_names() {
        let Some(child) = node.child(key) else {
            continue;
        };
        let here = crate::document::child_pointer(pointer, key);
        if let Some(columns) = child.columns() {
            let (number, heading) = section.clone().unwrap_or_default();
            let row = child.child("0");
            let goal_keys = columns
                .iter()
                .flat_map(|c| &c.keys)
                .filter(|k| {
                    row.and_then(|r| r.child(k))
                        .is_some_and(|n| n.is_goal_reference())
                })
                .cloned()
                .collect();
            out.push(Table {
                pointer: here,
                number,
                heading,
                kind: child.table_kind().unwrap_or_default().to_string(),
                insatser: child.holds_insatser(),
                columns,
                goal_keys,
            });
        } else if child.is_section() {
            let heading = child.heading_for(year).unwrap_or_default();
            let number = child.number().unwrap_or_default().to_string();
            find_tables(child, &here, Some((number, heading)), year, depth + 1, out);
        }
    }
}

/// A Ja/Nej question of the template (`x-ja-nej` outside tables).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// The question's key, e.g. `faststalld_strategi`.
    pub key: String,
    /// Pointer of the Ja/Nej value, e.g. `/aterrapportering_2/faststalld_strategi/svar`.
    pub pointer: String,
    /// `x-fraga`, verbatim.
    pub question: String,
}

pub fn questions(template: &Template) -> Vec<Question> {
    let mut out = Vec::new();
    if let Some(root) = template.node("") {
        find_questions(root, "", None, 0, &mut out);
    }
    out
}

fn find_questions(
    node: SchemaNode<'_>,
    pointer: &str,
    parent: Option<(&str, Option<&str>)>,
    depth: usize,
    out: &mut Vec<Question>,
) {
    if depth > 16 {
        return;
    }
    for key in node.property_names() {
        let Some(child) = node.child(key) else {
            continue;
        };
        let here = crate::document::child_pointer(pointer, key);
        if child.is_yes_no() {
            // `svar` carries the answer; the question (and its key) is the mapping around it,
            // unless the Ja/Nej value is itself the question.
            let (key, question) = match (child.question(), parent) {
                (Some(q), _) => (key, Some(q)),
                (None, Some((k, q))) => (k, q),
                (None, None) => (key, None),
            };
            out.push(Question {
                key: key.to_string(),
                pointer: here,
                question: question.unwrap_or_default().to_string(),
            });
        } else if child.columns().is_none() {
            // Tables are not followed: a Ja/Nej column (5.1) is a cell, not a question.
            find_questions(child, &here, Some((key, child.question())), depth + 1, out);
        }
    }
}

/// The strategy's goals and the matcher for its terms, read as the goal rules read them.
pub struct GoalReader {
    pub goals: Vec<Goal>,
    matcher: Option<Matcher>,
}

impl GoalReader {
    pub fn new(report: &FileReport, value: &Value, template: &Template) -> Option<GoalReader> {
        let doc = report.document.as_ref()?;
        let cx = Context {
            source: &report.source,
            strategy: report.strategy.as_ref(),
            doc,
            value,
            template,
            lang: Lang::Sv,
            year: value.get("rapportar").and_then(Value::as_i64),
            current_year: 0,
        };
        let goals = goals::goals(&cx);
        let matcher = Matcher::new(&goals::terms(value));
        Some(GoalReader { goals, matcher })
    }

    pub(crate) fn cell(&self, text: &str) -> goals::CellGoals {
        match &self.matcher {
            Some(m) => goals::cell_goals(text, m, &self.goals),
            None => goals::CellGoals {
                ids: Vec::new(),
                covered: Default::default(),
            },
        }
    }

    pub fn text_of(&self, id: &str) -> Option<&str> {
        self.goals
            .iter()
            .find(|g| g.id == id)
            .map(|g| g.text.as_str())
    }
}

/// A cell's value as text: strings as written (without the final line break of a block scalar),
/// numbers and booleans as JSON writes them, nothing for null or a missing cell.
pub fn cell_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.trim_end_matches(['\n', '\r']).to_string(),
        Some(other) => other.to_string(),
    }
}

/// Opens a CSV writer that follows RFC 4180 (CRLF between records, quotes where needed), after
/// the UTF-8 byte order mark unless `--no-bom`: Excel on Windows reads a CSV without it as
/// Windows-1252 and garbles å, ä, ö.
pub(crate) fn csv_writer(no_bom: bool) -> csv::Writer<Vec<u8>> {
    let mut buffer = Vec::new();
    if !no_bom {
        buffer.extend_from_slice("\u{feff}".as_bytes());
    }
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(buffer)
}

pub(crate) fn finish_csv(writer: csv::Writer<Vec<u8>>) -> Vec<u8> {
    // Writing to a Vec cannot fail; an error here would leave the output empty, not wrong.
    writer.into_inner().unwrap_or_default()
}
