//! Finding a strategy's terms in text: every word of a term in its inflected forms, generated from
//! its ending ("målområde" also matches "målområdena", "prioriterat utvecklingsområde" also
//! "prioriterade utvecklingsområden"), so a region with another vocabulary needs no code.

use regex::Regex;

/// Finds term occurrences in text ("samtliga" before one is looked for by `references`).
#[derive(Clone)]
pub struct Matcher {
    pub(super) term: Regex,
}

/// Inflected forms of the head noun of a term, from its ending, as the word and the endings it
/// takes: område/området/områden/områdena, mål/målet/målen, prioritering/prioriteringen/
/// prioriteringar/prioriteringarna, strategi/strategin/strategier/strategierna. Over-generating is
/// harmless: a form only counts when an id follows.
fn noun_forms(word: &str) -> (String, &'static [&'static str]) {
    let vowel_end = word
        .chars()
        .last()
        .is_some_and(|c| "aeiouyåäö".contains(c.to_lowercase().next().unwrap_or(c)));
    let suffixes: &[&str] = if vowel_end {
        &[
            "", "n", "t", "na", "r", "rna", "er", "erna", "ns", "ts", "nas",
        ]
    } else {
        &[
            "", "en", "et", "ar", "arna", "er", "erna", "na", "ens", "ets", "s",
        ]
    };
    (word.to_string(), suffixes)
}

/// Forms of a word before the head noun (an adjective), as its stem and the endings it takes:
/// prioriterat/prioriterade/prioriterad, regional/regionalt/regionala.
fn adjective_forms(word: &str) -> (String, &'static [&'static str]) {
    let lower = word.to_lowercase();
    let stem = ["de", "da", "t", "e", "a", "d"]
        .iter()
        .find_map(|s| lower.strip_suffix(s).filter(|st| st.chars().count() >= 3))
        .unwrap_or(&lower)
        .to_string();
    (stem, &["", "t", "e", "a", "de", "da", "d"])
}

/// One word of a term as a pattern: its stem once, then its endings, longest first, so the
/// alternation prefers "målområdena" to "målområde". The same matches as listing every form in
/// that order, in a pattern a fraction of the size (one Skåne report compiled it in 2.7 M
/// instructions when every form was listed).
fn word_pattern((stem, suffixes): (String, &[&str])) -> String {
    let mut suffixes = suffixes.to_vec();
    suffixes.sort_by_key(|s| std::cmp::Reverse(s.len()));
    suffixes.dedup();
    let endings: Vec<String> = suffixes.iter().map(|s| regex::escape(s)).collect();
    format!("{}(?:{})", regex::escape(&stem), endings.join("|"))
}

fn term_pattern(term: &str) -> String {
    let words: Vec<&str> = term.split_whitespace().collect();
    let parts: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            word_pattern(if i + 1 == words.len() {
                noun_forms(w)
            } else {
                adjective_forms(w)
            })
        })
        .collect();
    parts.join(r"\s+")
}

/// Every term's pattern, longer terms first so "prioriterat utvecklingsområde" wins over
/// "utvecklingsområde".
pub(super) fn alternatives(terms: &[String]) -> String {
    let mut sorted: Vec<&String> = terms.iter().collect();
    sorted.sort_by_key(|t| std::cmp::Reverse(t.len()));
    sorted
        .iter()
        .map(|t| term_pattern(t))
        .collect::<Vec<_>>()
        .join("|")
}

impl Matcher {
    pub fn new(terms: &[String]) -> Option<Matcher> {
        if terms.is_empty() {
            return None;
        }
        let term = Regex::new(&format!(r"(?i)\b(?:{})\b", alternatives(terms))).ok()?;
        Some(Matcher { term })
    }

    /// `new`, remembered per list of terms: reports of one region, or of many regions using the
    /// same words, share compiled patterns instead of compiling them for every file. A few
    /// distinct vocabularies are kept; hostile input cannot make the cache grow without bound.
    pub fn cached(terms: &[String]) -> Option<Matcher> {
        use std::collections::HashMap;
        use std::sync::{Mutex, OnceLock};
        const KEPT: usize = 64;
        static CACHE: OnceLock<Mutex<HashMap<Vec<String>, Matcher>>> = OnceLock::new();
        let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
        if let Some(m) = cache.lock().ok().and_then(|c| c.get(terms).cloned()) {
            return Some(m);
        }
        let m = Matcher::new(terms)?;
        if let Ok(mut c) = cache.lock()
            && c.len() < KEPT
        {
            c.insert(terms.to_vec(), m.clone());
        }
        Some(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pattern as it was first written: every form of every word listed in full.
    fn listed_pattern(term: &str) -> String {
        let words: Vec<&str> = term.split_whitespace().collect();
        let parts: Vec<String> = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let (stem, suffixes) = if i + 1 == words.len() {
                    noun_forms(w)
                } else {
                    adjective_forms(w)
                };
                let mut forms: Vec<String> =
                    suffixes.iter().map(|s| format!("{stem}{s}")).collect();
                forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
                forms.dedup();
                let forms: Vec<String> = forms.iter().map(|f| regex::escape(f)).collect();
                format!("(?:{})", forms.join("|"))
            })
            .collect();
        parts.join(r"\s+")
    }

    fn matches(pattern: &str, text: &str) -> Vec<(usize, usize)> {
        Regex::new(pattern)
            .map(|r| r.find_iter(text).map(|m| (m.start(), m.end())).collect())
            .unwrap_or_default()
    }

    /// Stem and endings written once find what listing every form finds, at the same places, on
    /// every report of the repository and on inflected, upper-case and run-together forms.
    #[test]
    fn factored_pattern_finds_what_the_listed_forms_find() {
        let terms = super::super::test_input::TERMS;
        let mut texts = super::super::test_input::example_reports();
        texts.push(
            "MÅLOMRÅDENA 1 och målområdet 2, målområdens mål, prioriterade  utvecklingsområden \
             3, Prioriterad\nutvecklingsområdet 4, strategierna, strategin, delmålen 1.2, \
             visionsmålet, målområdenas, regionalt tillväxtmålen, fokusområdena 3, \
             samtliga målområden, mål1, målområdex, prioriteringarna 2"
                .to_string(),
        );
        let mut sorted: Vec<&str> = terms.to_vec();
        sorted.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let join =
            |f: fn(&str) -> String| sorted.iter().map(|t| f(t)).collect::<Vec<_>>().join("|");
        let (listed, factored) = (join(listed_pattern), join(term_pattern));
        assert!(factored.len() * 3 < listed.len(), "{factored}");
        let mut found = 0;
        for wrap in [r"(?i)\b(?:{})\b", r"(?i)\bsamtliga\s+(?:{})\b"] {
            let listed = wrap.replace("{}", &listed);
            let factored = wrap.replace("{}", &factored);
            for text in &texts {
                let want = matches(&listed, text);
                found += want.len();
                assert_eq!(matches(&factored, text), want, "{wrap}");
            }
        }
        assert!(
            found > 50,
            "only {found} matches: the comparison proves little"
        );
    }
}
