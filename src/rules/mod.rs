//! The rules. Every fact about a rule (code, name, severity, fix, summaries, documentation) is
//! declared once in `crate::codes`; the checks live with their family (`metadata`, `goals`,
//! `tables`, `text`), the template's structure in `schema` (AR1xx–AR4xx), and the loader's findings
//! (AR001–AR006) in `document`.

use std::panic::AssertUnwindSafe;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::diagnostic::{Code, Diagnostic};

pub use crate::context::Context;

mod diacritic_context;
pub mod diacritics;
pub mod goals;
pub mod metadata;
pub mod schema;
mod schema_words;
pub mod tables;
pub mod text;
mod word_table;

/// A rule family: appends its findings on `cx` to the vector.
pub type Family = fn(&Context<'_>, &mut Vec<Diagnostic>);

/// The rule families that run on a loaded, validated report, in order. Each appends its findings.
pub const FAMILIES: &[Family] = &[
    metadata::check,
    goals::check,
    tables::check,
    text::check,
    text::check_diacritics,
];

/// With two threads (`check`), the second runs the families from this index on: the text rules,
/// which read every string (AR502, the last, about half of all the work). The first runs the ones
/// before it, then shares AR502's search.
const SECOND_THREAD_FROM: usize = 3;

pub use crate::codes::{RULES, RuleMeta, by_name_or_code};

/// How `check` may use a second core.
pub enum Threads {
    /// Every rule on the calling thread.
    One,
    /// The text rules on a second thread, with what `text::EarlyWords` learned while the report
    /// was read, if it was started.
    Two(Option<text::EarlyLearned>),
}

/// Checks `cx` against its template (`schema`), then runs every family of `FAMILIES`; the findings
/// come in that order. With `Threads::Two`, the text families (`SECOND_THREAD_FROM` on) are
/// started first on a second thread, and this thread joins AR502's search once the other families
/// are done (learning the report's words itself if the helper has not begun to); the findings are
/// the same, in the same order.
pub fn check(cx: &Context<'_>, threads: Threads) -> Vec<Diagnostic> {
    let here = |families: &[Family]| {
        let mut found = schema::check(cx);
        for family in families {
            family(cx, &mut found);
        }
        found
    };
    let early = match threads {
        Threads::One => return here(FAMILIES),
        Threads::Two(early) => early,
    };
    let (mine, theirs) = FAMILIES.split_at(SECOND_THREAD_FROM.min(FAMILIES.len()));
    let Some((last, text_rules)) = theirs.split_last() else {
        return here(FAMILIES);
    };
    debug_assert!(std::ptr::fn_addr_eq(
        *last,
        text::check_diacritics as Family
    ));
    let shared = text::Diacritics::new(early);
    // The second thread's findings before AR502's; set only if it got through them all.
    let theirs_found = OnceLock::new();
    // Whether the helper began its part: without a helper thread, this thread searches all of
    // AR502 itself (below), and only the other text families are left to run.
    let helper_began = AtomicBool::new(false);
    let mut found = crate::helper::beside(
        || {
            helper_began.store(true, Ordering::Relaxed);
            // Caught here, so that a panic (its message printed) leaves `theirs_found` empty:
            // the families then run below.
            let _ = std::panic::catch_unwind(AssertUnwindSafe(|| {
                #[cfg(test)]
                panic_if_asked(cx);
                let mut found = Vec::new();
                for family in text_rules {
                    family(cx, &mut found);
                }
                shared.learn(cx);
                shared.search(cx);
                let _ = theirs_found.set(found);
            }));
        },
        || {
            let found = here(mine);
            // Whatever strings AR502 has not searched yet, this thread shares now that it is free:
            // it learns the report's words itself if the helper has not begun to (it is still in
            // the other text rules), or waits for the helper that is learning them.
            shared.learn(cx);
            shared.search(cx);
            found
        },
    );
    // `beside` has waited for the helper's part, so what it set is final.
    match theirs_found.into_inner() {
        Some(text_found) => {
            found.extend(text_found);
            shared.finish(&mut found);
        }
        None if !helper_began.load(Ordering::Relaxed) => {
            // There is no helper thread: this thread has learned and searched every string.
            for family in text_rules {
                family(cx, &mut found);
            }
            shared.finish(&mut found);
        }
        None => {
            // The helper's part failed, perhaps in the middle of a string: its families run
            // here, afresh.
            for family in theirs {
                family(cx, &mut found);
            }
        }
    }
    found
}

/// The report name (`SourceFile::display`) for which the helper's half of `check` panics, and
/// how often it has (tests only: the families must then run on the calling thread).
#[cfg(test)]
pub(crate) const PANIC_IN_HELPER: &str = "panic-in-helper.yaml";
#[cfg(test)]
pub(crate) static HELPER_PANICS: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(0);

#[cfg(test)]
fn panic_if_asked(cx: &Context<'_>) {
    if cx.source.display == PANIC_IN_HELPER {
        HELPER_PANICS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        panic!("a panic asked for by the test");
    }
}

/// `s` in Unicode NFC, borrowed when it is so already: most report text is, and the quick check
/// costs a fraction of recomposing it (the names of a table's rows: 8,000 instructions each).
pub(crate) fn nfc(s: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s.into()
    } else {
        s.nfc().collect::<String>().into()
    }
}

/// The rule's documentation in one language: its title line and that language's section.
pub fn explain_text(code: Code, lang: crate::i18n::Lang) -> String {
    let doc = code.doc();
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

/// The registry entry of a code.
pub fn meta(code: Code) -> &'static RuleMeta {
    code.meta()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Text in NFC is borrowed as it is; decomposed å is composed.
    #[test]
    fn nfc_composes_and_borrows_what_is_composed() {
        assert!(matches!(
            super::nfc("Skåne"),
            std::borrow::Cow::Borrowed("Skåne")
        ));
        let composed = super::nfc("Ska\u{30a}ne");
        assert!(matches!(composed, std::borrow::Cow::Owned(_)));
        assert_eq!(composed, "Skåne");
    }

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
            let doc = m.code.doc();
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
