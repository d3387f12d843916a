//! `strategi: { fil: … }`: the strategy kept in a file of its own. The path is resolved relative
//! to the report and must stay inside the project root (the nearest ancestor directory with
//! `aterrapport.toml` or `.git`, else the report's directory): no absolute paths, no `..` or
//! symlink out of it. The file's mapping replaces `{ fil: … }` in the report's value, and its spans
//! are entered under `/strategi` with `FileId::Strategy`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::decode::{Decoded, OffsetMap, decode};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::document::{Document, Limits, load};
use crate::i18n::Lang;
use crate::source::{FileId, SourceFile};

pub struct Resolved {
    pub file: Option<SourceFile>,
    pub offsets: OffsetMap,
    pub diagnostics: Vec<Diagnostic>,
}

/// The project root of a report (FORMAT.md).
pub fn project_root(report: &Path) -> PathBuf {
    let dir = report
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let dir = if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir
    };
    let start = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
    start
        .ancestors()
        .find(|a| a.join("aterrapport.toml").exists() || a.join(".git").exists())
        .map_or(start.clone(), Path::to_path_buf)
}

pub fn resolve(
    report: &Path,
    doc: &mut Document,
    value: &mut Value,
    limits: Limits,
    trusted: &[PathBuf],
    lang: Lang,
) -> Resolved {
    let mut out = Resolved {
        file: None,
        offsets: OffsetMap::default(),
        diagnostics: Vec::new(),
    };
    let Some(strategi) = value.get("strategi").and_then(Value::as_object) else {
        return out;
    };
    let Some(fil) = strategi.get("fil") else {
        return out;
    };
    let fil_span = doc
        .span("/strategi/fil")
        .map(|s| s.primary())
        .unwrap_or_default();
    let error = |message: String, help: String| {
        Diagnostic::new(Code::AR006, fil_span)
            .pointer("/strategi/fil")
            .message(message)
            .help(help)
    };
    for key in strategi.keys().filter(|k| *k != "fil") {
        let span = doc
            .span(&format!("/strategi/{key}"))
            .and_then(|s| s.key)
            .unwrap_or(fil_span);
        out.diagnostics.push(
            Diagnostic::new(Code::AR006, span)
                .pointer(format!("/strategi/{key}"))
                .message(lang.pick(
                    &format!("`{key}` står bredvid `fil`: med `fil` hämtas hela strategin från filen"),
                    &format!("`{key}` stands beside `fil`: with `fil` the whole strategy comes from the file"),
                ))
                .help(lang.pick(
                    "flytta nyckeln till strategifilen, eller ta bort `fil` och skriv strategin här",
                    "move the key into the strategy file, or remove `fil` and write the strategy here",
                )),
        );
    }
    if !out.diagnostics.is_empty() {
        return out;
    }
    let Some(fil) = fil.as_str() else {
        out.diagnostics.push(error(
            lang.pick("`fil` ska vara en sökväg", "`fil` must be a path"),
            String::new(),
        ));
        return out;
    };
    let root = project_root(report);
    let inside = lang.pick(
        &format!(
            "sökvägen är relativ till rapporten och måste ligga inom projektet ({})",
            root.display()
        ),
        &format!(
            "the path is relative to the report and must stay inside the project ({})",
            root.display()
        ),
    );
    if Path::new(fil).is_absolute() {
        out.diagnostics.push(error(
            lang.pick(
                &format!("strategifilen `{fil}` anges med absolut sökväg"),
                &format!("the strategy file `{fil}` is given as an absolute path"),
            ),
            inside,
        ));
        return out;
    }
    let dir = report.parent().unwrap_or(Path::new("."));
    let joined = dir.join(fil);
    let canonical = match std::fs::canonicalize(&joined) {
        Ok(c) => c,
        Err(_) => {
            out.diagnostics.push(error(
                lang.pick(
                    &format!("strategifilen `{fil}` finns inte"),
                    &format!("the strategy file `{fil}` does not exist"),
                ),
                inside,
            ));
            return out;
        }
    };
    if !canonical.starts_with(&root) && !trusted.contains(&canonical) {
        out.diagnostics.push(error(
            lang.pick(
                &format!("strategifilen `{fil}` ligger utanför projektet"),
                &format!("the strategy file `{fil}` lies outside the project"),
            ),
            inside,
        ));
        return out;
    }
    let bytes = match read_limited(&canonical, limits.max_bytes) {
        Ok(b) => b,
        Err(reason) => {
            out.diagnostics.push(error(
                lang.pick(
                    &format!("strategifilen `{fil}` kan inte läsas: {reason}"),
                    &format!("the strategy file `{fil}` cannot be read: {reason}"),
                ),
                String::new(),
            ));
            return out;
        }
    };
    let (text, replaced) = match decode(&bytes) {
        Decoded::Utf8 { text, replaced } => (text, replaced),
        Decoded::NotUtf8 { encoding, .. } => {
            out.diagnostics.push(error(
                lang.pick(
                    &format!(
                        "strategifilen `{fil}` är inte UTF-8 (ser ut som {})",
                        encoding.name()
                    ),
                    &format!(
                        "the strategy file `{fil}` is not UTF-8 (looks like {})",
                        encoding.name()
                    ),
                ),
                lang.pick("spara om filen som UTF-8", "save the file again as UTF-8"),
            ));
            return out;
        }
    };
    let display = {
        let d = Path::new(&report.to_string_lossy().replace('\\', "/"))
            .parent()
            .map(|p| p.join(fil));
        d.map_or_else(
            || fil.to_string(),
            |p| p.to_string_lossy().replace('\\', "/"),
        )
    };
    let source = SourceFile::new(display, canonical, text);
    let (strategy_doc, diagnostics) = load(&source.text, FileId::Strategy, limits, lang);
    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    out.diagnostics.extend(diagnostics);
    out.offsets = OffsetMap::new(&replaced);
    match strategy_doc.value {
        Some(v @ Value::Object(_)) if !failed => {
            for (pointer, span) in strategy_doc.spans {
                if pointer.is_empty() {
                    continue;
                }
                doc.spans.insert(format!("/strategi{pointer}"), span);
            }
            if let Some(slot) = value.get_mut("strategi") {
                *slot = v;
            }
        }
        _ => {
            out.diagnostics.push(error(
                lang.pick(
                    &format!("strategifilen `{fil}` innehåller ingen giltig strategi (en mappning med `namn`, `malbegrepp`, `mal`)"),
                    &format!("the strategy file `{fil}` holds no valid strategy (a mapping with `namn`, `malbegrepp`, `mal`)"),
                ),
                String::new(),
            ));
        }
    }
    out.file = Some(source);
    out
}

/// Reads at most `max + 1` bytes, so an over-large file is noticed without reading it whole.
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    read_capped(file, meta.len(), max)
}

/// Reads `reader` to its end, failing past `max` bytes or on any I/O error (a disk failing midway
/// gives an error, never a truncated text). `size_hint` only sizes the buffer.
pub fn read_capped(
    reader: impl std::io::Read,
    size_hint: u64,
    max: u64,
) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(size_hint.min(max) as usize + 1);
    reader
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > max {
        return Err(format!("larger than {max} bytes"));
    }
    Ok(bytes)
}
