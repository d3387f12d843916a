use serde_json::Value;

use super::resolve::is_core_float;
use super::*;
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Lang;

fn load_en(text: &str) -> (Document, Vec<Diagnostic>) {
    load(text, FileId::Report, Limits::default(), Lang::En)
}

#[test]
fn core_schema_keeps_swedish_answers_as_strings() {
    let (doc, diags) = load_en("a: Ja\nb: Nej\nc: yes\nd: true\ne: 2.10\nf: 7\ng: ~\nh: .inf\n");
    assert!(diags.is_empty());
    let v = doc.value.clone().unwrap_or_default();
    assert_eq!(v["a"], "Ja");
    assert_eq!(v["c"], "yes");
    assert_eq!(v["d"], true);
    assert_eq!(doc.span("/e").map(|s| s.kind), Some(NodeKind::Float));
    assert_eq!(doc.span("/h").map(|s| s.kind), Some(NodeKind::NonFinite));
    assert_eq!(v["f"], 7);
    assert!(v["g"].is_null());
}

#[test]
fn spans_are_bytes_and_block_scalars_start_at_indicator() {
    let text = "å: |\n  rad\nb: [x, y]\n";
    let (doc, _) = load_en(text);
    let s = doc.span("/å").copied().unwrap_or_else(|| panic!("no span"));
    assert_eq!(&text[s.value.start..s.value.end], "|\n  rad");
    assert_eq!(
        &text[s.key.unwrap_or_default().start..s.key.unwrap_or_default().end],
        "å"
    );
    let b = doc.span("/b").copied().unwrap_or_else(|| panic!("no span"));
    assert_eq!(&text[b.value.start..b.value.end], "[x, y]");
    let y = doc
        .span("/b/1")
        .copied()
        .unwrap_or_else(|| panic!("no span"));
    assert_eq!(&text[y.value.start..y.value.end], "y");
}

#[test]
fn duplicate_key_keeps_first_and_labels_both() {
    let (doc, diags) = load_en("a: 1\nb: 2\na: 3\n");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, Code::AR002);
    assert_eq!(diags[0].span, Span::new(10, 11));
    assert_eq!(diags[0].related[0].span, Span::new(0, 1));
    assert_eq!(doc.value.unwrap_or_default()["a"], 1);
}

#[test]
fn alias_bomb_stops_at_node_limit() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let (_, diags) = load_en(&text);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, Code::AR005);
}

#[test]
fn deep_nesting_is_a_limit_not_a_crash() {
    let text = "[".repeat(5000) + &"]".repeat(5000);
    let (_, diags) = load_en(&text);
    assert_eq!(diags[0].code, Code::AR005);
    let mut block = String::new();
    for i in 0..200 {
        block.push_str(&" ".repeat(i));
        block.push_str("k:\n");
    }
    let (_, diags) = load_en(&block);
    assert_eq!(diags[0].code, Code::AR005);
}

#[test]
fn second_document_is_a_limit() {
    let (_, diags) = load_en("---\na: 1\n---\nb: 2\n");
    assert_eq!(diags[0].code, Code::AR005);
    assert_eq!(diags[0].span.start, 9);
    let (_, diags) = load_en("---\na: 1\n...\n");
    assert!(diags.is_empty());
}

#[test]
fn complex_key_is_reported_and_skipped() {
    let (doc, diags) = load_en("? [a, b]\n: v\nc: 1\n");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, Code::AR103);
    let v = doc.value.unwrap_or_default();
    assert_eq!(v["c"], 1);
    assert_eq!(v.as_object().map(|m| m.len()), Some(1));
}

#[test]
fn floats_are_recognised() {
    for f in ["2.10", "2.0", "1e3", ".5", "-1.5"] {
        assert!(is_core_float(f.trim_start_matches('-')), "{f}");
    }
    for s in ["2", "1.2.3", "e3", ".", "1e"] {
        assert!(!is_core_float(s), "{s}");
    }
}

fn check(text: &str, pointer: &str, needle: &str) -> String {
    let (doc, _) = load(text, FileId::Report, Limits::default(), Lang::En);
    let value = doc
        .value
        .as_ref()
        .and_then(|v| v.pointer(pointer))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let node = doc
        .span(pointer)
        .copied()
        .unwrap_or_else(|| panic!("no span"));
    let at = value.find(needle).unwrap_or_else(|| panic!("needle"));
    let s = locate_in_scalar(text, &node, &value, at).unwrap_or_else(|| panic!("not aligned"));
    let e = locate_in_scalar(text, &node, &value, at + needle.len())
        .unwrap_or_else(|| panic!("not aligned"));
    text[s..e].to_string()
}

#[test]
fn aligns_every_style() {
    assert_eq!(
        check("a: |\n  rad ett\n  rad två TODO\n", "/a", "TODO"),
        "TODO"
    );
    assert_eq!(
        check("a: >-\n  rad ett\n  två TODO här\n", "/a", "TODO"),
        "TODO"
    );
    assert_eq!(check("a: rad ett\n  två TODO här\n", "/a", "TODO"), "TODO");
    assert_eq!(check("a: \"x\\ty\\\" TODO\"\n", "/a", "TODO"), "TODO");
    assert_eq!(check("a: 'it''s TODO'\n", "/a", "TODO"), "TODO");
    assert_eq!(
        check("a: |\n  ett\n\n  två ö TODO\n", "/a", "ö TODO"),
        "ö TODO"
    );
}

#[test]
fn anchors_inside_a_complex_key_can_be_used_later() {
    // The YAML test suite's X38W.
    let (doc, diags) = load_en("{ &a [a, &b b]: *b, *a : [c, *b, d]}\n");
    let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::AR103]);
    let v = doc.value.unwrap_or_default();
    assert_eq!(v["[\"a\",\"b\"]"], serde_json::json!(["c", "b", "d"]));
    // An anchor in a duplicate's (discarded) value, too.
    let (doc, diags) = load_en("a: 1\na: {x: &y [1, 2]}\nb: *y\n");
    assert_eq!(
        diags.iter().map(|d| d.code).collect::<Vec<_>>(),
        [Code::AR002]
    );
    assert_eq!(
        doc.value.unwrap_or_default()["b"],
        serde_json::json!([1, 2])
    );
}

#[test]
fn an_alias_bomb_inside_a_complex_key_stops_at_the_node_limit() {
    let mut text = String::from("? [&a0 [x, x, x, x, x, x, x, x, x, x]");
    for i in 1..12 {
        let p = i - 1;
        text.push_str(&format!(
            ", &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]"
        ));
    }
    text.push_str("]\n: v\n");
    let (_, diags) = load_en(&text);
    assert_eq!(diags.last().map(|d| d.code), Some(Code::AR005));
}

/// The AR001 of `text` in one language: (line:column, message, help).
fn syntax_error(text: &str, lang: Lang) -> (String, String, String) {
    let (_, diags) = load(text, FileId::Report, Limits::default(), lang);
    let d = diags
        .iter()
        .find(|d| d.code == Code::AR001)
        .unwrap_or_else(|| panic!("no AR001 for {text:?}: {diags:?}"));
    let before = text.get(..d.span.start).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (
        format!("{line}:{col}"),
        d.message.clone(),
        d.help.clone().unwrap_or_default(),
    )
}

/// Each kind of syntax error an author makes: its place, the message in Swedish and English, and
/// help (in both) that names the actual cause.
#[test]
fn syntax_errors_speak_both_languages_and_name_the_cause() {
    // (text, place, sv message, en message, sv help contains, en help contains)
    let cases: &[(&str, &str, &str, &str, &str, &str)] = &[
        (
            "a:\n  b: 1\n c: 2\n",
            "3:2",
            "förväntade en nyckel på den här platsen",
            "expected a key here",
            "raden är indragen 1 mellanslag, men `b` på rad 2 har 2 och `a` på rad 1 har 0",
            "the line is indented 1 space, but `b` on line 2 has 2 and `a` on line 1 has 0",
        ),
        (
            "a:\n  - x\n - y\n",
            "3:2",
            "förväntade en nyckel på den här platsen",
            "expected a key here",
            "men `- x` på rad 2 har 2",
            "but `- x` on line 2 has 2",
        ),
        (
            "a:\n  b: 1\n  - c\n",
            "3:5",
            "förväntade en nyckel på den här platsen",
            "expected a key here",
            "en listpunkt (`- `) kan inte stå bland nycklarna",
            "a list item (`- `) cannot stand among the keys",
        ),
        (
            "a:\n  - x\n  b: 1\n",
            "3:3",
            "förväntade en listpunkt (`- `) på den här raden",
            "expected a list item (`- `) on this line",
            "en nyckel kan inte stå bland listpunkterna (som `- x` på rad 2)",
            "a key cannot stand among the list items (such as `- x` on line 2)",
        ),
        (
            "text: Vi har: ett mål\n",
            "1:13",
            "ett kolon följt av mellanslag är inte tillåtet här",
            "a colon followed by a space is not allowed here",
            "texten innehåller `: ` och läses som en ny nyckel",
            "the text contains `: ` and is read as a new key",
        ),
        (
            "d: e\n c: 1\n",
            "2:3",
            "ett kolon följt av mellanslag är inte tillåtet här",
            "a colon followed by a space is not allowed here",
            "raden är indragen 1 mellanslag men `d` på rad 1 bara 0",
            "the line is indented 1 space but `d` on line 1 only 0",
        ),
        (
            "rader:\n  - namn: a\n     effekter: c\n",
            "3:14",
            "ett kolon följt av mellanslag är inte tillåtet här",
            "a colon followed by a space is not allowed here",
            "raden är indragen 5 mellanslag men `namn` på rad 2 bara 4, så den läses som en fortsättning på texten ovanför: är `effekter` en ny nyckel, börja den i samma kolumn som `namn`",
            "the line is indented 5 spaces but `namn` on line 2 only 4, so it is read as the text above going on: if `effekter` is a new key, start it in the same column as `namn`",
        ),
        (
            "text: \"Hon sa \"hej\" till mig\"\n",
            "1:16",
            "text efter det avslutande citattecknet",
            "text after the closing quote",
            "citattecknet \" som inleder värdet stängs redan efter ”Hon sa ”",
            "the quote \" that opens the value is already closed after “Hon sa ”",
        ),
        (
            "text: 'Det var bra' sa hon\n",
            "1:21",
            "text efter det avslutande citattecknet",
            "text after the closing quote",
            "stängs redan efter ”Det var bra”, men texten fortsätter: skriv texten som ett `|`-block, eller skriv ' inuti texten som `''`",
            "already closed after “Det var bra”, but the text goes on: write the text as a `|` block, or write ' inside the text as `''`",
        ),
        (
            "text: \"Hon sa hej\nb: 1\n",
            "1:7",
            "en text inom citattecken fortsätter på en rad med för litet indrag",
            "a quoted text continues on a line with too little indentation",
            "citattecknet \" på rad 1 stängs aldrig",
            "the quote \" on line 1 is never closed",
        ),
        (
            "text: 'abc\n  def\n",
            "1:7",
            "filen tar slut inuti en text inom citattecken",
            "the file ends inside a quoted text",
            "citattecknet ' på rad 1 stängs aldrig",
            "the quote ' on line 1 is never closed",
        ),
        (
            "a: \"x\\qy\"\n",
            "1:4",
            "en okänd kod efter `\\` inom \"…\"",
            "an unknown escape after `\\` inside \"…\"",
            "skriv `\\\\` för ett bakåtsnedstreck",
            "write `\\\\` for a backslash",
        ),
        (
            "a: [x, y\nb: 1\n",
            "2:2",
            "ett `:` på fel plats",
            "a `:` in the wrong place",
            "stäng den med `]` eller `}`",
            "close it with `]` or `}`",
        ),
        (
            "a: {x: 1\nb: 1\n",
            "2:2",
            "förväntade `,` eller `}`",
            "expected `,` or `}`",
            "stäng den med `]` eller `}`",
            "close it with `]` or `}`",
        ),
        (
            "a: @x\n",
            "1:4",
            "tecknet `@` kan inte inleda ett värde",
            "the character `@` cannot start a value",
            "specialtecken",
            "special character",
        ),
        (
            "a: *nope\n",
            "1:4",
            "aliaset hänvisar till ett ankare som inte finns",
            "the alias refers to an anchor that does not exist",
            "sätt text som börjar med `*` eller `&` inom citattecken",
            "put text that starts with `*` or `&` in quotes",
        ),
        (
            "a:\n\tb: 1\n",
            "2:1",
            "ett tabbtecken i indraget",
            "a tab in the indentation",
            "YAML tillåter inte tabbar som indrag",
            "YAML does not allow tabs for indentation",
        ),
        (
            "a: |\n    x\n  y\n",
            "3:3",
            "förväntade en nyckel på den här platsen",
            "expected a key here",
            "raden är indragen 2 mellanslag",
            "the line is indented 2 spaces",
        ),
        (
            "a: b\n%YAML 1.2\n",
            "2:1",
            "ett direktiv (`%`) utan slutmarkering (`...`) före",
            "a directive (`%`) without an end marker (`...`) before it",
            "en rapport behöver inga `%`-direktiv",
            "a report needs no `%` directives",
        ),
        (
            "a: |x\n  b\n",
            "1:4",
            "efter `|` eller `>` får bara en kommentar stå på raden",
            "only a comment may follow `|` or `>` on its line",
            "i ett `|`-block börjar texten på raden efter `|`",
            "in a `|` block the text starts on the line after `|`",
        ),
        (
            "a: &\n",
            "1:4",
            "`&` eller `*` ska följas av ett namn",
            "`&` or `*` must be followed by a name",
            "inom citattecken",
            "in quotes",
        ),
        (
            "a: !<x\n",
            "1:4",
            "en tagg `!<…>` utan avslutande `>`",
            "a tag `!<…>` without its closing `>`",
            "läses som en tagg",
            "is read as a tag",
        ),
    ];
    let mut wrong = Vec::new();
    for (text, place, sv, en, help_sv, help_en) in cases {
        let (at_sv, msg_sv, h_sv) = syntax_error(text, Lang::Sv);
        let (at_en, msg_en, h_en) = syntax_error(text, Lang::En);
        let right = at_sv == *place
            && at_en == *place
            && msg_sv == format!("YAML-syntaxfel: {sv}")
            && msg_en == format!("YAML syntax error: {en}")
            && h_sv.contains(help_sv)
            && h_en.contains(help_en);
        if !right {
            wrong.push(format!(
                "{text:?}: {at_sv} {msg_sv} | {h_sv}\n  {at_en} {msg_en} | {h_en}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Keys are escaped in pointers only where RFC 6901 needs it, and the span table uses the same
/// pointers.
#[test]
fn child_pointers_escape_tilde_and_slash_only() {
    assert_eq!(child_pointer("", "region"), "/region");
    assert_eq!(child_pointer("/a", "0"), "/a/0");
    assert_eq!(child_pointer("/a", "x/y~z"), "/a/x~1y~0z");
    let (doc, _) = load_en("\"x/y~z\": 1\nåäö: 2\n");
    assert!(doc.span("/x~1y~0z").is_some() && doc.span("/åäö").is_some());
}

/// `load_with` hands on the strings the document keeps as values, in document order: not keys,
/// numbers or answers resolved to other types, nor a duplicate key's value (read, then thrown
/// away) or anything inside one; an alias is not sent again.
#[test]
fn load_with_hands_on_the_value_strings_in_order() {
    let text = "\
region: Region Skåne
rapportar: 2020
lista:
  - ett
  - &a två
  - 3
  - *a
mal:
  text: |
    Ett hållbart län
  text: kastas
  svar: Ja
  dubbel: {a: b}
  dubbel: {c: inre}
";
    let mut seen = Vec::new();
    let (doc, diags) = load_with(
        text,
        FileId::Report,
        Limits::default(),
        Lang::En,
        &mut |s| seen.push(s.to_string()),
    );
    assert_eq!(diags.iter().filter(|d| d.code == Code::AR002).count(), 2);
    assert_eq!(
        seen,
        [
            "Region Skåne",
            "ett",
            "två",
            "Ett hållbart län\n",
            "Ja",
            "b"
        ]
    );
    // The document's own strings: the alias repeats "två", which `load_with` did not send again.
    let mut kept = Vec::new();
    let value = doc.value.unwrap_or_default();
    crate::rules::text::for_each_string(&value, "", &mut |_, s| kept.push(s.to_string()));
    assert_eq!(
        kept,
        [
            "Region Skåne",
            "ett",
            "två",
            "två",
            "Ett hållbart län\n",
            "Ja",
            "b"
        ]
    );
}

/// The span table is sized for the keys and block items a report has: enough for every node of
/// the example reports (so it does not grow), and not several times too many (it is written at
/// random, so every page of it is touched).
#[test]
fn the_span_table_is_sized_for_the_nodes() {
    for name in ["skane-2020.yaml", "exempel-2020.yaml"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (doc, _) = load_en(&text);
        let nodes = doc.spans.len();
        let expected = super::load::expected_nodes(&text);
        assert!(
            expected >= nodes && expected <= nodes * 5 / 4,
            "{name}: {nodes} nodes, sized for {expected}"
        );
    }
}

/// A walk that goes on from its last place finds every place where a walk from the top finds it:
/// every offset of scalars of each style (escapes, doubled quotes, folded and literal lines, é and
/// emoji), asked in order, backwards, and in a jumping order, and each answer then asked again.
#[test]
fn a_resumed_walk_finds_what_a_walk_from_the_top_finds() {
    let text = concat!(
        "plain: rad ett\n  rad två med é och 😀 här\n",
        "folded: >-\n  första raden\n  andra  raden\n\n  tredje efter tom rad\n",
        "literal: |\n  ett\n    indraget två\n  tre\n",
        "double: \"a\\tb \\u00e9 c\\x41 \\\n   fortsatt \\\"citat\\\" slut\"\n",
        "single: 'it''s ''quoted'' här'\n",
    );
    let (doc, _) = load(text, FileId::Report, Limits::default(), Lang::En);
    let mut compared = 0;
    for pointer in ["/plain", "/folded", "/literal", "/double", "/single"] {
        let value = doc
            .value
            .as_ref()
            .and_then(|v| v.pointer(pointer))
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no value at {pointer}"));
        let node = doc.span(pointer).unwrap_or_else(|| panic!("no span"));
        let offsets: Vec<usize> = (0..=value.len() + 1).collect();
        let backwards: Vec<usize> = offsets.iter().rev().copied().collect();
        let jumping: Vec<usize> = offsets.iter().map(|i| (i * 7) % offsets.len()).collect();
        for order in [&offsets, &backwards, &jumping] {
            let mut walk = ScalarWalk::new(text, node, value);
            for &at in order.iter() {
                let from_top = locate_in_scalar(text, node, value, at);
                assert_eq!(walk.locate(at), from_top, "{pointer} at {at}");
                assert_eq!(walk.locate(at), from_top, "{pointer} at {at}, again");
                compared += 1;
            }
        }
        // The walk finds the characters themselves.
        let t = value
            .rfind('t')
            .unwrap_or_else(|| panic!("no t in {pointer}"));
        let at = locate_in_scalar(text, node, value, t).unwrap_or_else(|| panic!("{pointer}"));
        // (A line's first character is found at its indentation, which callers skip.)
        let found = text.get(at..).map(str::trim_start);
        assert!(found.is_some_and(|f| f.starts_with('t')), "{pointer}");
    }
    assert!(compared > 300, "only {compared} places compared");
}

/// `lookup` finds what `Value::pointer` finds: every pointer of the Skåne report, each with its
/// last token changed into the forms `pointer` reads specially, and hand-made edge cases.
#[test]
fn lookup_finds_what_serde_json_finds() {
    let text = include_str!("../../examples/skane-2020.yaml");
    let (doc, _) = load_en(text);
    let value = doc.value.unwrap_or_default();
    let tricky: Value = serde_json::json!({
        "a/b": 1, "m~n": 2, "~1": 3, "": {"": 4}, "0": 5,
        "list": [10, 11, 12], "x": {"01": 6, "+1": 7, "1": 8}
    });
    let mut pointers: Vec<String> = doc.spans.keys().cloned().collect();
    pointers.sort();
    assert!(pointers.len() > 400, "only {} pointers", pointers.len());
    let mut variants = Vec::new();
    for p in &pointers {
        let parent = p.rsplit_once('/').map_or("", |(parent, _)| parent);
        for last in [
            "0",
            "00",
            "01",
            "+1",
            "-1",
            "1e0",
            "99999999999999999999",
            "",
            "~0",
            "~1",
        ] {
            variants.push(format!("{parent}/{last}"));
        }
        variants.push(format!("{p}/"));
        variants.push(p.trim_start_matches('/').to_string());
    }
    for p in pointers.iter().chain(&variants) {
        assert_eq!(lookup(&value, p), value.pointer(p), "{p}");
    }
    for p in [
        "", "/", "//", "/a~1b", "/a/b", "/m~0n", "/m~n", "/~01", "/~1", "/~0", "/0", "/list/0",
        "/list/2", "/list/3", "/list/01", "/list/+1", "/list/-0", "/x/01", "/x/+1", "/x/1", "list",
        "/list/0/", "/~", "/~2",
    ] {
        assert_eq!(lookup(&tricky, p), tricky.pointer(p), "{p}");
    }
}
