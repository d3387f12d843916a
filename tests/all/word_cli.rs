//! The Word on-ramp from the command line: `import` writes YAML (or says why not, with the exit
//! codes of the README), and `check`, `summary`, `export` and `render` read `.docx` directly, with
//! the strategy from `--strategi` or `[strategier]`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::support::{root, run_in, split_strategy};
use super::word_support::{b, docx, p, zip_of};

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    run_in(dir, args, None)
}

/// `examples/<name>.yaml` rendered as Word into `dir`.
fn rendered(dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(format!("{name}.docx"));
    let (code, _, err) = run(
        &root(),
        &[
            "render",
            &format!("examples/{name}.yaml"),
            "--format",
            "docx",
            "--force",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(code == 0 || code == 1, "{err}");
    out
}

/// The strategy of a report, as a strategy file of its own.
fn strategy_file(dir: &Path, name: &str) -> PathBuf {
    let text = std::fs::read_to_string(root().join(format!("examples/{name}.yaml"))).unwrap();
    let (_, body) = split_strategy(&text, "");
    let path = dir.join(format!("{name}-strategi.yaml"));
    std::fs::write(&path, body).unwrap();
    path
}

fn json(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn codes(file: &Value) -> Vec<String> {
    file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn import_writes_the_yaml_next_to_the_document_and_never_overwrites_silently() {
    let dir = tempfile::tempdir().unwrap();
    rendered(dir.path(), "exempel-2020");
    let (code, _, err) = run(dir.path(), &["import", "exempel-2020.docx"]);
    assert_eq!(code, 0, "{err}");
    let yaml = std::fs::read_to_string(dir.path().join("exempel-2020.yaml")).unwrap();
    assert!(
        yaml.starts_with("# yaml-language-server: $schema=aterrapport-2020.schema.json\n"),
        "{yaml}"
    );
    assert!(yaml.contains("region: Region Kalmar län"));
    // The schema the modeline names is written beside it.
    assert!(dir.path().join("aterrapport-2020.schema.json").is_file());
    // Without a strategy file the author gets the skeleton to fill in, and nothing else is a
    // placeholder.
    assert!(yaml.contains("[fyll i:"));

    let (code, _, err) = run(dir.path(), &["import", "exempel-2020.docx"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--force"), "{err}");
    let (code, _, err) = run(dir.path(), &["import", "exempel-2020.docx", "--force"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn import_with_a_strategy_file_writes_a_path_relative_to_the_output() {
    let dir = tempfile::tempdir().unwrap();
    rendered(dir.path(), "exempel-2020");
    let strategy = strategy_file(dir.path(), "exempel-2020");
    std::fs::create_dir(dir.path().join("ut")).unwrap();
    let (code, _, err) = run(
        dir.path(),
        &[
            "import",
            "exempel-2020.docx",
            "--strategi",
            strategy.to_str().unwrap(),
            "-o",
            "ut/rapport.yaml",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let yaml = std::fs::read_to_string(dir.path().join("ut/rapport.yaml")).unwrap();
    assert!(
        yaml.contains("fil: \"../exempel-2020-strategi.yaml\""),
        "{yaml}"
    );
    assert!(!yaml.contains("[fyll i:"), "{yaml}");
    // The imported report checks clean against the strategy, which lies in its project.
    std::fs::write(dir.path().join("aterrapport.toml"), "").unwrap();
    let (code, out, _) = run(
        dir.path(),
        &["check", "--format", "json", "ut/rapport.yaml"],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(json(&out)["summary"]["errors"], 0, "{out}");
}

#[test]
fn import_keeps_what_it_cannot_place_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let body = [
        p("Region Skåne"),
        p("Rapportår: 2020"),
        b("Återrapportering 1 – Regionalt tillväxtarbete"),
        // A typed bold heading (a tab after the number), not a heading style.
        b("1.9\tNågot som mallen inte har"),
        p("Text som inte hör hemma någonstans."),
    ]
    .concat();
    std::fs::write(dir.path().join("r.docx"), docx(&body)).unwrap();
    let (code, _, err) = run(dir.path(), &["import", "r.docx"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("stycke 4"), "{err}");
    let yaml = std::fs::read_to_string(dir.path().join("r.yaml")).unwrap();
    assert!(yaml.contains("# import:"), "{yaml}");
    assert!(
        yaml.contains("Text som inte hör hemma någonstans."),
        "{yaml}"
    );

    // `check` of the same document: each part that cannot be placed is AR009 (a warning).
    let (code, out, _) = run(dir.path(), &["check", "--format", "json", "r.docx"]);
    let report = json(&out);
    let found = codes(&report["files"][0]);
    assert_eq!(found.iter().filter(|c| *c == "AR009").count(), 2, "{out}");
    assert!(
        report["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["message"]
                .as_str()
                .unwrap()
                .contains("Text som inte hör hemma"))
    );
    assert_eq!(
        code, 1,
        "the skeleton-less report lacks required sections: {out}"
    );
}

#[test]
fn import_refuses_bad_input_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("text.docx"), "inte en zip").unwrap();
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    std::fs::write(dir.path().join("gammal.docx"), &ole).unwrap();
    std::fs::write(
        dir.path().join("brev.docx"),
        docx(&[p("Hej!"), p("Ett brev, ingen rapport.")].concat()),
    )
    .unwrap();
    for (file, expected) in [
        ("text.docx", "zip"),
        ("gammal.docx", ".docx"),
        ("brev.docx", "inte en återrapportering"),
        ("saknas.docx", "finns inte"),
    ] {
        let (code, _, err) = run(dir.path(), &["import", file]);
        assert_eq!(code, 2, "{file}: {err}");
        assert!(err.contains(expected), "{file}: {err}");
        assert!(!err.contains("panicked"), "{file}: {err}");
    }
}

#[test]
fn check_reads_a_word_document_without_a_strategy_as_one_info() {
    let dir = tempfile::tempdir().unwrap();
    rendered(dir.path(), "exempel-2020");
    let (code, out, err) = run(
        dir.path(),
        &["check", "--format", "json", "exempel-2020.docx"],
    );
    assert_eq!(code, 0, "{out}{err}");
    let report = json(&out);
    let file = &report["files"][0];
    assert_eq!(file["path"], "exempel-2020.docx");
    assert_eq!(codes(file), vec!["AR010"], "{out}");
    // A finding in a Word document has no YAML position and names its place there.
    let d = &file["diagnostics"][0];
    assert_eq!(d["line"], Value::Null, "{out}");
    assert_eq!(d["column"], Value::Null, "{out}");
    assert!(d["docx"]["paragraph"].as_u64().is_some(), "{out}");
}

#[test]
fn check_uses_the_strategy_of_the_flag_or_of_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    rendered(dir.path(), "exempel-2020");
    let strategy = strategy_file(dir.path(), "exempel-2020");
    let (code, out, _) = run(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--strategi",
            strategy.to_str().unwrap(),
            "exempel-2020.docx",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        codes(&json(&out)["files"][0]),
        Vec::<String>::new(),
        "{out}"
    );

    // A reviewer's directory: the configuration names each region's strategy (the name compared
    // as AR602 compares names).
    std::fs::write(
        dir.path().join("aterrapport.toml"),
        "[strategier]\n\"region kalmar LÄN\" = \"exempel-2020-strategi.yaml\"\n",
    )
    .unwrap();
    let (code, out, _) = run(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(code, 0, "{out}");
    let report = json(&out);
    assert_eq!(report["summary"]["files"], 1, "{out}");
    assert_eq!(codes(&report["files"][0]), Vec::<String>::new(), "{out}");
}

#[test]
fn a_directory_walk_finds_word_reports_only() {
    let dir = tempfile::tempdir().unwrap();
    rendered(dir.path(), "skane-2020");
    // Word's lock file, a letter and a broken document beside the report.
    std::fs::write(dir.path().join("~$ane-2020.docx"), "lås").unwrap();
    std::fs::write(dir.path().join("brev.docx"), docx(&p("Hej!"))).unwrap();
    let (code, out, _) = run(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(code, 1, "{out}");
    let report = json(&out);
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, vec!["skane-2020.docx"], "{out}");
    // Region Skåne's one real finding is found in its Word document too.
    assert_eq!(codes(&report["files"][0]), vec!["AR010", "AR401"], "{out}");
}

#[test]
fn an_unreadable_or_hostile_document_is_a_finding_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    rendered(dir.path(), "exempel-2020");
    std::fs::write(dir.path().join("trasig.docx"), "inte en zip").unwrap();
    let bomb = zip_of(&[("word/document.xml", vec![b' '; 50 * 1024 * 1024])]);
    std::fs::write(dir.path().join("bomb.docx"), bomb).unwrap();
    let (code, out, _) = run(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "trasig.docx",
            "bomb.docx",
            "exempel-2020.docx",
        ],
    );
    assert_eq!(code, 1, "{out}");
    let report = json(&out);
    let by_path = |p: &str| {
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == p)
            .cloned()
            .unwrap()
    };
    assert_eq!(codes(&by_path("trasig.docx")), vec!["AR008"], "{out}");
    assert_eq!(codes(&by_path("bomb.docx")), vec!["AR005"], "{out}");
    assert_eq!(codes(&by_path("exempel-2020.docx")), vec!["AR010"], "{out}");
}

#[test]
fn fix_leaves_a_word_document_alone_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let docx_path = rendered(dir.path(), "exempel-2020");
    let before = std::fs::read(&docx_path).unwrap();
    let (_, _, err) = run(dir.path(), &["check", "--fix", "exempel-2020.docx"]);
    assert!(
        err.contains("aterrapport import exempel-2020.docx"),
        "{err}"
    );
    assert_eq!(std::fs::read(&docx_path).unwrap(), before);
}

#[test]
fn summary_export_and_render_read_word_documents() {
    let dir = tempfile::tempdir().unwrap();
    rendered(dir.path(), "skane-2020");
    let (code, out, err) = run(dir.path(), &["summary", "--format", "json", "."]);
    assert_eq!(code, 0, "{err}");
    let rows = json(&out);
    assert_eq!(rows[0]["region"], "Region Skåne", "{out}");
    assert_eq!(rows[0]["insatser"], 55, "{out}");
    let (code, out, err) = run(dir.path(), &["export", "--format", "jsonl", "."]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 55);
    let (code, out, err) = run(
        dir.path(),
        &[
            "render",
            "skane-2020.docx",
            "--format",
            "markdown",
            "--force",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Region Skåne"));
}

/// The AR502 fixture (text pasted from a PDF) rendered as Word: findings inside paragraphs.
fn damaged(dir: &Path) -> PathBuf {
    let out = dir.join("f.docx");
    let (code, _, err) = run(
        &root(),
        &[
            "render",
            "tests/fixtures/rules/AR502-lost-diacritics.yaml",
            "--format",
            "docx",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn every_format_names_the_place_in_a_word_document() {
    let dir = tempfile::tempdir().unwrap();
    damaged(dir.path());
    let place = "1.1.1 Den regionala utvecklingsstrategin, stycke 13";

    let (_, out, _) = run(dir.path(), &["check", "f.docx"]);
    // The paragraph is quoted with the finding underlined, and --fix is not offered.
    assert!(out.contains(&format!("╭─[f.docx] {place}")), "{out}");
    assert!(
        out.contains("   │ Den reviderade utvecklingsstrategin Det Ö ppna Ska ne 2030"),
        "{out}"
    );
    assert!(
        out.contains("   ·                                         ──────\n"),
        "{out}"
    );
    assert!(out.contains("  help: skriv ”Öppna”\n"), "{out}");
    assert!(out.contains("0 kan rättas med --fix"), "{out}");

    let (_, out, _) = run(dir.path(), &["check", "--format", "json", "f.docx"]);
    let first_ar502 = json(&out)["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "AR502")
        .cloned()
        .unwrap();
    assert_eq!(first_ar502["docx"], serde_json::json!({"paragraph": 13}));
    assert_eq!(first_ar502["end_line"], Value::Null);
    assert!(first_ar502.get("fix").is_none(), "{first_ar502}");

    let (_, out, _) = run(dir.path(), &["check", "--format", "concise", "f.docx"]);
    assert!(
        out.contains(&format!(
            "f.docx: warning[AR502] ”Ö ppna” ser ut att vara ”Öppna” med å/ä/ö förlorade vid kopiering från PDF ({place})"
        )),
        "{out}"
    );
    let (_, out, _) = run(dir.path(), &["check", "--format", "github", "f.docx"]);
    let line = out.lines().find(|l| l.contains("AR502")).unwrap();
    assert!(line.starts_with("::warning file=f.docx,title="), "{line}");
    assert!(!line.contains("line="), "{line}");
    let (_, out, _) = run(dir.path(), &["check", "--format", "gitlab", "f.docx"]);
    let issues: Value = json(&out);
    let issue = issues
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["check_name"] == "AR502")
        .unwrap();
    assert_eq!(issue["location"]["lines"]["begin"], 1);
    assert!(
        issue["description"]
            .as_str()
            .unwrap()
            .ends_with(&format!("({place})"))
    );
    let (_, out, _) = run(dir.path(), &["check", "--format", "junit", "f.docx"]);
    assert!(out.contains(&format!("({place})")), "{out}");
    let (_, out, _) = run(dir.path(), &["check", "--format", "sarif", "f.docx"]);
    let sarif = json(&out);
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "AR502")
        .cloned()
        .unwrap();
    let location = &result["locations"][0];
    assert_eq!(location["logicalLocations"][0]["name"], place);
    assert!(location["physicalLocation"].get("region").is_none());
    assert!(result.get("fixes").is_none());
}

#[test]
fn findings_in_a_word_document_are_in_document_order() {
    let dir = tempfile::tempdir().unwrap();
    damaged(dir.path());
    let (_, out, _) = run(dir.path(), &["check", "--format", "json", "f.docx"]);
    let places: Vec<u64> = json(&out)["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["docx"]["paragraph"].as_u64())
        .collect();
    assert!(places.len() > 3, "{out}");
    let mut sorted = places.clone();
    sorted.sort();
    assert_eq!(places, sorted, "{out}");
}
