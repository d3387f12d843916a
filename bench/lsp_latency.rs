//! The language server's keystroke loop, measured as an editor sees it: the release binary is
//! started as `aterrapport server`, opens the Skåne report, and receives one `didChange` at a time
//! (a character typed into a text, alternately added and removed); the time from sending the
//! change to the `publishDiagnostics` of that version is recorded. Prints the median, the 90th
//! percentile and the extremes.
//!
//! Usage: cargo build --release --bin aterrapport && cargo run --release --example lsp_latency [N]

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length:") {
            length = n.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn send(w: &mut impl Write, message: &Value) -> std::io::Result<()> {
    let body = message.to_string();
    write!(w, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    w.flush()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(200)
        .max(1);
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let binary = root.join("target/release/aterrapport");
    let report = std::fs::canonicalize(root.join("examples/skane-2020.yaml"))?;
    let text = std::fs::read_to_string(&report)?;
    let mut uri = String::from("file://");
    for b in report.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    let mut child = Command::new(&binary)
        .args(["server", "--stdio"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e} (build it with --release first)", binary.display()))?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let mut stdout = BufReader::new(child.stdout.take().ok_or("no stdout")?);
    let mut wait_for = |pred: &dyn Fn(&Value) -> bool| -> Result<Value, String> {
        loop {
            let m = read_message(&mut stdout).ok_or("the server closed its output")?;
            if pred(&m) {
                return Ok(m);
            }
        }
    };
    let init = json!({ "processId": null, "rootUri": null, "capabilities": {} });
    send(
        &mut stdin,
        &json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": init }),
    )?;
    wait_for(&|m| m["id"] == 1)?;
    send(
        &mut stdin,
        &json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }),
    )?;
    send(
        &mut stdin,
        &json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": { "uri": uri, "languageId": "yaml", "version": 1, "text": text } } }),
    )?;
    let published = |version: i64| {
        move |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
        }
    };
    wait_for(&published(1))?;

    // A character typed at the end of the first line of text under 1.1.1, then deleted again.
    let (line, character) = {
        let at = text
            .find("fastställdes av regionfullmäktige")
            .ok_or("text not found")?;
        let line = text[..at].matches('\n').count();
        (line, 0)
    };
    let mut times: Vec<Duration> = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let version = round as i64 + 2;
        let change = if round % 2 == 0 {
            json!({ "range": { "start": { "line": line, "character": character }, "end": { "line": line, "character": character } }, "text": " " })
        } else {
            json!({ "range": { "start": { "line": line, "character": character }, "end": { "line": line, "character": character + 1 } }, "text": "" })
        };
        let start = Instant::now();
        send(
            &mut stdin,
            &json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] } }),
        )?;
        wait_for(&published(version))?;
        times.push(start.elapsed());
    }
    send(
        &mut stdin,
        &json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null }),
    )?;
    wait_for(&|m| m["id"] == 2)?;
    send(
        &mut stdin,
        &json!({ "jsonrpc": "2.0", "method": "exit", "params": null }),
    )?;
    let status = child.wait()?;

    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "didChange → publishDiagnostics, {} lines, {rounds} changes: median {:.1} ms, p90 {:.1} ms, min {:.1} ms, max {:.1} ms (target 50 ms, floor 100 ms); server exited with {status}",
        text.lines().count(),
        ms(at(0.5)),
        ms(at(0.9)),
        ms(at(0.0)),
        ms(at(1.0)),
    );
    Ok(())
}
