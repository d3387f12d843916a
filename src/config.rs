//! `aterrapport.toml`: a project's settings. Found from the first checked path upwards (or given
//! with `--config`, or ignored with `--isolated`); flags on the command line win over the file.
//!
//! ```toml
//! lang = "sv"                       # language of the messages
//! template = "aterrapport-2020"     # template for reports without `mall`
//! schema-dirs = ["mallar"]          # more templates: every *.schema.json in these directories
//! exclude = ["arkiv/", "*.utkast.yaml"]   # gitignore-style, relative to this file
//! fail-on = "warning"               # as --fail-on
//!
//! [rules]
//! AR304 = "off"                     # by code …
//! invisible-characters = "info"     # … or by name; "error", "warning", "info" or "off"
//! ```
//!
//! Unknown keys, rule codes and values are errors pointing into the file (exit 2), so a typo never
//! silently turns a setting off.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::i18n::Lang;

pub const FILE_NAME: &str = "aterrapport.toml";

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    lang: Option<Lang>,
    template: Option<toml::Spanned<String>>,
    #[serde(default)]
    schema_dirs: Vec<toml::Spanned<PathBuf>>,
    #[serde(default)]
    exclude: Vec<toml::Spanned<String>>,
    fail_on: Option<FailOn>,
    #[serde(default)]
    rules: BTreeMap<toml::Spanned<String>, toml::Spanned<String>>,
    #[serde(default)]
    strategier: BTreeMap<String, PathBuf>,
}

/// Which findings fail the run (`--fail-on`, `fail-on`).
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
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity == Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Info => true,
            FailOn::Never => false,
        }
    }
}

/// A rule's setting: a severity, or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
    Off,
}

impl Level {
    fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "error" => Level::Error,
            "warning" => Level::Warning,
            "info" => Level::Info,
            "off" => Level::Off,
            _ => return None,
        })
    }
}

/// The effective configuration of a run.
#[derive(Debug, Default)]
pub struct Config {
    /// The file it came from, if any.
    pub file: Option<PathBuf>,
    /// `lang`, when the file sets it.
    pub lang: Option<Lang>,
    pub template: Option<String>,
    pub schema_dirs: Vec<PathBuf>,
    pub exclude: Vec<String>,
    pub fail_on: Option<FailOn>,
    pub rules: BTreeMap<Code, Level>,
    /// `[strategier]`: a region's name → its strategy file (for Word documents, which hold no
    /// strategy), relative paths joined to `base`.
    pub strategies: BTreeMap<String, PathBuf>,
    /// The directory the file's relative paths are relative to.
    pub base: PathBuf,
}

/// A configuration file that cannot be used: every problem found in it, each with where it is.
#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub text: String,
    pub problems: Vec<Problem>,
}

/// One problem in the configuration file: what, and where (when it has a place).
type Problem = (Option<Range<usize>>, String);

/// The keys of the file (kebab-case, as written).
const KEYS: &[&str] = &[
    "lang",
    "template",
    "schema-dirs",
    "exclude",
    "fail-on",
    "strategier",
    "rules",
];

/// The nearest of `known` to `typo`, if it is near enough to be a likely typo.
fn nearest<'a>(typo: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|n| (strsim::jaro_winkler(n, typo), n))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|(s, _)| *s >= 0.8)
        .map(|(_, n)| n)
}

fn did_you_mean(lang: Lang, nearest: Option<&str>) -> String {
    nearest
        .map(|n| {
            lang.pick(
                &format!("; menade du `{n}`?"),
                &format!("; did you mean `{n}`?"),
            )
        })
        .unwrap_or_default()
}

/// The TOML reader's message about a value, in the user's language: a value that is not one of
/// the allowed ones names them, a value of the wrong kind says which kind belongs there. Anything
/// else is the reader's own text (a TOML syntax error, with its place).
fn value_error(message: &str, lang: Lang) -> String {
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (value, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let choices: Vec<&str> = expected
            .trim_start_matches("one of ")
            .split([',', ' '])
            .filter(|w| w.starts_with('`'))
            .collect();
        let (last, first) = choices.split_last().map_or(("", &[][..]), |(l, f)| (*l, f));
        let list = |or: &str| {
            if first.is_empty() {
                last.to_string()
            } else {
                format!("{} {or} {last}", first.join(", "))
            }
        };
        return lang.pick(
            &format!(
                "{value} är inte ett tillåtet värde: skriv {}",
                list("eller")
            ),
            &format!("{value} is not an allowed value: write {}", list("or")),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (_, expected) = rest.split_once(", expected ").unwrap_or(("", rest));
        let (sv, en) = match expected.trim() {
            "a string" | "string" => ("en text inom citattecken", "a text in quotes"),
            "a sequence" | "sequence" => (
                "en lista, t.ex. [\"a\", \"b\"]",
                "a list, e.g. [\"a\", \"b\"]",
            ),
            "a map" | "map" => ("en tabell", "a table"),
            "a boolean" | "boolean" => ("true eller false", "true or false"),
            other => (other, other),
        };
        return lang.pick(
            &format!("fel sorts värde: här ska stå {sv}"),
            &format!("the wrong kind of value: {en} belongs here"),
        );
    }
    message.to_string()
}

/// Every top-level key the file does not know, with a did-you-mean.
fn unknown_keys(text: &str, lang: Lang) -> Vec<Problem> {
    let Ok(table) = toml::from_str::<BTreeMap<toml::Spanned<String>, toml::Value>>(text) else {
        return Vec::new();
    };
    let mut problems: Vec<Problem> = table
        .keys()
        .filter(|k| !KEYS.contains(&k.get_ref().as_str()))
        .map(|k| {
            let key = k.get_ref();
            let known = KEYS.join(", ");
            let hint = match nearest(key, KEYS.iter().copied()) {
                Some(n) => did_you_mean(lang, Some(n)),
                None => lang.pick(&format!(" (kända: {known})"), &format!(" (known: {known})")),
            };
            (
                Some(k.span()),
                lang.pick(
                    &format!("okänd inställning `{key}`{hint}"),
                    &format!("unknown setting `{key}`{hint}"),
                ),
            )
        })
        .collect();
    problems.sort_by_key(|(span, _)| span.as_ref().map(|s| s.start));
    problems
}

/// Codes that say whether a file could be read at all; they cannot be turned off or down, or a
/// broken report would pass unnoticed.
const FIXED: &[Code] = &[
    Code::AR001,
    Code::AR002,
    Code::AR003,
    Code::AR004,
    Code::AR005,
    Code::AR006,
    Code::AR008,
];

impl Config {
    /// Looks for `aterrapport.toml` in `start` (a file's directory, or the directory itself) and
    /// its ancestors.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let start = if start.is_dir() {
            start.to_path_buf()
        } else {
            start.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let absolute = std::path::absolute(&start).unwrap_or(start);
        absolute
            .ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    pub fn load(path: &Path, lang: Lang) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            text: String::new(),
            problems: vec![(
                None,
                lang.pick(
                    &format!("kan inte läsas: {e}"),
                    &format!("cannot be read: {e}"),
                ),
            )],
        })?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Config::parse(&text, &base, lang)
            .map_err(|problems| ConfigError {
                path: path.to_path_buf(),
                text: text.clone(),
                problems,
            })
            .map(|mut c| {
                c.file = Some(path.to_path_buf());
                c
            })
    }

    /// Reads the file; every unknown key, rule and level is reported at once.
    fn parse(text: &str, base: &Path, lang: Lang) -> Result<Config, Vec<Problem>> {
        let unknown = unknown_keys(text, lang);
        if !unknown.is_empty() {
            return Err(unknown);
        }
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| vec![(e.span(), value_error(e.message().trim(), lang))])?;
        let mut rules = BTreeMap::new();
        let mut problems = Vec::new();
        for (key, value) in &raw.rules {
            let Some(meta) = crate::rules::by_name_or_code(key.get_ref()) else {
                let hint = did_you_mean(
                    lang,
                    nearest(
                        key.get_ref(),
                        crate::rules::RULES
                            .iter()
                            .flat_map(|m| [m.code.as_str(), m.name]),
                    ),
                );
                problems.push((
                    Some(key.span()),
                    lang.pick(
                        &format!(
                            "det finns ingen regel `{}`{hint} (`aterrapport rules` listar dem)",
                            key.get_ref()
                        ),
                        &format!(
                            "there is no rule `{}`{hint} (`aterrapport rules` lists them)",
                            key.get_ref()
                        ),
                    ),
                ));
                continue;
            };
            let Some(level) = Level::parse(value.get_ref()) else {
                problems.push((
                    Some(value.span()),
                    lang.pick(
                        &format!("`{}` är ingen nivå: skriv \"error\", \"warning\", \"info\" eller \"off\"", value.get_ref()),
                        &format!("`{}` is not a level: write \"error\", \"warning\", \"info\" or \"off\"", value.get_ref()),
                    ),
                ));
                continue;
            };
            if FIXED.contains(&meta.code) && level != Level::Error {
                problems.push((
                    Some(value.span()),
                    lang.pick(
                        &format!("{} säger att filen inte kan läsas och kan inte stängas av eller sänkas", meta.code),
                        &format!("{} says the file cannot be read and cannot be turned off or lowered", meta.code),
                    ),
                ));
                continue;
            }
            rules.insert(meta.code, level);
        }
        if !problems.is_empty() {
            problems.sort_by_key(|(span, _)| span.as_ref().map(|s| s.start));
            return Err(problems);
        }
        Ok(Config {
            file: None,
            lang: raw.lang,
            template: raw.template.map(toml::Spanned::into_inner),
            schema_dirs: raw
                .schema_dirs
                .into_iter()
                .map(|d| base.join(d.into_inner()))
                .collect(),
            exclude: raw
                .exclude
                .into_iter()
                .map(toml::Spanned::into_inner)
                .collect(),
            fail_on: raw.fail_on,
            rules,
            strategies: raw
                .strategier
                .into_iter()
                .map(|(region, file)| (region, base.join(file)))
                .collect(),
            base: base.to_path_buf(),
        })
    }

    /// The effective configuration as TOML, for `--print-config`: the file's settings with the
    /// run's language and `fail-on`, which flags may have changed.
    pub fn to_toml(&self, lang: Lang, fail_on: FailOn) -> String {
        #[derive(Serialize)]
        #[serde(rename_all = "kebab-case")]
        struct Shown<'a> {
            lang: Lang,
            #[serde(skip_serializing_if = "Option::is_none")]
            template: Option<&'a str>,
            schema_dirs: Vec<String>,
            exclude: &'a [String],
            fail_on: FailOn,
            rules: BTreeMap<&'static str, Level>,
            strategier: BTreeMap<&'a str, String>,
        }
        let shown = Shown {
            lang,
            template: self.template.as_deref(),
            schema_dirs: self
                .schema_dirs
                .iter()
                .map(|d| d.to_string_lossy().replace('\\', "/"))
                .collect(),
            exclude: &self.exclude,
            fail_on,
            rules: self.rules.iter().map(|(c, l)| (c.as_str(), *l)).collect(),
            strategier: self
                .strategies
                .iter()
                .map(|(r, f)| (r.as_str(), f.to_string_lossy().replace('\\', "/")))
                .collect(),
        };
        let source = match &self.file {
            Some(f) => format!("# {}\n", f.display()),
            None => "# (ingen aterrapport.toml / no aterrapport.toml)\n".to_string(),
        };
        source + &toml::to_string(&shown).unwrap_or_default()
    }
}

/// Applies per-rule settings: `off` drops a finding, a level replaces its severity.
pub fn apply_levels(levels: &BTreeMap<Code, Level>, diagnostics: &mut Vec<Diagnostic>) {
    if levels.is_empty() {
        return;
    }
    diagnostics.retain_mut(|d| match levels.get(&d.code) {
        None => true,
        Some(Level::Off) => false,
        Some(Level::Error) => {
            d.severity = Severity::Error;
            true
        }
        Some(Level::Warning) => {
            d.severity = Severity::Warning;
            true
        }
        Some(Level::Info) => {
            d.severity = Severity::Info;
            true
        }
    });
}

impl ConfigError {
    /// A code frame into the configuration file, for stderr.
    pub fn render(&self, lang: Lang) -> String {
        let plain = || {
            self.problems
                .iter()
                .map(|(_, m)| format!("aterrapport: {}: {m}", self.path.display()))
                .collect::<Vec<_>>()
                .join("\n")
        };
        if self.problems.iter().any(|(span, _)| span.is_none()) {
            return plain();
        }
        let source = miette::NamedSource::new(self.path.display().to_string(), self.text.clone());
        let diagnostic = miette::MietteDiagnostic::new(lang.pick(
            "konfigurationsfilen kan inte användas",
            "the configuration file cannot be used",
        ))
        .with_code("aterrapport::config")
        .with_labels(self.problems.iter().filter_map(|(span, message)| {
            span.clone()
                .map(|span| miette::LabeledSpan::at(span, message.clone()))
        }));
        let report = miette::Report::new(diagnostic).with_source_code(source);
        let mut out = String::new();
        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
        if handler.render_report(&mut out, report.as_ref()).is_err() {
            return plain();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_wrong_value_is_explained_in_the_users_language() {
        let text = "lang = \"sw\"\n";
        let problems = Config::parse(text, Path::new("/p"), Lang::Sv).unwrap_err();
        let (span, message) = &problems[0];
        assert_eq!(&text[span.clone().unwrap()], "\"sw\"");
        assert_eq!(
            message,
            "`sw` är inte ett tillåtet värde: skriv `sv` eller `en`"
        );
        let problems =
            Config::parse("fail-on = \"warn\"\n", Path::new("/p"), Lang::En).unwrap_err();
        assert_eq!(
            problems[0].1,
            "`warn` is not an allowed value: write `error`, `warning`, `info` or `never`"
        );
        let problems =
            Config::parse("exclude = \"arkiv/\"\n", Path::new("/p"), Lang::Sv).unwrap_err();
        assert!(
            problems[0]
                .1
                .starts_with("fel sorts värde: här ska stå en lista"),
            "{}",
            problems[0].1
        );
    }

    use super::*;

    fn parse(text: &str) -> Result<Config, (Option<Range<usize>>, String)> {
        Config::parse(text, Path::new("/p"), Lang::En)
            .map_err(|problems| problems.into_iter().next().unwrap_or_default())
    }

    #[test]
    fn reads_every_setting() {
        let c = parse(
            "lang = \"en\"\ntemplate = \"aterrapport-2020\"\nschema-dirs = [\"mallar\"]\nexclude = [\"arkiv/\"]\nfail-on = \"warning\"\n[rules]\nAR304 = \"off\"\ninvisible-characters = \"info\"\n",
        )
        .unwrap();
        assert_eq!(c.lang, Some(Lang::En));
        assert_eq!(c.template.as_deref(), Some("aterrapport-2020"));
        assert_eq!(c.schema_dirs, vec![PathBuf::from("/p/mallar")]);
        assert_eq!(c.exclude, vec!["arkiv/".to_string()]);
        assert_eq!(c.fail_on, Some(FailOn::Warning));
        assert_eq!(c.rules.get(&Code::AR304), Some(&Level::Off));
        assert_eq!(c.rules.get(&Code::AR505), Some(&Level::Info));
    }

    #[test]
    fn unknown_key_points_at_the_key() {
        let text = "lang = \"sv\"\nexcludes = []\n";
        let (span, message) = parse(text).unwrap_err();
        let span = span.unwrap();
        assert_eq!(&text[span], "excludes");
        assert!(
            message.contains("unknown setting `excludes`; did you mean `exclude`?"),
            "{message}"
        );
    }

    #[test]
    fn every_typo_is_reported_at_once_in_the_users_language() {
        let text = "lnag = \"sv\"\nfail-on = \"warning\"\nexcludes = []\n";
        let problems = Config::parse(text, Path::new("/p"), Lang::Sv).unwrap_err();
        let shown: Vec<(&str, &str)> = problems
            .iter()
            .map(|(span, m)| (&text[span.clone().unwrap()], m.as_str()))
            .collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert_eq!(shown[0].0, "lnag");
        assert!(
            shown[0]
                .1
                .starts_with("okänd inställning `lnag`; menade du `lang`?")
        );
        assert_eq!(shown[1].0, "excludes");
        let text = "[rules]\nAR3O4 = \"off\"\ninvisible-character = \"info\"\nAR101 = \"of\"\n";
        let problems = Config::parse(text, Path::new("/p"), Lang::En).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[1]
                .1
                .contains("did you mean `invisible-characters`")
        );
    }

    #[test]
    fn unknown_rule_points_at_the_rule_and_suggests() {
        let text = "[rules]\nAR3O4 = \"off\"\n";
        let (span, message) = parse(text).unwrap_err();
        assert_eq!(&text[span.unwrap()], "AR3O4");
        assert!(message.contains("did you mean `AR304`"), "{message}");
    }

    #[test]
    fn bad_level_points_at_the_value() {
        let text = "[rules]\nAR304 = \"of\"\n";
        let (span, _) = parse(text).unwrap_err();
        assert_eq!(&text[span.unwrap()], "\"of\"");
    }

    #[test]
    fn read_failures_cannot_be_turned_off() {
        assert!(parse("[rules]\nAR001 = \"off\"\n").is_err());
        assert!(parse("[rules]\nAR008 = \"warning\"\n").is_err());
        assert!(parse("[rules]\nAR007 = \"off\"\n").is_ok());
    }
}
