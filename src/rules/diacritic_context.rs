//! What AR502 knows of the letters around an å/ä/ö/é, shared by `rules::diacritics` and build.rs
//! (which lays out the built-in list's contexts at build time): both must compute the same keys
//! from the same lines of the word list.

pub fn is_diacritic(c: char) -> bool {
    matches!(c, 'å' | 'ä' | 'ö' | 'é' | 'Å' | 'Ä' | 'Ö' | 'É')
}

/// An å/ä/ö/é `letter` with the letter before it (`None` at the start of a word) and the one after
/// it, as one key.
pub fn context(before: Option<char>, letter: char, after: char) -> u64 {
    let before = before.map_or(0, u64::from);
    (before << 42) | (u64::from(letter) << 21) | u64::from(after)
}

/// Calls `each` with the context of every å/ä/ö/é of `word` that has a letter after it.
pub fn word_contexts(word: &str, mut each: impl FnMut(u64)) {
    let mut before = None;
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        if is_diacritic(c)
            && let Some(&after) = chars.peek()
        {
            each(context(before, c, after));
        }
        before = Some(c);
    }
}

/// The words of a word list: its non-empty lines that are not comments, trimmed.
///
/// What `list.lines().map(str::trim)` gives, read a byte at a time: written when every run read
/// AR502's 18,000 short lines, where the general splitting and trimming took half of building the
/// word sets (3 M of 6 M instructions); now build.rs and the tests read them.
#[allow(
    dead_code,
    reason = "build.rs and the tests read the lists; a run reads build.rs's tables"
)]
pub fn word_lines(list: &str) -> impl Iterator<Item = &str> {
    let mut rest = list;
    std::iter::from_fn(move || {
        while !rest.is_empty() {
            let end = rest.bytes().position(|b| b == b'\n').unwrap_or(rest.len());
            // `end` is at a '\n' or the end: both are char boundaries.
            let line = rest.get(..end).unwrap_or_default();
            rest = rest.get(end + 1..).unwrap_or_default();
            let word = trim(line);
            if !word.is_empty() && !word.starts_with('#') {
                return Some(word);
            }
        }
        None
    })
}

/// `str::trim`, without its per-character whitespace test for a line that plainly needs none: one
/// that begins and ends with a printable ASCII character or a letter of U+00C0–U+00FF (which
/// holds å/ä/ö/é and no whitespace).
#[allow(dead_code, reason = "see `word_lines`")]
fn trim(line: &str) -> &str {
    let b = line.as_bytes();
    let plain_start = match b.first() {
        Some(&f) => f.is_ascii_graphic() || f == 0xC3,
        None => return line,
    };
    let plain_end = match b {
        [.., l] if l.is_ascii_graphic() => true,
        [.., 0xC3, l] => (0x80..=0xBF).contains(l),
        _ => false,
    };
    if plain_start && plain_end {
        line
    } else {
        line.trim()
    }
}
