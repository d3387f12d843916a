//! Which files to check. A file named on the command line is always checked; under a directory,
//! `*.yaml`/`*.yml` files are walked (respecting `.gitignore`, in sorted order) and checked when
//! they are reports: their top-level mapping has a `rapportar` key. That test is made on the text
//! (a line that starts with `rapportar:`, quoted or not, or the key of a JSON-style mapping), so a
//! report that no longer parses is still found and its
//! syntax error reported. A FIFO, socket or device named like a report is listed too, and reported
//! as unreadable (AR008) without being opened.

use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// As the user should see it: the given path, or the given directory joined with what was found.
    pub display: String,
    pub path: PathBuf,
    /// Named on the command line: checked whatever it holds.
    pub explicit: bool,
    /// The directory arguments (their indices among the paths) it was found under.
    pub under: Vec<usize>,
}

#[derive(Debug)]
pub enum WalkError {
    Missing(PathBuf),
}

/// The `exclude` patterns of `aterrapport.toml`: gitignore syntax, relative to the file's
/// directory. They apply to what a directory walk finds; a file named on the command line is
/// always checked (as with `.gitignore`).
#[derive(Clone, Debug, Default)]
pub struct Exclude {
    matcher: Option<std::sync::Arc<ignore::gitignore::Gitignore>>,
}

impl Exclude {
    pub fn new(base: &Path, patterns: &[String]) -> Result<Exclude, ignore::Error> {
        if patterns.is_empty() {
            return Ok(Exclude::default());
        }
        let base = std::path::absolute(base).unwrap_or_else(|_| base.to_path_buf());
        let mut builder = ignore::gitignore::GitignoreBuilder::new(&base);
        for p in patterns {
            builder.add_line(None, p)?;
        }
        Ok(Exclude {
            matcher: Some(std::sync::Arc::new(builder.build()?)),
        })
    }

    fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        let Some(m) = &self.matcher else {
            return false;
        };
        let Ok(absolute) = std::path::absolute(path) else {
            return false;
        };
        // Only paths under the configuration's directory can match its patterns.
        absolute.starts_with(m.path())
            && m.matched_path_or_any_parents(&absolute, is_dir).is_ignore()
    }
}

pub fn collect(paths: &[PathBuf]) -> Result<Vec<Candidate>, WalkError> {
    collect_excluding(paths, &Exclude::default())
}

pub fn collect_excluding(
    paths: &[PathBuf],
    exclude: &Exclude,
) -> Result<Vec<Candidate>, WalkError> {
    let mut out = Vec::new();
    for (index, given) in paths.iter().enumerate() {
        let meta =
            std::fs::symlink_metadata(given).map_err(|_| WalkError::Missing(given.clone()))?;
        if meta.is_dir() || (meta.file_type().is_symlink() && given.is_dir()) {
            let mut found = Vec::new();
            let mut builder = ignore::WalkBuilder::new(given);
            builder.follow_links(false).require_git(false);
            if exclude.matcher.is_some() {
                let exclude = exclude.clone();
                builder.filter_entry(move |e| {
                    !exclude.excludes(e.path(), e.file_type().is_some_and(|t| t.is_dir()))
                });
            }
            let walker = builder.build();
            for entry in walker.flatten() {
                let p = entry.path();
                // Regular files, and FIFOs, sockets and devices named like reports: those are
                // reported as unreadable (AR008) without being opened, as opening a FIFO blocks.
                // Symbolic links are not followed; directories are walked.
                let wanted = entry
                    .file_type()
                    .is_some_and(|t| t.is_file() || !(t.is_dir() || t.is_symlink()));
                if wanted && is_yaml(p) {
                    found.push(Candidate {
                        display: display(p),
                        path: p.to_path_buf(),
                        explicit: false,
                        under: vec![index],
                    });
                }
            }
            found.sort();
            out.extend(found);
        } else {
            out.push(Candidate {
                display: display(given),
                path: given.clone(),
                explicit: true,
                under: Vec::new(),
            });
        }
    }
    // Output is in path order whatever the order of the arguments or the thread count; the same
    // file named twice (or named and found) is checked once.
    out.sort_by(|a, b| a.display.cmp(&b.display).then(b.explicit.cmp(&a.explicit)));
    out.dedup_by(|b, a| {
        let same = a.path == b.path;
        if same {
            a.under.append(&mut b.under);
        }
        same
    });
    Ok(out)
}

/// A file a directory walk looks at: YAML, or a Word document (not Word's lock files `~$…`).
fn is_yaml(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
        || crate::word::check::is_docx(p)
}

/// A path as the user should see it: `/` between the parts, no doubled `/`, no leading `./`.
pub fn display(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '/' && out.ends_with('/') {
            continue;
        }
        out.push(c);
    }
    out.strip_prefix("./").map(String::from).unwrap_or(out)
}

/// Does this text look like a report: a top-level `rapportar` key? In block style a line that
/// starts with the key — plain, `"rapportar"` or `'rapportar'` — followed by `:`; in flow (JSON)
/// style, where the document starts with `{`, the key at the outermost level of that mapping.
pub fn looks_like_report(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}');
    text.lines().any(|l| key_then_colon(l).is_some()) || flow_has_report_key(text)
}

/// The rest of `s` after a `rapportar` key (plain or quoted) and its `:`.
fn key_then_colon(s: &str) -> Option<&str> {
    let rest = s
        .strip_prefix("rapportar")
        .or_else(|| s.strip_prefix("\"rapportar\""))
        .or_else(|| s.strip_prefix("'rapportar'"))?;
    rest.trim_start_matches([' ', '\t']).strip_prefix(':')
}

/// A flow-style document (`{"rapportar": 2020, …}`, as JSON is written): is `rapportar` a key of
/// the outermost mapping? Brackets inside quoted strings and comments are skipped.
fn flow_has_report_key(text: &str) -> bool {
    let mut offset = 0;
    let mut body = "";
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if !(t.is_empty() || t.starts_with('#') || t.trim_end() == "---") {
            body = text.get(offset + line.len() - t.len()..).unwrap_or("");
            break;
        }
        offset += line.len();
    }
    if !body.starts_with('{') {
        return false;
    }
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if q == '"' && c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => {
                if depth == 1 && body.get(i..).and_then(key_then_colon).is_some() {
                    return true;
                }
                quote = Some(c);
            }
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return false;
                }
            }
            'r' if depth == 1 => {
                let after_separator = body.get(..i).unwrap_or("").trim_end().ends_with(['{', ',']);
                if after_separator && body.get(i..).and_then(key_then_colon).is_some() {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_detection() {
        assert!(looks_like_report("region: x\nrapportar: 2020\n"));
        assert!(looks_like_report("\u{feff}rapportar : 2020"));
        assert!(!looks_like_report("jobs:\n  rapportar: 1\n"));
        assert!(!looks_like_report("rapportarna: 1"));
    }

    #[test]
    fn report_detection_finds_quoted_keys_and_flow_style() {
        assert!(looks_like_report("region: x\n'rapportar': 2020\n"));
        assert!(looks_like_report("\"rapportar\" : 2020\n"));
        assert!(looks_like_report(
            "{\"region\": \"x\", \"rapportar\": 2020}"
        ));
        assert!(looks_like_report(
            "# en rapport\n{\n  \"region\": \"a, {b}\",\n  \"rapportar\": 2020\n}\n"
        ));
        assert!(looks_like_report("{region: x, rapportar: 2020}"));
        // Nested, or only in a string: not a report.
        assert!(!looks_like_report("{\"a\": {\"rapportar\": 2020}}"));
        assert!(!looks_like_report("{\"a\": \"rapportar: 2020\"}"));
        assert!(!looks_like_report("{\"a\": [1, 2]}, \"rapportar\": 1"));
        assert!(!looks_like_report("[{\"rapportar\": 2020}]"));
    }

    #[test]
    fn display_paths() {
        assert_eq!(display(Path::new("./examples//a.yaml")), "examples/a.yaml");
    }
}
