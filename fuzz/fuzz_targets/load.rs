//! Bytes → decode → spanned YAML load. Must never panic, overflow the stack or hang, whatever the
//! bytes; every failure is a diagnostic.
#![no_main]

use aterrapport::decode::{Decoded, decode};
use aterrapport::document::{Limits, load};
use aterrapport::i18n::Lang;
use aterrapport::source::FileId;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Decoded::Utf8 { text, .. } = decode(data) {
        let (doc, diagnostics) = load(&text, FileId::Report, Limits::default(), Lang::Sv);
        // Every span must lie inside the text, on character boundaries: the emitters slice with them.
        for d in &diagnostics {
            assert!(d.span.start <= d.span.end && d.span.end <= text.len());
            assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        }
        for span in doc.spans.values() {
            let s = span.value;
            assert!(s.start <= s.end && s.end <= text.len());
        }
    }
});
