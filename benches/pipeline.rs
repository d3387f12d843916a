//! Micro-benchmarks of the per-file pipeline on Region Skåne's report: start-up (compiling the
//! built-in template, building AR502's word sets), load (decode + spanned YAML), schema
//! validation, the rule families, and the whole `check_bytes`, so a regression in one stage
//! shows. `cargo bench --bench pipeline`; the end-to-end comparison is bench/run.sh.

use std::hint::black_box;
use std::path::Path;

use aterrapport::decode::{Decoded, decode};
use aterrapport::document::{Limits, load};
use aterrapport::i18n::Lang;
use aterrapport::lint::{Options, check_bytes};
use aterrapport::rules::{Context, FAMILIES};
use aterrapport::source::{FileId, SourceFile};
use aterrapport::template::Templates;
use criterion::{Criterion, criterion_group, criterion_main};

fn skane() -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/skane-2020.yaml");
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text_of(bytes: &[u8]) -> String {
    match decode(bytes) {
        Decoded::Utf8 { text, .. } => text.to_string(),
        Decoded::NotUtf8 { .. } => panic!("the Skåne example is UTF-8"),
    }
}

fn pipeline(c: &mut Criterion) {
    let bytes = skane();
    let templates = Templates::builtin();
    let options = Options {
        lang: Lang::Sv,
        current_year: 2026,
        ..Options::default()
    };
    let path = Path::new("examples/skane-2020.yaml");

    // Start-up: what every process pays once before its first file: preparing the built-in
    // template (its validator is generated at build time; this reads its JSON; a `OnceLock`
    // started on a second thread while the first report is read), so this times a fresh build,
    // not the cached lookup. `startup_template_compiled` compiles the same schema at run time, as
    // a user's `--schema` is: what generating saves. AR502's word lists are laid out by build.rs
    // and cost nothing at start.
    c.bench_function("startup_templates_builtin", |b| {
        b.iter_with_large_drop(aterrapport::template::compile_builtin)
    });
    let schema_text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/aterrapport-2020.schema.json"),
    )
    .unwrap_or_default();
    c.bench_function("startup_template_compiled", |b| {
        b.iter_with_large_drop(|| {
            aterrapport::template::Template::from_json("aterrapport-2020", black_box(&schema_text))
        })
    });

    c.bench_function("load_skane", |b| {
        b.iter(|| {
            let text = text_of(black_box(&bytes));
            load(&text, FileId::Report, Limits::default(), Lang::Sv)
        })
    });

    let text = text_of(&bytes);
    let source = SourceFile::new("skane-2020.yaml".into(), path.to_path_buf(), text.clone());
    let (mut doc, _) = load(&text, FileId::Report, Limits::default(), Lang::Sv);
    let value = doc.value.take().unwrap_or_default();
    let template = templates
        .get("aterrapport-2020")
        .unwrap_or_else(|| panic!("the 2020 template is built in"));
    let cx = Context {
        source: &source,
        strategy: None,
        doc: &doc,
        value: &value,
        template,
        lang: Lang::Sv,
        year: Some(2020),
        current_year: 2026,
    };
    c.bench_function("validate_skane", |b| {
        b.iter(|| aterrapport::rules::schema::check(black_box(&cx)))
    });
    c.bench_function("rules_skane", |b| {
        b.iter(|| {
            let mut found = Vec::new();
            for family in FAMILIES {
                family(black_box(&cx), &mut found);
            }
            found
        })
    });

    c.bench_function("check_bytes_skane", |b| {
        b.iter(|| {
            check_bytes(
                black_box(&bytes),
                path,
                "skane-2020.yaml",
                &templates,
                &options,
            )
        })
    });
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
