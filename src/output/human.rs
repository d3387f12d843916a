//! `--format human`: each finding as miette renders it — severity, code, message, a code frame with
//! labels, and help — followed by one summary line. Rendering stays behind this one module.

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan, SpanContents,
};

use super::{Emitter, Settings, Totals};
use crate::decode::Escaped;
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Lang;
use crate::place::{WordLocation, WordMap};
use crate::report::FileReport;
use crate::source::{FileId, SourceFile, Span};
use unicode_width::UnicodeWidthStr;

pub struct Human {
    pub settings: Settings,
    handler: GraphicalReportHandler,
}

impl Human {
    pub fn new(settings: Settings) -> Human {
        let theme = if settings.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(settings.width)
            .with_links(false);
        Human { settings, handler }
    }
}

impl Emitter for Human {
    fn file(&mut self, report: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        // Each file's text is escaped and shared with miette once, not once per finding.
        let (mut of_report, mut of_strategy) = (None, None);
        for d in &report.diagnostics {
            let text = match report.word_location(d) {
                Some(place) => render_word(report, d, place, &self.settings),
                None => {
                    let slot = match d.file {
                        FileId::Report => &mut of_report,
                        FileId::Strategy => &mut of_strategy,
                    };
                    let source = report.source_of(d.file);
                    let columns = slot.get_or_insert_with(|| CharColumns::of(source));
                    render(&self.handler, source, d, columns)
                }
            };
            out.write_all(text.as_bytes())?;
        }
        Ok(())
    }

    fn end(&mut self, totals: &Totals, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", summary(totals, self.settings.lang))
    }
}

/// One finding as text (no colour when the handler's theme has none); `columns` is `source`
/// as shown.
fn render(
    handler: &GraphicalReportHandler,
    source: &SourceFile,
    d: &Diagnostic,
    columns: &CharColumns,
) -> String {
    // Control characters (a binary file) are shown escaped, and the labels moved with them.
    let escaped = &columns.escaped;
    let moved = |s: Span| Span::new(escaped.offset(s.start), escaped.offset(s.end));
    let mut moved_d;
    let d = if escaped.text.len() == source.text.len() {
        d
    } else {
        moved_d = d.clone();
        moved_d.span = moved(d.span);
        moved_d
            .related
            .iter_mut()
            .for_each(|r| r.span = moved(r.span));
        &moved_d
    };
    let view = View {
        d,
        source: columns,
        // A finding about the whole file (unreadable, not UTF-8 with nothing to show) names it.
        framed: !source.text.is_empty(),
        path: source.display.clone(),
    };
    let mut s = String::new();
    if handler.render_report(&mut s, &view).is_err() {
        s = format!("{}: {} [{}]\n", view.path, d.message, d.code);
    }
    s.push('\n');
    s
}

/// One finding in a Word document: the place named as the author finds it in Word, and the
/// paragraph's or cell's text quoted with the finding underlined (the YAML the document was read
/// into is never shown).
pub fn render_word(
    report: &FileReport,
    d: &Diagnostic,
    place: &WordLocation,
    settings: &Settings,
) -> String {
    let (mark, paint) = match d.severity {
        Severity::Error => ("×", "\u{1b}[31m"),
        Severity::Warning => ("⚠", "\u{1b}[33m"),
        Severity::Info => ("☞", "\u{1b}[36m"),
    };
    let (on, off) = if settings.color {
        (paint, "\u{1b}[0m")
    } else {
        ("", "")
    };
    let mut s = format!("{on}{}({}){off}\n\n", d.code, d.name());
    let width = settings.width.saturating_sub(6).max(20);
    for (i, (_, line)) in wrap(&d.message, width).into_iter().enumerate() {
        if i == 0 {
            s.push_str(&format!("  {on}{mark}{off} {line}\n"));
        } else {
            s.push_str(&format!("  │ {line}\n"));
        }
    }
    s.push_str(&format!(
        "   ╭─[{}] {}\n",
        report.source.display,
        place.describe(settings.lang)
    ));
    let yaml = report
        .source
        .text
        .get(d.span.start..d.span.end)
        .unwrap_or("");
    let underline = WordMap::underline(place, yaml);
    let mut shown = 0;
    let mut offset = 0;
    for raw in place.text.split('\n') {
        let raw_start = offset;
        offset += raw.len() + 1;
        for (start, line) in wrap(raw, width) {
            let at = raw_start + start;
            let end = at + line.len();
            let hit = underline
                .as_ref()
                .map(|u| (u.start.max(at), u.end.min(end)))
                .filter(|(a, b)| {
                    a < b || (a == b && underline.as_ref().is_some_and(|u| u.start == *a))
                });
            // Without an underline the first lines are enough to recognise the place.
            if underline.is_some() && hit.is_none() || underline.is_none() && shown >= 3 {
                continue;
            }
            s.push_str(&format!("   │ {line}\n"));
            shown += 1;
            if let Some((a, b)) = hit {
                let pad = line.get(..a - at).map_or(0, UnicodeWidthStr::width);
                let len = line
                    .get(a - at..b - at)
                    .map_or(1, UnicodeWidthStr::width)
                    .max(1);
                s.push_str(&format!(
                    "   · {}{on}{}{off}\n",
                    " ".repeat(pad),
                    "─".repeat(len)
                ));
            }
        }
    }
    s.push_str("   ╰────\n");
    if let Some(help) = &d.help {
        for (i, (_, line)) in wrap(help, width).into_iter().enumerate() {
            let lead = if i == 0 { "  help: " } else { "        " };
            s.push_str(&format!("{lead}{line}\n"));
        }
    }
    s.push('\n');
    s
}

/// A line cut into pieces of at most `width` columns at spaces: (byte offset, piece).
fn wrap(line: &str, width: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < line.len() {
        let rest = line.get(start..).unwrap_or("");
        if rest.width() <= width {
            out.push((start, rest));
            break;
        }
        let mut cut = 0;
        let mut used = 0;
        for (i, c) in rest.char_indices() {
            used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used > width {
                break;
            }
            if c == ' ' {
                cut = i + 1;
            }
        }
        if cut == 0 {
            cut = rest
                .char_indices()
                .nth(width)
                .map_or(rest.len(), |(i, _)| i);
        }
        out.push((start, rest.get(..cut).unwrap_or(rest).trim_end()));
        start += cut;
    }
    if out.is_empty() {
        out.push((0, ""));
    }
    out
}

pub fn summary(totals: &Totals, lang: Lang) -> String {
    let t = *totals;
    let files = lang.count(t.files, ("fil", "filer"), ("file", "files"));
    let errors = lang.count(t.errors, ("fel", "fel"), ("error", "errors"));
    let warnings = lang.count(
        t.warnings,
        ("varning", "varningar"),
        ("warning", "warnings"),
    );
    let (infos, fixable) = (t.infos, t.fixable);
    lang.pick(
        &format!(
            "Kontrollerade {files}: {errors}, {warnings}, {infos} info, {fixable} kan rättas med --fix"
        ),
        &format!("Checked {files}: {errors}, {warnings}, {infos} info, {fixable} fixable with --fix"),
    )
}

/// The source as miette reads it, except that the `file:line:column` in the frame's header counts
/// columns in characters, as the other formats do (miette counts bytes, so every å before the
/// finding would shift it).
/// The text shown is the source with its control characters escaped; the column is counted in the
/// original.
struct CharColumns {
    shown: NamedSource<Arc<str>>,
    original: Arc<str>,
    escaped: Escaped,
}

impl CharColumns {
    /// `source` as a code frame shows it; its text is shared, not copied, when nothing in it
    /// needs escaping.
    fn of(source: &SourceFile) -> CharColumns {
        let escaped = Escaped::new(&source.text);
        let shown = if escaped.text.len() == source.text.len() {
            Arc::clone(&source.text)
        } else {
            Arc::from(escaped.text.as_str())
        };
        CharColumns {
            shown: NamedSource::new(source.display.clone(), shown),
            original: Arc::clone(&source.text),
            escaped,
        }
    }
}

impl miette::SourceCode for CharColumns {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let contents = read_near(
            self.shown.inner().as_bytes(),
            span,
            context_lines_before,
            context_lines_after,
        )?;
        // The column of a span's own line (no context above it) is counted in characters of
        // the original; miette counts bytes of the text shown.
        let column = if context_lines_before == 0 {
            let text = &*self.original;
            let offset = self.escaped.original(span.offset()).min(text.len());
            let line_start = text
                .get(..offset)
                .and_then(|before| before.rfind('\n').map(|i| i + 1))
                .unwrap_or(0);
            text.get(line_start..offset)
                .map_or(contents.column(), |s| s.chars().count())
        } else {
            contents.column()
        };
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.shown.name().to_string(),
            contents.data(),
            *contents.span(),
            contents.line(),
            column,
            contents.line_count(),
        )))
    }
}

/// What miette's own `read_span` gives for `span` and the lines around it, read from the start of
/// a line a little above the span instead of from the top of the file. miette walks the text a
/// byte at a time from its first byte to the end of the context, several times per finding: for a
/// finding near the end of the Skåne report (98 kB) that was 8 M instructions, a third of the whole
/// check, and a report with many findings paid it once per finding.
///
/// miette's reading depends on what came before only through the lines it counted, and a line
/// that starts after a line feed starts afresh (the feed ends a break whether it came alone or
/// after a carriage return). Read from the start of the line `before + 2` line feeds above the
/// span, more than `before` line breaks lie between it and the span, so the same context lines are
/// found, and the span does not start the text read (miette ends an empty span one byte before
/// it, which at the very start it cannot); the lines above are counted once here, in miette's
/// way (a feed, a carriage return with a feed, or a carriage return alone), and added back.
fn read_near<'a>(
    text: &'a [u8],
    span: &SourceSpan,
    before: usize,
    after: usize,
) -> Result<miette::MietteSpanContents<'a>, miette::MietteError> {
    // A span past the end is refused here: miette's own reading panics on some of them.
    if span.offset().saturating_add(span.len()) > text.len() {
        return Err(miette::MietteError::OutOfBounds);
    }
    let offset = span.offset();
    let above = text.get(..offset).unwrap_or_default();
    let start = memchr::memrchr_iter(b'\n', above)
        .nth(before + 1)
        .map_or(0, |i| i + 1);
    let head = text.get(..start).unwrap_or_default();
    let rest = text.get(start..).unwrap_or_default();
    let lines_above = line_breaks(head);
    let moved = SourceSpan::new((span.offset() - start).into(), span.len());
    let contents = <[u8] as miette::SourceCode>::read_span(rest, &moved, before, after)?;
    let data: &'a [u8] = contents.data();
    Ok(miette::MietteSpanContents::new(
        data,
        SourceSpan::new(
            (contents.span().offset() + start).into(),
            contents.span().len(),
        ),
        contents.line() + lines_above,
        contents.column(),
        contents.line_count() + lines_above,
    ))
}

/// The line breaks in `text` as miette counts them: a line feed, a carriage return followed by a
/// line feed (once), or a carriage return alone.
fn line_breaks(text: &[u8]) -> usize {
    let feeds = memchr::memchr_iter(b'\n', text).count();
    let lone_returns = memchr::memchr_iter(b'\r', text)
        .filter(|&i| text.get(i + 1) != Some(&b'\n'))
        .count();
    feeds + lone_returns
}

struct View<'a> {
    d: &'a Diagnostic,
    source: &'a CharColumns,
    framed: bool,
    path: String,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("View").field("code", &self.d.code).finish()
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.framed {
            f.write_str(&self.d.message)
        } else {
            write!(f, "{}: {}", self.path, self.d.message)
        }
    }
}

impl std::error::Error for View<'_> {}

fn span(s: crate::source::Span) -> SourceSpan {
    SourceSpan::new(s.start.into(), s.len())
}

impl miette::Diagnostic for View<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!("{}({})", self.d.code, self.d.name())))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.d
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.framed
            .then_some(self.source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if !self.framed {
            return None;
        }
        let primary = LabeledSpan::new_primary_with_span(self.d.label.clone(), span(self.d.span));
        let related = self
            .d
            .related
            .iter()
            .map(|r| LabeledSpan::new_with_span(Some(r.message.clone()), span(r.span)));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use miette::{SourceCode, SpanContents};

    /// Every span of texts with every kind of line break, with 0–3 lines of context either side,
    /// reads as miette reads it from the top of the text: the same bytes, place, line, column and
    /// line count; a span past the end is refused.
    #[test]
    fn a_span_reads_as_miette_reads_it_from_the_top() {
        let texts = [
            "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\n",
            "a: 1\r\nb: 2\r\nc: 3\r\nd: 4\r\ne: 5\r\n",
            "a: 1\rb: 2\rc: 3\nd: 4\r\ne: 5\rf",
            "\n\n\r\n\r\rx\n\n",
            "rubrik: Skåne\n  text: ”Välfärd” – é\n\n  - namn: Näringsliv\r\n    år: 2020",
            "",
            "ingen radbrytning alls",
        ];
        let mut compared = 0;
        for text in texts {
            let bytes = text.as_bytes();
            for offset in 0..=bytes.len() + 1 {
                for len in 0..=4.min(bytes.len() + 2 - offset) {
                    let span = SourceSpan::new(offset.into(), len);
                    if offset + len > bytes.len() {
                        assert!(
                            read_near(bytes, &span, 1, 1).is_err(),
                            "{text:?} {offset}+{len}"
                        );
                        continue;
                    }
                    for before in 0..=3 {
                        for after in 0..=3 {
                            let theirs = bytes.read_span(&span, before, after);
                            let ours = read_near(bytes, &span, before, after);
                            match (theirs, ours) {
                                (Ok(t), Ok(o)) => {
                                    let what = format!("{text:?} {offset}+{len} {before}/{after}");
                                    assert_eq!(t.data(), o.data(), "{what}");
                                    assert_eq!(t.span(), o.span(), "{what}");
                                    assert_eq!(t.line(), o.line(), "{what}");
                                    assert_eq!(t.column(), o.column(), "{what}");
                                    assert_eq!(t.line_count(), o.line_count(), "{what}");
                                    compared += 1;
                                }
                                (Err(_), Err(_)) => {}
                                (t, o) => panic!(
                                    "{text:?} {offset}+{len}: miette {:?}, here {:?}",
                                    t.is_ok(),
                                    o.is_ok()
                                ),
                            }
                        }
                    }
                }
            }
        }
        assert!(compared > 5_000, "only {compared} spans compared");
    }
}
