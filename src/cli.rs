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
