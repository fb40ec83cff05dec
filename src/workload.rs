//! The workload profile: one team's answers, parsed from YAML and validated against the fact
//! catalog. Every fact is optional; a fact not stated takes the catalog's default and is reported
//! as an assumption.

use std::collections::BTreeSet;

use serde_saphyr::Spanned;

use crate::catalog::{FactId, Value};
use crate::error::{Diagnostic, Error, Location, suggestion};
use crate::escape::excerpt;
use crate::ruleset::{RuleId, RuleSet};
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
        Workload { name: None, values: rules.catalog.defaults(), stated: vec![false; rules.catalog.len()] }
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

    /// Writes the stated facts as a workload file, each answer under its question as a comment.
    /// Reading the text back gives the same workload.
    pub fn to_yaml(&self, rules: &RuleSet) -> String {
        let mut out = String::new();
        if let Some(name) = &self.name {
            out.push_str(&format!("name: {}\n", quote(name)));
        }
        let mut groups: Vec<&str> = Vec::new();
        for (_, fact) in rules.catalog.iter() {
            if !groups.contains(&fact.group.as_str()) {
                groups.push(&fact.group);
            }
        }
        for group in groups {
            let stated: Vec<_> = rules.catalog.iter().filter(|(id, f)| f.group == group && self.stated[id.0]).collect();
            if stated.is_empty() {
                continue;
            }
            out.push_str(&format!("{group}:\n"));
            for (id, fact) in stated {
                // YAML ends a comment at a carriage return as at a line feed: every break in the
                // question starts a comment line of its own, and nothing else is written raw.
                for line in fact.prompt.split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']).filter(|l| !l.is_empty())
                {
                    out.push_str(&format!("  # {}\n", crate::escape::escape(line)));
                }
                let value = fact.show(self.value(id)).to_string();
                let plain = value.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                    && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
                let value = if plain || !matches!(fact.kind, crate::catalog::FactKind::Enum(_)) {
                    value
                } else {
                    quote(&value)
                };
                out.push_str(&format!("  {}: {value}\n", fact.name));
            }
        }
        if out.is_empty() {
            // Nothing stated ("don't know" everywhere): an empty mapping, which reads back as the
            // defaults, rather than nothing, which is not a workload.
            out.push_str("{}\n");
        }
        out
    }

    /// Reads a workload file, reporting every problem in it at once.
    pub fn parse(source: &Source, rules: &RuleSet) -> Result<Self, Error> {
        // First without positions (about twice as fast); only a workload with a problem is
        // parsed again with them, so that every message can say where.
        if let Ok(crate::yaml::Unspanned(node)) = source.parse::<crate::yaml::Unspanned>() {
            let unknown = serde_saphyr::Location::UNKNOWN;
            if let Ok(workload) = Workload::from_node(source, &Spanned::new(node, unknown, unknown), rules) {
                return Ok(workload);
            }
        }
        let root: Spanned<Node> = source.parse()?;
        Workload::from_node(source, &root, rules)
    }

    /// Reads a workload from an already parsed mapping (such as one inline in a decision record);
    /// `source` names the file for locations. Answers that cannot all be true are an error at the
    /// line of the answer the rejecting rule names.
    pub fn from_node(source: &Source, root: &Spanned<Node>, rules: &RuleSet) -> Result<Self, Error> {
        let mut reader = Reader { source, rules, problems: Vec::new(), at: vec![None; rules.catalog.len()] };
        let mut workload = reader.workload(root);
        if !reader.problems.is_empty() {
            return Err(Error::invalid(reader.problems));
        }
        match workload.settle(rules) {
            None => Ok(workload),
            Some(contradiction) => {
                let at = match reader.at[contradiction.fact.0] {
                    Some(at) if at.line() > 0 => source.locate(&at),
                    _ => Location::file(&source.name),
                };
                Err(Error::invalid(vec![Diagnostic { at, message: contradiction.message(rules, &workload) }]))
            }
        }
    }

    /// Like [`Workload::from_node`], but answers that cannot all be true are returned beside the
    /// workload instead of as an error (for test cases that expect a rejection).
    pub fn from_node_unsettled(
        source: &Source,
        root: &Spanned<Node>,
        rules: &RuleSet,
    ) -> Result<(Self, Option<Contradiction>), Error> {
        let mut reader = Reader { source, rules, problems: Vec::new(), at: vec![None; rules.catalog.len()] };
        let mut workload = reader.workload(root);
        if !reader.problems.is_empty() {
            return Err(Error::invalid(reader.problems));
        }
        let contradiction = workload.settle(rules);
        Ok((workload, contradiction))
    }

    /// Sets what the stated answers imply for facts they leave out (an implied answer counts as
    /// stated), then returns the first pair of stated answers that cannot both be true, if any. Rules that read answers
    /// (`imply`, `reject`) look only at what is stated, never at assumed defaults.
    pub fn settle(&mut self, rules: &RuleSet) -> Option<Contradiction> {
        // Each pass can only add stated facts, so this ends within one pass per fact.
        for _ in 0..=self.values.len() {
            let mut changed = false;
            for rule in rules.rules.iter().filter(|r| !r.imply.is_empty()) {
                if !rule.holds_on_stated(&self.values, &self.stated) {
                    continue;
                }
                // A stated answer wins: an implication only fills in what the workload leaves out
                // (a `reject` rule says when a stated answer cannot hold with another).
                for &(fact, value) in &rule.imply {
                    if !self.stated[fact.0] {
                        self.set(fact, value);
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        self.contradiction(rules)
    }

    /// The first `reject` rule whose condition holds on the stated answers.
    pub fn contradiction(&self, rules: &RuleSet) -> Option<Contradiction> {
        rules.rules.iter().enumerate().find_map(|(i, rule)| {
            let fact = rule.reject?;
            rule.holds_on_stated(&self.values, &self.stated).then_some(Contradiction { rule: RuleId(i), fact })
        })
    }
}

/// Stated answers that cannot all be true: the rule that says so, and the answer it points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Contradiction {
    /// The `reject` rule.
    pub rule: RuleId,
    /// The answer the error points at.
    pub fact: FactId,
}

impl Contradiction {
    /// What is wrong and how to mend it, naming the rule and its source.
    pub fn message(&self, rules: &RuleSet, workload: &Workload) -> String {
        let rule = rules.rule_of(self.rule);
        let fact = rules.fact_of(self.fact);
        let mut read = Vec::new();
        rule.when.facts(&mut read);
        read.sort();
        read.dedup();
        let others: Vec<String> = read
            .iter()
            .filter(|f| **f != self.fact)
            .map(|&f| format!("{}: {}", rules.fact_of(f).id, rules.fact_of(f).show(workload.value(f))))
            .collect();
        let with = if others.is_empty() { String::new() } else { format!(" does not go with {}", others.join(", ")) };
        let source = rule.sources.first().map(|s| format!("; see {s}")).unwrap_or_default();
        format!(
            "{}: {}{with}: {} (rule {}{source}). {}",
            fact.id,
            fact.show(workload.value(self.fact)),
            rule.title,
            rule.id,
            rule.because
        )
    }
}

/// A string as a YAML scalar that reads back as the same string.
fn quote(text: &str) -> String {
    serde_json::to_string(text).expect("a string always serialises")
}

struct Reader<'a> {
    source: &'a Source,
    rules: &'a RuleSet,
    problems: Vec<Diagnostic>,
    /// Where each stated fact's value is written.
    at: Vec<Option<serde_saphyr::Location>>,
}

impl Reader<'_> {
    fn problem(&mut self, at: &serde_saphyr::Location, message: impl Into<String>) {
        self.problems.push(Diagnostic { at: self.source.locate(at), message: message.into() });
    }

    /// True once more problems are known than a message shows: the rest are only counted, so a
    /// file of 99,000 unknown keys costs no "did you mean" search for each.
    fn is_full(&mut self, at: &serde_saphyr::Location) -> bool {
        let full = self.problems.len() >= crate::error::MAX_PROBLEMS_PER_FILE;
        if full {
            self.problem(at, "");
        }
        full
    }

    /// The group keys of the catalog (only needed for messages, so computed only then).
    fn groups(&self) -> BTreeSet<&str> {
        self.rules.catalog.iter().map(|(_, fact)| fact.group.as_str()).collect()
    }

    fn workload(&mut self, root: &Spanned<Node>) -> Workload {
        let mut workload = Workload::defaults(self.rules);
        let Node::Map(entries) = &root.value else {
            if root.value == Node::Null && self.source.is_blank() {
                self.problems.extend(self.source.empty().diagnostics().iter().cloned());
                return workload;
            }
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
                    Node::String(name) if name.chars().any(char::is_control) => self.problem(
                        &value.referenced,
                        "`name` must be one line of plain text (no line breaks, tabs or control characters)",
                    ),
                    Node::String(name) => workload.name = Some(name.clone()),
                    other => {
                        self.problem(&value.referenced, format!("`name` is free text, not {}; quote it", other.kind()))
                    }
                }
                continue;
            }
            if !self.rules.catalog.iter().any(|(_, fact)| fact.group == key.value) {
                if self.is_full(&key.referenced) {
                    continue;
                }
                let groups = self.groups();
                let hint = suggestion(&key.value, groups.iter().copied().chain(["name"]));
                let known: Vec<&str> = std::iter::once("name").chain(groups.iter().copied()).collect();
                // A group no pack in force defines may belong to a pack that is not loaded.
                let pack = if hint.is_empty() {
                    " (facts of an organisation's own pack need that pack: --rules DIR, or .shipwise.yaml)"
                } else {
                    ""
                };
                self.problem(
                    &key.referenced,
                    format!(
                        "unknown key \"{}\"{hint}; the top-level keys are {}{pack}",
                        excerpt(&key.value),
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
            self.problem(
                &node.referenced,
                format!(
                    "`{group}` is a mapping of facts (such as `{group}:` then indented `key: value` lines), not {}",
                    node.value.kind()
                ),
            );
            return;
        };
        for (key, value) in entries {
            let id = format!("{group}.{}", key.value);
            let Some(fact) = self.rules.catalog.lookup(&id) else {
                if self.is_full(&key.referenced) {
                    continue;
                }
                let names: Vec<&str> =
                    self.rules.catalog.iter().filter(|(_, f)| f.group == group).map(|(_, f)| f.name.as_str()).collect();
                let hint = suggestion(&key.value, names.iter().copied());
                self.problem(
                    &key.referenced,
                    format!(
                        "unknown fact \"{}\" in `{group}`{hint}; `{group}` takes {}",
                        excerpt(&key.value),
                        names.join(", ")
                    ),
                );
                continue;
            };
            if value.value == Node::Null {
                let allowed = self.rules.fact_of(fact).allowed();
                self.problem(
                    &key.referenced,
                    format!("{id} has no value; give one ({allowed}) or remove the line to assume the default"),
                );
                continue;
            }
            match self.rules.fact_of(fact).parse_value(&value.value) {
                Ok(parsed) => {
                    workload.set(fact, parsed);
                    self.at[fact.0] = Some(value.referenced);
                }
                Err(message) => self.problem(&value.referenced, message),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{rules, workload};

    #[track_caller]
    fn case(text: &str, expected: &str) {
        let err = workload(&rules(), text).expect_err("the workload should be refused");
        assert_eq!(err.diagnostics()[0].to_string(), expected);
    }

    #[test]
    fn rejects_bad_workloads_with_file_line_column_and_what_to_do() {
        case(
            "team:\n  experiance: some\n",
            "w.yaml:2:3: unknown fact \"experiance\" in `team` (did you mean \"experience\"?); `team` takes experience",
        );
        case(
            "tema:\n  experience: some\n",
            "w.yaml:1:1: unknown key \"tema\" (did you mean \"team\"?); the top-level keys are name, placement, requirements, team",
        );
        case(
            "team:\n  experience: expert\n",
            "w.yaml:2:15: team.experience cannot be \"expert\"; use one of: none, some, lots",
        );
        case("requirements:\n  gpu: \"maybe\"\n", "w.yaml:2:8: requirements.gpu takes true or false, not \"maybe\"");
        case(
            "requirements:\n  vcpu: -1\n",
            "w.yaml:2:9: requirements.vcpu is -1, below the smallest allowed value 0.25",
        );
        case(
            "requirements:\n  vcpu: 100000\n",
            "w.yaml:2:9: requirements.vcpu is 100000, above the largest allowed value 448",
        );
        case(
            "- team\n- requirements\n",
            "w.yaml:1:1: a workload is a mapping of `name` and groups (placement, requirements, team), not a list",
        );
        case(
            "team: some\n",
            "w.yaml:1:7: `team` is a mapping of facts (such as `team:` then indented `key: value` lines), not a string",
        );
        case(
            "requirements:\n  gpu:\n",
            "w.yaml:2:3: requirements.gpu has no value; give one (true, false) or remove the line to assume the default",
        );
    }

    #[test]
    fn stated_facts_override_defaults() {
        let rules = rules();
        let w = workload(&rules, "name: api\nrequirements:\n  vcpu: 8\n").expect("valid");
        let vcpu = rules.catalog.lookup("requirements.vcpu").expect("defined");
        assert_eq!(w.name.as_deref(), Some("api"));
        assert_eq!(w.value(vcpu), crate::catalog::Value::Number(8.0));
        assert_eq!(w.stated.iter().filter(|s| **s).count(), 1);
    }

    #[test]
    fn yes_is_not_a_boolean() {
        // YAML 1.1 read `yes` as true; shipwise reads YAML 1.2 booleans only, so it is an error.
        let err = workload(&rules(), "requirements:\n  gpu: yes\n").expect_err("yes is a string");
        assert!(err.to_string().contains("takes true or false, not \"yes\" (YAML 1.2 reads yes as text"), "{err}");
    }
}
