//! A guarded pass over one XML entry: a DOCTYPE (where entities are declared) is refused before
//! anything else is read, only the five predefined entities and character references are
//! resolved, and nesting is bounded. Handlers see elements by local name (`w:p` → `p`).

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::WordError;

/// Deeper than any Word document nests; deeper input is refused rather than followed.
const MAX_DEPTH: usize = 512;

pub enum Xml<'e, 'a> {
    Start(&'e BytesStart<'a>),
    /// A self-closing element: a `Start` with no `End`.
    Empty(&'e BytesStart<'a>),
    End(&'e str),
    Text(&'e str),
}

pub fn local<'b>(e: &'b BytesStart<'_>) -> &'b str {
    let name: &str = e.name().0;
    name.rsplit(':').next().unwrap_or(name)
}

/// The value of the attribute with this local name (`w:val`, `w14:val` → `val`).
pub fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key: &str = a.key.0;
        (key.rsplit(':').next() == Some(name))
            .then(|| {
                a.normalized_value(XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

/// A `w:val`-style switch: absent or anything but "0", "false", "off" is on.
pub fn on(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

/// Calls `f` for every element and text of `bytes`, in order.
pub fn walk(
    bytes: &[u8],
    entry: &str,
    mut f: impl FnMut(Xml<'_, '_>) -> Result<(), WordError>,
) -> Result<(), WordError> {
    let bad = |message: String| WordError::Xml {
        entry: entry.to_string(),
        message,
    };
    let mut reader = Reader::from_reader(bytes);
    let mut depth = 0usize;
    let mut open = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| bad(e.to_string()))?;
        match event {
            Event::DocType(_) => {
                return Err(WordError::Doctype {
                    entry: entry.to_string(),
                });
            }
            Event::Start(e) => {
                depth += 1;
                open += 1;
                if depth > MAX_DEPTH {
                    return Err(bad(format!("nested deeper than {MAX_DEPTH} elements")));
                }
                f(Xml::Start(&e))?;
            }
            Event::Empty(e) => {
                open += 1;
                f(Xml::Empty(&e))?;
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                let name: &str = e.name().0;
                f(Xml::End(name.rsplit(':').next().unwrap_or(name)))?;
            }
            Event::Text(t) => f(Xml::Text(&t.xml10_content()))?,
            Event::CData(t) => f(Xml::Text(&t.xml10_content()))?,
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    Ok(None) => match r.xml10_content().as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => return Err(bad(format!("undefined entity &{other};"))),
                    },
                    Err(e) => return Err(bad(e.to_string())),
                };
                let mut buf = [0u8; 4];
                f(Xml::Text(c.encode_utf8(&mut buf)))?;
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
    if open == 0 {
        return Err(bad("no root element".to_string()));
    }
    if depth != 0 {
        return Err(bad("the document ends inside an element".to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(xml: &str) -> Result<String, WordError> {
        let mut out = String::new();
        walk(xml.as_bytes(), "x.xml", |e| {
            if let Xml::Text(t) = e {
                out.push_str(t);
            }
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn predefined_entities_and_character_references_are_resolved() {
        assert_eq!(
            texts("<a>x &amp; y &lt;z&gt; &#229;&#x00E4;</a>").as_deref(),
            Ok("x & y <z> åä")
        );
    }

    #[test]
    fn doctype_and_unknown_entities_are_refused() {
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY l \"lol\">]><a>&l;</a>";
        assert!(matches!(texts(bomb), Err(WordError::Doctype { .. })));
        assert!(matches!(texts("<a>&l;</a>"), Err(WordError::Xml { .. })));
    }

    #[test]
    fn malformed_and_deep_xml_are_errors() {
        assert!(matches!(texts("<a><b></a>"), Err(WordError::Xml { .. })));
        assert!(matches!(texts("<a>"), Err(WordError::Xml { .. })));
        assert!(matches!(texts(""), Err(WordError::Xml { .. })));
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(matches!(texts(&deep), Err(WordError::Xml { .. })));
    }
}
