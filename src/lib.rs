//! aterrapport checks a Swedish region's återrapportering — its annual report on regional growth
//! work, written as YAML — against the template of its year. Data flows one way:
//! `args → walk → [parallel] lint(file) → emitter → exit code`.

pub mod baseline;
pub mod cli;
pub mod codes;
pub mod config;
pub mod context;
pub mod decode;
pub mod diagnostic;
pub mod document;
pub mod fingerprint;
pub mod fix;
pub mod i18n;
pub mod init;
pub mod lint;
pub mod output;
pub mod render;
pub mod report;
pub mod reviewer;
pub mod rules;
pub mod source;
pub mod strategy;
pub mod suppress;
pub mod template;
pub mod walk;
pub mod word;

use std::io::{IsTerminal, Write};

use clap::Parser;
use rayon::prelude::*;

use crate::cli::{Args, CheckArgs, Command};
use crate::i18n::Lang;
use crate::lint::{FileReport, Options};
use crate::template::{Template, Templates};

/// Exit codes (RULES.md): no errors, errors found, the run itself failed.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_FAILURE: i32 = 2;

/// Parses the arguments, runs, and returns the exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args = match Args::try_parse_from(args) {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                EXIT_FAILURE
            } else {
                EXIT_OK
            };
        }
    };
    match args.command {
        Command::Check(check) => run_check(&check),
        Command::Summary(summary) => reviewer::summary::run(&summary),
        Command::Export(export) => reviewer::export::run(&export),
        Command::Render(render) => render::run(&render),
        Command::Rules { lang } => {
            let mut out = std::io::stdout().lock();
            for m in rules::RULES {
                let summary = if lang.is_sv() {
                    m.summary.0
                } else {
                    m.summary.1
                };
                let fix = if m.fixable { "fix" } else { "" };
                if writeln!(
                    out,
                    "{}  {:<24} {:<8} {:<4} {}",
                    m.code,
                    m.name,
                    m.severity.as_str(),
                    fix,
                    summary
                )
                .is_err()
                {
                    break;
                }
            }
            EXIT_OK
        }
        Command::Init(init) => run_init(&init),
        Command::Schema { template } => {
            let templates = Templates::builtin();
            let id = template.unwrap_or_else(|| {
                templates
                    .ids()
                    .last()
                    .map(|s| s.to_string())
                    .unwrap_or_default()
            });
            match templates.get(&id) {
                Some(t) => {
                    let text = serde_json::to_string_pretty(&t.schema).unwrap_or_default();
                    let mut out = std::io::stdout().lock();
                    let _ = writeln!(out, "{text}");
                    EXIT_OK
                }
                None => fail(
                    Lang::Sv,
                    &format!(
                        "det finns ingen mall `{id}` (kända: {})",
                        templates.ids().join(", ")
                    ),
                    &format!(
                        "there is no template `{id}` (known: {})",
                        templates.ids().join(", ")
                    ),
                ),
            }
        }
        Command::Completions { shell } => {
            let mut command = <Args as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "aterrapport", &mut std::io::stdout());
            EXIT_OK
        }
        Command::Explain { rule, lang } => match rules::by_name_or_code(&rule) {
            Some(m) => {
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(rules::explain_text(m.code, lang).as_bytes());
                EXIT_OK
            }
            None => fail(
                lang,
                &format!("det finns ingen regel `{rule}`; `aterrapport rules` listar dem"),
                &format!("there is no rule `{rule}`; `aterrapport rules` lists them"),
            ),
        },
    }
}

fn run_init(args: &cli::InitArgs) -> i32 {
    let lang = args.lang;
    let templates = Templates::builtin();
    let id = args
        .template
        .clone()
        .unwrap_or_else(|| format!("aterrapport-{}", args.year));
    let Some(template) = templates.get(&id) else {
        let known = templates.ids().join(", ");
        return fail(
            lang,
            &format!("det finns ingen mall `{id}` (kända: {known}); välj en med `--template`"),
            &format!("there is no template `{id}` (known: {known}); choose one with `--template`"),
        );
    };
    let schema_file = format!("{}.schema.json", template.id);
    let text = init::skeleton(
        template,
        &init::Skeleton {
            region: &args.region,
            year: args.year,
            malbegrepp: &args.malbegrepp,
            schema_path: &schema_file,
        },
    );
    let Some(path) = &args.output else {
        print!("{text}");
        return EXIT_OK;
    };
    if path.exists() && !args.force {
        return fail(
            lang,
            &format!(
                "{} finns redan; skriv över den med `--force`",
                path.display()
            ),
            &format!(
                "{} already exists; overwrite it with `--force`",
                path.display()
            ),
        );
    }
    if let Err(e) = fix::write_new(path, text.as_bytes()) {
        return fail(
            lang,
            &format!("{} kan inte skrivas: {e}", path.display()),
            &format!("{} cannot be written: {e}", path.display()),
        );
    }
    eprintln!(
        "{}",
        lang.pick(
            &format!("Skrev {}", path.display()),
            &format!("Wrote {}", path.display())
        )
    );
    // The schema beside the report gives the editor completion and hover text at once.
    let schema_path = path
        .parent()
        .unwrap_or(std::path::Path::new("."))
        .join(&schema_file);
    if !schema_path.exists() {
        let schema = serde_json::to_string_pretty(&template.schema).unwrap_or_default() + "\n";
        match fix::write_new(&schema_path, schema.as_bytes()) {
            Ok(()) => eprintln!(
                "{}",
                lang.pick(
                    &format!(
                        "Skrev {} (för editorns komplettering)",
                        schema_path.display()
                    ),
                    &format!(
                        "Wrote {} (for the editor's completion)",
                        schema_path.display()
                    )
                )
            ),
            Err(e) => eprintln!(
                "aterrapport: {}",
                lang.pick(
                    &format!("{} kan inte skrivas: {e}", schema_path.display()),
                    &format!("{} cannot be written: {e}", schema_path.display())
                )
            ),
        }
    }
    EXIT_OK
}

fn fail(lang: Lang, sv: &str, en: &str) -> i32 {
    eprintln!("aterrapport: {}", lang.pick(sv, en));
    EXIT_FAILURE
}

/// The configuration of a `check` run: `--isolated`, `--config FILE`, or the `aterrapport.toml`
/// found from the first path upwards.
fn load_config(args: &CheckArgs) -> Result<config::Config, i32> {
    let lang = args.lang.unwrap_or_default();
    let file = if args.isolated {
        None
    } else if let Some(f) = &args.config {
        Some(f.clone())
    } else {
        args.paths.first().and_then(|p| config::Config::discover(p))
    };
    let Some(file) = file else {
        return Ok(config::Config::default());
    };
    match config::Config::load(&file, lang) {
        Ok(c) => Ok(c),
        Err(e) => {
            eprintln!("{}", e.render(lang));
            Err(EXIT_FAILURE)
        }
    }
}

/// The built-in templates, those of the configuration's schema directories, and `--schema`.
fn load_templates(args: &CheckArgs, config: &config::Config, lang: Lang) -> Result<Templates, i32> {
    let mut templates = Templates::builtin();
    for dir in &config.schema_dirs {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                return Err(fail(
                    lang,
                    &format!("mallkatalogen {} kan inte läsas: {e}", dir.display()),
                    &format!("the schema directory {} cannot be read: {e}", dir.display()),
                ));
            }
        };
        let mut files: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(".schema.json"))
            .collect();
        files.sort();
        for path in files {
            match Template::from_file(&path) {
                Ok(t) => templates.add(t),
                Err(e) => {
                    return Err(fail(
                        lang,
                        &format!("schemat {} kan inte användas: {e}", path.display()),
                        &format!("the schema {} cannot be used: {e}", path.display()),
                    ));
                }
            }
        }
    }
    if let Some(id) = &config.template {
        if templates.get(id).is_none() {
            let known = templates.ids().join(", ");
            return Err(fail(
                lang,
                &format!("aterrapport.toml: det finns ingen mall `{id}` (kända: {known})"),
                &format!("aterrapport.toml: there is no template `{id}` (known: {known})"),
            ));
        }
        templates.set_default(id);
    }
    with_user_schema(templates, args.schema.as_deref(), lang)
}

/// `--schema PATH`: the user's template, used for every report; an unusable one is a usage error
/// (printed, exit 2).
pub(crate) fn with_user_schema(
    templates: Templates,
    schema: Option<&std::path::Path>,
    lang: Lang,
) -> Result<Templates, i32> {
    let Some(path) = schema else {
        return Ok(templates);
    };
    match Template::from_file(path) {
        Ok(t) => Ok(templates.with_user_schema(t)),
        Err(e) => Err(fail(
            lang,
            &format!("schemat {} kan inte användas: {e}", path.display()),
            &format!("the schema {} cannot be used: {e}", path.display()),
        )),
    }
}

fn run_check(args: &CheckArgs) -> i32 {
    let config = match load_config(args) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let lang = args.lang.unwrap_or(config.lang);
    if args.print_config {
        let mut shown = config::Config {
            lang,
            fail_on: args
                .fail_on
                .or(args.strict.then_some(config::FailOn::Warning))
                .or(config.fail_on),
            ..config
        };
        shown.file = shown.file.take();
        print!("{}", shown.to_toml());
        return EXIT_OK;
    }
    let templates = match load_templates(args, &config, lang) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let exclude = match walk::Exclude::new(&config.base, &config.exclude) {
        Ok(e) => e,
        Err(e) => {
            return fail(
                lang,
                &format!("aterrapport.toml: ogiltigt mönster i `exclude`: {e}"),
                &format!("aterrapport.toml: invalid pattern in `exclude`: {e}"),
            );
        }
    };
    let candidates = match walk::collect_excluding(&args.paths, &exclude) {
        Ok(mut c) => {
            if args.reports_only {
                for candidate in &mut c {
                    candidate.explicit = false;
                }
            }
            c
        }
        Err(walk::WalkError::Missing(p)) => {
            return fail(
                lang,
                &format!("{} finns inte", p.display()),
                &format!("{} does not exist", p.display()),
            );
        }
    };
    let options = Options {
        lang,
        levels: config.rules.clone(),
        ..Options::default()
    };
    let known = match &args.baseline {
        Some(path) => match baseline::Baseline::read(path) {
            Ok(b) => Some(b),
            Err(e) => {
                return fail(
                    lang,
                    &format!("baslinjen {} kan inte användas: {e}", path.display()),
                    &format!("the baseline {} cannot be used: {e}", path.display()),
                );
            }
        },
        None => None,
    };
    let fail_on = if args.strict {
        config::FailOn::Warning
    } else {
        args.fail_on
            .or(config.fail_on)
            .unwrap_or(config::FailOn::Error)
    };
    let pool = args.jobs.and_then(|n| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
            .ok()
    });
    let in_pool = |f: &(dyn Fn() -> Vec<FileReport> + Sync)| match &pool {
        Some(p) => p.install(f),
        None => f(),
    };
    let progress = progress_bar(args, candidates.len());
    // The parsed document is not needed once a file is checked (emitters and `--fix` use the
    // source and the findings): drop it at once.
    let check = |c: &walk::Candidate| -> Option<FileReport> {
        let report = check_candidate(c, &templates, &options).map(|mut r| {
            r.document = None;
            r
        });
        progress.inc(1);
        report
    };

    let stdout = std::io::stdout();
    let color = !args.no_color && std::env::var_os("NO_COLOR").is_none() && stdout.is_terminal();
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    let mut emitter = output::emitter(args.format, output::Settings { lang, color, width });
    let mut out = stdout.lock();
    let mut recorder = args.write_baseline.as_deref().map(baseline::Recorder::new);
    let emitting = recorder.is_none() && !args.diff;
    let mut output_error: Option<std::io::Error> = None;
    let mut totals = output::Totals::default();
    let mut failing = false;
    let mut write_failed = false;
    let (mut fixed, mut fixed_files, mut hidden) = (0, 0, 0);
    if emitting && let Err(e) = emitter.begin(&mut out) {
        output_error = Some(e);
    }

    // Files are checked in parallel a chunk at a time and written in path order as each chunk is
    // done, so a batch of any size is never held in memory whole; the output does not depend on
    // the number of threads.
    const CHUNK: usize = 64;
    for chunk in candidates.chunks(CHUNK) {
        if output_error.is_some() {
            break;
        }
        let mut reports = in_pool(&|| chunk.par_iter().filter_map(check).collect());
        if let Some(recorder) = &mut recorder {
            reports.iter().for_each(|r| recorder.add(r));
            continue;
        }
        if args.fix || args.diff {
            let fixes: Vec<(usize, fix::Fixed)> = reports
                .par_iter()
                .enumerate()
                .filter_map(|(i, r)| fix::fix_in_memory(r, &templates, &options).map(|f| (i, f)))
                .collect();
            if args.diff {
                for (i, f) in &fixes {
                    let Some(report) = reports.get(*i) else {
                        continue;
                    };
                    let diff = fix::unified_diff(&report.source.display, &f.original, &f.fixed);
                    if let Err(e) = out.write_all(diff.as_bytes()) {
                        output_error = Some(e);
                        break;
                    }
                    fixed += f.count;
                    fixed_files += 1;
                }
                continue;
            }
            for (i, f) in fixes {
                let Some(slot) = reports.get_mut(i) else {
                    continue;
                };
                let path = slot.source.path.clone();
                match fix::write_atomic(&path, &f.original, &f.fixed, &fix::plain_sink) {
                    Ok(()) => {
                        fixed_files += 1;
                        fixed += f.count;
                        *slot = f.report;
                    }
                    Err(e) => {
                        write_failed = true;
                        eprintln!(
                            "aterrapport: {}",
                            lang.pick(
                                &format!("{}: rättningarna skrevs inte: {e}", path.display()),
                                &format!("{}: the fixes were not written: {e}", path.display()),
                            )
                        );
                    }
                }
            }
        }
        if let Some(known) = &known {
            hidden += known.filter(&mut reports);
        }
        totals.add(&output::totals(&reports));
        failing |= reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .any(|d| fail_on.fails(d.severity));
        for report in &reports {
            if let Err(e) = emitter.file(report, &mut out) {
                output_error = Some(e);
                break;
            }
        }
    }
    progress.finish_and_clear();

    if let (Some(recorder), Some(path)) = (recorder, &args.write_baseline) {
        return match recorder.write(path) {
            Ok(n) => {
                eprintln!(
                    "{}",
                    lang.pick(
                        &format!("Skrev {n} fynd till baslinjen {}", path.display()),
                        &format!("Wrote {n} finding(s) to the baseline {}", path.display()),
                    )
                );
                EXIT_OK
            }
            Err(e) => fail(
                lang,
                &format!("baslinjen {} kan inte skrivas: {e}", path.display()),
                &format!("the baseline {} cannot be written: {e}", path.display()),
            ),
        };
    }
    if args.diff {
        eprintln!(
            "{}",
            lang.pick(
                &format!("--fix skulle rätta {fixed} fynd i {fixed_files} filer"),
                &format!("--fix would fix {fixed} finding(s) in {fixed_files} file(s)"),
            )
        );
        return if fixed_files == 0 {
            EXIT_OK
        } else {
            EXIT_FINDINGS
        };
    }
    if args.fix {
        eprintln!(
            "{}",
            lang.pick(
                &format!("Rättade {fixed} fynd i {fixed_files} filer"),
                &format!("Fixed {fixed} finding(s) in {fixed_files} file(s)")
            )
        );
    }
    if hidden > 0 && !args.format.is_machine() {
        eprintln!(
            "{}",
            lang.pick(
                &format!("{hidden} kända fynd från baslinjen visas inte"),
                &format!("{hidden} known finding(s) from the baseline are not shown"),
            )
        );
    }
    if output_error.is_none()
        && let Err(e) = emitter.end(&totals, &mut out).and_then(|()| out.flush())
    {
        output_error = Some(e);
    }
    // A closed pipe (`| head`) is not a failure of the check.
    if let Some(e) = output_error.filter(|e| e.kind() != std::io::ErrorKind::BrokenPipe) {
        return fail(
            lang,
            &format!("kan inte skriva utdata: {e}"),
            &format!("cannot write output: {e}"),
        );
    }
    if write_failed {
        EXIT_FAILURE
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// A progress bar on stderr, only when stderr is a terminal, the output is for people and the
/// batch is large enough to wait for.
fn progress_bar(args: &CheckArgs, files: usize) -> indicatif::ProgressBar {
    const LARGE: usize = 200;
    let shown = !args.no_progress
        && !args.format.is_machine()
        && files >= LARGE
        && std::io::stderr().is_terminal();
    if !shown {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(files as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

/// Checks one candidate; a file found while walking that is not a report is skipped (`None`).
pub fn check_candidate(
    c: &walk::Candidate,
    templates: &Templates,
    options: &Options,
) -> Option<FileReport> {
    if c.explicit {
        return Some(lint::check_path(&c.path, &c.display, templates, options));
    }
    match strategy::read_limited(&c.path, options.limits.max_bytes) {
        Ok(bytes) => {
            // Plain UTF-8 is tested as it is; only other encodings (UTF-16 has NUL bytes) are
            // decoded first. check_bytes decodes again, so this avoids doing it twice.
            let is_report = match std::str::from_utf8(&bytes) {
                Ok(text) if !text.contains('\0') => walk::looks_like_report(text),
                _ => match decode::decode(&bytes) {
                    decode::Decoded::Utf8 { text, .. } => walk::looks_like_report(&text),
                    decode::Decoded::NotUtf8 { display, .. } => walk::looks_like_report(&display),
                },
            };
            is_report.then(|| lint::check_bytes(&bytes, &c.path, &c.display, templates, options))
        }
        // Unreadable or too large: we cannot tell whether it is a report, so report it.
        Err(_) => Some(lint::check_path(&c.path, &c.display, templates, options)),
    }
}
