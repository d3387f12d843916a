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
pub fn word_lines(list: &str) -> impl Iterator<Item = &str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}
