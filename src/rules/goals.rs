//! Goal references (AR301–AR306), the heart of aterrapport. The strategy names its goals with one
//! or more terms (`malbegrepp`: "visionsmål", "målområde", "prioriterat utvecklingsområde", …);
//! every word of a term is matched in its inflected forms, generated from its ending, so a region
//! with another vocabulary needs no code. References are read only in cells the template marks
//! `x-malreferens`, by the rules of RULES.md ("Decisions on edge cases").

use std::collections::{BTreeSet, HashMap, HashSet};

use regex::Regex;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use super::Context;
use super::text::span_in_value;
use crate::context::truncate;
use crate::diagnostic::{Code, Diagnostic, Related};
use crate::document::child_pointer;
use crate::source::Span;
use crate::template::walk_described;

/// One goal of the strategy, at any level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Goal {
    pub id: String,
    pub text: String,
    /// `/strategi/mal/1/delmal/0`
    pub pointer: String,
    pub parent: Option<String>,
}

/// The goals of `strategi.mal`, depth first. Integer ids are read as their decimal string, a float
/// id (AR306, from the schema) as it is written in the source, so references to it still resolve.
pub fn goals(cx: &Context<'_>) -> Vec<Goal> {
    let mut out = Vec::new();
    if let Some(list) = cx.value.pointer("/strategi/mal").and_then(Value::as_array) {
        collect(cx, list, "/strategi/mal", None, &mut out);
    }
    out
}

fn collect(
    cx: &Context<'_>,
    list: &[Value],
    pointer: &str,
    parent: Option<&str>,
    out: &mut Vec<Goal>,
) {
    for (i, goal) in list.iter().enumerate() {
        let here = child_pointer(pointer, &i.to_string());
        let id = match goal.get("id") {
            Some(Value::Number(n)) if n.is_f64() => {
                let id_pointer = child_pointer(&here, "id");
                cx.doc
                    .span(&id_pointer)
                    .map(|s| cx.source_of(s.file).slice(s.value).trim().to_string())
            }
            Some(v) => id_string(v),
            None => None,
        };
        let Some(id) = id else { continue };
        let text = goal
            .get("text")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        out.push(Goal {
            id: id.clone(),
            text,
            pointer: here.clone(),
            parent: parent.map(String::from),
        });
        if let Some(children) = goal.get("delmal").and_then(Value::as_array) {
            collect(
                cx,
                children,
                &child_pointer(&here, "delmal"),
                Some(&id),
                out,
            );
        }
    }
}

pub fn id_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

/// The terms of `malbegrepp`: one string or a list.
pub fn terms(value: &Value) -> Vec<String> {
    match value.pointer("/strategi/malbegrepp") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
    .filter(|t| !t.is_empty())
    .collect()
}

/// Finds term occurrences in text.
#[derive(Clone)]
pub struct Matcher {
    term: Regex,
    samtliga: Regex,
}

/// Inflected forms of the head noun of a term, from its ending: område/området/områden/områdena,
/// mål/målet/målen, prioritering/prioriteringen/prioriteringar/prioriteringarna, strategi/strategin/
/// strategier/strategierna. Over-generating is harmless: a form only counts when an id follows.
fn noun_forms(word: &str) -> Vec<String> {
    let vowel_end = word
        .chars()
        .last()
        .is_some_and(|c| "aeiouyåäö".contains(c.to_lowercase().next().unwrap_or(c)));
    let suffixes: &[&str] = if vowel_end {
        &[
            "", "n", "t", "na", "r", "rna", "er", "erna", "ns", "ts", "nas",
        ]
    } else {
        &[
            "", "en", "et", "ar", "arna", "er", "erna", "na", "ens", "ets", "s",
        ]
    };
    suffixes.iter().map(|s| format!("{word}{s}")).collect()
}

/// Forms of a word before the head noun (an adjective): prioriterat/prioriterade/prioriterad,
/// regional/regionalt/regionala.
fn adjective_forms(word: &str) -> Vec<String> {
    let lower = word.to_lowercase();
    let stem = ["de", "da", "t", "e", "a", "d"]
        .iter()
        .find_map(|s| lower.strip_suffix(s).filter(|st| st.chars().count() >= 3))
        .unwrap_or(&lower)
        .to_string();
    ["", "t", "e", "a", "de", "da", "d"]
        .iter()
        .map(|s| format!("{stem}{s}"))
        .collect()
}

fn term_pattern(term: &str) -> String {
    let words: Vec<&str> = term.split_whitespace().collect();
    let parts: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let mut forms = if i + 1 == words.len() {
                noun_forms(w)
            } else {
                adjective_forms(w)
            };
            // Longest first, so the alternation prefers "målområdena" to "målområde".
            forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
            forms.dedup();
            format!(
                "(?:{})",
                forms
                    .iter()
                    .map(|f| regex::escape(f))
                    .collect::<Vec<_>>()
                    .join("|")
            )
        })
        .collect();
    parts.join(r"\s+")
}

impl Matcher {
    pub fn new(terms: &[String]) -> Option<Matcher> {
        if terms.is_empty() {
            return None;
        }
        // Longer terms first so "prioriterat utvecklingsområde" wins over "utvecklingsområde".
        let mut sorted: Vec<&String> = terms.iter().collect();
        sorted.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let alternatives = sorted
            .iter()
            .map(|t| term_pattern(t))
            .collect::<Vec<_>>()
            .join("|");
        let term = Regex::new(&format!(r"(?i)\b(?:{alternatives})\b")).ok()?;
        let samtliga = Regex::new(&format!(r"(?i)\bsamtliga\s+(?:{alternatives})\b")).ok()?;
        Some(Matcher { term, samtliga })
    }

    /// `new`, remembered per list of terms: reports of one region, or of many regions using the
    /// same words, share compiled patterns instead of compiling them for every file. A few
    /// distinct vocabularies are kept; hostile input cannot make the cache grow without bound.
    pub fn cached(terms: &[String]) -> Option<Matcher> {
        use std::collections::HashMap;
        use std::sync::{Mutex, OnceLock};
        const KEPT: usize = 64;
        static CACHE: OnceLock<Mutex<HashMap<Vec<String>, Matcher>>> = OnceLock::new();
        let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
        if let Some(m) = cache.lock().ok().and_then(|c| c.get(terms).cloned()) {
            return Some(m);
        }
        let m = Matcher::new(terms)?;
        if let Ok(mut c) = cache.lock()
            && c.len() < KEPT
        {
            c.insert(terms.to_vec(), m.clone());
        }
        Some(m)
    }
}

/// One reference in a cell. Offsets are bytes into the cell's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub start: usize,
    pub end: usize,
    /// "samtliga <term>": every goal.
    pub all: bool,
    /// The ids with their own offsets.
    pub ids: Vec<(String, usize, usize)>,
    /// The quoted goal text after `<term> <id>:` (single id only).
    pub quote: Option<(usize, usize)>,
}

impl Reference {
    pub fn term_text<'a>(&self, text: &'a str) -> &'a str {
        let first_id = self.ids.first().map_or(self.end, |(_, s, _)| *s);
        text.get(self.start..first_id).unwrap_or("").trim_end()
    }
}

/// Parses one id (`2`, `2.1`, `10.3.2`) at the start of `s`; returns its length.
fn parse_id(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    if i == 0 {
        return None;
    }
    while b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    // "2a" or "2020-talet" is not an id.
    if s[i..].chars().next().is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    Some(i)
}

enum Sep {
    List,
    Range,
}

/// A separator between ids: `,`, `och`, `samt`, `eller`, or a range dash; returns its length.
fn parse_sep(s: &str) -> Option<(Sep, usize)> {
    let trimmed = s.trim_start();
    let ws = s.len() - trimmed.len();
    for dash in ["–", "-", "—"] {
        if let Some(rest) = trimmed.strip_prefix(dash) {
            let after = rest.len() - rest.trim_start().len();
            return Some((Sep::Range, ws + dash.len() + after));
        }
    }
    if let Some(rest) = trimmed.strip_prefix(',') {
        let after = rest.len() - rest.trim_start().len();
        // "1, 2 och 4"
        return Some((Sep::List, ws + 1 + after));
    }
    if ws == 0 {
        return None;
    }
    for word in ["och", "samt", "eller"] {
        if trimmed.len() > word.len()
            && trimmed
                .get(..word.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(word))
            && trimmed[word.len()..].starts_with(char::is_whitespace)
        {
            let rest = &trimmed[word.len()..];
            let after = rest.len() - rest.trim_start().len();
            return Some((Sep::List, ws + word.len() + after));
        }
    }
    None
}

/// Expands `2–4` to 2, 3, 4 and `2.1–2.3` to 2.1, 2.2, 2.3 (same level, same parent).
fn expand_range(from: &str, to: &str) -> Vec<String> {
    let (fp, fl) = from.rsplit_once('.').map_or(("", from), |(p, l)| (p, l));
    let (tp, tl) = to.rsplit_once('.').map_or(("", to), |(p, l)| (p, l));
    match (fl.parse::<u32>(), tl.parse::<u32>()) {
        (Ok(a), Ok(b)) if fp == tp && a < b && b - a <= 100 => (a + 1..b)
            .map(|n| {
                if fp.is_empty() {
                    n.to_string()
                } else {
                    format!("{fp}.{n}")
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

pub fn find_references(text: &str, matcher: &Matcher) -> Vec<Reference> {
    let mut refs: Vec<Reference> = Vec::new();
    for m in matcher.samtliga.find_iter(text) {
        refs.push(Reference {
            start: m.start(),
            end: m.end(),
            all: true,
            ids: Vec::new(),
            quote: None,
        });
    }
    for m in matcher.term.find_iter(text) {
        if refs
            .iter()
            .any(|r| r.all && r.start <= m.start() && m.end() <= r.end)
        {
            continue;
        }
        let mut pos = m.end();
        let rest = &text[pos..];
        let gap = rest.len() - rest.trim_start().len();
        if gap == 0 {
            continue;
        }
        pos += gap;
        let mut ids: Vec<(String, usize, usize)> = Vec::new();
        let mut pending_range = false;
        while let Some(len) = parse_id(&text[pos..]) {
            let id = text[pos..pos + len].to_string();
            if pending_range && let Some((from, _, _)) = ids.last().cloned() {
                for mid in expand_range(&from, &id) {
                    ids.push((mid, pos, pos + len));
                }
            }
            ids.push((id, pos, pos + len));
            pos += len;
            match parse_sep(&text[pos..]) {
                Some((sep, sep_len)) if parse_id(&text[pos + sep_len..]).is_some() => {
                    pending_range = matches!(sep, Sep::Range);
                    pos += sep_len;
                }
                _ => break,
            }
        }
        if ids.is_empty() {
            continue;
        }
        refs.push(Reference {
            start: m.start(),
            end: pos,
            all: false,
            ids,
            quote: None,
        });
    }
    refs.sort_by_key(|r| r.start);
    // Quoted goal texts: after `<term> <id>:` to the end of the sentence or the next reference.
    let starts: Vec<usize> = refs.iter().map(|r| r.start).collect();
    for (i, r) in refs.iter_mut().enumerate() {
        let distinct: BTreeSet<&str> = r.ids.iter().map(|(id, _, _)| id.as_str()).collect();
        if r.all || distinct.len() != 1 {
            continue;
        }
        let after = &text[r.end..];
        let Some(colon) = after.trim_start().strip_prefix(':') else {
            continue;
        };
        let qs = text.len() - colon.trim_start().len();
        let limit = starts.get(i + 1).copied().unwrap_or(text.len());
        let qe = sentence_end(text, qs, limit);
        if qe > qs {
            r.quote = Some((qs, qe));
        }
    }
    refs
}

/// End of a quoted goal text: before a `.`/`;` that is followed by whitespace and an upper-case
/// letter, before `limit`, or at the end; trailing whitespace, a final `.` and a dangling
/// conjunction are left out.
fn sentence_end(text: &str, from: usize, limit: usize) -> usize {
    let mut end = limit.min(text.len());
    for (i, c) in text[from..end].char_indices() {
        let at = from + i;
        if c == '.' || c == ';' {
            let rest = &text[at + 1..];
            let trimmed = rest.trim_start();
            if trimmed.len() < rest.len() && trimmed.chars().next().is_some_and(char::is_uppercase)
            {
                end = at;
                break;
            }
        }
    }
    let mut s = text[from..end].trim_end();
    loop {
        let before = s;
        s = s.trim_end_matches(['.', ';', ',']).trim_end();
        for word in [" och", " samt", " eller"] {
            if s.to_lowercase().ends_with(word) {
                s = &s[..s.len() - word.len()];
            }
        }
        s = s.trim_end();
        if s == before {
            break;
        }
    }
    from + s.len()
}

/// NFC, whitespace folding, case folding, a final full stop dropped.
pub fn normalise(s: &str) -> String {
    let s: String = s.nfc().collect();
    let s = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    s.trim_end_matches('.').trim_end().to_string()
}

/// What one goal-reference cell names, read exactly as the rules read it (for `summary` and
/// `export`): the ids written in it, in order and without repeats ("samtliga <term>" names every
/// top-level goal), and the ids it covers for AR304 (a sub-goal covers its parents; "samtliga"
/// covers every goal).
pub(crate) struct CellGoals {
    pub ids: Vec<String>,
    pub covered: BTreeSet<String>,
}

pub(crate) fn cell_goals(text: &str, matcher: &Matcher, goals: &[Goal]) -> CellGoals {
    let mut ids: Vec<String> = Vec::new();
    let mut covered: BTreeSet<String> = BTreeSet::new();
    let push = |id: &str, ids: &mut Vec<String>| {
        if !ids.iter().any(|i| i == id) {
            ids.push(id.to_string());
        }
    };
    for r in find_references(text, matcher) {
        if r.all {
            covered.extend(goals.iter().map(|g| g.id.clone()));
            for g in goals.iter().filter(|g| g.parent.is_none()) {
                push(&g.id, &mut ids);
            }
            continue;
        }
        for (id, _, _) in &r.ids {
            push(id, &mut ids);
            if goals.iter().any(|g| &g.id == id) {
                let mut p = id.as_str();
                covered.insert(p.to_string());
                while let Some((parent, _)) = p.rsplit_once('.') {
                    covered.insert(parent.to_string());
                    p = parent;
                }
            }
        }
    }
    CellGoals { ids, covered }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let goals = goals(cx);
    definitions(cx, &goals, out);
    let terms = terms(cx.value);
    let Some(matcher) = Matcher::cached(&terms) else {
        return;
    };
    if goals.is_empty() {
        return;
    }
    let by_id: HashMap<&str, &Goal> = goals.iter().map(|g| (g.id.as_str(), g)).collect();
    let mut referenced: HashSet<String> = HashSet::new();
    let mut unfilled = false;
    let Some(root) = cx.template.node("") else {
        return;
    };
    walk_described(cx.value, "", root, &mut |pointer, value, node| {
        if node.is_goal_reference() {
            // A placeholder is AR504's alone (RULES.md).
            if let Value::String(text) = value
                && super::text::is_placeholder(text)
            {
                unfilled = true;
            } else if let Value::String(text) = value {
                cell(
                    cx,
                    pointer,
                    text,
                    &matcher,
                    &goals,
                    &by_id,
                    &mut referenced,
                    out,
                );
            }
            return false;
        }
        true
    });
    // While a reference cell is still a placeholder, a goal may yet be referenced: no AR304.
    if unfilled {
        return;
    }
    for goal in &goals {
        if referenced.contains(&goal.id) {
            continue;
        }
        let Some(span) = cx.doc.span(&goal.pointer) else {
            continue;
        };
        // The word for the goal's level: "effektmål 2.1" under "målområde 2".
        let level = goal.id.matches('.').count();
        let term = terms
            .get(level)
            .or_else(|| terms.last())
            .cloned()
            .unwrap_or_default();
        out.push(
            Diagnostic::new(Code::AR304, first_line(&cx.source_of(span.file).text, span.value))
                .file(span.file)
                .pointer(goal.pointer.clone())
                .message(cx.lang.pick(
                    &format!("{term} {} (”{}”) nämns inte av någon insats i rapporten", goal.id, truncate(&goal.text, 60)),
                    &format!("{term} {} (“{}”) is not referenced by any insats in the report", goal.id, truncate(&goal.text, 60)),
                ))
                .help(cx.lang.pick(
                    "det kan vara riktigt; annars saknas en hänvisning i kolumnen ”Insatsens bidrag till fastställda mål”",
                    "that may be right; otherwise a reference is missing in the column “Insatsens bidrag till fastställda mål”",
                )),
        );
    }
}

/// The first line of a span (a goal's `- id:` line, a row's `- namn:` line).
fn first_line(text: &str, span: Span) -> Span {
    let end = text
        .get(span.start..span.end)
        .and_then(|t| t.find('\n'))
        .map_or(span.end, |i| span.start + i);
    Span::new(span.start, end)
}

fn goal_list(cx: &Context<'_>, goals: &[Goal]) -> String {
    let term = terms(cx.value).first().cloned().unwrap_or_default();
    let shown: Vec<String> = goals
        .iter()
        .take(12)
        .map(|g| format!("{term} {}: {}", g.id, truncate(&g.text, 50)))
        .collect();
    let more = if goals.len() > 12 { "; …" } else { "" };
    format!("{}{more}", shown.join("; "))
}

#[allow(clippy::too_many_arguments)]
fn cell(
    cx: &Context<'_>,
    pointer: &str,
    text: &str,
    matcher: &Matcher,
    goals: &[Goal],
    by_id: &HashMap<&str, &Goal>,
    referenced: &mut HashSet<String>,
    out: &mut Vec<Diagnostic>,
) {
    let lang = cx.lang;
    let refs = find_references(text, matcher);
    let mut written: BTreeSet<String> = BTreeSet::new();
    for r in &refs {
        if r.all {
            referenced.extend(goals.iter().map(|g| g.id.clone()));
            written.extend(
                goals
                    .iter()
                    .filter(|g| g.parent.is_none())
                    .map(|g| g.id.clone()),
            );
            continue;
        }
        let term = r.term_text(text).to_string();
        for (id, _, _) in &r.ids {
            written.insert(id.clone());
            if by_id.contains_key(id.as_str()) {
                // A reference to 3.2 counts 3 as referenced too.
                let mut p = id.as_str();
                referenced.insert(p.to_string());
                while let Some((parent, _)) = p.rsplit_once('.') {
                    referenced.insert(parent.to_string());
                    p = parent;
                }
                continue;
            }
            let Some((span, file)) = span_in_value(cx, pointer, text, r.start, r.end) else {
                continue;
            };
            out.push(
                Diagnostic::new(Code::AR301, span)
                    .file(file)
                    .pointer(pointer)
                    .message(lang.pick(
                        &format!("{term} {id} finns inte i strategin"),
                        &format!("{term} {id} is not defined by the strategy"),
                    ))
                    .label(lang.pick("okänt mål", "unknown goal"))
                    .help(lang.pick(
                        &format!("strategin definierar: {}", goal_list(cx, goals)),
                        &format!("the strategy defines: {}", goal_list(cx, goals)),
                    )),
            );
        }
        if let (Some((qs, qe)), Some((id, is, ie))) = (r.quote, r.ids.first())
            && let Some(goal) = by_id.get(id.as_str())
        {
            quote(
                cx,
                pointer,
                text,
                &term,
                goal,
                goals,
                (*is, *ie),
                (qs, qe),
                out,
            );
        }
    }
    // AR303 only when the cell references no goal at all: undefined ids are AR301's.
    if refs.is_empty()
        && let Some(span) = cx.doc.span(pointer)
    {
        let term = terms(cx.value).first().cloned().unwrap_or_default();
        let example = goals
            .first()
            .map(|g| format!("{term} {}: {}", g.id, g.text))
            .unwrap_or_default();
        out.push(
                Diagnostic::new(Code::AR303, span.primary())
                    .file(span.file)
                    .pointer(pointer)
                    .message(lang.pick(
                        &format!("insatsen hänvisar inte till något {term} i {}", cx.enclosing_section(pointer).unwrap_or_default()),
                        &format!("the insats references no {term} in {}", cx.enclosing_section(pointer).unwrap_or_default()),
                    ))
                    .help(lang.pick(
                        &format!("skriv vilket mål insatsen bidrar till, t.ex. ”{example}”, eller ”samtliga {term}”"),
                        &format!("say which goal the insats contributes to, e.g. “{example}”, or “samtliga {term}”"),
                    )),
            );
    }
    explicit_list(cx, pointer, &written, by_id, goals, out);
}

#[allow(clippy::too_many_arguments)]
fn quote(
    cx: &Context<'_>,
    pointer: &str,
    text: &str,
    term: &str,
    goal: &Goal,
    goals: &[Goal],
    id_span: (usize, usize),
    quote_span: (usize, usize),
    out: &mut Vec<Diagnostic>,
) {
    let quoted = &text[quote_span.0..quote_span.1];
    let wanted = normalise(quoted);
    if wanted == normalise(&goal.text) {
        return;
    }
    let lang = cx.lang;
    let Some((ref_span, file)) =
        span_in_value(cx, pointer, text, id_span.0.min(quote_span.0), quote_span.1)
    else {
        return;
    };
    let ref_start = text[..id_span.0].rfind(term).unwrap_or(id_span.0);
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
        .find(|g| g.id != goal.id && normalise(&g.text) == wanted);
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
        let similar = strsim::jaro_winkler(&wanted, &normalise(&goal.text)) >= 0.85;
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

/// AR301 for undefined ids in an explicit `mal:` list, and AR305 when its defined ids differ from
/// the ids written in the text.
fn explicit_list(
    cx: &Context<'_>,
    cell_pointer: &str,
    written: &BTreeSet<String>,
    by_id: &HashMap<&str, &Goal>,
    goals: &[Goal],
    out: &mut Vec<Diagnostic>,
) {
    let lang = cx.lang;
    let row = crate::template::split_pointer(cell_pointer).0;
    let list_pointer = child_pointer(row, "mal");
    let Some(list) = cx.value.pointer(&list_pointer).and_then(Value::as_array) else {
        return;
    };
    let mut defined: BTreeSet<String> = BTreeSet::new();
    for (i, item) in list.iter().enumerate() {
        let Some(id) = id_string(item) else { continue };
        if by_id.contains_key(id.as_str()) {
            defined.insert(id);
            continue;
        }
        let item_pointer = child_pointer(&list_pointer, &i.to_string());
        let Some(span) = cx.doc.span(&item_pointer) else {
            continue;
        };
        out.push(
            Diagnostic::new(Code::AR301, span.value)
                .file(span.file)
                .pointer(item_pointer)
                .message(lang.pick(
                    &format!("målet {id} finns inte i strategin"),
                    &format!("goal {id} is not defined by the strategy"),
                ))
                .help(lang.pick(
                    &format!("strategin definierar: {}", goal_list(cx, goals)),
                    &format!("the strategy defines: {}", goal_list(cx, goals)),
                )),
        );
    }
    let written_defined: BTreeSet<String> = written
        .iter()
        .filter(|id| by_id.contains_key(id.as_str()))
        .cloned()
        .collect();
    if defined != written_defined {
        let Some(span) = cx.doc.span(&list_pointer) else {
            return;
        };
        let show = |s: &BTreeSet<String>| {
            if s.is_empty() {
                "–".to_string()
            } else {
                s.iter().cloned().collect::<Vec<_>>().join(", ")
            }
        };
        out.push(
            Diagnostic::new(Code::AR305, span.key.unwrap_or(span.value))
                .file(span.file)
                .pointer(list_pointer)
                .message(lang.pick(
                    &format!("`mal:` anger {} men texten hänvisar till {}", show(&defined), show(&written_defined)),
                    &format!("`mal:` gives {} but the text references {}", show(&defined), show(&written_defined)),
                ))
                .help(lang.pick(
                    "låt listan och texten i ”Insatsens bidrag till fastställda mål” ange samma mål",
                    "make the list and the text of “Insatsens bidrag till fastställda mål” name the same goals",
                )),
        );
    }
}

/// AR306 beyond the schema: duplicate ids at any level, a `delmal` id not under its parent.
fn definitions(cx: &Context<'_>, goals: &[Goal], out: &mut Vec<Diagnostic>) {
    let lang = cx.lang;
    let mut first: HashMap<&str, &Goal> = HashMap::new();
    for goal in goals {
        let id_pointer = child_pointer(&goal.pointer, "id");
        let Some(span) = cx.doc.span(&id_pointer) else {
            continue;
        };
        if let Some(earlier) = first.get(goal.id.as_str()) {
            let mut d = Diagnostic::new(Code::AR306, span.value)
                .file(span.file)
                .pointer(id_pointer.clone())
                .message(lang.pick(
                    &format!("mål-id ”{}” finns redan i strategin", goal.id),
                    &format!("goal id “{}” is already defined in the strategy", goal.id),
                ))
                .help(lang.pick(
                    "varje mål behöver ett eget id, på alla nivåer",
                    "every goal needs an id of its own, at every level",
                ));
            if let Some(e) = cx
                .doc
                .span(&child_pointer(&earlier.pointer, "id"))
                .filter(|e| e.file == span.file)
            {
                d = d.related(Related::new(
                    e.value,
                    lang.pick("första förekomsten", "first occurrence"),
                ));
            }
            out.push(d);
            continue;
        }
        first.insert(goal.id.as_str(), goal);
        if let Some(parent) = &goal.parent {
            let under = goal
                .id
                .strip_prefix(parent.as_str())
                .and_then(|r| r.strip_prefix('.'))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            if !under {
                out.push(
                    Diagnostic::new(Code::AR306, span.value)
                        .file(span.file)
                        .pointer(id_pointer)
                        .message(lang.pick(
                            &format!("delmålet ”{}” ligger under mål {} men dess id börjar inte med ”{parent}.”", goal.id, parent),
                            &format!("the sub-goal “{}” is under goal {} but its id does not start with “{parent}.”", goal.id, parent),
                        ))
                        .help(lang.pick(
                            &format!("ett delmåls id är förälderns id, en punkt och ett nummer, t.ex. ”{parent}.1”"),
                            &format!("a sub-goal's id is its parent's id, a dot and a number, e.g. “{parent}.1”"),
                        )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(terms: &[&str], text: &str) -> Vec<(bool, Vec<String>, Option<String>)> {
        let terms: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
        let m = Matcher::new(&terms).unwrap_or_else(|| panic!("matcher"));
        find_references(text, &m)
            .into_iter()
            .map(|r| {
                (
                    r.all,
                    r.ids.into_iter().map(|i| i.0).collect(),
                    r.quote.map(|(s, e)| text[s..e].to_string()),
                )
            })
            .collect()
    }

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn skane_forms() {
        let r = refs(
            &["visionsmål"],
            "Regionala utvecklingsstrategins visionsmål 2: Skåne ska vara en stark hållbar tillväxtmotor.",
        );
        assert_eq!(
            r,
            vec![(
                false,
                ids(&["2"]),
                Some("Skåne ska vara en stark hållbar tillväxtmotor".into())
            )]
        );
        let r = refs(
            &["visionsmål"],
            "Insatsen bidrar till flera av visionsmålen i strategin, men främst visionsmål 2: Skåne ska vara.",
        );
        assert_eq!(r.len(), 1);
        let r = refs(
            &["visionsmål"],
            "Insatsen bidrar till samtliga visionsmål i den regionala utvecklingsstrategin.",
        );
        assert_eq!(r, vec![(true, vec![], None)]);
    }

    #[test]
    fn inflections_and_lists() {
        assert_eq!(
            refs(&["målområde"], "Målområdena 1 och 3.")[0].1,
            ids(&["1", "3"])
        );
        assert_eq!(
            refs(&["målområde"], "målområdet 1, 2 och 4")[0].1,
            ids(&["1", "2", "4"])
        );
        assert_eq!(
            refs(&["målområde"], "målområden 2–4")[0].1,
            ids(&["2", "3", "4"])
        );
        assert_eq!(
            refs(&["effektmål"], "effektmålen 2.1-2.3")[0].1,
            ids(&["2.1", "2.2", "2.3"])
        );
        assert_eq!(
            refs(&["prioritering"], "prioriteringarna 2 samt 3")[0].1,
            ids(&["2", "3"])
        );
        assert_eq!(
            refs(&["prioritering"], "PRIORITERINGEN 5")[0].1,
            ids(&["5"])
        );
        assert_eq!(
            refs(
                &["prioriterat utvecklingsområde"],
                "prioriterade\nutvecklingsområdena 1 eller 2"
            )[0]
            .1,
            ids(&["1", "2"])
        );
        assert_eq!(
            refs(
                &["målområde", "effektmål"],
                "effektmål 3.1 inom målområde 3"
            )[1]
            .1,
            ids(&["3"])
        );
        assert!(refs(&["visionsmål"], "visionsmålen är viktiga").is_empty());
        assert!(refs(&["mål"], "delmål 2 och visionsmål 3").is_empty());
        assert_eq!(refs(&["mål"], "mål 2 och mål 3").len(), 2);
    }

    #[test]
    fn quote_ends_at_sentence_or_next_reference() {
        let r = refs(
            &["visionsmål"],
            "visionsmål 2: Skåne ska vara stark. Dessutom bl.a. annat",
        );
        assert_eq!(r[0].2.as_deref(), Some("Skåne ska vara stark"));
        let r = refs(
            &["visionsmål"],
            "visionsmål 2: Skåne ska bl.a. vara stark och visionsmål 3: Något",
        );
        assert_eq!(r[0].2.as_deref(), Some("Skåne ska bl.a. vara stark"));
        assert_eq!(r[1].2.as_deref(), Some("Något"));
        let r = refs(&["visionsmål"], "visionsmål 2 och 3: text");
        assert_eq!(r[0].2, None);
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalise("Skåne  ska\nvara."), normalise("skåne ska vara"));
        assert_eq!(normalise("Ska\u{030a}ne"), normalise("Skåne"));
    }
}
