//! `summary` and `export` as a reviewer uses them: the figures of Region Skåne's real report,
//! every output format parsed back, escaping of hostile text, several reports in path order, and
//! snapshots of the human forms.

use std::path::Path;

use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use super::support::{check, cmd, root};

/// Where the YAML keeps each insats table of the 2020 template (written out here, independently of
/// the template walk under test), with the table kind of FORMAT.md.
const SKANE_TABLES: &[(&str, &str, &str)] = &[
    (
        "1.2.1",
        "A",
        "/aterrapportering_1/innovation_och_foretagande/innovation/insatser",
    ),
    (
        "1.2.2",
        "A",
        "/aterrapportering_1/innovation_och_foretagande/foretagande_och_entreprenorskap/insatser",
    ),
    (
        "1.2.3",
        "B",
        "/aterrapportering_1/innovation_och_foretagande/tidigare_insatser/insatser",
    ),
    (
        "1.3.1",
        "A",
        "/aterrapportering_1/attraktiva_miljoer_och_tillganglighet/attraktiva_miljoer_och_tillganglighet/insatser",
    ),
    (
        "1.3.2",
        "A",
        "/aterrapportering_1/attraktiva_miljoer_och_tillganglighet/kommersiell_och_offentlig_service/insatser",
    ),
    (
        "1.3.3",
        "A",
        "/aterrapportering_1/attraktiva_miljoer_och_tillganglighet/bredbandsutbyggnad/insatser",
    ),
    (
        "1.3.4",
        "B",
        "/aterrapportering_1/attraktiva_miljoer_och_tillganglighet/tidigare_insatser/insatser",
    ),
    (
        "1.4.3",
        "A",
        "/aterrapportering_1/kompetensforsorjning/insatser_utifran_analyser_och_prognoser/insatser",
    ),
    (
        "1.4.4",
        "A",
        "/aterrapportering_1/kompetensforsorjning/validering/insatser",
    ),
    (
        "1.4.5",
        "A",
        "/aterrapportering_1/kompetensforsorjning/regionalt_yrkesvux/insatser",
    ),
    (
        "1.4.6",
        "A",
        "/aterrapportering_1/kompetensforsorjning/larcentrum/insatser",
    ),
    (
        "1.4.7",
        "B",
        "/aterrapportering_1/kompetensforsorjning/tidigare_insatser/insatser",
    ),
    (
        "1.5",
        "A",
        "/aterrapportering_1/internationellt_samarbete/insatser",
    ),
    (
        "1.5.1",
        "B",
        "/aterrapportering_1/internationellt_samarbete/tidigare_insatser/insatser",
    ),
    (
        "4.2",
        "A",
        "/aterrapportering_4/jamstalld_regional_tillvaxt/insatser",
    ),
    (
        "4.3",
        "A",
        "/aterrapportering_4/integration_och_mangfald/insatser",
    ),
    ("4.4", "A", "/aterrapportering_4/klimat_och_miljo/insatser"),
];

fn stdout_of(args: &[&str]) -> (i32, String, String) {
    let out = cmd().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn rows_in_yaml(pointer: &str) -> usize {
    let report = check(&root().join("examples/skane-2020.yaml"));
    let value = report.document.and_then(|d| d.value).unwrap();
    value
        .pointer(pointer)
        .and_then(Value::as_array)
        .unwrap()
        .len()
}

fn csv_records(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let head: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (head, rows)
}

fn column(head: &[String], name: &str) -> usize {
    head.iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {head:?}"))
}

/// A copy of the small example report with one insats name and the region replaced.
fn write_report(dir: &Path, file: &str, region: &str, namn: &str) {
    let text = std::fs::read_to_string(root().join("examples/exempel-2020.yaml")).unwrap();
    let quoted = |s: &str| serde_json::to_string(s).unwrap();
    let text = text
        .replacen(
            "region: Region Kalmar län",
            &format!("region: {}", quoted(region)),
            1,
        )
        .replacen(
            "namn: Innovationscheckar",
            &format!("namn: {}", quoted(namn)),
            1,
        );
    std::fs::write(dir.join(file), text).unwrap();
}

#[test]
fn skane_summary_row() {
    let (code, out, _) = stdout_of(&["summary", "--format", "json", "examples/skane-2020.yaml"]);
    assert_eq!(
        code, 0,
        "an overview with a report that has errors still exits 0"
    );
    let rows: Value = serde_json::from_str(&out).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 1);
    let skane = &rows[0];
    assert_eq!(skane["path"], "examples/skane-2020.yaml");
    assert_eq!(skane["region"], "Region Skåne");
    assert_eq!(skane["year"], 2020);
    assert_eq!(skane["template"], "aterrapport-2020");
    assert_eq!(skane["readable"], true);
    assert_eq!(skane["errors"], 1, "AR401 in 5.1");
    assert_eq!(skane["warnings"], 0);
    let sections = skane["sections"].as_array().unwrap();
    let got: Vec<(String, String, usize)> = sections
        .iter()
        .map(|s| {
            (
                s["number"].as_str().unwrap().to_string(),
                s["table"].as_str().unwrap().to_string(),
                s["insatser"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    let want: Vec<(String, String, usize)> = SKANE_TABLES
        .iter()
        .map(|(n, k, p)| (n.to_string(), k.to_string(), rows_in_yaml(p)))
        .collect();
    assert_eq!(
        got, want,
        "one column per insats table, 5.1 (analyses) not among them"
    );
    assert_eq!(sections[0]["heading"], "Innovation");
    let a: usize = got.iter().filter(|g| g.1 == "A").map(|g| g.2).sum();
    let b: usize = got.iter().filter(|g| g.1 == "B").map(|g| g.2).sum();
    assert_eq!((a, b), (45, 10));
    assert_eq!(skane["insatser"], 55);
    assert_eq!(skane["goals"]["total"], 6);
    assert_eq!(
        skane["goals"]["referenced"],
        serde_json::json!(["1", "2", "3", "4", "5", "6"])
    );
    assert_eq!(skane["goals"]["unreferenced"], serde_json::json!([]));
    assert_eq!(
        skane["answers"],
        serde_json::json!({
            "faststalld_strategi": "Ja",
            "bidrag_utvecklingsstrategin": "Ja",
            "bidrag_strukturfondsprogrammet": "Ja",
            "bidrag_samarbetsprogrammen": "Ja",
        })
    );
}

#[test]
fn unreferenced_goals_are_visible() {
    let path = "tests/fixtures/rules/AR304-unreferenced-goal.yaml";
    let (_, out, _) = stdout_of(&["summary", "--format", "json", path]);
    let rows: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows[0]["goals"]["total"], 4);
    assert_eq!(rows[0]["goals"]["unreferenced"], serde_json::json!(["3"]));
    let (_, table, _) = stdout_of(&["summary", path]);
    assert!(table.contains("3/4 (saknas: 3)"), "{table}");
    let (_, table, _) = stdout_of(&["summary", "--lang", "en", path]);
    assert!(table.contains("3/4 (missing: 3)"), "{table}");
}

#[test]
fn skane_export_has_55_insatser() {
    let out = cmd()
        .args(["export", "examples/skane-2020.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.starts_with("\u{feff}".as_bytes()),
        "BOM by default"
    );
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    let (head, rows) = csv_records(&out.stdout);
    assert_eq!(
        head[0], "path",
        "the reader drops the BOM; the first key is intact"
    );
    assert_eq!(rows.len(), 55);
    assert!(rows.iter().all(|r| r.len() == head.len()));
    let table = column(&head, "table");
    assert_eq!(rows.iter().filter(|r| r[table] == "A").count(), 45);
    assert_eq!(rows.iter().filter(|r| r[table] == "B").count(), 10);
    for key in [
        "region",
        "year",
        "section",
        "heading",
        "row",
        "namn",
        "beskrivning",
        "bidrag_till_mal",
        "goal_ids",
        "goal_texts",
        "prestationer",
        "effekter",
        "resultat",
    ] {
        column(&head, key);
    }
    assert!(
        !head.iter().any(|h| h == "typ"),
        "table C is not exported by default"
    );
    let first = &rows[0];
    assert_eq!(first[column(&head, "region")], "Region Skåne");
    assert_eq!(first[column(&head, "section")], "1.2.1");
    assert_eq!(first[column(&head, "heading")], "Innovation");
    assert_eq!(first[column(&head, "namn")], "Uppstart av sex FIRS-grupper");
    assert_eq!(first[column(&head, "goal_ids")], "2");
    assert_eq!(
        first[column(&head, "goal_texts")],
        "Skåne ska vara en stark hållbar tillväxtmotor"
    );
    // A "samtliga visionsmål" row names all six goals.
    let ids = column(&head, "goal_ids");
    assert!(rows.iter().any(|r| r[ids] == "1; 2; 3; 4; 5; 6"));
}

#[test]
fn export_all_tables_adds_table_c_separably() {
    let (code, out, _) = stdout_of(&[
        "export",
        "--format",
        "jsonl",
        "--all-tables",
        "examples/skane-2020.yaml",
    ]);
    assert_eq!(code, 0);
    let records: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 66);
    let c: Vec<&Value> = records.iter().filter(|r| r["table"] == "C").collect();
    assert_eq!(c.len(), 11);
    assert!(c.iter().all(|r| r["section"] == "5.1"));
    // A column the row's table does not have is null; a cell it lacks is empty.
    assert_eq!(c[0]["prestationer"], Value::Null);
    assert_eq!(c[10]["typ"], "");
    assert_eq!(records[0]["goal_ids"], serde_json::json!(["2"]));
    assert_eq!(records[0]["year"], 2020);
}

#[test]
fn export_without_bom() {
    let out = cmd()
        .args(["export", "--no-bom", "examples/exempel-2020.yaml"])
        .output()
        .unwrap();
    assert!(out.stdout.starts_with(b"path,"));
}

#[test]
fn csv_round_trips_comma_quote_and_newline() {
    let dir = tempfile::tempdir().unwrap();
    let awkward = "Komma, \"citat\" och\nny rad";
    write_report(dir.path(), "r.yaml", "Region Kalmar län", awkward);
    let path = dir.path().join("r.yaml");
    let path = path.to_str().unwrap();
    let out = cmd().args(["export", path]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let (head, rows) = csv_records(&out.stdout);
    assert_eq!(rows.len(), 17);
    assert_eq!(rows[0][column(&head, "namn")], awkward);

    write_report(
        dir.path(),
        "r.yaml",
        "Region \"Kal,mar\"\nlän",
        "Innovationscheckar",
    );
    let out = cmd()
        .args(["summary", "--format", "csv", path])
        .output()
        .unwrap();
    let (head, rows) = csv_records(&out.stdout);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].len(), head.len());
    assert_eq!(rows[0][column(&head, "region")], "Region \"Kal,mar\"\nlän");
    assert_eq!(rows[0][column(&head, "1.2.1")], "1");
    assert_eq!(rows[0][column(&head, "bidrag_samarbetsprogrammen")], "Nej");
}

#[test]
fn html_is_self_contained_and_escaped() {
    let dir = tempfile::tempdir().unwrap();
    write_report(
        dir.path(),
        "r.yaml",
        "<script>alert('x')</script> & co",
        "Innovationscheckar",
    );
    let file = dir.path().join("oversikt.html");
    let report = dir.path().join("r.yaml");
    cmd()
        .args(["summary", "--format", "html", "-o"])
        .arg(&file)
        .arg(&report)
        .assert()
        .code(0)
        .stdout("");
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script src"));
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(!html.contains("src=") && !html.contains("href="));
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the inline sort script"
    );
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"));
    assert!(html.contains("<th class=\"n\">1.2.1</th>"));
}

#[test]
fn markdown_escapes_pipes() {
    let dir = tempfile::tempdir().unwrap();
    write_report(dir.path(), "r.yaml", "Region A|B", "Innovationscheckar");
    let report = dir.path().join("r.yaml");
    let out = cmd()
        .args(["summary", "--format", "markdown"])
        .arg(&report)
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("| Region A\\|B |"), "{md}");
    let lines: Vec<&str> = md.lines().take(3).collect();
    // Every row of the table has as many unescaped `|` as the heading row.
    let pipes = |l: &str| l.replace("\\|", "").matches('|').count();
    assert_eq!(pipes(lines[0]), pipes(lines[2]));
}

#[test]
fn json_summary_parses() {
    let (code, out, _) = stdout_of(&[
        "summary",
        "--format",
        "json",
        "examples/exempel-2020.yaml",
        "examples/skane-2020.yaml",
    ]);
    assert_eq!(code, 0);
    let rows: Value = serde_json::from_str(&out).unwrap();
    let keys: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "path", "region", "year", "template", "readable", "errors", "warnings", "infos",
            "sections", "insatser", "goals", "answers"
        ]
    );
}

#[test]
fn a_directory_gives_one_row_per_report_in_path_order() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["skane-2020.yaml", "exempel-2020.yaml"] {
        std::fs::copy(root().join("examples").join(f), dir.path().join(f)).unwrap();
    }
    // Broken YAML, still found as a report (it has `rapportar:`).
    std::fs::write(
        dir.path().join("b-trasig.yaml"),
        "region: Region Skåne\nrapportar: 2020\nstrategi: [oavslutad\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("ci.yaml"), "jobs: {}\n").unwrap();
    let d = dir.path().to_str().unwrap();
    let (code, out, _) = stdout_of(&["summary", "--format", "json", "-j", "2", d]);
    assert_eq!(code, 0);
    let rows: Value = serde_json::from_str(&out).unwrap();
    let rows = rows.as_array().unwrap();
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["path"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        names,
        ["b-trasig.yaml", "exempel-2020.yaml", "skane-2020.yaml"]
    );
    let broken = &rows[0];
    assert_eq!(broken["readable"], false);
    assert!(broken["errors"].as_u64().unwrap() >= 1);
    assert_eq!(broken["region"], Value::Null);
    assert_eq!(broken["insatser"], Value::Null);
    assert_eq!(broken["goals"], Value::Null);
    assert_eq!(rows[2]["insatser"], 55);

    // The table has the same rows, the broken one with its error count and empty cells.
    let (_, table, _) = stdout_of(&["summary", d]);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[2].contains("b-trasig.yaml"));
    assert!(lines[3].contains("exempel-2020.yaml") && lines[4].contains("skane-2020.yaml"));

    // Export skips it with a note and exits 1, and still writes the others.
    let out = cmd().args(["export", d]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("b-trasig.yaml: hoppas över"), "{err}");
    let (_, records) = csv_records(&out.stdout);
    assert_eq!(records.len(), 55 + 17);
}

#[test]
fn usage_errors_exit_2() {
    cmd().args(["summary", "finns-inte/"]).assert().code(2);
    cmd()
        .args(["summary", "--format", "pdf", "examples/"])
        .assert()
        .code(2);
    cmd()
        .args(["export", "--format", "html", "examples/"])
        .assert()
        .code(2);
}

#[test]
fn table_columns_line_up_with_swedish_letters() {
    let (_, out, _) = stdout_of(&[
        "summary",
        "examples/exempel-2020.yaml",
        "examples/skane-2020.yaml",
    ]);
    let lines: Vec<&str> = out.lines().take(4).collect();
    // The year column (right-aligned) ends at the same terminal column on every line, although
    // "Region Skåne" and "Region Kalmar län" hold multi-byte letters.
    let end =
        |line: &str, needle: &str| line[..line.find(needle).unwrap()].width() + needle.width();
    let year = end(lines[0], "År");
    // (The file names hold "2020" too: the year is the one before the template.)
    assert_eq!(
        end(lines[2], "2020  aterrapport") - "  aterrapport".width(),
        year
    );
    assert_eq!(
        end(lines[3], "2020  aterrapport") - "  aterrapport".width(),
        year
    );
    let start = |line: &str, needle: &str| line[..line.find(needle).unwrap()].width();
    let mall = start(lines[0], "Mall");
    assert_eq!(start(lines[2], "aterrapport-2020"), mall);
    assert_eq!(start(lines[3], "aterrapport-2020"), mall);
    assert_eq!(
        lines[1].width(),
        lines[0].width(),
        "the rule is as wide as the heading"
    );
}

#[test]
fn snapshot_table() {
    let (_, out, _) = stdout_of(&[
        "summary",
        "examples/exempel-2020.yaml",
        "examples/skane-2020.yaml",
    ]);
    insta::assert_snapshot!(out);
}

#[test]
fn snapshot_markdown() {
    let (_, out, _) = stdout_of(&[
        "summary",
        "--format",
        "markdown",
        "examples/exempel-2020.yaml",
        "examples/skane-2020.yaml",
    ]);
    insta::assert_snapshot!(out);
}
