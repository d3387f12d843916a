//! `aterrapport export`: every insats of every report as one flat data set — one record per table
//! row, with the report's region and year, the section's number and heading, the table's kind,
//! the template's columns, and the goals the row references (ids and the strategy's texts) — as
//! CSV (RFC 4180, for spreadsheets) or JSON Lines. Reports that cannot be read are skipped with a
//! note on standard error, and the run then exits 1.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::{GoalReader, Loaded, Table, cell_text, readable, tables};
use crate::cli::{ExportArgs, ExportFormat};
use crate::i18n::plural;
use crate::report::FileReport;
use crate::template::Templates;
use crate::{EXIT_FINDINGS, EXIT_OK};

/// The columns every record has, before the template's own.
pub const FIXED: &[&str] = &[
    "path", "region", "year", "section", "heading", "table", "row",
];
/// Inserted after the (first) goal-reference column.
pub const GOAL_IDS: &str = "goal_ids";
pub const GOAL_TEXTS: &str = "goal_texts";

/// One table row of one report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub path: String,
    pub region: String,
    pub year: Option<i64>,
    pub section: String,
    pub heading: String,
    pub table: String,
    /// 1-based, as the row is numbered in messages.
    pub row: usize,
    /// The template's cells of this row's table, by key.
    pub cells: HashMap<String, String>,
    pub goal_ids: Vec<String>,
    pub goal_texts: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Export {
    /// Template keys and `goal_ids`/`goal_texts`, in the templates' order (the union over them).
    pub columns: Vec<String>,
    pub records: Vec<Record>,
    /// Reports that could not be read: (path, number of errors).
    pub skipped: Vec<(String, usize)>,
}

pub fn build(reports: &[FileReport], templates: &Templates, all_tables: bool) -> Export {
    let mut export = Export::default();
    for report in reports {
        let Some((value, template)) = readable(report, templates) else {
            export.skipped.push((
                report.source.display.clone(),
                super::count(report, crate::diagnostic::Severity::Error),
            ));
            continue;
        };
        let year = value.get("rapportar").and_then(Value::as_i64);
        let region = cell_text(value.get("region"));
        let reader = GoalReader::new(report, value, template);
        for table in tables(template, year)
            .into_iter()
            .filter(|t| all_tables || t.insatser)
        {
            add_columns(&mut export.columns, &table);
            let Some(Value::Array(rows)) = crate::document::lookup(value, &table.pointer) else {
                continue;
            };
            for (i, row) in rows.iter().enumerate() {
                let mut cells = HashMap::new();
                for key in table.columns.iter().flat_map(|c| &c.keys) {
                    cells.insert(key.clone(), cell_text(row.get(key)));
                }
                let mut goal_ids: Vec<String> = Vec::new();
                if let Some(reader) = &reader {
                    for key in &table.goal_keys {
                        if let Some(Value::String(text)) = row.get(key) {
                            for id in reader.cell(text).ids {
                                if !goal_ids.contains(&id) {
                                    goal_ids.push(id);
                                }
                            }
                        }
                    }
                }
                let goal_texts = goal_ids
                    .iter()
                    .filter_map(|id| reader.as_ref().and_then(|r| r.text_of(id)))
                    .map(String::from)
                    .collect();
                export.records.push(Record {
                    path: report.source.display.clone(),
                    region: region.clone(),
                    year,
                    section: table.number.clone(),
                    heading: table.heading.clone(),
                    table: table.kind.clone(),
                    row: i + 1,
                    cells,
                    goal_ids,
                    goal_texts,
                });
            }
        }
    }
    export
}

fn add_columns(columns: &mut Vec<String>, table: &Table) {
    for key in table.columns.iter().flat_map(|c| &c.keys) {
        if !columns.contains(key) {
            columns.push(key.clone());
        }
        if table.goal_keys.contains(key) && !columns.iter().any(|c| c == GOAL_IDS) {
            columns.push(GOAL_IDS.into());
            columns.push(GOAL_TEXTS.into());
        }
    }
}

impl Record {
    fn fixed(&self) -> [String; 7] {
        [
            self.path.clone(),
            self.region.clone(),
            self.year.map(|y| y.to_string()).unwrap_or_default(),
            self.section.clone(),
            self.heading.clone(),
            self.table.clone(),
            self.row.to_string(),
        ]
    }
}

/// CSV: a header of the fixed columns and the template's keys, then one record per row; goal ids
/// and texts are joined with "; ".
pub fn csv(export: &Export, no_bom: bool) -> Vec<u8> {
    let mut w = super::csv_writer(no_bom);
    let mut head: Vec<String> = FIXED.iter().map(|s| s.to_string()).collect();
    head.extend(export.columns.iter().cloned());
    let mut result = w.write_record(&head);
    for r in &export.records {
        let mut cells: Vec<String> = r.fixed().to_vec();
        for c in &export.columns {
            cells.push(match c.as_str() {
                GOAL_IDS => r.goal_ids.join("; "),
                GOAL_TEXTS => r.goal_texts.join("; "),
                key => r.cells.get(key).cloned().unwrap_or_default(),
            });
        }
        result = result.and_then(|()| w.write_record(&cells));
    }
    if result.is_err() {
        return Vec::new();
    }
    super::finish_csv(w)
}

/// JSON Lines: the same keys; `year` and `row` are numbers, goal ids and texts are arrays, and a
/// column the row's table does not have is null.
pub fn jsonl(export: &Export) -> Vec<u8> {
    let mut out = String::new();
    for r in &export.records {
        let mut obj = Map::new();
        obj.insert("path".into(), json!(r.path));
        obj.insert("region".into(), json!(r.region));
        obj.insert("year".into(), json!(r.year));
        obj.insert("section".into(), json!(r.section));
        obj.insert("heading".into(), json!(r.heading));
        obj.insert("table".into(), json!(r.table));
        obj.insert("row".into(), json!(r.row));
        for c in &export.columns {
            let v = match c.as_str() {
                GOAL_IDS => json!(r.goal_ids),
                GOAL_TEXTS => json!(r.goal_texts),
                key => json!(r.cells.get(key)),
            };
            obj.insert(c.clone(), v);
        }
        out.push_str(&Value::Object(obj).to_string());
        out.push('\n');
    }
    out.into_bytes()
}

pub fn run(args: &ExportArgs) -> i32 {
    let Loaded {
        templates,
        reports,
        lang,
    } = match super::load(&args.common) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let export = build(&reports, &templates, args.all_tables);
    for (path, errors) in &export.skipped {
        eprintln!(
            "aterrapport: {}",
            lang.pick(
                &format!("{path}: hoppas över, rapporten kan inte läsas ({errors} fel; `aterrapport check {path}` visar dem)"),
                &format!("{path}: skipped, the report cannot be read ({}; `aterrapport check {path}` shows them)", plural(*errors, "error", "errors")),
            )
        );
    }
    let bytes = match args.format {
        ExportFormat::Csv => csv(&export, args.common.no_bom),
        ExportFormat::Jsonl => jsonl(&export),
    };
    if let Err(code) = super::write_output(&args.common, lang, &bytes) {
        return code;
    }
    let rows = lang.count(export.records.len(), ("rad", "rader"), ("row", "rows"));
    let read = lang.count(
        reports.len().saturating_sub(export.skipped.len()),
        ("rapport", "rapporter"),
        ("report", "reports"),
    );
    eprintln!(
        "{}",
        lang.pick(
            &format!("Exporterade {rows} ur {read}"),
            &format!("Exported {rows} from {read}"),
        )
    );
    if export.skipped.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    }
}
