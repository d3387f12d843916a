//! Text rules, applied to every string value of the report — reports are pasted from Word and PDF,
//! and this is what that breaks: text not in NFC (AR501), private-use characters such as Word's
//! Symbol-font bullet (AR503), leftover placeholders (AR504), invisible characters and trailing
//! whitespace (AR505), and words that lost their å/ä/ö in a PDF (AR502, found by `diacritics`). Findings point at the exact characters, found by aligning the value with its
//! source (`document::locate_in_scalar`); fixes rewrite the source between the first and the last
//! occurrence in a value, so comments and formatting elsewhere stay byte-identical.

use std::iter::Peekable;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};

use crossbeam_channel::{Receiver, Sender};
use serde_json::Value;

use super::Context;
use super::diacritics::{Vocabulary, find_in, fragments};
use crate::diagnostic::{Code, Diagnostic};
use crate::document::{NodeSpan, ScalarWalk, child_pointer};
use crate::i18n::plural;
use crate::source::Span;

/// AR501 and AR503–AR505, string by string. Each finding has a code of its own, so findings of
/// this family and of `check_diacritics` sort into the same order whichever runs first.
pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for_each_string(cx.value, "", &mut |pointer, text| {
        placeholders(cx, pointer, text, out);
        if text.trim().is_empty() {
            // Only whitespace: AR104/AR403 say it all.
            return;
        }
        // Most text is printable ASCII and å/ä/ö/é: one quick pass over the bytes spares three
        // scans for characters it cannot hold.
        let plain = is_plain(text);
        if !plain {
            non_nfc(cx, pointer, text, out);
            private_use(cx, pointer, text, out);
        }
        invisible(cx, pointer, text, plain, out);
    });
}

/// AR502: words that lost their å/ä/ö. The report's own intact words teach it the words the
/// report uses, so every string is read once before any is searched.
pub fn check_diacritics(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let shared = Diacritics::default();
    shared.learn(cx);
    shared.search(cx);
    shared.finish(out);
}

/// AR502 on more than one thread: the first thread to come to it reads every string to learn the
/// report's words (`learn`; another that comes meanwhile waits for it), then any thread that is
/// free searches the strings, one at a time and the longest first
/// (`search`); `finish` puts the findings in the order of the strings, as `check_diacritics` alone
/// finds them.
#[derive(Default)]
pub struct Diacritics<'a> {
    /// What `EarlyWords` learned while the report was read, if it was started.
    early: Option<Receiver<Prelearned>>,
    learned: OnceLock<Learned<'a>>,
    /// How many strings threads have taken, in the order of `Learned::longest_first`.
    taken: AtomicUsize,
    /// The findings of each string that has any, by the string's index.
    found: Mutex<Vec<(usize, Vec<Diagnostic>)>>,
}

struct Learned<'a> {
    vocabulary: Vocabulary,
    /// Every string value, in document order.
    strings: Vec<StringValue<'a>>,
    /// The indices of `strings`, longest first: the Skåne report has 346 strings, from a word to
    /// a page long. Taking the long ones first leaves the short ones for the end, where the two
    /// threads then finish within a short string of each other; taken in document order, batches
    /// of 8, the main thread waited for the other one's last batch (0.35 of a profiling build's
    /// 10 ms). Taking one (an atomic add, a lock if it has findings) costs nothing measurable.
    longest_first: Vec<usize>,
}

/// A string value: its pointer, its text and its runs of letters.
type StringValue<'a> = (String, &'a str, Vec<(usize, usize)>);

/// The words of the strings `EarlyWords` was fed: each string with its runs of letters, and the
/// words with å/ä/ö/é they hold.
#[derive(Default)]
struct Prelearned {
    vocabulary: Vocabulary,
    strings: Vec<(String, Vec<(usize, usize)>)>,
}

/// AR502's learning begun while the report is still being read (one report checked on its own,
/// `lint::check_bytes`): the loader hands every string it reads to `feed`, and a thread of its own
/// takes them apart into words and learns them on the core the parse leaves idle, a third of
/// AR502's work. `Diacritics::learn` then reuses that for every string the loaded report holds in
/// the same order and reads any other string itself; should the thread have been fed a string the
/// report does not hold in the end (the path of `strategi: { fil: … }`, whose mapping the strategy
/// file replaces), the words are learned afresh from the report, so the result never depends on
/// what was fed.
pub struct EarlyWords {
    to_learn: Sender<Vec<String>>,
    /// Strings are sent a few kB at a time: one message per string would wake the thread for
    /// each of the Skåne report's 346.
    batch: Vec<String>,
    batch_bytes: usize,
    learned: Receiver<Prelearned>,
}

impl EarlyWords {
    const BATCH_BYTES: usize = 4096;

    /// Starts the learning thread; `None` if it cannot be started.
    pub fn start() -> Option<EarlyWords> {
        let (to_learn, strings) = crossbeam_channel::unbounded::<Vec<String>>();
        let (done, learned) = crossbeam_channel::bounded(1);
        let started = crate::helper::spawn(move || {
            let mut out = Prelearned::default();
            for text in strings.iter().flatten() {
                let frags = fragments(&text);
                out.vocabulary.add_fragments(&text, &frags);
                out.strings.push((text, frags));
            }
            // The report may have been given up on meanwhile: then nobody waits.
            let _ = done.send(out);
        });
        if !started {
            return None;
        }
        Some(EarlyWords {
            to_learn,
            batch: Vec::new(),
            batch_bytes: 0,
            learned,
        })
    }

    /// The next string of the report, in document order.
    pub fn feed(&mut self, text: &str) {
        self.batch_bytes += text.len();
        self.batch.push(text.to_string());
        if self.batch_bytes >= Self::BATCH_BYTES {
            self.send();
        }
    }

    fn send(&mut self) {
        self.batch_bytes = 0;
        // A send fails only if the thread is gone; `learn` then reads every string itself.
        let _ = self.to_learn.send(std::mem::take(&mut self.batch));
    }

    /// The report is read: the last strings go to the thread, which finishes once it has learned
    /// them.
    pub fn finish(mut self) -> EarlyLearned {
        self.send();
        EarlyLearned(self.learned)
    }
}

/// What `EarlyWords` learns, for `Diacritics::new`.
pub struct EarlyLearned(Receiver<Prelearned>);

impl<'a> Diacritics<'a> {
    /// AR502 for a report that `EarlyWords` was fed while it was read (`None`: learn it all here).
    pub fn new(early: Option<EarlyLearned>) -> Diacritics<'a> {
        Diacritics {
            early: early.map(|EarlyLearned(learned)| learned),
            ..Diacritics::default()
        }
    }

    /// Reads every string of the report once; a second call does nothing.
    pub fn learn(&self, cx: &Context<'a>) {
        self.learned.get_or_init(|| {
            let early = self.early.as_ref().and_then(|r| r.recv().ok());
            let (vocabulary, early) = match early {
                Some(p) => (p.vocabulary, p.strings),
                None => Default::default(),
            };
            let mut learned = Learned {
                vocabulary,
                strings: Vec::new(),
                longest_first: Vec::new(),
            };
            let mut early = early.into_iter().peekable();
            learn_words(cx.value, String::new(), &mut learned, &mut early);
            if early.peek().is_some() {
                // A string was fed that the report does not hold: its words may not count.
                learned.vocabulary = Vocabulary::default();
                for (_, text, frags) in &learned.strings {
                    learned.vocabulary.add_fragments(text, frags);
                }
            }
            let mut order: Vec<usize> = (0..learned.strings.len()).collect();
            order.sort_by_key(|&i| {
                std::cmp::Reverse(learned.strings.get(i).map_or(0, |s| s.1.len()))
            });
            learned.longest_first = order;
            learned
        });
    }

    /// Searches strings until none is left. Does nothing before `learn`.
    pub fn search(&self, cx: &Context<'_>) {
        let Some(learned) = self.learned.get() else {
            return;
        };
        loop {
            let taken = self.taken.fetch_add(1, Ordering::Relaxed);
            let Some(&index) = learned.longest_first.get(taken) else {
                return;
            };
            let Some((pointer, text, frags)) = learned.strings.get(index) else {
                continue;
            };
            if text.trim().is_empty() {
                continue;
            }
            let mut out = Vec::new();
            lost_diacritics(cx, pointer, text, frags, &learned.vocabulary, &mut out);
            if !out.is_empty() {
                self.found
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push((index, out));
            }
        }
    }

    /// The findings, in the order of the strings.
    pub fn finish(self, out: &mut Vec<Diagnostic>) {
        let mut found = self
            .found
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        found.sort_unstable_by_key(|(index, _)| *index);
        out.extend(found.into_iter().flat_map(|(_, batch)| batch));
    }
}

/// Occurrences (byte ranges in the value) of a per-value defect, reported once at the first, with
/// the count, and fixed by rewriting the source from the first to the last occurrence.
struct PerValue<'a> {
    code: Code,
    ranges: Vec<(usize, usize)>,
    message: (String, String),
    label: (&'a str, &'a str),
    help: (&'a str, &'a str),
    /// Rewrites the source between the first and the last occurrence; `None`: no safe fix.
    rewrite: Option<&'a dyn Fn(&str) -> String>,
}

fn report_per_value(
    cx: &Context<'_>,
    pointer: &str,
    text: &str,
    p: PerValue<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let (Some(first), Some(last)) = (p.ranges.first().copied(), p.ranges.last().copied()) else {
        return;
    };
    let Some((span, file)) = span_in_value(cx, pointer, text, first.0, first.1) else {
        return;
    };
    let lang = cx.lang;
    let mut d = Diagnostic::new(p.code, span)
        .file(file)
        .pointer(pointer)
        .message(lang.pick(&p.message.0, &p.message.1))
        .label(lang.pick(p.label.0, p.label.1))
        .help(lang.pick(p.help.0, p.help.1));
    if let (Some(rewrite), Some((whole, _))) =
        (p.rewrite, span_in_value(cx, pointer, text, first.0, last.1))
    {
        let original = cx.source_of(file).slice(whole);
        // Only when the alignment found the very characters (indentation and folded line breaks
        // aside), never a fallback to the whole value.
        let value_part = &text[first.0..last.1];
        let squeeze = |s: &str| s.replace(['\n', '\r', ' '], "");
        if original == value_part || squeeze(original) == squeeze(value_part) {
            let replacement = rewrite(original);
            if replacement != original {
                d = d.fix(whole, replacement);
            }
        }
    }
    out.push(d);
}

fn non_nfc(cx: &Context<'_>, pointer: &str, text: &str, out: &mut Vec<Diagnostic>) {
    use unicode_normalization::{UnicodeNormalization, char::is_combining_mark, is_nfc};
    if is_nfc(text) {
        return;
    }
    // Each base character with the combining marks that follow it.
    let mut ranges = Vec::new();
    let mut base = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_combining_mark(c) {
            base = i;
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, m)) = chars.peek() {
            if !is_combining_mark(m) {
                break;
            }
            end = j + m.len_utf8();
            chars.next();
        }
        let piece = &text[base..end];
        if piece.nfc().collect::<String>() != piece {
            ranges.push((base, end));
        }
    }
    if ranges.is_empty() {
        return;
    }
    let n = ranges.len();
    let nfc = |s: &str| s.nfc().collect::<String>();
    report_per_value(
        cx,
        pointer,
        text,
        PerValue {
            code: Code::AR501,
            message: (
                format!(
                    "{n} tecken i texten är inte i Unicode NFC (sammansatta å/ä/ö, ofta från PDF eller Mac)"
                ),
                format!(
                    "{} in the text {} not in Unicode NFC (decomposed å/ä/ö, often from PDF or a Mac)",
                    plural(n, "character", "characters"),
                    if n == 1 { "is" } else { "are" }
                ),
            ),
            ranges,
            label: ("bokstav + kombinerande tecken", "letter + combining mark"),
            help: (
                "texten ser rätt ut men söks och sorteras fel; --fix skriver om den i NFC",
                "the text looks right but searches and sorts wrongly; --fix rewrites it in NFC",
            ),
            rewrite: Some(&nfc),
        },
        out,
    );
}

/// AR502: one diagnostic per damaged word, at the damaged text, with a fix when the repair is
/// unambiguous and the source holds exactly the damaged text (line breaks of folded text aside).
fn lost_diacritics(
    cx: &Context<'_>,
    pointer: &str,
    text: &str,
    frags: &[(usize, usize)],
    vocabulary: &Vocabulary,
    out: &mut Vec<Diagnostic>,
) {
    let Some(mut places) = Places::new(cx, pointer, text) else {
        return;
    };
    for damage in find_in(text, frags, vocabulary) {
        let (span, file) = places.span(damage.start, damage.end);
        let span = skip_indentation(cx.source_of(file), span);
        let damaged = &text[damage.start..damage.end];
        let quote_sv = |w: &String| format!("”{w}”");
        let quote_en = |w: &String| format!("“{w}”");
        let sv = damage
            .repairs
            .iter()
            .map(quote_sv)
            .collect::<Vec<_>>()
            .join(" eller ");
        let en = damage
            .repairs
            .iter()
            .map(quote_en)
            .collect::<Vec<_>>()
            .join(" or ");
        let mut d = Diagnostic::new(Code::AR502, span)
            .file(file)
            .pointer(pointer)
            .message(cx.lang.pick(
                &format!(
                    "”{damaged}” ser ut att vara {sv} med å/ä/ö förlorade vid kopiering från PDF"
                ),
                &format!("“{damaged}” looks like {en} with its å/ä/ö lost when copied from a PDF"),
            ))
            .label(cx.lang.pick("förlorade å/ä/ö", "lost å/ä/ö"));
        match damage.repairs.as_slice() {
            [word] => {
                d = d.help(cx.lang.pick(
                    &format!("skriv ”{word}”; --fix rättar"),
                    &format!("write “{word}”; --fix repairs it"),
                ));
                let (whole, _) = places.span(damage.start, damage.fix_end);
                let whole = skip_indentation(cx.source_of(file), whole);
                let original = cx.source_of(file).slice(whole);
                let value_part = &text[damage.start..damage.fix_end];
                let squeeze = |s: &str| s.replace(['\n', '\r', ' '], "");
                // Only when the alignment found the very characters, never a fallback.
                if squeeze(original) == squeeze(value_part) {
                    d = d.fix(whole, word.clone());
                }
            }
            _ => {
                d = d.help(cx.lang.pick(
                    &format!("skriv {sv}, beroende på sammanhanget; ingen automatisk rättning"),
                    &format!("write {en}, depending on the context; no automatic fix"),
                ));
            }
        }
        out.push(d);
    }
}

/// The span without the line break and indentation the alignment puts before a word that begins a
/// line of a block scalar.
fn skip_indentation(source: &crate::source::SourceFile, span: Span) -> Span {
    let text = source.slice(span);
    let skipped = text.len() - text.trim_start().len();
    Span::new(span.start + skipped, span.end.max(span.start + skipped))
}

/// Word's Symbol-font bullet, pasted as a private-use character.
const WORD_BULLET: char = '\u{f0b7}';

fn is_private_use(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

fn private_use(cx: &Context<'_>, pointer: &str, text: &str, out: &mut Vec<Diagnostic>) {
    let ranges: Vec<(usize, usize)> = text
        .char_indices()
        .filter(|(_, c)| is_private_use(*c))
        .map(|(i, c)| (i, i + c.len_utf8()))
        .collect();
    let Some(&(first_at, _)) = ranges.first() else {
        return;
    };
    let n = ranges.len();
    let only_bullets = text
        .chars()
        .filter(|c| is_private_use(*c))
        .all(|c| c == WORD_BULLET);
    let bullet = |s: &str| s.replace(WORD_BULLET, "•");
    let first = text[first_at..].chars().next().map_or(0, |c| c as u32);
    report_per_value(
        cx,
        pointer,
        text,
        PerValue {
            code: Code::AR503,
            message: (
                format!("{n} tecken från Unicodes privata område (U+{first:04X} …) i texten"),
                format!(
                    "{} (U+{first:04X} …) in the text",
                    plural(n, "private-use character", "private-use characters")
                ),
            ),
            ranges,
            label: ("privat tecken", "private-use character"),
            help: if only_bullets {
                (
                    "U+F0B7 är Words punkt i typsnittet Symbol och visas som en ruta utanför Word; --fix byter den mot •",
                    "U+F0B7 is Word's Symbol-font bullet and shows as a box outside Word; --fix replaces it by •",
                )
            } else {
                (
                    "tecknet visas bara rätt med ett visst typsnitt: ersätt det med ett vanligt tecken",
                    "the character shows correctly only in one font: replace it by an ordinary character",
                )
            },
            rewrite: if only_bullets { Some(&bullet) } else { None },
        },
        out,
    );
}

fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

fn is_invisible(c: char) -> bool {
    is_zero_width(c) || crate::decode::is_forbidden_control(c)
}

/// Whether `text` holds only printable ASCII, tab, line breaks and U+00C0–U+00FF (`0xC3` and one
/// more byte: å, ä, ö, é, …). Such text is in NFC and has no private-use, zero-width or control
/// character; any other byte says "look closer".
fn is_plain(text: &str) -> bool {
    let plain = |b: u8| matches!(b, 0x20..=0x7E | b'\t' | b'\n' | b'\r' | 0xC3 | 0x80..=0xBF);
    // Whole chunks without an early exit, which the compiler turns into vector code.
    text.as_bytes()
        .chunks(32)
        .all(|chunk| chunk.iter().fold(true, |all, &b| all & plain(b)))
}

/// Byte ranges of the spaces and tabs that end a line of `text` (CRLF is not whitespace here).
fn trailing_whitespace(text: &str) -> Vec<(usize, usize)> {
    // Only where a space or tab comes before a line break or the end is there any: one byte scan
    // rules out most values before the lines are split.
    // Line breaks are far rarer than spaces, so they are what is looked for (memchr, SIMD).
    let bytes = text.as_bytes();
    let blank = |b: Option<&u8>| matches!(b, Some(b' ' | b'\t'));
    let possible = blank(bytes.last())
        || memchr::memchr2_iter(b'\n', b'\r', bytes).any(|i| i > 0 && blank(bytes.get(i - 1)));
    let mut ranges = Vec::new();
    if !possible {
        return ranges;
    }
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n').trim_end_matches('\r');
        let trimmed = body.trim_end_matches([' ', '\t']);
        if trimmed.len() < body.len() {
            ranges.push((line_start + trimmed.len(), line_start + body.len()));
        }
        line_start += line.len();
    }
    ranges
}

/// AR505 for invisible characters (not looked for in `plain` text: `is_plain`) and trailing
/// whitespace.
fn invisible(cx: &Context<'_>, pointer: &str, text: &str, plain: bool, out: &mut Vec<Diagnostic>) {
    let mut ranges: Vec<(usize, usize)> = if !plain {
        text.char_indices()
            .filter(|(_, c)| is_invisible(*c))
            .map(|(i, c)| (i, i + c.len_utf8()))
            .collect()
    } else {
        Vec::new()
    };
    ranges.extend(trailing_whitespace(text));
    if ranges.is_empty() {
        return;
    }
    ranges.sort_unstable();
    let n = ranges.len();
    let clean = |s: &str| {
        let kept: String = s.chars().filter(|c| !is_invisible(*c)).collect();
        kept.split('\n')
            .map(|line| {
                let cr = if line.ends_with('\r') { "\r" } else { "" };
                format!(
                    "{}{cr}",
                    line.trim_end_matches('\r').trim_end_matches([' ', '\t'])
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    report_per_value(
        cx,
        pointer,
        text,
        PerValue {
            code: Code::AR505,
            message: (
                format!(
                    "{} eller blanksteg i radslut i texten",
                    plural(n, "osynligt tecken", "osynliga tecken")
                ),
                format!(
                    "{} or trailing whitespace in the text",
                    plural(n, "invisible character", "invisible characters")
                ),
            ),
            ranges,
            label: ("osynligt tecken", "invisible character"),
            help: (
                "nollbreddstecken, styrtecken och blanksteg i radslut syns inte men följer med vid kopiering; --fix tar bort dem",
                "zero-width and control characters and trailing whitespace are invisible but travel with copy and paste; --fix removes them",
            ),
            rewrite: Some(&clean),
        },
        out,
    );
}

/// Adds every string value to the vocabulary and keeps it, with its pointer and its runs of
/// letters, for the search.
/// The strings `EarlyWords` learned, in the order it was fed them, not yet matched to the report.
type EarlyStrings = Peekable<std::vec::IntoIter<(String, Vec<(usize, usize)>)>>;

/// Learns every string of `value`, in document order. A string that is the next one of `early`
/// (the same text) takes its runs of letters from there, its words already learned; any other is
/// read here.
fn learn_words<'a>(
    value: &'a Value,
    pointer: String,
    learned: &mut Learned<'a>,
    early: &mut EarlyStrings,
) {
    match value {
        Value::String(s) => {
            let frags = match early.next_if(|(text, _)| text == s) {
                Some((_, frags)) => frags,
                None => {
                    let frags = fragments(s);
                    learned.vocabulary.add_fragments(s, &frags);
                    frags
                }
            };
            learned.strings.push((pointer, s, frags));
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                learn_words(
                    item,
                    child_pointer(&pointer, &i.to_string()),
                    learned,
                    early,
                );
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                learn_words(v, child_pointer(&pointer, k), learned, early);
            }
        }
        _ => {}
    }
}

/// Calls `f` with the pointer and text of every string value (not keys).
pub fn for_each_string(value: &Value, pointer: &str, f: &mut dyn FnMut(&str, &str)) {
    match value {
        Value::String(s) => f(pointer, s),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                for_each_string(item, &child_pointer(pointer, &i.to_string()), f);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                for_each_string(v, &child_pointer(pointer, k), f);
            }
        }
        _ => {}
    }
}

/// The span in the source of `value[start..end]` for the string at `pointer`.
pub fn span_in_value(
    cx: &Context<'_>,
    pointer: &str,
    value: &str,
    start: usize,
    end: usize,
) -> Option<(Span, crate::source::FileId)> {
    Some(Places::new(cx, pointer, value)?.span(start, end))
}

/// `span_in_value` for several places in one string, asked for in the order they stand in it:
/// the source is walked once for all of them (`ScalarWalk`), not from the top for each.
pub struct Places<'a> {
    node: &'a NodeSpan,
    walk: ScalarWalk<'a>,
}

impl<'a> Places<'a> {
    pub fn new(cx: &'a Context<'_>, pointer: &str, value: &'a str) -> Option<Places<'a>> {
        let node = cx.doc.span(pointer)?;
        let source = cx.source_of(node.file);
        Some(Places {
            node,
            walk: ScalarWalk::new(&source.text, node, value),
        })
    }

    /// The span in the source of `value[start..end]`; the value's whole span when the two cannot
    /// be aligned.
    pub fn span(&mut self, start: usize, end: usize) -> (Span, crate::source::FileId) {
        let s = self.walk.locate(start);
        let e = self.walk.clone().locate(end);
        match (s, e) {
            (Some(s), Some(e)) if e >= s => (Span::new(s, e), self.node.file),
            _ => (self.node.primary(), self.node.file),
        }
    }
}

/// A whole value that is only a placeholder (RULES.md, AR504).
pub fn is_placeholder(value: &str) -> bool {
    let t = value.trim();
    matches!(t, "…" | "..." | "-" | "?")
        || (!t.is_empty()
            && placeholder_ranges(t)
                .first()
                .is_some_and(|(s, e)| *s == 0 && *e == t.len()))
}

/// Byte ranges of placeholders in a text: TODO, FIXME, XXX as whole upper-case words; "lorem ipsum"
/// in any case; a bracketed text starting with "fyll i" in any case.
pub fn placeholder_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let is_word = |i: usize| {
        bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80)
    };
    // The three words are found by their first letters with memchr (SIMD): a scan per byte with a
    // `match` was the text rules' single largest cost.
    for i in memchr::memchr3_iter(b'T', b'F', b'X', bytes) {
        let word: &[u8] = match bytes.get(i) {
            Some(b'T') => b"TODO",
            Some(b'F') => b"FIXME",
            _ => b"XXX",
        };
        let end = i + word.len();
        if bytes.get(i..end) == Some(word) && (i == 0 || !is_word(i - 1)) && !is_word(end) {
            found.push((i, end));
        }
    }
    // Most values hold neither "[fyll i …]" nor "lorem ipsum": skip lower-casing them (a
    // per-value allocation on the hot path). No non-ASCII letter lower-cases to ASCII "lorem", so
    // an ASCII test is enough to rule it out.
    let maybe = memchr::memchr(b'[', bytes).is_some()
        || memchr::memchr2_iter(b'l', b'L', bytes).any(|i| {
            bytes
                .get(i..i + 5)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"lorem"))
        });
    if !maybe {
        found.sort_unstable();
        found.dedup();
        return found;
    }
    let lower = text.to_lowercase();
    // Lower-casing keeps byte lengths for the ASCII we search for, but not for every letter
    // before it; only trust positions when the lengths agree.
    if lower.len() == text.len() {
        for (i, _) in lower.match_indices("lorem ipsum") {
            found.push((i, i + "lorem ipsum".len()));
        }
        for (i, _) in lower.match_indices('[') {
            let rest = &lower[i + 1..];
            if rest.trim_start().starts_with("fyll i") {
                let end = rest.find(']').map_or(text.len(), |j| i + 1 + j + 1);
                found.push((i, end));
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

fn placeholders(cx: &Context<'_>, pointer: &str, text: &str, out: &mut Vec<Diagnostic>) {
    let trimmed = text.trim();
    let mut ranges = placeholder_ranges(text);
    if ranges.is_empty() && matches!(trimmed, "…" | "..." | "-" | "?") {
        let start = text.len() - text.trim_start().len();
        ranges.push((start, start + trimmed.len()));
    }
    for (start, end) in ranges {
        let Some((span, file)) = span_in_value(cx, pointer, text, start, end) else {
            continue;
        };
        let found = &text[start..end];
        let what = cx.describe(pointer);
        out.push(
            Diagnostic::new(Code::AR504, span)
                .file(file)
                .pointer(pointer)
                .message(cx.lang.pick(
                    &format!("platshållaren ”{found}” står kvar i {what}"),
                    &format!("the placeholder “{found}” is still in {what}"),
                ))
                .label(cx.lang.pick("platshållare", "placeholder"))
                .help(cx.lang.pick(
                    "ersätt platshållaren med rapportens text",
                    "replace the placeholder with the report's text",
                )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// AR502's findings on `yaml` (read with the built-in template), learned by `check_diacritics`
    /// and, once per feed, by `Diacritics` with an `EarlyWords` fed those strings.
    fn ar502_with_feeds(
        yaml: &str,
        feeds: &[Vec<String>],
    ) -> (Vec<Diagnostic>, Vec<Vec<Diagnostic>>) {
        let templates = crate::template::Templates::builtin();
        let report = crate::lint::check_bytes(
            yaml.as_bytes(),
            std::path::Path::new("x.yaml"),
            "x.yaml",
            &templates,
            &crate::lint::Options::default(),
        );
        let doc = report.document.as_ref().expect("the report loads");
        let value = doc.value.as_ref().expect("the report has a value");
        let template = report.template.as_deref().and_then(|id| templates.get(id));
        let cx = Context {
            source: &report.source,
            strategy: None,
            doc,
            value,
            template: template.expect("a built-in template"),
            lang: crate::i18n::Lang::Sv,
            year: Some(2020),
            current_year: 2026,
        };
        let mut alone = Vec::new();
        check_diacritics(&cx, &mut alone);
        let early = feeds
            .iter()
            .map(|feed| {
                let mut early = EarlyWords::start().expect("a thread starts");
                for text in feed {
                    early.feed(text);
                }
                let shared = Diacritics::new(Some(early.finish()));
                shared.learn(&cx);
                shared.search(&cx);
                let mut found = Vec::new();
                shared.finish(&mut found);
                found
            })
            .collect();
        (alone, early)
    }

    /// What `EarlyWords` learned counts only for the strings the report holds. "Vra ngsjo berga"
    /// is repaired only when the report itself writes "Vrångsjöberga" somewhere: fed that word in
    /// a string the report does not hold, AR502 must not take it from there; fed fewer strings,
    /// or them all, it finds what it finds alone.
    #[test]
    fn early_words_count_only_the_reports_strings() {
        let example = include_str!("../../examples/exempel-2020.yaml");
        let damaged = example.replace(
            "omställning i näringslivet.",
            "omställning i Vra ngsjo berga.",
        );
        let intact = "Strategin gäller Vrångsjöberga.";
        // The test can fail: with the intact word in the report, the damaged one is found.
        let holding = damaged.replace(
            "har två målområden.",
            &format!("har två målområden. {intact}"),
        );
        let (found, _) = ar502_with_feeds(&holding, &[]);
        assert!(
            found.iter().any(|d| d.message.contains("Vrångsjöberga")),
            "{found:?}"
        );

        let mut strings = Vec::new();
        if let Some(value) = crate::document::load(
            &damaged,
            crate::source::FileId::Report,
            crate::document::Limits::default(),
            crate::i18n::Lang::Sv,
        )
        .0
        .value
        {
            for_each_string(&value, "", &mut |_, text| strings.push(text.to_string()));
        }
        assert!(strings.len() > 20, "{} strings", strings.len());
        let with_intact = {
            let mut s = strings.clone();
            s.insert(3, intact.to_string());
            s
        };
        let half = strings
            .get(..strings.len() / 2)
            .unwrap_or_default()
            .to_vec();
        let (alone, early) = ar502_with_feeds(&damaged, &[strings, with_intact, half, Vec::new()]);
        assert!(
            alone.iter().all(|d| !d.message.contains("Vrångsjöberga")),
            "{alone:?}"
        );
        for (i, found) in early.iter().enumerate() {
            assert_eq!(found, &alone, "feed {i}");
        }
    }

    /// `is_plain` may skip the NFC, private-use and invisible-character scans only for text that
    /// holds none of them: every character it calls plain is NFC, visible and public.
    #[test]
    fn plain_text_needs_no_closer_look() {
        use unicode_normalization::is_nfc;
        let mut plain = 0;
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            if is_plain(&text) {
                plain += 1;
                assert!(is_nfc(&text), "{c:?}");
                assert!(!is_private_use(c) && !is_invisible(c), "{c:?}");
            }
        }
        // Printable ASCII, tab, line feed, carriage return and U+00C0–U+00FF.
        assert_eq!(plain, 95 + 3 + 64);
        assert!(!is_plain("a\u{200b}b") && !is_plain("a\u{f0b7}") && !is_plain("e\u{301}"));
    }

    #[test]
    fn trailing_whitespace_ends_lines_only() {
        assert_eq!(trailing_whitespace("a \nb"), [(1, 2)]);
        assert_eq!(trailing_whitespace("a\t \r\nb  "), [(1, 3), (6, 8)]);
        assert_eq!(trailing_whitespace("a \r\r\nb"), [(1, 2)]);
        assert!(trailing_whitespace("a \rb\nc d\n").is_empty());
        assert!(trailing_whitespace("inga blanksteg i radslut\nhär heller").is_empty());
    }

    #[test]
    fn placeholders_are_whole_words() {
        assert_eq!(placeholder_ranges("TODO: skriv"), vec![(0, 4)]);
        assert!(placeholder_ranges("TODOS och todo och XXXL").is_empty());
        assert_eq!(placeholder_ranges("a [Fyll i här] b"), vec![(2, 15)]);
        assert_eq!(placeholder_ranges("Lorem Ipsum dolor"), vec![(0, 11)]);
        assert!(is_placeholder(" … "));
        assert!(is_placeholder("[fyll i namnet]"));
        assert!(is_placeholder("TODO"));
        assert!(!is_placeholder("TODO skriv mer"));
        assert!(!is_placeholder("Skåne"));
    }
}
