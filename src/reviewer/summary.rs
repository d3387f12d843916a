//! `aterrapport summary`: one row per report — region, year, template, findings, the number of
//! insatser in every table section, which goals the insatser reference and the Ja/Nej answers —
//! as a terminal table, Markdown, CSV, JSON or one self-contained HTML page. Sections, questions
//! and goals come from the template and the report; nothing here names a heading.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

use super::{GoalReader, Loaded, Question, count, questions, readable, tables};
use crate::EXIT_OK;
use crate::cli::{SummaryArgs, SummaryFormat};
use crate::diagnostic::Severity;
use crate::i18n::{Lang, plural};
use crate::report::FileReport;
use crate::template::{NodeFacts, Templates, walk_described};

/// A column of insats counts: one table section of some template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionColumn {
    pub number: String,
    pub heading: String,
    pub kind: String,
}

impl SectionColumn {
    /// The column's short name: its number, or its heading for a table directly under a chapter.
    pub fn label(&self) -> &str {
        if self.number.is_empty() {
            &self.heading
        } else {
            &self.number
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    pub total: usize,
    pub referenced: Vec<String>,
    pub unreferenced: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub path: String,
    pub region: Option<String>,
    pub year: Option<i64>,
    pub template: Option<String>,
    /// The report parsed into a mapping and a template could be chosen.
    pub readable: bool,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Aligned with `Summary::sections`; `None` where the report has no such table.
    pub counts: Vec<Option<usize>>,
    pub goals: Option<Coverage>,
    /// Aligned with `Summary::questions`.
    pub answers: Vec<Option<String>>,
}

impl Row {
    pub fn insatser(&self) -> Option<usize> {
        let known: Vec<usize> = self.counts.iter().flatten().copied().collect();
        (!known.is_empty()).then(|| known.iter().sum())
    }
}

#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub sections: Vec<SectionColumn>,
    pub questions: Vec<Question>,
    pub rows: Vec<Row>,
}

/// Builds the overview. Columns are the union over the templates the reports use, in each
/// template's order, so reports of different years share one table.
pub fn build(reports: &[FileReport], templates: &Templates) -> Summary {
    let mut summary = Summary::default();
    for report in reports {
        let r = row(report, templates, &mut summary);
        summary.rows.push(r);
    }
    let width = summary.sections.len();
    let answers = summary.questions.len();
    for r in &mut summary.rows {
        r.counts.resize(width, None);
        r.answers.resize(answers, None);
    }
    summary
}

fn row(report: &FileReport, templates: &Templates, summary: &mut Summary) -> Row {
    let mut row = Row {
        path: report.source.display.clone(),
        region: None,
        year: None,
        template: report.template.clone(),
        readable: false,
        errors: count(report, Severity::Error),
        warnings: count(report, Severity::Warning),
        infos: count(report, Severity::Info),
        counts: Vec::new(),
        goals: None,
        answers: Vec::new(),
    };
    let value = report.document.as_ref().and_then(|d| d.value.as_ref());
    if let Some(value) = value {
        row.region = value
            .get("region")
            .and_then(Value::as_str)
            .map(String::from);
        row.year = value.get("rapportar").and_then(Value::as_i64);
    }
    let Some((value, template)) = readable(report, templates) else {
        return row;
    };
    row.readable = true;
    for table in tables(template, row.year)
        .into_iter()
        .filter(|t| t.insatser)
    {
        let column = SectionColumn {
            number: table.number,
            heading: table.heading,
            kind: table.kind,
        };
        let i = match summary.sections.iter().position(|c| *c == column) {
            Some(i) => i,
            None => {
                summary.sections.push(column);
                summary.sections.len() - 1
            }
        };
        if row.counts.len() <= i {
            row.counts.resize(i + 1, None);
        }
        let n = match crate::document::lookup(value, &table.pointer) {
            Some(Value::Array(rows)) => Some(rows.len()),
            Some(Value::Null) => Some(0),
            _ => None,
        };
        if let Some(slot) = row.counts.get_mut(i) {
            *slot = match (*slot, n) {
                (Some(a), Some(b)) => Some(a + b),
                (a, b) => a.or(b),
            };
        }
    }
    for q in questions(template) {
        let i = match summary.questions.iter().position(|c| c.key == q.key) {
            Some(i) => i,
            None => {
                summary.questions.push(q.clone());
                summary.questions.len() - 1
            }
        };
        if row.answers.len() <= i {
            row.answers.resize(i + 1, None);
        }
        let answer = crate::document::lookup(value, &q.pointer).and_then(|v| match v {
            Value::Null => None,
            Value::String(s) => Some(s.trim().to_string()),
            other => Some(other.to_string()),
        });
        if let Some(slot) = row.answers.get_mut(i) {
            *slot = answer;
        }
    }
    row.goals =
        GoalReader::new(report, value, template).map(|reader| coverage(&reader, value, template));
    row
}

fn coverage(reader: &GoalReader, value: &Value, template: &crate::template::Template) -> Coverage {
    let mut covered: BTreeSet<String> = BTreeSet::new();
    if let Some(root) = template.node("") {
        let mut facts = NodeFacts::default();
        walk_described(value, "", root, &mut |_, v, node| {
            if facts.is_goal_reference(node) {
                if let Value::String(text) = v {
                    covered.extend(reader.cell(text).covered);
                }
                return false;
            }
            true
        });
    }
    let (referenced, unreferenced): (Vec<_>, Vec<_>) = reader
        .goals
        .iter()
        .map(|g| g.id.clone())
        .partition(|id| covered.contains(id));
    Coverage {
        total: reader.goals.len(),
        referenced,
        unreferenced,
    }
}

pub fn run(args: &SummaryArgs) -> i32 {
    let Loaded {
        templates,
        reports,
        lang,
    } = match super::load(&args.common) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let summary = build(&reports, &templates);
    let bytes = match args.format {
        SummaryFormat::Table => table(&summary, lang).into_bytes(),
        SummaryFormat::Markdown => markdown(&summary, lang).into_bytes(),
        SummaryFormat::Csv => csv(&summary, args.common.no_bom),
        SummaryFormat::Json => {
            let mut s = serde_json::to_string_pretty(&json(&summary)).unwrap_or_default();
            s.push('\n');
            s.into_bytes()
        }
        SummaryFormat::Html => html(&summary, lang).into_bytes(),
    };
    // An overview was produced: reports with errors are part of it, not a failure of the run.
    match super::write_output(&args.common, lang, &bytes) {
        Ok(()) => EXIT_OK,
        Err(code) => code,
    }
}

/// "6/6", or "4/6 (saknas: 4, 6)" with the goals no insats references.
fn coverage_text(c: &Coverage, lang: Lang) -> String {
    let mut s = format!("{}/{}", c.referenced.len(), c.total);
    if !c.unreferenced.is_empty() {
        let missing = c.unreferenced.join(", ");
        s.push_str(&lang.pick(
            &format!(" (saknas: {missing})"),
            &format!(" (missing: {missing})"),
        ));
    }
    s
}

/// A cell of the human-readable grids.
struct Cell {
    text: String,
    numeric: bool,
}

fn text(s: impl Into<String>) -> Cell {
    Cell {
        text: s.into(),
        numeric: false,
    }
}

fn number(n: Option<usize>) -> Cell {
    Cell {
        text: n.map(|n| n.to_string()).unwrap_or_default(),
        numeric: true,
    }
}

/// Headings and cells shared by the table, Markdown and HTML forms.
fn grid(summary: &Summary, lang: Lang) -> (Vec<Cell>, Vec<Vec<Cell>>) {
    let mut head = vec![
        text(lang.pick("Fil", "File")),
        text("Region"),
        Cell {
            text: lang.pick("År", "Year"),
            numeric: true,
        },
        text(lang.pick("Mall", "Template")),
        Cell {
            text: lang.pick("Fel", "Errors"),
            numeric: true,
        },
        Cell {
            text: lang.pick("Varningar", "Warnings"),
            numeric: true,
        },
    ];
    for s in &summary.sections {
        head.push(Cell {
            text: s.label().to_string(),
            numeric: true,
        });
    }
    head.push(Cell {
        text: "Insatser".into(),
        numeric: true,
    });
    head.push(text(lang.pick("Mål", "Goals")));
    for q in &summary.questions {
        head.push(text(q.key.clone()));
    }
    let rows = summary
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![
                text(r.path.clone()),
                text(r.region.clone().unwrap_or_default()),
                Cell {
                    text: r.year.map(|y| y.to_string()).unwrap_or_default(),
                    numeric: true,
                },
                text(r.template.clone().unwrap_or_default()),
                number(Some(r.errors)),
                number(Some(r.warnings)),
            ];
            cells.extend(r.counts.iter().map(|c| number(*c)));
            cells.push(number(r.insatser()));
            cells.push(text(
                r.goals
                    .as_ref()
                    .map(|c| coverage_text(c, lang))
                    .unwrap_or_default(),
            ));
            cells.extend(
                r.answers
                    .iter()
                    .map(|a| text(a.clone().unwrap_or_default())),
            );
            cells
        })
        .collect();
    (head, rows)
}

/// What the short column names mean: section numbers, the goal column and the question keys.
fn legend(summary: &Summary, lang: Lang) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for s in &summary.sections {
        let kind = if s.kind.is_empty() {
            String::new()
        } else {
            lang.pick(
                &format!(" (tabell {})", s.kind),
                &format!(" (table {})", s.kind),
            )
        };
        out.push((s.label().to_string(), format!("{}{kind}", s.heading)));
    }
    out.push((
        "Insatser".into(),
        lang.pick(
            "antal insatser i rapporten (summan av kolumnerna ovan)",
            "number of insatser in the report (the sum of the columns above)",
        ),
    ));
    out.push((
        lang.pick("Mål", "Goals"),
        lang.pick(
            "strategins mål som minst en insats hänvisar till / strategins alla mål",
            "the strategy's goals that at least one insats references / all of the strategy's goals",
        ),
    ));
    for q in &summary.questions {
        out.push((q.key.clone(), q.question.clone()));
    }
    out
}

/// Terminal output must not carry line breaks or escape sequences from a report's text.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Aligned columns; widths are measured in terminal cells, so å, ä, ö count as one.
pub fn table(summary: &Summary, lang: Lang) -> String {
    let (head, rows) = grid(summary, lang);
    let mut widths: Vec<usize> = head.iter().map(|c| one_line(&c.text).width()).collect();
    for row in &rows {
        for (i, c) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(one_line(&c.text).width());
            }
        }
    }
    let line = |cells: &[Cell]| -> String {
        let mut out = String::new();
        for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
            let s = one_line(&c.text);
            let pad = " ".repeat(w.saturating_sub(s.width()));
            if i > 0 {
                out.push_str("  ");
            }
            if c.numeric {
                out.push_str(&pad);
                out.push_str(&s);
            } else {
                out.push_str(&s);
                out.push_str(&pad);
            }
        }
        out.trim_end().to_string()
    };
    let mut out = String::new();
    out.push_str(&line(&head));
    out.push('\n');
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&rule.join("  "));
    out.push('\n');
    for row in &rows {
        out.push_str(&line(row));
        out.push('\n');
    }
    out.push('\n');
    let legend = legend(summary, lang);
    let key_width = legend.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    for (k, v) in legend {
        let pad = " ".repeat(key_width.saturating_sub(k.width()));
        out.push_str(&format!("{}{pad}  {}\n", one_line(&k), one_line(&v)));
    }
    out
}

/// Escapes text for a GFM table cell: `|` would end the cell, `<` could open HTML, and a line
/// break would end the row.
pub fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '*' => out.push_str("\\*"),
            '`' => out.push_str("\\`"),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub fn markdown(summary: &Summary, lang: Lang) -> String {
    let (head, rows) = grid(summary, lang);
    let row = |cells: &[Cell]| -> String {
        let inner: Vec<String> = cells.iter().map(|c| markdown_escape(&c.text)).collect();
        format!("| {} |\n", inner.join(" | "))
    };
    let mut out = row(&head);
    let rule: Vec<&str> = head
        .iter()
        .map(|c| if c.numeric { "---:" } else { "---" })
        .collect();
    out.push_str(&format!("| {} |\n", rule.join(" | ")));
    for r in &rows {
        out.push_str(&row(r));
    }
    out.push('\n');
    for (k, v) in legend(summary, lang) {
        out.push_str(&format!(
            "- **{}**: {}\n",
            markdown_escape(&k),
            markdown_escape(&v)
        ));
    }
    out
}

/// The stable CSV columns: keys as in the JSON output, section columns named by their number.
pub fn csv(summary: &Summary, no_bom: bool) -> Vec<u8> {
    let mut w = super::csv_writer(no_bom);
    let mut head: Vec<String> = [
        "path", "region", "year", "template", "readable", "errors", "warnings", "infos",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    head.extend(summary.sections.iter().map(|s| s.label().to_string()));
    head.extend(
        [
            "insatser",
            "goals_total",
            "goals_referenced",
            "goals_unreferenced",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    head.extend(summary.questions.iter().map(|q| q.key.clone()));
    let mut result = w.write_record(&head);
    for r in &summary.rows {
        let opt = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
        let mut cells = vec![
            r.path.clone(),
            r.region.clone().unwrap_or_default(),
            r.year.map(|y| y.to_string()).unwrap_or_default(),
            r.template.clone().unwrap_or_default(),
            r.readable.to_string(),
            r.errors.to_string(),
            r.warnings.to_string(),
            r.infos.to_string(),
        ];
        cells.extend(r.counts.iter().map(|c| opt(*c)));
        cells.push(opt(r.insatser()));
        match &r.goals {
            Some(g) => cells.extend([
                g.total.to_string(),
                g.referenced.join("; "),
                g.unreferenced.join("; "),
            ]),
            None => cells.extend([String::new(), String::new(), String::new()]),
        }
        cells.extend(r.answers.iter().map(|a| a.clone().unwrap_or_default()));
        result = result.and_then(|()| w.write_record(&cells));
    }
    if result.is_err() {
        return Vec::new();
    }
    super::finish_csv(w)
}

/// An array with one object per report; the keys are documented in the README.
pub fn json(summary: &Summary) -> Value {
    let rows: Vec<Value> = summary
        .rows
        .iter()
        .map(|r| {
            let sections: Vec<Value> = summary
                .sections
                .iter()
                .zip(&r.counts)
                .map(|(s, n)| {
                    json!({
                        "number": s.number,
                        "heading": s.heading,
                        "table": s.kind,
                        "insatser": n,
                    })
                })
                .collect();
            let answers: serde_json::Map<String, Value> = summary
                .questions
                .iter()
                .zip(&r.answers)
                .map(|(q, a)| (q.key.clone(), json!(a)))
                .collect();
            json!({
                "path": r.path,
                "region": r.region,
                "year": r.year,
                "template": r.template,
                "readable": r.readable,
                "errors": r.errors,
                "warnings": r.warnings,
                "infos": r.infos,
                "sections": if r.readable { json!(sections) } else { json!([]) },
                "insatser": r.insatser(),
                "goals": r.goals.as_ref().map(|g| json!({
                    "total": g.total,
                    "referenced": g.referenced,
                    "unreferenced": g.unreferenced,
                })),
                "answers": if r.readable { Value::Object(answers) } else { json!({}) },
            })
        })
        .collect();
    Value::Array(rows)
}

/// Escapes text for HTML content and attribute values (the renderer's escaping).
pub fn html_escape(s: &str) -> String {
    crate::render::html::escape(s)
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}\
table{border-collapse:collapse;font-size:.9rem}\
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}\
th{background:#f2f2f2;cursor:pointer;user-select:none;position:sticky;top:0}\
th[aria-sort=ascending]::after{content:' \\25B2'}th[aria-sort=descending]::after{content:' \\25BC'}\
td.n,th.n{text-align:right}tr:nth-child(even) td{background:#fafafa}\
td.err{color:#b00020;font-weight:bold}dt{font-weight:bold;float:left;clear:left;width:14rem}\
dd{margin-left:15rem;margin-bottom:.3rem}";

/// Sorts the table by the clicked column (again: the other way), numbers by value, text the
/// Swedish way.
const SCRIPT: &str = "document.querySelectorAll('table.sortable th').forEach(function(th,i){\
th.addEventListener('click',function(){var t=th.closest('table'),b=t.tBodies[0];\
var asc=th.getAttribute('aria-sort')!=='ascending';\
t.querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort')});\
th.setAttribute('aria-sort',asc?'ascending':'descending');\
var rows=Array.prototype.slice.call(b.rows);\
rows.sort(function(x,y){var c=x.cells[i].textContent.localeCompare(y.cells[i].textContent,'sv',{numeric:true});return asc?c:-c});\
rows.forEach(function(r){b.appendChild(r)})})});";

/// One self-contained page: inline style and script, every text escaped, and a content security
/// policy that forbids loading anything from elsewhere.
pub fn html(summary: &Summary, lang: Lang) -> String {
    let (head, rows) = grid(summary, lang);
    let title = lang.pick("Återrapportering – översikt", "Återrapportering – overview");
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n");
    out.push_str(&format!(
        "<html lang=\"{}\">\n<head>\n",
        if lang.is_sv() { "sv" } else { "en" }
    ));
    out.push_str("<meta charset=\"utf-8\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!("<title>{}</title>\n", html_escape(&title)));
    out.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    out.push_str(&format!("<h1>{}</h1>\n", html_escape(&title)));
    out.push_str(&format!(
        "<p>{}</p>\n",
        html_escape(&lang.pick(
            &format!(
                "{}. Klicka på en kolumnrubrik för att sortera.",
                plural(summary.rows.len(), "rapport", "rapporter")
            ),
            &format!(
                "{}. Click a column heading to sort.",
                plural(summary.rows.len(), "report", "reports")
            ),
        ))
    ));
    out.push_str("<table class=\"sortable\">\n<thead><tr>");
    for c in &head {
        let class = if c.numeric { " class=\"n\"" } else { "" };
        out.push_str(&format!("<th{class}>{}</th>", html_escape(&c.text)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (r, cells) in summary.rows.iter().zip(&rows) {
        out.push_str("<tr>");
        for (i, c) in cells.iter().enumerate() {
            // The error count (fifth column) stands out when it is not zero.
            let class = match (c.numeric, i == 4 && r.errors > 0) {
                (_, true) => " class=\"n err\"",
                (true, false) => " class=\"n\"",
                (false, false) => "",
            };
            out.push_str(&format!("<td{class}>{}</td>", html_escape(&c.text)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n<dl>\n");
    for (k, v) in legend(summary, lang) {
        out.push_str(&format!(
            "<dt>{}</dt><dd>{}</dd>\n",
            html_escape(&k),
            html_escape(&v)
        ));
    }
    out.push_str("</dl>\n");
    out.push_str(&format!("<script>{SCRIPT}</script>\n</body>\n</html>\n"));
    out
}
