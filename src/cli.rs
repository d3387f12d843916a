//! The command line (clap derive). `check` is the main job; `rules` lists the registry.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::i18n::Lang;
use crate::output::Format;

#[derive(Debug, Parser)]
#[command(
    name = "aterrapport",
    version,
    about = "Kontrollerar regionernas återrapportering om regionalt tillväxtarbete (YAML) mot mallen.\nChecks the regions' reports on regional growth work (YAML) against the template.",
    propagate_version = true
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Kontrollera rapporter (filer eller kataloger) / check reports (files or directories)
    Check(CheckArgs),
    /// Lista alla regler / list every rule
    Rules {
        #[arg(long, value_enum, default_value_t = Lang::Sv)]
        lang: Lang,
    },
    /// Skriv rapporten som dokument (HTML, Markdown, Word) / render the report as a document
    Render(RenderArgs),
    /// Visa en regels dokumentation / show a rule's documentation
    Explain {
        /// The code (AR302) or name (goal-text-mismatch).
        rule: String,
        #[arg(long, value_enum, default_value_t = Lang::Sv)]
        lang: Lang,
    },
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    /// Does a finding of this severity fail the run?
    pub fn fails(self, severity: crate::diagnostic::Severity) -> bool {
        use crate::diagnostic::Severity;
        match self {
            FailOn::Error => severity == Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Info => true,
            FailOn::Never => false,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories; directories are searched for reports (YAML files with `rapportar:`).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Language of the messages: sv (Swedish) or en (English).
    #[arg(long, value_enum, default_value_t = Lang::Sv)]
    pub lang: Lang,

    /// Check against this JSON Schema (with the template annotations) instead of the built-in one.
    #[arg(long, value_name = "PATH")]
    pub schema: Option<PathBuf>,

    /// Number of threads (default: one per core).
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    pub jobs: Option<usize>,

    /// Which findings make the exit code 1: error (default), warning, info or never.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,

    /// Fail on warnings too (the same as `--fail-on warning`).
    #[arg(long, conflicts_with = "fail_on")]
    pub strict: bool,

    /// Apply the machine-applicable fixes to the files (atomically; nothing else in them changes).
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,

    /// Show the fixes as a unified diff instead of writing them; exits 1 when there are any.
    #[arg(long)]
    pub diff: bool,

    /// Never use colour in human output (also: the NO_COLOR environment variable).
    #[arg(long)]
    pub no_color: bool,
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The report (YAML).
    pub file: PathBuf,

    /// Document format: html (print it to PDF from the browser), markdown or docx.
    #[arg(long, value_enum, default_value_t = crate::render::RenderFormat::Html)]
    pub format: crate::render::RenderFormat,

    /// Write the document here (`-` is standard output). Default: standard output for html and
    /// markdown; for docx the report's path with the extension `.docx`.
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Write the document even when the report has errors (they are still shown).
    #[arg(long)]
    pub force: bool,

    /// Language of the messages: sv (Swedish) or en (English).
    #[arg(long, value_enum, default_value_t = Lang::Sv)]
    pub lang: Lang,

    /// Use this JSON Schema (with the template annotations) instead of the built-in one.
    #[arg(long, value_name = "PATH")]
    pub schema: Option<PathBuf>,
}
