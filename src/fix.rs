//! `--fix` and `--diff`: machine-applicable fixes applied as byte-range edits on the file as it is
//! on disk, so comments, order, quoting and blank lines elsewhere stay byte-identical. Fixes are
//! applied in rounds (a fix skipped because it overlaps another is applied in the next round, after
//! a fresh check) until nothing changes. Writing is atomic: a temporary file in the same directory,
//! the original's permissions, then a rename; a file that changed on disk since it was read is left
//! alone.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::lint::{FileReport, Options, check_bytes};
use crate::source::FileId;
use crate::template::Templates;

/// One edit in file bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

/// The report file's fixes as non-overlapping edits in file offsets, in order.
pub fn edits(report: &FileReport) -> Vec<Edit> {
    let mut all: Vec<Edit> = report
        .diagnostics
        .iter()
        .filter(|d| d.file == FileId::Report)
        .filter_map(|d| d.fix.as_ref())
        .map(|f| Edit {
            start: report.offsets.to_file(f.span.start),
            end: report.offsets.to_file(f.span.end),
            replacement: f.replacement.clone(),
        })
        .collect();
    all.sort_by_key(|e| (e.start, e.end));
    let mut out: Vec<Edit> = Vec::with_capacity(all.len());
    for e in all {
        if out
            .last()
            .is_some_and(|last| e.start < last.end || (e.start == last.start && e.start == e.end))
        {
            continue;
        }
        out.push(e);
    }
    out
}

pub fn apply(original: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = Vec::with_capacity(original.len());
    let mut at = 0;
    for e in edits {
        if e.start < at || e.end > original.len() {
            continue;
        }
        out.extend_from_slice(&original[at..e.start]);
        out.extend_from_slice(e.replacement.as_bytes());
        at = e.end;
    }
    out.extend_from_slice(&original[at.min(original.len())..]);
    out
}

/// What fixing one file came to.
pub struct Fixed {
    pub original: Vec<u8>,
    pub fixed: Vec<u8>,
    /// The findings fixed.
    pub count: usize,
    /// The check of the fixed text.
    pub report: FileReport,
}

/// Applies fixes in rounds, in memory. `None` when there is nothing to fix, the file cannot be
/// read again, or it no longer holds the text that was checked: the fixes' offsets point into that
/// text, and on a file changed since they would land in the wrong places.
pub fn fix_in_memory(
    report: &FileReport,
    templates: &Templates,
    options: &Options,
) -> Option<Fixed> {
    if edits(report).is_empty() {
        return None;
    }
    let original = std::fs::read(&report.source.path).ok()?;
    match crate::decode::decode(&original) {
        crate::decode::Decoded::Utf8 { text, .. } if *text == *report.source.text => {}
        _ => return None,
    }
    fix_bytes(report, original, templates, options)
}

/// Applies fixes in rounds to `original`, the bytes `report` was checked from. No I/O, so the fuzz
/// targets and `fix_in_memory` share it. `None` when there is nothing to fix.
pub fn fix_bytes(
    report: &FileReport,
    original: Vec<u8>,
    templates: &Templates,
    options: &Options,
) -> Option<Fixed> {
    let path = report.source.path.clone();
    let mut current = original.clone();
    let mut count = 0;
    let mut last = None;
    let mut edits_now = edits(report);
    for _ in 0..10 {
        if edits_now.is_empty() {
            break;
        }
        count += edits_now.len();
        current = apply(&current, &edits_now);
        let next = check_bytes(&current, &path, &report.source.display, templates, options);
        edits_now = edits(&next);
        last = Some(next);
    }
    let report = last?;
    Some(Fixed {
        original,
        fixed: current,
        count,
        report,
    })
}

#[derive(Debug)]
pub enum WriteError {
    /// The file on disk is not what was checked: someone changed it meanwhile.
    Changed,
    Io(io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => f.write_str("the file changed on disk since it was checked"),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Writes `new` over `path` if the file still holds `expected`: to a temporary file beside it with
/// the same permissions, then renamed over it. `sink` writes the bytes (tests inject failures there).
pub fn write_atomic(
    path: &Path,
    expected: &[u8],
    new: &[u8],
    sink: &dyn Fn(&mut File, &[u8]) -> io::Result<()>,
) -> Result<(), WriteError> {
    let on_disk = std::fs::read(path).map_err(WriteError::Io)?;
    if on_disk != expected {
        return Err(WriteError::Changed);
    }
    let permissions = std::fs::metadata(path)
        .map_err(WriteError::Io)?
        .permissions();
    replace_via_temp(path, new, Some(permissions), sink).map_err(WriteError::Io)
}

/// Writes `bytes` to a temporary file beside `path` (with `permissions`, if given) and renames it
/// over `path`; on failure the temporary file is removed and `path` is untouched.
fn replace_via_temp(
    path: &Path,
    bytes: &[u8],
    permissions: Option<std::fs::Permissions>,
    sink: &dyn Fn(&mut File, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp: PathBuf = dir.join(format!(".{name}.aterrapport-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = File::create(&temp)?;
        sink(&mut file, bytes)?;
        file.flush()?;
        file.sync_all()?;
        if let Some(permissions) = permissions {
            std::fs::set_permissions(&temp, permissions)?;
        }
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Writes a file aterrapport owns (a baseline, a new report skeleton) through a temporary file
/// beside it, so a failure never leaves half a file behind.
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    replace_via_temp(path, bytes, None, &plain_sink)
}

pub fn plain_sink(file: &mut File, bytes: &[u8]) -> io::Result<()> {
    file.write_all(bytes)
}

/// A unified diff of the fix, for `--diff`.
pub fn unified_diff(display: &str, original: &[u8], fixed: &[u8]) -> String {
    let old = String::from_utf8_lossy(original);
    let new = String::from_utf8_lossy(fixed);
    similar::TextDiff::from_lines(old.as_ref(), new.as_ref())
        .unified_diff()
        .context_radius(2)
        .header(
            &format!("a/{}", display.trim_start_matches('/')),
            &format!("b/{}", display.trim_start_matches('/')),
        )
        .missing_newline_hint(false)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_edits_wait_for_the_next_round() {
        let e = |s, e, r: &str| Edit {
            start: s,
            end: e,
            replacement: r.into(),
        };
        let applied = apply(b"abcdef", &[e(0, 1, "A"), e(2, 4, "XY"), e(5, 6, "")]);
        assert_eq!(applied, b"AbXYe");
    }
}
