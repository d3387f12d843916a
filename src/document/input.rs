//! The parser's view of a report's text: `saphyr-parser`'s `StrInput`, with the look-ahead
//! counted the way its `BufferedInput` counts it.
//!
//! The scanner reads the line of a block scalar (`|`, `>`: most of a report's text) in one of two
//! ways: a character at a time while its look-ahead buffer holds any, then straight from the input
//! up to the line break. `StrInput` says its buffer is never empty once anything was looked at, so
//! every line took the slow way, about a third of the whole parse. Here the buffer holds what was
//! looked ahead at and not yet consumed, as in `BufferedInput`, and at most 16 characters, so only
//! the first few characters of a line are read one at a time.
//!
//! Every character still comes from the same `&str`: `StrInput` can give any of them at any time,
//! so the count only chooses between the scanner's two ways of reading, which find the same
//! characters. The straight way copies the line at once (`raw_fetch_non_breakz_line`, the one
//! change to saphyr-parser, vendor/saphyr-parser/PATCHES.md). Tests compare the events and their
//! places with `StrInput`'s and with `BufferedInput`'s, which reads one character at a time, on
//! every report of the tests and on generated YAML.

use saphyr_parser::input::SkipTabs;
use saphyr_parser::{Input, StrInput};

/// `BufferedInput`'s buffer size: the most the scanner asks to look ahead at once.
const LOOKAHEAD: usize = 16;

#[derive(Clone, Copy)]
pub(super) struct SourceInput<'a> {
    text: StrInput<'a>,
    /// Characters looked ahead at and not consumed since.
    buffered: usize,
}

impl<'a> SourceInput<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        SourceInput {
            text: StrInput::new(text),
            buffered: 0,
        }
    }

    fn consumed(&mut self, count: usize) {
        self.buffered = self.buffered.saturating_sub(count);
    }
}

impl Input for SourceInput<'_> {
    #[inline]
    fn lookahead(&mut self, count: usize) {
        self.text.lookahead(count);
        self.buffered = self.buffered.max(count);
    }

    #[inline]
    fn buflen(&self) -> usize {
        self.buffered
    }

    #[inline]
    fn bufmaxlen(&self) -> usize {
        LOOKAHEAD
    }

    #[inline]
    fn buf_is_empty(&self) -> bool {
        self.buffered == 0
    }

    #[inline]
    fn raw_read_ch(&mut self) -> char {
        self.consumed(1);
        self.text.raw_read_ch()
    }

    #[inline]
    fn raw_read_non_breakz_ch(&mut self) -> Option<char> {
        let c = self.text.raw_read_non_breakz_ch();
        if c.is_none() {
            // `BufferedInput` keeps the break it stopped at in its buffer.
            self.buffered = self.buffered.max(1);
        }
        c
    }

    #[inline]
    fn raw_fetch_non_breakz_line(&mut self, out: &mut String) -> usize {
        let read = self.text.raw_fetch_non_breakz_line(out);
        // `BufferedInput` keeps the break it stopped at in its buffer.
        self.buffered = self.buffered.max(1);
        read
    }

    #[inline]
    fn skip(&mut self) {
        self.consumed(1);
        self.text.skip();
    }

    #[inline]
    fn skip_n(&mut self, count: usize) {
        self.consumed(count);
        self.text.skip_n(count);
    }

    #[inline]
    fn peek(&self) -> char {
        self.text.peek()
    }

    #[inline]
    fn peek_nth(&self, n: usize) -> char {
        self.text.peek_nth(n)
    }

    #[inline]
    fn peek_opt(&self) -> Option<char> {
        self.text.peek_opt()
    }

    #[inline]
    fn look_ch(&mut self) -> char {
        self.lookahead(1);
        self.text.peek()
    }

    #[inline]
    fn next_char_is(&self, c: char) -> bool {
        self.text.next_char_is(c)
    }

    #[inline]
    fn nth_char_is(&self, n: usize, c: char) -> bool {
        self.text.nth_char_is(n, c)
    }

    #[inline]
    fn next_2_are(&self, c1: char, c2: char) -> bool {
        self.text.next_2_are(c1, c2)
    }

    #[inline]
    fn next_3_are(&self, c1: char, c2: char, c3: char) -> bool {
        self.text.next_3_are(c1, c2, c3)
    }

    #[inline]
    fn next_is_document_indicator(&self) -> bool {
        self.text.next_is_document_indicator()
    }

    #[inline]
    fn next_is_document_start(&self) -> bool {
        self.text.next_is_document_start()
    }

    #[inline]
    fn next_is_document_end(&self) -> bool {
        self.text.next_is_document_end()
    }

    fn skip_ws_to_eol(&mut self, skip_tabs: SkipTabs) -> (usize, Result<SkipTabs, &'static str>) {
        let (count, result) = self.text.skip_ws_to_eol(skip_tabs);
        self.consumed(count);
        (count, result)
    }

    #[inline]
    fn next_can_be_plain_scalar(&self, in_flow: bool) -> bool {
        self.text.next_can_be_plain_scalar(in_flow)
    }

    #[inline]
    fn next_is_blank_or_break(&self) -> bool {
        self.text.next_is_blank_or_break()
    }

    #[inline]
    fn next_is_blank_or_breakz(&self) -> bool {
        self.text.next_is_blank_or_breakz()
    }

    #[inline]
    fn next_is_blank(&self) -> bool {
        self.text.next_is_blank()
    }

    #[inline]
    fn next_is_break(&self) -> bool {
        self.text.next_is_break()
    }

    #[inline]
    fn next_is_breakz(&self) -> bool {
        self.text.next_is_breakz()
    }

    #[inline]
    fn next_is_z(&self) -> bool {
        self.text.next_is_z()
    }

    #[inline]
    fn next_is_flow(&self) -> bool {
        self.text.next_is_flow()
    }

    #[inline]
    fn next_is_digit(&self) -> bool {
        self.text.next_is_digit()
    }

    #[inline]
    fn next_is_alpha(&self) -> bool {
        self.text.next_is_alpha()
    }

    fn skip_while_non_breakz(&mut self) -> usize {
        let count = self.text.skip_while_non_breakz();
        self.consumed(count);
        count
    }

    fn skip_while_blank(&mut self) -> usize {
        let count = self.text.skip_while_blank();
        self.consumed(count);
        count
    }

    // These two give bytes, not characters, so the count may fall below `BufferedInput`'s: the
    // scanner then reads straight from the text a little sooner, the same characters.
    fn fetch_while_is_alpha(&mut self, out: &mut String) -> usize {
        let bytes = self.text.fetch_while_is_alpha(out);
        self.consumed(bytes);
        bytes
    }

    fn fetch_while_is_yaml_non_space(&mut self, out: &mut String) -> usize {
        let bytes = self.text.fetch_while_is_yaml_non_space(out);
        self.consumed(bytes);
        bytes
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use saphyr_parser::{BufferedInput, Parser};

    use super::*;

    /// Every event with its place, and the error that ends the stream if one does.
    fn events<T: Input>(mut parser: Parser<'_, T>) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(next) = parser.next_event() {
            match next {
                Ok((event, span)) => out.push(format!("{event:?} {span:?}")),
                Err(e) => {
                    out.push(format!("error {e:?}"));
                    break;
                }
            }
        }
        out
    }

    /// The same events and places as with `StrInput`, and as with `BufferedInput`, which reads
    /// every character one at a time (block scalar lines too: the trait's own
    /// `raw_fetch_non_breakz_line`, not the patched `StrInput`'s, vendor/saphyr-parser/PATCHES.md).
    fn assert_same_as_str_input(text: &str) {
        let got = events(Parser::new(SourceInput::new(text)));
        let want = events(Parser::new_from_str(text));
        assert_eq!(got, want, "for the text {text:?}");
        let one_at_a_time = events(Parser::new(BufferedInput::new(text.chars())));
        assert_eq!(
            got, one_at_a_time,
            "for the text {text:?}, read one character at a time"
        );
    }

    /// `StrInput`'s line read (the patch to saphyr-parser) takes what reading one character at a
    /// time takes, counts the same characters and stops at the same place: at a line break, a
    /// NUL, a byte order mark, or the end of the text.
    #[test]
    fn a_line_is_read_at_once_as_one_character_at_a_time() {
        let texts = [
            "",
            "rad",
            "åäö och 😀\nnästa",
            "a\r\nb",
            "a\rb",
            "a\0b",
            "före\u{feff}efter",
            "\u{feff}",
            "\nrad",
            "slut utan radbrytning \u{ff01} \u{fe0f}",
        ];
        for text in texts {
            let mut at_once = StrInput::new(text);
            let mut got = String::new();
            let got_count = at_once.raw_fetch_non_breakz_line(&mut got);
            let mut one_by_one = StrInput::new(text);
            let mut want = String::new();
            let mut want_count = 0;
            while let Some(c) = one_by_one.raw_read_non_breakz_ch() {
                want.push(c);
                want_count += 1;
            }
            assert_eq!((&got, got_count), (&want, want_count), "for {text:?}");
            let rest =
                |input: &mut StrInput<'_>| (0..8).map(|_| input.raw_read_ch()).collect::<String>();
            assert_eq!(rest(&mut at_once), rest(&mut one_by_one), "after {text:?}");
        }
    }

    fn yaml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                yaml_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_report_of_the_tests_parses_as_with_str_input() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        // Not bench/: its generated corpora and hostile inputs (a FIFO, 60 MB of text) are the
        // benchmark's.
        for dir in ["examples", "tests"] {
            yaml_files(&root.join(dir), &mut files);
        }
        assert!(files.len() > 50, "only {} YAML files found", files.len());
        for file in files {
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            assert_same_as_str_input(&text);
        }
    }

    /// Block scalars in every form the scanner reads differently: indentation from none to past
    /// the look-ahead (where it counts the buffer), indicators, chomping, empty and short lines,
    /// tabs, CRLF, a byte order mark, document markers, the end of the text with and without a
    /// line break, and text that fails to parse.
    #[test]
    fn generated_yaml_parses_as_with_str_input() {
        let lines = [
            "rad",
            "",
            "  mer indragen",
            "lång rad med åäö och é, € och 😀 som går förbi sexton tecken flera gånger om",
            "\tflik",
            "---",
            "...",
            "# inte en kommentar",
            "x: y",
            "\u{feff}bom",
            " ",
        ];
        let headers = [
            "|",
            ">",
            "|-",
            ">+",
            "|2",
            ">1-",
            "|+ # kommentar",
            "|0",
            "| x",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % n as u64).unwrap_or(0)
        };
        let mut count = 0;
        for indent in [
            0usize, 1, 2, 4, 13, 14, 15, 16, 17, 30, 126, 127, 128, 129, 140,
        ] {
            for header in headers {
                for _ in 0..12 {
                    let pad = " ".repeat(indent);
                    let mut text = format!("{pad}a:\n{pad}  b: {header}\n");
                    let break_ = if next(4) == 0 { "\r\n" } else { "\n" };
                    for _ in 0..next(6) {
                        let deeper = " ".repeat(indent + 2 + next(4));
                        let line = lines.get(next(lines.len())).copied().unwrap_or_default();
                        text.push_str(&deeper);
                        text.push_str(line);
                        text.push_str(break_);
                    }
                    match next(3) {
                        0 => text.push_str(&format!(
                            "{pad}  c: plain text, long enough to span the buffer: {}\n",
                            "ö".repeat(next(40))
                        )),
                        1 => {
                            text.pop();
                        }
                        _ => {}
                    }
                    assert_same_as_str_input(&text);
                    count += 1;
                }
            }
        }
        assert_eq!(count, 15 * 9 * 12);
    }
}
