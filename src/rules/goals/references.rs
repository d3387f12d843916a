//! Reading goal references in a cell: `<term> <ids>` with lists (`1, 2 och 4`) and ranges (`2–4`),
//! "samtliga <term>", and the goal text quoted after `<term> <id>:`. Offsets are bytes into the
//! cell's text; `cell_goals` gives `summary` and `export` the same reading as the rules.

use std::collections::BTreeSet;

use super::Goal;
use super::matcher::Matcher;
use super::quote::sentence_end;

/// One reference in a cell. Offsets are bytes into the cell's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub start: usize,
    pub end: usize,
    /// "samtliga <term>": every goal.
    pub all: bool,
    /// The ids with their own offsets.
    pub ids: Vec<(String, usize, usize)>,
    /// The quoted goal text after `<term> <id>:` (single id only).
    pub quote: Option<(usize, usize)>,
}

impl Reference {
    pub fn term_text<'a>(&self, text: &'a str) -> &'a str {
        let first_id = self.ids.first().map_or(self.end, |(_, s, _)| *s);
        text.get(self.start..first_id).unwrap_or("").trim_end()
    }
}

/// Parses one id (`2`, `2.1`, `10.3.2`) at the start of `s`; returns its length.
fn parse_id(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    if i == 0 {
        return None;
    }
    while b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    // "2a" or "2020-talet" is not an id.
    if s[i..].chars().next().is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    Some(i)
}

enum Sep {
    List,
    Range,
}

/// A separator between ids: `,`, `och`, `samt`, `eller`, or a range dash; returns its length.
fn parse_sep(s: &str) -> Option<(Sep, usize)> {
    let trimmed = s.trim_start();
    let ws = s.len() - trimmed.len();
    for dash in ["–", "-", "—"] {
        if let Some(rest) = trimmed.strip_prefix(dash) {
            let after = rest.len() - rest.trim_start().len();
            return Some((Sep::Range, ws + dash.len() + after));
        }
    }
    if let Some(rest) = trimmed.strip_prefix(',') {
        let after = rest.len() - rest.trim_start().len();
        // "1, 2 och 4"
        return Some((Sep::List, ws + 1 + after));
    }
    if ws == 0 {
        return None;
    }
    for word in ["och", "samt", "eller"] {
        if trimmed.len() > word.len()
            && trimmed
                .get(..word.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(word))
            && trimmed[word.len()..].starts_with(char::is_whitespace)
        {
            let rest = &trimmed[word.len()..];
            let after = rest.len() - rest.trim_start().len();
            return Some((Sep::List, ws + word.len() + after));
        }
    }
    None
}

/// Expands `2–4` to 2, 3, 4 and `2.1–2.3` to 2.1, 2.2, 2.3 (same level, same parent).
fn expand_range(from: &str, to: &str) -> Vec<String> {
    let (fp, fl) = from.rsplit_once('.').map_or(("", from), |(p, l)| (p, l));
    let (tp, tl) = to.rsplit_once('.').map_or(("", to), |(p, l)| (p, l));
    match (fl.parse::<u32>(), tl.parse::<u32>()) {
        (Ok(a), Ok(b)) if fp == tp && a < b && b - a <= 100 => (a + 1..b)
            .map(|n| {
                if fp.is_empty() {
                    n.to_string()
                } else {
                    format!("{fp}.{n}")
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Where "samtliga" begins if it stands, in any case and as a word of its own, right before the
/// term found at `start` with white space between: what `(?i)\bsamtliga\s+` matched before the
/// term when it had a pattern of its own, a second one to compile for every vocabulary (0.2 ms of
/// one report).
fn samtliga_before(text: &str, start: usize) -> Option<usize> {
    let before = text.get(..start)?;
    let word = before.trim_end_matches(char::is_whitespace);
    if word.len() == before.len() {
        return None;
    }
    let mut chars = word.char_indices().rev();
    let mut begin = word.len();
    for want in "agiltmas".chars() {
        let (i, c) = chars.next()?;
        // Case-insensitive as the pattern was: simple case folding, which also gives ſ for s.
        if c.to_ascii_lowercase() != want && !(want == 's' && c == 'ſ') {
            return None;
        }
        begin = i;
    }
    match chars.next() {
        Some((_, c)) if super::matcher::is_word(c) => None,
        _ => Some(begin),
    }
}

pub fn find_references(text: &str, matcher: &Matcher) -> Vec<Reference> {
    let mut refs: Vec<Reference> = Vec::new();
    for (term_start, term_end) in matcher.find_iter(text) {
        if let Some(start) = samtliga_before(text, term_start) {
            refs.push(Reference {
                start,
                end: term_end,
                all: true,
                ids: Vec::new(),
                quote: None,
            });
            continue;
        }
        let mut pos = term_end;
        let rest = &text[pos..];
        let gap = rest.len() - rest.trim_start().len();
        if gap == 0 {
            continue;
        }
        pos += gap;
        let mut ids: Vec<(String, usize, usize)> = Vec::new();
        let mut pending_range = false;
        while let Some(len) = parse_id(&text[pos..]) {
            let id = text[pos..pos + len].to_string();
            if pending_range && let Some((from, _, _)) = ids.last().cloned() {
                for mid in expand_range(&from, &id) {
                    ids.push((mid, pos, pos + len));
                }
            }
            ids.push((id, pos, pos + len));
            pos += len;
            match parse_sep(&text[pos..]) {
                Some((sep, sep_len)) if parse_id(&text[pos + sep_len..]).is_some() => {
                    pending_range = matches!(sep, Sep::Range);
                    pos += sep_len;
                }
                _ => break,
            }
        }
        if ids.is_empty() {
            continue;
        }
        refs.push(Reference {
            start: term_start,
            end: pos,
            all: false,
            ids,
            quote: None,
        });
    }
    refs.sort_by_key(|r| r.start);
    // Quoted goal texts: after `<term> <id>:` to the end of the sentence or the next reference.
    let starts: Vec<usize> = refs.iter().map(|r| r.start).collect();
    for (i, r) in refs.iter_mut().enumerate() {
        let distinct: BTreeSet<&str> = r.ids.iter().map(|(id, _, _)| id.as_str()).collect();
        if r.all || distinct.len() != 1 {
            continue;
        }
        let after = &text[r.end..];
        let Some(colon) = after.trim_start().strip_prefix(':') else {
            continue;
        };
        let qs = text.len() - colon.trim_start().len();
        let limit = starts.get(i + 1).copied().unwrap_or(text.len());
        let qe = sentence_end(text, qs, limit);
        if qe > qs {
            r.quote = Some((qs, qe));
        }
    }
    refs
}

/// What one goal-reference cell names, read exactly as the rules read it (for `summary` and
/// `export`): the ids written in it, in order and without repeats ("samtliga <term>" names every
/// top-level goal), and the ids it covers for AR304 (a sub-goal covers its parents; "samtliga"
/// covers every goal).
pub(crate) struct CellGoals {
    pub ids: Vec<String>,
    pub covered: BTreeSet<String>,
}

pub(crate) fn cell_goals(text: &str, matcher: &Matcher, goals: &[Goal]) -> CellGoals {
    let mut ids: Vec<String> = Vec::new();
    let mut covered: BTreeSet<String> = BTreeSet::new();
    let push = |id: &str, ids: &mut Vec<String>| {
        if !ids.iter().any(|i| i == id) {
            ids.push(id.to_string());
        }
    };
    for r in find_references(text, matcher) {
        if r.all {
            covered.extend(goals.iter().map(|g| g.id.clone()));
            for g in goals.iter().filter(|g| g.parent.is_none()) {
                push(&g.id, &mut ids);
            }
            continue;
        }
        for (id, _, _) in &r.ids {
            push(id, &mut ids);
            if goals.iter().any(|g| &g.id == id) {
                let mut p = id.as_str();
                covered.insert(p.to_string());
                while let Some((parent, _)) = p.rsplit_once('.') {
                    covered.insert(parent.to_string());
                    p = parent;
                }
            }
        }
    }
    CellGoals { ids, covered }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The characters a pattern's one class matches (`(?i)s`, `\s`), from regex's own parser.
    fn class_of(pattern: &str) -> Vec<char> {
        use regex_syntax::hir::{Class, HirKind};
        let hir = regex_syntax::parse(pattern).unwrap_or_else(|e| panic!("{e}"));
        match hir.kind() {
            HirKind::Class(Class::Unicode(class)) => {
                class.iter().flat_map(|r| r.start()..=r.end()).collect()
            }
            HirKind::Literal(_) => pattern.chars().last().into_iter().collect(),
            other => panic!("{pattern}: {other:?}"),
        }
    }

    /// The letters `samtliga_before` accepts are those the case-insensitive pattern matched, and
    /// the white space it skips is `\s`.
    #[test]
    fn samtliga_before_reads_case_and_space_as_the_pattern_did() {
        for want in "samtlig".chars() {
            let mut accepted: Vec<char> = ('\0'..=char::MAX)
                .filter(|c| c.to_ascii_lowercase() == want || (want == 's' && *c == 'ſ'))
                .collect();
            accepted.sort_unstable();
            assert_eq!(accepted, class_of(&format!("(?i){want}")), "{want}");
        }
        let space: Vec<char> = ('\0'..=char::MAX).filter(|c| c.is_whitespace()).collect();
        assert_eq!(space, class_of(r"\s"));
    }

    /// "samtliga <term>" is found where the pattern `(?i)\bsamtliga\s+(?:<terms>)\b` found it,
    /// on every cell of the example reports and on cases, spaces and word edges made to differ.
    #[test]
    fn samtliga_is_found_where_its_own_pattern_found_it() {
        let terms: Vec<String> = super::super::test_input::TERMS
            .iter()
            .map(|t| t.to_string())
            .collect();
        let m = Matcher::new(&terms).unwrap_or_else(|| panic!("matcher"));
        let pattern = format!(
            r"(?i)\bsamtliga\s+(?:{})\b",
            super::super::matcher::alternatives(&terms)
        );
        let own = regex::Regex::new(&pattern).unwrap_or_else(|e| panic!("{e}"));
        let mut texts: Vec<String> = super::super::test_input::example_reports()
            .iter()
            .flat_map(|t| t.lines().map(str::to_string).collect::<Vec<_>>())
            .collect();
        texts.extend(
            [
                "Bidrar till samtliga målområden och samtliga visionsmål.",
                "SAMTLIGA MÅL, Samtliga\tdelmål, samtliga\u{a0}strategier",
                "ſamtliga mål; samtliga\n  prioriterade utvecklingsområden 2",
                "osamtliga mål, samtligamål, samtliga_mål, 1samtliga mål, _samtliga mål",
                "samtliga samtliga mål, samtliga, samtliga målområde 3",
                "ésamtliga mål, e\u{301}samtliga mål, —samtliga mål, (samtliga mål)",
            ]
            .map(str::to_string),
        );
        let mut found = 0;
        for text in &texts {
            let want: Vec<(usize, usize)> =
                own.find_iter(text).map(|x| (x.start(), x.end())).collect();
            let got: Vec<(usize, usize)> = find_references(text, &m)
                .into_iter()
                .filter(|r| r.all)
                .map(|r| (r.start, r.end))
                .collect();
            assert_eq!(got, want, "{text}");
            found += want.len();
        }
        assert!(found >= 15, "only {found}: the comparison proves little");
    }

    fn refs(terms: &[&str], text: &str) -> Vec<(bool, Vec<String>, Option<String>)> {
        let terms: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
        let m = Matcher::new(&terms).unwrap_or_else(|| panic!("matcher"));
        find_references(text, &m)
            .into_iter()
            .map(|r| {
                (
                    r.all,
                    r.ids.into_iter().map(|i| i.0).collect(),
                    r.quote.map(|(s, e)| text[s..e].to_string()),
                )
            })
            .collect()
    }

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn skane_forms() {
        let r = refs(
            &["visionsmål"],
            "Regionala utvecklingsstrategins visionsmål 2: Skåne ska vara en stark hållbar tillväxtmotor.",
        );
        assert_eq!(
            r,
            vec![(
                false,
                ids(&["2"]),
                Some("Skåne ska vara en stark hållbar tillväxtmotor".into())
            )]
        );
        let r = refs(
            &["visionsmål"],
            "Insatsen bidrar till flera av visionsmålen i strategin, men främst visionsmål 2: Skåne ska vara.",
        );
        assert_eq!(r.len(), 1);
        let r = refs(
            &["visionsmål"],
            "Insatsen bidrar till samtliga visionsmål i den regionala utvecklingsstrategin.",
        );
        assert_eq!(r, vec![(true, vec![], None)]);
    }

    #[test]
    fn inflections_and_lists() {
        assert_eq!(
            refs(&["målområde"], "Målområdena 1 och 3.")[0].1,
            ids(&["1", "3"])
        );
        assert_eq!(
            refs(&["målområde"], "målområdet 1, 2 och 4")[0].1,
            ids(&["1", "2", "4"])
        );
        assert_eq!(
            refs(&["målområde"], "målområden 2–4")[0].1,
            ids(&["2", "3", "4"])
        );
        assert_eq!(
            refs(&["effektmål"], "effektmålen 2.1-2.3")[0].1,
            ids(&["2.1", "2.2", "2.3"])
        );
        assert_eq!(
            refs(&["prioritering"], "prioriteringarna 2 samt 3")[0].1,
            ids(&["2", "3"])
        );
        assert_eq!(
            refs(&["prioritering"], "PRIORITERINGEN 5")[0].1,
            ids(&["5"])
        );
        assert_eq!(
            refs(
                &["prioriterat utvecklingsområde"],
                "prioriterade\nutvecklingsområdena 1 eller 2"
            )[0]
            .1,
            ids(&["1", "2"])
        );
        assert_eq!(
            refs(
                &["målområde", "effektmål"],
                "effektmål 3.1 inom målområde 3"
            )[1]
            .1,
            ids(&["3"])
        );
        assert!(refs(&["visionsmål"], "visionsmålen är viktiga").is_empty());
        assert!(refs(&["mål"], "delmål 2 och visionsmål 3").is_empty());
        assert_eq!(refs(&["mål"], "mål 2 och mål 3").len(), 2);
    }

    #[test]
    fn quote_ends_at_sentence_or_next_reference() {
        let r = refs(
            &["visionsmål"],
            "visionsmål 2: Skåne ska vara stark. Dessutom bl.a. annat",
        );
        assert_eq!(r[0].2.as_deref(), Some("Skåne ska vara stark"));
        let r = refs(
            &["visionsmål"],
            "visionsmål 2: Skåne ska bl.a. vara stark och visionsmål 3: Något",
        );
        assert_eq!(r[0].2.as_deref(), Some("Skåne ska bl.a. vara stark"));
        assert_eq!(r[1].2.as_deref(), Some("Något"));
        let r = refs(&["visionsmål"], "visionsmål 2 och 3: text");
        assert_eq!(r[0].2, None);
    }
}
