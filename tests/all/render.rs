//! `aterrapport render`: every section, table row and answer of the Skåne report reaches each format
//! (counted against the YAML and the schema), a report with errors is refused without `--force`,
//! the HTML is inert whatever the cells hold, and the words come from the schema, not the code.

use std::io::Read;
use std::path::Path;

use scraper::{Html, Selector};
use serde_json::Value;

use super::support::{check, cmd, root};
use aterrapport::template::{Templates, walk_described};

const SKANE: &str = "examples/skane-2020.yaml";
const EXEMPEL: &str = "examples/exempel-2020.yaml";

/// What the YAML holds, read through the template: section titles in order, table rows by the
/// number of columns (4 = A, 2 = B, 3 = C), the Ja/Nej answers, and every row's `namn`.
struct Expected {
    headings: Vec<String>,
    rows: [usize; 3],
    answers: usize,
    names: Vec<String>,
}

fn expected(path: &str) -> Expected {
    let report = check(&root().join(path));
    let value = report
        .document
        .and_then(|d| d.value)
        .unwrap_or_else(|| panic!("{path} has no document"));
    let templates = Templates::builtin();
    let template = templates
        .get("aterrapport-2020")
        .unwrap_or_else(|| panic!("template"));
    let year = value.get("rapportar").and_then(Value::as_i64);
    let mut e = Expected {
        headings: Vec::new(),
        rows: [0; 3],
        answers: 0,
        names: Vec::new(),
    };
    let root_node = template.node("").unwrap_or_else(|| panic!("root"));
    walk_described(&value, "", root_node, &mut |_, v, node| {
        if node.is_section() && v.is_object() {
            e.headings
                .push(node.title(year).unwrap_or_else(|| panic!("title")));
        }
        if let (Some(columns), Some(rows)) = (node.columns(), v.as_array()) {
            let kind = match columns.len() {
                4 => 0,
                2 => 1,
                3 => 2,
                n => panic!("unexpected table with {n} columns"),
            };
            e.rows[kind] += rows.len();
            e.names.extend(
                rows.iter()
                    .filter_map(|r| r.get("namn").and_then(Value::as_str))
                    .map(String::from),
            );
        }
        if node.question().is_some() && v.get("svar").is_some() {
            e.answers += 1;
        }
        true
    });
    e
}

fn render(args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = cmd().arg("render").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn text_of(el: scraper::ElementRef<'_>) -> String {
    el.text().collect::<String>()
}

#[test]
fn skane_expectations_match_the_issue() {
    let e = expected(SKANE);
    assert_eq!(e.rows, [45, 10, 11]);
    assert_eq!(e.answers, 4);
    assert_eq!(e.names.len(), 66);
    // Every section of the template: the example fills in the optional 6 and 7 too.
    assert_eq!(e.headings.len(), 40, "{:?}", e.headings);
}

#[test]
fn skane_html_has_every_section_row_and_answer() {
    let e = expected(SKANE);
    let (code, out, err) = render(&[SKANE, "--force", "--format", "html"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("AR401"), "the error is still shown: {err}");
    let html = String::from_utf8(out).unwrap();
    let doc = Html::parse_document(&html);
    let sel = |s: &str| Selector::parse(s).unwrap();
    let headings: Vec<String> = doc.select(&sel("h1, h2, h3")).map(text_of).collect();
    assert_eq!(headings, e.headings);
    let mut rows = [0; 3];
    for table in doc.select(&sel("table")) {
        let heads: Vec<String> = table.select(&sel("thead th")).map(text_of).collect();
        let n = table.select(&sel("tbody tr")).count();
        match heads.len() {
            4 => {
                assert_eq!(
                    heads,
                    [
                        "Namn på insats och kort beskrivning",
                        "Insatsens bidrag till fastställda mål",
                        "Resultat i form av prestationer",
                        "Resultat i form av effekter på kort och lång sikt"
                    ]
                );
                rows[0] += n;
            }
            2 => rows[1] += n,
            3 => rows[2] += n,
            other => panic!("table with {other} columns"),
        }
    }
    assert_eq!(rows, e.rows);
    let answers: Vec<String> = doc.select(&sel("p.svar")).map(text_of).collect();
    assert_eq!(answers.len(), e.answers);
    assert!(
        answers[0].starts_with("Ja ☒Nej ☐") || answers[0].starts_with("Ja ☒ Nej ☐"),
        "{}",
        answers[0]
    );
    assert!(answers[0].contains("Budget och verksamhetsplan för regionala utvecklingsnämnden."));
    // The names are bold above their descriptions; every row's name is there.
    let bold: Vec<String> = doc.select(&sel("td p.namn")).map(text_of).collect();
    assert_eq!(
        bold.first().map(String::as_str),
        Some("Uppstart av sex FIRS-grupper")
    );
    let text = text_of(doc.root_element());
    for name in &e.names {
        assert!(text.contains(name.as_str()), "missing row {name}");
    }
    // Table C's first column is "namn (typ)"; lists stay lists; the title block; section 7's year.
    assert!(text.contains("Hur har det gått i Skåne? (uppföljning)"));
    let items: Vec<String> = doc.select(&sel("ul li")).map(text_of).collect();
    assert!(items.contains(&"Skåne ska vara en stark hållbar tillväxtmotor".to_string()));
    let title = doc
        .select(&sel("header"))
        .next()
        .map(text_of)
        .unwrap_or_default();
    assert!(
        title.contains("Region Skåne")
            && title.contains("2020")
            && title.contains("Det Öppna Skåne 2030")
    );
    assert!(
        headings
            .iter()
            .any(|h| h.ends_with("tillväxtarbetet 2020") && h.starts_with("7 "))
    );
}

#[test]
fn skane_markdown_has_every_section_row_and_answer() {
    let e = expected(SKANE);
    let (code, out, err) = render(&[SKANE, "--force", "--format", "markdown"]);
    assert_eq!(code, 0, "{err}");
    let md = String::from_utf8(out).unwrap();
    let headings: Vec<String> = md
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim().to_string())
        .collect();
    assert_eq!(headings, e.headings);
    let mut rows = [0; 3];
    let mut kind = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            kind = None;
            continue;
        }
        if line.starts_with("|---") {
            continue;
        }
        match kind {
            None => {
                // The header row: count the unescaped pipes.
                let cols = line.replace("\\|", "").matches('|').count() - 1;
                kind = Some(match cols {
                    4 => 0,
                    2 => 1,
                    3 => 2,
                    n => panic!("table with {n} columns: {line}"),
                });
                if cols == 4 {
                    assert_eq!(
                        line,
                        "| Namn på insats och kort beskrivning | Insatsens bidrag till fastställda mål | Resultat i form av prestationer | Resultat i form av effekter på kort och lång sikt |"
                    );
                }
            }
            Some(k) => rows[k] += 1,
        }
    }
    assert_eq!(rows, e.rows);
    let answers = md
        .lines()
        .filter(|l| l.starts_with("Ja ☒ Nej ☐") || l.starts_with("Ja ☐ Nej ☒"))
        .count();
    assert_eq!(answers, e.answers);
    let plain = md.replace('\\', "");
    for name in &e.names {
        assert!(plain.contains(name.as_str()), "missing row {name}");
    }
    assert!(md.contains("| **Uppstart av sex FIRS-grupper**<br><br>En kärna i agerandet"));
    assert!(md.contains("| Hur har det gått i Skåne? (uppföljning) | Nej |"));
    assert!(md.contains("\n- Skåne ska vara en stark hållbar tillväxtmotor\n"));
}

/// Paragraph texts with their style, and per table the header texts and the body row count.
struct DocxContent {
    paragraphs: Vec<(String, String)>,
    tables: Vec<(Vec<String>, usize, bool)>,
}

fn docx_content(bytes: &[u8]) -> (DocxContent, String) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(zip.by_name("word/styles.xml").is_ok());
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut c = DocxContent {
        paragraphs: Vec::new(),
        tables: Vec::new(),
    };
    let (mut text, mut style) = (String::new(), String::new());
    let (mut in_table, mut row, mut header_row) = (false, 0usize, false);
    let mut heads: Vec<String> = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.name().as_ref() {
                "w:p" => {
                    text.clear();
                    style.clear();
                }
                "w:tbl" => {
                    in_table = true;
                    row = 0;
                    heads.clear();
                    header_row = false;
                }
                "w:tr" => row += 1,
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.name().as_ref() {
                "w:pStyle" => {
                    style = e
                        .try_get_attribute("w:val")
                        .ok()
                        .flatten()
                        .map(|a| a.value.into_owned())
                        .unwrap_or_default();
                }
                "w:tblHeader" if row == 1 => header_row = true,
                _ => {}
            },
            Ok(Event::Text(t)) => text.push_str(&t),
            Ok(Event::GeneralRef(r)) => {
                text.push_str(match &*r {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("entity {other}"),
                });
            }
            Ok(Event::End(e)) => match e.name().as_ref() {
                "w:p" => {
                    if in_table && row == 1 {
                        heads.push(text.clone());
                    }
                    c.paragraphs.push((style.clone(), text.clone()));
                }
                "w:tbl" => {
                    in_table = false;
                    c.tables
                        .push((heads.clone(), row.saturating_sub(1), header_row));
                }
                _ => {}
            },
            Ok(Event::Eof) => break,
            Err(e) => panic!("word/document.xml is not XML: {e}"),
            _ => {}
        }
    }
    (c, xml)
}

#[test]
fn skane_docx_has_every_section_row_and_answer() {
    let e = expected(SKANE);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("skane.docx");
    let (code, _, err) = render(&[
        SKANE,
        "--force",
        "--format",
        "docx",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(&path).unwrap();
    let (c, xml) = docx_content(&bytes);
    let headings: Vec<String> = c
        .paragraphs
        .iter()
        .filter(|(s, _)| s.starts_with("Heading"))
        .map(|(_, t)| t.clone())
        .collect();
    assert_eq!(headings, e.headings);
    assert!(
        c.paragraphs
            .contains(&("Heading3".into(), "1.2.1 Innovation".into()))
    );
    assert!(c.paragraphs.contains(&(
        "Heading1".into(),
        "Återrapportering 1 – Regionalt tillväxtarbete".into()
    )));
    let mut rows = [0; 3];
    for (heads, n, header) in &c.tables {
        assert!(header, "the first row repeats as a header row: {heads:?}");
        let k = match heads.len() {
            4 => 0,
            2 => 1,
            3 => 2,
            n => panic!("table with {n} columns"),
        };
        rows[k] += n;
    }
    assert_eq!(rows, e.rows);
    assert_eq!(
        c.tables[0].0,
        [
            "Namn på insats och kort beskrivning",
            "Insatsens bidrag till fastställda mål",
            "Resultat i form av prestationer",
            "Resultat i form av effekter på kort och lång sikt"
        ]
    );
    let answers: Vec<&String> = c
        .paragraphs
        .iter()
        .map(|(_, t)| t)
        .filter(|t| t.contains('☒'))
        .collect();
    assert_eq!(answers.len(), e.answers);
    assert!(answers[0].starts_with("Ja ☒") && answers[0].contains("Nej ☐"));
    let all: String = c
        .paragraphs
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for name in &e.names {
        assert!(all.contains(name.as_str()), "missing row {name}");
    }
    assert!(all.contains("Hur har det gått i Skåne? (uppföljning)"));
    // Real headings: outline levels 0–2, one per heading, and Word's built-in heading styles.
    let levels = xml.matches("<w:outlineLvl w:val=\"0\"").count()
        + xml.matches("<w:outlineLvl w:val=\"1\"").count()
        + xml.matches("<w:outlineLvl w:val=\"2\"").count();
    assert_eq!(levels, e.headings.len());
    let mut styles = String::new();
    zip::ZipArchive::new(std::io::Cursor::new(&bytes))
        .unwrap()
        .by_name("word/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    for n in 1..=3 {
        assert!(styles.contains(&format!(
            "w:styleId=\"Heading{n}\"><w:name w:val=\"heading {n}\""
        )));
    }
}

#[test]
fn errors_refuse_to_render_without_force() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["html", "markdown", "docx"] {
        let path = dir.path().join(format!("out.{format}"));
        let (code, out, err) = render(&[SKANE, "--format", format, "-o", path.to_str().unwrap()]);
        assert_eq!(code, 1, "{format}: {err}");
        assert!(out.is_empty());
        assert!(!path.exists(), "{format}: nothing may be written");
        assert!(err.contains("AR401") && err.contains("1420:9"), "{err}");
        assert!(err.contains("--force"), "{err}");
    }
    // Without -o too: nothing on standard output, and no .docx next to the report.
    let (code, out, _) = render(&[SKANE]);
    assert_eq!((code, out.len()), (1, 0));
    let copy = dir.path().join("skane.yaml");
    std::fs::copy(root().join(SKANE), &copy).unwrap();
    let (code, _, _) = render(&[copy.to_str().unwrap(), "--format", "docx"]);
    assert_eq!(code, 1);
    assert!(!dir.path().join("skane.docx").exists());
}

#[test]
fn a_clean_report_renders_without_force() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["html", "markdown"] {
        let (code, out, err) = render(&[EXEMPEL, "--format", format]);
        assert_eq!(code, 0, "{err}");
        assert!(
            String::from_utf8(out)
                .unwrap()
                .contains("Innovationscheckar")
        );
    }
    // A Word document without -o lands next to the report.
    let copy = dir.path().join("exempel.yaml");
    std::fs::copy(root().join(EXEMPEL), &copy).unwrap();
    let (code, out, err) = render(&[copy.to_str().unwrap(), "--format", "docx"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    let bytes = std::fs::read(dir.path().join("exempel.docx")).unwrap();
    assert!(bytes.starts_with(b"PK"));
    let (c, _) = docx_content(&bytes);
    assert!(c.paragraphs.iter().any(|(_, t)| t == "Innovationscheckar"));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/dir/out.html");
    let (code, _, err) = render(&[EXEMPEL, "-o", missing.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = render(&[
        EXEMPEL,
        "--format",
        "docx",
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    let (code, _, _) = render(&[EXEMPEL, "--format", "pdf"]);
    assert_eq!(code, 2);
    // A report that does not exist is a usage error, as for every other command.
    let (code, _, err) = render(&["no-such-report.yaml", "--lang", "en"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no-such-report.yaml does not exist"), "{err}");
    // `--no-color` is accepted, as by `check`: a report with errors shows them and exits 1.
    let (code, _, err) = render(&["examples/fel/02-struktur.yaml", "--no-color"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("AR101"), "{err}");
}

const HOSTILE: &str = r#"<script>alert(1)</script> "><img src=x onerror=alert(2)> a | b"#;

/// The example with hostile text in a name, a description, a goal cell, prose and the region.
fn hostile_report(dir: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(root().join(EXEMPEL)).unwrap();
    let quoted = serde_json::to_string(&format!("{HOSTILE}\nny rad")).unwrap();
    let text = text
        .replace(
            "region: Region Kalmar län",
            &format!(
                "region: {}",
                serde_json::to_string(
                    "Region </style><style>@import url(https://x.invalid/a.css)</style>"
                )
                .unwrap()
            ),
        )
        .replace("- namn: Innovationscheckar", &format!("- namn: {quoted}"))
        .replace(
            "beskrivning: Checkar till företag som utvecklar nya produkter.",
            &format!(
                "beskrivning: {}",
                serde_json::to_string(
                    "<a href=\"https://x.invalid\">länk</a> | [x](javascript:alert(3))"
                )
                .unwrap()
            ),
        )
        .replace(
            "Innovationsarbetet har inriktats på små och medelstora företag.",
            "<iframe src=\"https://x.invalid\"></iframe> & <b>fet</b>",
        );
    let path = dir.join("hostile.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn html_is_inert_whatever_the_report_holds() {
    let dir = tempfile::tempdir().unwrap();
    let path = hostile_report(dir.path());
    let (code, out, err) = render(&[path.to_str().unwrap(), "--force"]);
    assert_eq!(code, 0, "{err}");
    let html = String::from_utf8(out).unwrap();
    let doc = Html::parse_document(&html);
    let allowed = [
        "html", "head", "meta", "title", "style", "body", "header", "p", "dl", "dt", "dd", "ul",
        "li", "h1", "h2", "h3", "table", "thead", "tbody", "tr", "th", "td", "span",
    ];
    let mut styles = 0;
    for node in doc.root_element().descendants() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        assert!(
            allowed.contains(&el.name()),
            "unexpected element <{}>",
            el.name()
        );
        for (name, value) in el.attrs() {
            assert!(!name.starts_with("on"), "event handler {name}");
            assert!(!["src", "href"].contains(&name), "{name}={value}");
            assert!(
                !value.contains("http:") && !value.contains("https:"),
                "{name}={value}"
            );
        }
        if el.name() == "style" {
            styles += 1;
            let css: String = node
                .children()
                .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                .collect();
            assert!(!css.contains("@import") && !css.contains("url("), "{css}");
        }
    }
    assert_eq!(styles, 1, "only the document's own style sheet");
    // The hostile text is there, as text.
    let sel = Selector::parse("td p.namn").unwrap();
    let name = doc.select(&sel).next().map(text_of).unwrap_or_default();
    assert_eq!(name, format!("{HOSTILE}\nny rad"));
    let body = text_of(doc.root_element());
    assert!(body.contains("<iframe src=\"https://x.invalid\"></iframe> & <b>fet</b>"));
    assert!(body.contains("Region </style><style>@import url(https://x.invalid/a.css)</style>"));
}

#[test]
fn markdown_and_docx_keep_hostile_text_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = hostile_report(dir.path());
    let (code, out, err) = render(&[path.to_str().unwrap(), "--force", "--format", "markdown"]);
    assert_eq!(code, 0, "{err}");
    let md = String::from_utf8(out).unwrap();
    assert!(!md.contains("<script") && !md.contains("<img") && !md.contains("<iframe"));
    let row = md
        .lines()
        .find(|l| l.contains("alert(1)"))
        .unwrap_or_else(|| panic!("row missing"));
    // Four cells: the pipe in the text is escaped, the line break is <br>.
    assert_eq!(row.replace("\\|", "").matches('|').count(), 5, "{row}");
    assert!(row.contains("a \\| b<br>ny rad"), "{row}");
    assert!(
        row.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{row}"
    );
    assert!(row.contains("\\[x\\](javascript:alert(3))"), "{row}");

    let out = dir.path().join("h.docx");
    let (code, _, err) = render(&[
        path.to_str().unwrap(),
        "--force",
        "--format",
        "docx",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (c, _) = docx_content(&std::fs::read(&out).unwrap());
    assert!(c.paragraphs.iter().any(|(_, t)| t.contains(HOSTILE)));
}

#[test]
fn words_come_from_the_schema() {
    // A template with other headings, questions and column names renders them with no code change.
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(root().join("schemas/aterrapport-2020.schema.json")).unwrap();
    let mut schema: Value = serde_json::from_str(&text).unwrap();
    schema["properties"]["aterrapportering_3"]["x-rubrik"] =
        "Återrapportering 3 – Ny rubrik".into();
    schema["properties"]["aterrapportering_3"]["properties"]["kommuner"]["x-nummer"] = "3.9".into();
    schema["$defs"]["tabell_b"]["x-tabell"]["kolumner"][1]["rubrik"] = "Uppnådda resultat".into();
    schema["properties"]["aterrapportering_2"]["properties"]["bidrag_strukturfondsprogrammet"]["x-fraga"] =
        "En ny fråga?".into();
    let path = dir.path().join("ny.schema.json");
    std::fs::write(&path, serde_json::to_string(&schema).unwrap()).unwrap();
    let (code, out, err) = render(&[
        EXEMPEL,
        "--format",
        "markdown",
        "--schema",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let md = String::from_utf8(out).unwrap();
    assert!(md.contains("\n# Återrapportering 3 – Ny rubrik\n"));
    assert!(md.contains("\n## 3.9 Samverkan med kommuner\n"));
    assert!(md.contains("| Namn på insats och kort beskrivning | Uppnådda resultat |"));
    assert!(md.contains("**En ny fråga?**"));
    assert!(!md.contains("Återrapportering 3 – Samverkan med andra aktörer"));
}
