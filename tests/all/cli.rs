//! The command as a user runs it: exit codes, both output formats and both languages, snapshots of
//! what is printed (no colour, fixed width, fixed clock).

use predicates::prelude::*;

use super::support::cmd;

#[test]
fn exit_0_on_a_clean_report() {
    cmd()
        .args(["check", "examples/exempel-2020.yaml"])
        .assert()
        .code(0);
}

#[test]
fn exit_0_with_warnings_only() {
    cmd()
        .args(["check", "tests/fixtures/rules/AR602-unknown-region.yaml"])
        .assert()
        .code(0);
}

#[test]
fn exit_1_on_errors() {
    cmd()
        .args(["check", "tests/fixtures/rules/AR101-missing-section.yaml"])
        .assert()
        .code(1);
}

#[test]
fn exit_1_for_the_examples_directory() {
    // The README's first command: the broken copies under examples/fel/ show the diagnostics, and
    // the Skåne report has one real finding.
    cmd()
        .args(["check", "examples/"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("examples/skane-2020.yaml:1420:9]"))
        .stdout(predicate::str::contains(
            "Kontrollerade 7 filer: 11 fel, 15 varningar, 1 info",
        ));
}

#[test]
fn the_broken_examples_give_what_their_comments_promise() {
    let out = cmd()
        .args([
            "check",
            "examples/fel/",
            "--format",
            "concise",
            "--lang",
            "en",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}

#[test]
fn exit_2_on_a_missing_path_bad_schema_or_bad_arguments() {
    cmd()
        .args(["check", "finns/inte.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("finns inte"));
    cmd()
        .args(["check", "--schema", "Cargo.toml", "examples/"])
        .assert()
        .code(2);
    cmd().args(["check", "--format", "xml"]).assert().code(2);
    cmd().args(["kontrollera"]).assert().code(2);
}

#[test]
fn unreadable_file_is_exit_1_and_the_run_goes_on() {
    cmd()
        .args([
            "check",
            "--format",
            "json",
            "tests",
            "examples/exempel-2020.yaml",
        ])
        .assert()
        .code(1);
    // `src` holds no reports: a directory without reports is a usage error (exit 2), also
    // beside a named file.
    cmd()
        .args([
            "check",
            "--format",
            "json",
            "src",
            "examples/exempel-2020.yaml",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "ingen rapport hittades under src",
        ));
}

#[test]
fn human_output_snapshot_sv() {
    let out = cmd()
        .args([
            "check",
            "tests/fixtures/rules/AR102-unknown-key.yaml",
            "tests/fixtures/rules/AR002-duplicate-key.yaml",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}

#[test]
fn human_output_snapshot_en() {
    let out = cmd()
        .args([
            "check",
            "--lang",
            "en",
            "tests/fixtures/rules/AR401-missing-column.yaml",
            "tests/fixtures/rules/AR103-number-as-text.yaml",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}

#[test]
fn json_output_snapshot() {
    let out = cmd()
        .args([
            "check",
            "--format",
            "json",
            "--lang",
            "en",
            "tests/fixtures/rules/AR002-duplicate-key.yaml",
            "tests/fixtures/rules/AR202-lowercase-ja.yaml",
            "examples/exempel-2020.yaml",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    insta::assert_json_snapshot!(v);
}

#[test]
fn every_message_exists_in_both_languages() {
    for dir in ["tests/fixtures/rules"] {
        let sv = cmd()
            .args(["check", "--format", "json", dir])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let en = cmd()
            .args(["check", "--format", "json", "--lang", "en", dir])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let sv: serde_json::Value = serde_json::from_slice(&sv.stdout).unwrap_or_default();
        let en: serde_json::Value = serde_json::from_slice(&en.stdout).unwrap_or_default();
        let msgs = |v: &serde_json::Value| -> Vec<(String, String)> {
            v["files"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|f| f["diagnostics"].as_array().cloned().unwrap_or_default())
                .map(|d| {
                    (
                        d["code"].to_string(),
                        d["message"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        };
        let (sv, en) = (msgs(&sv), msgs(&en));
        assert_eq!(sv.len(), en.len());
        assert!(!sv.is_empty());
        for ((code, s), (_, e)) in sv.iter().zip(&en) {
            assert!(!s.is_empty() && !e.is_empty(), "{code}: empty message");
            // The same words in both languages would mean one of them was never translated.
            assert_ne!(s, e, "{code}: message not translated: {s}");
        }
    }
}

#[test]
fn rules_lists_every_code() {
    let out = cmd()
        .args(["rules"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&out.stdout);
    for code in aterrapport::diagnostic::Code::ALL {
        assert!(text.contains(code.as_str()), "{code}");
    }
}

/// mimalloc's first arena is 32 MiB (src/main.rs, `SMALL_FIRST_ARENA`). Asked to say what it runs
/// with, mimalloc names each option with its value, so a wrong option number or a constructor that
/// runs after mimalloc has started fails here.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_allocator_starts_with_a_small_arena() {
    cmd()
        .arg("--version")
        .env("MIMALLOC_VERBOSE", "1")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "option 'arena_reserve': 32768 KiB",
        ));
}

/// The environment still has the last word on mimalloc's options.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_environment_still_sets_the_allocators_arena() {
    cmd()
        .arg("--version")
        .env("MIMALLOC_VERBOSE", "1")
        .env("MIMALLOC_ARENA_RESERVE", "64MiB")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "option 'arena_reserve': 65536 KiB",
        ));
}

/// The executable loads the C library alone: the unwinder is linked from gcc's static
/// `libgcc_eh` (build.rs) and the maths library's two functions it calls from Rust's own port
/// (src/main.rs), so the dynamic loader maps neither `libgcc_s` nor `libm` at a start. Asked by
/// `LD_TRACE_LOADED_OBJECTS`, the loader lists what it loads and runs nothing of the program.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_executable_loads_the_c_library_alone() {
    let out = cmd()
        .env("LD_TRACE_LOADED_OBJECTS", "1")
        .output()
        .expect("runs");
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(listed.contains("libc.so"), "{listed}");
    for other in ["libm.so", "libgcc_s.so"] {
        assert!(!listed.contains(other), "{other} is loaded:\n{listed}");
    }
}

/// A standard stream the caller closed is opened on `/dev/null` before anything else runs, so no
/// file the run opens takes its number (and with it what is printed). On Linux with glibc
/// aterrapport does this itself (src/main.rs, `start`); std's start did it before.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn a_closed_standard_output_is_opened_on_dev_null() {
    assert_server_output_is_dev_null(r#"exec "$0" server >&-"#);
}

/// The same where `poll` cannot look at three descriptors because only two are allowed: one
/// `fcntl` per descriptor tells which is closed instead. The shell closes its output before it
/// lowers the limit: `>&-` on the command itself would first copy the descriptor above 10.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn a_closed_standard_output_is_opened_where_poll_cannot_run() {
    assert_server_output_is_dev_null(r#"exec >&- && ulimit -n 2 && exec "$0" server"#);
}

/// Asserts that descriptor 1 of `aterrapport server`, started by the shell command `script` (`$0`
/// is the executable), points to `/dev/null` once it runs (waiting up to 10 s). The language
/// server waits for its input, which gives the time to look at its descriptors.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn assert_server_output_is_dev_null(script: &str) {
    use std::time::{Duration, Instant};
    let bin = assert_cmd::cargo::cargo_bin("aterrapport");
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(&bin)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("sh starts");
    // `exec` keeps the process id: the shell's descriptor 1 is the pipe until then, and
    // aterrapport's exists only once its `main` has opened it.
    let proc = std::path::PathBuf::from(format!("/proc/{}", child.id()));
    let started = Instant::now();
    let target = loop {
        let running = std::fs::read_link(proc.join("exe")).is_ok_and(|exe| exe == bin);
        let target = std::fs::read_link(proc.join("fd/1"));
        if (running && target.is_ok()) || started.elapsed() > Duration::from_secs(10) {
            break target;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    drop(child.stdin.take());
    let _ = child.wait();
    assert_eq!(
        target.ok().as_deref(),
        Some(std::path::Path::new("/dev/null")),
        "{}",
        proc.display()
    );
}

/// A reader that goes away is an `EPIPE` error that the output code handles, not a SIGPIPE that
/// kills the process: aterrapport ignores the signal itself on Linux with glibc (src/main.rs,
/// `start`), as std's start did.
#[cfg(unix)]
#[test]
fn a_reader_that_goes_away_does_not_kill_the_run() {
    use std::os::unix::process::ExitStatusExt;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("aterrapport"))
        .current_dir(super::support::root())
        .args(["check", "--format", "json", "examples/", "tests/fixtures"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("aterrapport starts");
    drop(child.stdout.take());
    let status = child.wait().expect("waits");
    assert_eq!(status.signal(), None, "{status:?}");
    assert_eq!(status.code(), Some(1), "{status:?}");
}
