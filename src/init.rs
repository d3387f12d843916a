//! `aterrapport init`: a complete skeleton of a template — every section, question and table, with
//! the template's headings, question texts and column headings as comments and `[fyll i: …]`
//! placeholders that AR504 reports until they are filled in. Everything comes from the template's
//! annotations, so a new template year needs no code change.

use std::fmt::Write as _;

use std::path::Path;

use crate::EXIT_OK;
use crate::cli::InitArgs;
use crate::setup::{Setup, fail};
use crate::template::{SchemaNode, Template};

/// What the author tells `init`.
#[derive(Debug)]
pub struct Skeleton<'a> {
    pub region: &'a str,
    pub year: i64,
    pub malbegrepp: &'a [String],
    /// The `$schema` of the modeline, relative to the report.
    pub schema_path: &'a str,
}

/// The report skeleton as YAML text.
pub fn skeleton(template: &Template, s: &Skeleton<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# yaml-language-server: $schema={}", s.schema_path);
    let _ = writeln!(
        out,
        "# Återrapportering {} för {} (mall {}). Skapad med `aterrapport init`.",
        s.year, s.region, template.id
    );
    let _ = writeln!(
        out,
        "# Ersätt varje ”[fyll i …]” med rapportens text; `aterrapport check` visar dem som AR504 tills de är ifyllda."
    );
    let Some(root) = template.node("") else {
        return out;
    };
    let mut w = Writer {
        out,
        s,
        year: s.year,
        template_id: template.id.clone(),
    };
    w.object(root, 0, Place::Root);
    w.out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Root,
    Strategy,
    Goal,
    Other,
}

struct Writer<'a> {
    out: String,
    s: &'a Skeleton<'a>,
    year: i64,
    template_id: String,
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

impl Writer<'_> {
    fn line(&mut self, indent: usize, text: &str) {
        let _ = writeln!(self.out, "{:indent$}{text}", "", indent = indent);
    }

    fn comment(&mut self, indent: usize, text: &str) {
        for l in text.lines() {
            self.line(indent, &format!("# {l}"));
        }
    }

    /// The keys of an object node that the skeleton shows.
    fn keys<'n>(node: SchemaNode<'n>, place: Place) -> Vec<&'n str> {
        let names = node.property_names();
        let required = node.required();
        match place {
            // `mall` is optional but makes the template explicit.
            Place::Root => names
                .into_iter()
                .filter(|k| {
                    *k == "mall"
                        || required.contains(k)
                        || node.child(k).is_some_and(|c| c.is_section())
                })
                .collect(),
            // The strategy written out in the report (`fil` is the alternative).
            Place::Strategy => names.into_iter().filter(|k| *k != "fil").collect(),
            // One goal: no sub-goals in the skeleton.
            Place::Goal => names.into_iter().filter(|k| required.contains(k)).collect(),
            _ if node.is_yes_no() => names,
            _ if required.is_empty() => names,
            // Every section, required or not, every other required key, and the keys an answer
            // can make required (the strategy's name after Ja), as placeholders.
            _ => {
                let required_when = node.required_when();
                names
                    .into_iter()
                    .filter(|k| {
                        required.contains(k)
                            || required_when.contains(k)
                            || node.child(k).is_some_and(|c| c.is_section())
                    })
                    .collect()
            }
        }
    }

    fn object(&mut self, node: SchemaNode<'_>, indent: usize, place: Place) {
        for key in Self::keys(node, place) {
            let Some(child) = node.child(key) else {
                continue;
            };
            self.property(key, child, indent, place);
        }
    }

    fn property(&mut self, key: &str, node: SchemaNode<'_>, indent: usize, parent: Place) {
        let pad = indent;
        if let Some(title) = node.title(Some(self.year)) {
            if indent == 0 {
                self.line(0, "");
            }
            self.comment(pad, &title);
        }
        if let Some(q) = node.question() {
            self.comment(pad, q);
        }
        match (parent, key) {
            (Place::Root, "mall") => {
                let id = self.template_id.clone();
                return self.scalar(pad, key, &id);
            }
            (Place::Root, "region") => return self.scalar(pad, key, &yaml_string(self.s.region)),
            (Place::Root, "rapportar") => return self.scalar(pad, key, &self.year.to_string()),
            (Place::Root, "strategi") => {
                self.line(0, "");
                self.line(pad, "strategi:");
                return self.object(node, pad + 2, Place::Strategy);
            }
            (Place::Strategy, "malbegrepp") => {
                let value = match self.s.malbegrepp {
                    [one] => yaml_string(one),
                    many => format!(
                        "[{}]",
                        many.iter()
                            .map(|m| yaml_string(m))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                return self.scalar(pad, key, &value);
            }
            (Place::Strategy, "faststalld") => {
                return self.scalar(
                    pad,
                    key,
                    "\"[fyll i: datum då strategin fastställdes, ÅÅÅÅ-MM-DD]\"",
                );
            }
            (Place::Strategy, "mal") => {
                self.line(pad, "mal:");
                let term = self.s.malbegrepp.first().map_or("mål", String::as_str);
                self.comment(
                    pad + 2,
                    &format!("Ett {term} per post; delmål under `delmal` med id som \"1.1\"."),
                );
                if let Some(item) = node.child("0") {
                    self.line(pad + 2, "- id: \"1\"");
                    let keys: Vec<&str> = Self::keys(item, Place::Goal)
                        .into_iter()
                        .filter(|k| *k != "id")
                        .collect();
                    for k in keys {
                        if let Some(c) = item.child(k) {
                            self.property(k, c, pad + 4, Place::Goal);
                        }
                    }
                }
                return;
            }
            (Place::Goal, "text") => {
                let term = self.s.malbegrepp.first().map_or("målet", String::as_str);
                return self.scalar(
                    pad,
                    key,
                    &yaml_string(&format!("[fyll i: {term} 1 ordagrant ur strategin]")),
                );
            }
            _ => {}
        }
        if let Some(columns) = node.columns() {
            let headings: Vec<&str> = columns.iter().map(|c| c.heading.as_str()).collect();
            self.comment(pad, &format!("Tabell: {}", headings.join(" | ")));
            self.line(pad, &format!("{key}:"));
            let Some(item) = node.child("0") else {
                return;
            };
            let mut first = true;
            let mut keys: Vec<String> = columns.iter().flat_map(|c| c.keys.clone()).collect();
            for r in item.required() {
                if !keys.iter().any(|k| k == r) {
                    keys.push(r.to_string());
                }
            }
            for k in keys {
                let Some(c) = item.child(&k) else { continue };
                let heading = columns
                    .iter()
                    .find(|col| col.keys.contains(&k))
                    .map(|col| col.heading.clone());
                let prefix = if first { "- " } else { "  " };
                first = false;
                let value = self.placeholder(&k, c, heading.as_deref());
                self.line(pad + 2, &format!("{prefix}{k}: {value}"));
            }
            return;
        }
        let types = node.types();
        if types.contains(&"object") || !node.property_names().is_empty() {
            self.line(pad, &format!("{key}:"));
            return self.object(node, pad + 2, Place::Other);
        }
        let value = self.placeholder(key, node, None);
        self.scalar(pad, key, &value);
    }

    fn placeholder(&self, key: &str, node: SchemaNode<'_>, heading: Option<&str>) -> String {
        let values = node.enum_values();
        if !values.is_empty() {
            return yaml_string(&format!("[fyll i: {}]", values.join(" eller ")));
        }
        if node.is_goal_reference() {
            let term = self.s.malbegrepp.first().map_or("mål", String::as_str);
            return yaml_string(&format!(
                "[fyll i: vilka {term} insatsen bidrar till och hur, med id och text ur strategin]"
            ));
        }
        if key == "text" && heading.is_none() {
            return yaml_string("[fyll i: avsnittets text]");
        }
        let what = node
            .description()
            .or(heading)
            .map_or_else(|| key.replace('_', " "), |h| h.to_string());
        yaml_string(&format!("[fyll i: {what}]"))
    }

    fn scalar(&mut self, indent: usize, key: &str, value: &str) {
        self.line(indent, &format!("{key}: {value}"));
    }
}

/// Runs `aterrapport init`: the skeleton to standard output or to `-o FILE`, with the template's
/// schema beside it for the editor.
pub fn run(args: &InitArgs) -> i32 {
    // The configuration is the one that will check the report: found from where it is written.
    let start = args
        .output
        .as_deref()
        .and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let setup = match Setup::new(&args.setup, &[start]) {
        Ok(s) => s,
        Err(e) => return e.exit(),
    };
    let lang = setup.lang;
    let templates = &setup.templates;
    let year_default = format!("aterrapport-{}", args.year);
    let id = match &args.template {
        Some(id) => id.clone(),
        None if templates.forced().is_some() || templates.get(&year_default).is_some() => {
            year_default
        }
        // A year without a template of its own uses the project's default (`template` in
        // aterrapport.toml), as `check` will.
        None => setup.config.template.clone().unwrap_or(year_default),
    };
    let Some(template) = templates.forced().or_else(|| templates.get(&id)) else {
        let known = templates.ids().join(", ");
        return fail(
            lang,
            &format!("det finns ingen mall `{id}` (kända: {known}); välj en med `--template`"),
            &format!("there is no template `{id}` (known: {known}); choose one with `--template`"),
        );
    };
    let schema_file = format!("{}.schema.json", template.id);
    let text = skeleton(
        template,
        &Skeleton {
            region: &args.region,
            year: args.year,
            malbegrepp: &args.malbegrepp,
            schema_path: &schema_file,
        },
    );
    let Some(path) = &args.output else {
        print!("{text}");
        return EXIT_OK;
    };
    if path.exists() && !args.force {
        return fail(
            lang,
            &format!(
                "{} finns redan; skriv över den med `--force`",
                path.display()
            ),
            &format!(
                "{} already exists; overwrite it with `--force`",
                path.display()
            ),
        );
    }
    if let Err(e) = crate::fix::write_new(path, text.as_bytes()) {
        return fail(
            lang,
            &format!("{} kan inte skrivas: {e}", path.display()),
            &format!("{} cannot be written: {e}", path.display()),
        );
    }
    eprintln!(
        "{}",
        lang.pick(
            &format!("Skrev {}", path.display()),
            &format!("Wrote {}", path.display())
        )
    );
    write_schema_beside(path, template, lang);
    EXIT_OK
}

/// Writes the template's schema beside a report written to `path`, unless one is there: the
/// report's modeline points at it, which gives the editor completion and hover text at once.
pub fn write_schema_beside(path: &Path, template: &Template, lang: crate::i18n::Lang) {
    let schema_file = format!("{}.schema.json", template.id);
    let schema_path = path.parent().unwrap_or(Path::new(".")).join(&schema_file);
    if schema_path.exists() {
        return;
    }
    let schema = serde_json::to_string_pretty(&template.schema).unwrap_or_default() + "\n";
    match crate::fix::write_new(&schema_path, schema.as_bytes()) {
        Ok(()) => eprintln!(
            "{}",
            lang.pick(
                &format!(
                    "Skrev {} (för editorns komplettering)",
                    schema_path.display()
                ),
                &format!(
                    "Wrote {} (for the editor's completion)",
                    schema_path.display()
                )
            )
        ),
        Err(e) => eprintln!(
            "aterrapport: {}",
            lang.pick(
                &format!("{} kan inte skrivas: {e}", schema_path.display()),
                &format!("{} cannot be written: {e}", schema_path.display())
            )
        ),
    }
}
