//! A read Word document → a YAML report, driven only by the template's annotations: headings
//! find sections, `x-fraga` finds questions, `x-tabell` headings find tables. Front matter gives
//! the region and year, a table of contents is skipped, and whatever cannot be placed is kept as
//! a `# import:` comment and listed with its place in the Word document.

use std::path::PathBuf;

use super::cells::{Piece, Val};
use super::front::{relative_to, years_in};
use super::origin::of_paragraph;
use super::outline::{self, Outline, fold};
use super::yaml::{self, Head, Strategy, Values};
use super::{Block, Paragraph, Place, WordDocument};
use crate::i18n::Lang;
use crate::place::{WordLocation, WordMap};
use crate::source::Span;
use crate::template::Template;

#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Wins over the region found in the document.
    pub region: Option<String>,
    /// Wins over the year found in the document.
    pub year: Option<i64>,
    /// A strategy file: the report gets `strategi: { fil: … }`, relative to `output`'s directory.
    pub strategy_file: Option<PathBuf>,
    /// Where the YAML will be written (for the strategy path); None: the current directory.
    pub output: Option<PathBuf>,
    /// The modeline's `$schema`; default `<template id>.schema.json`.
    pub schema_path: Option<String>,
    /// Without a strategy file: write a `strategi:` skeleton of `[fyll i: …]` placeholders
    /// (for a file an author completes), or leave `strategi` out (for checking in memory).
    pub skeleton: bool,
    /// The language of the places in comments and of `Unplaced::describe`.
    pub lang: Lang,
}

/// The imported report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub yaml: String,
    pub region: Option<String>,
    pub year: Option<i64>,
    /// Template headings found in the body: a document with none is not a report.
    pub headings: usize,
    pub unplaced: Vec<Unplaced>,
    /// The Word place of each value written into `yaml` (and of each `# import:` comment).
    pub places: WordMap,
}

/// Something the template has no place for, kept as a `# import:` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unplaced {
    /// Rows counted after the table's header row (0: the header row itself).
    pub place: Place,
    pub kind: UnplacedKind,
    pub text: String,
    /// The range of its `# import:` comment in `Imported::yaml`.
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnplacedKind {
    /// A heading that names no section of the template.
    Heading,
    /// Text under such a heading.
    Text,
    /// A table whose header row matches no table of the section.
    Table,
}

impl Unplaced {
    /// "stycke 57: okänd rubrik: 1.2.4 Ny rubrik".
    pub fn describe(&self, lang: Lang) -> String {
        let what = match self.kind {
            UnplacedKind::Heading => lang.pick("okänd rubrik", "unknown heading"),
            UnplacedKind::Text => lang.pick(
                "text under en okänd rubrik",
                "text under an unknown heading",
            ),
            UnplacedKind::Table => lang.pick(
                "tabell som inte finns i mallen",
                "table the template does not have",
            ),
        };
        format!("{}: {what}: {}", self.place.describe(lang), self.text)
    }
}

/// Where the next prose goes.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Target {
    /// Before the first chapter heading.
    Front,
    /// A section's `text`.
    Text(String),
    /// A question: its pointer, whether its answer was read, whether it is a Ja/Nej question.
    Question { pointer: String, answered: bool },
    /// Under a heading the template does not know.
    Lost,
}

pub(super) struct Importer<'t> {
    pub(super) template: &'t Template,
    pub(super) outline: Outline<'t>,
    pub(super) lang: Lang,
    pub(super) values: Values,
    pub(super) unplaced: Vec<Unplaced>,
    pub(super) prose: std::collections::HashMap<String, Vec<Piece>>,
    pub(super) section: Option<usize>,
    pub(super) target: Target,
    /// A typed table of contents is being skipped: the entries seen.
    pub(super) toc: Option<Vec<usize>>,
    pub(super) headings: usize,
    pub(super) region: Option<String>,
    pub(super) years: Vec<i64>,
    pub(super) heading_year: Option<i64>,
    /// The last table read, to continue it after a repeated header row.
    pub(super) last_table: Option<String>,
    /// The position of the block being read in the body.
    pub(super) order: usize,
    /// The current section as the author reads it: "1.2.1 Innovation".
    pub(super) section_label: Option<String>,
    /// The paragraphs that gave a year.
    pub(super) year_places: Vec<(i64, WordLocation)>,
}

pub fn import(doc: &WordDocument, template: &Template, opts: &ImportOptions) -> Imported {
    let mut im = Importer {
        template,
        outline: outline::outline(template),
        lang: opts.lang,
        values: Values::default(),
        unplaced: Vec::new(),
        prose: Default::default(),
        section: None,
        target: Target::Front,
        toc: None,
        headings: 0,
        region: None,
        years: Vec::new(),
        heading_year: None,
        last_table: None,
        order: 0,
        section_label: None,
        year_places: Vec::new(),
    };
    for (order, block) in doc.blocks.iter().enumerate() {
        im.order = order;
        match block {
            Block::Paragraph(p) => im.paragraph(p),
            Block::Table(t) => im.table(t),
        }
    }
    for (pointer, pieces) in std::mem::take(&mut im.prose) {
        if let Some(v) = Val::prose(pieces) {
            im.values.leaves.insert(pointer, v);
        }
    }
    let year = opts.year.or_else(|| match im.heading_year {
        Some(h) if im.years.contains(&h) || im.years.is_empty() => Some(h),
        _ => im.years.first().copied().or(im.heading_year),
    });
    let region = opts.region.clone().or(im.region.clone());
    if opts.region.is_some() {
        im.values.places.remove("/region");
    }
    match im.year_places.iter().find(|(y, _)| Some(*y) == year) {
        Some((_, l)) if opts.year.is_none() => {
            im.values.places.insert("/rapportar".into(), l.clone());
        }
        _ => {}
    }
    let default_id = year.map(|y| format!("aterrapport-{y}"));
    let mall =
        (default_id.as_deref() != Some(template.id.as_str())).then_some(template.id.as_str());
    let strategy = match &opts.strategy_file {
        Some(f) => Strategy::File(relative_to(f, opts.output.as_deref())),
        None if opts.skeleton => Strategy::Skeleton,
        None => Strategy::Omitted,
    };
    let schema_path = opts
        .schema_path
        .clone()
        .unwrap_or_else(|| format!("{}.schema.json", template.id));
    let head = Head {
        schema_path: &schema_path,
        mall,
        region: region.as_deref(),
        year,
        strategy,
    };
    let written = yaml::write(template, &head, &im.values);
    for (u, span) in im.unplaced.iter_mut().zip(written.comments) {
        u.span = span;
    }
    Imported {
        yaml: written.yaml,
        region,
        year,
        headings: im.headings,
        unplaced: im.unplaced,
        places: written.map,
    }
}

impl Importer<'_> {
    fn paragraph(&mut self, p: &Paragraph) {
        let text = p.trimmed();
        if text.is_empty() || p.in_toc {
            return;
        }
        if self.section.is_none() && self.typed_toc(text) {
            return;
        }
        let styled = p.heading_level.is_some();
        if let Some((i, year)) = self.outline.find(text, styled, self.section) {
            return self.enter(i, year, p);
        }
        if self.section.is_none() {
            return self.front_matter(p);
        }
        if styled || typed_heading(p, text) {
            self.lose(p.place, UnplacedKind::Heading, text);
            self.target = Target::Lost;
            return;
        }
        if let Some((pointer, rest)) = self.question(text) {
            self.target = Target::Question {
                pointer,
                answered: false,
            };
            let here = of_paragraph(p, self.order, self.section_label.as_deref());
            if let Target::Question { pointer, .. } = &self.target {
                self.values.places.insert(pointer.clone(), here);
            }
            if !rest.is_empty() {
                self.prose_text(p, &rest);
            }
            return;
        }
        self.prose_text(p, text);
    }

    /// A typed table of contents: "Innehåll" or "Innehållsförteckning", then paragraphs naming
    /// template headings, each once.
    fn typed_toc(&mut self, text: &str) -> bool {
        if matches!(fold(text).as_str(), "innehåll" | "innehållsförteckning") {
            self.toc = Some(Vec::new());
            return true;
        }
        let Some(seen) = self.toc.as_mut() else {
            return false;
        };
        match self.outline.find_entry(text) {
            Some(i) if !seen.contains(&i) => {
                seen.push(i);
                true
            }
            _ => {
                self.toc = None;
                false
            }
        }
    }

    fn enter(&mut self, index: usize, year: Option<i64>, p: &Paragraph) {
        self.toc = None;
        self.headings += 1;
        if let Some(y) = year {
            self.heading_year = year;
            self.year_places
                .push((y, of_paragraph(p, self.order, None)));
        }
        self.section = Some(index);
        self.last_table = None;
        let section = self.outline.sections.get(index);
        let shown = year.or(self.heading_year).or(self.years.first().copied());
        self.section_label = section.and_then(|s| s.node.title(shown));
        if let Some(s) = section {
            let here = of_paragraph(p, self.order, self.section_label.as_deref());
            self.values.places.insert(s.pointer.clone(), here);
        }
        self.target = match section {
            Some(s) if s.node.child("text").is_some() => {
                Target::Text(crate::document::child_pointer(&s.pointer, "text"))
            }
            _ => Target::Lost,
        };
    }

    fn front_matter(&mut self, p: &Paragraph) {
        let text = p.trimmed();
        let here = of_paragraph(p, self.order, None);
        if self.region.is_none() && super::front::is_region(&fold(text)) {
            self.region = Some(text.split_whitespace().collect::<Vec<_>>().join(" "));
            self.values.places.insert("/region".into(), here.clone());
        }
        for y in years_in(text) {
            self.years.push(y);
            self.year_places.push((y, here.clone()));
        }
    }

    /// A question of the current section that the paragraph starts with.
    fn question(&self, text: &str) -> Option<(String, String)> {
        let section = self.outline.sections.get(self.section?)?;
        for key in section.node.property_names() {
            let child = section.node.child(key)?;
            if let Some(q) = child.question()
                && let Some(rest) = outline::after_question(text, q)
            {
                let pointer = crate::document::child_pointer(&section.pointer, key);
                return Some((pointer, rest.to_string()));
            }
        }
        None
    }
}

/// A heading typed without a heading style: a bold paragraph that starts with a section number of
/// two or more parts ("1.9", "2.3.1", a tab or spaces after it) followed by a title. One the
/// template does not have is an unknown heading, not prose.
fn typed_heading(p: &Paragraph, text: &str) -> bool {
    if !p.bold || text.chars().count() > 150 {
        return false;
    }
    let (number, title) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let parts: Vec<&str> = number.trim_end_matches('.').split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        && title
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_alphabetic)
}
