//! The two languages of every message: Swedish (default) and English.

use clap::ValueEnum;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    /// Picks the message in this language. Both texts are written side by side at every call site
    /// so that no message exists in one language only.
    pub fn pick(self, sv: &str, en: &str) -> String {
        match self {
            Lang::Sv => sv.to_string(),
            Lang::En => en.to_string(),
        }
    }

    pub fn is_sv(self) -> bool {
        self == Lang::Sv
    }

    /// Quotes the template's own words as this language does: ”…” in Swedish, “…” in English.
    pub fn quote(self, text: &str) -> String {
        match self {
            Lang::Sv => format!("”{text}”"),
            Lang::En => format!("“{text}”"),
        }
    }

    /// A count and its noun, agreeing in number: `count(1, ("fil", "filer"), ("file", "files"))`
    /// is "1 fil", and with 2 "2 filer". Every count in a message is written with it.
    pub fn count(self, n: usize, sv: (&str, &str), en: (&str, &str)) -> String {
        let (one, many) = if self.is_sv() { sv } else { en };
        plural(n, one, many)
    }
}

/// A count and its noun in the form that agrees with it: `plural(1, "fil", "filer")` is "1 fil".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_in_number() {
        let files = |lang: Lang, n| lang.count(n, ("fil", "filer"), ("file", "files"));
        assert_eq!(files(Lang::Sv, 1), "1 fil");
        assert_eq!(files(Lang::Sv, 0), "0 filer");
        assert_eq!(files(Lang::En, 1), "1 file");
        assert_eq!(files(Lang::En, 2), "2 files");
    }
}
