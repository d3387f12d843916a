//! The template as import sees it: its sections in order (pointer, `x-nummer`, `x-rubrik`), and
//! how a Word paragraph is matched to a heading or a question (`x-fraga`) — after folding case,
//! whitespace and dashes, with `{rapportar}` standing for any four-digit year.

use unicode_normalization::UnicodeNormalization;

use crate::template::{SchemaNode, Template};

pub struct Section<'t> {
    pub pointer: String,
    pub node: SchemaNode<'t>,
    pub number: Option<String>,
    /// The folded `x-rubrik`, `{rapportar}` kept.
    heading: String,
}

pub struct Outline<'t> {
    pub sections: Vec<Section<'t>>,
}

/// Case, whitespace (tabs, no-break spaces) and dashes folded; NFC.
pub fn fold(s: &str) -> String {
    let mapped: String = s
        .nfc()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "1.2.1\tInnovation" → ("1.2.1", "Innovation"); "1.2.1. X" too. No number → None.
pub fn split_number(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_start();
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let number = t.get(..end)?.trim_end_matches('.');
    let rest = t.get(end..)?;
    let starts_right = number.starts_with(|c: char| c.is_ascii_digit())
        && !number.contains("..")
        && (rest.is_empty() || rest.starts_with(char::is_whitespace));
    starts_right.then_some((number, rest.trim()))
}

/// Does `text` (folded) equal `pattern` (folded, perhaps with `{rapportar}`)? With the year it
/// stood for, if any.
fn matches(text: &str, pattern: &str) -> Option<Option<i64>> {
    let Some((before, after)) = pattern.split_once("{rapportar}") else {
        return (text == pattern).then_some(None);
    };
    let middle = text.strip_prefix(before)?.strip_suffix(after)?;
    if middle.len() == 4 && middle.bytes().all(|b| b.is_ascii_digit()) {
        return Some(middle.parse().ok());
    }
    None
}

/// The template's sections in document order.
pub fn outline(template: &Template) -> Outline<'_> {
    let mut sections = Vec::new();
    if let Some(root) = template.node("") {
        collect(root, "", &mut sections);
    }
    Outline { sections }
}

fn collect<'t>(node: SchemaNode<'t>, pointer: &str, out: &mut Vec<Section<'t>>) {
    for key in node.property_names() {
        let Some(child) = node.child(key) else {
            continue;
        };
        let Some(heading) = child.heading() else {
            continue;
        };
        let pointer = crate::document::child_pointer(pointer, key);
        out.push(Section {
            pointer: pointer.clone(),
            node: child,
            number: child.number().map(String::from),
            heading: fold(heading),
        });
        collect(child, &pointer, out);
    }
}

impl Outline<'_> {
    /// The section a heading names: by number and text; a paragraph styled as a heading may also
    /// give the text alone (Word's automatic numbering keeps the number out of the text), and
    /// then the first such section after `after` is meant. Returns its index and the year that
    /// stood for `{rapportar}`.
    pub fn find(
        &self,
        text: &str,
        text_alone: bool,
        after: Option<usize>,
    ) -> Option<(usize, Option<i64>)> {
        let folded = fold(text);
        let numbered = split_number(text).map(|(n, rest)| (n.to_string(), fold(rest)));
        for (i, s) in self.sections.iter().enumerate() {
            let year = match (&s.number, &numbered) {
                (Some(n), Some((m, rest))) if n == m => matches(rest, &s.heading),
                (Some(_), _) => None,
                (None, _) => matches(&folded, &s.heading),
            };
            if let Some(year) = year {
                return Some((i, year));
            }
        }
        if !text_alone {
            return None;
        }
        let bare = numbered.map_or(folded, |(_, rest)| rest);
        let start = after.map_or(0, |a| a + 1);
        let found = |range: std::ops::Range<usize>| {
            range.into_iter().find_map(|i| {
                let s = self.sections.get(i)?;
                let heading = match (&s.number, split_number(&s.heading)) {
                    (None, Some((_, rest))) => rest.to_string(),
                    _ => s.heading.clone(),
                };
                matches(&bare, &heading)
                    .or_else(|| matches(&bare, &s.heading))
                    .map(|y| (i, y))
            })
        };
        found(start..self.sections.len()).or_else(|| found(0..start.min(self.sections.len())))
    }

    /// A table-of-contents entry: a heading with or without its number, perhaps followed by a
    /// page number (after a tab or dot leaders).
    pub fn find_entry(&self, text: &str) -> Option<usize> {
        if let Some((i, _)) = self.find(text, true, None) {
            return Some(i);
        }
        let without_page = match text.rsplit_once('\t') {
            Some((entry, page)) if page.trim().chars().all(|c| c.is_ascii_digit()) => entry,
            _ => text.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace()),
        };
        let without_leaders = without_page.trim_end_matches(['.', '…', '·', ' ', '\t']);
        self.find(without_leaders, true, None).map(|(i, _)| i)
    }
}

/// The text after `question` when `text` starts with it (folded): the question's paragraph may
/// carry the answer too.
pub fn after_question<'a>(text: &'a str, question: &str) -> Option<&'a str> {
    let q = fold(question);
    let t = fold(text);
    if !t.starts_with(&q) {
        return None;
    }
    // Folding keeps every character that is not whitespace, one for one.
    let mut wanted = q.chars().filter(|c| !c.is_whitespace()).count();
    for (i, c) in text.char_indices() {
        if wanted == 0 {
            return text.get(i..).map(str::trim);
        }
        if !c.is_whitespace() {
            wanted -= 1;
        }
    }
    Some("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_whitespace_and_dashes() {
        assert_eq!(
            fold("Återrapportering 1 -\tRegionalt  TILLVÄXTARBETE "),
            fold("Återrapportering 1 – Regionalt tillväxtarbete")
        );
    }

    #[test]
    fn numbers_are_split_from_the_heading() {
        assert_eq!(
            split_number("1.2.1\tInnovation"),
            Some(("1.2.1", "Innovation"))
        );
        assert_eq!(split_number("1.2. Innovation"), Some(("1.2", "Innovation")));
        assert_eq!(
            split_number("2020 var ett år"),
            Some(("2020", "var ett år"))
        );
        assert_eq!(split_number("Innovation"), None);
        assert_eq!(split_number("1.2Innovation"), None);
    }

    #[test]
    fn rapportar_matches_a_year() {
        assert_eq!(
            matches("övrigt 2021", "övrigt {rapportar}"),
            Some(Some(2021))
        );
        assert_eq!(matches("övrigt", "övrigt {rapportar}"), None);
        assert_eq!(matches("övrigt", "övrigt"), Some(None));
    }

    #[test]
    fn the_answer_may_follow_the_question() {
        assert_eq!(
            after_question("Finns det?  Ja ☒", "finns  det?"),
            Some("Ja ☒")
        );
        assert_eq!(after_question("Finns det?", "Finns det?"), Some(""));
        assert_eq!(after_question("Något annat", "Finns det?"), None);
    }
}
