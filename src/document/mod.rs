//! YAML text → a `serde_json::Value` plus a table from JSON pointer to the spans of each key and
//! value. Built from `saphyr-parser` events with an explicit stack (no recursion), under the limits of
//! RULES.md (depth, alias expansion, one document), resolving scalars by the YAML 1.2 core schema.
//! Problems found while loading come back as diagnostics, never as `Err`.

mod errors;
mod input;
mod load;
mod locate;
mod resolve;
#[cfg(test)]
mod tests;

use saphyr_parser::ScalarStyle;
use serde_json::Value;

use crate::source::{FileId, Span};

pub use load::{load, load_with};
pub use locate::{ScalarWalk, locate_in_scalar};

/// Limits on untrusted input (RULES.md, "Limits").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: u64,
    pub max_depth: usize,
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 10 * 1024 * 1024,
            max_depth: 64,
            max_nodes: 100_000,
        }
    }
}

/// How a node was written, as far as rules care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Map,
    Seq,
    /// A string, with the style it was written in.
    Str(Style),
    Int,
    /// A float written in the source (so `2.10` is known to have been a float, not `2.1`).
    Float,
    /// `.inf`, `-.inf`, `.nan`: stored as 0 in the JSON value, reported as a number.
    NonFinite,
    Bool,
    Null,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

impl From<ScalarStyle> for Style {
    fn from(s: ScalarStyle) -> Self {
        match s {
            ScalarStyle::Plain => Style::Plain,
            ScalarStyle::SingleQuoted => Style::SingleQuoted,
            ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
            ScalarStyle::Literal => Style::Literal,
            ScalarStyle::Folded => Style::Folded,
        }
    }
}

/// Where one node stands in its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeSpan {
    /// The key's span when the node is a mapping value.
    pub key: Option<Span>,
    /// The value's span. For block scalars it starts at the `|`/`>` indicator; for block
    /// collections it ends with their last child.
    pub value: Span,
    /// For block scalars, where the content starts (after the header line).
    pub content: Span,
    pub kind: NodeKind,
    pub file: FileId,
}

impl NodeSpan {
    /// The span a diagnostic about this node should underline: its value, or its key where the
    /// value has no text of its own (`key:` with nothing after it).
    pub fn primary(&self) -> Span {
        match self.key {
            Some(k) if self.value.is_empty() => k,
            _ => self.value,
        }
    }
}

/// A loaded YAML document.
#[derive(Debug, Default)]
pub struct Document {
    /// `None` when the file holds no document at all (empty or only comments) or loading failed.
    pub value: Option<Value>,
    pub spans: foldhash::HashMap<String, NodeSpan>,
}

impl Document {
    pub fn span(&self, pointer: &str) -> Option<&NodeSpan> {
        self.spans.get(pointer)
    }
}

pub fn escape_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The value a JSON pointer names, as `Value::pointer` finds it, without its two copies of every
/// token: serde_json undoes `~1` and `~0` with a `replace` each, also for the tokens (almost all)
/// that hold no `~`. The rules look values up by pointer in every row of every table.
pub fn lookup<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(value);
    }
    let rest = pointer.strip_prefix('/')?;
    rest.split('/').try_fold(value, |target, token| {
        let unescaped;
        let token = if token.contains('~') {
            unescaped = token.replace("~1", "/").replace("~0", "~");
            unescaped.as_str()
        } else {
            token
        };
        match target {
            Value::Object(map) => map.get(token),
            Value::Array(list) => array_index(token).and_then(|i| list.get(i)),
            _ => None,
        }
    })
}

/// An array index as serde_json's `pointer` reads one: decimal, no sign, no leading zero.
fn array_index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
}

/// Appends a key or index to a JSON pointer.
pub fn child_pointer(parent: &str, token: &str) -> String {
    let mut p = String::with_capacity(parent.len() + token.len() + 1);
    p.push_str(parent);
    p.push('/');
    // Almost every key needs no escaping: no copy of it then.
    if token.contains(['~', '/']) {
        p.push_str(&escape_token(token));
    } else {
        p.push_str(token);
    }
    p
}
