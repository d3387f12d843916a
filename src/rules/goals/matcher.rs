//! Finding a strategy's terms in text: every word of a term in its inflected forms, generated from
//! its ending ("målområde" also matches "målområdena", "prioriterat utvecklingsområde" also
//! "prioriterade utvecklingsområden"), so a region with another vocabulary needs no code.

use regex::Regex;

/// Finds term occurrences in text.
#[derive(Clone)]
pub struct Matcher {
    pub(super) term: Regex,
    pub(super) samtliga: Regex,
}

/// Inflected forms of the head noun of a term, from its ending: område/området/områden/områdena,
/// mål/målet/målen, prioritering/prioriteringen/prioriteringar/prioriteringarna, strategi/strategin/
/// strategier/strategierna. Over-generating is harmless: a form only counts when an id follows.
fn noun_forms(word: &str) -> Vec<String> {
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
    suffixes.iter().map(|s| format!("{word}{s}")).collect()
}

/// Forms of a word before the head noun (an adjective): prioriterat/prioriterade/prioriterad,
/// regional/regionalt/regionala.
fn adjective_forms(word: &str) -> Vec<String> {
    let lower = word.to_lowercase();
    let stem = ["de", "da", "t", "e", "a", "d"]
        .iter()
        .find_map(|s| lower.strip_suffix(s).filter(|st| st.chars().count() >= 3))
        .unwrap_or(&lower)
        .to_string();
    ["", "t", "e", "a", "de", "da", "d"]
        .iter()
        .map(|s| format!("{stem}{s}"))
        .collect()
}

fn term_pattern(term: &str) -> String {
    let words: Vec<&str> = term.split_whitespace().collect();
    let parts: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let mut forms = if i + 1 == words.len() {
                noun_forms(w)
            } else {
                adjective_forms(w)
            };
            // Longest first, so the alternation prefers "målområdena" to "målområde".
            forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
            forms.dedup();
            format!(
                "(?:{})",
                forms
                    .iter()
                    .map(|f| regex::escape(f))
                    .collect::<Vec<_>>()
                    .join("|")
            )
        })
        .collect();
    parts.join(r"\s+")
}

impl Matcher {
    pub fn new(terms: &[String]) -> Option<Matcher> {
        if terms.is_empty() {
            return None;
        }
        // Longer terms first so "prioriterat utvecklingsområde" wins over "utvecklingsområde".
        let mut sorted: Vec<&String> = terms.iter().collect();
        sorted.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let alternatives = sorted
            .iter()
            .map(|t| term_pattern(t))
            .collect::<Vec<_>>()
            .join("|");
        let term = Regex::new(&format!(r"(?i)\b(?:{alternatives})\b")).ok()?;
        let samtliga = Regex::new(&format!(r"(?i)\bsamtliga\s+(?:{alternatives})\b")).ok()?;
        Some(Matcher { term, samtliga })
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
