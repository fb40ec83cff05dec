//! The workload profile: one team's answers, parsed from YAML and validated against the fact
//! catalog. Every fact is optional; a fact not stated takes the catalog's default and is reported
//! as an assumption.

use std::collections::BTreeSet;

use serde_saphyr::Spanned;

use crate::catalog::{FactId, Value};
use crate::error::{Diagnostic, Error, Location, suggestion};
use crate::ruleset::RuleSet;
use crate::yaml::{Node, Source};

/// A workload: its name and a value for every fact of the catalog.
#[derive(Clone, Debug, PartialEq)]
pub struct Workload {
    /// The free-text `name`, if given.
    pub name: Option<String>,
    /// A value per fact, indexed by [`FactId`]: the stated answer or the default.
    pub values: Vec<Value>,
    /// Whether each fact was stated (false: the default was assumed).
    pub stated: Vec<bool>,
}

impl Workload {
    /// A workload that states nothing: every fact takes its default.
    pub fn defaults(rules: &RuleSet) -> Self {
        Workload {
            name: None,
            values: rules.catalog.defaults(),
            stated: vec![false; rules.catalog.len()],
        }
    }

    /// Sets a fact as stated.
    pub fn set(&mut self, fact: FactId, value: Value) {
        self.values[fact.0] = value;
        self.stated[fact.0] = true;
    }

    /// The value a fact has (stated or assumed).
    pub fn value(&self, fact: FactId) -> Value {
        self.values[fact.0]
    }

    /// Reads a workload file, reporting every problem in it at once.
    pub fn parse(source: &Source, rules: &RuleSet) -> Result<Self, Error> {
        let root: Spanned<Node> = source.parse()?;
        let mut reader = Reader {
            source,
            rules,
            problems: Vec::new(),
        };
        let workload = reader.workload(&root);
        if reader.problems.is_empty() {
            Ok(workload)
        } else {
            Err(Error::Invalid(reader.problems))
        }
    }
}

struct Reader<'a> {
    source: &'a Source,
    rules: &'a RuleSet,
    problems: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn problem(&mut self, at: &serde_saphyr::Location, message: impl Into<String>) {
        self.problems.push(Diagnostic {
            at: self.source.locate(at),
            message: message.into(),
        });
    }

    fn groups(&self) -> BTreeSet<&str> {
        self.rules
            .catalog
            .iter()
            .map(|(_, fact)| fact.group.as_str())
            .collect()
    }

    fn workload(&mut self, root: &Spanned<Node>) -> Workload {
        let mut workload = Workload::defaults(self.rules);
        let Node::Map(entries) = &root.value else {
            let at = if root.referenced.line() == 0 {
                Location::file(&self.source.name)
            } else {
                self.source.locate(&root.referenced)
            };
            let groups: Vec<&str> = self.groups().into_iter().collect();
            self.problems.push(Diagnostic {
                at,
                message: format!(
                    "a workload is a mapping of `name` and groups ({}), not {}",
                    groups.join(", "),
                    root.value.kind()
                ),
            });
            return workload;
        };
        for (key, value) in entries {
            if key.value == "name" {
                match &value.value {
                    Node::String(name) => workload.name = Some(name.clone()),
                    other => self.problem(
                        &value.referenced,
                        format!("`name` is free text, not {}; quote it", other.kind()),
                    ),
                }
                continue;
            }
            if !self.groups().contains(key.value.as_str()) {
                let groups = self.groups();
                let hint = suggestion(&key.value, groups.iter().copied().chain(["name"]));
                let known: Vec<&str> = std::iter::once("name")
                    .chain(groups.iter().copied())
                    .collect();
                self.problem(
                    &key.referenced,
                    format!(
                        "unknown key \"{}\"{hint}; the top-level keys are {}",
                        key.value,
                        known.join(", ")
                    ),
                );
                continue;
            }
            self.group(&key.value, value, &mut workload);
        }
        workload
    }

    fn group(&mut self, group: &str, node: &Spanned<Node>, workload: &mut Workload) {
        let Node::Map(entries) = &node.value else {
            self.problem(&node.referenced, format!("`{group}` is a mapping of facts (such as `{group}:` then indented `key: value` lines), not {}", node.value.kind()));
            return;
        };
        for (key, value) in entries {
            let id = format!("{group}.{}", key.value);
            let Some(fact) = self.rules.catalog.lookup(&id) else {
                let names: Vec<&str> = self
                    .rules
                    .catalog
                    .iter()
                    .filter(|(_, f)| f.group == group)
                    .map(|(_, f)| f.name.as_str())
                    .collect();
                let hint = suggestion(&key.value, names.iter().copied());
                self.problem(
                    &key.referenced,
                    format!(
                        "unknown fact \"{}\" in `{group}`{hint}; `{group}` takes {}",
                        key.value,
                        names.join(", ")
                    ),
                );
                continue;
            };
            if value.value == Node::Null {
                let allowed = self.rules.fact_of(fact).allowed();
                self.problem(&key.referenced, format!("{id} has no value; give one ({allowed}) or remove the line to assume the default"));
                continue;
            }
            match self.rules.fact_of(fact).parse_value(&value.value) {
                Ok(parsed) => workload.set(fact, parsed),
                Err(message) => self.problem(&value.referenced, message),
            }
        }
    }
}
