//! Hostile and broken inputs: each ends in its RULES.md diagnostic, never a panic, a hang or a
//! stack overflow. A generous timeout guards against hangs; speed itself is measured in benchmarks.

use std::sync::mpsc;
use std::time::Duration;

use aterrapport::lint::FileReport;

use super::support::{check, check_text, codes, positions, root};

/// Runs `f` on a thread with a big enough stack to tell a real overflow from a small default, and
/// fails if it takes longer than a minute.
fn guarded(f: impl FnOnce() -> FileReport + Send + 'static) -> FileReport {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let _ = tx.send(f());
        })
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    rx.recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("timed out or crashed"))
}

fn valid() -> String {
    std::fs::read_to_string(root().join("examples/exempel-2020.yaml")).unwrap_or_default()
}

#[test]
fn billion_laughs_is_a_limit() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..20 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let report = guarded(move || check_text("bomb.yaml", text.as_bytes()));
    assert_eq!(codes(&report), ["AR005"]);
}

#[test]
fn deep_nesting_is_a_limit() {
    let flow = "a: ".to_string() + &"[".repeat(5000) + &"]".repeat(5000) + "\n";
    let report = guarded(move || check_text("flow.yaml", flow.as_bytes()));
    assert_eq!(codes(&report), ["AR005"]);
    let mut block = String::new();
    for i in 0..5000 {
        block.push_str(&" ".repeat(i));
        block.push_str("k:\n");
    }
    let report = guarded(move || check_text("block.yaml", block.as_bytes()));
    assert_eq!(codes(&report), ["AR005"]);
}

#[test]
fn utf16_in_both_byte_orders() {
    let text = valid();
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for (name, bytes) in [("le.yaml", le), ("be.yaml", be)] {
        let report = check_text(name, &bytes);
        assert_eq!(positions(&report), ["AR003 1:1"], "{name}");
        assert!(
            report.diagnostics[0].message.contains("UTF-16"),
            "{}",
            report.diagnostics[0].message
        );
    }
}

#[test]
fn windows_1252_points_at_the_first_bad_byte() {
    let bytes = b"region: Region Sk\xe5ne\nrapportar: 2020\n";
    let report = check_text("cp1252.yaml", bytes);
    assert_eq!(positions(&report), ["AR003 1:18"]);
    assert!(report.diagnostics[0].message.contains("Windows-1252"));
}

#[test]
fn empty_and_comment_only_files() {
    for text in ["", "# bara en kommentar\n", "\n\n", "---\n"] {
        let report = check_text("empty.yaml", text.as_bytes());
        assert_eq!(positions(&report), ["AR101 1:1"], "{text:?}");
    }
}

#[test]
fn nul_bytes_are_reported_and_the_rest_still_checked() {
    let text = valid()
        .replace("Kommunerna deltar", "Kommunerna\0 deltar")
        .replace("region: Region Kalmar län", "region: Region Kalmar lan");
    let report = check_text("nul.yaml", text.as_bytes());
    assert_eq!(codes(&report), ["AR602", "AR505"]);
    // The fix offsets refer to the file on disk, before U+FFFD replaced the NUL.
    let d = &report.diagnostics[1];
    assert_eq!(
        report.offsets.to_file(d.span.end) - report.offsets.to_file(d.span.start),
        1
    );
}

#[test]
fn crlf_line_endings_are_fine() {
    let text = valid().replace('\n', "\r\n");
    let report = check_text("crlf.yaml", text.as_bytes());
    assert!(report.diagnostics.is_empty(), "{:?}", positions(&report));
    let broken = text.replace("    utmaningar:\r\n", "    utmaningr:\r\n");
    assert_eq!(
        positions(&check_text("crlf.yaml", broken.as_bytes())),
        ["AR102 24:5"]
    );
}

#[test]
fn a_file_over_the_size_limit_is_not_read() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("stor.yaml");
    let big = "# ".to_string() + &"x".repeat(11 * 1024 * 1024) + "\n";
    std::fs::write(&path, big).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(positions(&check(&path)), ["AR005 1:1"]);
}

#[test]
fn directories_and_fifos_are_unreadable_files() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fake = dir.path().join("rapport.yaml");
    std::fs::create_dir(&fake).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(codes(&check(&fake)), ["AR008"]);
    #[cfg(unix)]
    {
        let fifo = dir.path().join("fifo.yaml");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status();
        if status.is_ok_and(|s| s.success()) {
            let report = guarded(move || check(&fifo));
            assert_eq!(codes(&report), ["AR008"]);
        }
    }
    assert_eq!(
        codes(&check(&dir.path().join("finns-inte.yaml"))),
        ["AR008"]
    );
}

fn with_strategy(fil: &str) -> String {
    let text = valid();
    let start = text.find("strategi:\n").unwrap_or(0);
    let end = text.find("aterrapportering_1:").unwrap_or(0);
    format!(
        "{}strategi:\n  fil: {fil}\n\n{}",
        &text[..start],
        &text[end..]
    )
}

fn strategy_body() -> String {
    let text = valid();
    let start = text.find("strategi:\n").unwrap_or(0) + "strategi:\n".len();
    let end = text.find("aterrapportering_1:").unwrap_or(0);
    text[start..end]
        .lines()
        .map(|l| l.strip_prefix("  ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn strategy_files_resolve_inside_the_project_only() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let project = dir.path().join("projekt");
    std::fs::create_dir_all(project.join("strategier")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(project.join("aterrapport.toml"), "").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(project.join("strategier/rus.yaml"), strategy_body())
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("utanfor.yaml"), strategy_body())
        .unwrap_or_else(|e| panic!("{e}"));
    let report = project.join("rapport.yaml");

    std::fs::write(&report, with_strategy("strategier/rus.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let r = check(&report);
    assert!(r.diagnostics.is_empty(), "{:?}", positions(&r));
    assert!(r.strategy.is_some());

    // A broken goal in the strategy file is reported in that file, at its own line.
    let broken = strategy_body().replace("id: \"2.1\"", "id: 2.1");
    std::fs::write(project.join("strategier/rus.yaml"), &broken).unwrap_or_else(|e| panic!("{e}"));
    let r = check(&report);
    assert_eq!(positions(&r), ["AR306 10:13"]);
    assert_eq!(r.diagnostics[0].file, aterrapport::source::FileId::Strategy);

    for (fil, why) in [
        ("../utanfor.yaml", "outside"),
        ("/etc/passwd", "absolute"),
        ("strategier/saknas.yaml", "does not exist"),
    ] {
        std::fs::write(&report, with_strategy(fil)).unwrap_or_else(|e| panic!("{e}"));
        let r = check(&report);
        assert_eq!(codes(&r), ["AR006"], "{fil}");
        assert!(
            r.diagnostics[0].message.contains(why),
            "{fil}: {}",
            r.diagnostics[0].message
        );
        assert!(r.strategy.is_none(), "{fil} was read");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            dir.path().join("utanfor.yaml"),
            project.join("strategier/lank.yaml"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&report, with_strategy("strategier/lank.yaml"))
            .unwrap_or_else(|e| panic!("{e}"));
        let r = check(&report);
        assert_eq!(codes(&r), ["AR006"]);
        assert!(r.strategy.is_none());
    }
}
