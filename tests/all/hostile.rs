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

fn write(path: &std::path::Path, bytes: impl AsRef<[u8]>) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// `check --format json` over `args` with a one-minute guard against hangs: the exit code and, per
/// file name, its codes.
fn run_json(args: &[&std::path::Path]) -> (i32, Vec<(String, Vec<String>)>) {
    let out = super::support::cmd()
        .args(["check", "--format", "json", "--lang", "en"])
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    let files = v["files"]
        .as_array()
        .map(|files| {
            files
                .iter()
                .map(|f| {
                    let name = f["path"]
                        .as_str()
                        .and_then(|p| p.rsplit('/').next())
                        .unwrap_or_default()
                        .to_string();
                    let codes = f["diagnostics"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
                        .collect();
                    (name, codes)
                })
                .collect()
        })
        .unwrap_or_default();
    (out.status.code().unwrap_or(-1), files)
}

#[test]
fn a_50_mb_file_is_a_limit_and_not_read_whole() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("stor.yaml");
    let mut big = valid().into_bytes();
    big.resize(50 * 1024 * 1024, b'#');
    write(&path, &big);
    let (code, files) = run_json(&[&path]);
    assert_eq!(code, 1);
    assert_eq!(
        files,
        [("stor.yaml".to_string(), vec!["AR005".to_string()])]
    );
}

/// Every kind of hostile input in one directory beside a clean report: each gets its own
/// diagnostic, the clean one is still checked, and the run ends with exit 1 (findings), not 2.
#[cfg(unix)]
#[test]
fn a_batch_of_hostile_inputs_checks_every_other_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let text = valid();
    write(&d.join("a-ren.yaml"), &text);
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    write(&d.join("b-utf16le.yaml"), le);
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    write(&d.join("c-utf16be.yaml"), be);
    // Windows-1252 (Latin-1 for å, ä, ö); the few characters it lacks are left out.
    let cp1252: Vec<u8> = text
        .chars()
        .filter_map(|c| u8::try_from(u32::from(c)).ok())
        .collect();
    write(&d.join("d-cp1252.yaml"), cp1252);
    write(
        &d.join("e-nul.yaml"),
        text.replacen("Kommunerna deltar", "Kommunerna\0 deltar", 1),
    );
    write(&d.join("f-crlf.yaml"), text.replace('\n', "\r\n"));
    let mut big = text.clone().into_bytes();
    big.resize(50 * 1024 * 1024, b'#');
    write(&d.join("g-stor.yaml"), big);
    std::fs::create_dir(d.join("h-katalog.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let fifo = d.join("i-fifo.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
    // A loop: walking must not follow it.
    std::os::unix::fs::symlink(d, d.join("j-loop")).unwrap_or_else(|e| panic!("{e}"));

    let (code, files) = run_json(&[d]);
    assert_eq!(code, 1);
    let expected: Vec<(String, Vec<String>)> = [
        ("a-ren.yaml", vec![]),
        ("b-utf16le.yaml", vec!["AR003"]),
        ("c-utf16be.yaml", vec!["AR003"]),
        ("d-cp1252.yaml", vec!["AR003"]),
        ("e-nul.yaml", vec!["AR505"]),
        ("f-crlf.yaml", vec![]),
        ("g-stor.yaml", vec!["AR005"]),
        ("i-fifo.yaml", vec!["AR008"]),
    ]
    .into_iter()
    .map(|(n, c)| (n.to_string(), c.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(files, expected);

    // Named on the command line: the FIFO is AR008 too, never opened.
    let (code, files) = run_json(&[&fifo, &d.join("a-ren.yaml")]);
    assert_eq!(code, 1);
    assert_eq!(
        files,
        [
            ("a-ren.yaml".to_string(), vec![]),
            ("i-fifo.yaml".to_string(), vec!["AR008".to_string()]),
        ]
    );
    // A directory is walked whatever its name, as `check rapporter/` is; here it holds no
    // report, which is a usage error even beside a named report.
    super::support::cmd()
        .args(["check", "--format", "json"])
        .arg(d.join("h-katalog.yaml"))
        .arg(d.join("a-ren.yaml"))
        .timeout(Duration::from_secs(60))
        .assert()
        .code(2);
    // Through the loop itself: the same files, found once.
    let (code, looped) = run_json(&[&d.join("j-loop")]);
    assert_eq!(code, 1);
    assert_eq!(looped.len(), expected.len());
}

#[cfg(unix)]
#[test]
fn a_fifo_is_not_a_regular_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fifo = dir.path().join("x.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
    let report = guarded(move || check(&fifo));
    assert_eq!(codes(&report), ["AR008"]);
    assert!(
        report.diagnostics[0].message.contains("not a regular file"),
        "{}",
        report.diagnostics[0].message
    );
}

/// A reader that gives some bytes and then fails, as a disk or network share can.
struct FailingMidway(usize);

impl std::io::Read for FailingMidway {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.0 == 0 {
            return Err(std::io::Error::other("I/O error (injected)"));
        }
        let n = buf.len().min(self.0).min(1000);
        buf[..n].fill(b'#');
        self.0 -= n;
        Ok(n)
    }
}

#[test]
fn a_read_failing_midway_is_unreadable_not_truncated() {
    use aterrapport::strategy::read_capped;
    let read = read_capped(FailingMidway(5000), 10_000, 10 * 1024 * 1024);
    assert!(read.is_err(), "a partial read was taken as the file");
    let report = aterrapport::lint::check_read(
        read,
        std::path::Path::new("rapport.yaml"),
        "rapport.yaml",
        &aterrapport::template::Templates::builtin(),
        &super::support::options(),
    );
    assert_eq!(positions(&report), ["AR008 1:1"]);
    assert!(
        report.diagnostics[0].message.contains("injected"),
        "{}",
        report.diagnostics[0].message
    );
    assert!(report.document.is_none());
}

/// More ways out of the project root, each AR006 with the strategy never read: `..` hidden in the
/// middle of a path, an absolute path even to a file inside, a symlinked directory pointing out.
#[test]
fn strategy_files_cannot_escape_by_any_route() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let project = dir.path().join("projekt");
    let outside = dir.path().join("utanfor");
    std::fs::create_dir_all(project.join("strategier")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(&outside).unwrap_or_else(|e| panic!("{e}"));
    write(&project.join(".git"), "");
    write(&project.join("strategier/rus.yaml"), strategy_body());
    write(&outside.join("rus.yaml"), strategy_body());
    let report = project.join("rapport.yaml");
    let inside_absolute = project.join("strategier/rus.yaml");
    let mut routes = vec![
        "strategier/../../utanfor/rus.yaml".to_string(),
        "./../utanfor/rus.yaml".to_string(),
        inside_absolute.to_string_lossy().into_owned(),
    ];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, project.join("delad"))
            .unwrap_or_else(|e| panic!("{e}"));
        routes.push("delad/rus.yaml".to_string());
    }
    for fil in routes {
        write(&report, with_strategy(&format!("\"{fil}\"")));
        let r = check(&report);
        assert_eq!(codes(&r), ["AR006"], "{fil}");
        assert!(r.strategy.is_none(), "{fil} was read");
    }
    // Going out and back in stays inside: that is allowed.
    write(&report, with_strategy("../projekt/strategier/rus.yaml"));
    let r = check(&report);
    assert!(r.diagnostics.is_empty(), "{:?}", positions(&r));
}

/// Inputs the fuzz targets (fuzz/) found to break an invariant, kept as regression tests.
/// Every diagnostic's span must lie on character boundaries of the text: the emitters slice it.
#[test]
fn fuzz_regressions() {
    use aterrapport::decode::{Decoded, decode};
    use aterrapport::document::{Limits, load};
    use aterrapport::i18n::Lang;
    use aterrapport::source::FileId;
    // Carriage returns alone as line breaks, NULs and a multi-byte character after a syntax error.
    let crash_a59b0f31: &[u8] = b"# yaml-language-server: $schem\r\r.\x04.\r\rv\0\0\0=,\0b|\r\r..\r\rv\0\r\r\r\r|\r\r...\rBv\0\0=bar(\0..=\t\t;\t\t\tey expe     - id: \"2.1\"\xc3\xa5dgi ";
    for input in [crash_a59b0f31] {
        let Decoded::Utf8 { text, .. } = decode(input) else {
            panic!("UTF-8 input");
        };
        let (_, diagnostics) = load(&text, FileId::Report, Limits::default(), Lang::En);
        for d in &diagnostics {
            assert!(
                text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end),
                "{d:?} in {text:?}"
            );
        }
        let report = check_text("fuzz.yaml", input);
        for d in &report.diagnostics {
            let text = &report.source_of(d.file).text;
            assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        }
    }
}
