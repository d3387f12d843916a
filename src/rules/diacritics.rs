//! AR502's detector: finds words that lost their å/ä/ö/é when copied out of a PDF ("Ska ne",
//! "fo r", "Det Ö ppna", "pa  att", "Jo nko ping") in one text and returns each damaged stretch with
//! its repairs. A repair counts only when it gives a known word: from the built-in list of common
//! Swedish words with å/ä/ö/é (`diacritics-words.txt`, most frequent first), from the intact words
//! of the document itself, or a compound built around one of them. Pairs of ordinary words are
//! never joined, so correct Swedish ("sa de", "Vara kommun", "o s v") stays untouched.

// FxHash (as in rustc): the document's words are few and short, so a fast hash beats SipHash's
// protection against crafted keys.
use rustc_hash::FxHashSet;

use super::diacritic_context::{context, is_diacritic, word_contexts};
use super::word_table;

/// Common Swedish words with å, ä, ö or é, lower case, one a line, most frequent first.
const WORDS: &str = include_str!("diacritics-words.txt");
/// Common Swedish words without them (and never a likely fragment of one), lower case.
const COMMON: &str = include_str!("diacritics-common.txt");

/// The most gaps one damaged word may have ("Jo nko ping" has two).
const MAX_GAPS: usize = 5;
/// A second reading is a real alternative unless it is this many times rarer than the first.
const AMBIGUITY_RATIO: usize = 30;
/// The longest part of a compound that is looked up.
const MAX_PART: usize = 32;
/// Rank given to words known only from the document.
const DOC_RANK: usize = usize::MAX / 4;

struct Lexicon {
    /// The frequency list: a word's rank is its line.
    words: WordList,
    common: WordList,
}

/// A built-in word list as a hash table laid out by build.rs (`word_table`): one tag byte and an
/// 8-byte entry (the word's place in the list's text and its rank) a slot. Read in place, so no
/// run builds it: building both lists' tables (hashbrown's, with the same entries) was a fifth of
/// the work of one report's second thread.
struct WordList {
    text: &'static str,
    tags: &'static [u8],
    /// The entries, each 8 bytes little-endian.
    entries: &'static [u8],
}

impl WordList {
    /// The word's rank (its line among the words), if it is listed.
    fn rank(&self, word: &str) -> Option<usize> {
        const ONES: u64 = u64::from_le_bytes([0x01; 8]);
        const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
        let h = word_table::hash(word);
        let tag = ONES * u64::from(word_table::tag(h));
        for group in word_table::probe(h, self.tags.len() / word_table::GROUP) {
            let first = group * word_table::GROUP;
            let tags = u64::from_le_bytes(self.tags.get(first..first + 8)?.try_into().ok()?);
            // A zero byte of `x` is a slot with the word's tag: the usual test for a zero byte in
            // a word (it may also flag the byte after one, which the comparison rules out).
            let x = tags ^ tag;
            let mut candidates = x.wrapping_sub(ONES) & !x & HIGHS;
            while candidates != 0 {
                let slot = first + (candidates.trailing_zeros() / 8) as usize;
                candidates &= candidates - 1;
                let at = slot * 8;
                let entry = u64::from_le_bytes(self.entries.get(at..at + 8)?.try_into().ok()?);
                if word_table::entry_word(self.text, entry) == word {
                    return Some(word_table::entry_rank(entry));
                }
            }
            // A group with an empty slot ends the search: the word would have gone there.
            if tags & HIGHS != 0 {
                return None;
            }
        }
        None
    }
}

// `CONTEXTS`: every å/ä/ö/é of the built-in list with the letters around it (`context`), sorted;
// made by build.rs, so that no run spends its start on it.
include!(concat!(env!("OUT_DIR"), "/diacritics_contexts.rs"));

/// The built-in lists' tables, laid out by build.rs.
static LEXICON: Lexicon = Lexicon {
    words: WordList {
        text: WORDS,
        tags: include_bytes!(concat!(env!("OUT_DIR"), "/words.tags")),
        entries: include_bytes!(concat!(env!("OUT_DIR"), "/words.entries")),
    },
    common: WordList {
        text: COMMON,
        tags: include_bytes!(concat!(env!("OUT_DIR"), "/common.tags")),
        entries: include_bytes!(concat!(env!("OUT_DIR"), "/common.entries")),
    },
};

/// Rank of a word of the built-in list.
fn word_rank(word: &str) -> Option<usize> {
    LEXICON.words.rank(word)
}

fn is_common(word: &str) -> bool {
    LEXICON.common.rank(word).is_some()
}

fn has_diacritic(word: &str) -> bool {
    word.chars().any(is_diacritic)
}

/// Calls `f` with `word` in lower case, as `str::to_lowercase` gives it, without allocating for a
/// word of ordinary length: most fragments are looked up once and thrown away.
fn with_lower<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let upper = |c: char| {
        if c.is_ascii() {
            c.is_ascii_uppercase()
        } else {
            c.is_uppercase()
        }
    };
    if !word.chars().any(upper) {
        return f(word);
    }
    // Σ is lowered by its place in the word, which one char at a time cannot see.
    if word.contains('Σ') {
        return f(&word.to_lowercase());
    }
    let mut buf = [0u8; 128];
    let mut len = 0;
    for c in word.chars().flat_map(char::to_lowercase) {
        let width = c.len_utf8();
        let Some(slot) = buf.get_mut(len..len + width) else {
            return f(&word.to_lowercase());
        };
        c.encode_utf8(slot);
        len += width;
    }
    match std::str::from_utf8(buf.get(..len).unwrap_or_default()) {
        Ok(lower) => f(lower),
        Err(_) => f(&word.to_lowercase()),
    }
}

/// The intact words with å/ä/ö/é of one document, lower case: a repaired word that occurs intact
/// elsewhere in the same report is known even when the built-in list lacks it.
#[derive(Default)]
pub struct Vocabulary {
    words: FxHashSet<String>,
    /// The contexts of their å/ä/ö/é, as `CONTEXTS` holds them for the built-in list.
    contexts: FxHashSet<u64>,
}

impl Vocabulary {
    pub fn add_text(&mut self, text: &str) {
        self.add_fragments(text, &fragments(text));
    }

    /// `add_text` with the text's `fragments` computed already (the text rules share them with
    /// `find_in`).
    pub fn add_fragments(&mut self, text: &str, frags: &[(usize, usize)]) {
        // Every one of å/ä/ö/é/Å/Ä/Ö/É is encoded as 0xC3 and one more byte.
        if !text.bytes().any(|b| b == 0xC3) {
            return;
        }
        for &(s, e) in frags {
            let word = &text[s..e];
            if word.chars().nth(1).is_none() || !has_diacritic(word) {
                continue;
            }
            let (words, contexts) = (&mut self.words, &mut self.contexts);
            with_lower(word, |lower| {
                // Words of the built-in list need no second place.
                if word_rank(lower).is_none() && !words.contains(lower) {
                    word_contexts(lower, |key| {
                        contexts.insert(key);
                    });
                    words.insert(lower.to_string());
                }
            });
        }
    }

    fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// Whether a known word (built in or the document's) has `letter` between these neighbours,
    /// or at its start before `after`.
    fn has_context(&self, before: Option<char>, letter: char, after: char) -> bool {
        let keys = [context(before, letter, after), context(None, letter, after)];
        let known = |set: &FxHashSet<u64>| keys.iter().any(|k| set.contains(k));
        keys.iter().any(|k| CONTEXTS.binary_search(k).is_ok()) || known(&self.contexts)
    }
}

/// One damaged word in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Damage {
    /// Byte range of the damaged text ("Ska ne").
    pub start: usize,
    pub end: usize,
    /// End of the bytes a fix replaces: past `end` by the doubled space of "pa  att".
    pub fix_end: usize,
    /// The repaired word, in the text's case; several when the reading is ambiguous ("är", "år").
    pub repairs: Vec<String>,
}

/// Byte ranges of the maximal runs of letters.
pub fn fragments(text: &str) -> Vec<(usize, usize)> {
    // About one word in six bytes of Swedish prose.
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    let bytes = text.as_bytes();
    // Whether the char at `i` (not ASCII) is a letter, and its width: U+00C0–U+00FF (0xC3 and
    // one more byte), which holds å/ä/ö/é and only letters but × and ÷; the Unicode table, which
    // is slow, for the rest. `None` past the end.
    let wide = |i: usize| -> Option<(bool, usize)> {
        if bytes.get(i) == Some(&0xC3) && bytes.get(i + 1).is_some_and(|&n| n & 0xC0 == 0x80) {
            return Some((!matches!(bytes.get(i + 1), Some(0x97 | 0xB7)), 2));
        }
        let c = text.get(i..)?.chars().next()?;
        Some((is_diacritic(c) || c.is_alphabetic(), c.len_utf8()))
    };
    let mut i = 0;
    // Two tight loops, one over the bytes between words and one over a word, each with ASCII a
    // byte at a time: one loop with the state of the run was 13 instructions a byte.
    loop {
        let start = loop {
            match bytes.get(i) {
                None => return out,
                Some(b) if b.is_ascii_alphabetic() => break i,
                Some(b) if b.is_ascii() => i += 1,
                Some(_) => match wide(i) {
                    Some((true, _)) => break i,
                    Some((false, width)) => i += width,
                    None => return out,
                },
            }
        };
        loop {
            match bytes.get(i) {
                Some(b) if b.is_ascii_alphabetic() => i += 1,
                Some(b) if !b.is_ascii() => match wide(i) {
                    Some((true, width)) => i += width,
                    _ => break,
                },
                _ => break,
            }
        }
        out.push((start, i));
    }
}

/// What the last letter of a fragment before a gap may have been.
fn readings(fragment: &str) -> Option<&'static [char]> {
    let mut chars = fragment.chars();
    let last = chars.next_back()?;
    let single = chars.next().is_none();
    Some(match last {
        'a' => &['å', 'ä'],
        'o' => &['ö'],
        'e' => &['é'],
        'A' if single => &['Å', 'Ä'],
        'O' if single => &['Ö'],
        'E' if single => &['É'],
        // The letter kept, a space inserted after it ("Det Ö ppna"): only a letter on its own, as
        // "må lat" is two words.
        'å' if single => &['å'],
        'ä' if single => &['ä'],
        'ö' if single => &['ö'],
        'é' if single => &['é'],
        'Å' if single => &['Å'],
        'Ä' if single => &['Ä'],
        'Ö' if single => &['Ö'],
        'É' if single => &['É'],
        _ => return None,
    })
}

/// How a repaired word is known; lower is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Known {
    Word(usize),
    Compound(usize),
}

impl Known {
    fn rank(self) -> usize {
        match self {
            Known::Word(r) | Known::Compound(r) => r,
        }
    }
    fn same_kind(self, other: Known) -> bool {
        matches!(
            (self, other),
            (Known::Word(_), Known::Word(_)) | (Known::Compound(_), Known::Compound(_))
        )
    }
}

fn rank_of(word: &str, vocab: &Vocabulary) -> Option<usize> {
    word_rank(word).or_else(|| vocab.contains(word).then_some(DOC_RANK))
}

/// Endings allowed after the last part of a compound ("förstärk|t", "check|arna").
const ENDINGS: &[&str] = &[
    "s", "n", "t", "a", "e", "r", "en", "et", "na", "er", "ar", "or", "de", "te", "ns", "ts",
    "ens", "ets", "nas", "ers", "ars", "ade", "ande", "ende", "erna", "arna", "orna", "ernas",
    "arnas", "ornas", "ades", "andes", "ning", "ningen", "ningar", "ningarna", "ningens",
];

/// Whether a consonant pair (lower case) begins Swedish words (and common loans): "bj", "st", ….
/// A `match` rather than a list to scan: AR502 asks this for nearly every gap it considers.
fn is_onset(a: char, b: char) -> bool {
    matches!(
        (a, b),
        ('b', 'j' | 'l' | 'r')
            | ('c', 'h')
            | ('d', 'j' | 'r' | 'v' | 'w')
            | ('f', 'j' | 'l' | 'n' | 'r')
            | ('g', 'j' | 'l' | 'n' | 'r' | 'w')
            | ('h', 'j')
            | ('k', 'h' | 'l' | 'n' | 'r' | 'v' | 'w')
            | ('l' | 'm' | 'n', 'j')
            | ('p', 'h' | 'j' | 'l' | 'n' | 'r' | 's')
            | ('r', 'h')
            | (
                's',
                'c' | 'f' | 'h' | 'j' | 'k' | 'l' | 'm' | 'n' | 'p' | 'q' | 't' | 'v' | 'w' | 'z'
            )
            | ('t', 'h' | 'j' | 'r' | 's' | 'v' | 'w')
            | ('v', 'r')
            | ('w', 'h' | 'r')
            | ('z', 'w')
    )
}

/// Whether a text that begins this way cannot be the start of a word: "rflyttning", "dpaket".
fn cannot_start_word(mut rest: impl Iterator<Item = char>) -> bool {
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y') || is_diacritic(c);
    let lower = |c: char| c.to_lowercase().next().unwrap_or(c);
    match (rest.next().map(lower), rest.next().map(lower)) {
        (Some(a), Some(b)) if !is_vowel(a) && !is_vowel(b) => !is_onset(a, b),
        _ => false,
    }
}

/// Whether `word` (lower case, as chars) is known, the letters at `repaired` being the repaired
/// ones: the whole word, or a compound of known parts of three letters or more, joined directly or
/// by an "s", perhaps with an ending ("kompetens|försörjning|s|arbet|et"), where every repaired
/// letter lies in a known word with å/ä/ö/é together with the letter after it.
/// Compound readings are tried only when `compounds`.
fn known(whole: &str, repaired: &[usize], vocab: &Vocabulary, compounds: bool) -> Option<Known> {
    if let Some(r) = rank_of(whole, vocab) {
        return Some(Known::Word(r));
    }
    if !compounds || repaired.is_empty() {
        return None;
    }
    compound(whole, repaired, vocab, false).map(Known::Compound)
}

/// The rank of the best compound reading of `whole` (`known`). `from_every_place` looks parts up
/// from every place of the word, as if each could start a reading: the same result, slower (the
/// tests compare the two).
fn compound(
    whole: &str,
    repaired: &[usize],
    vocab: &Vocabulary,
    from_every_place: bool,
) -> Option<usize> {
    let word: Vec<char> = whole.chars().collect();
    let n = word.len();
    // Byte offset of every char index, so that parts are slices, not new strings.
    let mut offsets: Vec<usize> = whole.char_indices().map(|(b, _)| b).collect();
    offsets.push(whole.len());
    let slice = |i: usize, e: usize| &whole[offsets[i]..offsets[e]];
    let tail_is_ending = |i: usize| ENDINGS.contains(&slice(i, n));
    // Computed once instead of for every part tried: how many of word[..k] are å/ä/ö/é (a part
    // has one when the counts at its ends differ), and whether the text after each repaired
    // letter cannot start a word.
    let mut diacritics_before = Vec::with_capacity(n + 1);
    diacritics_before.push(0usize);
    for &c in &word {
        let last = diacritics_before.last().copied().unwrap_or(0);
        diacritics_before.push(last + usize::from(is_diacritic(c)));
    }
    let strong: Vec<bool> = repaired
        .iter()
        .map(|&p| cannot_start_word(word.get(p + 1..).unwrap_or_default().iter().copied()))
        .collect();
    // The parts a reading may use, (start, end, rank), looked up from the word's start forwards
    // and only where a reading can be: at the start, after a part, or after the "s" that links
    // one. A word that is no compound reaches few places, so few of its n × MAX_PART parts are
    // looked up (a reading from every place was 1.8 of the Skåne report's 23 M instructions).
    let mut reached = vec![from_every_place; n + 1];
    if let Some(start) = reached.first_mut() {
        *start = true;
    }
    let mut parts: Vec<(usize, usize, usize)> = Vec::new();
    for i in 0..n {
        if !reached.get(i).copied().unwrap_or(false) {
            continue;
        }
        for e in (i + 3)..=n.min(i + MAX_PART) {
            // The gap after a repaired letter is never a boundary between parts, and the part
            // across it takes two letters from each side, or the text after the gap cannot start
            // a word ("fo rflyttning", "sto dpaket"): "denna skiss" is not "den|nås|kiss".
            if e < n && repaired.contains(&(e - 1)) {
                continue;
            }
            // A compound's head is a word of four letters or more ("vän|tåget" is no reading
            // of "vänta getternas").
            if i > 0 && i < 4 && repaired.first().is_some_and(|&p| p >= i && p < e) {
                continue;
            }
            let spans_gaps_well = repaired
                .iter()
                .zip(&strong)
                .filter(|&(&p, _)| p >= i && p + 1 < e)
                // Letters i..=p before the gap, p + 1..e after it.
                .all(|(&p, &strong)| strong || (p > i && e > p + 2));
            if !spans_gaps_well {
                continue;
            }
            // A part with å/ä/ö/é must be a known such word, one without a common word.
            let part = slice(i, e);
            let rank = if diacritics_before[e] > diacritics_before[i] {
                rank_of(part, vocab)
            } else {
                is_common(part).then_some(0)
            };
            let Some(rank) = rank else {
                continue;
            };
            parts.push((i, e, rank));
            reached[e] = true;
            if e + 1 < n && word[e] == 's' {
                reached[e + 1] = true;
            }
        }
    }
    // best[i]: the worst rank of the parts with å/ä/ö/é of the best compound reading of word[i..],
    // for the places reached. The parts from later places come later in `parts`, so read
    // backwards every part finds what follows it done.
    let mut best: Vec<Option<usize>> = vec![None; n + 1];
    best[n] = Some(0);
    for &(i, e, rank) in parts.iter().rev() {
        let rest = if e == n {
            Some(0)
        } else {
            let direct = best[e];
            let linked = (word[e] == 's' && e + 1 < n).then(|| best[e + 1]).flatten();
            let ending = tail_is_ending(e).then_some(0);
            [direct, linked, ending].into_iter().flatten().min()
        };
        if let Some(rest) = rest {
            let r = rank.max(rest);
            best[i] = Some(best[i].map_or(r, |h: usize| h.min(r)));
        }
    }
    best[0]
}

fn is_ordinary(fragment: &str) -> bool {
    with_lower(fragment, |w| is_common(w) || word_rank(w).is_some())
}

/// Two-letter words written as two single letters ("a r"): only these, so that abbreviations
/// without dots ("o m", "o s v") are never joined.
const TWO_LETTER: &[&str] = &["är", "år", "åt", "än"];

/// The best repair of fragments `first..=last` (indexes into `frags`), the last one's final letter
/// repaired too when `trailing` (it stood before a doubled space).
fn repair(
    text: &str,
    frags: &[(usize, usize)],
    first: usize,
    last: usize,
    trailing: bool,
    vocab: &Vocabulary,
    compounds: bool,
) -> Option<(Known, Vec<String>)> {
    // Each fragment's possible spellings, and whether its last letter is a repaired one.
    let mut parts: Vec<(Vec<String>, bool)> = Vec::new();
    for k in first..=last {
        let (s, e) = *frags.get(k)?;
        let frag = text.get(s..e)?;
        if k < last || trailing {
            let readings = readings(frag)?;
            let stem = &frag[..frag.len() - frag.chars().next_back()?.len_utf8()];
            parts.push((
                readings.iter().map(|r| format!("{stem}{r}")).collect(),
                true,
            ));
        } else {
            parts.push((vec![frag.to_string()], false));
        }
    }
    let single_letters = frags
        .get(first..=last)?
        .iter()
        .all(|&(s, e)| text[s..e].chars().count() == 1);
    // Every combination of readings, with the char positions of the repaired letters.
    let mut candidates: Vec<(String, Vec<usize>)> = vec![(String::new(), Vec::new())];
    for (spellings, repaired) in &parts {
        let mut next = Vec::with_capacity(candidates.len() * spellings.len());
        for (word, positions) in &candidates {
            for spelling in spellings {
                let mut w = word.clone();
                w.push_str(spelling);
                let mut positions = positions.clone();
                if *repaired {
                    positions.push(w.chars().count() - 1);
                }
                next.push((w, positions));
            }
        }
        candidates = next;
    }
    let mut found: Vec<(Known, String)> = Vec::new();
    for (word, positions) in candidates {
        let k = with_lower(&word, |lower| {
            if lower.chars().nth(1).is_none()
                || (single_letters && last > first && !TWO_LETTER.contains(&lower))
            {
                return None;
            }
            known(lower, &positions, vocab, compounds)
        });
        if let Some(k) = k {
            found.push((k, word));
        }
    }
    found.sort();
    let (best, _) = found.first()?.clone();
    let limit = best
        .rank()
        .saturating_add(1)
        .saturating_mul(AMBIGUITY_RATIO);
    let mut repairs: Vec<String> = Vec::new();
    for (k, w) in found {
        if (k == best || (k.same_kind(best) && k.rank() < limit)) && !repairs.contains(&w) {
            repairs.push(w);
        }
    }
    Some((best, repairs))
}

/// Whether a damaged word may start at byte `at`: at the start or after a space or an opening
/// bracket or quote, never inside "bl.a" or "a-kassa".
fn starts_word(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_none_or(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '(' | '[' | '{' | '"' | '\'' | '“' | '”' | '‘' | '’' | '«' | '»' | '–' | '—'
            )
    })
}

/// Damaged words in `text`, in order.
pub fn find(text: &str, vocab: &Vocabulary) -> Vec<Damage> {
    find_in(text, &fragments(text), vocab)
}

/// `find` with the text's `fragments` computed already.
pub fn find_in(text: &str, frags: &[(usize, usize)], vocab: &Vocabulary) -> Vec<Damage> {
    // gap[k]: fragment k and k+1 are separated by exactly one space, and k+1 starts lower case.
    let gap: Vec<bool> = frags
        .windows(2)
        .map(|w| {
            let ((_, e), (s, _)) = (w[0], w[1]);
            text.get(e..s) == Some(" ") && text[s..].chars().next().is_some_and(char::is_lowercase)
        })
        .collect();
    // "pa  att": a doubled space, then a word.
    let doubled = |k: usize| {
        frags.get(k).is_some_and(|&(_, e)| {
            text[e..]
                .strip_prefix("  ")
                .is_some_and(|rest| rest.starts_with(char::is_alphanumeric))
        })
    };
    // Whether fragment k is an ordinary word, looked up once (0: not yet, 1: no, 2: yes).
    let memo: Vec<std::cell::Cell<u8>> = vec![std::cell::Cell::new(0); frags.len()];
    let ordinary = |k: usize| -> bool {
        let Some(cell) = memo.get(k) else {
            return false;
        };
        if cell.get() == 0 {
            let (s, e) = frags[k];
            cell.set(if is_ordinary(&text[s..e]) { 2 } else { 1 });
        }
        cell.get() == 2
    };
    // Fragment k is followed by a gap and its last letter may have been å/ä/ö/é.
    let continues = |k: usize| {
        gap.get(k).copied().unwrap_or(false)
            && frags
                .get(k)
                .is_some_and(|&(s, e)| readings(&text[s..e]).is_some())
    };
    // Whether the gap after fragment k can be a lost å/ä/ö/é at all: some known word (or, in a
    // compound, some known part) has that letter between the same neighbours, or at its start.
    // A necessary condition of every repair across the gap, and far cheaper than one: most gaps
    // in intact text ("regionala aktörer", "de nya") fail it.
    let plausible_gap = |k: usize| -> bool {
        let (Some(&(s, e)), Some(&(next_start, next_end))) = (frags.get(k), frags.get(k + 1))
        else {
            return false;
        };
        let (frag, next) = (&text[s..e], &text[next_start..next_end]);
        let Some(letters) = readings(frag) else {
            return false;
        };
        let mut next_chars = next.chars();
        let Some(after) = next_chars.next() else {
            return false;
        };
        // A one-letter fragment after the gap may be repaired itself ("fo o r"): no test.
        if next_chars.next().is_none() {
            return true;
        }
        // As `with_lower` lowers the joined word: the letter before the gap is the last of its
        // lower case, the one after it the first.
        let lower = |c: char| c.to_lowercase().next().unwrap_or(c);
        let mut chars = frag.chars();
        chars.next_back();
        let before = chars
            .next_back()
            .map(|c| c.to_lowercase().last().unwrap_or(c));
        letters
            .iter()
            .any(|&l| vocab.has_context(before, lower(l), lower(after)))
    };
    // Fragment k cannot start a word: it is the rest of one ("dliggo" in "a ska dliggo ra").
    let is_rest = |k: usize| {
        frags
            .get(k)
            .is_some_and(|&(s, e)| cannot_start_word(text[s..e].chars()))
    };
    // The best damaged word from fragment i: the longest exact word, else the longest compound,
    // never one that stops where the text goes on with the rest of a word ("fo rsta rkning").
    // `after_word`: fragment i - 1 ended a damaged word found already.
    let best_from = |i: usize, after_word: bool| -> Option<(usize, bool, Known, Vec<String>)> {
        let (s, _) = *frags.get(i)?;
        if !(continues(i) || doubled(i))
            || !starts_word(text, s)
            || (!after_word && i > 0 && continues(i - 1) && is_rest(i - 1))
        {
            return None;
        }
        let first_gap = continues(i) && plausible_gap(i);
        if !first_gap && !doubled(i) {
            return None;
        }
        let mut word = None;
        let mut compound = None;
        let mut last = i;
        loop {
            let trailing = doubled(last);
            let cut_short = continues(last) && is_rest(last + 1);
            if (last > i || trailing) && !cut_short {
                let all_ordinary = (i..=last).all(&ordinary);
                if !all_ordinary {
                    for t in [true, false] {
                        if (t && !trailing) || (!t && last == i) {
                            continue;
                        }
                        // An ordinary word beside a rarer one is no damaged compound ("sa
                        // garagets" is not "sågaragets", "affärsbiträdena sa" not
                        // "affärsbiträdenäsa").
                        let compounds = !ordinary(i) && !ordinary(last);
                        if let Some((known, r)) = repair(text, frags, i, last, t, vocab, compounds)
                        {
                            let found = Some((last, t, known, r));
                            match known {
                                Known::Word(_) => word = found,
                                Known::Compound(_) => compound = found,
                            }
                            break;
                        }
                    }
                }
            }
            if last - i >= MAX_GAPS || !continues(last) || !first_gap {
                break;
            }
            last += 1;
        }
        word.or(compound)
    };
    let mut out: Vec<Damage> = Vec::new();
    let mut i = 0;
    while i < frags.len() {
        let after_word = i > 0 && out.last().is_some_and(|d| d.end == frags[i - 1].1);
        let Some((last, trailing, _, repairs)) = best_from(i, after_word) else {
            i += 1;
            continue;
        };
        let s = frags[i].0;
        let end = frags[last].1;
        out.push(Damage {
            start: s,
            end,
            fix_end: if trailing { end + 1 } else { end },
            repairs,
        });
        i = last + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::diacritic_context::word_lines;

    fn repairs(text: &str) -> Vec<(String, Vec<String>)> {
        let vocab = Vocabulary::default();
        find(text, &vocab)
            .into_iter()
            .map(|d| (text[d.start..d.end].to_string(), d.repairs))
            .collect()
    }

    fn one(text: &str) -> Vec<(String, Vec<String>)> {
        repairs(text)
    }

    fn pair(damaged: &str, repaired: &[&str]) -> (String, Vec<String>) {
        (
            damaged.to_string(),
            repaired.iter().map(|s| s.to_string()).collect(),
        )
    }

    #[test]
    fn finds_the_forms_of_damage() {
        assert_eq!(one("i Ska ne"), [pair("Ska ne", &["Skåne"])]);
        assert_eq!(one("fo r alla"), [pair("fo r", &["för"])]);
        assert_eq!(one("Det Ö ppna"), [pair("Ö ppna", &["Öppna"])]);
        assert_eq!(
            one("en ide buren aktör"),
            [pair("ide buren", &["idéburen"])]
        );
        assert_eq!(one("fokus pa  att"), [pair("pa", &["på"])]);
        assert_eq!(one("i Jo nko ping"), [pair("Jo nko ping", &["Jönköping"])]);
        assert_eq!(one("Strategin a r bra"), [pair("a r", &["är", "år"])]);
        assert_eq!(one("Vara a r en kommun"), [pair("a r", &["är", "år"])]);
        // A word it does not know ("åskådliggöra") gives nothing, not a wrong part ("åska").
        assert_eq!(one("att a ska dliggo ra det"), []);
        assert_eq!(
            one("tva  sto dpaket"),
            [pair("tva", &["två"]), pair("sto dpaket", &["stödpaket"])]
        );
        assert_eq!(
            one("kompetensfo rso rjningsarbetet"),
            [pair(
                "kompetensfo rso rjningsarbetet",
                &["kompetensförsörjningsarbetet"]
            )]
        );
    }

    #[test]
    fn leaves_correct_swedish_alone() {
        for text in [
            "Mora, Vara, Sala, Ale, Ystad och Torsås",
            "Vara kommun och Sala kommun samarbetar",
            "bl.a. s.k. o.s.v. t.ex. a-kassa",
            "bl a o s v t o m fr o m",
            "a) första b) andra",
            "Vi är nöjda, sa de.",
            "the idea of a data area",
            "mål 1.2 a och 2.3 b",
            "Det öppna Skåne är här",
            "så som tidigare år",
            "gå i ide nu",
            "vi har bla ljus och bla sten",
            "affärsbiträdena sa att vissa naturlags",
            "sa garagets ägare; vänta getternas tur; denna skiss",
            "du må lat vara",
            "Region Ska",
        ] {
            assert_eq!(repairs(text), [], "{text}");
        }
    }

    /// Two ordinary words side by side are never joined: every pair of the most common words, with
    /// one space and with two.
    #[test]
    fn pairs_of_common_words_stay_apart() {
        let list = |s: &'static str, n| {
            s.lines()
                .filter(|l| !l.starts_with('#'))
                .take(n)
                .collect::<Vec<_>>()
        };
        let words: Vec<&str> = list(COMMON, 1200)
            .into_iter()
            .chain(list(WORDS, 600))
            .collect();
        let firsts: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| readings(w).is_some())
            .take(250)
            .collect();
        assert!(firsts.len() == 250);
        let vocab = Vocabulary::default();
        let mut joined = Vec::new();
        for a in &firsts {
            for b in &words {
                for text in [format!("{a} {b}"), format!("{a}  {b}")] {
                    if !find(&text, &vocab).is_empty() {
                        joined.push(text);
                    }
                }
            }
        }
        assert!(joined.is_empty(), "{joined:?}");
    }

    /// build.rs's table is exactly the contexts of the word list as read at run time, sorted and
    /// without repeats.
    #[test]
    fn the_built_contexts_are_those_of_the_word_list() {
        let mut contexts = FxHashSet::default();
        for word in word_lines(WORDS) {
            word_contexts(word, |key| {
                contexts.insert(key);
            });
        }
        let mut expected: Vec<u64> = contexts.into_iter().collect();
        expected.sort_unstable();
        assert!(expected.len() > 400, "{}", expected.len());
        assert_eq!(CONTEXTS, expected.as_slice());
    }

    /// The word lists read a byte at a time give what `lines()` and `trim()` give: on both lists
    /// and on lines with CR LF, spaces, no-break and em spaces, comments and no last newline.
    #[test]
    fn word_lines_reads_as_lines_and_trim_do() {
        let general = |list: &str| -> Vec<String> {
            list.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect()
        };
        let tricky = "# kommentar\r\när\r\n  på \n\n\u{a0}för\u{a0}\n\u{2003}é\u{2003}\n\
                      \t#inte\n ö\nmå\u{85}\nsista";
        for list in [WORDS, COMMON, tricky, "", "\n", "ord", "ord\n"] {
            let fast: Vec<String> = word_lines(list).map(str::to_string).collect();
            assert_eq!(fast, general(list), "{list:.40?}");
        }
        let words: Vec<&str> = word_lines(tricky).collect();
        assert_eq!(words, ["är", "på", "för", "é", "ö", "må", "sista"]);
        assert!(word_lines(WORDS).count() > 8_000);
    }

    /// The tables build.rs lays out give what a map from each listed word to its line and a set
    /// of the words gave: every word of both lists found (a word listed twice with its last line),
    /// and nothing else, not even a part or an extension of a listed word; every word is in its
    /// own slot, and a slot's tag is its word's.
    #[test]
    fn the_word_tables_hold_the_lists() {
        for (list, table) in [(WORDS, &LEXICON.words), (COMMON, &LEXICON.common)] {
            let mut map = std::collections::HashMap::new();
            map.extend(word_lines(list).enumerate().map(|(i, w)| (w, i)));
            assert_eq!(table.entries.len(), table.tags.len() * 8);
            assert!(table.tags.len().is_power_of_two());
            let full: Vec<(usize, &u8)> = table
                .tags
                .iter()
                .enumerate()
                .filter(|&(_, t)| *t != word_table::EMPTY)
                .collect();
            assert_eq!(full.len(), map.len());
            assert!(full.len() * 8 <= table.tags.len() * 7, "at most 7/8 full");
            for (slot, tag) in full {
                let at = slot * 8;
                let bytes = table.entries.get(at..at + 8).unwrap_or_default();
                let entry = u64::from_le_bytes(bytes.try_into().unwrap_or_default());
                let word = word_table::entry_word(list, entry);
                assert_eq!(*tag, word_table::tag(word_table::hash(word)), "{word}");
            }
            for (word, rank) in &map {
                assert_eq!(table.rank(word), Some(*rank), "{word}");
                let longer = format!("{word}x");
                assert_eq!(table.rank(&longer), map.get(longer.as_str()).copied());
                let shorter = &word[..word.char_indices().last().map_or(0, |(i, _)| i)];
                assert_eq!(table.rank(shorter), map.get(shorter).copied(), "{shorter}");
            }
            assert_eq!(table.rank(""), None);
        }
        assert!(word_lines(COMMON).count() > word_lines(COMMON).collect::<FxHashSet<_>>().len());
        assert_eq!(word_rank("är"), Some(0));
        assert!(is_common("och") && !is_common("är") && word_rank("och").is_none());
    }

    /// Every group is probed once, whatever the hash, and the hash is the same for the same
    /// word and spreads words of one list over the groups.
    #[test]
    fn the_probe_sees_every_group() {
        for groups in [1usize, 2, 8, 1024] {
            for h in [0u64, 1, 7, u64::MAX, word_table::hash("förändring")] {
                let mut seen: Vec<usize> = word_table::probe(h, groups).collect();
                seen.sort_unstable();
                assert_eq!(seen, (0..groups).collect::<Vec<_>>());
            }
        }
        assert_eq!(word_table::hash("år"), word_table::hash("år"));
        let groups: FxHashSet<u64> = word_lines(WORDS)
            .map(|w| word_table::hash(w) & 1023)
            .collect();
        assert!(groups.len() > 1000, "{} of 1024 groups", groups.len());
    }

    /// `fragments` as it was first written, a char at a time.
    fn fragments_by_chars(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut run = None;
        for (i, c) in text.char_indices() {
            match (is_diacritic(c) || c.is_alphabetic(), run) {
                (true, None) => run = Some(i),
                (false, Some(start)) => {
                    out.push((start, i));
                    run = None;
                }
                _ => {}
            }
        }
        if let Some(start) = run {
            out.push((start, text.len()));
        }
        out
    }

    /// The runs of letters are those a char at a time finds: ASCII, all of U+00C0–U+00FF (× and ÷
    /// are no letters), other letters, marks and emoji, at the start, the end and on their own.
    #[test]
    fn fragments_are_the_runs_of_letters() {
        let mut texts = vec![
            String::new(),
            "å".into(),
            "×".into(),
            "Det Ö ppna Ska ne 2030, fo r ×÷ 3×4 ÀÿØø ǅemal Ωμέγα é\u{301} 漢字 🙂a".into(),
            "  ledande\tkunskapsregion;näringsliv!".into(),
        ];
        texts.extend(
            (0xC0u32..=0xFF)
                .filter_map(char::from_u32)
                .map(|c| format!("x{c}y {c}")),
        );
        texts.push(include_str!("../../examples/skane-2020.yaml").to_string());
        for text in &texts {
            assert_eq!(fragments(text), fragments_by_chars(text), "{text:?}");
        }
    }

    #[test]
    fn the_document_teaches_words() {
        let mut vocab = Vocabulary::default();
        assert!(find("i Lo ddeko pinge", &vocab).is_empty());
        vocab.add_text("Löddeköpinge");
        let found = find("i Lo ddeko pinge", &vocab);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].repairs, ["Löddeköpinge"]);
    }

    /// A compound reading looked up only from the places a reading reaches is the one looked up
    /// from every place: on every pair of words of the AR502 corpus and the example reports joined
    /// across a lost letter, and on every longer word with its own å/ä/ö/é taken as repaired.
    #[test]
    fn compounds_read_from_the_reached_places_only_are_the_same() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut text = String::new();
        for file in [
            "tests/data/ar502/damaged.yaml",
            "tests/data/ar502/repaired.yaml",
            "examples/skane-2020.yaml",
            "examples/exempel-2020.yaml",
        ] {
            let read = std::fs::read_to_string(root.join(file));
            text.push_str(&read.unwrap_or_else(|e| panic!("{file}: {e}")));
        }
        let mut vocab = Vocabulary::default();
        vocab.add_text(&text);
        let frags = fragments(&text);
        let mut candidates: Vec<(String, Vec<usize>)> = Vec::new();
        for pair in frags.windows(2) {
            let (&(s, e), &(next_start, next_end)) = (&pair[0], &pair[1]);
            let frag = text[s..e].to_lowercase();
            let Some(letters) = readings(&frag) else {
                continue;
            };
            let stem = &frag[..frag.len() - frag.chars().next_back().map_or(0, char::len_utf8)];
            for letter in letters {
                let head = format!("{stem}{letter}");
                let at = head.chars().count() - 1;
                candidates.push((head + &text[next_start..next_end].to_lowercase(), vec![at]));
            }
        }
        for &(s, e) in &frags {
            let word = text[s..e].to_lowercase();
            let at: Vec<usize> = word
                .chars()
                .enumerate()
                .filter(|&(_, c)| is_diacritic(c))
                .map(|(i, _)| i)
                .collect();
            if word.chars().count() >= 7 && !at.is_empty() {
                candidates.push((word, at));
            }
        }
        let mut read = 0;
        for (word, at) in &candidates {
            let fast = compound(word, at, &vocab, false);
            assert_eq!(fast, compound(word, at, &vocab, true), "{word} {at:?}");
            read += usize::from(fast.is_some());
        }
        assert!(candidates.len() > 5_000, "{} candidates", candidates.len());
        assert!(
            read > 1_000,
            "{read} of {} read as compounds",
            candidates.len()
        );
    }
}
