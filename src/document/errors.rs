//! YAML syntax errors: the parser's message in the user's language and a help line for the cause.

use crate::i18n::Lang;

pub(super) fn next_char_end(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|s| s.chars().next())
        .map_or(offset, |c| offset + c.len_utf8())
}

/// A help line for the usual causes of a syntax error; may move `offset` to the real culprit
/// (a tab in indentation).
pub(super) fn syntax_help(text: &str, offset: &mut usize, info: &str, lang: Lang) -> String {
    let line_start = text
        .get(..*offset)
        .map_or(0, |s| s.rfind('\n').map_or(0, |i| i + 1));
    let line = text
        .get(line_start..)
        .map_or("", |s| s.split('\n').next().unwrap_or(""));
    if info.contains("tab") || line.trim_start_matches(' ').starts_with('\t') {
        if let Some(i) = line.find('\t') {
            *offset = line_start + i;
        }
        return lang.pick(
            "YAML tillåter inte tabbar som indrag: använd mellanslag (två per nivå)",
            "YAML does not allow tabs for indentation: use spaces (two per level)",
        );
    }
    if info.contains("mapping values are not allowed") {
        return lang.pick(
            "texten innehåller `: ` och läses som en ny nyckel: skriv texten som ett `|`-block eller sätt den inom citattecken",
            "the text contains `: ` and is read as a new key: write the text as a `|` block or put it in quotes",
        );
    }
    if info.contains("did not find expected key") || info.contains("block mapping") {
        return lang.pick(
            "kontrollera indraget: nycklar på samma nivå ska börja i samma kolumn",
            "check the indentation: keys on the same level must start in the same column",
        );
    }
    if info.contains("quote") || info.contains("quoted") {
        return lang.pick(
            "ett citattecken stängs inte: avsluta strängen eller skriv texten som ett `|`-block",
            "a quote is not closed: end the string or write the text as a `|` block",
        );
    }
    lang.pick(
        "prosa som innehåller `: `, ` #` eller börjar med ett specialtecken skrivs säkrast som ett `|`-block",
        "prose that contains `: `, ` #` or starts with a special character is safest as a `|` block",
    )
}

/// The parser's usual messages in Swedish; others are shown as the parser gives them.
pub(super) fn parser_message_sv(info: &str) -> String {
    let known: &[(&str, &str)] = &[
        (
            "mapping values are not allowed in this context",
            "ett kolon följt av mellanslag är inte tillåtet här",
        ),
        (
            "found character that cannot start any token",
            "ett tecken som inte kan inleda ett värde",
        ),
        (
            "did not find expected key",
            "förväntade en nyckel på den här platsen",
        ),
        (
            "did not find expected node content",
            "förväntade ett värde på den här platsen",
        ),
        (
            "found a tab character that violates indentation",
            "ett tabbtecken i indraget",
        ),
        (
            "found a tab character where an indentation space is expected",
            "ett tabbtecken där ett mellanslag för indrag väntas",
        ),
        ("invalid indentation", "felaktigt indrag"),
        (
            "did not find expected ',' or ']'",
            "förväntade `,` eller `]`",
        ),
        (
            "did not find expected ',' or '}'",
            "förväntade `,` eller `}`",
        ),
        (
            "found unexpected end of stream",
            "filen tar slut mitt i ett värde",
        ),
    ];
    known
        .iter()
        .find(|(en, _)| info.contains(en))
        .map_or_else(|| info.to_string(), |(_, sv)| (*sv).to_string())
}
