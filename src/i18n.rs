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
}
