//! Quoted goal texts (AR302): where a quote after `<term> <id>:` ends, how it is compared with the
//! strategy's text (NFC, whitespace and case folded), and the finding when they differ, with a fix
//! when the text is another goal's or nearly the goal's own.

use super::{Cell, Goal, Strategy};
use crate::diagnostic::{Code, Diagnostic, Related};
use crate::rules::text::span_in_value;

/// End of a quoted goal text: before a `.`/`;` that is followed by whitespace and an upper-case
/// letter, before `limit`, or at the end; trailing whitespace, a final `.` and a dangling
/// conjunction are left out.
pub(super) fn sentence_end(text: &str, from: usize, limit: usize) -> usize {
    let end = sentence_stop(text, from, limit);
    let quote = text.get(from..end).unwrap_or_default();
    // What `s.to_lowercase().ends_with(word)` found, without lowering the whole quote: the only
    // characters that lower to a space or to these letters are themselves ASCII.
    from + trim_quote_end(quote, |s, word| {
        let cut = s.len().checked_sub(word.len())?;
        s.get(cut..)
            .filter(|tail| tail.eq_ignore_ascii_case(word))
            .and_then(|_| s.get(..cut))
    })
    .len()
}

/// `quote` without trailing whitespace, `.`/`;`/`,` and the dangling conjunctions " och",
/// " samt", " eller", as long as any is left; `drop_word(s, word)` is `s` without `word` at its
/// end, if it ends with it in any case.
fn trim_quote_end<'a>(
    quote: &'a str,
    drop_word: impl Fn(&'a str, &str) -> Option<&'a str>,
) -> &'a str {
    let mut s = quote.trim_end();
    loop {
        let before = s;
        s = s.trim_end_matches(['.', ';', ',']).trim_end();
        for word in [" och", " samt", " eller"] {
            if let Some(kept) = drop_word(s, word) {
                s = kept;
            }
        }
        s = s.trim_end();
        if s == before {
            return s;
        }
    }
}

/// Where the quoted sentence stops: before a `.`/`;` that is followed by whitespace and an
/// upper-case letter, before `limit`, or at the end of `text`.
fn sentence_stop(text: &str, from: usize, limit: usize) -> usize {
    let end = limit.min(text.len());
    for (i, c) in text.get(from..end).unwrap_or_default().char_indices() {
        let at = from + i;
        if c == '.' || c == ';' {
            let rest = text.get(at + 1..).unwrap_or_default();
            let trimmed = rest.trim_start();
            if trimmed.len() < rest.len() && trimmed.chars().next().is_some_and(char::is_uppercase)
            {
                return at;
            }
        }
    }
    end
}

/// NFC, whitespace folding, case folding, a final full stop dropped.
pub fn normalise(s: &str) -> String {
    let s = crate::rules::nfc(s);
    let mut joined = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(word);
    }
    let mut lower = joined.to_lowercase();
    let kept = lower.trim_end_matches('.').trim_end().len();
    lower.truncate(kept);
    lower
}

/// A goal text quoted after `<term> <id>:`, with the goal the id names. Spans are byte offsets
/// into the cell's text.
pub(super) struct Quoted<'a> {
    pub(super) term: &'a str,
    pub(super) goal: &'a Goal,
    pub(super) id_span: (usize, usize),
    pub(super) quote_span: (usize, usize),
}

/// AR302 when the quoted text is not the goal's.
pub(super) fn quote(
    strategy: Strategy<'_, '_>,
    cell: Cell<'_>,
    quoted: &Quoted<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let Strategy { cx, goals, .. } = strategy;
    let Cell { pointer, text } = cell;
    let Quoted {
        term,
        goal,
        id_span,
        quote_span,
    } = *quoted;
    let Some(quoted_text) = text.get(quote_span.0..quote_span.1) else {
        return;
    };
    let wanted = normalise(quoted_text);
    if strategy.goal_text_is(goal, &wanted) {
        return;
    }
    let lang = cx.lang;
    let Some((ref_span, file)) =
        span_in_value(cx, pointer, text, id_span.0.min(quote_span.0), quote_span.1)
    else {
        return;
    };
    let ref_start = text
        .get(..id_span.0)
        .and_then(|before| before.rfind(term))
        .unwrap_or(id_span.0);
    let ref_span =
        span_in_value(cx, pointer, text, ref_start, id_span.1).map_or(ref_span, |(s, _)| s);
    let mut d = Diagnostic::new(Code::AR302, ref_span)
        .file(file)
        .pointer(pointer)
        .message(lang.pick(
            &format!(
                "den citerade texten för {term} {} skiljer sig från strategins",
                goal.id
            ),
            &format!(
                "the quoted text of {term} {} differs from the strategy's",
                goal.id
            ),
        ));
    if let Some((qspan, _)) = span_in_value(cx, pointer, text, quote_span.0, quote_span.1) {
        d = d.related(Related::new(
            qspan,
            lang.pick("citerad text", "quoted text"),
        ));
    }
    let other = goals
        .iter()
        .find(|g| g.id != goal.id && strategy.goal_text_is(g, &wanted));
    if let Some(other) = other {
        // The text is another goal's: the number is what is wrong.
        d = d.help(lang.pick(
            &format!(
                "texten är {term} {}:s – menade du {term} {}?",
                other.id, other.id
            ),
            &format!(
                "the text is that of {term} {} – did you mean {term} {}?",
                other.id, other.id
            ),
        ));
        if let Some((id_src, _)) = span_in_value(cx, pointer, text, id_span.0, id_span.1) {
            d = d.fix(id_src, other.id.clone());
        }
    } else {
        let similar =
            strategy.with_normalised(goal, |text| strsim::jaro_winkler(&wanted, text) >= 0.85);
        d = d.help(lang.pick(
            &format!("strategins text för {term} {}: ”{}”", goal.id, goal.text),
            &format!("the strategy's text of {term} {}: “{}”", goal.id, goal.text),
        ));
        if similar
            && let Some((qspan, _)) = span_in_value(cx, pointer, text, quote_span.0, quote_span.1)
        {
            d = d.fix(qspan, goal.text.trim_end_matches('.').to_string());
        }
    }
    out.push(d);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `sentence_end`'s trimming as it was written first, lowering the whole quote for each
    /// conjunction.
    fn sentence_end_lowering(text: &str, from: usize, limit: usize) -> usize {
        let end = sentence_stop(text, from, limit);
        from + trim_quote_end(&text[from..end], |s, word| {
            s.to_lowercase()
                .ends_with(word)
                .then(|| &s[..s.len() - word.len()])
        })
        .len()
    }

    /// The dangling conjunction is dropped where lowering the whole quote dropped it: in any
    /// case, after å/ä/ö or the Kelvin sign (which lowers to an ASCII k), not inside a word, at
    /// every start and limit.
    #[test]
    fn sentence_end_drops_what_lowering_the_quote_dropped() {
        for text in [
            "Ökad tillgänglighet och",
            "Ökad tillgänglighet OCH.",
            "Ökad tillgänglighet Och ; samt, ",
            "Stärkt samverkan samt eller",
            "Fler företag ELLER",
            "lösningar i Skåne och ",
            "ökad tillväxt i hela Skåne, och",
            "Skåne\u{212a}och Skåne \u{212a}OCH",
            "tillväxt för alla. Nästa mening och",
            "Ökad export ochsamt, Åoch",
            "å och",
            " och",
            "och",
            "",
        ] {
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for &from in &bounds {
                for &limit in bounds.iter().filter(|&&l| l >= from) {
                    assert_eq!(
                        sentence_end(text, from, limit),
                        sentence_end_lowering(text, from, limit),
                        "{text:?} {from}..{limit}"
                    );
                }
            }
        }
    }

    /// `normalise` as it was first written: words collected and joined, the whole lowered, the
    /// end trimmed and copied.
    fn normalise_as_first_written(s: &str) -> String {
        let s = crate::rules::nfc(s);
        let s = s
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        s.trim_end_matches('.').trim_end().to_string()
    }

    #[test]
    fn normalise_gives_what_the_first_normalise_gave() {
        let texts = [
            "",
            " ",
            ".",
            " . . ",
            "Skåne  ska\nvara.",
            "Skåne ska vara . .",
            "  Ökad\u{a0}tillväxt\u{2003}i HELA Skåne..  ",
            "ΟΔΟΣ ΣΟΦΟΣ. Σ",
            "Ska\u{030a}ne\tär\r\nbäst\u{2028}.",
            "İstanbul KELVIN \u{212a}",
            "slut.\u{3000}",
        ];
        for text in texts {
            assert_eq!(
                normalise(text),
                normalise_as_first_written(text),
                "{text:?}"
            );
        }
        let strategy = include_str!("../../../examples/skane-2020.yaml");
        for line in strategy.lines() {
            assert_eq!(
                normalise(line),
                normalise_as_first_written(line),
                "{line:?}"
            );
        }
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalise("Skåne  ska\nvara."), normalise("skåne ska vara"));
        assert_eq!(normalise("Ska\u{030a}ne"), normalise("Skåne"));
    }
}
