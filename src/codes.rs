//! Every fact about a rule, in one declaration: its code, name, default severity, whether it has a
//! fix, its one-line summary in both languages and its documentation (`docs/rules/ARxxx.md`,
//! embedded so that `explain` works wherever the binary is). The `Code` enum, the registry `RULES`
//! and the documentation lookup are all generated from the table below; `docs/RULES.md`'s index is
//! tested against it. Nothing here depends on the rest of the crate.

use serde::Serialize;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A rule's registry entry.
pub struct RuleMeta {
    pub code: Code,
    pub name: &'static str,
    pub severity: Severity,
    pub fixable: bool,
    /// One line, Swedish and English.
    pub summary: (&'static str, &'static str),
}

macro_rules! rules {
    ($($code:ident $name:literal $sev:ident fix=$fix:literal sv $sv:literal en $en:literal;)*) => {
        /// Every rule code, in the order of the catalogue.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($code),* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$code),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$code => stringify!($code)),* }
            }

            /// The registry entry of this code.
            pub fn meta(self) -> &'static RuleMeta {
                match self { $(Code::$code => &rule_meta::$code),* }
            }

            /// The rule's documentation file, both languages.
            pub fn doc(self) -> &'static str {
                match self {
                    $(Code::$code => include_str!(concat!("../docs/rules/", stringify!($code), ".md"))),*
                }
            }
        }

        #[allow(non_upper_case_globals)]
        mod rule_meta {
            use super::{Code, RuleMeta, Severity};
            $(pub const $code: RuleMeta = RuleMeta {
                code: Code::$code,
                name: $name,
                severity: Severity::$sev,
                fixable: $fix,
                summary: ($sv, $en),
            };)*
        }

        /// The registry, in the order of `Code::ALL`.
        pub const RULES: &[RuleMeta] = &[$(rule_meta::$code),*];
    };
}

rules! {
    AR001 "yaml-syntax" Error fix=false
        sv "YAML-texten kan inte läsas"
        en "the YAML cannot be parsed";
    AR002 "duplicate-key" Error fix=false
        sv "samma nyckel två gånger i en mappning"
        en "the same key twice in one mapping";
    AR003 "encoding" Error fix=false
        sv "filen är inte UTF-8"
        en "the file is not UTF-8";
    AR004 "unknown-template" Error fix=false
        sv "`mall`/`rapportar` väljer ingen känd mall"
        en "`mall`/`rapportar` select no known template";
    AR005 "resource-limit" Error fix=false
        sv "filen överskrider en gräns (storlek, djup, alias, dokument)"
        en "the file exceeds a limit (size, depth, aliases, documents)";
    AR006 "strategy-file" Error fix=false
        sv "strategifilen saknas, är ogiltig eller ligger utanför projektet"
        en "the strategy file is missing, invalid or outside the project";
    AR007 "unused-suppression" Warning fix=false
        sv "en `# aterrapport: ignore`-kommentar som inte undertryckte något"
        en "an `# aterrapport: ignore` comment that suppressed nothing";
    AR008 "unreadable-file" Error fix=false
        sv "filen kan inte läsas"
        en "the file cannot be read";
    AR009 "unplaced-word-content" Warning fix=false
        sv "innehåll i ett Word-dokument som inte kan placeras i mallen"
        en "content of a Word document that cannot be placed in the template";
    AR010 "word-without-strategy" Info fix=false
        sv "ett Word-dokument kontrolleras utan strategi, så målhänvisningarna kontrolleras inte"
        en "a Word document is checked without a strategy, so its goal references are not checked";
    AR101 "missing-section" Error fix=false
        sv "ett obligatoriskt avsnitt, fält eller en fråga saknas"
        en "a required section, field or question is missing";
    AR102 "unknown-key" Error fix=false
        sv "en nyckel som mallen inte har"
        en "a key the template does not have";
    AR103 "wrong-type" Error fix=true
        sv "fel sorts värde (t.ex. en lista eller ett tal där text ska stå)"
        en "the wrong kind of value (e.g. a list or number where text belongs)";
    AR104 "empty-text" Error fix=false
        sv "en obligatorisk text är tom"
        en "a required text is empty";
    AR201 "missing-answer" Error fix=false
        sv "en Ja/Nej-fråga saknar `svar`"
        en "a Ja/Nej question has no `svar`";
    AR202 "invalid-answer" Error fix=true
        sv "svaret är inte exakt `Ja` eller `Nej`"
        en "the answer is not exactly `Ja` or `Nej`";
    AR203 "missing-motivation" Warning fix=false
        sv "en Ja/Nej-fråga saknar `kommentar`"
        en "a Ja/Nej question has no `kommentar`";
    AR204 "missing-strategy-name" Error fix=false
        sv "`Ja` på fastställd strategi utan strategins namn"
        en "`Ja` to an established strategy without its name";
    AR301 "unknown-goal" Error fix=false
        sv "hänvisning till ett mål som strategin inte har"
        en "a reference to a goal the strategy does not define";
    AR302 "goal-text-mismatch" Warning fix=true
        sv "den citerade måltexten skiljer sig från strategins"
        en "the quoted goal text differs from the strategy's";
    AR303 "missing-goal-reference" Warning fix=false
        sv "en insats hänvisar inte till något mål"
        en "an insats references no goal";
    AR304 "unreferenced-goal" Info fix=false
        sv "ett mål som ingen insats hänvisar till"
        en "a goal that no insats references";
    AR305 "goal-list-disagrees" Error fix=false
        sv "`mal:` stämmer inte med målen i texten"
        en "`mal:` disagrees with the goals in the text";
    AR306 "invalid-goal-definition" Error fix=false
        sv "felaktigt definierade mål (dubbletter, fel nivå, decimaltal)"
        en "badly defined goals (duplicates, wrong level, float ids)";
    AR401 "missing-column" Error fix=false
        sv "en tabellrad saknar en obligatorisk kolumn"
        en "a table row lacks a required column";
    AR402 "unknown-column" Error fix=false
        sv "en radnyckel som inte är en kolumn i tabellen"
        en "a row key that is not a column of the table";
    AR403 "empty-cell" Error fix=false
        sv "en obligatorisk cell är tom"
        en "a required cell is empty";
    AR404 "empty-table" Warning fix=false
        sv "en tabell utan rader"
        en "a table with no rows";
    AR405 "duplicate-row" Warning fix=false
        sv "två rader med samma namn i en tabell"
        en "two rows with the same name in one table";
    AR406 "invalid-activity-type" Error fix=true
        sv "`typ` är inte analys, uppföljning eller utvärdering"
        en "`typ` is not analys, uppföljning or utvärdering";
    AR501 "non-nfc-text" Warning fix=true
        sv "text som inte är i Unicode NFC"
        en "text not in Unicode NFC";
    AR502 "lost-diacritics" Warning fix=true
        sv "å/ä/ö förlorade vid kopiering från PDF"
        en "å/ä/ö lost when copying from a PDF";
    AR503 "private-use-character" Warning fix=true
        sv "tecken från privat användningsområde (t.ex. Words symbolpunkt)"
        en "private-use characters (e.g. Word's Symbol bullet)";
    AR504 "placeholder-text" Error fix=false
        sv "kvarglömd platshållartext"
        en "leftover placeholder text";
    AR505 "invisible-characters" Warning fix=true
        sv "styrtecken, nollbreddstecken eller blanksteg i radslut"
        en "control characters, zero-width characters or trailing whitespace";
    AR601 "implausible-year" Warning fix=false
        sv "orimligt rapportår"
        en "implausible report year";
    AR602 "unknown-region" Warning fix=false
        sv "`region` är inte en av Sveriges 21 regioner"
        en "`region` is not one of Sweden's 21 regions";
}

impl Code {
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The entry of a rule named by its code (`AR302`, any case) or its name (`goal-text-mismatch`).
pub fn by_name_or_code(s: &str) -> Option<&'static RuleMeta> {
    RULES
        .iter()
        .find(|m| m.name == s || m.code.as_str().eq_ignore_ascii_case(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `docs/RULES.md`'s catalogue table lists exactly the declared rules, in order, with their
    /// names and default severities: the table is written by hand, so this keeps it honest.
    #[test]
    fn the_catalogue_table_matches_the_declaration() {
        let catalogue = include_str!("../docs/RULES.md");
        let rows: Vec<(String, String, String)> = catalogue
            .lines()
            .skip_while(|l| !l.starts_with("| code | name | default |"))
            .skip(2)
            .take_while(|l| l.starts_with("| AR"))
            .map(|l| {
                let cells: Vec<String> = l.split('|').map(|c| c.trim().to_string()).collect();
                (
                    cells.get(1).cloned().unwrap_or_default(),
                    cells.get(2).cloned().unwrap_or_default(),
                    cells.get(3).cloned().unwrap_or_default(),
                )
            })
            .collect();
        let declared: Vec<(String, String, String)> = RULES
            .iter()
            .map(|m| {
                (
                    m.code.as_str().to_string(),
                    m.name.to_string(),
                    m.severity.as_str().to_string(),
                )
            })
            .collect();
        assert_eq!(rows, declared);
    }

    #[test]
    fn every_code_has_its_own_entry() {
        for (i, code) in Code::ALL.iter().enumerate() {
            assert_eq!(code.meta().code, *code);
            assert_eq!(RULES.get(i).map(|m| m.code), Some(*code));
            assert_eq!(Code::parse(code.as_str()), Some(*code));
            assert_eq!(
                by_name_or_code(code.meta().name).map(|m| m.code),
                Some(*code)
            );
        }
    }
}
