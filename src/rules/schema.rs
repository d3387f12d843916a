//! JSON Schema validation and the mapping of each schema failure to a rule diagnostic at an exact
//! span (RULES.md, "Which code a schema failure becomes"). The template's annotations give the
//! words: section numbers and headings, question texts, column headings. One root cause gives one
//! diagnostic: failures at the same place and code are merged, and a value that is a placeholder
//! (AR504) is left to that rule alone.

use std::collections::HashSet;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, Related};
use crate::document::{NodeKind, child_pointer};
use crate::i18n::Lang;
use crate::rules::Context;
use crate::rules::text::is_placeholder;
use crate::source::Span;
use crate::template::split_pointer;

pub fn check(cx: &Context<'_>) -> Vec<Diagnostic> {
    let errors: Vec<_> = cx.template.iter_errors(cx.value).collect();
    // Keys the template requires but the report lacks: a misspelled key is one root cause, so the
    // unknown key's diagnostic names the missing one and absorbs its AR101/AR401.
    let missing: HashSet<String> = errors
        .iter()
        .filter_map(|e| match e.kind() {
            ValidationErrorKind::Required { property } => Some(child_pointer(
                e.instance_path().as_str(),
                property.as_str()?,
            )),
            _ => None,
        })
        .collect();
    let mut absorbed = HashSet::new();
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut seen = HashSet::new();
    for error in &errors {
        let pointer = error.instance_path().as_str();
        let schema_path = error.schema_path().as_str();
        let found = match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected } => unexpected
                .iter()
                .map(|k| cx.unknown_key(pointer, k, &missing, &mut absorbed))
                .collect(),
            kind => cx.map(pointer, schema_path, kind, error.instance()),
        };
        for d in found {
            let key = (d.code, d.pointer.clone().unwrap_or_default());
            if seen.insert(key) {
                out.push(d);
            }
        }
    }
    out.retain(|d| {
        !(matches!(d.code, Code::AR101 | Code::AR401)
            && d.pointer.as_ref().is_some_and(|p| absorbed.contains(p)))
    });
    out
}

impl Context<'_> {
    fn map(
        &self,
        pointer: &str,
        schema_path: &str,
        kind: &ValidationErrorKind,
        instance: &Value,
    ) -> Vec<Diagnostic> {
        // A placeholder gets AR504 alone.
        if instance.as_str().is_some_and(is_placeholder) {
            return Vec::new();
        }
        match kind {
            ValidationErrorKind::Required { property } => {
                let property = property.as_str().unwrap_or_default();
                let d = self.missing(pointer, property, schema_path);
                vec![
                    match self.required_because(pointer, property, schema_path) {
                        Some(because) => d.help(because),
                        None => d,
                    },
                ]
            }
            ValidationErrorKind::Type { kind } => vec![self.wrong_type(pointer, kind, instance)],
            ValidationErrorKind::Pattern { pattern } => {
                vec![self.pattern(pointer, schema_path, pattern, instance)]
            }
            ValidationErrorKind::Enum { options } => {
                vec![self.not_in_enum(pointer, options, instance)]
            }
            ValidationErrorKind::MinItems { limit }
                if *limit <= 1 && instance.as_array().is_some_and(Vec::is_empty) =>
            {
                let d = self.at_node(Code::AR101, pointer);
                let what = self.describe(pointer);
                vec![d.message(self.lang.pick(
                    &format!("{what} är tom: minst en post krävs"),
                    &format!("{what} is empty: at least one entry is required"),
                ))]
            }
            ValidationErrorKind::MinItems { .. } => {
                let d = self.at_node(Code::AR101, pointer);
                vec![d.message(self.reason_for(
                    kind,
                    &self.subject(pointer),
                    pointer,
                    schema_path,
                    instance,
                    0,
                ))]
            }
            ValidationErrorKind::FalseSchema
                if !pointer.is_empty()
                    && crate::document::lookup(self.value, split_pointer(pointer).0)
                        .is_some_and(Value::is_object) =>
            {
                let (parent, key) = split_pointer(pointer);
                vec![self.forbidden_key(parent, &key, &format!("{schema_path}/false"))]
            }
            // `dependentSchemas: { key: false }`: the key itself is what is not allowed.
            ValidationErrorKind::FalseSchema
                if split_pointer(schema_path).0.ends_with("/dependentSchemas") =>
            {
                let (_, key) = split_pointer(schema_path);
                vec![self.forbidden_key(pointer, &key, &format!("{schema_path}/false"))]
            }
            ValidationErrorKind::PropertyNames { error } => {
                let d = match error.instance().as_str() {
                    Some(key) => self.forbidden_key(pointer, key, error.schema_path().as_str()),
                    None => self.at_node(Code::AR102, pointer),
                };
                let subject = self.subject(pointer);
                vec![d.message(self.reason_for(kind, &subject, pointer, schema_path, instance, 0))]
            }
            other => {
                let subject = self.subject(pointer);
                let d = self.at_node(Code::AR103, pointer).message(self.reason_for(
                    other,
                    &subject,
                    pointer,
                    schema_path,
                    instance,
                    0,
                ));
                vec![match other {
                    ValidationErrorKind::Not { .. }
                    | ValidationErrorKind::AnyOf { .. }
                    | ValidationErrorKind::OneOfNotValid { .. }
                    | ValidationErrorKind::OneOfMultipleValid { .. }
                    | ValidationErrorKind::Contains => {
                        let place = self.template_place(schema_path);
                        let keyword = other.keyword();
                        d.help(self.lang.pick(
                            &format!("se `{keyword}` i mallen, {place}"),
                            &format!("see `{keyword}` in the template, {place}"),
                        ))
                    }
                    ValidationErrorKind::FalseSchema => {
                        let place = self.template_place(&format!("{schema_path}/false"));
                        d.help(self.lang.pick(
                            &format!("mallen har `false` (inget värde tillåtet) {place}"),
                            &format!("the template has `false` (no value allowed) {place}"),
                        ))
                    }
                    _ => d,
                }]
            }
        }
    }

    /// "at `/properties/a`", or "at its root".
    fn template_place(&self, schema_path: &str) -> String {
        let (parent, _) = split_pointer(schema_path);
        if parent.is_empty() {
            self.lang.pick("högst upp", "at its root")
        } else {
            self.lang
                .pick(&format!("vid `{parent}`"), &format!("at `{parent}`"))
        }
    }

    /// AR102 (AR402 in a table row) at a key the template forbids by name (`false` or
    /// `propertyNames`); `schema_path` is the keyword that forbids it.
    fn forbidden_key(&self, parent: &str, key: &str, schema_path: &str) -> Diagnostic {
        let lang = self.lang;
        let pointer = child_pointer(parent, key);
        let code = if self.table_of_row(parent).is_some() {
            Code::AR402
        } else {
            Code::AR102
        };
        let (span, file) = match self.span(&pointer) {
            Some(s) => (s.key.unwrap_or(s.value), s.file),
            None => match self.span(parent) {
                Some(s) => (s.primary(), s.file),
                None => (Span::at(0), crate::source::FileId::Report),
            },
        };
        let what = self.subject(parent);
        let place = self.template_place(schema_path);
        Diagnostic::new(code, span)
            .file(file)
            .pointer(pointer)
            .message(lang.pick(
                &format!("nyckeln `{key}` är inte tillåten i {what}"),
                &format!("the key `{key}` is not allowed in {what}"),
            ))
            .label(lang.pick("otillåten nyckel", "key not allowed"))
            .help(lang.pick(
                &format!("ta bort nyckeln; mallen förbjuder den {place}"),
                &format!("remove the key; the template forbids it {place}"),
            ))
    }

    fn missing(&self, parent: &str, property: &str, schema_path: &str) -> Diagnostic {
        let missing = child_pointer(parent, property);
        let lang = self.lang;
        // A table row without a required column.
        if let Some((table, table_node, index)) = self.table_of_row(parent) {
            let heading = self
                .column_heading(&table_node, property)
                .unwrap_or_else(|| property.to_string());
            let row = self.row_label(&table, index);
            let mut d = self.at_node(Code::AR401, parent).pointer(missing.clone());
            if let Some(s) = self.span(parent) {
                // The row's first line: where `- namn:` stands.
                let text = &self.source_of(s.file).text;
                let line_end = text
                    .get(s.value.start..s.value.end)
                    .and_then(|t| t.find('\n'))
                    .map_or(s.value.end, |i| s.value.start + i);
                d.span = Span::new(s.value.start, line_end);
                d = d.label(lang.pick("raden", "the row"));
            }
            return d
                .message(lang.pick(
                    &format!("kolumnen ”{heading}” (`{property}`) saknas i {row}"),
                    &format!("the column “{heading}” (`{property}`) is missing in {row}"),
                ))
                .help(lang.pick(
                    &format!("lägg till `{property}:` i raden"),
                    &format!("add `{property}:` to the row"),
                ));
        }
        let parent_node = self.node(parent);
        let child = parent_node.and_then(|n| n.child(property));
        let parent_desc = self.describe(parent);
        if child.is_some_and(|c| c.is_yes_no()) {
            return self
                .at_key(Code::AR201, parent, &missing)
                .message(lang.pick(
                    &format!("{parent_desc} saknar svar"),
                    &format!("{parent_desc} has no answer"),
                ))
                .help(lang.pick(
                    "lägg till `svar: Ja` eller `svar: Nej`",
                    "add `svar: Ja` or `svar: Nej`",
                ));
        }
        if property == "kommentar" && parent_node.is_some_and(|n| n.question().is_some()) {
            return self
                .at_key(Code::AR203, parent, &missing)
                .message(lang.pick(
                    &format!("{parent_desc} saknar kommentar"),
                    &format!("{parent_desc} has no comment"),
                ))
                .help(lang.pick(
                    "motivera svaret i `kommentar:` – granskarna läser motiveringen",
                    "explain the answer in `kommentar:` – reviewers read the explanation",
                ));
        }
        if schema_path.contains("/then/") && parent_node.is_some_and(|n| n.question().is_some()) {
            // Which `strategi`: the answer's, not the report's top-level one.
            let which = match crate::template::pointer_tokens(parent).last() {
                Some(question) => format!("{question}.{property}"),
                None => property.to_string(),
            };
            return self
                .at_key(Code::AR204, parent, &missing)
                .message(lang.pick(
                    &format!("svaret Ja på {parent_desc} kräver strategins namn i `{which}`"),
                    &format!("the answer Ja to {parent_desc} needs the strategy's name in `{which}`"),
                ))
                .help(lang.pick(
                    &format!("lägg till `{property}: <namnet på strategin för fördelning eller prioritetsordning>`"),
                    &format!("add `{property}: <the name of the allocation strategy>`"),
                ));
        }
        let what = match child {
            Some(c) if c.is_section() => c.title(self.year).unwrap_or_else(|| property.to_string()),
            Some(c) if c.question().is_some() => {
                format!(
                    "{} {} (`{property}`)",
                    lang.pick("frågan", "the question"),
                    lang.quote(c.question().unwrap_or_default())
                )
            }
            Some(c) => match node_words(&c, lang) {
                Some(desc) => format!("`{property}` ({desc})"),
                None => format!("`{property}`"),
            },
            None => format!("`{property}`"),
        };
        self.at_key(Code::AR101, parent, &missing)
            .message(if parent.is_empty() {
                lang.pick(
                    &format!("{what} saknas i rapporten"),
                    &format!("{what} is missing from the report"),
                )
            } else {
                lang.pick(
                    &format!("{what} saknas i {parent_desc}"),
                    &format!("{what} is missing in {parent_desc}"),
                )
            })
            .help(lang.pick(
                &format!("lägg till `{property}:`"),
                &format!("add `{property}:`"),
            ))
    }

    fn unknown_key(
        &self,
        parent: &str,
        key: &str,
        missing: &HashSet<String>,
        absorbed: &mut HashSet<String>,
    ) -> Diagnostic {
        let pointer = child_pointer(parent, key);
        let lang = self.lang;
        let in_row = self.table_of_row(parent);
        let code = if in_row.is_some() {
            Code::AR402
        } else {
            Code::AR102
        };
        let (span, file) = match self.span(&pointer) {
            Some(s) => (s.key.unwrap_or(s.value), s.file),
            None => (Span::at(0), crate::source::FileId::Report),
        };
        // A column written at the section's indentation: one finding, about the indentation.
        if in_row.is_none()
            && let Some(d) = self.dedented_column(parent, key, span, file, absorbed)
        {
            return d;
        }
        // A key the template names can still be unknown here (`unevaluatedProperties`): never
        // suggest the key itself.
        let valid: Vec<&str> = self
            .node(parent)
            .map(|n| n.property_names())
            .unwrap_or_default()
            .into_iter()
            .filter(|v| *v != key)
            .collect();
        // Prefer a key that is missing here: that is almost always what was meant.
        let missing_here: Vec<&str> = valid
            .iter()
            .copied()
            .filter(|v| missing.contains(&child_pointer(parent, v)))
            .collect();
        let suggestion = nearest_within(key, &missing_here, 0.8).or_else(|| nearest(key, &valid));
        let is_missing = suggestion.is_some_and(|s| missing.contains(&child_pointer(parent, s)));
        if let Some(s) = suggestion.filter(|_| is_missing) {
            absorbed.insert(child_pointer(parent, s));
        }
        let where_ = match &in_row {
            Some((table, _, index)) => self.row_label(table, *index),
            None => self.describe(parent),
        };
        let message = if in_row.is_some() {
            lang.pick(
                &format!("`{key}` är inte en kolumn i tabellen ({where_})"),
                &format!("`{key}` is not a column of the table ({where_})"),
            )
        } else {
            lang.pick(
                &format!("okänd nyckel `{key}` i {where_}"),
                &format!("unknown key `{key}` in {where_}"),
            )
        };
        let help = match suggestion {
            Some(s) => {
                let heading = match &in_row {
                    Some((_, table_node, _)) => {
                        self.column_heading(table_node, s).map(|h| lang.quote(&h))
                    }
                    None => self.node(&child_pointer(parent, s)).and_then(|n| {
                        n.title(self.year)
                            .or_else(|| n.question().map(|q| lang.quote(q)))
                            .or_else(|| node_words(&n, lang))
                    }),
                };
                let heading = heading.map(|h| format!(" ({h})")).unwrap_or_default();
                if is_missing {
                    lang.pick(
                        &format!("menade du `{s}`{heading}? Den saknas här"),
                        &format!("did you mean `{s}`{heading}? It is missing here"),
                    )
                } else {
                    lang.pick(
                        &format!("menade du `{s}`{heading}?"),
                        &format!("did you mean `{s}`{heading}?"),
                    )
                }
            }
            None if valid.is_empty() => String::new(),
            None => lang.pick(
                &format!("giltiga nycklar här: {}", list(&valid)),
                &format!("valid keys here: {}", list(&valid)),
            ),
        };
        Diagnostic::new(code, span)
            .file(file)
            .pointer(pointer)
            .message(message)
            .label(lang.pick("okänd nyckel", "unknown key"))
            .help(help)
    }

    /// AR102 for a table's column written at the section's indentation right after the table
    /// (`effekter:` under `insatser:` instead of under the last row's `namn:`), so that YAML made
    /// it a key of the section. One root cause: the row's AR401 for that column is absorbed.
    fn dedented_column(
        &self,
        section: &str,
        key: &str,
        key_span: Span,
        file: crate::source::FileId,
        absorbed: &mut HashSet<String>,
    ) -> Option<Diagnostic> {
        let lang = self.lang;
        // The section's entry written last before the key must be a table…
        let (table, table_end) = crate::document::lookup(self.value, section)?
            .as_object()?
            .keys()
            .filter(|k| k.as_str() != key)
            .filter_map(|k| {
                let pointer = child_pointer(section, k);
                let s = self.span(&pointer)?;
                (s.file == file && s.value.end <= key_span.start).then_some((pointer, s.value.end))
            })
            .max_by_key(|(_, end)| *end)?;
        let rows = crate::document::lookup(self.value, &table)?.as_array()?;
        let index = rows.len().checked_sub(1)?;
        let row = child_pointer(&table, &index.to_string());
        let (_, table_node, _) = self.table_of_row(&row)?;
        // …whose last row lacks this column.
        let heading = self.column_heading(&table_node, key)?;
        if rows.get(index)?.get(key).is_some() {
            return None;
        }
        let text = &self.source_of(file).text;
        // Nothing but blank lines and comments between the table and the key.
        let between = text.get(table_end..key_span.start)?;
        if between
            .lines()
            .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        {
            return None;
        }
        absorbed.insert(child_pointer(&row, key));
        let row_label = self.row_label(&table, index);
        let mut d = Diagnostic::new(Code::AR102, key_span)
            .file(file)
            .pointer(child_pointer(section, key))
            .message(lang.pick(
                &format!(
                    "kolumnen ”{heading}” (`{key}`) står på sektionens indrag men hör till raden ovanför: {row_label}"
                ),
                &format!(
                    "the column “{heading}” (`{key}`) is indented as the section's keys but belongs to the row above: {row_label}"
                ),
            ))
            .label(lang.pick("sektionens indrag", "the section's indentation"))
            .help(lang.pick(
                &format!("dra in `{key}:` till radens nycklar"),
                &format!("indent `{key}:` to the row's keys"),
            ));
        if let Some(r) = self.span(&row).filter(|r| r.file == file) {
            let line_end = text
                .get(r.value.start..r.value.end)
                .and_then(|t| t.find('\n'))
                .map_or(r.value.end, |i| r.value.start + i);
            d = d.related(Related::new(
                Span::new(r.value.start, line_end),
                lang.pick("radens nycklar", "the row's keys"),
            ));
        }
        Some(d)
    }

    fn wrong_type(&self, pointer: &str, expected: &TypeKind, instance: &Value) -> Diagnostic {
        let lang = self.lang;
        let node = self.node(pointer);
        let span = self.span(pointer);
        let what = self.subject(pointer);
        if node.is_some_and(|n| n.is_yes_no()) {
            return self.yes_no(pointer, instance);
        }
        if pointer.starts_with("/strategi/mal/")
            && pointer.ends_with("/id")
            && span.is_some_and(|s| s.kind == NodeKind::Float)
        {
            let raw = span.map(|s| self.raw(s)).unwrap_or_default();
            return self
                .at_node(Code::AR306, pointer)
                .message(lang.pick(
                    &format!("mål-id `{raw}` är skrivet som ett decimaltal"),
                    &format!("goal id `{raw}` is written as a decimal number"),
                ))
                .help(lang.pick(
                    &format!("skriv id:t inom citattecken, `id: \"{raw}\"`: som tal kan `2.10` inte skiljas från `2.1`"),
                    &format!("quote the id, `id: \"{raw}\"`: as a number `2.10` cannot be told apart from `2.1`"),
                ))
                .fix(span.map(|s| s.value).unwrap_or_default(), format!("\"{raw}\""));
        }
        let expects: Vec<&str> = match expected {
            TypeKind::Single(t) => vec![json_type_name(&t.to_string())],
            TypeKind::Multiple(set) => set.iter().map(|t| json_type_name(&t.to_string())).collect(),
        };
        let wants_text = expects.contains(&"string");
        if instance.is_null()
            && let (parent, key) = split_pointer(pointer)
            && key == "kommentar"
            && self.node(parent).is_some_and(|n| n.question().is_some())
        {
            // `kommentar:` with nothing after it counts as missing (RULES.md), a warning.
            let q = self.describe(parent);
            return self.at_node(Code::AR203, pointer).message(lang.pick(
                &format!("{q} har en tom kommentar"),
                &format!("{q} has an empty comment"),
            ));
        }
        if instance.is_null() {
            if let Some((table, _, index)) = self
                .table_of_row(split_pointer(pointer).0)
                .filter(|_| wants_text)
            {
                let (_, key) = split_pointer(pointer);
                let heading = self
                    .node(&table)
                    .and_then(|t| self.column_heading(&t, &key))
                    .unwrap_or_else(|| key.clone());
                let row = self.row_label(&table, index);
                return self.at_node(Code::AR403, pointer).message(lang.pick(
                    &format!("cellen ”{heading}” (`{key}`) är tom i {row}"),
                    &format!("the cell “{heading}” (`{key}`) is empty in {row}"),
                ));
            }
            if wants_text {
                return self
                    .at_node(Code::AR104, pointer)
                    .message(lang.pick(&format!("{what} är tom"), &format!("{what} is empty")))
                    .help(lang.pick(
                        "skriv texten efter kolon, eller som ett `|`-block",
                        "write the text after the colon, or as a `|` block",
                    ));
            }
            if node.is_some_and(|n| n.is_section()) {
                let required = node.map(|n| n.required()).unwrap_or_default();
                return self
                    .at_node(Code::AR101, pointer)
                    .message(lang.pick(&format!("{what} är tomt"), &format!("{what} is empty")))
                    .help(lang.pick(
                        &format!("avsnittet behöver: {}", list(&required)),
                        &format!("the section needs: {}", list(&required)),
                    ));
            }
        }
        let found = found_name(instance, span.map(|s| s.kind), lang);
        let mut d = self.at_node(Code::AR103, pointer);
        if wants_text
            && matches!(instance, Value::Number(_) | Value::Bool(_))
            && let Some(s) = span
        {
            let raw = self.raw(s);
            let quoted = format!("\"{}\"", raw.replace('\\', "\\\\").replace('"', "\\\""));
            d = d
                .message(lang.pick(
                    &format!("{what} ska vara text, men `{raw}` läses som {found}"),
                    &format!("{what} must be text, but `{raw}` is read as {found}"),
                ))
                .help(lang.pick(
                    &format!("sätt värdet inom citattecken: {quoted}"),
                    &format!("put the value in quotes: {quoted}"),
                ))
                .fix(s.value, quoted);
            return d;
        }
        let expected_words = expects
            .iter()
            .map(|t| type_word(t, lang))
            .collect::<Vec<_>>()
            .join(lang.pick(" eller ", " or ").as_str());
        d.message(lang.pick(
            &format!("{what} ska vara {expected_words}, inte {found}"),
            &format!("{what} must be {expected_words}, not {found}"),
        ))
        .help(if expects.contains(&"object") {
            let keys = node.map(|n| n.property_names()).unwrap_or_default();
            lang.pick(&format!("möjliga nycklar: {}", list(&keys)), &format!("possible keys: {}", list(&keys)))
        } else if wants_text && matches!(instance, Value::Array(_)) {
            lang.pick(
                "en lista med `- ` skrivs som text i ett `|`-block: `nyckel: |` och raderna indragna under",
                "a `- ` list is written as text in a `|` block: `key: |` with the lines indented below",
            )
        } else {
            String::new()
        })
    }

    fn pattern(
        &self,
        pointer: &str,
        schema_path: &str,
        pattern: &str,
        instance: &Value,
    ) -> Diagnostic {
        let lang = self.lang;
        let (parent, key) = split_pointer(pointer);
        let what = self.describe(pointer);
        let raw = instance.as_str().unwrap_or_default();
        if schema_path.ends_with("/faststalld/pattern") {
            return self.at_node(Code::AR103, pointer).message(lang.pick(
                &format!("{what} ska vara ett datum ÅÅÅÅ-MM-DD, inte ”{raw}”"),
                &format!("{what} must be a date YYYY-MM-DD, not “{raw}”"),
            ));
        }
        if !raw.trim().is_empty() {
            return self
                .at_node(Code::AR103, pointer)
                .message(lang.pick(
                    &format!("{what} har inte den form mallen kräver: ”{raw}”"),
                    &format!("{what} does not have the form the template requires: “{raw}”"),
                ))
                .help(lang.pick(
                    &format!("mallen kräver text som matchar det reguljära uttrycket `{pattern}`"),
                    &format!(
                        "the template requires text that matches the regular expression `{pattern}`"
                    ),
                ));
        }
        if let Some((table, table_node, index)) = self.table_of_row(parent) {
            let heading = self
                .column_heading(&table_node, &key)
                .unwrap_or_else(|| key.clone());
            let row = self.row_label(&table, index);
            return self.at_node(Code::AR403, pointer).message(lang.pick(
                &format!("cellen ”{heading}” (`{key}`) är tom i {row}"),
                &format!("the cell “{heading}” (`{key}`) is empty in {row}"),
            ));
        }
        if key == "kommentar" && self.node(parent).is_some_and(|n| n.question().is_some()) {
            let q = self.describe(parent);
            return self.at_node(Code::AR203, pointer).message(lang.pick(
                &format!("{q} har en tom kommentar"),
                &format!("{q} has an empty comment"),
            ));
        }
        self.at_node(Code::AR104, pointer)
            .message(lang.pick(&format!("{what} är tom"), &format!("{what} is empty")))
            .help(lang.pick(
                "skriv texten, eller ta bort nyckeln om den är valfri",
                "write the text, or remove the key if it is optional",
            ))
    }

    fn not_in_enum(&self, pointer: &str, options: &Value, instance: &Value) -> Diagnostic {
        let lang = self.lang;
        if self.node(pointer).is_some_and(|n| n.is_yes_no()) {
            return self.yes_no(pointer, instance);
        }
        let options = options.as_array().map(Vec::as_slice).unwrap_or_default();
        let allowed: Vec<&str> = options.iter().filter_map(Value::as_str).collect();
        let (_, key) = split_pointer(pointer);
        let raw = match instance {
            Value::String(s) => s.clone(),
            Value::Array(_) | Value::Object(_) => String::new(),
            other => other.to_string(),
        };
        // A user's template: any value can be an option, and the place can be the report itself.
        if pointer.is_empty()
            || raw.is_empty() && !instance.is_string()
            || allowed.len() != options.len()
        {
            let subject = self.subject(pointer);
            return self
                .at_node(Code::AR103, pointer)
                .message(self.not_one_of(&subject, options, instance));
        }
        let code = if key == "typ" {
            Code::AR406
        } else {
            Code::AR103
        };
        let mut d = self.at_node(code, pointer).message(lang.pick(
            &format!(
                "”{raw}” är inte ett giltigt värde för `{key}`: {}",
                list(&allowed)
            ),
            &format!(
                "“{raw}” is not a valid value of `{key}`: {}",
                list(&allowed)
            ),
        ));
        let folded = fold(&raw);
        if let Some(fix) = allowed.iter().find(|a| fold(a) == folded)
            && let Some(s) = self.span(pointer)
        {
            d = d
                .help(lang.pick(&format!("skriv `{fix}`"), &format!("write `{fix}`")))
                .fix(s.value, (*fix).to_string());
        }
        d
    }

    /// AR202: `svar`/`finansierat_av_anslag` not exactly `Ja` or `Nej`, with a fix when the intent
    /// is clear.
    fn yes_no(&self, pointer: &str, instance: &Value) -> Diagnostic {
        let lang = self.lang;
        let span = self.span(pointer);
        let raw = span
            .map(|s| self.raw(s))
            .unwrap_or_else(|| instance.to_string());
        let (parent, key) = split_pointer(pointer);
        if instance.is_null() && key == "svar" {
            // `svar:` with nothing after it is a missing answer, not a wrong one.
            let q = self.describe(parent);
            return self
                .at_node(Code::AR201, pointer)
                .message(lang.pick(&format!("{q} saknar svar"), &format!("{q} has no answer")))
                .help(lang.pick(
                    "skriv `svar: Ja` eller `svar: Nej`",
                    "write `svar: Ja` or `svar: Nej`",
                ));
        }
        let intent = yes_no_intent(instance);
        let mut d = self.at_node(Code::AR202, pointer).message(lang.pick(
            &format!("svaret ska vara exakt `Ja` eller `Nej`, inte `{raw}`"),
            &format!("the answer must be exactly `Ja` or `Nej`, not `{raw}`"),
        ));
        match (intent, span) {
            (Some(answer), Some(s)) => {
                d = d
                    .help(lang.pick(&format!("skriv `{answer}`"), &format!("write `{answer}`")))
                    .fix(s.value, answer);
            }
            _ => d = d.help(lang.pick("skriv `Ja` eller `Nej`", "write `Ja` or `Nej`")),
        }
        d
    }
}

/// What an answer was meant to be, where that is unambiguous.
pub fn yes_no_intent(value: &Value) -> Option<&'static str> {
    match value {
        Value::Bool(true) => Some("Ja"),
        Value::Bool(false) => Some("Nej"),
        Value::String(s) => {
            let s = s.trim();
            let lower = s.to_lowercase();
            let yes = [
                "ja", "yes", "j", "true", "☒", "ja ☒", "☒ ja", "x ja", "ja x", "[x] ja",
            ];
            let no = [
                "nej", "no", "n", "false", "nej ☒", "☒ nej", "x nej", "nej x", "[x] nej",
            ];
            if yes.contains(&lower.as_str()) {
                Some("Ja")
            } else if no.contains(&lower.as_str()) {
                Some("Nej")
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Case and diacritics folded, for "Uppfoljning" → "uppföljning".
fn fold(s: &str) -> String {
    super::metadata::ascii_fold(&s.trim().to_lowercase())
}

/// The nearest valid key (Jaro-Winkler over ASCII-folded keys), if it is near enough.
pub fn nearest<'a>(key: &str, valid: &[&'a str]) -> Option<&'a str> {
    nearest_within(key, valid, 0.85)
}

fn nearest_within<'a>(key: &str, valid: &[&'a str], cutoff: f64) -> Option<&'a str> {
    let folded = fold(key).replace([' ', '-'], "_");
    valid
        .iter()
        .map(|v| (strsim::jaro_winkler(&folded, &fold(v)), *v))
        .filter(|(score, _)| *score >= cutoff)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, v)| v)
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A node's description for a message; a table's in the message's language (its description is
/// the Swedish "Tabell: …"), with the template's column headings.
fn node_words(n: &crate::template::SchemaNode<'_>, lang: Lang) -> Option<String> {
    match n.columns() {
        Some(columns) if !columns.is_empty() => {
            let headings: Vec<&str> = columns.iter().map(|c| c.heading.as_str()).collect();
            let headings = headings.join(" | ");
            Some(lang.pick(
                &format!("tabell: {headings}"),
                &format!("table: {headings}"),
            ))
        }
        _ => n.description().map(lowercase_first),
    }
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn json_type_name(t: &str) -> &'static str {
    match t {
        "string" => "string",
        "object" => "object",
        "array" => "array",
        "integer" => "integer",
        "number" => "number",
        "boolean" => "boolean",
        _ => "null",
    }
}

pub(crate) fn type_word(t: &str, lang: Lang) -> String {
    let (sv, en) = match t {
        "string" => ("text", "text"),
        "object" => (
            "en mappning (nycklar med värden)",
            "a mapping (keys with values)",
        ),
        "array" => (
            "en lista (rader som börjar med `- `)",
            "a list (lines starting with `- `)",
        ),
        "integer" => ("ett heltal", "a whole number"),
        "number" => ("ett tal", "a number"),
        "boolean" => ("true eller false", "true or false"),
        _ => ("tomt", "empty"),
    };
    lang.pick(sv, en)
}

pub(crate) fn found_name(v: &Value, kind: Option<NodeKind>, lang: Lang) -> String {
    let (sv, en) = match (v, kind) {
        (_, Some(NodeKind::NonFinite)) => {
            ("ett specialtal (.inf/.nan)", "a special number (.inf/.nan)")
        }
        (Value::Null, _) => ("ingenting (tomt värde)", "nothing (an empty value)"),
        (Value::Bool(_), _) => ("ett sanningsvärde", "a boolean"),
        (Value::Number(n), _) if n.is_f64() => ("ett decimaltal", "a decimal number"),
        (Value::Number(_), _) => ("ett tal", "a number"),
        (Value::String(_), _) => ("text", "text"),
        (Value::Array(_), _) => ("en lista", "a list"),
        (Value::Object(_), _) => ("en mappning", "a mapping"),
    };
    lang.pick(sv, en)
}
