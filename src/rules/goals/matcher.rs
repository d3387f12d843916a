//! Finding a strategy's terms in text: every word of a term in its inflected forms, generated from
//! its ending ("målområde" also matches "målområdena", "prioriterat utvecklingsområde" also
//! "prioriterade utvecklingsområden"), so a region with another vocabulary needs no code.
//!
//! The terms are found as the pattern `(?i)\b(?:<terms>)\b` finds them (`alternatives` writes it
//! out; the tests hold the two to the same matches), without compiling one: its compilation was
//! a tenth of one report's time, paid again in every process.

use std::sync::Arc;

use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};

/// Finds term occurrences in text ("samtliga" before one is looked for by `references`).
#[derive(Clone)]
pub struct Matcher {
    /// Longer terms first, as the pattern's alternation tries them.
    terms: Arc<[Term]>,
    /// Every character a term can begin with: only where one stands is a term looked for.
    first: Arc<[char]>,
}

/// One term: its words, to be found in order with white space between.
struct Term {
    words: Vec<Word>,
}

/// One word of a term: its stem, then one of its endings, longest first.
struct Word {
    stem: Vec<Letter>,
    endings: Vec<Vec<Letter>>,
}

/// The characters one character of a term matches: itself in every case, as `(?i)` has it
/// (simple case folding: "k" also matches the Kelvin sign, "s" the long "ſ").
struct Letter(Box<[char]>);

impl Letter {
    fn new(c: char) -> Letter {
        let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
        class.case_fold_simple();
        Letter(class.iter().flat_map(|r| r.start()..=r.end()).collect())
    }

    fn word(text: &str) -> Vec<Letter> {
        text.chars().map(Letter::new).collect()
    }
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

/// The endings of a word in the order they are tried: longest first, so "målområdena" is
/// preferred to "målområde".
fn endings_longest_first(suffixes: &[&'static str]) -> Vec<&'static str> {
    let mut suffixes = suffixes.to_vec();
    suffixes.sort_by_key(|s| std::cmp::Reverse(s.len()));
    suffixes.dedup();
    suffixes
}

/// The words of a term with their forms: the last is the head noun, the ones before adjectives.
fn term_forms(term: &str) -> Vec<(String, Vec<&'static str>)> {
    let words: Vec<&str> = term.split_whitespace().collect();
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let (stem, suffixes) = if i + 1 == words.len() {
                noun_forms(w)
            } else {
                adjective_forms(w)
            };
            (stem, endings_longest_first(suffixes))
        })
        .collect()
}

/// The terms longest first, so "prioriterat utvecklingsområde" wins over "utvecklingsområde".
fn longest_first(terms: &[String]) -> Vec<&String> {
    let mut sorted: Vec<&String> = terms.iter().collect();
    sorted.sort_by_key(|t| std::cmp::Reverse(t.len()));
    sorted
}

/// Every term as the regular expression the matcher stands for (without the `(?i)\b(?:…)\b`
/// around it): each word's stem once, then its endings.
#[cfg(test)]
pub(super) fn alternatives(terms: &[String]) -> String {
    let word = |(stem, endings): &(String, Vec<&str>)| {
        let endings: Vec<String> = endings.iter().map(|s| regex::escape(s)).collect();
        format!("{}(?:{})", regex::escape(stem), endings.join("|"))
    };
    longest_first(terms)
        .iter()
        .map(|t| {
            let words: Vec<String> = term_forms(t).iter().map(word).collect();
            words.join(r"\s+")
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// Whether `\b` holds at byte `at` of `text`: a word character on one side only.
fn word_edge(text: &str, at: usize) -> bool {
    let before = text
        .get(..at)
        .and_then(|t| t.chars().next_back())
        .is_some_and(is_word);
    let after = text
        .get(at..)
        .and_then(|t| t.chars().next())
        .is_some_and(is_word);
    before != after
}

/// A word character as `\b` reads it (`\w`), without the table search for ASCII.
pub(super) fn is_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        regex_syntax::is_word_character(c)
    }
}

/// Where `letters` end if they stand at byte `at` of `text`.
fn letters_at(letters: &[Letter], text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    let mut chars = rest.char_indices();
    for letter in letters {
        let (_, c) = chars.next()?;
        if !letter.0.contains(&c) {
            return None;
        }
    }
    Some(at + chars.next().map_or(rest.len(), |(i, _)| i))
}

/// Where `words` end if they stand at byte `at`, the last followed by a word edge: each ending
/// tried in order, as the pattern's alternation does, until the rest matches too.
fn words_at(words: &[Word], text: &str, at: usize) -> Option<usize> {
    let (word, rest) = words.split_first()?;
    let stem_end = letters_at(&word.stem, text, at)?;
    for ending in &word.endings {
        let Some(end) = letters_at(ending, text, stem_end) else {
            continue;
        };
        if rest.is_empty() {
            if word_edge(text, end) {
                return Some(end);
            }
            continue;
        }
        // `\s+` before the next word, whose first letter is never white space.
        let after = text.get(end..).unwrap_or_default();
        let space = after.len() - after.trim_start_matches(char::is_whitespace).len();
        if space > 0
            && let Some(found) = words_at(rest, text, end + space)
        {
            return Some(found);
        }
    }
    None
}

impl Matcher {
    pub fn new(terms: &[String]) -> Option<Matcher> {
        if terms.is_empty() {
            return None;
        }
        let terms: Vec<Term> = longest_first(terms)
            .iter()
            .map(|t| Term {
                words: term_forms(t)
                    .iter()
                    .map(|(stem, endings)| Word {
                        stem: Letter::word(stem),
                        endings: endings.iter().map(|e| Letter::word(e)).collect(),
                    })
                    .collect(),
            })
            .collect();
        let mut first: Vec<char> = terms
            .iter()
            .filter_map(|t| t.words.first()?.stem.first())
            .flat_map(|letter| letter.0.iter().copied())
            .collect();
        first.sort_unstable();
        first.dedup();
        Some(Matcher {
            terms: terms.into(),
            first: first.into(),
        })
    }

    /// The first term at or after byte `from`: the leftmost start, and there the first term (and
    /// the first of its forms) that matches, as the pattern finds it.
    fn find_at(&self, text: &str, from: usize) -> Option<(usize, usize)> {
        let rest = text.get(from..)?;
        rest.char_indices().find_map(|(i, c)| {
            let at = from + i;
            if self.first.binary_search(&c).is_err() || !word_edge(text, at) {
                return None;
            }
            self.terms
                .iter()
                .find_map(|term| words_at(&term.words, text, at))
                .map(|end| (at, end))
        })
    }

    /// Every term in `text`, left to right, none overlapping: byte ranges, as a pattern's
    /// `find_iter` gives them.
    pub fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
        let mut from = 0;
        std::iter::from_fn(move || {
            let (start, end) = self.find_at(text, from)?;
            from = end;
            Some((start, end))
        })
    }

    /// `new`, remembered per list of terms: reports of one region, or of many regions using the
    /// same words, share matchers instead of building them for every file. A few distinct
    /// vocabularies are kept; hostile input cannot make the cache grow without bound.
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
    use regex::Regex;

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

    fn strings(terms: &[&str]) -> Vec<String> {
        terms.iter().map(|t| t.to_string()).collect()
    }

    /// Every term's listed pattern, longer terms first.
    fn listed_alternatives(terms: &[&str]) -> String {
        let mut sorted: Vec<&str> = terms.to_vec();
        sorted.sort_by_key(|t| std::cmp::Reverse(t.len()));
        sorted
            .iter()
            .map(|t| listed_pattern(t))
            .collect::<Vec<_>>()
            .join("|")
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
        let (listed, factored) = (listed_alternatives(terms), alternatives(&strings(terms)));
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

    /// Texts made of pieces that test what the pattern's `(?i)`, `\b` and `\s+` decide: the
    /// terms' words in every case and form, other letters, digits and `_` run on (no word edge),
    /// case-folded look-alikes (the Kelvin sign, the long s, the Ångström sign), white space of
    /// every kind, a combining accent and punctuation; the same every run.
    fn tricky_texts(count: usize) -> Vec<String> {
        const PIECES: &[&str] = &[
            "mål",
            "MÅL",
            "Mål",
            "målet",
            "målen",
            "målområde",
            "målområdena",
            "Målområdet",
            "visionsmål",
            "VISIONSMÅLEN",
            "delmål",
            "prioriterat",
            "Prioriterade",
            "prioriterad",
            "utvecklingsområde",
            "utvecklingsområden",
            "strategi",
            "strategierna",
            "Fokusområde",
            "fokusområdena",
            "insatsområde",
            "regionala",
            "regionalt",
            "tillväxtmål",
            "samtliga",
            "prioritering",
            "prioriteringarna",
            "K-mål",
            "#mål",
            "ärende",
            "Ärenden",
            " ",
            "  ",
            "\t",
            "\n",
            "\u{a0}",
            "\u{2003}",
            "1",
            "2.3",
            "_",
            "x",
            "é",
            "\u{301}",
            "ſ",
            "\u{212a}",
            "\u{212b}",
            "-",
            ",",
            ".",
            "(",
            ")",
            "”",
            "—",
            "a",
            "s",
            "ns",
            "erna",
            "t",
            "e",
            // Two-word terms with white space of other kinds between, and with what is not.
            "prioriterade\u{a0}utvecklingsområden",
            "Regionala\u{2003}tillväxtmål",
            "prioriterat\t\n utvecklingsområde",
            "regionala\u{85}tillväxtmålen",
            "prioriterad\u{200b}utvecklingsområdet",
            "regionalt_tillväxtmål",
            "regionala\u{3000}tillväxtmål",
            "prioriterade\u{2028}utvecklingsområdena",
            // Terms spelled with the case-folded look-alikes.
            "FO\u{212a}USOMRÅDE",
            "\u{212a}-mål",
            "ſtrategi",
            "m\u{212b}l",
            "visionsm\u{212b}len",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        (0..count)
            .map(|_| {
                let len = 1 + next(12);
                (0..len)
                    .map(|_| PIECES.get(next(PIECES.len())).copied().unwrap_or(" "))
                    .collect()
            })
            .collect()
    }

    /// The matcher finds what `(?i)\b(?:<every form listed>)\b` finds, at the same places: on
    /// every line and the whole text of every example report, and on generated texts, for the
    /// terms regions use and for terms with edges and letters of their own (a non-word first
    /// character, a hyphen, one letter, folded letters).
    #[test]
    fn the_matcher_finds_what_the_pattern_finds() {
        let vocabularies: &[&[&str]] = &[
            super::super::test_input::TERMS,
            &[
                "#mål",
                "K-mål",
                "a",
                "Ärende",
                "ſtrategi",
                "regionala  tillväxtmål",
            ],
            &["mål"],
        ];
        let mut texts = super::super::test_input::example_reports();
        let lines: Vec<String> = texts
            .iter()
            .flat_map(|t| t.lines().map(str::to_string).collect::<Vec<_>>())
            .collect();
        texts.extend(lines);
        texts.extend(tricky_texts(20_000));
        let mut found = 0;
        for terms in vocabularies {
            let pattern = format!(r"(?i)\b(?:{})\b", listed_alternatives(terms));
            let pattern = Regex::new(&pattern).unwrap_or_else(|e| panic!("{e}"));
            let matcher = Matcher::new(&strings(terms)).unwrap_or_else(|| panic!("matcher"));
            for text in &texts {
                let want: Vec<(usize, usize)> = pattern
                    .find_iter(text)
                    .map(|m| (m.start(), m.end()))
                    .collect();
                let got: Vec<(usize, usize)> = matcher.find_iter(text).collect();
                assert_eq!(got, want, "{terms:?} in {text:?}");
                found += want.len();
            }
        }
        assert!(
            found > 10_000,
            "only {found} matches: the comparison proves little"
        );
    }

    /// The ASCII shortcut of `is_word` agrees with regex's `\w` on every ASCII character.
    #[test]
    fn ascii_word_characters_are_regexs() {
        for c in '\0'..='\x7f' {
            assert_eq!(is_word(c), regex_syntax::is_word_character(c), "{c:?}");
        }
    }

    /// Each character of a term matches the characters `(?i)` gives it, no more.
    #[test]
    fn a_letter_matches_its_cases() {
        let chars = |c: char| {
            let mut v = Letter::new(c).0.to_vec();
            v.sort_unstable();
            v
        };
        assert_eq!(chars('k'), vec!['K', 'k', '\u{212a}']);
        assert_eq!(chars('s'), vec!['S', 's', 'ſ']);
        assert_eq!(chars('å'), vec!['Å', 'å', '\u{212b}']);
        assert_eq!(chars('ä'), vec!['Ä', 'ä']);
        assert_eq!(chars('1'), vec!['1']);
        assert_eq!(chars('#'), vec!['#']);
    }
}
