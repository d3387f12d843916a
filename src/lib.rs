//! aterrapport checks a Swedish region's återrapportering — its annual report on regional growth
//! work, written as YAML — against the template of its year. Data flows one way:
//! `args → walk → [parallel] lint(file) → emitter → exit code`.

pub mod baseline;
pub mod check;
pub mod cli;
pub mod codes;
pub mod config;
pub mod context;
pub mod decode;
pub mod diagnostic;
pub mod document;
pub mod fingerprint;
pub mod fix;
pub mod helper;
pub mod i18n;
pub mod import;
pub mod init;
pub mod lint;
pub mod output;
pub mod place;
pub mod render;
pub mod report;
pub mod reviewer;
pub mod rules;
pub mod server;
pub mod setup;
pub mod source;
pub mod strategy;
pub mod suppress;
pub mod template;
pub mod walk;
pub mod word;

use std::io::Write;

use crate::cli::{Args, Command};
use crate::i18n::Lang;
use crate::template::Templates;
use clap::Parser;

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
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    setup::warm_up_early(&args);
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
        Command::Check(check) => check::run(&check),
        Command::Summary(summary) => reviewer::summary::run(&summary),
        Command::Export(export) => reviewer::export::run(&export),
        Command::Render(render) => render::run(&render),
        Command::Import(args) => import::run(&args),
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
        Command::Init(args) => init::run(&args),
        Command::Server(args) => server::run(&args),
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

use crate::setup::fail;
