//! Baselines, for a repository that adopts aterrapport midway: `--write-baseline FILE` records
//! today's findings, `--baseline FILE` hides them and reports only what is new.
//!
//! A finding is recorded by its file (relative to the baseline's directory, so the baseline works
//! from any working directory) and its fingerprint (`fingerprint.rs`: code, pointer, offending text,
//! occurrence — never line numbers or the localised message). Inserting lines above a finding, or
//! switching `--lang`, therefore does not make an old finding new.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::fingerprint::fingerprints;
use crate::report::FileReport;

const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct File {
    #[serde(rename = "aterrapport-baseline")]
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    file: String,
    code: String,
    fingerprint: String,
}

/// The recorded findings.
#[derive(Debug, Default)]
pub struct Baseline {
    dir: PathBuf,
    known: HashSet<(String, String)>,
}

/// The directory a baseline file's paths are relative to.
fn dir_of(baseline: &Path) -> PathBuf {
    let absolute = std::path::absolute(baseline).unwrap_or_else(|_| baseline.to_path_buf());
    absolute.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// `path` relative to `dir` when it lies under it (lexically, after removing `.` and `..`),
/// otherwise absolute; always with `/`.
fn relative(path: &Path, dir: &Path) -> String {
    let absolute = normalise(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    let dir = normalise(dir);
    let shown = absolute.strip_prefix(&dir).unwrap_or(&absolute);
    shown.to_string_lossy().replace('\\', "/")
}

fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// Collects findings, file by file, for a new baseline at `path`.
#[derive(Debug)]
pub struct Recorder {
    dir: PathBuf,
    findings: Vec<Entry>,
}

impl Recorder {
    pub fn new(path: &Path) -> Recorder {
        Recorder {
            dir: dir_of(path),
            findings: Vec::new(),
        }
    }

    pub fn add(&mut self, report: &FileReport) {
        let file = relative(&report.source.path, &self.dir);
        for (d, fingerprint) in report.diagnostics.iter().zip(fingerprints(report)) {
            self.findings.push(Entry {
                file: file.clone(),
                code: d.code.to_string(),
                fingerprint,
            });
        }
    }

    /// Writes the baseline; returns how many findings it holds.
    pub fn write(self, path: &Path) -> std::io::Result<usize> {
        let count = self.findings.len();
        let text = serde_json::to_string_pretty(&File {
            version: VERSION,
            findings: self.findings,
        })
        .map_err(std::io::Error::other)?;
        crate::fix::write_new(path, format!("{text}\n").as_bytes())?;
        Ok(count)
    }
}

/// Writes every finding of `reports` to `path`; returns how many.
pub fn write(path: &Path, reports: &[FileReport]) -> std::io::Result<usize> {
    let mut recorder = Recorder::new(path);
    for report in reports {
        recorder.add(report);
    }
    recorder.write(path)
}

/// Why a baseline file cannot be used.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    Format(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::Format(e) => write!(f, "{e}"),
        }
    }
}

impl Baseline {
    pub fn read(path: &Path) -> Result<Baseline, ReadError> {
        let text = std::fs::read_to_string(path).map_err(ReadError::Io)?;
        let file: File =
            serde_json::from_str(&text).map_err(|e| ReadError::Format(e.to_string()))?;
        if file.version != VERSION {
            return Err(ReadError::Format(format!(
                "version {} (this aterrapport reads version {VERSION})",
                file.version
            )));
        }
        Ok(Baseline {
            dir: dir_of(path),
            known: file
                .findings
                .into_iter()
                .map(|e| (e.file, e.fingerprint))
                .collect(),
        })
    }

    /// Removes the findings the baseline knows; returns how many were removed.
    pub fn filter(&self, reports: &mut [FileReport]) -> usize {
        let mut hidden = 0;
        for report in reports.iter_mut() {
            let file = relative(&report.source.path, &self.dir);
            let keep: Vec<bool> = fingerprints(report)
                .into_iter()
                .map(|fp| !self.known.contains(&(file.clone(), fp)))
                .collect();
            let before = report.diagnostics.len();
            let mut flags = keep.into_iter();
            report.diagnostics.retain(|_| flags.next().unwrap_or(true));
            hidden += before - report.diagnostics.len();
        }
        hidden
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_baseline() {
        assert_eq!(
            relative(Path::new("/r/a/../b/x.yaml"), Path::new("/r")),
            "b/x.yaml"
        );
        assert_eq!(
            relative(Path::new("/s/x.yaml"), Path::new("/r")),
            "/s/x.yaml"
        );
    }
}
