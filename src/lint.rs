//! The per-file pipeline: read → decode → load (spans) → strategy file → choose template → schema
//! diagnostics → rule families → sorted findings. Never prints; every problem, even an unreadable
//! file, comes back as a diagnostic in the `FileReport`.

use std::path::Path;

use serde_json::Value;

use crate::decode::{Decoded, OffsetMap, decode};
use crate::diagnostic::{Code, Diagnostic};
use crate::document::{Document, Limits, load, load_with};
use crate::i18n::Lang;
use crate::rules::text::EarlyWords;
use crate::rules::{Context, Threads};
use crate::source::{FileId, SourceFile, Span};
use crate::template::{Template, Templates};

pub use crate::report::FileReport;

#[derive(Clone, Debug)]
pub struct Options {
    pub lang: Lang,
    pub limits: Limits,
    pub current_year: i64,
    /// Per-rule settings from `aterrapport.toml` (severity or off).
    pub levels: std::collections::BTreeMap<Code, crate::config::Level>,
    /// Strategy files the run itself names (`--strategi`, `[strategier]`), canonical: a report may
    /// use them even where they lie outside its project.
    pub trusted_strategies: Vec<std::path::PathBuf>,
    /// A file checked on its own (not among many on the run's threads) may run its text rules on a
    /// second thread while the other families run (`rules::check`). Off with `-j 1`.
    pub parallel_rules: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: Lang::Sv,
            limits: Limits::default(),
            current_year: current_year(),
            levels: std::collections::BTreeMap::new(),
            trusted_strategies: Vec::new(),
            parallel_rules: false,
        }
    }
}

/// The year AR601 measures against: `ATERRAPPORT_CURRENT_YEAR` if set (tests and snapshots fix it
/// there), else the system clock.
pub fn current_year() -> i64 {
    if let Some(y) = std::env::var("ATERRAPPORT_CURRENT_YEAR")
        .ok()
        .and_then(|y| y.trim().parse().ok())
    {
        return y;
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    year_of_unix_days((secs / 86_400) as i64)
}

/// Civil year of a day count since 1970-01-01 (Howard Hinnant's days-to-civil algorithm).
fn year_of_unix_days(days: i64) -> i64 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    yoe + era * 400 + i64::from(month <= 2)
}

/// Checks the file at `path`, shown to the user as `display`.
pub fn check_path(
    path: &Path,
    display: &str,
    templates: &Templates,
    options: &Options,
) -> FileReport {
    let read = crate::strategy::read_limited(path, options.limits.max_bytes);
    check_read(read, path, display, templates, options)
}

/// Checks what reading `path` gave: the bytes, or why they could not be read (AR005 for a file over
/// the size limit, else AR008). Tests inject read failures here.
pub fn check_read(
    read: Result<Vec<u8>, String>,
    path: &Path,
    display: &str,
    templates: &Templates,
    options: &Options,
) -> FileReport {
    match read {
        Ok(bytes) => {
            let decoded = decode(&bytes);
            // The text is a copy: the file's bytes go back to the allocator before the report is
            // parsed, which then reuses their pages instead of touching new ones.
            drop(bytes);
            check_decoded(decoded, path, display, templates, options)
        }
        Err(reason) => {
            let mut report =
                FileReport::new(SourceFile::new(display.to_string(), path.to_path_buf(), ""));
            let lang = options.lang;
            let too_large = std::fs::metadata(path)
                .is_ok_and(|m| m.is_file() && m.len() > options.limits.max_bytes);
            let d = if too_large {
                let mib = options.limits.max_bytes / (1024 * 1024);
                Diagnostic::new(Code::AR005, Span::at(0))
                    .message(lang.pick(
                        &format!("filen är större än gränsen {mib} MiB"),
                        &format!("the file is larger than the limit of {mib} MiB"),
                    ))
                    .help(lang.pick(
                        "en rapport är sällan större än några hundra kB: kontrollera att det är rätt fil",
                        "a report is rarely larger than a few hundred kB: check that this is the right file",
                    ))
            } else {
                let reason = localise_io(&reason, lang);
                Diagnostic::new(Code::AR008, Span::at(0)).message(lang.pick(
                    &format!("filen kan inte läsas: {reason}"),
                    &format!("the file cannot be read: {reason}"),
                ))
            };
            report.diagnostics.push(d);
            report
        }
    }
}

fn localise_io(reason: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return reason.to_string();
    }
    if reason == "not a regular file" {
        return "det är ingen vanlig fil (en katalog, en FIFO eller en enhet)".into();
    }
    if reason.contains("Permission denied") {
        return format!("åtkomst nekas ({reason})");
    }
    if reason.contains("No such file") {
        return format!("filen finns inte ({reason})");
    }
    reason.to_string()
}

pub fn check_bytes(
    bytes: &[u8],
    path: &Path,
    display: &str,
    templates: &Templates,
    options: &Options,
) -> FileReport {
    check_decoded(decode(bytes), path, display, templates, options)
}

/// `check_bytes` once the bytes are decoded.
fn check_decoded(
    decoded: Decoded,
    path: &Path,
    display: &str,
    templates: &Templates,
    options: &Options,
) -> FileReport {
    let lang = options.lang;
    let (text, replaced) = match decoded {
        Decoded::Utf8 { text, replaced } => (text, replaced),
        Decoded::NotUtf8 {
            encoding,
            display: shown,
            span,
        } => {
            let mut report = FileReport::new(SourceFile::new(
                display.to_string(),
                path.to_path_buf(),
                shown,
            ));
            let looks = match encoding {
                crate::decode::Encoding::Unknown => {
                    lang.pick("en okänd teckenkodning", "an unknown encoding")
                }
                e => e.name().to_string(),
            };
            report.diagnostics.push(
                Diagnostic::new(Code::AR003, span)
                    .message(lang.pick(
                        &format!("filen är inte UTF-8: den ser ut att vara sparad som {looks}"),
                        &format!("the file is not UTF-8: it looks like it was saved as {looks}"),
                    ))
                    .label(lang.pick("första tecknet som inte är UTF-8", "first character that is not UTF-8"))
                    .help({
                        let iconv = match encoding {
                            crate::decode::Encoding::Utf16Le | crate::decode::Encoding::Utf16Be => "UTF-16",
                            _ => "WINDOWS-1252",
                        };
                        lang.pick(
                            &format!("spara om filen som UTF-8 (Spara som → Kodning: UTF-8), eller `iconv -f {iconv} -t UTF-8 fil.yaml`"),
                            &format!("save the file again as UTF-8 (Save as → Encoding: UTF-8), or `iconv -f {iconv} -t UTF-8 file.yaml`"),
                        )
                    }),
            );
            return report;
        }
    };
    let mut report = FileReport::new(SourceFile::new(
        display.to_string(),
        path.to_path_buf(),
        text,
    ));
    report.offsets = OffsetMap::new(&replaced);
    report
        .diagnostics
        .extend(control_characters(&report.source, &replaced, lang));
    // Inside the run's thread pool every core already has files of its own.
    let parallel = options.parallel_rules && rayon::current_thread_index().is_none();
    // A report checked on its own: AR502 starts learning its words while it is still parsed.
    let mut early = parallel.then(EarlyWords::start).flatten();
    let (mut doc, diagnostics) = match &mut early {
        Some(early) => load_with(
            &report.source.text,
            FileId::Report,
            options.limits,
            lang,
            &mut |text| early.feed(text),
        ),
        None => load(&report.source.text, FileId::Report, options.limits, lang),
    };
    let early = early.map(EarlyWords::finish);
    let fatal = doc.value.is_none()
        || diagnostics
            .iter()
            .any(|d| matches!(d.code, Code::AR001 | Code::AR005));
    report.diagnostics.extend(diagnostics);
    if fatal {
        if report.diagnostics.is_empty() {
            report.diagnostics.push(empty_file(lang));
        }
        return finish(report, options);
    }
    let mut value = doc.value.take().unwrap_or(Value::Null);
    if !value.is_object() {
        let span = doc.span("").map(|s| s.value).unwrap_or_default();
        let d = if value.is_null() {
            empty_file(lang)
        } else {
            Diagnostic::new(Code::AR103, span).pointer("").message(lang.pick(
                "en rapport är en mappning av nycklar (`region:`, `rapportar:`, …), inte ett enskilt värde eller en lista",
                "a report is a mapping of keys (`region:`, `rapportar:`, …), not a single value or a list",
            ))
        };
        report.diagnostics.push(d);
        return finish(report, options);
    }
    let resolved = crate::strategy::resolve(
        path,
        &mut doc,
        &mut value,
        options.limits,
        &options.trusted_strategies,
        lang,
    );
    report.strategy = resolved.file;
    report.strategy_offsets = resolved.offsets;
    report.diagnostics.extend(resolved.diagnostics);

    let template = match choose_template(&doc, &value, templates, lang) {
        Ok(t) => t,
        Err(d) => {
            report.diagnostics.extend(d);
            report.document = Some(Document {
                value: Some(value),
                spans: doc.spans,
            });
            return finish(report, options);
        }
    };
    report.template = Some(template.id.clone());
    {
        let cx = Context {
            source: &report.source,
            strategy: report.strategy.as_ref(),
            doc: &doc,
            value: &value,
            template,
            lang,
            year: value.get("rapportar").and_then(Value::as_i64),
            current_year: options.current_year,
        };
        let threads = if parallel {
            Threads::Two(early)
        } else {
            Threads::One
        };
        let found = crate::rules::check(&cx, threads);
        report.diagnostics.extend(found);
    }
    report.document = Some(Document {
        value: Some(value),
        spans: doc.spans,
    });
    finish(report, options)
}

fn empty_file(lang: Lang) -> Diagnostic {
    Diagnostic::new(Code::AR101, Span::at(0)).pointer("").message(lang.pick(
        "filen innehåller ingen rapport",
        "the file holds no report",
    ))
    .help(lang.pick(
        "en rapport börjar med `region:`, `rapportar:` och `strategi:`; `aterrapport init` skriver ett komplett skelett",
        "a report starts with `region:`, `rapportar:` and `strategi:`; `aterrapport init` writes a complete skeleton",
    ))
}

/// AR505 for raw control characters, one per run of them on a line.
fn control_characters(
    source: &SourceFile,
    replaced: &[crate::decode::Replaced],
    lang: Lang,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    let width = char::REPLACEMENT_CHARACTER.len_utf8();
    let mut i = 0;
    while let Some(first) = replaced.get(i) {
        let mut j = i + 1;
        while replaced
            .get(j)
            .is_some_and(|r| r.at == replaced[j - 1].at + width)
        {
            j += 1;
        }
        let last = replaced[j - 1];
        let names: Vec<String> = replaced[i..j]
            .iter()
            .map(|r| format!("U+{:04X}", r.original as u32))
            .collect();
        let shown = if names.len() > 3 {
            format!("{} …", names[..3].join(", "))
        } else {
            names.join(", ")
        };
        out.push(
            Diagnostic::new(Code::AR505, Span::new(first.at, last.at + width))
                .message(lang.pick(
                    &format!("{} styrtecken ({shown}) i texten; {} har ersatts med � vid kontrollen", j - i, if j - i == 1 { "det" } else { "de" }),
                    &if j - i == 1 { format!("1 control character ({shown}) in the text; it was replaced by � for the check") } else { format!("{} control characters ({shown}) in the text; they were replaced by � for the check", j - i) },
                ))
                .label(lang.pick("styrtecken", "control character"))
                .help(lang.pick(
                    "ta bort tecknen: de syns inte men förstör texten i andra program",
                    "remove the characters: they are invisible but break the text in other programs",
                )),
        );
        let _ = source;
        i = j;
    }
    out
}

/// `mall`, else the configured default, else `aterrapport-<rapportar>`; a `--schema` wins over all.
fn choose_template<'t>(
    doc: &Document,
    value: &Value,
    templates: &'t Templates,
    lang: Lang,
) -> Result<&'t Template, Vec<Diagnostic>> {
    if let Some(t) = templates.forced() {
        return Ok(t);
    }
    let known = templates
        .ids()
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let unknown = |pointer: &str, id: &str| {
        let span = doc.span(pointer).map(|s| s.primary()).unwrap_or_default();
        Diagnostic::new(Code::AR004, span)
            .pointer(pointer)
            .message(lang.pick(
                &format!("det finns ingen mall `{id}`"),
                &format!("there is no template `{id}`"),
            ))
            .help(lang.pick(
                &format!("kända mallar: {known}; en egen mall anges med `--schema FIL`"),
                &format!("known templates: {known}; give your own with `--schema FILE`"),
            ))
    };
    if let Some(mall) = value.get("mall") {
        return match mall.as_str() {
            Some(id) => templates
                .get(id.trim())
                .ok_or_else(|| vec![unknown("/mall", id)]),
            None => Err(vec![unknown("/mall", &mall.to_string())]),
        };
    }
    if let Some(t) = templates.default_template() {
        return Ok(t);
    }
    match value.get("rapportar") {
        Some(Value::Number(n)) if n.as_i64().is_some() => {
            let id = format!("aterrapport-{}", n.as_i64().unwrap_or_default());
            templates
                .get(&id)
                .ok_or_else(|| vec![unknown("/rapportar", &id)])
        }
        Some(other) => {
            let span = doc
                .span("/rapportar")
                .map(|s| s.primary())
                .unwrap_or_default();
            Err(vec![
                Diagnostic::new(Code::AR103, span)
                    .pointer("/rapportar")
                    .message(lang.pick(
                        &format!(
                            "`rapportar` ska vara ett årtal som heltal, t.ex. 2020, inte {other}"
                        ),
                        &format!(
                            "`rapportar` must be a year as a whole number, e.g. 2020, not {other}"
                        ),
                    )),
            ])
        }
        None => Err(vec![
            Diagnostic::new(Code::AR101, Span::at(0))
                .pointer("/rapportar")
                .message(lang.pick(
                    "`rapportar` (året som rapporteras) saknas, så ingen mall kan väljas",
                    "`rapportar` (the year reported on) is missing, so no template can be chosen",
                ))
                .help(lang.pick(
                    "lägg till t.ex. `rapportar: 2020` överst i filen",
                    "add e.g. `rapportar: 2020` at the top of the file",
                )),
        ]),
    }
}

/// Suppressions applied, then the configured levels, then sorted by file, position and code
/// (RULES.md). A suppression of a rule that is turned off still counts as used, so turning a rule
/// off never produces AR007.
fn finish(mut report: FileReport, options: &Options) -> FileReport {
    crate::suppress::apply(
        &report.source,
        report.document.as_ref(),
        &mut report.diagnostics,
        options.lang,
    );
    crate::config::apply_levels(&options.levels, &mut report.diagnostics);
    report.diagnostics.sort_by(|a, b| {
        (a.file, a.span.start, a.span.end, a.code).cmp(&(b.file, b.span.start, b.span.end, b.code))
    });
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Options for all rules on one thread, and the same with the text rules on the helper.
    fn one_and_two_threads() -> (Options, Options) {
        let one = Options {
            current_year: 2026,
            ..Options::default()
        };
        let two = Options {
            parallel_rules: true,
            ..one.clone()
        };
        (one, two)
    }

    /// The text rules on a second thread, AR502's search shared by both, give the very findings,
    /// in the very order, of one thread: on Region Skåne's report, the report with 719 damaged
    /// words (AR502 in every batch of strings), every rule fixture and the broken examples.
    #[test]
    fn parallel_rules_find_the_same() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = vec![
            root.join("examples/skane-2020.yaml"),
            root.join("tests/data/ar502/damaged.yaml"),
        ];
        for dir in ["tests/fixtures/rules", "examples/fel"] {
            let mut found: Vec<_> = std::fs::read_dir(root.join(dir))
                .into_iter()
                .flatten()
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .collect();
            found.sort();
            files.extend(found);
        }
        assert!(files.len() > 40, "{} files", files.len());
        let templates = Templates::builtin();
        let (one, two) = one_and_two_threads();
        let mut findings = 0;
        for file in &files {
            let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let a = check_bytes(&bytes, file, "x.yaml", &templates, &one).diagnostics;
            let b = check_bytes(&bytes, file, "x.yaml", &templates, &two).diagnostics;
            assert_eq!(a, b, "{}", file.display());
            findings += a.len();
        }
        assert!(findings > 700, "{findings} findings");
    }

    /// When the helper's half of the rules panics, its families run on the calling thread: the
    /// same findings, in the same order, as one thread gives.
    #[test]
    fn a_panic_in_the_helpers_half_loses_no_finding() {
        use crate::rules::{HELPER_PANICS, PANIC_IN_HELPER};
        use std::sync::atomic::Ordering;
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let templates = Templates::builtin();
        let (one, two) = one_and_two_threads();
        let mut findings = 0;
        for name in ["examples/skane-2020.yaml", "tests/data/ar502/damaged.yaml"] {
            let file = root.join(name);
            let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{name}: {e}"));
            let before = HELPER_PANICS.load(Ordering::SeqCst);
            let a = check_bytes(&bytes, &file, PANIC_IN_HELPER, &templates, &one).diagnostics;
            let b = check_bytes(&bytes, &file, PANIC_IN_HELPER, &templates, &two).diagnostics;
            assert_eq!(HELPER_PANICS.load(Ordering::SeqCst), before + 1, "{name}");
            assert_eq!(a, b, "{name}");
            findings += a.len();
        }
        assert!(findings > 700, "{findings} findings");
    }

    #[test]
    fn civil_year() {
        assert_eq!(year_of_unix_days(0), 1970);
        assert_eq!(year_of_unix_days(20_454), 2026); // 2026-01-01
        assert_eq!(year_of_unix_days(20_453), 2025);
    }
}
