//! What checking one file gives: its source (and its strategy file's), the template it was checked
//! against, the findings and, while it is needed, the parsed document. Emitters, baselines and the
//! reviewer's commands read it; only the pipeline in `lint` makes it.

use crate::decode::OffsetMap;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
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
}
