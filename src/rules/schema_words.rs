//! Words for every way a value can fail a template, for a user's own template (`--schema`) above
//! all: the limit, the allowed values, the pattern or format, which alternative of `anyOf`/`oneOf`
//! came closest and why it failed. A value or a schema is never shown as a `{ … }` map: a mapping
//! is named by its keys, a list by its length, a text quoted, a number as written.

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use crate::context::truncate;
use crate::i18n::Lang;
use crate::rules::Context;
use crate::template::{pointer_tokens, split_pointer};

/// How deep `anyOf`/`oneOf` alternatives are followed to say why the closest one failed.
const MAX_DEPTH: usize = 3;

impl Context<'_> {
    /// One sentence saying why `error` fails, naming the place in the template's words.
    pub(crate) fn reason(&self, error: &ValidationError<'_>, depth: usize) -> String {
        let pointer = error.instance_path().as_str();
        let subject = self.subject(pointer);
        self.reason_for(
            error.kind(),
            &subject,
            pointer,
            error.schema_path().as_str(),
            error.instance(),
            depth,
        )
    }

    /// The words for the place at `pointer`: as `describe`, but an item of a list is "item 2 of
    /// `list`" rather than "`1`".
    pub(crate) fn subject(&self, pointer: &str) -> String {
        let (parent, key) = split_pointer(pointer);
        if let Ok(index) = key.parse::<usize>()
            && crate::document::lookup(self.value, parent).is_some_and(Value::is_array)
        {
            let list = self.subject(parent);
            let n = index.saturating_add(1);
            return self.lang.pick(
                &format!("post {n} i {list}"),
                &format!("item {n} of {list}"),
            );
        }
        if key.chars().any(char::is_control) {
            return format!("`{}`", escape_controls(&key));
        }
        self.describe(pointer)
    }

    /// The schema at a validator's schema path, following local `$ref`s on the way.
    pub(crate) fn schema_at(&self, path: &str) -> Option<&Value> {
        let root = &self.template.schema;
        let mut node = root;
        for token in pointer_tokens(path) {
            node = match token.as_str() {
                "$ref" | "$dynamicRef" => {
                    let target = node.get(token.as_str()).and_then(Value::as_str)?;
                    crate::template::local_target(root, target.strip_prefix('#')?)?
                }
                _ => match node {
                    Value::Object(map) => map.get(&token)?,
                    Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                    _ => return None,
                },
            };
        }
        Some(node)
    }

    /// Why a value fails one keyword, as a sentence about `subject`.
    pub(crate) fn reason_for(
        &self,
        kind: &ValidationErrorKind,
        subject: &str,
        pointer: &str,
        schema_path: &str,
        instance: &Value,
        depth: usize,
    ) -> String {
        let lang = self.lang;
        let s = subject;
        let value = value_words(instance, lang);
        let pick = |sv: String, en: String| lang.pick(&sv, &en);
        match kind {
            ValidationErrorKind::Required { property } => {
                let p = property
                    .as_str()
                    .map_or_else(|| value_words(property, lang), |p| format!("`{p}`"));
                pick(
                    format!("{p} saknas i {s}"),
                    format!("{p} is missing in {s}"),
                )
            }
            ValidationErrorKind::Type { kind } => {
                let span_kind = self.span(pointer).map(|n| n.kind);
                let found = super::schema::found_name(instance, span_kind, lang);
                let expected = expected_types(kind, lang);
                pick(
                    format!("{s} ska vara {expected}, inte {found}"),
                    format!("{s} must be {expected}, not {found}"),
                )
            }
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                let keys = key_list(unexpected);
                if unexpected.len() == 1 {
                    pick(
                        format!("{s} har nyckeln {keys}, som mallen inte tillåter"),
                        format!("{s} has the key {keys}, which the template does not allow"),
                    )
                } else {
                    pick(
                        format!("{s} har nycklarna {keys}, som mallen inte tillåter"),
                        format!("{s} has the keys {keys}, which the template does not allow"),
                    )
                }
            }
            ValidationErrorKind::Enum { options } => {
                let allowed = options.as_array().map(Vec::as_slice).unwrap_or_default();
                self.not_one_of(s, allowed, instance)
            }
            ValidationErrorKind::Constant { expected_value } => {
                let expected = value_words(expected_value, lang);
                match difference(expected_value, instance, "", lang) {
                    Some(diff) => pick(
                        format!("{s} ska vara exakt {expected}: {diff}"),
                        format!("{s} must be exactly {expected}: {diff}"),
                    ),
                    None => pick(
                        format!("{s} ska vara exakt {expected}, inte {value}"),
                        format!("{s} must be exactly {expected}, not {value}"),
                    ),
                }
            }
            ValidationErrorKind::Maximum { limit } => {
                let limit = value_words(limit, lang);
                pick(
                    format!("{s} får vara högst {limit}, men är {value}"),
                    format!("{s} must be at most {limit}, but is {value}"),
                )
            }
            ValidationErrorKind::ExclusiveMaximum { limit } => {
                let limit = value_words(limit, lang);
                pick(
                    format!("{s} ska vara mindre än {limit}, men är {value}"),
                    format!("{s} must be less than {limit}, but is {value}"),
                )
            }
            ValidationErrorKind::Minimum { limit } => {
                let limit = value_words(limit, lang);
                pick(
                    format!("{s} ska vara minst {limit}, men är {value}"),
                    format!("{s} must be at least {limit}, but is {value}"),
                )
            }
            ValidationErrorKind::ExclusiveMinimum { limit } => {
                let limit = value_words(limit, lang);
                pick(
                    format!("{s} ska vara större än {limit}, men är {value}"),
                    format!("{s} must be greater than {limit}, but is {value}"),
                )
            }
            ValidationErrorKind::MultipleOf { multiple_of } => pick(
                format!(
                    "{s} ska vara en multipel av {multiple_of} (jämnt delbart med det), men är {value}"
                ),
                format!(
                    "{s} must be a multiple of {multiple_of} (evenly divisible by it), but is {value}"
                ),
            ),
            ValidationErrorKind::MaxLength { limit } => {
                let has = chars(instance.as_str().map_or(0, |t| t.chars().count()), lang);
                let limit = chars(usize::try_from(*limit).unwrap_or(usize::MAX), lang);
                pick(
                    format!("{s} får ha högst {limit}, men har {has}"),
                    format!("{s} may be at most {limit} long, but has {has}"),
                )
            }
            ValidationErrorKind::MinLength { limit } => {
                let has = chars(instance.as_str().map_or(0, |t| t.chars().count()), lang);
                let limit = chars(usize::try_from(*limit).unwrap_or(usize::MAX), lang);
                pick(
                    format!("{s} ska ha minst {limit}, men har {has}"),
                    format!("{s} must be at least {limit} long, but has {has}"),
                )
            }
            ValidationErrorKind::MaxItems { limit } => {
                let has = items(instance.as_array().map_or(0, Vec::len), lang);
                let limit = items(usize::try_from(*limit).unwrap_or(usize::MAX), lang);
                pick(
                    format!("{s} får ha högst {limit}, men har {has}"),
                    format!("{s} may have at most {limit}, but has {has}"),
                )
            }
            ValidationErrorKind::AdditionalItems { limit } => {
                let has = items(instance.as_array().map_or(0, Vec::len), lang);
                let limit = items(*limit, lang);
                pick(
                    format!("{s} får ha högst {limit}, men har {has}"),
                    format!("{s} may have at most {limit}, but has {has}"),
                )
            }
            ValidationErrorKind::MinItems { limit } => {
                let has = items(instance.as_array().map_or(0, Vec::len), lang);
                let limit = items(usize::try_from(*limit).unwrap_or(usize::MAX), lang);
                pick(
                    format!("{s} ska ha minst {limit}, men har {has}"),
                    format!("{s} must have at least {limit}, but has {has}"),
                )
            }
            ValidationErrorKind::MaxProperties { limit } => {
                let has = keys(instance.as_object().map_or(0, serde_json::Map::len), lang);
                let limit = keys(usize::try_from(*limit).unwrap_or(usize::MAX), lang);
                pick(
                    format!("{s} får ha högst {limit}, men har {has}"),
                    format!("{s} may have at most {limit}, but has {has}"),
                )
            }
            ValidationErrorKind::MinProperties { limit } => {
                let has = keys(instance.as_object().map_or(0, serde_json::Map::len), lang);
                let limit = keys(usize::try_from(*limit).unwrap_or(usize::MAX), lang);
                pick(
                    format!("{s} ska ha minst {limit}, men har {has}"),
                    format!("{s} must have at least {limit}, but has {has}"),
                )
            }
            ValidationErrorKind::UniqueItems => match first_repeat(instance) {
                Some((a, b)) => pick(
                    format!(
                        "{s} har samma post två gånger (post {a} och {b}): varje post ska vara unik"
                    ),
                    format!(
                        "{s} has the same item twice (items {a} and {b}): every item must be unique"
                    ),
                ),
                None => pick(
                    format!("{s} har samma post mer än en gång: varje post ska vara unik"),
                    format!("{s} has the same item more than once: every item must be unique"),
                ),
            },
            ValidationErrorKind::UnevaluatedItems { unexpected } => {
                let n = items(unexpected.len(), lang);
                pick(
                    format!("{s} har {n} utöver dem mallen beskriver"),
                    format!("{s} has {n} beyond those the template describes"),
                )
            }
            ValidationErrorKind::Pattern { pattern } => pick(
                format!(
                    "{s} har inte den form mallen kräver (mönstret `{pattern}`), men är {value}"
                ),
                format!(
                    "{s} does not have the form the template requires (the pattern `{pattern}`), but is {value}"
                ),
            ),
            ValidationErrorKind::Format { format } => {
                let words = format_words(format, lang);
                pick(
                    format!("{s} ska vara {words}, inte {value}"),
                    format!("{s} must be {words}, not {value}"),
                )
            }
            ValidationErrorKind::ContentEncoding { content_encoding } => pick(
                format!("{s} är inte giltig {content_encoding}-kodad text"),
                format!("{s} is not valid {content_encoding}-encoded text"),
            ),
            ValidationErrorKind::ContentMediaType { content_media_type } => pick(
                format!("{s} är inte giltig `{content_media_type}`"),
                format!("{s} is not valid `{content_media_type}`"),
            ),
            ValidationErrorKind::FromUtf8 { .. } => pick(
                format!("{s} blir inte UTF-8-text när den avkodas"),
                format!("{s} does not decode to UTF-8 text"),
            ),
            ValidationErrorKind::Contains => self.contains(s, schema_path),
            ValidationErrorKind::Not { schema } => match forbidden_words(schema, lang) {
                Some(what) => pick(
                    format!("{s} får inte {what}, så mallen säger"),
                    format!("{s} must not {what}, the template says"),
                ),
                None => pick(
                    format!("{s} är något som mallen uttryckligen förbjuder (`not`)"),
                    format!("{s} is something the template explicitly forbids (`not`)"),
                ),
            },
            ValidationErrorKind::FalseSchema => {
                let (parent, key) = split_pointer(pointer);
                if !pointer.is_empty()
                    && crate::document::lookup(self.value, parent).is_some_and(Value::is_object)
                {
                    let parent = self.subject(parent);
                    pick(
                        format!("nyckeln `{key}` är inte tillåten i {parent}"),
                        format!("the key `{key}` is not allowed in {parent}"),
                    )
                } else {
                    pick(
                        format!("mallen tillåter inget värde för {s}"),
                        format!("the template allows no value for {s}"),
                    )
                }
            }
            ValidationErrorKind::AnyOf { context }
            | ValidationErrorKind::OneOfNotValid { context } => {
                self.closest(s, schema_path, context, depth)
            }
            ValidationErrorKind::OneOfMultipleValid { context } => {
                let valid: Vec<String> = context
                    .iter()
                    .enumerate()
                    .filter(|(_, errors)| errors.is_empty())
                    .map(|(i, _)| self.numbered(schema_path, i))
                    .collect();
                let m = valid.len();
                let n = context.len();
                let which = pick(
                    format!("alternativ {}", and_list(&valid, lang)),
                    format!("alternatives {}", and_list(&valid, lang)),
                );
                pick(
                    format!(
                        "{s} passar {m} av mallens {n} alternativ ({which}), men mallen tillåter exakt ett"
                    ),
                    format!(
                        "{s} matches {m} of the template's {n} alternatives ({which}), but the template allows exactly one"
                    ),
                )
            }
            ValidationErrorKind::PropertyNames { error } => {
                let name = error.instance();
                let key = name
                    .as_str()
                    .map_or_else(|| value_words(name, lang), |k| format!("`{k}`"));
                let subject = pick(
                    format!("nyckelnamnet {key} i {s}"),
                    format!("the key name {key} in {s}"),
                );
                match error.kind() {
                    ValidationErrorKind::FalseSchema => pick(
                        format!(
                            "nyckeln {key} är inte tillåten: mallen tillåter inga nycklar i {s}"
                        ),
                        format!("the key {key} is not allowed: the template allows no keys in {s}"),
                    ),
                    kind => self.reason_for(
                        kind,
                        &subject,
                        pointer,
                        error.schema_path().as_str(),
                        name,
                        depth.saturating_add(1),
                    ),
                }
            }
            ValidationErrorKind::Custom { keyword, message } => pick(
                format!("{s}: {message} (`{keyword}`)"),
                format!("{s}: {message} (`{keyword}`)"),
            ),
            ValidationErrorKind::BacktrackLimitExceeded { .. } => pick(
                format!(
                    "mallens mönster kunde inte prövas mot {s}: det reguljära uttrycket är för krävande"
                ),
                format!(
                    "the template's pattern could not be checked against {s}: the regular expression is too demanding"
                ),
            ),
            ValidationErrorKind::RegexEngineFailure { .. } => pick(
                format!(
                    "mallens mönster kunde inte prövas mot {s}: det reguljära uttrycket gick inte att köra"
                ),
                format!(
                    "the template's pattern could not be checked against {s}: the regular expression could not be run"
                ),
            ),
            ValidationErrorKind::Referencing(_) => pick(
                format!(
                    "en referens (`$ref`) i mallen kan inte slås upp, så {s} kan inte kontrolleras"
                ),
                format!(
                    "a reference (`$ref`) in the template cannot be resolved, so {s} cannot be checked"
                ),
            ),
        }
    }

    /// For a key `dependentRequired` asks for: "add `b:`: the template requires it when `a` is
    /// present".
    pub(crate) fn required_because(
        &self,
        pointer: &str,
        property: &str,
        schema_path: &str,
    ) -> Option<String> {
        let at = schema_path.find("/dependentRequired")?;
        let keyword = schema_path.get(..at.saturating_add("/dependentRequired".len()))?;
        let present = crate::document::lookup(self.value, pointer)?.as_object()?;
        let triggers: Vec<String> = self
            .schema_at(keyword)?
            .as_object()?
            .iter()
            .filter(|(key, needs)| {
                present.contains_key(*key)
                    && needs
                        .as_array()
                        .is_some_and(|n| n.iter().any(|p| p.as_str() == Some(property)))
            })
            .map(|(key, _)| key.clone())
            .collect();
        if triggers.is_empty() {
            return None;
        }
        let keys = key_list(&triggers);
        Some(self.lang.pick(
            &format!("lägg till `{property}:`; mallen kräver den när {keys} finns med"),
            &format!("add `{property}:`; the template requires it when {keys} is present"),
        ))
    }

    /// `enum`: the allowed values in words.
    pub(crate) fn not_one_of(&self, s: &str, allowed: &[Value], instance: &Value) -> String {
        let lang = self.lang;
        if allowed.is_empty() {
            return lang.pick(
                &format!("mallen tillåter inget värde för {s}"),
                &format!("the template allows no value for {s}"),
            );
        }
        let value = value_words(instance, lang);
        let allowed = values_list(allowed, lang);
        lang.pick(
            &format!("{s} ska vara ett av värdena {allowed}, inte {value}"),
            &format!("{s} must be one of the values {allowed}, not {value}"),
        )
    }

    /// `contains`, `minContains` or `maxContains`, with the limit read from the template.
    fn contains(&self, s: &str, schema_path: &str) -> String {
        let lang = self.lang;
        let (parent, keyword) = split_pointer(schema_path);
        let schema = self.schema_at(parent);
        let limit = |name: &str| schema.and_then(|v| v.get(name)).and_then(Value::as_u64);
        let min = limit("minContains");
        match (keyword.as_str(), limit("maxContains")) {
            ("maxContains", Some(max)) => {
                let max = items(usize::try_from(max).unwrap_or(usize::MAX), lang);
                lang.pick(
                    &format!("{s} har för många poster av det slag mallen beskriver under `contains`: högst {max} får finnas"),
                    &format!("{s} has too many items of the kind the template describes under `contains`: at most {max} are allowed"),
                )
            }
            _ => match min.filter(|m| *m > 1) {
                Some(min) => {
                    let min = items(usize::try_from(min).unwrap_or(usize::MAX), lang);
                    lang.pick(
                        &format!("{s} har för få poster av det slag mallen beskriver under `contains`: minst {min} behövs"),
                        &format!("{s} has too few items of the kind the template describes under `contains`: at least {min} are needed"),
                    )
                }
                None => lang.pick(
                    &format!("{s} har ingen post av det slag mallen beskriver under `contains`"),
                    &format!("{s} has no item of the kind the template describes under `contains`"),
                ),
            },
        }
    }

    /// `anyOf`/`oneOf` where no alternative fits: which came closest, and why it failed.
    fn closest(
        &self,
        s: &str,
        schema_path: &str,
        context: &[Vec<ValidationError<'static>>],
        depth: usize,
    ) -> String {
        let lang = self.lang;
        let n = context.len();
        let best = context
            .iter()
            .enumerate()
            .filter(|(_, errors)| !errors.is_empty())
            .min_by_key(|(_, errors)| closeness(errors));
        let Some((index, errors)) = best.filter(|_| depth < MAX_DEPTH) else {
            return lang.pick(
                &format!("{s} passar inte något av mallens {n} alternativ"),
                &format!("{s} matches none of the template's {n} alternatives"),
            );
        };
        let label = self.alternative(schema_path, index);
        let why = errors
            .first()
            .map(|e| self.reason(e, depth.saturating_add(1)))
            .unwrap_or_default();
        let more = match errors.len().saturating_sub(1) {
            0 => String::new(),
            1 => lang.pick(" (och ett fel till)", " (and one more problem)"),
            k => lang.pick(
                &format!(" (och {k} fel till)"),
                &format!(" (and {k} more problems)"),
            ),
        };
        if n == 1 {
            return lang.pick(&format!("{why}{more}"), &format!("{why}{more}"));
        }
        lang.pick(
            &format!("{s} passar inte något av mallens {n} alternativ; närmast kommer {label}, som inte passar: {why}{more}"),
            &format!("{s} matches none of the template's {n} alternatives; the closest, {label}, fails because {why}{more}"),
        )
    }

    /// "alternative 2", with its `title` where the template gives one.
    fn alternative(&self, schema_path: &str, index: usize) -> String {
        let n = self.numbered(schema_path, index);
        self.lang
            .pick(&format!("alternativ {n}"), &format!("alternative {n}"))
    }

    /// "2", or "2 (“Title”)" where the alternative has a `title`.
    fn numbered(&self, schema_path: &str, index: usize) -> String {
        let n = index.saturating_add(1);
        let title = self
            .schema_at(&format!("{schema_path}/{index}"))
            .and_then(|v| v.get("title"))
            .and_then(Value::as_str);
        match title {
            Some(t) => self.lang.pick(
                &format!("{n} (”{}”)", truncate(t, 60)),
                &format!("{n} (“{}”)", truncate(t, 60)),
            ),
            None => n.to_string(),
        }
    }
}

/// How far an alternative is from fitting (smaller is closer): a wrong kind of value at the
/// alternative's own place is farthest, then the number of failures; a failure deeper in the value
/// means more of it fitted.
fn closeness(errors: &[ValidationError<'_>]) -> (bool, usize, std::cmp::Reverse<usize>) {
    let top = errors
        .iter()
        .map(|e| e.instance_path().as_str().len())
        .min()
        .unwrap_or(0);
    let wrong_kind = errors.iter().any(|e| {
        matches!(e.kind(), ValidationErrorKind::Type { .. })
            && e.instance_path().as_str().len() == top
    });
    let deepest = errors
        .iter()
        .map(|e| e.instance_path().as_str().len())
        .max()
        .unwrap_or(0);
    (wrong_kind, errors.len(), std::cmp::Reverse(deepest))
}

/// A value in words: a text quoted, a number or `true`/`false` as written, a list by its length
/// and a mapping by its keys.
pub(crate) fn value_words(v: &Value, lang: Lang) -> String {
    match v {
        Value::Null => lang.pick("ett tomt värde (`null`)", "an empty value (`null`)"),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            let shown = truncate(&escape_controls(s), 60);
            lang.pick(&format!("”{shown}”"), &format!("“{shown}”"))
        }
        Value::Array(a) if a.is_empty() => lang.pick("en tom lista", "an empty list"),
        Value::Array(a) => {
            let n = items(a.len(), lang);
            lang.pick(&format!("en lista med {n}"), &format!("a list of {n}"))
        }
        Value::Object(m) if m.is_empty() => lang.pick("en tom mappning", "an empty mapping"),
        Value::Object(m) => {
            let names: Vec<String> = m.keys().cloned().collect();
            let shown = key_list(&names);
            if m.len() == 1 {
                lang.pick(
                    &format!("en mappning med nyckeln {shown}"),
                    &format!("a mapping with the key {shown}"),
                )
            } else {
                lang.pick(
                    &format!("en mappning med nycklarna {shown}"),
                    &format!("a mapping with the keys {shown}"),
                )
            }
        }
    }
}

/// Where two values differ, when both are mappings or both lists: the first missing, extra or
/// different key or item, followed down into nested mappings and lists. `place` names the value
/// compared ("" for the whole value).
fn difference(expected: &Value, found: &Value, place: &str, lang: Lang) -> Option<String> {
    let inside = |inner: String| -> String {
        if place.is_empty() {
            inner
        } else {
            lang.pick(
                &format!("{inner} i {place}"),
                &format!("{inner} in {place}"),
            )
        }
    };
    let differs = |at: String, e: &Value, f: &Value| -> String {
        difference(e, f, &at, lang).unwrap_or_else(|| {
            let (e, f) = (value_words(e, lang), value_words(f, lang));
            lang.pick(
                &format!("{at} ska vara {e}, inte {f}"),
                &format!("{at} must be {e}, not {f}"),
            )
        })
    };
    match (expected, found) {
        (Value::Object(e), Value::Object(f)) => {
            if let Some(k) = e.keys().find(|k| !f.contains_key(*k)) {
                let at = inside(format!("`{}`", escape_controls(k)));
                return Some(lang.pick(&format!("{at} saknas"), &format!("{at} is missing")));
            }
            if let Some(k) = f.keys().find(|k| !e.contains_key(*k)) {
                let at = inside(format!("`{}`", escape_controls(k)));
                return Some(lang.pick(
                    &format!("{at} ska inte finnas med"),
                    &format!("{at} must not be there"),
                ));
            }
            let (k, ev) = e.iter().find(|(k, v)| f.get(*k) != Some(*v))?;
            let at = inside(format!("`{}`", escape_controls(k)));
            Some(differs(at, ev, f.get(k)?))
        }
        (Value::Array(e), Value::Array(f)) if e.len() != f.len() => {
            let (en, fnn) = (items(e.len(), lang), items(f.len(), lang));
            let at = if place.is_empty() {
                lang.pick("den", "it")
            } else {
                place.to_string()
            };
            Some(lang.pick(
                &format!("{at} ska ha {en}, men har {fnn}"),
                &format!("{at} must have {en}, but has {fnn}"),
            ))
        }
        (Value::Array(e), Value::Array(f)) => {
            let (i, (ev, fv)) = e.iter().zip(f).enumerate().find(|(_, (a, b))| a != b)?;
            let n = i.saturating_add(1);
            let at = match place {
                "" => lang.pick(&format!("post {n}"), &format!("item {n}")),
                _ => lang.pick(
                    &format!("post {n} i {place}"),
                    &format!("item {n} of {place}"),
                ),
            };
            Some(differs(at, ev, fv))
        }
        _ => None,
    }
}

/// What a `not` schema forbids, for the simple and common forms.
fn forbidden_words(schema: &Value, lang: Lang) -> Option<String> {
    let map = schema.as_object()?;
    let only = |keyword: &str| map.len() == 1 && map.contains_key(keyword);
    if only("type") {
        let words: Vec<String> = match map.get("type")? {
            Value::String(t) => vec![super::schema::type_word(t, lang)],
            Value::Array(ts) => ts
                .iter()
                .filter_map(Value::as_str)
                .map(|t| super::schema::type_word(t, lang))
                .collect(),
            _ => return None,
        };
        let words = words.join(lang.pick(" eller ", " or ").as_str());
        return Some(lang.pick(&format!("vara {words}"), &format!("be {words}")));
    }
    if only("const") {
        let v = value_words(map.get("const")?, lang);
        return Some(lang.pick(&format!("vara {v}"), &format!("be {v}")));
    }
    if only("enum") {
        let list = values_list(map.get("enum")?.as_array()?, lang);
        return Some(lang.pick(
            &format!("vara något av {list}"),
            &format!("be any of {list}"),
        ));
    }
    if only("required") {
        let names: Vec<String> = map
            .get("required")?
            .as_array()?
            .iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect();
        if names.is_empty() {
            return None;
        }
        let keys = key_list(&names);
        return Some(if names.len() == 1 {
            lang.pick(
                &format!("ha nyckeln {keys}"),
                &format!("have the key {keys}"),
            )
        } else {
            lang.pick(
                &format!("ha alla nycklarna {keys}"),
                &format!("have all of the keys {keys}"),
            )
        });
    }
    None
}

/// The expected type or types in words: "text eller ett tal".
fn expected_types(kind: &TypeKind, lang: Lang) -> String {
    let names: Vec<String> = match kind {
        TypeKind::Single(t) => vec![t.to_string()],
        TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect(),
    };
    names
        .iter()
        .map(|t| super::schema::type_word(t, lang))
        .collect::<Vec<_>>()
        .join(lang.pick(" eller ", " or ").as_str())
}

fn format_words(format: &str, lang: Lang) -> String {
    let (sv, en) = match format {
        "date" => ("ett datum (ÅÅÅÅ-MM-DD)", "a date (YYYY-MM-DD)"),
        "date-time" => (
            "en tidpunkt (ÅÅÅÅ-MM-DDTtt:mm:ssZ)",
            "a date and time (YYYY-MM-DDThh:mm:ssZ)",
        ),
        "time" => ("ett klockslag (tt:mm:ssZ)", "a time of day (hh:mm:ssZ)"),
        "duration" => ("en tidslängd (t.ex. P3D)", "a duration (e.g. P3D)"),
        "email" | "idn-email" => ("en e-postadress", "an email address"),
        "hostname" | "idn-hostname" => ("ett värdnamn", "a host name"),
        "ipv4" => ("en IPv4-adress", "an IPv4 address"),
        "ipv6" => ("en IPv6-adress", "an IPv6 address"),
        "uri" | "iri" => ("en fullständig URI", "a full URI"),
        "uri-reference" | "iri-reference" => ("en URI-referens", "a URI reference"),
        "uri-template" => ("en URI-mall", "a URI template"),
        "uuid" => ("ett UUID", "a UUID"),
        "json-pointer" => ("en JSON-pekare", "a JSON pointer"),
        "relative-json-pointer" => ("en relativ JSON-pekare", "a relative JSON pointer"),
        "regex" => ("ett reguljärt uttryck", "a regular expression"),
        other => {
            return lang.pick(
                &format!("i formatet `{other}`"),
                &format!("in the format `{other}`"),
            );
        }
    };
    lang.pick(sv, en)
}

/// The 1-based positions of the first item that repeats an earlier one, numbers compared by value
/// (`1` and `1.0` are the same).
fn first_repeat(list: &Value) -> Option<(usize, usize)> {
    let items = list.as_array()?;
    for (j, b) in items.iter().enumerate() {
        for (i, a) in items.iter().enumerate().take(j) {
            if same(a, b) {
                return Some((i.saturating_add(1), j.saturating_add(1)));
            }
        }
    }
    None
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Allowed values, each in words: `Analys`, 3, `true`, an empty list.
fn values_list(values: &[Value], lang: Lang) -> String {
    values
        .iter()
        .map(|v| match v {
            Value::String(s) => format!("`{}`", escape_controls(s)),
            other => value_words(other, lang),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Keys in backticks, at most six, with control characters shown escaped.
fn key_list(keys: &[String]) -> String {
    let mut shown: Vec<String> = keys
        .iter()
        .take(6)
        .map(|k| format!("`{}`", escape_controls(k)))
        .collect();
    if keys.len() > 6 {
        shown.push("…".into());
    }
    shown.join(", ")
}

/// "1 och 2", "1, 2 och 3".
fn and_list(items: &[String], lang: Lang) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => lang.pick(
            &format!("{} och {last}", rest.join(", ")),
            &format!("{} and {last}", rest.join(", ")),
        ),
    }
}

/// Newlines, tabs and other control characters shown as `\n`, `\t` or `U+0007`, so a key or a
/// value stays on its line.
fn escape_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("U+{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn items(n: usize, lang: Lang) -> String {
    counted(n, lang, ("post", "poster"), ("item", "items"))
}

fn keys(n: usize, lang: Lang) -> String {
    counted(n, lang, ("nyckel", "nycklar"), ("key", "keys"))
}

fn chars(n: usize, lang: Lang) -> String {
    counted(n, lang, ("tecken", "tecken"), ("character", "characters"))
}

/// "1 post", "2 poster": the count agrees with its noun in both languages.
fn counted(n: usize, lang: Lang, sv: (&str, &str), en: (&str, &str)) -> String {
    let (one, many) = match lang {
        Lang::Sv => sv,
        Lang::En => en,
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::{Value, json};

    use crate::i18n::Lang;
    use crate::lint::{Options, check_bytes};
    use crate::template::{Template, Templates};

    /// The schema findings (code, message, help) of `yaml` checked against a user's `schema`.
    fn findings(schema: Value, yaml: &str, lang: Lang) -> Vec<(String, String, String)> {
        let template = Template::from_value("egen", schema).unwrap_or_else(|e| panic!("{e}"));
        let templates = Templates::builtin().with_user_schema(template);
        let options = Options {
            lang,
            current_year: 2026,
            ..Options::default()
        };
        let report = check_bytes(
            yaml.as_bytes(),
            Path::new("r.yaml"),
            "r.yaml",
            &templates,
            &options,
        );
        report
            .diagnostics
            .iter()
            .filter(|d| d.code.as_str().starts_with("AR1") || d.code.as_str().starts_with("AR4"))
            .map(|d| {
                (
                    d.code.to_string(),
                    d.message.clone(),
                    d.help.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    /// The one schema finding, in Swedish and in English.
    fn one(schema: Value, yaml: &str) -> [(String, String, String); 2] {
        [Lang::Sv, Lang::En].map(|lang| {
            let mut found = findings(schema.clone(), yaml, lang);
            assert_eq!(found.len(), 1, "{lang:?}: {found:?}");
            let f = found.remove(0);
            for text in [&f.1, &f.2] {
                assert!(
                    !text.contains('{') && !text.contains('}') && !text.contains("Number("),
                    "debug text: {text}"
                );
            }
            f
        })
    }

    fn messages(schema: Value, yaml: &str) -> (String, String) {
        let [sv, en] = one(schema, yaml);
        (sv.1, en.1)
    }

    #[test]
    fn numeric_limits_name_the_limit_and_the_value() {
        let s = json!({"properties": {"a": {"maximum": 3}}});
        assert_eq!(
            messages(s, "a: 5"),
            (
                "`a` får vara högst 3, men är 5".into(),
                "`a` must be at most 3, but is 5".into()
            )
        );
        let s = json!({"properties": {"a": {"exclusiveMinimum": 0}}});
        assert_eq!(
            messages(s, "a: 0"),
            (
                "`a` ska vara större än 0, men är 0".into(),
                "`a` must be greater than 0, but is 0".into()
            )
        );
        let s = json!({"properties": {"a": {"multipleOf": 2}}});
        let (sv, en) = messages(s, "a: 7");
        assert!(sv.starts_with("`a` ska vara en multipel av 2"), "{sv}");
        assert!(en.starts_with("`a` must be a multiple of 2"), "{en}");
    }

    #[test]
    fn lengths_and_counts_agree_with_their_number() {
        let s = json!({"properties": {"a": {"minLength": 2}}});
        assert_eq!(
            messages(s, "a: x"),
            (
                "`a` ska ha minst 2 tecken, men har 1 tecken".into(),
                "`a` must be at least 2 characters long, but has 1 character".into()
            )
        );
        let s = json!({"properties": {"a": {"maxItems": 1}}});
        assert_eq!(
            messages(s, "a: [1, 2]"),
            (
                "`a` får ha högst 1 post, men har 2 poster".into(),
                "`a` may have at most 1 item, but has 2 items".into()
            )
        );
        let s = json!({"maxProperties": 1});
        assert_eq!(
            messages(s, "a: 1\nb: 2"),
            (
                "rapporten får ha högst 1 nyckel, men har 2 nycklar".into(),
                "the report may have at most 1 key, but has 2 keys".into()
            )
        );
        let s = json!({"properties": {"a": {"uniqueItems": true}}});
        assert_eq!(
            messages(s, "a: [1, 2, 1.0]"),
            (
                "`a` har samma post två gånger (post 1 och 3): varje post ska vara unik".into(),
                "`a` has the same item twice (items 1 and 3): every item must be unique".into()
            )
        );
    }

    #[test]
    fn const_and_enum_show_values_in_words() {
        let s = json!({"properties": {"a": {"const": {"x": 1, "y": [1, 2]}}}});
        assert_eq!(
            messages(s, "a: {x: 1, y: [1, 3]}"),
            (
                "`a` ska vara exakt en mappning med nycklarna `x`, `y`: post 2 i `y` ska vara 2, inte 3".into(),
                "`a` must be exactly a mapping with the keys `x`, `y`: item 2 of `y` must be 2, not 3".into()
            )
        );
        let s = json!({"properties": {"a": {"enum": [1, "två", null, {"x": 1}]}}});
        assert_eq!(
            messages(s, "a: [1]"),
            (
                "`a` ska vara ett av värdena 1, `två`, ett tomt värde (`null`), en mappning med nyckeln `x`, inte en lista med 1 post".into(),
                "`a` must be one of the values 1, `två`, an empty value (`null`), a mapping with the key `x`, not a list of 1 item".into()
            )
        );
        let s = json!({"enum": []});
        assert_eq!(
            messages(s, "a: 1"),
            (
                "mallen tillåter inget värde för rapporten".into(),
                "the template allows no value for the report".into()
            )
        );
    }

    #[test]
    fn pattern_names_the_pattern() {
        let s = json!({"properties": {"kod": {"pattern": "^[A-Z]{2}$"}}});
        let [sv, en] = [Lang::Sv, Lang::En].map(|l| findings(s.clone(), "kod: abc", l));
        assert_eq!(
            sv[0].2,
            "mallen kräver text som matchar det reguljära uttrycket `^[A-Z]{2}$`"
        );
        assert_eq!(
            en[0].2,
            "the template requires text that matches the regular expression `^[A-Z]{2}$`"
        );
        assert_eq!(
            super::format_words("date", Lang::Sv),
            "ett datum (ÅÅÅÅ-MM-DD)"
        );
        assert_eq!(
            super::format_words("x-egen", Lang::En),
            "in the format `x-egen`"
        );
    }

    #[test]
    fn not_says_what_is_forbidden() {
        let s = json!({"properties": {"a": {"not": {"type": "string"}}}});
        assert_eq!(
            messages(s, "a: text"),
            (
                "`a` får inte vara text, så mallen säger".into(),
                "`a` must not be text, the template says".into()
            )
        );
        let s = json!({"not": {"required": ["a"]}});
        let [sv, en] = one(s, "a: 1");
        assert_eq!(sv.1, "rapporten får inte ha nyckeln `a`, så mallen säger");
        assert_eq!(en.2, "see `not` in the template, at its root");
        let s = json!({"properties": {"a": {"not": {"minimum": 3}}}});
        let (_, en) = messages(s, "a: 5");
        assert_eq!(
            en,
            "`a` is something the template explicitly forbids (`not`)"
        );
    }

    #[test]
    fn any_of_and_one_of_name_the_closest_alternative_and_why() {
        let s = json!({
            "anyOf": [
                {"type": "array"},
                {"title": "Med belopp", "required": ["belopp"], "properties": {"belopp": {"type": "number"}}},
            ]
        });
        assert_eq!(
            messages(s, "belopp: många"),
            (
                "rapporten passar inte något av mallens 2 alternativ; närmast kommer alternativ 2 (”Med belopp”), som inte passar: `belopp` ska vara ett tal, inte text".into(),
                "the report matches none of the template's 2 alternatives; the closest, alternative 2 (“Med belopp”), fails because `belopp` must be a number, not text".into()
            )
        );
        let s = json!({"oneOf": [{"required": ["a"]}, {"required": ["b"]}, {"required": ["c"]}]});
        assert_eq!(
            messages(s, "a: 1\nc: 1"),
            (
                "rapporten passar 2 av mallens 3 alternativ (alternativ 1 och 3), men mallen tillåter exakt ett".into(),
                "the report matches 2 of the template's 3 alternatives (alternatives 1 and 3), but the template allows exactly one".into()
            )
        );
    }

    #[test]
    fn contains_reads_its_limits_from_the_template() {
        let s = json!({"properties": {"a": {"contains": {"const": 1}}}});
        let (sv, en) = messages(s, "a: [2]");
        assert_eq!(
            sv,
            "`a` har ingen post av det slag mallen beskriver under `contains`"
        );
        assert_eq!(
            en,
            "`a` has no item of the kind the template describes under `contains`"
        );
        let s = json!({"properties": {"a": {"contains": {"const": 1}, "minContains": 2}}});
        let (_, en) = messages(s, "a: [1, 2]");
        assert!(en.ends_with("at least 2 items are needed"), "{en}");
        let s = json!({"properties": {"a": {"contains": {"const": 1}, "maxContains": 1}}});
        let (sv, _) = messages(s, "a: [1, 1]");
        assert!(sv.ends_with("högst 1 post får finnas"), "{sv}");
    }

    #[test]
    fn forbidden_and_unevaluated_keys_are_unknown_keys() {
        let s = json!({"properties": {"a": true}, "unevaluatedProperties": false});
        let [sv, en] = one(s, "a: 1\nb: 2");
        assert_eq!(sv.0, "AR102");
        assert_eq!(sv.1, "okänd nyckel `b` i rapporten");
        assert_eq!(en.2, "valid keys here: `a`");
        let s = json!({"properties": {"a": false}});
        let [sv, en] = one(s, "a: 1");
        assert_eq!(sv.0, "AR102");
        assert_eq!(sv.1, "nyckeln `a` är inte tillåten i rapporten");
        assert_eq!(
            en.2,
            "remove the key; the template forbids it at `/properties/a`"
        );
        let s = json!({"propertyNames": {"maxLength": 3}});
        let [sv, en] = one(s, "abcd: 1");
        assert_eq!(sv.0, "AR102");
        assert_eq!(
            sv.1,
            "nyckelnamnet `abcd` i rapporten får ha högst 3 tecken, men har 4 tecken"
        );
        assert_eq!(
            en.1,
            "the key name `abcd` in the report may be at most 3 characters long, but has 4 characters"
        );
        let s = json!({"dependentSchemas": {"b": false}});
        let [sv, _] = one(s, "b: 1");
        assert_eq!(sv.1, "nyckeln `b` är inte tillåten i rapporten");
    }

    #[test]
    fn false_schema_and_dependent_required() {
        let [sv, en] = one(json!(false), "a: 1");
        assert_eq!(sv.0, "AR103");
        assert_eq!(sv.1, "mallen tillåter inget värde för rapporten");
        assert_eq!(
            en.2,
            "the template has `false` (no value allowed) at its root"
        );
        let s = json!({"dependentRequired": {"a": ["b"]}});
        let [sv, en] = one(s, "a: 1");
        assert_eq!(sv.0, "AR101");
        assert_eq!(sv.2, "lägg till `b:`; mallen kräver den när `a` finns med");
        assert_eq!(en.1, "`b` is missing from the report");
        assert_eq!(
            en.2,
            "add `b:`; the template requires it when `a` is present"
        );
    }

    #[test]
    fn a_list_item_of_the_wrong_kind_in_the_2020_template_is_named_by_position() {
        let report = include_str!("../../examples/exempel-2020.yaml")
            .replace("  mal:\n", "  mal:\n    - 17\n");
        for (lang, want) in [
            (Lang::Sv, "post 1 i `mal` ska vara en mappning"),
            (Lang::En, "item 1 of `mal` must be a mapping"),
        ] {
            let options = Options {
                lang,
                current_year: 2026,
                ..Options::default()
            };
            let found = check_bytes(
                report.as_bytes(),
                Path::new("r.yaml"),
                "r.yaml",
                &Templates::builtin(),
                &options,
            );
            assert!(
                found
                    .diagnostics
                    .iter()
                    .any(|d| d.message.starts_with(want)),
                "{:?}",
                found.diagnostics
            );
        }
    }

    #[test]
    fn list_items_are_named_by_position() {
        let s = json!({"properties": {"a": {"items": {"type": "number"}}}});
        assert_eq!(
            messages(s, "a: [1, x]"),
            (
                "post 2 i `a` ska vara ett tal, inte text".into(),
                "item 2 of `a` must be a number, not text".into()
            )
        );
        let s = json!({"properties": {"a": {"prefixItems": [true], "unevaluatedItems": false}}});
        assert_eq!(
            messages(s, "a: [1, 2, 3]"),
            (
                "`a` har 2 poster utöver dem mallen beskriver".into(),
                "`a` has 2 items beyond those the template describes".into()
            )
        );
    }
}
