//! Findings as plain data: a stable code, a severity, a localised message, the span it is about
//! (in the report or in its strategy file), secondary labels, help and an optional fix. Rules and
//! loaders create them; output modules render them. Nothing here prints.

use crate::source::{FileId, Span};

pub use crate::codes::{Code, Severity};

/// A secondary label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

impl Related {
    pub fn new(span: Span, message: String) -> Self {
        Related { span, message }
    }
}

/// A machine-applicable edit: replace the bytes of `span` (in the diagnostic's file) with
/// `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub span: Span,
    pub replacement: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// Text of the primary label under the code frame.
    pub label: Option<String>,
    pub help: Option<String>,
    pub span: Span,
    pub file: FileId,
    pub pointer: Option<String>,
    pub related: Vec<Related>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(code: Code, span: Span) -> Self {
        Diagnostic {
            code,
            severity: code.meta().severity,
            message: String::new(),
            label: None,
            help: None,
            span,
            file: FileId::Report,
            pointer: None,
            related: Vec::new(),
            fix: None,
        }
    }

    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        let help = help.into();
        self.help = if help.is_empty() { None } else { Some(help) };
        self
    }

    pub fn file(mut self, file: FileId) -> Self {
        self.file = file;
        self
    }

    pub fn pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    pub fn related(mut self, related: Related) -> Self {
        self.related.push(related);
        self
    }

    pub fn fix(mut self, span: Span, replacement: impl Into<String>) -> Self {
        self.fix = Some(Fix {
            span,
            replacement: replacement.into(),
        });
        self
    }

    pub fn name(&self) -> &'static str {
        self.code.meta().name
    }
}
