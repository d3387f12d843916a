//! Run-level reading: the bold text a paragraph starts with (an insats's name in a cell), and
//! characters typed with a symbol font (`w:sym`), whose checkbox glyphs become ☒/☐.

pub const CHECKED: char = '☒';
pub const UNCHECKED: char = '☐';

/// The bold text a paragraph starts with, up to a line break or text that is not bold.
pub fn bold_lead(runs: &[(String, bool)]) -> Option<String> {
    let mut lead = String::new();
    for (text, bold) in runs {
        if text.trim().is_empty() && lead.is_empty() {
            continue;
        }
        if !bold {
            if text.trim().is_empty() {
                lead.push_str(text);
                continue;
            }
            break;
        }
        if let Some((before, _)) = text.split_once('\n') {
            lead.push_str(before);
            break;
        }
        lead.push_str(text);
    }
    let lead = lead.trim();
    (!lead.is_empty()).then(|| lead.to_string())
}

/// A character typed with a symbol font (`w:sym`): the checkbox glyphs of Wingdings become ☒/☐,
/// anything else keeps its code point (e.g. Symbol's bullet U+F0B7).
pub fn symbol(font: &str, code: &str) -> Option<char> {
    let n = u32::from_str_radix(code, 16).ok()?;
    let low = n & 0xFF;
    let font = font.to_lowercase();
    if font.starts_with("wingdings 2") {
        match low {
            0x52 | 0x53 | 0x54 | 0x4F | 0x50 => return Some(CHECKED),
            0xA3 | 0x2A => return Some(UNCHECKED),
            _ => {}
        }
    } else if font.starts_with("wingdings") {
        match low {
            0xFE | 0xFD | 0x78 => return Some(CHECKED),
            0xA8 | 0x6F | 0x71 => return Some(UNCHECKED),
            _ => {}
        }
    }
    char::from_u32(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(r: &[(&str, bool)]) -> Vec<(String, bool)> {
        r.iter().map(|(t, b)| (t.to_string(), *b)).collect()
    }

    #[test]
    fn the_bold_lead_ends_at_a_line_break_or_plain_text() {
        assert_eq!(
            bold_lead(&runs(&[
                (" ", false),
                ("Open", true),
                (" ", false),
                ("Lab", true),
                (" beskrivs", false)
            ])),
            Some("Open Lab".into())
        );
        assert_eq!(
            bold_lead(&runs(&[("Namn\nmer", true)])),
            Some("Namn".into())
        );
        assert_eq!(bold_lead(&runs(&[("Text ", false), ("fet", true)])), None);
    }

    #[test]
    fn wingdings_checkboxes_become_boxes() {
        assert_eq!(symbol("Wingdings", "F0FE"), Some(CHECKED));
        assert_eq!(symbol("Wingdings", "F0A8"), Some(UNCHECKED));
        assert_eq!(symbol("Wingdings 2", "F053"), Some(CHECKED));
        assert_eq!(symbol("Symbol", "F0B7"), Some('\u{F0B7}'));
        assert_eq!(symbol("Symbol", "zz"), None);
    }
}
