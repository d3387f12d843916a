//! Reading a Word report (`.docx`): the package is opened with bounds on size and compression
//! ratio, `word/styles.xml` and `word/document.xml` are streamed with quick-xml, and the body
//! becomes a flat list of paragraphs and tables in document order, each with its place.
//! `import` maps that list onto a template's sections, questions and tables.

mod blocks;
mod body;
mod cells;
pub mod check;
mod error;
mod front;
pub mod import;
mod origin;
mod outline;
mod package;
mod place;
mod runs;
mod scalar;
mod styles;
mod xml;
mod yaml;

pub use error::WordError;
pub use import::{ImportOptions, Imported, Unplaced, UnplacedKind, import};

/// A Word document's body, in document order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WordDocument {
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

/// One paragraph, with what import needs to know about its formatting.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Paragraph {
    /// In the body: the paragraph's number, 1-based, counting body paragraphs (those in tables
    /// not counted). In a table cell: the cell's place with rows counted as Word counts them,
    /// from the table's first row; import counts them after the header row.
    pub place: Place,
    /// The text as accepted (insertions in, deletions out): `w:br` as `\n`, `w:tab` as `\t`,
    /// checkboxes as ☒ (checked) or ☐.
    pub text: String,
    pub style_id: Option<String>,
    pub style_name: Option<String>,
    /// 1–9 for a heading (the paragraph's or its style's outline level, or a style named
    /// "heading N"/"Rubrik N").
    pub heading_level: Option<u8>,
    /// Every run with visible text is bold (directly or by its style).
    pub bold: bool,
    /// A list item: numbering (`w:numPr`) or a list style.
    pub list: bool,
    /// Part of a table of contents: a TOC field, a "Table of Contents" content control or a TOC
    /// style.
    pub in_toc: bool,
    /// The bold text the paragraph starts with, up to a line break, a run that is not bold or the
    /// end of the paragraph (the insats's name in a table cell).
    pub bold_lead: Option<String>,
}

impl Paragraph {
    /// The text with surrounding whitespace removed.
    pub fn trimmed(&self) -> &str {
        self.text.trim()
    }
}

/// A table: rows of cells of paragraphs. Nested tables are flattened into their cell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// 1-based, counting the body's tables in document order.
    pub number: usize,
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    /// A header row (`w:tblHeader`): repeated at the top of each page.
    pub header: bool,
    pub cells: Vec<Cell>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    pub paragraphs: Vec<Paragraph>,
    /// The cell held a table of its own; its cells' paragraphs follow the cell's, row by row.
    pub nested_table: bool,
    /// The grid columns it spans (`w:gridSpan`); 0 or 1: one.
    pub span: usize,
    /// It continues the cell above (`w:vMerge` without `restart`): Word shows that cell's text.
    pub merged_above: bool,
}

impl Cell {
    /// The cell's text: its paragraphs joined by newlines, trimmed.
    pub fn text(&self) -> String {
        let parts: Vec<&str> = self
            .paragraphs
            .iter()
            .map(Paragraph::trimmed)
            .filter(|t| !t.is_empty())
            .collect();
        parts.join("\n")
    }
}

/// Where something stands in the Word document, 1-based; in what import reports, rows are
/// counted after the table's header row (as in the JSON contract), and row 0 is the header row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    #[default]
    Unknown,
    Paragraph(usize),
    Cell {
        table: usize,
        row: usize,
        column: usize,
    },
    Table(usize),
    /// A whole row of a table.
    Row {
        table: usize,
        row: usize,
    },
}

impl Place {
    /// "stycke 57" / "paragraph 57", "tabell 3, rad 2, kolumn 1" / "table 3, row 2, column 1".
    pub fn describe(self, lang: crate::i18n::Lang) -> String {
        match self {
            Place::Unknown => lang.pick("okänd plats", "unknown place"),
            Place::Paragraph(n) => lang.pick(&format!("stycke {n}"), &format!("paragraph {n}")),
            Place::Table(t) => lang.pick(&format!("tabell {t}"), &format!("table {t}")),
            Place::Row { table, row } => format!(
                "{}, {}",
                lang.pick(&format!("tabell {table}"), &format!("table {table}")),
                row_name(row, lang)
            ),
            Place::Cell { table, row, column } => format!(
                "{}, {}, {}",
                lang.pick(&format!("tabell {table}"), &format!("table {table}")),
                row_name(row, lang),
                lang.pick(&format!("kolumn {column}"), &format!("column {column}")),
            ),
        }
    }
}

/// "rad 2", or the header row (row 0).
fn row_name(row: usize, lang: crate::i18n::Lang) -> String {
    match row {
        0 => lang.pick("rubrikraden", "header row"),
        n => lang.pick(&format!("rad {n}"), &format!("row {n}")),
    }
}

/// Reads a `.docx` file's bytes.
pub fn read(bytes: &[u8]) -> Result<WordDocument, WordError> {
    let mut package = package::Package::open(bytes)?;
    let document = package
        .entry("word/document.xml")?
        .ok_or(WordError::MissingDocument)?;
    let styles = match package.entry("word/styles.xml")? {
        Some(xml) => styles::Styles::parse(&xml)?,
        None => styles::Styles::default(),
    };
    body::parse(&document, &styles)
}

/// Reads a `.docx` file.
pub fn read_file(path: &std::path::Path) -> Result<WordDocument, WordError> {
    let bytes = package::read_bounded(path)?;
    read(&bytes)
}
