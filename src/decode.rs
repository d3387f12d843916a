//! Bytes → text. UTF-8 (with or without BOM) is the only accepted encoding; UTF-16 and
//! Windows-1252, the two that Word saves most often, are recognised and reported (AR003) without
//! guessing further. Raw control characters are replaced by U+FFFD so the parser can go on, and
//! remembered so that AR505 can point at them and byte offsets can be mapped back to the file.

use crate::source::Span;

/// A control character that was replaced before parsing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Replaced {
    /// Byte offset of the U+FFFD in the decoded text.
    pub at: usize,
    pub original: char,
}

#[derive(Debug)]
pub enum Decoded {
    Utf8 {
        /// Shared as the report's source is (`SourceFile::text`), so the text is copied once.
        text: std::sync::Arc<str>,
        replaced: Vec<Replaced>,
    },
    NotUtf8 {
        encoding: Encoding,
        display: String,
        span: Span,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf16Le,
    Utf16Be,
    Windows1252,
    Unknown,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf16Le => "UTF-16 LE",
            Encoding::Utf16Be => "UTF-16 BE",
            Encoding::Windows1252 => "Windows-1252",
            Encoding::Unknown => "?",
        }
    }
}

/// Is `c` a control character that YAML forbids and RULES.md (AR505) reports?
pub fn is_forbidden_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}'
}

pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some(encoding) = utf16(bytes) {
        let units = bytes.chunks_exact(2).map(|p| match encoding {
            Encoding::Utf16Be => u16::from_be_bytes([p[0], p[1]]),
            _ => u16::from_le_bytes([p[0], p[1]]),
        });
        let display: String = char::decode_utf16(units)
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .filter(|c| *c != '\u{feff}')
            .collect();
        let first = display.chars().next().map_or(0, char::len_utf8);
        return Decoded::NotUtf8 {
            encoding,
            display,
            span: Span::new(0, first),
        };
    }
    match utf8(bytes) {
        Ok(text) => {
            let (text, replaced) = replace_controls(text);
            Decoded::Utf8 { text, replaced }
        }
        Err(err) => {
            let at = err.valid_up_to();
            let display = String::from_utf8_lossy(bytes).into_owned();
            // from_utf8_lossy keeps the valid prefix byte for byte, so `at` is still right.
            let len = display
                .get(at..)
                .and_then(|s| s.chars().next())
                .map_or(0, char::len_utf8);
            Decoded::NotUtf8 {
                encoding: guess_8bit(bytes),
                display,
                span: Span::new(at, at + len),
            }
        }
    }
}

/// Has simdutf8 choose its implementation now, on the helper thread, instead of in the first
/// report's decode on the thread that waits for it: choosing asks the processor for its features,
/// a few `cpuid`s that each cost a trip to the hypervisor in a virtual machine (0.04–0.13 ms of a
/// run in this project's profiles). The answer is kept for the process, and memchr's searches
/// share it.
pub(crate) fn prepare() {
    // Shorter input takes simdutf8's scalar path, which chooses nothing.
    let _ = simdutf8::basic::from_utf8(&[b' '; 64]);
}

/// `bytes` as text if they are UTF-8. Checked with SIMD (simdutf8): every å, ä and ö sends std's
/// check off its ASCII fast path, which made it a tenth of a ms of the Skåne report's start. A file
/// that is not UTF-8 is checked again by std, for where its first bad byte is.
fn utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(bytes),
    }
}

fn utf16(bytes: &[u8]) -> Option<Encoding> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some(Encoding::Utf16Le),
        [0xFE, 0xFF, ..] => return Some(Encoding::Utf16Be),
        _ => {}
    }
    // No BOM: ASCII-range text in UTF-16 has a zero in every other byte.
    let sample = &bytes[..bytes.len().min(256)];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    if odd * 10 >= pairs * 4 && even * 10 < pairs {
        Some(Encoding::Utf16Le)
    } else if even * 10 >= pairs * 4 && odd * 10 < pairs {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Bytes that are invalid UTF-8 but look like Swedish in Windows-1252 (å ä ö Å Ä Ö é as single
/// bytes, usually after a letter).
fn guess_8bit(bytes: &[u8]) -> Encoding {
    let high = bytes.iter().filter(|b| **b >= 0x80).count();
    let swedish = bytes
        .iter()
        .filter(|b| {
            matches!(
                **b,
                0xE5 | 0xE4 | 0xF6 | 0xC5 | 0xC4 | 0xD6 | 0xE9 | 0x96 | 0x93 | 0x94
            )
        })
        .count();
    if high > 0 && swedish * 2 >= high {
        Encoding::Windows1252
    } else {
        Encoding::Unknown
    }
}

fn replace_controls(text: &str) -> (std::sync::Arc<str>, Vec<Replaced>) {
    // A byte scan first: C0 controls and DEL are single bytes, C1 controls (U+0080–U+009F) are
    // 0xC2 and 0x80–0x9F, and almost every file has none, so the exact test per character is
    // rarely needed. (0xC2 alone also begins a no-break space, « or §, common in reports.)
    // Chunks of 32 bytes are first tested without a branch per byte (the compiler vectorises the
    // fold); only a chunk with a candidate byte is looked at byte by byte.
    const CHUNK: usize = 32;
    let bytes = text.as_bytes();
    let candidate = |b: u8| {
        ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0x7F) | (b == 0xC2)
    };
    let maybe = bytes.chunks(CHUNK).enumerate().any(|(k, chunk)| {
        chunk.iter().fold(false, |any, &b| any | candidate(b))
            && chunk.iter().enumerate().any(|(j, &b)| {
                candidate(b)
                    && (b != 0xC2
                        || bytes
                            .get(k * CHUNK + j + 1)
                            .is_some_and(|n| (0x80..=0x9F).contains(n)))
            })
    });
    if !maybe || !text.chars().any(is_forbidden_control) {
        return (text.into(), Vec::new());
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut replaced = Vec::new();
    for c in text.chars() {
        if is_forbidden_control(c) {
            replaced.push(Replaced {
                at: out.len(),
                original: c,
            });
            out.push(char::REPLACEMENT_CHARACTER);
        } else {
            out.push(c);
        }
    }
    (out.into(), replaced)
}

/// Maps byte offsets of the decoded text (with U+FFFD for control characters) back to the bytes
/// of the file, for JSON output and for fixes.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    /// (decoded offset just past a replacement, how many bytes the decoded text has gained so far)
    steps: Vec<(usize, usize)>,
}

impl OffsetMap {
    pub fn new(replaced: &[Replaced]) -> Self {
        let mut gained = 0;
        let steps = replaced
            .iter()
            .map(|r| {
                gained += char::REPLACEMENT_CHARACTER.len_utf8() - r.original.len_utf8();
                (r.at + char::REPLACEMENT_CHARACTER.len_utf8(), gained)
            })
            .collect();
        OffsetMap { steps }
    }

    pub fn to_file(&self, offset: usize) -> usize {
        let i = self.steps.partition_point(|(at, _)| *at <= offset);
        match i.checked_sub(1).and_then(|i| self.steps.get(i)) {
            Some((_, gained)) => offset - gained,
            None => offset,
        }
    }
}

/// A text made fit for a terminal: every control character that YAML forbids, and a carriage
/// return not followed by a line feed, is shown as its escape (`\0`, `\x1B`, `\r`, `\u{85}`), so
/// that a binary file shown in a code frame neither garbles the terminal nor breaks its lines.
#[derive(Clone, Debug, Default)]
pub struct Escaped {
    pub text: String,
    /// (offset in the original just past an escaped character, bytes gained so far)
    steps: Vec<(usize, usize)>,
}

impl Escaped {
    pub fn new(text: &str) -> Escaped {
        let needs = |c: char, next: Option<char>| {
            is_forbidden_control(c) || (c == '\r' && next != Some('\n'))
        };
        let mut chars = text.char_indices().peekable();
        let mut out = String::new();
        let mut steps = Vec::new();
        let mut copied = 0;
        while let Some((i, c)) = chars.next() {
            if !needs(c, chars.peek().map(|(_, c)| *c)) {
                continue;
            }
            out.push_str(text.get(copied..i).unwrap_or(""));
            let escape = match c {
                '\0' => "\\0".to_string(),
                '\r' => "\\r".to_string(),
                c if (c as u32) < 0x100 => format!("\\x{:02X}", c as u32),
                c => format!("\\u{{{:X}}}", c as u32),
            };
            out.push_str(&escape);
            copied = i + c.len_utf8();
            let gained = steps.last().map_or(0, |(_, g)| *g) + escape.len() - c.len_utf8();
            steps.push((copied, gained));
        }
        if steps.is_empty() {
            return Escaped {
                text: text.to_string(),
                steps,
            };
        }
        out.push_str(text.get(copied..).unwrap_or(""));
        Escaped { text: out, steps }
    }

    /// The offset in the original of an offset in the escaped text (at a character's start).
    pub fn original(&self, escaped: usize) -> usize {
        let i = self
            .steps
            .partition_point(|(at, gained)| at + gained <= escaped);
        match i.checked_sub(1).and_then(|i| self.steps.get(i)) {
            Some((_, gained)) => escaped.saturating_sub(*gained),
            None => escaped,
        }
    }

    /// The offset in the escaped text of an offset in the original.
    pub fn offset(&self, original: usize) -> usize {
        let i = self.steps.partition_point(|(at, _)| *at <= original);
        match i.checked_sub(1).and_then(|i| self.steps.get(i)) {
            Some((_, gained)) => original + gained,
            None => original,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c0_c1_and_del_are_replaced_but_no_break_spaces_are_not() {
        let Decoded::Utf8 { text, replaced } = decode("a\u{1}b\u{85}c\u{7f}d\u{a0}e\té".as_bytes())
        else {
            panic!("UTF-8");
        };
        assert_eq!(&*text, "a\u{fffd}b\u{fffd}c\u{fffd}d\u{a0}e\té");
        assert_eq!(replaced.len(), 3);
        let Decoded::Utf8 { text, replaced } = decode("3\u{a0}400 kr\r\n".as_bytes()) else {
            panic!("UTF-8");
        };
        assert_eq!((&*text, replaced.len()), ("3\u{a0}400 kr\r\n", 0));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let le: Vec<u8> = "\u{feff}region: x\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(matches!(
            decode(&le),
            Decoded::NotUtf8 {
                encoding: Encoding::Utf16Le,
                ..
            }
        ));
        let be: Vec<u8> = "region: Region Skåne\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert!(matches!(
            decode(&be),
            Decoded::NotUtf8 {
                encoding: Encoding::Utf16Be,
                ..
            }
        ));
    }

    /// The SIMD check accepts and refuses what std does, and a refused file gets std's position:
    /// valid text past 64 bytes (the SIMD block), every kind of bad sequence at the start, in the
    /// middle and cut off at the end.
    #[test]
    fn the_utf8_check_agrees_with_std() {
        let long = "Region Skåne: Insatsen bidrar till målområde 1.2 och 3. ".repeat(8);
        let mut cases: Vec<Vec<u8>> = vec![Vec::new(), b"ascii".to_vec(), long.clone().into()];
        for bad in [
            &b"\xe5"[..],
            b"\xc3",
            b"\xe2\x82",
            b"\xf0\x9f\x98",
            b"\xc0\xaf",
            b"\xed\xa0\x80",
            b"\xf4\x90\x80\x80",
            b"\xff",
            b"\x80",
        ] {
            for at in [0, 5, long.len() - 3] {
                let mut bytes = long.as_bytes()[..at].to_vec();
                bytes.extend_from_slice(bad);
                cases.push(bytes.clone());
                bytes.extend_from_slice(long.as_bytes());
                cases.push(bytes);
            }
        }
        for bytes in &cases {
            assert_eq!(utf8(bytes), std::str::from_utf8(bytes), "{bytes:?}");
        }
    }

    #[test]
    fn windows_1252_points_at_first_bad_byte() {
        let bytes = b"region: Region Sk\xe5ne\n";
        match decode(bytes) {
            Decoded::NotUtf8 { encoding, span, .. } => {
                assert_eq!(encoding, Encoding::Windows1252);
                assert_eq!(span.start, 17);
            }
            Decoded::Utf8 { .. } => panic!("accepted Windows-1252"),
        }
    }

    #[test]
    fn escaped_text_shows_controls_and_maps_offsets() {
        let e = Escaped::new("a\0b\x1bc\rd\r\ne\u{85}f");
        assert_eq!(e.text, "a\\0b\\x1Bc\\rd\r\ne\\x85f");
        assert_eq!(e.offset(0), 0);
        assert_eq!(e.offset(2), 3); // 'b'
        assert_eq!(e.offset(4), 8); // 'c'
        assert_eq!(e.offset(6), 11); // 'd'
        for i in [0, 2, 4, 6, 7, 8] {
            assert_eq!(e.original(e.offset(i)), i);
        }
        let plain = Escaped::new("rapportar: 2020\n");
        assert_eq!(
            (plain.text.as_str(), plain.offset(5)),
            ("rapportar: 2020\n", 5)
        );
    }

    /// The byte scan finds a C1 control (0xC2 0x85) and lets a no-break space (0xC2 0xA0), «
    /// and § through untouched.
    /// The chunked scan finds a control wherever it falls: first or last byte of a chunk, a C1
    /// control split across two chunks, after a no-break space in the same chunk.
    #[test]
    fn controls_are_found_at_every_position_of_a_chunk() {
        for control in ["\u{1}", "\u{7f}", "\u{85}", "\u{9f}"] {
            for at in 0..70 {
                let text = format!("{}{control}{}", "a".repeat(at), "\u{a0}b".repeat(20));
                let Decoded::Utf8 { replaced, .. } = decode(text.as_bytes()) else {
                    panic!("not utf8")
                };
                assert_eq!(replaced.len(), 1, "{control:?} at {at}");
                assert_eq!(
                    replaced.first().map(|r| r.at),
                    Some(at),
                    "{control:?} at {at}"
                );
            }
        }
        let clean = format!("{}\t\r\n«§»\u{a0}åäö", "x".repeat(100));
        let Decoded::Utf8 { replaced, text } = decode(clean.as_bytes()) else {
            panic!("not utf8")
        };
        assert!(replaced.is_empty());
        assert_eq!(&*text, clean);
    }

    #[test]
    fn c1_controls_are_replaced_and_latin1_signs_kept() {
        let Decoded::Utf8 { text, replaced } = decode("a:\u{a0}«§»\u{85}b\n".as_bytes()) else {
            panic!("not utf8")
        };
        assert_eq!(&*text, "a:\u{a0}«§»\u{fffd}b\n");
        assert_eq!(replaced.len(), 1);
        let Decoded::Utf8 { replaced, .. } = decode("a:\u{a0}«§»b\n".as_bytes()) else {
            panic!("not utf8")
        };
        assert!(replaced.is_empty());
    }

    #[test]
    fn controls_are_replaced_and_offsets_map_back() {
        let Decoded::Utf8 { text, replaced } = decode(b"a: x\x00y\x01z\n") else {
            panic!("not utf8")
        };
        assert_eq!(&*text, "a: x\u{fffd}y\u{fffd}z\n");
        assert_eq!(replaced.len(), 2);
        let map = OffsetMap::new(&replaced);
        assert_eq!(map.to_file(4), 4);
        assert_eq!(map.to_file(7), 5); // 'y'
        assert_eq!(map.to_file(11), 7); // 'z'
    }
}
