//! `aterrapport import RAPPORT.docx`: a Word report in the template's layout becomes a YAML report
//! an author goes on writing. The shared setup gives the templates, the language and the strategy
//! (`--strategi`, `[strategier]`); the import itself is `word::import`. Nothing is dropped: what
//! cannot be placed stays in the YAML as a `# import:` comment and is listed here (exit 1).

use std::path::Path;

use crate::cli::ImportArgs;
use crate::setup::{Setup, fail};
use crate::word::{ImportOptions, WordDocument};
use crate::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK};

pub fn run(args: &ImportArgs) -> i32 {
    let setup = match Setup::new(&args.setup, std::slice::from_ref(&args.file)) {
        Ok(s) => s,
        Err(e) => return e.exit(),
    };
    let lang = setup.lang;
    let file = &args.file;
    if !file.exists() {
        return fail(
            lang,
            &format!("{} finns inte", file.display()),
            &format!("{} does not exist", file.display()),
        );
    }
    let doc = match crate::word::read_file(file) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("aterrapport: {}: {}", file.display(), e.message(lang));
            return EXIT_FAILURE;
        }
    };
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| file.with_extension("yaml"));
    if output.exists() && !args.force {
        return fail(
            lang,
            &format!(
                "{} finns redan; skriv över den med `--force`",
                output.display()
            ),
            &format!(
                "{} already exists; overwrite it with `--force`",
                output.display()
            ),
        );
    }
    let Some(imported) = import(&setup, &doc, args, &output) else {
        return fail(
            lang,
            &format!(
                "{} är inte en återrapportering: den har ingen av mallens rubriker (till exempel ”Återrapportering 1 – …”)",
                file.display()
            ),
            &format!(
                "{} is not an återrapportering: it has none of the template's headings (such as “Återrapportering 1 – …”)",
                file.display()
            ),
        );
    };
    let (template, imported) = imported;
    if let Err(e) = crate::fix::write_new(&output, imported.yaml.as_bytes()) {
        return fail(
            lang,
            &format!("{} kan inte skrivas: {e}", output.display()),
            &format!("{} cannot be written: {e}", output.display()),
        );
    }
    crate::init::write_schema_beside(&output, template, lang);
    for u in &imported.unplaced {
        eprintln!("aterrapport: {}: {}", file.display(), u.describe(lang));
    }
    let n = imported.unplaced.len();
    eprintln!(
        "{}",
        if n == 0 {
            lang.pick(
                &format!("Skrev {}", output.display()),
                &format!("Wrote {}", output.display()),
            )
        } else {
            lang.pick(
                &format!(
                    "Skrev {}: {n} {} kunde inte placeras i mallen och står som kommentarer `# import:`",
                    output.display(),
                    if n == 1 { "del" } else { "delar" }
                ),
                &format!(
                    "Wrote {}: {n} {} could not be placed in the template and stand as `# import:` comments",
                    output.display(),
                    if n == 1 { "part" } else { "parts" }
                ),
            )
        }
    );
    if n == 0 { EXIT_OK } else { EXIT_FINDINGS }
}

/// The import through the run's template, with the strategy the run names for the document's
/// region (else the strategy skeleton); `None` when the document has no heading of the template.
fn import<'s>(
    setup: &'s Setup,
    doc: &WordDocument,
    args: &ImportArgs,
    output: &Path,
) -> Option<(&'s crate::template::Template, crate::word::Imported)> {
    let opts = ImportOptions {
        region: args.region.clone(),
        year: args.rapportar,
        output: Some(output.to_path_buf()),
        skeleton: true,
        lang: setup.lang,
        ..ImportOptions::default()
    };
    let strategy_for = |region: Option<&str>| setup.strategy_for(region);
    let (template, imported, _) =
        crate::word::check::import_with_strategy(doc, &setup.templates, opts, &strategy_for)?;
    (imported.headings > 0).then_some((template, imported))
}
