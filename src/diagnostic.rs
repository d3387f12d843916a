//! Findings as plain data: a stable code, a severity, a localised message, the span it is about
//! (in the report or in its strategy file), secondary labels, help and an optional fix. Rules and
//! loaders create them; output modules render them. Nothing here prints.

use serde::Serialize;

use crate::source::{FileId, Span};

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! codes {
    ($($code:ident),* $(,)?) => {
        /// Every rule code. The registry in `rules` gives each its name, severity and documentation.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($code),* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$code),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$code => stringify!($code)),* }
            }
        }
    };
}

codes!(
    AR001, AR002, AR003, AR004, AR005, AR006, AR007, AR008, AR101, AR102, AR103, AR104, AR201,
    AR202, AR203, AR204, AR301, AR302, AR303, AR304, AR305, AR306, AR401, AR402, AR403, AR404,
    AR405, AR406, AR501, AR502, AR503, AR504, AR505, AR601, AR602,
);

impl Code {
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

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
            severity: crate::rules::meta(code).severity,
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
        crate::rules::meta(self.code).name
    }
}
