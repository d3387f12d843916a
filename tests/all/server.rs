//! `aterrapport server` spoken to as an editor would: the binary is spawned and JSON-RPC goes over
//! its pipes. Every wait is bounded, so a server that hangs fails the test instead of blocking it.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::support::{root, split_strategy};

const WAIT: Duration = Duration::from_secs(30);

struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: mpsc::Receiver<Value>,
    next_id: i64,
    /// Notifications that arrived while waiting for something else.
    backlog: Vec<Value>,
    /// The result of `initialize`.
    init: Value,
}

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

impl Client {
    fn start(init: Value) -> Client {
        Client::start_in(&root(), init)
    }

    fn start_in(dir: &Path, init: Value) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_aterrapport"))
            .args(["server", "--stdio"])
            .current_dir(dir)
            .env("ATERRAPPORT_CURRENT_YEAR", "2026")
            .env("ATERRAPPORT_SERVER_TEST_HOOKS", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(m) = read_message(&mut r) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        let mut c = Client {
            child,
            stdin,
            rx,
            next_id: 0,
            backlog: Vec::new(),
            init: Value::Null,
        };
        let mut params = json!({ "processId": null, "rootUri": null, "capabilities": {} });
        if let (Some(p), Some(extra)) = (params.as_object_mut(), init.as_object()) {
            for (k, v) in extra {
                p.insert(k.clone(), v.clone());
            }
        }
        c.init = c.request("initialize", params);
        c.notify("initialized", json!({}));
        c
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn next(&mut self, deadline: Instant) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        let m = self
            .rx
            .recv_timeout(left)
            .unwrap_or_else(|e| panic!("no message from the server in time: {e}"));
        // Requests from the server (registrations) get an empty answer.
        if m.get("method").is_some()
            && let Some(id) = m.get("id")
        {
            let id = id.clone();
            self.send(json!({ "jsonrpc": "2.0", "id": id, "result": null }));
        }
        m
    }

    /// The whole response (with `result` or `error`).
    fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let deadline = Instant::now() + WAIT;
        loop {
            let m = self.next(deadline);
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return m;
            }
            if m.get("method").is_some() {
                self.backlog.push(m);
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let m = self.request_raw(method, params);
        assert!(m.get("error").is_none(), "{method} failed: {m}");
        m["result"].clone()
    }

    /// The next `publishDiagnostics` for `uri`.
    fn diagnostics(&mut self, uri: &str) -> (Option<i64>, Vec<Value>) {
        let is_it = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        let m = match self.backlog.iter().position(is_it) {
            Some(i) => self.backlog.remove(i),
            None => {
                let deadline = Instant::now() + WAIT;
                loop {
                    let m = self.next(deadline);
                    if is_it(&m) {
                        break m;
                    }
                    if m.get("method").is_some() {
                        self.backlog.push(m);
                    }
                }
            }
        };
        let version = m["params"]["version"].as_i64();
        let list = m["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        (version, list)
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "yaml", "version": 1, "text": text } }),
        );
        let (version, list) = self.diagnostics(uri);
        assert_eq!(version, Some(1));
        list
    }

    fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    fn at(&mut self, method: &str, uri: &str, line: u32, character: u32) -> Value {
        self.request(
            method,
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        )
    }

    fn shutdown_and_exit(mut self) -> ExitStatus {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        wait(&mut self.child)
    }
}

fn wait(child: &mut Child) -> ExitStatus {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uri(path: &Path) -> String {
    let path = std::fs::canonicalize(path).unwrap();
    let mut out = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/rules").join(name)
}

fn skane() -> (String, String) {
    let path = root().join("examples/skane-2020.yaml");
    (uri(&path), std::fs::read_to_string(&path).unwrap())
}

/// Line and column (0-based) of the first `needle` in `text`, plus `delta` characters.
fn find(text: &str, needle: &str, delta: u32) -> (u32, u32) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    let line = text[..at].matches('\n').count() as u32;
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..at].encode_utf16().count() as u32 + delta)
}

/// `code line:column severity` of a published diagnostic (1-based, as `check` prints).
fn key(d: &Value) -> String {
    let severity = match d["severity"].as_i64() {
        Some(1) => "error",
        Some(2) => "warning",
        Some(3) => "info",
        _ => "none",
    };
    format!(
        "{} {}:{} {severity}",
        d["code"].as_str().unwrap_or(""),
        d["range"]["start"]["line"].as_i64().unwrap_or(-1) + 1,
        d["range"]["start"]["character"].as_i64().unwrap_or(-1) + 1
    )
}

/// Applies LSP text edits (UTF-16 positions) to a text.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let character = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        let rest = &text[start..];
        for (i, c) in rest.char_indices() {
            if units >= character || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, t) in edits {
        out.replace_range(s..e, &t);
    }
    out
}

/// What `check --fix` writes for this text.
fn fixed_by_check(name: &str, text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    super::support::cmd()
        .args(["check", "--fix", "--isolated"])
        .arg(&path)
        .output()
        .unwrap();
    std::fs::read_to_string(&path).unwrap()
}

#[test]
fn diagnostics_equal_check_on_every_rule_fixture() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/rules"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let output = super::support::cmd()
        .args(["check", "--format", "json", "--lang", "en"])
        .args(&files)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut client = Client::start(json!({ "initializationOptions": { "lang": "en" } }));
    let mut compared = 0;
    for (file, checked) in files.iter().zip(json["files"].as_array().unwrap()) {
        let text = std::fs::read_to_string(file).unwrap();
        if !aterrapport::walk::looks_like_report(&text) {
            continue;
        }
        let expected: Vec<String> = checked["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                format!(
                    "{} {}:{} {}",
                    d["code"].as_str().unwrap(),
                    d["line"],
                    d["column"],
                    d["severity"].as_str().unwrap()
                )
            })
            .collect();
        let got: Vec<String> = client.open(&uri(file), &text).iter().map(key).collect();
        assert_eq!(got, expected, "{}", file.display());
        compared += 1;
    }
    assert!(compared > 40, "only {compared} fixtures compared");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_change_relints_and_the_clean_text_clears_the_findings() {
    let path = fixture("AR202-lowercase-ja.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let u = uri(&path);
    let mut client = Client::start(json!({}));
    let first = client.open(&u, &text);
    assert_eq!(
        first.iter().map(key).collect::<Vec<_>>(),
        ["AR202 148:11 error"]
    );
    // An incremental edit: one more line that breaks the YAML.
    client.change(
        &u,
        2,
        json!([{ "range": { "start": { "line": 3, "character": 0 }, "end": { "line": 3, "character": 0 } }, "text": "\tfel: [\n" }]),
    );
    let (version, second) = client.diagnostics(&u);
    assert_eq!(version, Some(2));
    assert!(second.iter().any(|d| d["code"] == "AR001"), "{second:?}");
    // The whole text replaced with the fixed one: an empty list, published all the same.
    let clean = fixed_by_check("r.yaml", &text);
    client.change(&u, 3, json!([{ "text": clean }]));
    let (version, third) = client.diagnostics(&u);
    assert_eq!((version, third.len()), (Some(3), 0), "{third:?}");
}

#[test]
fn hover_on_a_section_key_names_its_number_and_heading() {
    let (u, text) = skane();
    let mut client = Client::start(json!({}));
    client.open(&u, &text);
    let (line, col) = find(&text, "    innovation:", 6);
    let hover = client.at("textDocument/hover", &u, line, col);
    let value = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(value.contains("1.2.1 Innovation"), "{value}");
    // A goal reference shows the goal's text.
    let (line, col) = find(&text, "visionsmål 2:", 3);
    let hover = client.at("textDocument/hover", &u, line, col);
    let value = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(
        value.contains("Skåne ska vara en stark hållbar tillväxtmotor"),
        "{value}"
    );
}

#[test]
fn hover_on_a_finding_shows_the_rules_documentation() {
    let path = fixture("AR202-lowercase-ja.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let u = uri(&path);
    let mut client = Client::start(json!({}));
    client.open(&u, &text);
    let hover = client.at("textDocument/hover", &u, 147, 11);
    let value = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(value.contains("AR202"), "{value}");
}

#[test]
fn completion_offers_the_tables_keys_in_a_row_and_values_in_cells() {
    let (u, text) = skane();
    let mut client = Client::start(json!({}));
    client.open(&u, &text);
    let (line, col) = find(&text, "          bidrag_till_mal:", 10);
    let items = client.at("textDocument/completion", &u, line, col);
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    let templates = aterrapport::template::Templates::builtin();
    let table = templates
        .get("aterrapport-2020")
        .and_then(|t| t.node("/aterrapportering_1/innovation_och_foretagande/innovation/insatser"))
        .unwrap();
    for column in table.columns().unwrap() {
        for k in column.keys {
            assert!(labels.contains(&k.as_str()), "{k} missing from {labels:?}");
        }
    }
    // Keys already in the row are sorted after the others.
    let sort = |label: &str| {
        items
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["label"] == label)
            .unwrap()["sortText"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(sort("namn").starts_with('1'));
    // Goal references in a goal cell.
    let (line, col) = find(
        &text,
        "            Regionala utvecklingsstrategins visionsmål 2",
        12,
    );
    let goals = client.at("textDocument/completion", &u, line, col);
    assert!(
        goals
            .to_string()
            .contains("visionsmål 3: Skåne ska stärka mångfalden"),
        "{goals}"
    );
}

#[test]
fn completion_offers_ja_and_nej_for_yes_no_answers() {
    let (u, text) = skane();
    let mut client = Client::start(json!({}));
    client.open(&u, &text);
    let (line, _) = find(&text, "    svar: ", 0);
    let items = client.at("textDocument/completion", &u, line, 10);
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Ja", "Nej"]);
}

fn actions(client: &mut Client, u: &str, line: u32, only: Option<&str>) -> Vec<Value> {
    let mut context = json!({ "diagnostics": [] });
    if let Some(kind) = only {
        context["only"] = json!([kind]);
    }
    client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": u },
                "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 0 } },
                "context": context,
            }),
        )
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn edits_of(action: &Value, u: &str) -> Vec<Value> {
    action["edit"]["changes"][u]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn the_quickfix_for_a_yes_no_finding_writes_ja_as_fix_does() {
    let path = fixture("AR202-lowercase-ja.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let u = uri(&path);
    let mut client = Client::start(json!({}));
    client.open(&u, &text);
    let all = actions(&mut client, &u, 147, None);
    let fix = all
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["isPreferred"] == true)
        .unwrap_or_else(|| panic!("no quickfix in {all:?}"));
    let edits = edits_of(fix, &u);
    assert_eq!(edits.len(), 1);
    assert!(
        matches!(edits[0]["newText"].as_str(), Some("Ja" | "Nej")),
        "{edits:?}"
    );
    let expected = fixed_by_check("r.yaml", &text);
    assert_eq!(apply(&text, &edits), expected);
    // source.fixAll gives the same text.
    let all = actions(&mut client, &u, 0, Some("source.fixAll"));
    let fix_all = all
        .iter()
        .find(|a| a["kind"] == "source.fixAll.aterrapport")
        .unwrap();
    assert_eq!(apply(&text, &edits_of(fix_all, &u)), expected);
}

#[test]
fn ignore_this_finding_here_writes_a_suppression_that_works() {
    let path = fixture("AR202-lowercase-ja.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let u = uri(&path);
    let mut client = Client::start(json!({}));
    client.open(&u, &text);
    let all = actions(&mut client, &u, 147, Some("quickfix"));
    let ignore = all
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.contains("Ignorera AR202"))
        })
        .unwrap_or_else(|| panic!("no ignore action in {all:?}"));
    let suppressed = apply(&text, &edits_of(ignore, &u));
    assert!(suppressed.contains("# aterrapport: ignore AR202"));
    client.change(&u, 2, json!([{ "text": suppressed }]));
    let (_, list) = client.diagnostics(&u);
    assert!(list.is_empty(), "{list:?}");
}

#[test]
fn definition_goes_from_a_goal_reference_to_the_goal() {
    let (u, text) = skane();
    let mut client = Client::start(json!({}));
    client.open(&u, &text);
    let (line, col) = find(&text, "visionsmål 2:", 11);
    let location = client.at("textDocument/definition", &u, line, col);
    let (goal_line, _) = find(&text, "    - id: \"2\"", 0);
    assert_eq!(location["uri"], u.as_str(), "{location}");
    assert_eq!(location["range"]["start"]["line"], goal_line);
}

#[test]
fn document_symbols_outline_the_sections() {
    let (u, text) = skane();
    let mut client = Client::start(json!({}));
    client.open(&u, &text);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": u } }),
    );
    let mut names = Vec::new();
    let mut stack: Vec<Value> = symbols.as_array().unwrap().clone();
    while let Some(s) = stack.pop() {
        names.push(s["name"].as_str().unwrap().to_string());
        stack.extend(s["children"].as_array().cloned().unwrap_or_default());
    }
    assert!(names.iter().any(|n| n == "1.2.1 Innovation"), "{names:?}");
    let first = &symbols[0];
    assert!(
        first["children"].as_array().is_some_and(|c| !c.is_empty()),
        "{first}"
    );
}

#[test]
fn garbage_and_positions_past_the_end_do_not_stop_the_server() {
    let mut client = Client::start(json!({}));
    let u = "file:///tmp/aterrapport-garbage/skrap.yaml";
    let garbage = "rapportar: [\n\t- {{{\n\u{0}\u{7f}😀: : :\n  - ]]]\n\"\n";
    let list = client.open(u, garbage);
    assert!(!list.is_empty());
    for method in [
        "textDocument/hover",
        "textDocument/completion",
        "textDocument/definition",
    ] {
        for (line, character) in [(0, 0), (2, 3), (9999, 9999), (1, 99)] {
            client.at(method, u, line, character);
        }
    }
    client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": u } }),
    );
    actions(&mut client, u, 9999, None);
    // An edit far past the end, then one inside a surrogate pair.
    client.change(
        u,
        2,
        json!([{ "range": { "start": { "line": 500, "character": 9 }, "end": { "line": 900, "character": 0 } }, "text": "x" }]),
    );
    client.diagnostics(u);
    client.change(
        u,
        3,
        json!([{ "range": { "start": { "line": 2, "character": 3 }, "end": { "line": 2, "character": 3 } }, "text": "å" }]),
    );
    client.diagnostics(u);
    // A document that is not a report gets nothing, and unknown documents are no error.
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": "file:///tmp/x/ci.yaml", "languageId": "yaml", "version": 1, "text": "jobs: {}\n" } }),
    );
    client.at("textDocument/hover", "file:///tmp/never-opened.yaml", 0, 0);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_panic_inside_a_request_is_answered_and_the_server_goes_on() {
    let (u, text) = skane();
    let mut client = Client::start(json!({}));
    client.open(&u, &text);
    let answer = client.request_raw("aterrapport/testPanic", json!({}));
    assert_eq!(answer["error"]["code"], -32603, "{answer}");
    let (line, col) = find(&text, "    innovation:", 6);
    let hover = client.at("textDocument/hover", &u, line, col);
    assert!(hover["contents"]["value"].as_str().is_some());
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn shutdown_then_exit_ends_with_status_zero() {
    let client = Client::start(json!({}));
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
    // Without shutdown, `exit` ends with 1 (as LSP asks).
    let mut client = Client::start(json!({}));
    client.notify("exit", Value::Null);
    assert_eq!(wait(&mut client.child).code(), Some(1));
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let mut client = Client::start(json!({
        "capabilities": { "general": { "positionEncodings": ["utf-8", "utf-16"] } }
    }));
    assert_eq!(client.init["capabilities"]["positionEncoding"], "utf-8");
    // Columns count bytes: check's columns (scalar values) turned into bytes of the line.
    let mut differ = 0;
    for name in [
        "AR501-non-nfc.yaml",
        "AR502-lost-diacritics.yaml",
        "AR602-common-name.yaml",
    ] {
        let path = fixture(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let output = super::support::cmd()
            .args(["check", "--format", "json"])
            .arg(&path)
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        let expected: Vec<(u64, u64)> = json["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let line = d["line"].as_u64().unwrap() - 1;
                let column = d["column"].as_u64().unwrap() as usize - 1;
                let text_line = text.lines().nth(line as usize).unwrap();
                let bytes: usize = text_line.chars().take(column).map(char::len_utf8).sum();
                differ += usize::from(bytes != column);
                (line, bytes as u64)
            })
            .collect();
        let got: Vec<(u64, u64)> = client
            .open(&uri(&path), &text)
            .iter()
            .map(|d| {
                let start = &d["range"]["start"];
                (
                    start["line"].as_u64().unwrap(),
                    start["character"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(got, expected, "{name}");
    }
    assert!(differ > 0, "no finding after a non-ASCII character");
    let client16 = Client::start(json!({}));
    assert_eq!(client16.init["capabilities"]["positionEncoding"], "utf-16");
}

#[test]
fn messages_follow_init_options_and_then_aterrapport_toml() {
    let path = fixture("AR202-lowercase-ja.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut client = Client::start(json!({ "initializationOptions": { "lang": "en" } }));
    let list = client.open(&uri(&path), &text);
    assert!(
        list[0]["message"].as_str().unwrap().contains("must be"),
        "{list:?}"
    );
    // A project whose aterrapport.toml says Swedish wins over the editor's option.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("aterrapport.toml"), "lang = \"sv\"\n").unwrap();
    std::fs::write(dir.path().join("r.yaml"), &text).unwrap();
    let list = client.open(&uri(&dir.path().join("r.yaml")), &text);
    assert_eq!(list[0]["code"], "AR202");
    assert!(
        !list[0]["message"].as_str().unwrap().contains("must be"),
        "{list:?}"
    );
}

#[test]
fn a_changed_strategy_file_relints_the_reports_that_use_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let source = std::fs::read_to_string(root().join("examples/skane-2020.yaml")).unwrap();
    let (report, strategy) = split_strategy(&source, "strategi.yaml");
    std::fs::write(dir.path().join("strategi.yaml"), &strategy).unwrap();
    let report_path = dir.path().join("rapport.yaml");
    std::fs::write(&report_path, &report).unwrap();
    let u = uri(&report_path);
    let mut client = Client::start_in(dir.path(), json!({}));
    let before = client.open(&u, &report);
    assert!(!before.iter().any(|d| d["code"] == "AR301"), "{before:?}");
    // Goal 2 disappears from the strategy: references to it are now unknown.
    let without = strategy.replace("id: \"2\"", "id: \"22\"");
    std::fs::write(dir.path().join("strategi.yaml"), without).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&dir.path().join("strategi.yaml")), "type": 2 }] }),
    );
    let (_, after) = client.diagnostics(&u);
    assert!(after.iter().any(|d| d["code"] == "AR301"), "{after:?}");
}

#[test]
fn a_burst_of_changes_publishes_in_order_and_ends_with_the_newest_version() {
    let path = fixture("AR202-lowercase-ja.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let u = uri(&path);
    let mut client = Client::start(json!({}));
    client.open(&u, &text);
    for version in 2..=30 {
        let edited = format!("{text}# {version}\n");
        client.change(&u, version, json!([{ "text": edited }]));
    }
    let mut seen = Vec::new();
    loop {
        let (version, list) = client.diagnostics(&u);
        let version = version.unwrap();
        assert_eq!(list.len(), 1, "one finding in every version");
        seen.push(version);
        if version == 30 {
            break;
        }
    }
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
}

/// A real editor as the client: headless Neovim (`editors/nvim/diagnostics.sh`) opens a report
/// with the configuration of `editors/nvim/aterrapport.lua` and prints what the server
/// published, which must be `check`'s findings at the same lines and columns. Skipped, with the
/// reason printed, where Neovim is not installed.
#[test]
fn neovim_receives_the_findings_of_check() {
    if Command::new("nvim").arg("--version").output().is_err() {
        println!("SKIP: nvim is not installed (apt-get install neovim runs this test)");
        return;
    }
    let report = "examples/fel/04-ja-nej-och-inklistrad-text.yaml";
    let out = Command::new("bash")
        .current_dir(root())
        .args([
            "editors/nvim/diagnostics.sh",
            "--bin",
            env!("CARGO_BIN_EXE_aterrapport"),
            "--timeout",
            "30",
            report,
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stdout.starts_with("SKIP:") {
        println!("{stdout}");
        return;
    }
    assert!(out.status.success(), "{stdout}{stderr}");
    let seen: Vec<String> = stdout
        .lines()
        .map(|l| l.split(' ').take(2).collect::<Vec<_>>().join(" "))
        .collect();
    let check = Command::new(env!("CARGO_BIN_EXE_aterrapport"))
        .current_dir(root())
        .args(["check", "--format", "concise", report])
        .output()
        .unwrap();
    let expected: Vec<String> = String::from_utf8_lossy(&check.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix(&format!("{report}:")))
        .map(|l| l.split(' ').take(2).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(seen, expected, "{stdout}{stderr}");
}
