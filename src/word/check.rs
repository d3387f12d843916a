//! A Word document checked as a report: read with bounds, imported in memory (no strategy
//! skeleton) through the template's annotations, and the YAML that gives checked by the ordinary
//! pipeline. The report remembers where each value came from, so every finding names its paragraph
//! or table cell; what could not be placed is AR009, a document read without a strategy AR010.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{ImportOptions, Imported, WordError};
use crate::diagnostic::{Code, Diagnostic};
use crate::lint::Options;
use crate::report::FileReport;
use crate::source::{FileId, SourceFile, Span};
use crate::template::{Template, Templates};

/// What a run knows that a Word document does not: the templates, the options, and where the
/// strategy of a region is.
pub struct WordRun<'a> {
    pub templates: &'a Templates,
    pub options: &'a Options,
    pub strategy_for: &'a (dyn Fn(Option<&str>) -> Option<PathBuf> + Sync),
}

/// Is this a Word document by its name (Word's own lock files `~$….docx` are not)?
pub fn is_docx(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
        && !name.starts_with("~$")
}

/// Checks the Word document at `path`. One found while walking a directory that holds no heading
/// of any known template is not a report (`None`); one named on the command line always is.
pub fn check_docx(
    path: &Path,
    display: &str,
    explicit: bool,
    run: &WordRun<'_>,
) -> Option<FileReport> {
    let lang = run.options.lang;
    let doc = match super::read_file(path) {
        Ok(doc) => doc,
        Err(e) => return Some(unreadable(path, display, &e, run.options)),
    };
    let opts = ImportOptions {
        output: Some(path.to_path_buf()),
        skeleton: false,
        lang,
        ..ImportOptions::default()
    };
    let (_, mut imported, strategy) =
        import_with_strategy(&doc, run.templates, opts, run.strategy_for)?;
    if !explicit && imported.headings == 0 {
        return None;
    }
    let mut report = crate::lint::check_bytes(
        imported.yaml.as_bytes(),
        path,
        display,
        run.templates,
        run.options,
    );
    if !strategy {
        without_strategy(&mut report, run.options);
    }
    for u in &imported.unplaced {
        report.diagnostics.push(unplaced(u, run.options));
    }
    // `--fix` rewrites YAML: a Word document's help does not offer it.
    for d in &mut report.diagnostics {
        if let Some(help) = d.help.take() {
            let kept: Vec<&str> = help
                .split("; ")
                .filter(|part| !part.contains("--fix"))
                .collect();
            d.help = (!kept.is_empty()).then(|| kept.join("; "));
        }
    }
    crate::config::apply_levels(&run.options.levels, &mut report.diagnostics);
    report.word = Some(Arc::new(std::mem::take(&mut imported.places)));
    sort_in_document_order(&mut report);
    Some(report)
}

/// The import through the template the run forces or prefers, else through the template whose
/// headings the document matches best.
fn best_import<'t>(
    doc: &super::WordDocument,
    templates: &'t Templates,
    opts: &ImportOptions,
) -> Option<(&'t Template, Imported)> {
    if let Some(t) = templates.forced().or_else(|| templates.default_template()) {
        return Some((t, super::import(doc, t, opts)));
    }
    templates
        .ids()
        .into_iter()
        .filter_map(|id| templates.get(id))
        .map(|t| (t, super::import(doc, t, opts)))
        .max_by_key(|(_, i)| i.headings)
}

/// The import of a document for a run: through the template it matches best, then again with the
/// strategy the run names for its region (`opts.region`, else the one the document gives). The
/// flag says whether a strategy was found; `None` when no template can be chosen.
pub fn import_with_strategy<'t>(
    doc: &super::WordDocument,
    templates: &'t Templates,
    mut opts: ImportOptions,
    strategy_for: &(dyn Fn(Option<&str>) -> Option<PathBuf> + Sync),
) -> Option<(&'t Template, Imported, bool)> {
    let (template, first) = best_import(doc, templates, &opts)?;
    let region = opts.region.clone().or(first.region.clone());
    let Some(file) = strategy_for(region.as_deref()) else {
        return Some((template, first, false));
    };
    // Both absolute, so the `fil:` written is relative whatever the run named them by.
    opts.strategy_file = Some(std::path::absolute(&file).unwrap_or(file));
    opts.output = opts
        .output
        .as_deref()
        .and_then(|o| std::path::absolute(o).ok())
        .or(opts.output);
    opts.region = region;
    Some((template, super::import(doc, template, &opts), true))
}

/// Without a strategy the goal rules have nothing to read, and the missing `strategi` is not the
/// author's: both give way to one info that says why.
fn without_strategy(report: &mut FileReport, options: &Options) {
    report.diagnostics.retain(|d| {
        let goal_rule = matches!(
            d.code,
            Code::AR301 | Code::AR302 | Code::AR303 | Code::AR304 | Code::AR305 | Code::AR306
        );
        let strategy = d
            .pointer
            .as_deref()
            .is_some_and(|p| p == "/strategi" || p.starts_with("/strategi/"));
        !(goal_rule || strategy)
    });
    let lang = options.lang;
    report.diagnostics.push(
        Diagnostic::new(Code::AR010, Span::at(0))
            .pointer("")
            .message(lang.pick(
                "Word-dokumentet kontrolleras utan regionens strategi, så hänvisningarna till målen kontrolleras inte",
                "the Word document is checked without the region's strategy, so the references to goals are not checked",
            ))
            .help(lang.pick(
                "ange strategin med `--strategi FIL`, eller i `aterrapport.toml` under `[strategier]`: \"Region Skåne\" = \"strategier/skane.yaml\"",
                "name the strategy with `--strategi FILE`, or in `aterrapport.toml` under `[strategier]`: \"Region Skåne\" = \"strategier/skane.yaml\"",
            )),
    );
}

fn unplaced(u: &super::Unplaced, options: &Options) -> Diagnostic {
    let lang = options.lang;
    let excerpt: String = u.text.chars().take(80).collect();
    let more = if u.text.chars().count() > 80 {
        "…"
    } else {
        ""
    };
    Diagnostic::new(Code::AR009, u.span)
        .message(lang.pick(
            &format!("{} kan inte placeras i mallen: ”{excerpt}{more}”", noun(&u.kind, lang)),
            &format!("{} cannot be placed in the template: “{excerpt}{more}”", noun(&u.kind, lang)),
        ))
        .help(lang.pick(
            "flytta innehållet under en av mallens rubriker i Word-dokumentet, eller importera det med `aterrapport import` och flytta det i YAML-filen",
            "move the content under one of the template's headings in the Word document, or import it with `aterrapport import` and move it in the YAML file",
        ))
}

fn noun(kind: &super::UnplacedKind, lang: crate::i18n::Lang) -> String {
    match kind {
        super::UnplacedKind::Heading => lang.pick(
            "en rubrik som mallen inte har",
            "a heading the template does not have",
        ),
        super::UnplacedKind::Text => {
            lang.pick("text under en sådan rubrik", "text under such a heading")
        }
        super::UnplacedKind::Table => lang.pick(
            "en tabell vars rubrikrad inte finns i avsnittet",
            "a table whose header row the section does not have",
        ),
    }
}

/// A document that cannot be read as Word: AR005 for a zip bomb or an entity trick, AR008 else.
fn unreadable(path: &Path, display: &str, e: &WordError, options: &Options) -> FileReport {
    let code = if e.is_hostile() {
        Code::AR005
    } else {
        Code::AR008
    };
    let mut report = FileReport::new(SourceFile::new(display.to_string(), path.to_path_buf(), ""));
    report.diagnostics.push(
        Diagnostic::new(code, Span::at(0))
            .pointer("")
            .message(e.message(options.lang)),
    );
    report
}

/// Findings in the order of the Word document, then by code; those in a strategy file (YAML)
/// after them, in their own order.
fn sort_in_document_order(report: &mut FileReport) {
    let mut keyed: Vec<(usize, usize, Code, Diagnostic)> = std::mem::take(&mut report.diagnostics)
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let order = match d.file {
                FileId::Strategy => usize::MAX,
                FileId::Report => report.word_location(&d).map_or(0, |l| l.order),
            };
            (order, i, d.code, d)
        })
        .collect();
    keyed.sort_by_key(|k| (k.0, k.2, k.1));
    report.diagnostics = keyed.into_iter().map(|(_, _, _, d)| d).collect();
}
