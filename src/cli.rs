//! The command line (clap derive). `check` is the main job; `rules` lists the registry.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::FailOn;
use crate::i18n::Lang;
use crate::output::Format;
use crate::setup::SetupArgs;

#[derive(Debug, Parser)]
#[command(
    name = "aterrapport",
    version,
    about = "Kontrollerar regionernas återrapportering om regionalt tillväxtarbete (YAML eller Word) mot mallen.\nChecks the regions' reports on regional growth work (YAML or Word) against the template.",
    propagate_version = true
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

// `defer`: a subcommand's arguments are declared only when it runs (or its help or the
// completions are asked for), not for all thirteen on every start: 0.1 ms of one report's 5.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Kontrollera rapporter (filer eller kataloger) / check reports (files or directories)
    Check(CheckArgs),
    /// Översikt för granskare: en rad per rapport / reviewer overview: one row per report
    Summary(SummaryArgs),
    /// Alla insatser i alla rapporter som en datamängd / every insats of every report as one data set
    Export(ExportArgs),
    /// Lista alla regler / list every rule
    Rules {
        #[arg(long, value_enum, default_value_t = Lang::Sv)]
        lang: Lang,
    },
    /// Skapa ett rapportskelett ur mallen / write a report skeleton from the template
    Init(InitArgs),
    /// Skriv ut mallens JSON Schema (för editorer) / print the template's JSON Schema (for editors)
    Schema {
        /// The template (default: the newest built-in one).
        #[arg(long, value_name = "ID")]
        template: Option<String>,
    },
    /// Skriv ut skalkomplettering / print shell completions
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Skriv rapporten som dokument (HTML, Markdown, Word) / render the report as a document
    Render(RenderArgs),
    /// Läs in en Word-rapport som YAML / import a Word report as YAML
    Import(ImportArgs),
    /// Visa en regels dokumentation / show a rule's documentation
    Explain {
        /// The code (AR302) or name (goal-text-mismatch).
        rule: String,
        #[arg(long, value_enum, default_value_t = Lang::Sv)]
        lang: Lang,
    },
    /// Språkserver (LSP) för editorer / language server (LSP) for editors
    Server(ServerArgs),
}

#[derive(Debug, clap::Args)]
pub struct ServerArgs {
    /// Speak the Language Server Protocol over standard input and output (the only transport;
    /// accepted because editors' clients pass it).
    #[arg(long)]
    pub stdio: bool,

    #[command(flatten)]
    pub setup: SetupArgs,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The region's name, as it writes it itself (e.g. "Region Kalmar län").
    #[arg(long)]
    pub region: String,

    /// The year reported on.
    #[arg(long)]
    pub year: i64,

    /// The word(s) the region's strategy uses for one goal (repeat for several levels).
    #[arg(long, value_name = "ORD", default_value = "mål")]
    pub malbegrepp: Vec<String>,

    /// The template (default: aterrapport-<year>).
    #[arg(long, value_name = "ID")]
    pub template: Option<String>,

    /// Write to this file (and the template's schema beside it, for the editor) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub setup: SetupArgs,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories; directories are searched for reports (YAML files with `rapportar:`).
    /// `-` reads one report from standard input (with `--stdin-filename`).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// The path of the report read from standard input (`-`): shown in the findings, and where
    /// `aterrapport.toml` and `strategi: { fil: … }` are looked up from, as for `check PATH`.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    #[command(flatten)]
    pub setup: SetupArgs,

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

    /// Print the effective configuration and exit.
    #[arg(long)]
    pub print_config: bool,

    /// Report and fail only on findings that are not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record today's findings in this baseline file (exit 0 when it is written).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["baseline", "fix", "diff"])]
    pub write_baseline: Option<PathBuf>,

    /// Skip files named on the command line that are not reports (for pre-commit hooks, which
    /// pass every changed YAML file).
    #[arg(long)]
    pub reports_only: bool,

    /// Never show a progress bar (it is shown only on a terminal, for large batches).
    #[arg(long)]
    pub no_progress: bool,
}

// What `summary` and `export` share with `check`: which reports, which template, how many threads
// (a plain comment: see `SetupArgs`).
#[derive(Debug, clap::Args)]
pub struct ReviewerArgs {
    /// Files or directories; directories are searched for reports (YAML files with `rapportar:`).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub setup: SetupArgs,

    /// Write to this file instead of standard output.
    #[arg(short = 'o', long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// CSV without the UTF-8 byte order mark (by default it is written, so that Excel reads å, ä, ö).
    #[arg(long)]
    pub no_bom: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SummaryFormat {
    /// Aligned columns for the terminal.
    Table,
    /// A GitHub-flavoured Markdown table.
    Markdown,
    Csv,
    Json,
    /// One self-contained HTML file with a sortable table.
    Html,
}

#[derive(Debug, clap::Args)]
pub struct SummaryArgs {
    #[command(flatten)]
    pub common: ReviewerArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Table)]
    pub format: SummaryFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    /// JSON Lines: one JSON object per line.
    Jsonl,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub common: ReviewerArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,

    /// Also export the rows of tables that are not insatser (5.1, the analyses of table C).
    #[arg(long)]
    pub all_tables: bool,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The Word report (.docx) in the template's layout.
    pub file: PathBuf,

    /// Write the YAML report here (default: the document's name with `.yaml`).
    #[arg(short = 'o', long = "output", value_name = "UT.yaml")]
    pub output: Option<PathBuf>,

    /// The region, when the document does not name it (wins over the document).
    #[arg(long, value_name = "NAMN")]
    pub region: Option<String>,

    /// The year reported on, when the document does not give it (wins over the document).
    #[arg(long, value_name = "ÅR")]
    pub rapportar: Option<i64>,

    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub setup: SetupArgs,
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The report (YAML).
    pub file: PathBuf,

    /// Document format: html (print it to PDF from the browser), markdown or docx.
    #[arg(long, value_enum, default_value_t = RenderFormat::Html)]
    pub format: RenderFormat,

    /// Write the document here (`-` is standard output). Default: standard output for html and
    /// markdown; for docx the report's path with the extension `.docx`.
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Write the document even when the report has errors (they are still shown).
    #[arg(long)]
    pub force: bool,

    /// Never use colour when showing the report's findings (also: the NO_COLOR environment variable).
    #[arg(long)]
    pub no_color: bool,

    #[command(flatten)]
    pub setup: SetupArgs,
}

/// The document formats `render` writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum RenderFormat {
    /// One self-contained HTML file (inline CSS, print CSS for A4): print it to PDF.
    #[default]
    Html,
    /// GitHub-flavoured Markdown.
    Markdown,
    /// A Word document (.docx).
    Docx,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Each subcommand's one-line description as `aterrapport --help` lists it (before its
    /// arguments are declared) and as its own `--help` shows it (after).
    #[test]
    fn a_subcommand_keeps_its_description_when_declared_on_demand() {
        let listed: Vec<(String, Option<String>)> = Args::command()
            .get_subcommands()
            .map(|s| {
                (
                    s.get_name().to_string(),
                    s.get_about().map(|a| a.to_string()),
                )
            })
            .collect();
        assert!(listed.len() > 10, "{listed:?}");
        let mut built = Args::command();
        built.build();
        for (name, about) in listed {
            let sub = built.find_subcommand(&name);
            assert_eq!(
                sub.and_then(|s| s.get_about()).map(|a| a.to_string()),
                about,
                "`{name} --help` describes another command than `--help` does"
            );
        }
        let check = built.find_subcommand("check");
        assert!(
            check.is_some_and(|c| c.get_arguments().any(|a| a.get_id() == "format")),
            "`check`'s arguments are declared when it is built"
        );
    }
}
