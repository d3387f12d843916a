//! The open documents: their text as the editor has it, its version, the path `check` would use
//! for it (the URI percent-decoded and canonicalised), whether it is a report, and the newest
//! finished lint. Edits arrive as whole texts or as ranges; both are applied here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use super::position::{Encoding, Lines};
use crate::report::FileReport;
use crate::setup::Setup;

/// One finished lint of one version of a document.
pub struct Analysis {
    pub version: i32,
    /// The text that was linted (offsets in `report` point into it).
    pub text: Arc<str>,
    pub setup: Arc<Setup>,
    pub report: FileReport,
}

pub struct Document {
    pub uri: Uri,
    pub path: PathBuf,
    pub text: Arc<str>,
    pub version: i32,
    /// By the directory walk's text test: a top-level `rapportar:` line.
    pub is_report: bool,
    /// The newest lint that finished, possibly of an older version.
    pub analysis: Option<Arc<Analysis>>,
    /// Findings have been published for it (so that a document that stops being a report is
    /// cleared once).
    pub published: bool,
}

impl Document {
    /// The analysis of exactly the text the editor has now.
    pub fn current(&self) -> Option<&Arc<Analysis>> {
        self.analysis.as_ref().filter(|a| a.version == self.version)
    }
}

#[derive(Default)]
pub struct Store {
    docs: HashMap<Uri, Document>,
}

impl Store {
    pub fn open(&mut self, uri: Uri, text: String, version: i32) -> &Document {
        let path = path_of(&uri);
        let is_report = crate::walk::looks_like_report(&text);
        let doc = Document {
            uri: uri.clone(),
            path,
            text: text.into(),
            version,
            is_report,
            analysis: None,
            published: false,
        };
        self.docs.insert(uri.clone(), doc);
        &self.docs[&uri]
    }

    pub fn close(&mut self, uri: &Uri) -> Option<Document> {
        self.docs.remove(uri)
    }

    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.docs.get(uri)
    }

    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.docs.get_mut(uri)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Document> {
        self.docs.values()
    }

    /// Applies the edits of one `didChange` in order.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) -> Option<&Document> {
        let doc = self.docs.get_mut(uri)?;
        let mut text = doc.text.to_string();
        for change in changes {
            match change.range {
                None => text = change.text,
                Some(range) => {
                    let lines = Lines::new(&text, encoding);
                    let start = lines.offset(range.start);
                    let end = lines.offset(range.end).max(start);
                    text.replace_range(start..end, &change.text);
                }
            }
        }
        doc.is_report = crate::walk::looks_like_report(&text);
        doc.text = text.into();
        doc.version = version;
        Some(doc)
    }
}

/// The path `check` would use for the document: a `file:` URI percent-decoded and canonicalised
/// (when the file or its directory exists); any other URI (an unsaved buffer) is taken as a file
/// of that name in the working directory, so `aterrapport.toml` is still found from there.
pub fn path_of(uri: &Uri) -> PathBuf {
    let is_file = uri
        .scheme()
        .is_some_and(|s| s.as_str().eq_ignore_ascii_case("file"));
    let decoded = percent_decode(uri.path().as_str());
    if !is_file {
        let name = decoded.rsplit('/').find(|s| !s.is_empty()).unwrap_or("");
        let name = if name.is_empty() {
            "untitled.yaml"
        } else {
            name
        };
        return std::env::current_dir().unwrap_or_default().join(name);
    }
    // `file:///C:/x` on Windows: the path starts after the slash.
    let trimmed = match decoded.as_bytes() {
        [b'/', drive, b':', ..] if cfg!(windows) && drive.is_ascii_alphabetic() => &decoded[1..],
        _ => decoded.as_str(),
    };
    canonical(Path::new(trimmed))
}

fn canonical(path: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(path) {
        return c;
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir)
            .map(|d| d.join(name))
            .unwrap_or_else(|_| path.to_path_buf()),
        _ => path.to_path_buf(),
    }
}

/// `%XX` sequences decoded as UTF-8 (an invalid sequence is kept as it is).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |j: usize| bytes.get(j).and_then(|c| (*c as char).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The `file:` URI of a path (for locations in a strategy file).
pub fn uri_of(path: &Path) -> Option<Uri> {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file://");
    if !s.starts_with('/') {
        out.push('/');
    }
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_round_trip_through_paths() {
        let uri = uri_of(Path::new("/tmp/år rapport/skåne.yaml"));
        let uri = uri.unwrap_or_else(|| panic!("no uri"));
        assert_eq!(
            uri.as_str(),
            "file:///tmp/%C3%A5r%20rapport/sk%C3%A5ne.yaml"
        );
        assert_eq!(path_of(&uri), PathBuf::from("/tmp/år rapport/skåne.yaml"));
        assert_eq!(percent_decode("a%2"), "a%2");
    }
}
