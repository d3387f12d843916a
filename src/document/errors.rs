//! YAML syntax errors (AR001): every kind of error the parser reports, in both languages, and a
//! help line for the actual cause, read from the text around the error (the indentation of the
//! lines above, where a quote opens and closes).

use crate::i18n::{Lang, plural};

pub(super) fn next_char_end(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|s| s.chars().next())
        .map_or(offset, |c| offset + c.len_utf8())
}

/// What an author did that the parser stumbled on; chooses the help.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cause {
    Tab,
    /// `: ` where the parser expected none: in prose, or a line read as the text above it goes on.
    Colon,
    Indentation,
    /// A quote closed before the end of the value.
    QuoteClosedEarly,
    /// A quote never closed.
    QuoteOpen,
    Escape,
    Flow,
    /// A value starting with a character YAML reserves.
    Special,
    Alias,
    Comment,
    Tag,
    Directive,
    BlockScalar,
    Other,
}

/// Every message of the parser (saphyr-parser), with ours in Swedish and English.
const KINDS: &[(&str, &str, &str, Cause)] = &[
    (
        "'-' must be followed by a valid YAML whitespace",
        "`-` ska följas av ett mellanslag",
        "`-` must be followed by a space",
        Cause::Special,
    ),
    (
        "':' may not precede any of `[{` in flow mapping",
        "`:` får inte stå direkt före `[` eller `{` inuti `{…}`",
        "`:` may not come right before `[` or `{` inside `{…}`",
        Cause::Flow,
    ),
    (
        "':' must be followed by a valid YAML whitespace",
        "`:` ska följas av ett mellanslag",
        "`:` must be followed by a space",
        Cause::Other,
    ),
    (
        "a block scalar content cannot start with a tab",
        "ett `|`-block får inte börja med en tabb",
        "a `|` block cannot start with a tab",
        Cause::Tab,
    ),
    (
        "a byte order mark must not appear inside a document",
        "ett osynligt BOM-tecken (U+FEFF) mitt i filen",
        "an invisible byte order mark (U+FEFF) inside the file",
        Cause::Other,
    ),
    (
        "block sequence entries are not allowed in this context",
        "en listpunkt (`- `) är inte tillåten här",
        "a list item (`- `) is not allowed here",
        Cause::Indentation,
    ),
    (
        "comment intercepting the multiline text",
        "en kommentar (`#`) mitt i en text över flera rader",
        "a comment (`#`) in the middle of a text over several lines",
        Cause::Comment,
    ),
    (
        "did not find expected <document start>",
        "förväntade början på ett dokument (`---`)",
        "expected the start of a document (`---`)",
        Cause::Other,
    ),
    (
        "did not find expected <document-start>",
        "förväntade början på ett dokument (`---`)",
        "expected the start of a document (`---`)",
        Cause::Other,
    ),
    (
        "did not find expected <stream-start>",
        "filen kan inte läsas som YAML från början",
        "the file cannot be read as YAML from its start",
        Cause::Other,
    ),
    (
        "did not find expected next token",
        "oväntat innehåll",
        "unexpected content",
        Cause::Other,
    ),
    (
        "duplicate version directive",
        "två `%YAML`-direktiv",
        "two `%YAML` directives",
        Cause::Directive,
    ),
    (
        "expected whitespace",
        "förväntade ett mellanslag",
        "expected a space",
        Cause::Other,
    ),
    (
        "found unprintable character",
        "ett styrtecken som inte kan visas",
        "a control character that cannot be shown",
        Cause::Other,
    ),
    (
        "illegal placement of ':' indicator",
        "ett `:` på fel plats",
        "a `:` in the wrong place",
        Cause::Flow,
    ),
    (
        "invalid content after document end marker",
        "innehåll efter dokumentets slutmarkering (`...`)",
        "content after the document end marker (`...`)",
        Cause::Directive,
    ),
    (
        "invalid global tag character",
        "ett ogiltigt tecken i en tagg (`!`)",
        "an invalid character in a tag (`!`)",
        Cause::Tag,
    ),
    (
        "invalid indentation for anchor",
        "felaktigt indrag för ett ankare (`&`)",
        "wrong indentation for an anchor (`&`)",
        Cause::Indentation,
    ),
    (
        "invalid indentation in flow construct",
        "felaktigt indrag inuti `[…]` eller `{…}`",
        "wrong indentation inside `[…]` or `{…}`",
        Cause::Flow,
    ),
    (
        "invalid indentation in quoted scalar",
        "en text inom citattecken fortsätter på en rad med för litet indrag",
        "a quoted text continues on a line with too little indentation",
        Cause::QuoteOpen,
    ),
    (
        "invalid indentation",
        "felaktigt indrag",
        "wrong indentation",
        Cause::Indentation,
    ),
    (
        "invalid trailing content after double-quoted scalar",
        "text efter det avslutande citattecknet",
        "text after the closing quote",
        Cause::QuoteClosedEarly,
    ),
    (
        "mapping keys are not allowed in this context",
        "en nyckel är inte tillåten här",
        "a key is not allowed here",
        Cause::Indentation,
    ),
    (
        "mapping values are not allowed in this context",
        "ett kolon följt av mellanslag är inte tillåtet här",
        "a colon followed by a space is not allowed here",
        Cause::Colon,
    ),
    (
        "misplaced bracket",
        "en hakparentes eller klammer på fel plats",
        "a bracket or brace in the wrong place",
        Cause::Flow,
    ),
    (
        "missing explicit document end marker before directive",
        "ett direktiv (`%`) utan slutmarkering (`...`) före",
        "a directive (`%`) without an end marker (`...`) before it",
        Cause::Directive,
    ),
    (
        "plain scalar cannot start with '-' followed by ,[]{}",
        "ett värde kan inte börja med `-` följt av `,`, `[`, `]`, `{` eller `}`",
        "a value cannot start with `-` followed by `,`, `[`, `]`, `{` or `}`",
        Cause::Special,
    ),
    (
        "simple key expect ':'",
        "en nyckel ska följas av `:` på samma rad",
        "a key must be followed by `:` on the same line",
        Cause::Other,
    ),
    (
        "simple key expected",
        "en nyckel ska följas av `:` på samma rad",
        "a key must be followed by `:` on the same line",
        Cause::Other,
    ),
    (
        "tab cannot be used as indentation",
        "ett tabbtecken i indraget",
        "a tab in the indentation",
        Cause::Tab,
    ),
    (
        "tabs disallowed in this context",
        "ett tabbtecken där det inte är tillåtet",
        "a tab where tabs are not allowed",
        Cause::Tab,
    ),
    (
        "tabs disallowed within this context (block indentation)",
        "ett tabbtecken i indraget",
        "a tab in the indentation",
        Cause::Tab,
    ),
    (
        "the TAG directive must only be given at most once per handle in the same document",
        "samma `%TAG`-direktiv två gånger",
        "the same `%TAG` directive twice",
        Cause::Directive,
    ),
    (
        "the handle wasn't declared",
        "taggens förkortning (`!x!`) är inte deklarerad",
        "the tag's handle (`!x!`) is not declared",
        Cause::Tag,
    ),
    (
        "unexpected end of plain scalar",
        "texten tar slut oväntat",
        "the text ends unexpectedly",
        Cause::Flow,
    ),
    (
        "unexpected eof",
        "filen tar slut mitt i ett värde",
        "the file ends in the middle of a value",
        Cause::Other,
    ),
    (
        "while parsing a block collection, did not find expected '-' indicator",
        "förväntade en listpunkt (`- `) på den här raden",
        "expected a list item (`- `) on this line",
        Cause::Indentation,
    ),
    (
        "while parsing a block mapping, did not find expected key",
        "förväntade en nyckel på den här platsen",
        "expected a key here",
        Cause::Indentation,
    ),
    (
        "while parsing a flow mapping, did not find expected ',' or '}'",
        "förväntade `,` eller `}`",
        "expected `,` or `}`",
        Cause::Flow,
    ),
    (
        "while parsing a flow sequence, expected ',' or ']'",
        "förväntade `,` eller `]`",
        "expected `,` or `]`",
        Cause::Flow,
    ),
    (
        "while parsing a node, did not find expected node content",
        "förväntade ett värde på den här platsen",
        "expected a value here",
        Cause::Special,
    ),
    (
        "while parsing a quoted scalar, did not find expected hexadecimal number",
        "en `\\x`-, `\\u`- eller `\\U`-kod utan giltiga hexadecimala siffror",
        "a `\\x`, `\\u` or `\\U` escape without valid hexadecimal digits",
        Cause::Escape,
    ),
    (
        "while parsing a quoted scalar, found invalid Unicode character escape code",
        "en `\\u`-kod som inte är ett giltigt tecken",
        "a `\\u` escape that is not a valid character",
        Cause::Escape,
    ),
    (
        "while parsing a quoted scalar, found unknown escape character",
        "en okänd kod efter `\\` inom \"…\"",
        "an unknown escape after `\\` inside \"…\"",
        Cause::Escape,
    ),
    (
        "while parsing a tag directive, did not find expected '!'",
        "ett `%TAG`-direktiv utan `!`",
        "a `%TAG` directive without `!`",
        Cause::Directive,
    ),
    (
        "while parsing a tag, did not find expected tag URI",
        "en tagg (`!`) utan namn",
        "a tag (`!`) without a name",
        Cause::Tag,
    ),
    (
        "while parsing a tag, found an incorrect leading UTF-8 byte",
        "en tagg (`!`) med en felaktig `%`-kod",
        "a tag (`!`) with a wrong `%` code",
        Cause::Tag,
    ),
    (
        "while parsing a tag, found an incorrect trailing UTF-8 byte",
        "en tagg (`!`) med en felaktig `%`-kod",
        "a tag (`!`) with a wrong `%` code",
        Cause::Tag,
    ),
    (
        "while parsing a tag, found an invalid UTF-8 codepoint",
        "en tagg (`!`) med en felaktig `%`-kod",
        "a tag (`!`) with a wrong `%` code",
        Cause::Tag,
    ),
    (
        "while parsing a tag, found an invalid escape sequence",
        "en tagg (`!`) med en felaktig `%`-kod",
        "a tag (`!`) with a wrong `%` code",
        Cause::Tag,
    ),
    (
        "while parsing node, found unknown anchor",
        "aliaset hänvisar till ett ankare som inte finns",
        "the alias refers to an anchor that does not exist",
        Cause::Alias,
    ),
    (
        "unknown alias",
        "aliaset hänvisar till ett ankare som inte finns",
        "the alias refers to an anchor that does not exist",
        Cause::Alias,
    ),
    (
        "while scanning TAG, did not find expected whitespace or line break",
        "ett `%TAG`-direktiv som inte följs av ett mellanslag",
        "a `%TAG` directive not followed by a space",
        Cause::Directive,
    ),
    (
        "while scanning a YAML directive, did not find expected digit or '.' character",
        "ett `%YAML`-direktiv med en ogiltig version",
        "a `%YAML` directive with an invalid version",
        Cause::Directive,
    ),
    (
        "while scanning a YAML directive, did not find expected version number",
        "ett `%YAML`-direktiv utan version",
        "a `%YAML` directive without a version",
        Cause::Directive,
    ),
    (
        "while scanning a YAML directive, found extremely long version number",
        "ett `%YAML`-direktiv med en för lång version",
        "a `%YAML` directive with too long a version",
        Cause::Directive,
    ),
    (
        "while scanning a block scalar, did not find expected comment or line break",
        "efter `|` eller `>` får bara en kommentar stå på raden",
        "only a comment may follow `|` or `>` on its line",
        Cause::BlockScalar,
    ),
    (
        "while scanning a block scalar, found an indentation indicator equal to 0",
        "indragsangivelsen efter `|` eller `>` får inte vara 0",
        "the indentation indicator after `|` or `>` cannot be 0",
        Cause::BlockScalar,
    ),
    (
        "while scanning a directive, could not find expected directive name",
        "ett direktiv (`%`) utan namn",
        "a directive (`%`) without a name",
        Cause::Directive,
    ),
    (
        "while scanning a directive, did not find expected comment or line break",
        "ett direktiv (`%`) följt av mer text på raden",
        "a directive (`%`) followed by more text on its line",
        Cause::Directive,
    ),
    (
        "while scanning a directive, found unexpected non-alphabetical character",
        "ett direktivnamn (`%`) med ett tecken som inte är en bokstav",
        "a directive name (`%`) with a character that is not a letter",
        Cause::Directive,
    ),
    (
        "while scanning a plain scalar, found a tab",
        "ett tabbtecken i ett värde där det inte är tillåtet",
        "a tab in a value where tabs are not allowed",
        Cause::Tab,
    ),
    (
        "while scanning a quoted scalar, found unexpected document indicator",
        "en rad med `---` eller `...` inuti en text inom citattecken",
        "a `---` or `...` line inside a quoted text",
        Cause::QuoteOpen,
    ),
    (
        "while scanning a quoted scalar, found unexpected end of stream",
        "filen tar slut inuti en text inom citattecken",
        "the file ends inside a quoted text",
        Cause::QuoteOpen,
    ),
    (
        "while scanning a tag, did not find expected '!'",
        "en tagg (`!`) som inte avslutas med `!`",
        "a tag (`!`) not ended by `!`",
        Cause::Tag,
    ),
    (
        "while scanning a tag, did not find expected whitespace or line break",
        "en tagg (`!`) som inte följs av ett mellanslag",
        "a tag (`!`) not followed by a space",
        Cause::Tag,
    ),
    (
        "while scanning a verbatim tag, did not find the expected '>'",
        "en tagg `!<…>` utan avslutande `>`",
        "a tag `!<…>` without its closing `>`",
        Cause::Tag,
    ),
    (
        "while scanning an anchor or alias, did not find expected alphabetic or numeric character",
        "`&` eller `*` ska följas av ett namn",
        "`&` or `*` must be followed by a name",
        Cause::Alias,
    ),
    (
        "wrongly indented line in block scalar",
        "en rad i ett `|`-block har mindre indrag än blockets första rad",
        "a line of a `|` block is indented less than the block's first line",
        Cause::BlockScalar,
    ),
    (
        "comments must be separated from other tokens by whitespace",
        "en kommentar (`#`) ska föregås av ett mellanslag",
        "a comment (`#`) must be preceded by a space",
        Cause::Comment,
    ),
];

/// The parser's `unexpected character: `@'` (the one message with a part that varies).
const UNEXPECTED_CHARACTER: &str = "unexpected character: `";

/// An AR001: the message, the help, and the place (moved to a tab in the indentation).
pub(super) struct SyntaxError {
    pub message: String,
    pub help: String,
    pub offset: usize,
}

/// The message and help of the parser's error `info` at `offset` in `text`.
pub(super) fn describe(text: &str, offset: usize, info: &str, lang: Lang) -> SyntaxError {
    let (what, cause) = message(info, lang);
    let line = Line::at(text, offset);
    let mut offset = offset;
    let cause = if cause == Cause::Tab || line.text.trim_start_matches(' ').starts_with('\t') {
        if let Some(i) = line.text.find('\t') {
            offset = line.start + i;
        }
        Cause::Tab
    } else {
        cause
    };
    SyntaxError {
        message: format!(
            "{}: {what}",
            lang.pick("YAML-syntaxfel", "YAML syntax error")
        ),
        help: help(text, offset, &line, cause, lang),
        offset,
    }
}

/// The parser's message in the user's language, and its cause.
fn message(info: &str, lang: Lang) -> (String, Cause) {
    if let Some(c) = info
        .strip_prefix(UNEXPECTED_CHARACTER)
        .and_then(|rest| rest.strip_suffix('\''))
    {
        return (
            lang.pick(
                &format!("tecknet `{c}` kan inte inleda ett värde"),
                &format!("the character `{c}` cannot start a value"),
            ),
            Cause::Special,
        );
    }
    match KINDS.iter().find(|(parser, ..)| *parser == info) {
        Some((_, sv, en, cause)) => (lang.pick(sv, en), *cause),
        // A message of a newer parser: said plainly, with its own words for the details.
        None => (
            lang.pick(
                &format!("filen kan inte läsas här ({info})"),
                &format!("the file cannot be read here ({info})"),
            ),
            Cause::Other,
        ),
    }
}

/// One line of the text.
struct Line<'a> {
    start: usize,
    /// 1-based.
    number: usize,
    text: &'a str,
}

impl<'a> Line<'a> {
    fn at(text: &'a str, offset: usize) -> Line<'a> {
        let before = text.get(..offset).unwrap_or(text);
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        Line {
            start,
            number: before.matches('\n').count() + 1,
            text: text
                .get(start..)
                .and_then(|s| s.split('\n').next())
                .unwrap_or("")
                .trim_end_matches('\r'),
        }
    }

    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start_matches(' ').len()
    }

    /// Blank lines and comments say nothing about the structure.
    fn counts(&self) -> bool {
        let t = self.text.trim();
        !t.is_empty() && !t.starts_with('#')
    }

    /// The key the line starts with, or how it starts (`- …`), for the help.
    fn label(&self) -> String {
        let t = self.text.trim();
        let head = match t.find(": ") {
            Some(i) => t.get(..i).unwrap_or(t),
            None => t.strip_suffix(':').unwrap_or(t),
        };
        let head: String = head.chars().take(30).collect();
        format!("`{head}`")
    }

    /// Where the line's key starts: after its `- ` list markers, if any.
    fn key_indent(&self) -> usize {
        let mut rest = self.text.trim_start_matches(' ');
        while let Some(r) = rest.strip_prefix("- ") {
            rest = r.trim_start_matches(' ');
        }
        self.text.len() - rest.len()
    }

    /// The key of the line, without its `- ` list markers.
    fn key_label(&self) -> String {
        let key = Line {
            start: self.start,
            number: self.number,
            text: self.text.get(self.key_indent()..).unwrap_or(""),
        };
        key.label()
    }

    fn is_item(&self) -> bool {
        let t = self.text.trim_start_matches(' ');
        t == "-" || t.starts_with("- ")
    }

    /// The lines above, nearest first, that count.
    fn above(&self, text: &'a str) -> impl Iterator<Item = Line<'a>> {
        let head = text.get(..self.start).unwrap_or("");
        let head = head.strip_suffix('\n').unwrap_or(head);
        let mut end = head.len();
        let mut number = self.number;
        std::iter::from_fn(move || {
            if number <= 1 {
                return None;
            }
            let part = head.get(..end)?;
            let start = part.rfind('\n').map_or(0, |i| i + 1);
            number -= 1;
            let line = Line {
                start,
                number,
                text: part.get(start..)?.trim_end_matches('\r'),
            };
            end = start.saturating_sub(1);
            Some(line)
        })
        .filter(Line::counts)
    }
}

fn spaces(lang: Lang, n: usize) -> String {
    lang.pick(
        &plural(n, "mellanslag", "mellanslag"),
        &plural(n, "space", "spaces"),
    )
}

fn help(text: &str, offset: usize, line: &Line, cause: Cause, lang: Lang) -> String {
    match cause {
        Cause::Tab => lang.pick(
            "YAML tillåter inte tabbar som indrag: använd mellanslag (två per nivå)",
            "YAML does not allow tabs for indentation: use spaces (two per level)",
        ),
        Cause::Colon => colon_help(text, offset, line, lang),
        Cause::Indentation => indentation_help(text, line, lang),
        Cause::QuoteClosedEarly => quote_closed_early_help(offset, line, lang),
        Cause::QuoteOpen => quote_open_help(text, offset, line, lang),
        Cause::Escape => lang.pick(
            "inom \"…\" inleder `\\` en kod (`\\n`, `\\\"`): skriv `\\\\` för ett bakåtsnedstreck, eller sätt texten inom '…' eller i ett `|`-block",
            "inside \"…\" a `\\` starts an escape (`\\n`, `\\\"`): write `\\\\` for a backslash, or put the text in '…' or a `|` block",
        ),
        Cause::Flow => lang.pick(
            "ett värde som börjar med `[` eller `{` läses som en lista eller mappning på en rad: stäng den med `]` eller `}`, eller sätt texten inom citattecken",
            "a value that starts with `[` or `{` is read as a list or mapping on one line: close it with `]` or `}`, or put the text in quotes",
        ),
        Cause::Alias => lang.pick(
            "ett värde som börjar med `*` hänvisar till ett ankare (`&namn`) ovanför: sätt text som börjar med `*` eller `&` inom citattecken",
            "a value that starts with `*` refers to an anchor (`&name`) above: put text that starts with `*` or `&` in quotes",
        ),
        Cause::Comment => lang.pick(
            "` #` inleder en kommentar: skriv texten som ett `|`-block eller sätt den inom citattecken",
            "` #` starts a comment: write the text as a `|` block or put it in quotes",
        ),
        Cause::Tag => lang.pick(
            "ett värde som börjar med `!` läses som en tagg: sätt texten inom citattecken",
            "a value that starts with `!` is read as a tag: put the text in quotes",
        ),
        Cause::Directive => lang.pick(
            "en rapport behöver inga `%`-direktiv eller `...`: ta bort raden, eller sätt text som börjar med `%` inom citattecken",
            "a report needs no `%` directives or `...`: remove the line, or put text that starts with `%` in quotes",
        ),
        Cause::BlockScalar => lang.pick(
            "i ett `|`-block börjar texten på raden efter `|`, och varje rad är indragen minst lika mycket som den första",
            "in a `|` block the text starts on the line after `|`, and every line is indented at least as much as the first",
        ),
        Cause::Special | Cause::Other => lang.pick(
            "prosa som innehåller `: `, ` #` eller börjar med ett specialtecken skrivs säkrast som ett `|`-block",
            "prose that contains `: `, ` #` or starts with a special character is safest as a `|` block",
        ),
    }
}

/// `: ` in prose on the key's own line; or, when the `: ` is the line's first, a line read as the
/// text above it going on because it is indented deeper than the key above.
fn colon_help(text: &str, offset: usize, line: &Line, lang: Lang) -> String {
    let prose = lang.pick(
        "texten innehåller `: ` och läses som en ny nyckel: skriv texten som ett `|`-block eller sätt den inom citattecken",
        "the text contains `: ` and is read as a new key: write the text as a `|` block or put it in quotes",
    );
    let first_colon = line.text.find(": ").map(|i| line.start + i);
    let Some(above) = line.above(text).next() else {
        return prose;
    };
    let (n, p) = (line.indent(), above.key_indent());
    if first_colon != Some(offset) || p >= n {
        return prose;
    }
    lang.pick(
        &format!(
            "raden är indragen {} men {} på rad {} bara {}, så den läses som en fortsättning på texten ovanför: är {} en ny nyckel, börja den i samma kolumn som {}; är det text, skriv texten som ett `|`-block",
            spaces(lang, n),
            above.key_label(),
            above.number,
            p,
            line.label(),
            above.key_label()
        ),
        &format!(
            "the line is indented {} but {} on line {} only {}, so it is read as the text above going on: if {} is a new key, start it in the same column as {}; if it is text, write the text as a `|` block",
            spaces(lang, n),
            above.key_label(),
            above.number,
            p,
            line.label(),
            above.key_label()
        ),
    )
}

/// The line's indentation compared with the lines above it.
fn indentation_help(text: &str, line: &Line, lang: Lang) -> String {
    let n = line.indent();
    let Some(above) = line.above(text).next() else {
        return lang.pick(
            "kontrollera indraget: nycklar på samma nivå ska börja i samma kolumn",
            "check the indentation: keys on the same level must start in the same column",
        );
    };
    let p = above.indent();
    if n == p && line.is_item() != above.is_item() {
        return if line.is_item() {
            lang.pick(
                &format!(
                    "en listpunkt (`- `) kan inte stå bland nycklarna: dra in den under den nyckel den hör till (mer än {} på rad {})",
                    above.label(),
                    above.number
                ),
                &format!(
                    "a list item (`- `) cannot stand among the keys: indent it under the key it belongs to (deeper than {} on line {})",
                    above.label(),
                    above.number
                ),
            )
        } else {
            lang.pick(
                &format!(
                    "en nyckel kan inte stå bland listpunkterna (som {} på rad {}): dra in den under sin listpunkt eller ta bort indraget till sin nyckels nivå",
                    above.label(),
                    above.number
                ),
                &format!(
                    "a key cannot stand among the list items (such as {} on line {}): indent it under its item or outdent it to its key's level",
                    above.label(),
                    above.number
                ),
            )
        };
    }
    let parent = line.above(text).find(|l| l.indent() < n);
    let parent_sv = parent
        .as_ref()
        .filter(|l| l.indent() != p)
        .map(|l| format!(" och {} på rad {} har {}", l.label(), l.number, l.indent()))
        .unwrap_or_default();
    let parent_en = parent
        .as_ref()
        .filter(|l| l.indent() != p)
        .map(|l| format!(" and {} on line {} has {}", l.label(), l.number, l.indent()))
        .unwrap_or_default();
    lang.pick(
        &format!(
            "raden är indragen {}, men {} på rad {} har {}{parent_sv}: nycklar på samma nivå börjar i samma kolumn, liksom punkterna i en lista",
            spaces(lang, n),
            above.label(),
            above.number,
            p
        ),
        &format!(
            "the line is indented {}, but {} on line {} has {}{parent_en}: keys on the same level start in the same column, as do the items of a list",
            spaces(lang, n),
            above.label(),
            above.number,
            p
        ),
    )
}

/// The quote that opens the value is closed before the value ends (`"Hon sa "hej" till mig"`).
fn quote_closed_early_help(offset: usize, line: &Line, lang: Lang) -> String {
    let end = offset.saturating_sub(line.start);
    let head = line.text.get(..end).unwrap_or(line.text);
    let open = head.char_indices().find(|(_, c)| matches!(c, '"' | '\''));
    let close = open.and_then(|(open, quote)| closing_quote(line.text, open, quote));
    let (Some((open, quote)), Some(close)) = (open, close) else {
        return lang.pick(
            "ett citattecken stängs före värdets slut: skriv texten som ett `|`-block",
            "a quote is closed before the end of the value: write the text as a `|` block",
        );
    };
    let quoted = line.text.get(open + 1..close).unwrap_or("");
    let quoted: String = quoted.chars().take(40).collect();
    let inner = if quote == '"' { "\\\"" } else { "''" };
    lang.pick(
        &format!(
            "citattecknet {quote} som inleder värdet stängs redan efter ”{quoted}”, men texten fortsätter: skriv texten som ett `|`-block, eller skriv {quote} inuti texten som `{inner}`"
        ),
        &format!(
            "the quote {quote} that opens the value is already closed after “{quoted}”, but the text goes on: write the text as a `|` block, or write {quote} inside the text as `{inner}`"
        ),
    )
}

/// Where the quoted text opened at `open` closes: `"` not escaped by `\`, `'` not doubled.
fn closing_quote(text: &str, open: usize, quote: char) -> Option<usize> {
    let mut chars = text.get(open + 1..)?.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
                continue;
            }
            return Some(open + 1 + i);
        }
    }
    None
}

/// A quote that is never closed: the rest of the file is read as its text.
fn quote_open_help(text: &str, offset: usize, line: &Line, lang: Lang) -> String {
    match text.get(offset..).and_then(|s| s.chars().next()) {
        Some(quote @ ('"' | '\'')) => lang.pick(
            &format!(
                "citattecknet {quote} på rad {} stängs aldrig: avsluta texten med {quote}, eller skriv den som ett `|`-block",
                line.number
            ),
            &format!(
                "the quote {quote} on line {} is never closed: end the text with {quote}, or write it as a `|` block",
                line.number
            ),
        ),
        _ => lang.pick(
            "ett citattecken stängs aldrig: avsluta texten med samma citattecken, eller skriv den som ett `|`-block",
            "a quote is never closed: end the text with the same quote, or write it as a `|` block",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message the parser has is translated, differently from the parser's English, in both
    /// languages.
    #[test]
    fn every_parser_message_has_both_languages() {
        for (parser, sv, en, _) in KINDS {
            let (got_sv, _) = message(parser, Lang::Sv);
            let (got_en, _) = message(parser, Lang::En);
            assert_eq!((&got_sv[..], &got_en[..]), (*sv, *en));
            assert_ne!(got_en, *parser);
            assert_ne!(got_sv, got_en, "{parser}");
        }
        let (sv, cause) = message("unexpected character: `@'", Lang::Sv);
        assert_eq!(sv, "tecknet `@` kan inte inleda ett värde");
        assert_eq!(cause, Cause::Special);
        let (en, _) = message("unexpected character: `@'", Lang::En);
        assert_eq!(en, "the character `@` cannot start a value");
    }
}
