//! `--fix` and `--diff`: one file with one of each fixable defect comes out clean of them, changed
//! only on the lines that held a defect, and a second `--fix` changes nothing. Writing is atomic
//! and refuses to overwrite a file that changed since it was checked.

use std::collections::BTreeSet;

use aterrapport::fix::{WriteError, plain_sink, write_atomic};

use super::support::{check, cmd, root};

/// The small example with one defect of each fixable kind (and the lines they are on).
fn broken() -> String {
    let text =
        std::fs::read_to_string(root().join("examples/exempel-2020.yaml")).unwrap_or_default();
    let edits = [
        (
            "        - namn: Lärcentrumnätverket",
            "        - namn: 2020",
        ), // AR103
        ("    svar: Nej", "    svar: nej"), // AR202
        (
            "målområde 2: Ett konkurrenskraftigt näringsliv.",
            "målområde 2: Ett konkurenskraftigt näringsliv.",
        ), // AR302
        ("        - id: \"2.1\"", "        - id: 2.1"), // AR306
        ("        typ: uppföljning", "        typ: Uppfoljning"), // AR406
        ("regionfullmäktige 2019", "regionfullma\u{308}ktige 2019"), // AR501
        (
            "    - Egna medel används",
            "    \u{f0b7} Egna medel används",
        ), // AR503
        (
            "Lärcentrum finns i sju kommuner.",
            "Lärcentrum finns i sju\u{200b} kommuner.   ",
        ), // AR505
        (
            "Kompetensplattformen samlar länets aktörer.",
            "Kompetensplattformen samlar länets akto rer.",
        ), // AR502
    ];
    let mut out = text;
    for (old, new) in edits {
        assert_eq!(out.matches(old).count(), 1, "{old}");
        out = out.replace(old, new);
    }
    out
}

const FIXABLE: &[&str] = &[
    "AR103", "AR202", "AR302", "AR306", "AR406", "AR501", "AR502", "AR503", "AR505",
];

#[test]
fn fix_cleans_every_fixable_defect_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("rapport.yaml");
    let original = broken();
    std::fs::write(&path, &original).unwrap_or_else(|e| panic!("{e}"));

    let before = check(&path);
    let codes: BTreeSet<String> = before
        .diagnostics
        .iter()
        .map(|d| d.code.to_string())
        .collect();
    for code in FIXABLE {
        assert!(
            codes.contains(*code),
            "the test file lacks {code}: {codes:?}"
        );
    }
    let defect_lines: BTreeSet<usize> = before
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .flat_map(|f| {
            let (a, _) = before.source.line_col(f.span.start);
            let (b, _) = before.source.line_col(f.span.end);
            a..=b
        })
        .collect();

    cmd().arg("check").arg("--fix").arg(&path).assert().code(0);
    let fixed = std::fs::read_to_string(&path).unwrap_or_default();
    let after = check(&path);
    let left: Vec<String> = after
        .diagnostics
        .iter()
        .map(|d| d.code.to_string())
        .collect();
    assert!(
        left.iter().all(|c| !FIXABLE.contains(&c.as_str())),
        "left after --fix: {left:?}"
    );

    // Only lines that held a defect changed.
    let diff = similar::TextDiff::from_lines(&original, &fixed);
    for op in diff.ops() {
        for change in diff.iter_changes(op) {
            if change.tag() == similar::ChangeTag::Delete {
                let line = change.old_index().map_or(0, |i| i + 1);
                assert!(
                    defect_lines.contains(&line),
                    "line {line} changed: {:?}",
                    change.value()
                );
            }
        }
    }
    assert!(fixed.contains("- namn: \"2020\""));
    assert!(fixed.contains("svar: Nej"));
    assert!(fixed.contains("- id: \"2.1\""));
    assert!(fixed.contains("• Egna medel"));

    // A second run changes nothing.
    cmd().arg("check").arg("--fix").arg(&path).assert().code(0);
    assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), fixed);
}

#[test]
fn diff_shows_without_writing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("rapport.yaml");
    std::fs::write(&path, broken()).unwrap_or_else(|e| panic!("{e}"));
    let out = cmd()
        .arg("check")
        .arg("--diff")
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("-    svar: nej") && text.contains("+    svar: Nej"),
        "{text}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), broken());
    // A clean file: no diff, exit 0.
    cmd()
        .args(["check", "--diff", "examples/exempel-2020.yaml"])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn files_without_fixes_are_never_touched() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("rapport.yaml");
    std::fs::copy(
        root().join("tests/fixtures/rules/AR101-missing-section.yaml"),
        &path,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
    cmd().arg("check").arg("--fix").arg(&path).assert().code(1);
    assert_eq!(
        std::fs::metadata(&path).and_then(|m| m.modified()).ok(),
        before
    );
}

#[test]
fn a_failed_write_leaves_the_original_intact() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("rapport.yaml");
    std::fs::write(&path, "original\n").unwrap_or_else(|e| panic!("{e}"));
    let failing = |file: &mut std::fs::File, bytes: &[u8]| {
        use std::io::Write;
        file.write_all(&bytes[..bytes.len() / 2])?;
        Err(std::io::Error::other("disk full (injected)"))
    };
    let result = write_atomic(
        &path,
        b"original\n",
        b"a much longer fixed text\n",
        &failing,
    );
    assert!(matches!(result, Err(WriteError::Io(_))));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        "original\n"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 1, "temporary file left behind: {left:?}");
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("rapport.yaml");
    std::fs::write(&path, "changed by someone else\n").unwrap_or_else(|e| panic!("{e}"));
    let result = write_atomic(&path, b"what was checked\n", b"fixed\n", &plain_sink);
    assert!(matches!(result, Err(WriteError::Changed)));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        "changed by someone else\n"
    );
}

#[cfg(unix)]
#[test]
fn permissions_are_preserved() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("rapport.yaml");
    std::fs::write(&path, "a\n").unwrap_or_else(|e| panic!("{e}"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640))
        .unwrap_or_else(|e| panic!("{e}"));
    write_atomic(&path, b"a\n", b"b\n", &plain_sink).unwrap_or_else(|e| panic!("{e}"));
    let mode = std::fs::metadata(&path)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0);
    assert_eq!(mode, 0o640);
    assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), "b\n");
}

/// The file changes between the check and the fix (an editor saves it): the fixes, computed for
/// the text that was checked, are not applied to the new text.
#[test]
fn a_file_changed_between_check_and_fix_is_left_alone() {
    use aterrapport::fix::fix_in_memory;
    use aterrapport::template::Templates;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("rapport.yaml");
    std::fs::write(&path, broken()).unwrap_or_else(|e| panic!("{e}"));
    let report = check(&path);
    let templates = Templates::builtin();
    let options = super::support::options();
    assert!(fix_in_memory(&report, &templates, &options).is_some());
    let edited = format!("# en ny rad överst\n{}", broken());
    std::fs::write(&path, &edited).unwrap_or_else(|e| panic!("{e}"));
    assert!(fix_in_memory(&report, &templates, &options).is_none());
    assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), edited);
}
