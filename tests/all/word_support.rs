//! Builds `.docx` files for the Word tests from XML strings: a body (and optionally styles) in a
//! zip with the entries Word needs, plus small helpers for paragraphs, headings and tables.

use std::io::Write;

use zip::write::SimpleFileOptions;

const NS: &str = concat!(
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" "#,
    r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#
);

/// Word's built-in styles as another producer names them: ids in Swedish, names in English.
pub const STYLES: &str = r#"<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik3"><w:name w:val="Rubrik 3"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Liststycke"><w:name w:val="List Paragraph"/></w:style>
<w:style w:type="paragraph" w:styleId="Punktlista"><w:name w:val="List Bullet"/></w:style>
<w:style w:type="paragraph" w:styleId="Innehll1"><w:name w:val="toc 1"/></w:style>
<w:style w:type="character" w:styleId="Stark"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>"#;

/// A `.docx` whose body is `body` (the content of `w:body`), with `STYLES`.
pub fn docx(body: &str) -> Vec<u8> {
    docx_with(Some(STYLES), body)
}

pub fn docx_with(styles: Option<&str>, body: &str) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let mut entries: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
        ("_rels/.rels", RELS.as_bytes().to_vec()),
        (
            "word/_rels/document.xml.rels",
            DOCUMENT_RELS.as_bytes().to_vec(),
        ),
        ("word/document.xml", document.into_bytes()),
    ];
    if let Some(s) = styles {
        entries.push((
            "word/styles.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:styles {NS}>{s}</w:styles>"#)
                .into_bytes(),
        ));
    }
    zip_of(&entries)
}

// A package Word and LibreOffice open: content types and the relationships to the document and
// its styles.
const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// A zip (deflated) of these entries.
pub fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(*name, SimpleFileOptions::default())
            .unwrap_or_else(|e| panic!("zip: {e}"));
        zip.write_all(bytes).unwrap_or_else(|e| panic!("zip: {e}"));
    }
    zip.finish()
        .unwrap_or_else(|e| panic!("zip: {e}"))
        .into_inner()
}

pub fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A run of text; `\n` becomes `w:br` and `\t` `w:tab`.
pub fn run(text: &str, bold: bool) -> String {
    let props = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
    let mut inner = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            inner.push_str("<w:br/>");
        }
        for (j, part) in line.split('\t').enumerate() {
            if j > 0 {
                inner.push_str("<w:tab/>");
            }
            if !part.is_empty() {
                inner.push_str(&format!(r#"<w:t xml:space="preserve">{}</w:t>"#, esc(part)));
            }
        }
    }
    format!("<w:r>{props}{inner}</w:r>")
}

/// A Normal paragraph.
pub fn p(text: &str) -> String {
    format!("<w:p>{}</w:p>", run(text, false))
}

/// A paragraph typed bold, as a heading without a heading style.
pub fn b(text: &str) -> String {
    format!("<w:p>{}</w:p>", run(text, true))
}

/// A paragraph with this style id.
pub fn styled(style: &str, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{}</w:p>"#,
        run(text, false)
    )
}

/// A heading with the style `Rubrik<level>`.
pub fn h(level: u8, text: &str) -> String {
    styled(&format!("Rubrik{level}"), text)
}

/// A Word list item (numbering).
pub fn li(text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr>{}</w:p>"#,
        run(text, false)
    )
}

/// A table; each cell is the XML of its paragraphs. The first row is marked as a header row
/// when `header` is set.
pub fn table(rows: &[Vec<String>], header: bool) -> String {
    let mut out = String::from("<w:tbl><w:tblPr/>");
    for (i, row) in rows.iter().enumerate() {
        out.push_str("<w:tr>");
        if header && i == 0 {
            out.push_str("<w:trPr><w:tblHeader/></w:trPr>");
        }
        for cell in row {
            let content = if cell.is_empty() { "<w:p/>" } else { cell };
            out.push_str(&format!("<w:tc><w:tcPr/>{content}</w:tc>"));
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

/// A table row of plain one-paragraph cells.
pub fn cells(texts: &[&str]) -> Vec<String> {
    texts
        .iter()
        .map(|t| if t.is_empty() { String::new() } else { p(t) })
        .collect()
}
