//! Templates: the JSON Schemas under `schemas/` (embedded in the binary, their validators generated
//! at build time) or a user's schema file (compiled once when read), plus a walker that follows a JSON pointer through a schema (`properties`,
//! `items`, `$ref`) to read the template's own words: `x-rubrik`, `x-nummer`, `x-fraga`,
//! `x-tabell`, `x-malreferens`, `x-ja-nej`. Nothing here knows a heading or a column by name.

use std::path::Path;

use serde_json::Value;

/// The schemas that ship with aterrapport: (id, JSON text, its validator generated at build time).
/// `include_str!` also makes cargo rebuild, and so regenerate the validator, when a schema changes.
const BUILTIN: &[(&str, &str, Generated)] = &[(
    "aterrapport-2020",
    include_str!("../schemas/aterrapport-2020.schema.json"),
    Aterrapport2020::iter_errors,
)];

/// A validator generated at build time: `iter_errors` of a `#[jsonschema::validator]` struct.
type Generated = for<'i> fn(&'i Value) -> jsonschema::ErrorIterator<'i>;

/// The 2020 template's validator, generated from the schema when aterrapport is built: compiling
/// the schema at run time (and first checking it against the JSON Schema meta-schema) took about
/// 3 ms of every process, more than checking a report. Same errors, same order, as a compiled one
/// (`tests/all/builtin_template.rs`).
#[jsonschema::validator(
    path = "schemas/aterrapport-2020.schema.json",
    draft = Draft202012,
    methods = { is_valid = false, validate = false }
)]
struct Aterrapport2020;

/// How a template checks a report: generated at build time (the built-in ones) or compiled when
/// the schema is read (a user's).
enum Check {
    Compiled(jsonschema::Validator),
    Generated(Generated),
}

pub struct Template {
    /// `aterrapport-2020`: what `mall:` names.
    pub id: String,
    pub schema: Value,
    check: Check,
}

impl std::fmt::Debug for Template {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Template")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

#[derive(Debug)]
pub enum TemplateError {
    Read(String),
    Json(String),
    Schema(String),
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TemplateError::Read(e) => write!(f, "cannot read the schema: {e}"),
            TemplateError::Json(e) => write!(f, "the schema is not valid JSON: {e}"),
            TemplateError::Schema(e) => write!(f, "the schema is not a valid JSON Schema: {e}"),
        }
    }
}

impl Template {
    pub fn from_json(id_hint: &str, text: &str) -> Result<Template, TemplateError> {
        let schema: Value =
            serde_json::from_str(text).map_err(|e| TemplateError::Json(e.to_string()))?;
        Template::from_value(id_hint, schema)
    }

    pub fn from_value(id_hint: &str, schema: Value) -> Result<Template, TemplateError> {
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(&schema)
            .map_err(|e| TemplateError::Schema(e.to_string()))?;
        Ok(Template::new(id_hint, schema, Check::Compiled(validator)))
    }

    /// Its id is the schema's `x-mall`, else `id_hint`.
    fn new(id_hint: &str, schema: Value, check: Check) -> Template {
        let id = schema
            .get("x-mall")
            .and_then(Value::as_str)
            .unwrap_or(id_hint)
            .to_string();
        Template { id, schema, check }
    }

    /// A user's schema file; its id is `x-mall` or the file name without `.schema.json`/`.json`.
    pub fn from_file(path: &Path) -> Result<Template, TemplateError> {
        let text = std::fs::read_to_string(path).map_err(|e| TemplateError::Read(e.to_string()))?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("schema");
        let stem = name.trim_end_matches(".json").trim_end_matches(".schema");
        Template::from_json(stem, &text)
    }

    /// Every place `instance` does not meet the schema.
    pub fn iter_errors<'i>(&'i self, instance: &'i Value) -> jsonschema::ErrorIterator<'i> {
        match &self.check {
            Check::Compiled(v) => v.iter_errors(instance),
            Check::Generated(f) => f(instance),
        }
    }

    /// Whether `instance` meets the schema.
    pub fn is_valid(&self, instance: &Value) -> bool {
        self.iter_errors(instance).next().is_none()
    }

    /// The schema node that describes the instance at `pointer`, if the template describes it.
    pub fn node(&self, pointer: &str) -> Option<SchemaNode<'_>> {
        let mut node = SchemaNode {
            root: &self.schema,
            value: &self.schema,
        };
        for token in pointer_tokens(pointer) {
            node = node.child(&token)?;
        }
        Some(node)
    }
}

/// The built-in templates, prepared once per process on first use: their validators are generated
/// at build time, what is left is reading the schema's JSON for the template's words, which
/// `prepare_builtin` lets a run do on another core while the first report is read and parsed.
static BUILTIN_COMPILED: std::sync::OnceLock<Vec<Template>> = std::sync::OnceLock::new();

fn builtin_compiled() -> &'static [Template] {
    BUILTIN_COMPILED.get_or_init(compile_builtin)
}

/// Prepares the built-in templates now unless done already (blocks until they are ready), and
/// checks `warm_up_report` with each: their generated validators compile a `pattern` when it is
/// first used, so this compiles them here (on the warm-up thread), not while the first report is
/// checked. (`\S` alone was a fifth of the template check of one report: regex fills a 400 kB
/// scratch map for its Unicode class.)
pub fn prepare_builtin() {
    let report = warm_up_report();
    for template in builtin_compiled() {
        let _ = template.iter_errors(&report).count();
    }
}

/// A report with an empty string wherever the built-in templates have a `pattern`: the region,
/// the date the strategy was adopted and its goal word (a test holds it to every pattern).
fn warm_up_report() -> Value {
    serde_json::json!({
        "region": "",
        "strategi": { "faststalld": "", "malbegrepp": "" },
    })
}

/// Prepares the built-in templates afresh; for `cargo bench --bench pipeline`, which times this
/// part of start-up. The embedded schemas are tested; a broken one is skipped rather than crashing.
#[doc(hidden)]
pub fn compile_builtin() -> Vec<Template> {
    BUILTIN
        .iter()
        .filter_map(|(id, text, generated)| {
            let schema: Value = serde_json::from_str(text).ok()?;
            Some(Template::new(id, schema, Check::Generated(*generated)))
        })
        .collect()
}

/// The templates a run can choose from: the built-in ones (compiled on first use) and the user's,
/// which replace a built-in one of the same id.
#[derive(Debug)]
pub struct Templates {
    user: Vec<Template>,
    /// A `--schema` given by the user is used for every file, whatever `mall` says.
    forced: Option<usize>,
    /// `template` of `aterrapport.toml`: for reports without `mall`.
    default: Option<String>,
}

impl Templates {
    pub fn builtin() -> Templates {
        Templates {
            user: Vec::new(),
            forced: None,
            default: None,
        }
    }

    pub fn with_user_schema(mut self, template: Template) -> Templates {
        self.user.retain(|t| t.id != template.id);
        self.user.push(template);
        self.forced = Some(self.user.len() - 1);
        self
    }

    /// Adds schemas from a directory of `*.schema.json` files (later ones win).
    pub fn add(&mut self, template: Template) {
        self.user.retain(|t| t.id != template.id);
        self.user.push(template);
    }

    /// The template `id`; a built-in one is compiled here if it is not yet.
    pub fn get(&self, id: &str) -> Option<&Template> {
        self.user.iter().find(|t| t.id == id).or_else(|| {
            // Only an id of the built-in list is worth compiling them for.
            BUILTIN
                .iter()
                .any(|(b, ..)| *b == id)
                .then(builtin_compiled)?
                .iter()
                .find(|t| t.id == id)
        })
    }

    /// Whether there is a template `id`, without compiling anything.
    pub fn has(&self, id: &str) -> bool {
        self.ids().contains(&id)
    }

    /// The template for reports that do not name one in `mall`.
    pub fn set_default(&mut self, id: &str) {
        self.default = Some(id.to_string());
    }

    pub fn default_template(&self) -> Option<&Template> {
        self.default.as_deref().and_then(|id| self.get(id))
    }

    pub fn forced(&self) -> Option<&Template> {
        self.forced.and_then(|i| self.user.get(i))
    }

    /// The built-in ids a user template does not replace.
    fn builtin_ids(&self) -> impl Iterator<Item = &'static str> + '_ {
        BUILTIN
            .iter()
            .map(|(id, ..)| *id)
            .filter(|id| !self.user.iter().any(|t| t.id == *id))
    }

    pub fn ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.builtin_ids().collect();
        ids.extend(self.user.iter().map(|t| t.id.as_str()));
        ids.sort_unstable();
        ids
    }
}

/// Splits a JSON pointer into unescaped tokens.
pub fn pointer_tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
}

/// The parent pointer and the last token.
pub fn split_pointer(pointer: &str) -> (&str, String) {
    match pointer.rfind('/') {
        Some(i) => (
            &pointer[..i],
            pointer[i + 1..].replace("~1", "/").replace("~0", "~"),
        ),
        None => ("", String::new()),
    }
}

/// One table column as the template describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub keys: Vec<String>,
    pub heading: String,
}

/// What `root.pointer(pointer)` finds, without a new string per token: every rule asks for the
/// template's words through `$ref`s, hundreds of times per report, and `Value::pointer` allocates
/// two strings for each token to unescape it.
pub(crate) fn local_target<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    pointer
        .strip_prefix('/')?
        .split('/')
        .try_fold(root, |node, token| {
            let token = if token.contains('~') {
                std::borrow::Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
            } else {
                std::borrow::Cow::Borrowed(token)
            };
            match node {
                Value::Object(map) => map.get(token.as_ref()),
                Value::Array(items) => array_index(&token).and_then(|i| items.get(i)),
                _ => None,
            }
        })
}

/// An array index as `Value::pointer` reads one: digits only, no sign, no leading zero.
fn array_index(token: &str) -> Option<usize> {
    let leading_zero = token.len() > 1 && token.starts_with('0');
    if leading_zero || token.starts_with('+') {
        return None;
    }
    token.parse().ok()
}

/// A position in a schema, with the root kept for `$ref`.
#[derive(Clone, Copy, Debug)]
pub struct SchemaNode<'a> {
    root: &'a Value,
    pub value: &'a Value,
}

impl<'a> SchemaNode<'a> {
    /// This node and the targets of its `$ref` chain, nearest first. Annotations written next to a
    /// `$ref` win over those of the target.
    fn chain(&self) -> impl Iterator<Item = &'a Value> + 'a {
        let root = self.root;
        let mut next = Some(self.value);
        let mut hops = 0;
        std::iter::from_fn(move || {
            let current = next?;
            hops += 1;
            next = current
                .get("$ref")
                .and_then(Value::as_str)
                .filter(|_| hops < 32)
                .and_then(|r| r.strip_prefix('#'))
                .and_then(|p| local_target(root, p));
            Some(current)
        })
    }

    fn get(&self, keyword: &str) -> Option<&'a Value> {
        self.chain().find_map(|v| v.get(keyword))
    }

    fn at(&self, value: &'a Value) -> SchemaNode<'a> {
        SchemaNode {
            root: self.root,
            value,
        }
    }

    pub fn child(&self, token: &str) -> Option<SchemaNode<'a>> {
        for v in self.chain() {
            if let Some(p) = v.get("properties").and_then(|p| p.get(token)) {
                return Some(self.at(p));
            }
            if token.parse::<usize>().is_ok()
                && let Some(items) = v.get("items").filter(|i| i.is_object())
            {
                return Some(self.at(items));
            }
        }
        None
    }

    pub fn property_names(&self) -> Vec<&'a str> {
        let mut names = Vec::new();
        for v in self.chain() {
            if let Some(props) = v.get("properties").and_then(Value::as_object) {
                for k in props.keys() {
                    if !names.contains(&k.as_str()) {
                        names.push(k.as_str());
                    }
                }
            }
        }
        names
    }

    pub fn heading(&self) -> Option<&'a str> {
        self.get("x-rubrik").and_then(Value::as_str)
    }

    pub fn number(&self) -> Option<&'a str> {
        self.get("x-nummer").and_then(Value::as_str)
    }

    pub fn question(&self) -> Option<&'a str> {
        self.get("x-fraga").and_then(Value::as_str)
    }

    pub fn description(&self) -> Option<&'a str> {
        self.get("description").and_then(Value::as_str)
    }

    pub fn is_yes_no(&self) -> bool {
        self.get("x-ja-nej")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    pub fn is_goal_reference(&self) -> bool {
        self.get("x-malreferens")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    pub fn is_section(&self) -> bool {
        self.heading().is_some()
    }

    pub fn enum_values(&self) -> Vec<&'a str> {
        self.get("enum")
            .and_then(Value::as_array)
            .map_or_else(Vec::new, |a| a.iter().filter_map(Value::as_str).collect())
    }

    /// The JSON types this node accepts.
    pub fn types(&self) -> Vec<&'a str> {
        match self.get("type") {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    pub fn required(&self) -> Vec<&'a str> {
        self.get("required")
            .and_then(Value::as_array)
            .map_or_else(Vec::new, |a| a.iter().filter_map(Value::as_str).collect())
    }

    /// Keys that become required under a condition (`then: { required: [...] }`), such as the
    /// strategy's name when the answer is Ja.
    pub fn required_when(&self) -> Vec<&'a str> {
        self.get("then")
            .and_then(|t| t.get("required"))
            .and_then(Value::as_array)
            .map_or_else(Vec::new, |a| a.iter().filter_map(Value::as_str).collect())
    }

    /// The columns of a table (`x-tabell` on the array's schema).
    pub fn columns(&self) -> Option<Vec<Column>> {
        let table = self.get("x-tabell")?;
        let columns = table.get("kolumner")?.as_array()?;
        Some(
            columns
                .iter()
                .filter_map(|c| {
                    let heading = c.get("rubrik")?.as_str()?.to_string();
                    let keys = c
                        .get("nycklar")?
                        .as_array()?
                        .iter()
                        .filter_map(Value::as_str)
                        .map(String::from)
                        .collect();
                    Some(Column { keys, heading })
                })
                .collect(),
        )
    }

    /// The table's kind as the template names it (`x-tabell.typ`: "A", "B", "C"), if it does.
    pub fn table_kind(&self) -> Option<&'a str> {
        self.get("x-tabell")?.get("typ")?.as_str()
    }

    /// Are the table's rows insatser (`x-tabell.insatser`)? A table that does not say is taken to
    /// hold insatser; the 2020 template marks 5.1 (analyses, table C) `false`.
    pub fn holds_insatser(&self) -> bool {
        self.get("x-tabell")
            .and_then(|t| t.get("insatser"))
            .and_then(Value::as_bool)
            .unwrap_or(true)
    }

    /// `x-rubrik` with `{rapportar}` replaced by the report year (or dropped when it is unknown).
    pub fn heading_for(&self, year: Option<i64>) -> Option<String> {
        let heading = self.heading()?;
        Some(match year {
            Some(y) => heading.replace("{rapportar}", &y.to_string()),
            None => heading
                .replace(" {rapportar}", "")
                .replace("{rapportar}", ""),
        })
    }

    /// "1.2.2 Företagande och entreprenörskap", or the heading alone for a chapter; `{rapportar}`
    /// replaced by the report year.
    pub fn title(&self, year: Option<i64>) -> Option<String> {
        let heading = self.heading_for(year)?;
        Some(match self.number() {
            Some(n) => format!("{n} {heading}"),
            None => heading,
        })
    }
}

/// Calls `f` for every node of `value` that the schema describes, with its pointer and schema
/// node, parents before children.
///
/// A key's schema node is looked up once per walk under each schema node: a report repeats the
/// same keys under the same schema node in every row of a table, and each lookup follows the
/// `$ref` chain through the schema's maps (the goal and table rules' walks over the Skåne report:
/// 2,696 lookups before, 312 now).
pub fn walk_described<'s>(
    value: &Value,
    pointer: &str,
    node: SchemaNode<'s>,
    f: &mut dyn FnMut(&str, &Value, SchemaNode<'s>) -> bool,
) {
    walk(value, pointer, node, f, &mut foldhash::HashMap::default());
}

/// A schema node's child for a key, by the node's address and the key.
type Children<'s, 'v> = foldhash::HashMap<(usize, &'v str), Option<SchemaNode<'s>>>;

fn walk<'s, 'v>(
    value: &'v Value,
    pointer: &str,
    node: SchemaNode<'s>,
    f: &mut dyn FnMut(&str, &Value, SchemaNode<'s>) -> bool,
    children: &mut Children<'s, 'v>,
) {
    // `f` returns false to skip the node's children.
    if !f(pointer, value, node) {
        return;
    }
    match value {
        Value::Object(map) => {
            let at = std::ptr::from_ref(node.value).addr();
            for (key, child) in map {
                let child_node = *children
                    .entry((at, key.as_str()))
                    .or_insert_with(|| node.child(key));
                if let Some(child_node) = child_node {
                    let pointer = crate::document::child_pointer(pointer, key);
                    walk(child, &pointer, child_node, f, children);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let token = i.to_string();
                if let Some(child_node) = node.child(&token) {
                    let pointer = crate::document::child_pointer(pointer, &token);
                    walk(child, &pointer, child_node, f, children);
                }
            }
        }
        _ => {}
    }
}

/// Whether schema nodes are goal references or tables, each worked out once per node: a walk over
/// a report meets the same schema node in every row of a table, and each answer follows the
/// node's `$ref` chain through the schema's maps.
#[derive(Default)]
pub struct NodeFacts<'s> {
    goal_reference: foldhash::HashMap<usize, bool>,
    table: foldhash::HashMap<usize, bool>,
    schema: std::marker::PhantomData<&'s Value>,
}

impl<'s> NodeFacts<'s> {
    /// `node.is_goal_reference()`.
    pub fn is_goal_reference(&mut self, node: SchemaNode<'s>) -> bool {
        *self
            .goal_reference
            .entry(std::ptr::from_ref(node.value).addr())
            .or_insert_with(|| node.is_goal_reference())
    }

    /// Whether `node` describes a table: `node.columns().is_some()`.
    pub fn is_table(&mut self, node: SchemaNode<'s>) -> bool {
        *self
            .table
            .entry(std::ptr::from_ref(node.value).addr())
            .or_insert_with(|| node.columns().is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `$ref` shortcut finds what serde_json's `Value::pointer` finds, escapes and array
    /// indexes included.
    #[test]
    fn local_target_is_value_pointer() {
        let root = serde_json::json!({
            "$defs": {"a/b": {"x": 1}, "m~n": [10, 20, {"y": 2}], "": {"z": 3}},
            "list": [[1, 2], {"k": true}],
        });
        for p in [
            "",
            "/",
            "/$defs",
            "/$defs/a~1b",
            "/$defs/a~1b/x",
            "/$defs/m~0n/2/y",
            "/$defs/m~0n/1",
            "/$defs/m~0n/01",
            "/$defs/m~0n/+1",
            "/$defs/m~0n/-1",
            "/$defs/m~0n/3",
            "/$defs/",
            "/$defs//z",
            "/list/0/1",
            "/list/1/k",
            "/list/1/k/x",
            "/saknas",
            "utan-snedstreck",
            "/$defs/a~2b",
            "/$defs/a~1b~",
            "/list/18446744073709551616",
        ] {
            assert_eq!(local_target(&root, p), root.pointer(p), "{p}");
        }
    }

    /// Every `pattern` of every built-in template, as a schema path ending in `/pattern`.
    fn pattern_paths(node: &Value, path: &str, out: &mut Vec<String>) {
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    let here = format!("{path}/{key}");
                    if key == "pattern" && child.is_string() {
                        out.push(here);
                    } else {
                        pattern_paths(child, &here, out);
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    pattern_paths(child, &format!("{path}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    /// Checking `warm_up_report` uses every pattern of every built-in template (each fails on its
    /// empty string), so the warm-up compiles them all.
    #[test]
    fn the_warm_up_report_reaches_every_pattern() {
        let report = warm_up_report();
        for template in compile_builtin() {
            let mut want = Vec::new();
            pattern_paths(&template.schema, "", &mut want);
            want.sort();
            assert!(want.len() >= 3, "{want:?}");
            let mut reached: Vec<String> = template
                .iter_errors(&report)
                .filter(|e| {
                    matches!(
                        e.kind(),
                        jsonschema::error::ValidationErrorKind::Pattern { .. }
                    )
                })
                .map(|e| e.schema_path().to_string())
                .collect();
            reached.sort();
            reached.dedup();
            // An error's path runs through the `$ref` that led to the pattern; the pattern is
            // the one at the path's last `$defs` step (or the path itself).
            let reached: Vec<String> = reached
                .iter()
                .map(|p| match p.rfind("/$defs/") {
                    Some(i) => p.get(i..).unwrap_or(p).to_string(),
                    None => p.clone(),
                })
                .collect();
            for path in &want {
                assert!(
                    reached.iter().any(|r| r == path),
                    "{}: {path} not reached by the warm-up report ({reached:?})",
                    template.id
                );
            }
        }
    }

    /// `Templates::ids` names the built-in templates without compiling them: each must compile,
    /// under the id it is listed with.
    #[test]
    fn every_builtin_template_compiles_under_its_listed_id() {
        let compiled = compile_builtin();
        let ids: Vec<&str> = compiled.iter().map(|t| t.id.as_str()).collect();
        let listed: Vec<&str> = BUILTIN.iter().map(|(id, ..)| *id).collect();
        assert_eq!(ids, listed);
        // A user who passes the same file as `--schema` gets it compiled at run time.
        for (id, text, _) in BUILTIN {
            assert!(Template::from_json(id, text).is_ok(), "{id}");
        }
    }

    #[test]
    fn builtin_template_compiles_and_carries_annotations() {
        let t = Templates::builtin();
        let t = t
            .get("aterrapport-2020")
            .unwrap_or_else(|| panic!("template missing"));
        let n = t
            .node("/aterrapportering_1/innovation_och_foretagande/foretagande_och_entreprenorskap");
        let n = n.unwrap_or_else(|| panic!("node missing"));
        assert_eq!(
            n.title(None).as_deref(),
            Some("1.2.2 Företagande och entreprenörskap")
        );
        let table = t.node("/aterrapportering_1/innovation_och_foretagande/innovation/insatser");
        let cols = table.and_then(|n| n.columns()).unwrap_or_default();
        assert_eq!(cols.len(), 4);
        assert_eq!(cols[1].heading, "Insatsens bidrag till fastställda mål");
        let cell = t.node(
            "/aterrapportering_1/innovation_och_foretagande/innovation/insatser/3/bidrag_till_mal",
        );
        assert!(cell.is_some_and(|c| c.is_goal_reference()));
        let svar = t.node("/aterrapportering_2/faststalld_strategi/svar");
        assert!(svar.is_some_and(|c| c.is_yes_no()));
        let seven = t
            .node("/aterrapportering_7")
            .and_then(|n| n.title(Some(2020)));
        assert_eq!(
            seven.as_deref(),
            Some("7 Övriga medskick ni vill göra angående det regionala tillväxtarbetet 2020")
        );
    }

    /// The walk (which looks a key's schema node up once under each schema node) gives every node
    /// the schema node `Template::node` finds from the root for its pointer, visits every node
    /// the template describes, and `NodeFacts` answers as the node itself does.
    #[test]
    fn the_walk_gives_each_node_its_schema_node() {
        let templates = Templates::builtin();
        let Some(template) = templates.get("aterrapport-2020") else {
            panic!("template missing");
        };
        let Some(root) = template.node("") else {
            panic!("no root node");
        };
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut reports = 0;
        for name in ["skane-2020.yaml", "exempel-2020.yaml"] {
            let text = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
            let (doc, _) = crate::document::load(
                &text,
                crate::source::FileId::Report,
                crate::document::Limits::default(),
                crate::i18n::Lang::En,
            );
            let Some(value) = &doc.value else {
                panic!("{name} did not load");
            };
            let mut facts = NodeFacts::default();
            let (mut visited, mut goal_references, mut tables) = (0, 0, 0);
            walk_described(value, "", root, &mut |pointer, _, node| {
                let Some(expected) = template.node(pointer) else {
                    panic!(
                        "{name}: the walk visits {pointer}, which the template does not describe"
                    );
                };
                assert!(
                    std::ptr::eq(node.value, expected.value),
                    "{name}: {pointer}"
                );
                assert_eq!(facts.is_goal_reference(node), node.is_goal_reference());
                assert_eq!(facts.is_table(node), node.columns().is_some());
                goal_references += usize::from(node.is_goal_reference());
                tables += usize::from(node.columns().is_some());
                visited += 1;
                true
            });
            // Every node whose pointer the template describes, with its parents, is visited.
            let described = doc
                .spans
                .keys()
                .filter(|p| {
                    let mut prefix = String::new();
                    pointer_tokens(p).all(|token| {
                        prefix = crate::document::child_pointer(&prefix, &token);
                        template.node(&prefix).is_some()
                    })
                })
                .count();
            assert_eq!(visited, described, "{name}");
            assert!(
                goal_references > 10 && tables > 5,
                "{name}: {goal_references}, {tables}"
            );
            reports += 1;
        }
        assert_eq!(reports, 2);
    }
}
