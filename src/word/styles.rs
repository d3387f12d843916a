//! `word/styles.xml`: what a paragraph's style makes it — a heading of some level (by outline
//! level or by a name such as "heading 2" or "Rubrik 2", whatever the style's id), bold, a list
//! item or a table-of-contents entry — following `w:basedOn` to the style it inherits from.

use std::collections::HashMap;

use super::WordError;
use super::xml::{Xml, attr, local, on, walk};

#[derive(Clone, Debug, Default)]
struct Style {
    name: Option<String>,
    based_on: Option<String>,
    outline: Option<u8>,
    bold: Option<bool>,
    numbered: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Styles {
    by_id: HashMap<String, Style>,
}

/// How far `w:basedOn` is followed (a cycle stops here too).
const CHAIN: usize = 16;

impl Styles {
    pub fn parse(bytes: &[u8]) -> Result<Styles, WordError> {
        let mut styles = Styles::default();
        let mut current: Option<(String, Style)> = None;
        let mut in_ppr = false;
        let mut in_rpr = false;
        walk(bytes, "word/styles.xml", |e| {
            match e {
                Xml::Start(s) | Xml::Empty(s) => {
                    let empty = matches!(e, Xml::Empty(_));
                    match local(s) {
                        "style" if !empty => {
                            let id = attr(s, "styleId").unwrap_or_default();
                            current = Some((id, Style::default()));
                        }
                        "pPr" if !empty => in_ppr = true,
                        "rPr" if !empty => in_rpr = true,
                        name => {
                            if let Some((_, style)) = current.as_mut() {
                                match name {
                                    "name" => style.name = attr(s, "val"),
                                    "basedOn" => style.based_on = attr(s, "val"),
                                    "outlineLvl" if in_ppr => {
                                        style.outline = attr(s, "val").and_then(|v| v.parse().ok());
                                    }
                                    "numPr" | "numId" if in_ppr => style.numbered = true,
                                    "b" if in_rpr && !in_ppr => style.bold = Some(on(s)),
                                    _ => {}
                                }
                            }
                        }
                    }
                }
                Xml::End("style") => {
                    if let Some((id, style)) = current.take() {
                        styles.by_id.insert(id, style);
                    }
                }
                Xml::End("pPr") => in_ppr = false,
                Xml::End("rPr") => in_rpr = false,
                _ => {}
            }
            Ok(())
        })?;
        Ok(styles)
    }

    /// The style and those it is based on, nearest first.
    fn chain<'s>(&'s self, id: &str) -> impl Iterator<Item = &'s Style> + 's {
        let mut next = self.by_id.get(id);
        let mut hops = 0;
        std::iter::from_fn(move || {
            let current = next?;
            hops += 1;
            next = current
                .based_on
                .as_deref()
                .filter(|_| hops < CHAIN)
                .and_then(|b| self.by_id.get(b));
            Some(current)
        })
    }

    pub fn name(&self, id: &str) -> Option<&str> {
        self.by_id.get(id).and_then(|s| s.name.as_deref())
    }

    /// 1–9 when the style is a heading.
    pub fn heading_level(&self, id: &str) -> Option<u8> {
        for style in self.chain(id) {
            if let Some(level) = style.outline {
                return (level < 9).then_some(level + 1);
            }
            if let Some(level) = style.name.as_deref().and_then(numbered_name_level) {
                return Some(level);
            }
        }
        numbered_name_level(id)
    }

    pub fn bold(&self, id: &str) -> Option<bool> {
        self.chain(id).find_map(|s| s.bold)
    }

    pub fn is_list(&self, id: &str) -> bool {
        self.chain(id).any(|s| {
            s.numbered
                || s.name.as_deref().is_some_and(|n| {
                    let n = n.to_lowercase();
                    ["list bullet", "list number", "punktlista", "numrerad lista"]
                        .iter()
                        .any(|p| n.starts_with(p))
                })
        })
    }

    pub fn is_toc(&self, id: &str) -> bool {
        let toc = |n: &str| {
            let n = n.to_lowercase();
            ["toc ", "innehåll ", "innehållsförteckning "]
                .iter()
                .any(|p| n.strip_prefix(p).is_some_and(|d| d.parse::<u8>().is_ok()))
                || n == "toc heading"
        };
        toc(id) || self.name(id).is_some_and(toc)
    }
}

/// "heading 2", "Heading2", "Rubrik 2" → 2.
fn numbered_name_level(name: &str) -> Option<u8> {
    let n = name.to_lowercase();
    let rest = n
        .strip_prefix("heading")
        .or_else(|| n.strip_prefix("rubrik"))?;
    let level: u8 = rest.trim().parse().ok()?;
    (1..=9).contains(&level).then_some(level)
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:styles xmlns:w="w">
      <w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/><w:rPr><w:b/></w:rPr></w:style>
      <w:style w:type="paragraph" w:styleId="Egen"><w:name w:val="Min rubrik"/><w:basedOn w:val="Rubrik1"/></w:style>
      <w:style w:type="paragraph" w:styleId="Avsnitt"><w:name w:val="Avsnitt"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Brodtext"><w:name w:val="Brödtext"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr><w:rPr><w:b w:val="0"/></w:rPr></w:style>
      <w:style w:type="paragraph" w:styleId="Punkt"><w:name w:val="Punktlista"/></w:style>
      <w:style w:type="paragraph" w:styleId="Numrerad"><w:name w:val="Egen lista"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Innehll1"><w:name w:val="toc 1"/></w:style>
      <w:style w:type="paragraph" w:styleId="A"><w:name w:val="A"/><w:basedOn w:val="B"/></w:style>
      <w:style w:type="paragraph" w:styleId="B"><w:name w:val="B"/><w:basedOn w:val="A"/></w:style>
    </w:styles>"#;

    #[test]
    fn headings_by_name_or_outline_level_whatever_the_id() {
        let s = Styles::parse(XML.as_bytes()).unwrap_or_default();
        assert_eq!(s.heading_level("Rubrik1"), Some(1));
        assert_eq!(s.heading_level("Egen"), Some(1));
        assert_eq!(s.heading_level("Avsnitt"), Some(3));
        assert_eq!(s.heading_level("Brodtext"), None);
        assert_eq!(s.heading_level("Heading2"), Some(2));
        assert_eq!(s.bold("Egen"), Some(true));
        assert_eq!(s.bold("Brodtext"), Some(false));
        assert!(s.is_list("Punkt") && s.is_list("Numrerad") && !s.is_list("Egen"));
        assert!(s.is_toc("Innehll1") && !s.is_toc("Rubrik1"));
        // A cycle of basedOn ends.
        assert_eq!(s.heading_level("A"), None);
    }
}
