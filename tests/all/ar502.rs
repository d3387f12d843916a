//! AR502 measured on real damage: 40 prose paragraphs of Region Skåne's 2020 report as they came
//! out of the PDF (tests/data/ar502/damaged.yaml), every damaged word listed by hand in
//! expected.tsv, and the same paragraphs repaired (repaired.yaml). Recall must stay at 90 % or more,
//! every AR502 must be a listed damaged word, and the repaired text must give none.

use aterrapport::diagnostic::{Code, Diagnostic};
use aterrapport::lint::FileReport;

use super::support::{check, cmd, positions, root};

struct Expected {
    line: usize,
    column: usize,
    damaged: String,
    repaired: String,
}

fn expected() -> Vec<Expected> {
    let path = root().join("tests/data/ar502/expected.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "{l}");
            Expected {
                line: f[0].parse().unwrap(),
                column: f[1].parse().unwrap(),
                damaged: f[2].to_string(),
                repaired: f[3].to_string(),
            }
        })
        .collect()
}

/// (line, column, text in the span) of each AR502.
fn found(report: &FileReport) -> Vec<(usize, usize, String, &Diagnostic)> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::AR502)
        .map(|d| {
            let (line, column) = report.source.line_col(d.span.start);
            (line, column, report.source.slice(d.span).to_string(), d)
        })
        .collect()
}

#[test]
fn recall_on_real_pdf_damage_is_at_least_90_percent_with_no_false_positive() {
    let report = check(&root().join("tests/data/ar502/damaged.yaml"));
    let found = found(&report);
    let expected = expected();
    assert!(expected.len() > 700, "{}", expected.len());

    // Every finding is a listed damaged word, at its place, with its repair among the suggestions.
    let mut wrong = Vec::new();
    let mut right_repair = 0;
    for (line, column, text, d) in &found {
        match expected
            .iter()
            .find(|e| e.line == *line && e.column == *column && e.damaged == *text)
        {
            None => wrong.push(format!("{line}:{column} {text:?}: {}", d.message)),
            Some(e) => {
                if d.message.contains(&format!("“{}”", e.repaired)) {
                    right_repair += 1;
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "AR502 on undamaged text:\n{}",
        wrong.join("\n")
    );

    let recall = found.len() as f64 / expected.len() as f64;
    eprintln!(
        "AR502 recall {}/{} = {:.1} %, right repair suggested for {}",
        found.len(),
        expected.len(),
        recall * 100.0,
        right_repair
    );
    assert!(recall >= 0.90, "recall {:.1} %", recall * 100.0);
    assert_eq!(
        right_repair,
        found.len(),
        "a finding suggests the wrong word"
    );
}

#[test]
fn the_repaired_paragraphs_give_no_finding() {
    let report = check(&root().join("tests/data/ar502/repaired.yaml"));
    let found = found(&report);
    assert!(
        found.is_empty(),
        "{:?}",
        found.iter().map(|f| (f.0, f.1, &f.2)).collect::<Vec<_>>()
    );
}

#[test]
fn fix_repairs_every_unambiguous_word_and_only_those() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("rapport.yaml");
    std::fs::copy(
        root().join("tests/fixtures/rules/AR502-lost-diacritics.yaml"),
        &path,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    cmd().arg("check").arg("--fix").arg(&path).assert().code(0);
    let fixed = std::fs::read_to_string(&path).unwrap_or_default();
    // Only "a r" (är or år) is left, for a person to decide.
    assert_eq!(positions(&check(&path)), ["AR502 25:41"]);
    for repaired in [
        "Det Öppna Skåne 2030",
        "vägledande för regionens",
        "fokus på att",
        "i Jönköping och",
        "den idéburna sektorn",
        "i områdesstrategier. Insatserna",
        "\"Checkar till företag som",
        "'Fyrtio checkar har beviljats under året.'",
    ] {
        assert!(fixed.contains(repaired), "{repaired} not in:\n{fixed}");
    }
    cmd().arg("check").arg("--fix").arg(&path).assert().code(0);
    assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), fixed);
}

/// A report checked on its own learns its words while it is parsed, from every string the parser
/// reads, including the path in `strategi: { fil: … }`, which the strategy file's mapping then
/// replaces. Named "Vrångsjöberga.yaml", that path would teach AR502 the word that repairs
/// "Vra ngsjo berga"; the words are learned again from the report as checked, so both threads
/// find what one finds: no AR502 there. With the word in the report itself, the repair is found.
#[test]
fn a_strategy_files_path_teaches_no_words() {
    let example = std::fs::read_to_string(root().join("examples/exempel-2020.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let damaged = example.replace(
        "omställning i näringslivet.",
        "omställning i Vra ngsjo berga.",
    );
    let (report, strategy) = super::support::split_strategy(&damaged, "Vrångsjöberga.yaml");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("Vrångsjöberga.yaml"), strategy)
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("rapport.yaml"), report).unwrap_or_else(|e| panic!("{e}"));
    let holding = damaged.replace("har två målområden.", "har två målområden i Vrångsjöberga.");
    std::fs::write(dir.path().join("ord.yaml"), holding).unwrap_or_else(|e| panic!("{e}"));
    let run = |file: &str, jobs: &str| {
        let out = cmd()
            .current_dir(dir.path())
            .args(["check", file, "--format", "json", "-j", jobs])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let (two, one) = (run("rapport.yaml", "2"), run("rapport.yaml", "1"));
    assert_eq!(two, one);
    assert!(!two.contains("AR006"), "the strategy file is read: {two}");
    assert!(!two.contains("AR502"), "{two}");
    let holding = run("ord.yaml", "2");
    assert!(
        holding.contains("AR502") && holding.contains("Vrångsjöberga"),
        "{holding}"
    );
}
