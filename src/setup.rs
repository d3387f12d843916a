//! One setup for every command. From the command line and `aterrapport.toml` (defaults, then the
//! file, then flags) it builds, once: the language, the templates, the rule levels, the excludes,
//! `fail-on` and the thread pool. `check`, `summary`, `export`, `render`, `init`, `import` and the
//! language server all start here, so a setting means the same thing in every command.

use std::path::{Path, PathBuf};

use crate::config::{Config, FailOn};
use crate::i18n::Lang;
use crate::lint::Options;
use crate::report::FileReport;
use crate::template::{Template, Templates};
use crate::walk::{self, Candidate, Exclude};

// The flags every command that reads reports shares (flattened into each command's arguments;
// a plain comment, as a doc comment would become the about text of the command it is flattened
// into when clap declares that command on demand: `cli::Command`).
#[derive(Clone, Debug, Default, clap::Args)]
pub struct SetupArgs {
    /// Language of the messages: sv (Swedish, default) or en (English).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,

    /// Use this JSON Schema (with the template annotations) for every report instead of the
    /// built-in templates.
    #[arg(long, value_name = "PATH")]
    pub schema: Option<PathBuf>,

    /// Number of threads (default: one per core).
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    pub jobs: Option<usize>,

    /// Read the settings from this file instead of the `aterrapport.toml` found from the path upwards.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,

    /// Ignore every `aterrapport.toml`.
    #[arg(long)]
    pub isolated: bool,

    /// The region's development strategy (a YAML file with `namn`, `malbegrepp`, `mal`) for every
    /// Word document of the run; wins over `[strategier]` in aterrapport.toml.
    #[arg(long, value_name = "FIL")]
    pub strategi: Option<PathBuf>,
}

/// Why a run cannot start: already in the user's language, ready for stderr (a configuration
/// error comes with its code frame). The command line prints it and exits 2; the language server
/// logs it and shows it to the author.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupError(pub String);

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl SetupError {
    pub fn new(lang: Lang, sv: &str, en: &str) -> SetupError {
        SetupError(format!("aterrapport: {}", lang.pick(sv, en)))
    }

    /// Prints the error and gives the exit code of a run that failed (2).
    pub fn exit(&self) -> i32 {
        eprintln!("{}", self.0);
        crate::EXIT_FAILURE
    }
}

/// Prints a usage error in the user's language and gives exit code 2: the one error helper of
/// every command.
pub fn fail(lang: Lang, sv: &str, en: &str) -> i32 {
    SetupError::new(lang, sv, en).exit()
}

/// Everything a command needs before it reads its first report.
pub struct Setup {
    pub lang: Lang,
    pub config: Config,
    pub templates: Templates,
    /// What the per-file pipeline needs: language, limits, the rule levels.
    pub options: Options,
    pub exclude: Exclude,
    /// `--strategi`: the strategy of every Word document of the run.
    pub strategy: Option<PathBuf>,
    pool: Option<rayon::ThreadPool>,
    /// The directory arguments of the run and whether a report was found under each.
    /// (index among the paths, directory, found)
    dirs: std::sync::Mutex<Vec<(usize, PathBuf, bool)>>,
}

impl Setup {
    /// The setup of a run over `paths`: the configuration is `--config`, else the
    /// `aterrapport.toml` found from the first path upwards (none with `--isolated`).
    pub fn new(args: &SetupArgs, paths: &[PathBuf]) -> Result<Setup, SetupError> {
        let flag_lang = args.lang;
        let config = load_config(args, paths.first().map(PathBuf::as_path), flag_lang)?;
        Setup::from_config(args, config, None)
    }

    /// The setup for one document at `path` (the language server): its own `aterrapport.toml`,
    /// and `fallback_lang` where neither a flag nor the file chooses the language.
    pub fn for_document(
        args: &SetupArgs,
        path: &Path,
        fallback_lang: Option<Lang>,
    ) -> Result<Setup, SetupError> {
        let config = load_config(args, Some(path), args.lang.or(fallback_lang))?;
        Setup::from_config(args, config, fallback_lang)
    }

    fn from_config(
        args: &SetupArgs,
        config: Config,
        fallback_lang: Option<Lang>,
    ) -> Result<Setup, SetupError> {
        let lang = args
            .lang
            .or(config.lang)
            .or(fallback_lang)
            .unwrap_or_default();
        let templates = load_templates(&config, args.schema.as_deref(), lang)?;
        let exclude = Exclude::new(&config.base, &config.exclude).map_err(|e| {
            SetupError::new(
                lang,
                &format!("aterrapport.toml: ogiltigt mönster i `exclude`: {e}"),
                &format!("aterrapport.toml: invalid pattern in `exclude`: {e}"),
            )
        })?;
        // `-j 1` keeps the run on one thread; otherwise the second core prepares what the first
        // report will need while it is read, and a file checked on its own splits its rules.
        let one_thread = args.jobs == Some(1);
        if !one_thread {
            warm_up();
        }
        let options = Options {
            lang,
            parallel_rules: !one_thread,
            levels: config.rules.clone(),
            trusted_strategies: args
                .strategi
                .iter()
                .chain(config.strategies.values())
                .filter_map(|f| std::fs::canonicalize(f).ok())
                .collect(),
            ..Options::default()
        };
        let pool = args.jobs.and_then(|n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n.max(1))
                .build()
                .ok()
        });
        if let Some(file) = &args.strategi
            && !file.is_file()
        {
            return Err(SetupError::new(
                lang,
                &format!("strategifilen {} finns inte", file.display()),
                &format!("the strategy file {} does not exist", file.display()),
            ));
        }
        Ok(Setup {
            lang,
            config,
            templates,
            options,
            exclude,
            strategy: args.strategi.clone(),
            pool,
            dirs: std::sync::Mutex::default(),
        })
    }

    /// The strategy file of a Word document from `region`: `--strategi`, else the
    /// `[strategier]` entry whose name is the same region (compared as AR602 compares names).
    pub fn strategy_for(&self, region: Option<&str>) -> Option<PathBuf> {
        if let Some(file) = &self.strategy {
            return Some(file.clone());
        }
        let region = region?;
        let wanted = crate::rules::metadata::canonical_region(region);
        self.config
            .strategies
            .iter()
            .find(|(name, _)| {
                name.trim().eq_ignore_ascii_case(region.trim())
                    || wanted.is_some() && crate::rules::metadata::canonical_region(name) == wanted
            })
            .map(|(_, file)| file.clone())
    }

    /// `--fail-on` (or `--strict`) over the file's `fail-on` over the default, `error`.
    pub fn fail_on(&self, flag: Option<FailOn>) -> FailOn {
        flag.or(self.config.fail_on).unwrap_or(FailOn::Error)
    }

    /// The files to read: named ones, and the YAML files under named directories that the
    /// configuration does not exclude. A path that does not exist is a usage error.
    /// A directory under which no YAML file is found at all is an error at once; one whose YAML
    /// files turn out not to be reports is reported by [`Setup::finish`].
    pub fn candidates(&self, paths: &[PathBuf]) -> Result<Vec<Candidate>, SetupError> {
        let candidates = walk::collect_excluding(paths, &self.exclude).map_err(
            |walk::WalkError::Missing(p)| {
                SetupError::new(
                    self.lang,
                    &format!("{} finns inte", p.display()),
                    &format!("{} does not exist", p.display()),
                )
            },
        )?;
        let dirs: Vec<(usize, PathBuf)> = paths
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_dir())
            .map(|(i, p)| (i, p.clone()))
            .collect();
        let empty: Vec<PathBuf> = dirs
            .iter()
            .filter(|(i, _)| !candidates.iter().any(|c| c.under.contains(i)))
            .map(|(_, p)| p.clone())
            .collect();
        if !empty.is_empty() {
            return Err(self.no_reports(&empty));
        }
        if let Ok(mut d) = self.dirs.lock() {
            *d = dirs.into_iter().map(|(i, p)| (i, p, false)).collect();
        }
        Ok(candidates)
    }

    /// Every directory argument must hold a report: a run pointed at the wrong directory fails
    /// (exit 2) instead of passing with nothing checked. Called once every candidate is checked.
    pub fn finish(&self) -> Result<(), SetupError> {
        let empty: Vec<PathBuf> = match self.dirs.lock() {
            Ok(d) => d
                .iter()
                .filter(|(_, _, found)| !found)
                .map(|(_, p, _)| p.clone())
                .collect(),
            Err(_) => Vec::new(),
        };
        if empty.is_empty() {
            Ok(())
        } else {
            Err(self.no_reports(&empty))
        }
    }

    fn no_reports(&self, dirs: &[PathBuf]) -> SetupError {
        let lines: Vec<String> = dirs
            .iter()
            .map(|d| {
                let d = d.display();
                self.lang.pick(
                    &format!(
                        "aterrapport: ingen rapport hittades under {d}: ingen *.yaml- eller *.yml-fil där har en `rapportar`-nyckel"
                    ),
                    &format!(
                        "aterrapport: no report found under {d}: no *.yaml or *.yml file there has a `rapportar` key"
                    ),
                )
            })
            .collect();
        let help = self.lang.pick(
            "ange katalogen där rapporterna ligger, eller rapportfilerna själva",
            "give the directory the reports are in, or the report files themselves",
        );
        SetupError(format!("{}\n  {help}", lines.join("\n")))
    }

    /// Runs `f` on the run's thread pool (`-j`), or rayon's global one.
    pub fn install<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        match &self.pool {
            Some(pool) => pool.install(f),
            None => f(),
        }
    }

    /// Checks one candidate; a file found while walking that is not a report is skipped (`None`).
    pub fn check(&self, candidate: &Candidate) -> Option<FileReport> {
        let report = if crate::word::check::is_docx(&candidate.path) {
            let strategy_for = |region: Option<&str>| self.strategy_for(region);
            let run = crate::word::check::WordRun {
                templates: &self.templates,
                options: &self.options,
                strategy_for: &strategy_for,
            };
            crate::word::check::check_docx(
                &candidate.path,
                &candidate.display,
                candidate.explicit,
                &run,
            )
        } else {
            check_candidate(candidate, &self.templates, &self.options)
        }?;
        if !candidate.under.is_empty()
            && let Ok(mut dirs) = self.dirs.lock()
        {
            for (index, _, found) in dirs.iter_mut() {
                *found |= candidate.under.contains(index);
            }
        }
        Some(report)
    }

    /// Checks every candidate in parallel, in their order, keeping the parsed documents (for the
    /// reviewer's commands and `render`).
    pub fn check_all(&self, candidates: &[Candidate]) -> Vec<FileReport> {
        self.check_many(candidates, |report| report)
    }

    /// Checks the candidates in parallel, in their order, passing each result through `each`
    /// (also for a file skipped as no report, `None`). One file is checked on the calling thread:
    /// no thread pool to start and hand it to.
    pub fn check_many(
        &self,
        candidates: &[Candidate],
        each: impl Fn(Option<FileReport>) -> Option<FileReport> + Sync,
    ) -> Vec<FileReport> {
        use rayon::prelude::*;
        if let [one] = candidates {
            return each(self.check(one)).into_iter().collect();
        }
        self.install(|| {
            candidates
                .par_iter()
                .filter_map(|c| each(self.check(c)))
                .collect()
        })
    }

    /// Checks text that is not (or not yet) on disk, as if it were the file at `path`: standard
    /// input and the language server's open documents.
    pub fn check_text(&self, path: &Path, display: &str, bytes: &[u8]) -> FileReport {
        crate::lint::check_bytes(bytes, path, display, &self.templates, &self.options)
    }

    /// The template a checked report was read with, if one could be chosen.
    pub fn template_of(&self, report: &FileReport) -> Option<&Template> {
        let id = report.template.as_deref()?;
        self.templates.forced().or_else(|| self.templates.get(id))
    }
}

/// Starts, once per process, preparing the built-in templates (and the UTF-8 check,
/// `decode::prepare`) on another thread: every report needs them, and reading and parsing the
/// first one takes about as long. Whoever needs them first waits for that thread rather than
/// doing the work twice; if no thread can be started, the first report does the work itself.
/// (AR502's word lists need no preparing: build.rs lays them out.)
fn warm_up() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        crate::helper::spawn(|| {
            crate::decode::prepare();
            crate::template::prepare_builtin();
        });
    });
}

/// Starts the warm-up (`warm_up`) before the arguments are parsed when they name a command that
/// reads reports and do not ask for one thread: parsing them is the one part of a run on which the
/// second core has nothing else to do (one report: 0.91× of the time). It only changes when the
/// templates are ready, never what a run finds; a command line it misreads only loses that time.
pub(crate) fn warm_up_early(args: &[std::ffi::OsString]) {
    if reads_reports_on_two_threads(args) {
        warm_up();
    }
}

/// The commands that build a `Setup` (a test holds this to the commands clap gives `--jobs`).
const READ_REPORTS: &[&str] = &[
    "check", "summary", "export", "render", "import", "init", "server",
];

/// Whether `args` (the program's name first) name a command that builds a `Setup`, without `-j 1`.
fn reads_reports_on_two_threads(args: &[std::ffi::OsString]) -> bool {
    // An argument that is not UTF-8 stays in its place, as one that matches nothing.
    let words: Vec<&str> = args
        .iter()
        .skip(1)
        .map(|a| a.to_str().unwrap_or_default())
        .collect();
    let Some(command) = words.first() else {
        return false;
    };
    if !READ_REPORTS.contains(command) {
        return false;
    }
    let jobs = words.iter().enumerate().find_map(|(i, w)| match *w {
        "-j" | "--jobs" => words.get(i + 1).copied(),
        _ => w
            .strip_prefix("--jobs=")
            .or_else(|| w.strip_prefix("-j").map(|v| v.trim_start_matches('=')))
            .filter(|v| !v.is_empty()),
    });
    jobs.and_then(|j| j.parse::<usize>().ok()) != Some(1)
}

/// `--isolated`, `--config FILE`, or the `aterrapport.toml` found from `start` upwards.
fn load_config(
    args: &SetupArgs,
    start: Option<&Path>,
    lang: Option<Lang>,
) -> Result<Config, SetupError> {
    let file = if args.isolated {
        None
    } else if let Some(f) = &args.config {
        Some(f.clone())
    } else {
        start.and_then(Config::discover)
    };
    let Some(file) = file else {
        return Ok(Config::default());
    };
    // Errors in the file are shown in the flag's language, else the one the file asks for, which
    // is only known once it parses: Swedish until then.
    Config::load(&file, lang.unwrap_or_default())
        .map_err(|e| SetupError(e.render(lang.unwrap_or_default())))
}

/// The built-in templates, those of the configuration's schema directories, the configuration's
/// default template and `--schema`.
fn load_templates(
    config: &Config,
    schema: Option<&Path>,
    lang: Lang,
) -> Result<Templates, SetupError> {
    let mut templates = Templates::builtin();
    for dir in &config.schema_dirs {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            SetupError::new(
                lang,
                &format!("mallkatalogen {} kan inte läsas: {e}", dir.display()),
                &format!("the schema directory {} cannot be read: {e}", dir.display()),
            )
        })?;
        let mut files: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(".schema.json"))
            .collect();
        files.sort();
        for path in files {
            templates.add(user_template(&path, lang)?);
        }
    }
    if let Some(id) = &config.template {
        if !templates.has(id) {
            let known = templates.ids().join(", ");
            return Err(SetupError::new(
                lang,
                &format!("aterrapport.toml: det finns ingen mall `{id}` (kända: {known})"),
                &format!("aterrapport.toml: there is no template `{id}` (known: {known})"),
            ));
        }
        templates.set_default(id);
    }
    match schema {
        Some(path) => Ok(templates.with_user_schema(user_template(path, lang)?)),
        None => Ok(templates),
    }
}

fn user_template(path: &Path, lang: Lang) -> Result<Template, SetupError> {
    Template::from_file(path).map_err(|e| {
        SetupError::new(
            lang,
            &format!("schemat {} kan inte användas: {e}", path.display()),
            &format!("the schema {} cannot be used: {e}", path.display()),
        )
    })
}

/// Checks one candidate; a file found while walking that is not a report is skipped (`None`).
fn check_candidate(c: &Candidate, templates: &Templates, options: &Options) -> Option<FileReport> {
    if c.explicit {
        return Some(crate::lint::check_path(
            &c.path, &c.display, templates, options,
        ));
    }
    match crate::strategy::read_limited(&c.path, options.limits.max_bytes) {
        Ok(bytes) => {
            // Plain UTF-8 is tested as it is; only other encodings (UTF-16 has NUL bytes) are
            // decoded first. check_bytes decodes again, so this avoids doing it twice.
            let is_report = match std::str::from_utf8(&bytes) {
                Ok(text) if !text.contains('\0') => walk::looks_like_report(text),
                _ => match crate::decode::decode(&bytes) {
                    crate::decode::Decoded::Utf8 { text, .. } => walk::looks_like_report(&text),
                    crate::decode::Decoded::NotUtf8 { display, .. } => {
                        walk::looks_like_report(&display)
                    }
                },
            };
            is_report
                .then(|| crate::lint::check_bytes(&bytes, &c.path, &c.display, templates, options))
        }
        // Unreadable or too large: we cannot tell whether it is a report, so report it.
        Err(_) => Some(crate::lint::check_path(
            &c.path, &c.display, templates, options,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::{READ_REPORTS, reads_reports_on_two_threads};

    fn warms(line: &str) -> bool {
        let args: Vec<std::ffi::OsString> = std::iter::once("aterrapport")
            .chain(line.split_whitespace())
            .map(Into::into)
            .collect();
        reads_reports_on_two_threads(&args)
    }

    /// The templates are prepared early for the commands that read reports, unless one thread is
    /// asked for in any of the ways clap accepts `-j 1`.
    #[test]
    fn the_warm_up_starts_early_for_commands_that_read_reports() {
        for line in [
            "check examples/",
            "check -j 2 a.yaml",
            "check --jobs=4 a.yaml",
            "check -j12 a.yaml",
            "server",
            "render a.yaml --format html",
            "summary examples/",
            "import a.docx",
        ] {
            assert!(warms(line), "{line}");
        }
        for line in [
            "",
            "--version",
            "--help",
            "rules",
            "explain AR502",
            "schema",
            "check -j 1 a.yaml",
            "check a.yaml --jobs 1",
            "check -j1 a.yaml",
            "check -j=1 a.yaml",
            "check --jobs=01 a.yaml",
        ] {
            assert!(!warms(line), "{line}");
        }
    }

    /// The commands the warm-up starts early for are exactly those that take `SetupArgs` (the
    /// ones with `--jobs`), as clap declares them: a command added to one list is in the other.
    #[test]
    fn the_early_commands_are_the_ones_with_a_setup() {
        use clap::CommandFactory;
        let mut with_setup: Vec<String> = crate::cli::Args::command()
            .get_subcommands_mut()
            .map(|c| {
                // Each command's arguments are declared on demand (`defer`): build it first.
                let mut c = std::mem::take(c);
                c.build();
                c
            })
            .filter(|c| c.get_arguments().any(|a| a.get_id() == "jobs"))
            .map(|c| c.get_name().to_string())
            .collect();
        with_setup.sort();
        let mut early: Vec<String> = READ_REPORTS.iter().map(|c| c.to_string()).collect();
        early.sort();
        assert_eq!(early, with_setup);
    }

    /// An argument that is not UTF-8 keeps its place: one where the command belongs is no
    /// command, and the word after it is not taken for one.
    #[cfg(unix)]
    #[test]
    fn an_argument_that_is_not_utf8_keeps_its_place() {
        use std::os::unix::ffi::OsStringExt;
        let odd = || std::ffi::OsString::from_vec(vec![b'r', 0xff, b'.', b'y']);
        let line = |rest: Vec<std::ffi::OsString>| {
            let mut args: Vec<std::ffi::OsString> = vec!["aterrapport".into()];
            args.extend(rest);
            reads_reports_on_two_threads(&args)
        };
        assert!(!line(vec![odd(), "check".into()]));
        assert!(line(vec!["check".into(), odd(), "-j".into(), "2".into()]));
        assert!(!line(vec!["check".into(), odd(), "-j".into(), "1".into()]));
    }
}
