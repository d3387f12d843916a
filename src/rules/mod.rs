//! The rule registry: one ordered table that gives every code its name, default severity, whether
//! it has a fix, and its summary in both languages. Output, `rules`, config and tests all read it.
//! The checks themselves live with their family (`metadata`, …) or in the stage that finds them
//! (the loader for AR001–AR006, the schema mapping for AR1xx–AR4xx).

use crate::diagnostic::{Code, Diagnostic, Severity};

pub use crate::context::Context;

pub mod diacritics;
pub mod goals;
pub mod metadata;
pub mod tables;
pub mod text;

/// The rule families that run on a loaded, validated report, in order. Each appends its findings.
pub const FAMILIES: &[fn(&Context<'_>, &mut Vec<Diagnostic>)] =
    &[metadata::check, goals::check, tables::check, text::check];

pub struct RuleMeta {
    pub code: Code,
    pub name: &'static str,
    pub severity: Severity,
    pub fixable: bool,
    /// One line, Swedish and English.
    pub summary: (&'static str, &'static str),
}

use Severity::{Error, Info, Warning};

macro_rules! rule {
    ($code:ident, $name:literal, $sev:ident, $fix:literal, $sv:literal, $en:literal) => {
        RuleMeta {
            code: Code::$code,
            name: $name,
            severity: $sev,
            fixable: $fix,
            summary: ($sv, $en),
        }
    };
}

pub const RULES: &[RuleMeta] = &[
    rule!(
        AR001,
        "yaml-syntax",
        Error,
        false,
        "YAML-texten kan inte läsas",
        "the YAML cannot be parsed"
    ),
    rule!(
        AR002,
        "duplicate-key",
        Error,
        false,
        "samma nyckel två gånger i en mappning",
        "the same key twice in one mapping"
    ),
    rule!(
        AR003,
        "encoding",
        Error,
        false,
        "filen är inte UTF-8",
        "the file is not UTF-8"
    ),
    rule!(
        AR004,
        "unknown-template",
        Error,
        false,
        "`mall`/`rapportar` väljer ingen känd mall",
        "`mall`/`rapportar` select no known template"
    ),
    rule!(
        AR005,
        "resource-limit",
        Error,
        false,
        "filen överskrider en gräns (storlek, djup, alias, dokument)",
        "the file exceeds a limit (size, depth, aliases, documents)"
    ),
    rule!(
        AR006,
        "strategy-file",
        Error,
        false,
        "strategifilen saknas, är ogiltig eller ligger utanför projektet",
        "the strategy file is missing, invalid or outside the project"
    ),
    rule!(
        AR007,
        "unused-suppression",
        Warning,
        false,
        "en `# aterrapport: ignore`-kommentar som inte undertryckte något",
        "an `# aterrapport: ignore` comment that suppressed nothing"
    ),
    rule!(
        AR008,
        "unreadable-file",
        Error,
        false,
        "filen kan inte läsas",
        "the file cannot be read"
    ),
    rule!(
        AR101,
        "missing-section",
        Error,
        false,
        "ett obligatoriskt avsnitt, fält eller en fråga saknas",
        "a required section, field or question is missing"
    ),
    rule!(
        AR102,
        "unknown-key",
        Error,
        false,
        "en nyckel som mallen inte har",
        "a key the template does not have"
    ),
    rule!(
        AR103,
        "wrong-type",
        Error,
        true,
        "fel sorts värde (t.ex. en lista eller ett tal där text ska stå)",
        "the wrong kind of value (e.g. a list or number where text belongs)"
    ),
    rule!(
        AR104,
        "empty-text",
        Error,
        false,
        "en obligatorisk text är tom",
        "a required text is empty"
    ),
    rule!(
        AR201,
        "missing-answer",
        Error,
        false,
        "en Ja/Nej-fråga saknar `svar`",
        "a Ja/Nej question has no `svar`"
    ),
    rule!(
        AR202,
        "invalid-answer",
        Error,
        true,
        "svaret är inte exakt `Ja` eller `Nej`",
        "the answer is not exactly `Ja` or `Nej`"
    ),
    rule!(
        AR203,
        "missing-motivation",
        Warning,
        false,
        "en Ja/Nej-fråga saknar `kommentar`",
        "a Ja/Nej question has no `kommentar`"
    ),
    rule!(
        AR204,
        "missing-strategy-name",
        Error,
        false,
        "`Ja` på fastställd strategi utan strategins namn",
        "`Ja` to an established strategy without its name"
    ),
    rule!(
        AR301,
        "unknown-goal",
        Error,
        false,
        "hänvisning till ett mål som strategin inte har",
        "a reference to a goal the strategy does not define"
    ),
    rule!(
        AR302,
        "goal-text-mismatch",
        Warning,
        true,
        "den citerade måltexten skiljer sig från strategins",
        "the quoted goal text differs from the strategy's"
    ),
    rule!(
        AR303,
        "missing-goal-reference",
        Warning,
        false,
        "en insats hänvisar inte till något mål",
        "an insats references no goal"
    ),
    rule!(
        AR304,
        "unreferenced-goal",
        Info,
        false,
        "ett mål som ingen insats hänvisar till",
        "a goal that no insats references"
    ),
    rule!(
        AR305,
        "goal-list-disagrees",
        Error,
        false,
        "`mal:` stämmer inte med målen i texten",
        "`mal:` disagrees with the goals in the text"
    ),
    rule!(
        AR306,
        "invalid-goal-definition",
        Error,
        false,
        "felaktigt definierade mål (dubbletter, fel nivå, decimaltal)",
        "badly defined goals (duplicates, wrong level, float ids)"
    ),
    rule!(
        AR401,
        "missing-column",
        Error,
        false,
        "en tabellrad saknar en obligatorisk kolumn",
        "a table row lacks a required column"
    ),
    rule!(
        AR402,
        "unknown-column",
        Error,
        false,
        "en radnyckel som inte är en kolumn i tabellen",
        "a row key that is not a column of the table"
    ),
    rule!(
        AR403,
        "empty-cell",
        Error,
        false,
        "en obligatorisk cell är tom",
        "a required cell is empty"
    ),
    rule!(
        AR404,
        "empty-table",
        Warning,
        false,
        "en tabell utan rader",
        "a table with no rows"
    ),
    rule!(
        AR405,
        "duplicate-row",
        Warning,
        false,
        "två rader med samma namn i en tabell",
        "two rows with the same name in one table"
    ),
    rule!(
        AR406,
        "invalid-activity-type",
        Error,
        true,
        "`typ` är inte analys, uppföljning eller utvärdering",
        "`typ` is not analys, uppföljning or utvärdering"
    ),
    rule!(
        AR501,
        "non-nfc-text",
        Warning,
        true,
        "text som inte är i Unicode NFC",
        "text not in Unicode NFC"
    ),
    rule!(
        AR502,
        "lost-diacritics",
        Warning,
        true,
        "å/ä/ö förlorade vid kopiering från PDF",
        "å/ä/ö lost when copying from a PDF"
    ),
    rule!(
        AR503,
        "private-use-character",
        Warning,
        true,
        "tecken från privat användningsområde (t.ex. Words symbolpunkt)",
        "private-use characters (e.g. Word's Symbol bullet)"
    ),
    rule!(
        AR504,
        "placeholder-text",
        Error,
        false,
        "kvarglömd platshållartext",
        "leftover placeholder text"
    ),
    rule!(
        AR505,
        "invisible-characters",
        Warning,
        true,
        "styrtecken, nollbreddstecken eller blanksteg i radslut",
        "control characters, zero-width characters or trailing whitespace"
    ),
    rule!(
        AR601,
        "implausible-year",
        Warning,
        false,
        "orimligt rapportår",
        "implausible report year"
    ),
    rule!(
        AR602,
        "unknown-region",
        Warning,
        false,
        "`region` är inte en av Sveriges 21 regioner",
        "`region` is not one of Sweden's 21 regions"
    ),
];

/// The documentation of every rule (`docs/rules/ARxxx.md`: "## Svenska" and "## English"), embedded
/// so that `explain` works wherever the binary is.
macro_rules! docs {
    ($($code:ident),* $(,)?) => {
        fn doc_file(code: Code) -> &'static str {
            match code { $(Code::$code => include_str!(concat!("../../docs/rules/", stringify!($code), ".md"))),* }
        }
    };
}

docs!(
    AR001, AR002, AR003, AR004, AR005, AR006, AR007, AR008, AR101, AR102, AR103, AR104, AR201,
    AR202, AR203, AR204, AR301, AR302, AR303, AR304, AR305, AR306, AR401, AR402, AR403, AR404,
    AR405, AR406, AR501, AR502, AR503, AR504, AR505, AR601, AR602,
);

/// The rule's documentation in one language: its title line and that language's section.
pub fn explain_text(code: Code, lang: crate::i18n::Lang) -> String {
    let doc = doc_file(code);
    let title = doc
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches('#')
        .trim();
    let (sv, en) = match doc.split_once("## English") {
        Some((before, en)) => (
            before.split_once("## Svenska").map_or(before, |(_, sv)| sv),
            en,
        ),
        None => (doc, doc),
    };
    let body = if lang.is_sv() { sv } else { en };
    format!("{title}\n\n{}\n", body.trim())
}

/// The registry entry of a code. Every code has one (a test guards it).
pub fn meta(code: Code) -> &'static RuleMeta {
    // RULES is ordered like Code::ALL; fall back to a search if someone reorders one of them.
    let index = Code::ALL.iter().position(|c| *c == code).unwrap_or(0);
    match RULES.get(index) {
        Some(m) if m.code == code => m,
        _ => RULES.iter().find(|m| m.code == code).unwrap_or(&RULES[0]),
    }
}

pub fn by_name_or_code(s: &str) -> Option<&'static RuleMeta> {
    RULES
        .iter()
        .find(|m| m.name == s || m.code.as_str().eq_ignore_ascii_case(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn registry_is_complete_and_unique() {
        assert_eq!(RULES.len(), Code::ALL.len());
        let codes: HashSet<_> = RULES.iter().map(|m| m.code).collect();
        let names: HashSet<_> = RULES.iter().map(|m| m.name).collect();
        assert_eq!(codes.len(), RULES.len(), "two rules share a code");
        assert_eq!(names.len(), RULES.len(), "two rules share a name");
        for (m, c) in RULES.iter().zip(Code::ALL) {
            assert_eq!(m.code, *c, "RULES and Code::ALL are in the same order");
            assert!(!m.summary.0.is_empty() && !m.summary.1.is_empty());
        }
    }

    #[test]
    fn every_rule_is_documented_in_both_languages() {
        for m in RULES {
            let doc = doc_file(m.code);
            let heading = format!("# {} {}", m.code, m.name);
            assert!(
                doc.starts_with(&heading),
                "{}: first line must be `{heading}`",
                m.code
            );
            for part in [
                "## Svenska",
                "**Vad regeln gör.**",
                "**Varför.**",
                "**Exempel.**",
                "## English",
                "**What it does.**",
                "**Why.**",
                "**Example.**",
            ] {
                assert!(doc.contains(part), "{} lacks {part}", m.code);
            }
            let has_fix_text = doc.contains("**Rättning.**") && doc.contains("**Fix.**");
            assert!(
                !m.fixable || has_fix_text,
                "{} is fixable but its documentation does not say what the fix does",
                m.code
            );
        }
    }
}
