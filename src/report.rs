//! What checking one file gives: its source (and its strategy file's), the template it was checked
//! against, the findings and, while it is needed, the parsed document. Emitters, baselines and the
//! reviewer's commands read it; only the pipeline in `lint` makes it.

use std::sync::Arc;

use crate::decode::OffsetMap;
use crate::diagnostic::{Diagnostic, Related};
use crate::document::Document;
use crate::place::{WordLocation, WordMap};
use crate::source::{FileId, SourceFile};

/// Everything known about one checked file.
#[derive(Debug)]
pub struct FileReport {
    pub source: SourceFile,
    pub strategy: Option<SourceFile>,
    /// Decoded offsets → file offsets (control characters were replaced before parsing).
    pub offsets: OffsetMap,
    pub strategy_offsets: OffsetMap,
    pub template: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub document: Option<Document>,
    /// For a Word document: where each value of the imported YAML came from. Findings in the
    /// report then point at paragraphs and table cells instead of YAML lines.
    pub word: Option<Arc<WordMap>>,
}

impl FileReport {
    pub(crate) fn new(source: SourceFile) -> Self {
        FileReport {
            source,
            strategy: None,
            offsets: OffsetMap::default(),
            strategy_offsets: OffsetMap::default(),
            template: None,
            diagnostics: Vec::new(),
            document: None,
            word: None,
        }
    }

    pub fn source_of(&self, file: FileId) -> &SourceFile {
        match file {
            FileId::Strategy => self.strategy.as_ref().unwrap_or(&self.source),
            FileId::Report => &self.source,
        }
    }

    pub fn offsets_of(&self, file: FileId) -> &OffsetMap {
        match file {
            FileId::Strategy => &self.strategy_offsets,
            FileId::Report => &self.offsets,
        }
    }

    /// The Word place of a finding in a `.docx` report (none for YAML, and none for a finding in
    /// a strategy file, which is YAML).
    pub fn word_location(&self, d: &Diagnostic) -> Option<&WordLocation> {
        match (&self.word, d.file) {
            (Some(map), FileId::Report) => map.locate(d.span),
            _ => None,
        }
    }

    /// The Word place of a secondary label, as for `word_location`.
    pub fn word_location_of_related(&self, d: &Diagnostic, r: &Related) -> Option<&WordLocation> {
        match (&self.word, d.file) {
            (Some(map), FileId::Report) => map.locate(r.span),
            _ => None,
        }
    }
}
