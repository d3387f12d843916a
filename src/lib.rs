//! aterrapport checks a Swedish region's återrapportering — its annual report on regional growth
//! work, written as YAML — against the template of its year. Data flows one way:
//! `args → walk → [parallel] lint(file) → emitter → exit code`.

pub mod cli;
pub mod context;
pub mod decode;
pub mod diagnostic;
pub mod document;
pub mod fingerprint;
pub mod fix;
pub mod i18n;
pub mod lint;
pub mod output;
pub mod rules;
pub mod schema;
pub mod source;
pub mod strategy;
pub mod suppress;
pub mod template;
pub mod walk;

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

fn fail(lang: Lang, sv: &str, en: &str) -> i32 {
    eprintln!("aterrapport: {}", lang.pick(sv, en));
    EXIT_FAILURE
}

fn run_check(args: &CheckArgs) -> i32 {
    let lang = args.lang;
    let mut templates = Templates::builtin();
    if let Some(path) = &args.schema {
        match Template::from_file(path) {
            Ok(t) => templates = templates.with_user_schema(t),
            Err(e) => {
                return fail(
                    lang,
                    &format!("schemat {} kan inte användas: {e}", path.display()),
                    &format!("the schema {} cannot be used: {e}", path.display()),
                );
            }
        }
    }
    let candidates = match walk::collect(&args.paths) {
        Ok(c) => c,
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
        ..Options::default()
    };
    // The parsed document is not needed once a file is checked (emitters and `--fix` use the
    // source and the findings): drop it at once, so a large batch holds only texts and findings.
    let check = |c: &walk::Candidate| -> Option<FileReport> {
        check_candidate(c, &templates, &options).map(|mut r| {
            r.document = None;
            r
        })
    };
    let reports: Vec<FileReport> = match args.jobs {
        Some(n) => match rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
        {
            Ok(pool) => pool.install(|| candidates.par_iter().filter_map(check).collect()),
            Err(_) => candidates.iter().filter_map(check).collect(),
        },
        None => candidates.par_iter().filter_map(check).collect(),
    };

    let mut reports = reports;
    let mut write_failed = false;
    if args.fix || args.diff {
        let fixes: Vec<(usize, fix::Fixed)> = reports
            .par_iter()
            .enumerate()
            .filter_map(|(i, r)| fix::fix_in_memory(r, &templates, &options).map(|f| (i, f)))
            .collect();
        let count: usize = fixes.iter().map(|(_, f)| f.count).sum();
        if args.diff {
            let mut out = std::io::stdout().lock();
            for (i, f) in &fixes {
                let diff = fix::unified_diff(&reports[*i].source.display, &f.original, &f.fixed);
                if out.write_all(diff.as_bytes()).is_err() {
                    break;
                }
            }
            eprintln!(
                "{}",
                lang.pick(
                    &format!("--fix skulle rätta {count} fynd i {} filer", fixes.len()),
                    &format!(
                        "--fix would fix {count} finding(s) in {} file(s)",
                        fixes.len()
                    ),
                )
            );
            return if fixes.is_empty() {
                EXIT_OK
            } else {
                EXIT_FINDINGS
            };
        }
        let mut files = 0;
        let mut fixed = 0;
        for (i, f) in fixes {
            let path = reports[i].source.path.clone();
            match fix::write_atomic(&path, &f.original, &f.fixed, &fix::plain_sink) {
                Ok(()) => {
                    files += 1;
                    fixed += f.count;
                    reports[i] = f.report;
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
        eprintln!(
            "{}",
            lang.pick(
                &format!("Rättade {fixed} fynd i {files} filer"),
                &format!("Fixed {fixed} finding(s) in {files} file(s)")
            )
        );
    }

    let stdout = std::io::stdout();
    let color = !args.no_color && std::env::var_os("NO_COLOR").is_none() && stdout.is_terminal();
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    let emitter = output::emitter(args.format, output::Settings { lang, color, width });
    let mut out = stdout.lock();
    if let Err(e) = emitter.emit(&reports, &mut out).and_then(|()| out.flush()) {
        // A closed pipe (`| head`) is not a failure of the check.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return fail(
                lang,
                &format!("kan inte skriva utdata: {e}"),
                &format!("cannot write output: {e}"),
            );
        }
    }
    let fail_on = if args.strict {
        cli::FailOn::Warning
    } else {
        args.fail_on.unwrap_or(cli::FailOn::Error)
    };
    let errors = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| fail_on.fails(d.severity));
    if write_failed {
        EXIT_FAILURE
    } else if errors {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
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
