//! Bytes → the whole check (schema and every rule family) → the `--fix` rounds → the JSON and
//! human emitters. Must never panic or hang; a fix must never produce text that the check
//! cannot take again.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use aterrapport::fix::fix_bytes;
use aterrapport::i18n::Lang;
use aterrapport::lint::{Options, check_bytes};
use aterrapport::output::{Format, Settings, emitter};
use aterrapport::template::Templates;
use libfuzzer_sys::fuzz_target;

fn templates() -> &'static Templates {
    static T: OnceLock<Templates> = OnceLock::new();
    T.get_or_init(Templates::builtin)
}

fuzz_target!(|data: &[u8]| {
    let options = Options {
        lang: Lang::Sv,
        current_year: 2026,
        ..Options::default()
    };
    // A directory that does not exist: a `strategi: { fil: … }` in the input resolves to AR006.
    let path = Path::new("/nonexistent-aterrapport-fuzz/rapport.yaml");
    let report = check_bytes(data, path, "rapport.yaml", templates(), &options);
    for d in &report.diagnostics {
        let text = &report.source_of(d.file).text;
        assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{d:?}");
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
    }
    let fixed = fix_bytes(&report, data.to_vec(), templates(), &options);
    let mut reports = vec![report];
    if let Some(f) = fixed {
        reports.push(f.report);
    }
    // SARIF is left out: it is mostly the static rule catalogue, which costs most of the time.
    for format in [Format::Json, Format::Human] {
        let settings = Settings {
            lang: Lang::Sv,
            color: false,
            width: 100,
        };
        let mut out = Vec::new();
        let _ = emitter(format, settings).emit(&reports, &mut out);
    }
});
