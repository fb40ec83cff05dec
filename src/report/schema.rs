//! JSON Schemas (draft 2020-12) of a workload file, a decision record and a rule pack's test-case
//! file, built from the rule set in force so that a pack's own facts, platforms and rules appear
//! in them. Editors read them for
//! completion, help on hover and validation; `commands` prints them.
//!
//! The schemas use only keywords that draft-07 tools understand as well, because
//! yaml-language-server (behind VS Code's YAML extension and most editors' YAML support) implements
//! draft 7: `$defs` is reached by a JSON-pointer `$ref`, which every draft resolves, and
//! `enumDescriptions` is the editor keyword that yaml-language-server shows for the chosen value.

use serde::ser::{SerializeMap, Serializer};

use crate::catalog::{Fact, FactKind, Value};
use crate::ruleset::RuleSet;

/// The dialect both schemas declare.
const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Where the decision schema keeps the workload schema it embeds.
const WORKLOAD_REF: &str = "#/$defs/workload";

/// Mirrors `Workload`'s refusal of `char::is_control` in `name`: one line of plain text.
const ONE_LINE: &str = r"^[^\u0000-\u001f\u007f-\u009f]*$";

/// A calendar date, as `check` reads a waiver's `expires`.
const DATE: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// Text with at least one character that is not white space (a waiver's `reason`).
const NOT_BLANK: &str = r"\S";

/// A JSON Schema, limited to the keywords shipwise's schemas use, serialised in this order.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    #[serde(rename = "$schema", skip_serializing_if = "Option::is_none")]
    dialect: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Vec::is_empty", serialize_with = "one_or_many")]
    types: Vec<Type>,
    #[serde(rename = "enum", skip_serializing_if = "Vec::is_empty")]
    values: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    enum_descriptions: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    maximum: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pattern: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<Literal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    additional_properties: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    required: Vec<&'static str>,
    #[serde(skip_serializing_if = "Properties::is_empty")]
    properties: Properties,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<Box<Schema>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_items: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    one_of: Vec<Schema>,
    #[serde(rename = "$ref", skip_serializing_if = "Option::is_none")]
    reference: Option<&'static str>,
    #[serde(rename = "$defs", skip_serializing_if = "Properties::is_empty")]
    definitions: Properties,
}

/// A JSON type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
enum Type {
    Object,
    Array,
    String,
    Number,
    Boolean,
}

/// `"type": "string"` for one type, `"type": ["string", "number"]` for several.
fn one_or_many<S: Serializer>(types: &[Type], serializer: S) -> Result<S::Ok, S::Error> {
    match types {
        [one] => serializer.serialize_some(one),
        many => serializer.collect_seq(many),
    }
}

/// Named subschemas in the order given (catalog order, not alphabetical).
#[derive(Clone, Debug, Default, PartialEq)]
struct Properties(Vec<(String, Schema)>);

impl Properties {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl serde::Serialize for Properties {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, schema) in &self.0 {
            map.serialize_entry(name, schema)?;
        }
        map.end()
    }
}

/// A number, written as a person would: `448`, not `448.0`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Number(f64);

impl serde::Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Below 2^53 every whole f64 is exactly an i64.
        if self.0.fract() == 0.0 && self.0.abs() < 9_007_199_254_740_992.0 {
            #[allow(clippy::cast_possible_truncation, reason = "a whole number below 2^53 converts exactly")]
            return serializer.serialize_i64(self.0 as i64);
        }
        serializer.serialize_f64(self.0)
    }
}

/// A default value as YAML writes it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
enum Literal {
    Bool(bool),
    Text(String),
    Number(Number),
}

/// The schema of a workload file: `name` and one mapping per fact group, every fact optional.
pub fn workload_schema(rules: &RuleSet) -> Schema {
    Schema { dialect: Some(DIALECT), ..workload(rules) }
}

/// The schema of a decision record: a mapping (a YAML file, or a Markdown file's front matter)
/// with a `shipwise` block naming the chosen platform, the workload and an optional waiver.
pub fn decision_schema(rules: &RuleSet) -> Schema {
    Schema {
        dialect: Some(DIALECT),
        title: Some("shipwise decision record".to_string()),
        description: Some(
            "A decision for `shipwise check`: a YAML file with a top-level `shipwise` block, or a Markdown \
             record (MADR) whose YAML front matter has one. Other keys, such as status and date, are left alone."
                .to_string(),
        ),
        types: vec![Type::Object],
        required: vec!["shipwise"],
        properties: Properties(vec![("shipwise".to_string(), decision_block(rules))]),
        definitions: Properties(vec![("workload".to_string(), workload(rules))]),
        ..Schema::default()
    }
}

/// The schema of a pack's test-case file (`tests/*.yaml`, as `shipwise rules test` reads it): the
/// platform and rule ids in force are enums, so an editor completes them and flags typos.
pub fn cases_schema(rules: &RuleSet) -> Schema {
    let ids = |title: &str, description: &str, values: Vec<String>, helps: Vec<String>| Schema {
        title: Some(title.to_string()),
        description: Some(description.to_string()),
        types: vec![Type::String],
        values,
        enum_descriptions: helps,
        ..Schema::default()
    };
    let platform = ids(
        "platform",
        "A platform id (`shipwise platforms` lists them).",
        rules.platforms.iter().map(|p| p.id.clone()).collect(),
        rules.platforms.iter().map(|p| p.name.clone()).collect(),
    );
    let rule = ids(
        "rule",
        "A rule id (`shipwise rules list` lists them).",
        rules.rules.iter().map(|r| r.id.clone()).collect(),
        rules.rules.iter().map(|r| r.title.clone()).collect(),
    );
    let with_notes: Vec<_> = rules.rules.iter().filter(|r| r.note.is_some()).collect();
    let note = ids(
        "rule",
        "The id of a rule with a note.",
        with_notes.iter().map(|r| r.id.clone()).collect(),
        with_notes.iter().map(|r| r.title.clone()).collect(),
    );
    let rejecting: Vec<_> = rules.rules.iter().filter(|r| r.reads_answers()).collect();
    let answers = ids(
        "rejected",
        "The rule that finds the workload's answers cannot all be true (a rule with `reject` or `imply`); a case that expects it expects nothing else.",
        rejecting.iter().map(|r| r.id.clone()).collect(),
        rejecting.iter().map(|r| r.title.clone()).collect(),
    );
    let list = |item: &Schema, description: &str, min: usize| Schema {
        description: Some(description.to_string()),
        types: vec![Type::Array],
        items: Some(Box::new(item.clone())),
        min_items: Some(min),
        ..Schema::default()
    };
    let top = Schema {
        title: Some("top".to_string()),
        description: Some("The first platform, or a list of platforms of which any one may be first.".to_string()),
        one_of: vec![platform.clone(), list(&platform, "Any one of these may be first.", 1)],
        ..Schema::default()
    };
    let expect = Schema {
        title: Some("expect".to_string()),
        description: Some("What the evaluation of the workload must show; every key is optional.".to_string()),
        types: vec![Type::Object],
        additional_properties: Some(false),
        properties: Properties(vec![
            ("top".to_string(), top),
            ("excluded".to_string(), list(&platform, "Platforms ruled out.", 1)),
            ("not_excluded".to_string(), list(&platform, "Platforms that stay viable.", 1)),
            ("order".to_string(), list(&platform, "Viable platforms, each ranked above the next.", 2)),
            ("fires".to_string(), list(&rule, "Rules whose condition holds.", 1)),
            ("not_fires".to_string(), list(&rule, "Rules whose condition does not hold.", 1)),
            ("notes".to_string(), list(&note, "Rules whose note is shown with the result.", 1)),
            ("rejected".to_string(), answers),
        ]),
        ..Schema::default()
    };
    let case = Schema {
        types: vec![Type::Object],
        additional_properties: Some(false),
        required: vec!["name", "workload", "expect"],
        properties: Properties(vec![
            (
                "name".to_string(),
                Schema {
                    description: Some("What the case shows, in plain words; unique within the file.".to_string()),
                    types: vec![Type::String],
                    pattern: Some(NOT_BLANK),
                    ..Schema::default()
                },
            ),
            ("workload".to_string(), Schema { reference: Some(WORKLOAD_REF), ..Schema::default() }),
            ("expect".to_string(), expect),
        ]),
        ..Schema::default()
    };
    Schema {
        dialect: Some(DIALECT),
        title: Some("shipwise rule-pack test cases".to_string()),
        description: Some(
            "Test cases of a rule pack (its tests/*.yaml), run by `shipwise rules test`: each a workload and what \
             its evaluation must show."
                .to_string(),
        ),
        types: vec![Type::Object],
        additional_properties: Some(false),
        required: vec!["cases"],
        properties: Properties(vec![("cases".to_string(), list(&case, "The cases.", 1))]),
        definitions: Properties(vec![("workload".to_string(), workload(rules))]),
        ..Schema::default()
    }
}

/// The workload schema without `$schema`, which belongs only at the root of a document.
fn workload(rules: &RuleSet) -> Schema {
    let mut groups: Vec<(String, Schema)> = Vec::new();
    for (_, fact) in rules.catalog.iter() {
        let index = match groups.iter().position(|(name, _)| *name == fact.group) {
            Some(index) => index,
            None => {
                groups.push((fact.group.clone(), group(&fact.group)));
                groups.len() - 1
            }
        };
        groups[index].1.properties.0.push((fact.name.clone(), fact_schema(fact)));
    }
    let name = Schema {
        title: Some("name".to_string()),
        description: Some("The workload's name, shown in every result: one line of free text.".to_string()),
        types: vec![Type::String],
        pattern: Some(ONE_LINE),
        ..Schema::default()
    };
    let mut properties = vec![("name".to_string(), name)];
    properties.extend(groups);
    Schema {
        title: Some("shipwise workload".to_string()),
        description: Some(
            "A workload profile for `shipwise recommend`: a team's answers, one mapping per fact group. \
             Every fact is optional; one not stated takes its default and is listed as an assumption."
                .to_string(),
        ),
        types: vec![Type::Object],
        additional_properties: Some(false),
        properties: Properties(properties),
        ..Schema::default()
    }
}

/// A fact group, before its facts are added.
fn group(name: &str) -> Schema {
    Schema {
        title: Some(name.to_string()),
        description: Some(format!("The `{name}` facts (`shipwise rules list --facts` lists them).")),
        types: vec![Type::Object],
        additional_properties: Some(false),
        ..Schema::default()
    }
}

/// One fact: its type and allowed values, its default, and the question and help as the description.
fn fact_schema(fact: &Fact) -> Schema {
    let mut description = fact.prompt.trim().to_string();
    if !fact.help.trim().is_empty() {
        description.push_str("\n\n");
        description.push_str(fact.help.trim());
    }
    let default = match fact.default {
        Value::Bool(value) => Literal::Bool(value),
        Value::Number(value) => Literal::Number(Number(value)),
        Value::Choice(_) => Literal::Text(fact.show(fact.default).to_string()),
    };
    let base = Schema { title: Some(fact.id.clone()), default: Some(default), ..Schema::default() };
    let shown_default = fact.show(fact.default);
    match &fact.kind {
        FactKind::Bool => Schema {
            description: Some(format!("{description}\n\nDefault: {shown_default}.")),
            types: vec![Type::Boolean],
            ..base
        },
        FactKind::Enum(choices) => {
            // The list is in the description too, for editors that ignore `enumDescriptions`.
            let listed: Vec<String> = choices.iter().map(|c| format!("{}: {}", c.name, c.help)).collect();
            Schema {
                description: Some(format!("{description}\n\n{}\n\nDefault: {shown_default}.", listed.join("\n"))),
                types: vec![Type::String],
                values: choices.iter().map(|c| c.name.clone()).collect(),
                enum_descriptions: choices.iter().map(|c| c.help.clone()).collect(),
                ..base
            }
        }
        FactKind::Number { min, max, unit } => {
            let unit = unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
            Schema {
                description: Some(format!(
                    "{description}\n\nAllowed: {}{unit}. Default: {shown_default}{unit}.",
                    fact.allowed()
                )),
                types: vec![Type::Number],
                minimum: min.map(Number),
                maximum: max.map(Number),
                ..base
            }
        }
    }
}

/// The `shipwise` block of a decision record, as `decision::read_record` accepts it.
fn decision_block(rules: &RuleSet) -> Schema {
    let listed: Vec<String> = rules.platforms.iter().map(|p| format!("{}: {}", p.id, p.name)).collect();
    let platform = Schema {
        title: Some("platform".to_string()),
        description: Some(format!(
            "The platform the team chose (`shipwise platforms` lists them).\n\n{}",
            listed.join("\n")
        )),
        types: vec![Type::String],
        values: rules.platforms.iter().map(|p| p.id.clone()).collect(),
        enum_descriptions: rules.platforms.iter().map(|p| format!("{}: {}", p.name, p.summary)).collect(),
        ..Schema::default()
    };
    let path = Schema {
        description: Some("A path to the workload file, relative to this record's folder (or absolute).".to_string()),
        types: vec![Type::String],
        ..Schema::default()
    };
    let inline = Schema { reference: Some(WORKLOAD_REF), ..Schema::default() };
    let workload = Schema {
        title: Some("workload".to_string()),
        description: Some(
            "The workload the decision was made for: a path to its file, relative to this record, or the \
             workload written inline."
                .to_string(),
        ),
        one_of: vec![path, inline],
        ..Schema::default()
    };
    let properties =
        vec![("platform".to_string(), platform), ("workload".to_string(), workload), ("waiver".to_string(), waiver())];
    Schema {
        title: Some("shipwise".to_string()),
        description: Some("The decision `shipwise check` re-checks: the chosen platform and the workload.".to_string()),
        types: vec![Type::Object],
        additional_properties: Some(false),
        required: vec!["platform", "workload"],
        properties: Properties(properties),
        ..Schema::default()
    }
}

/// A waiver. `reason` and `owner` take text or a number, as the record reader does; `expires`
/// takes only a date, since any other value makes the waiver not count.
fn waiver() -> Schema {
    let text = |title: &str, description: &str| Schema {
        title: Some(title.to_string()),
        description: Some(description.to_string()),
        types: vec![Type::String, Type::Number],
        ..Schema::default()
    };
    let reason = Schema { pattern: Some(NOT_BLANK), ..text("reason", "Why the team deviates on purpose.") };
    let owner = text("owner", "Who owns the deviation (a team or a person).");
    let expires = Schema {
        title: Some("expires".to_string()),
        description: Some(
            "The last day the waiver counts, as YYYY-MM-DD. Without a readable date the waiver does not count."
                .to_string(),
        ),
        types: vec![Type::String],
        pattern: Some(DATE),
        format: Some("date"),
        ..Schema::default()
    };
    Schema {
        title: Some("waiver".to_string()),
        description: Some("A deliberate deviation: turns a warn or a fail into `waived` until it expires.".to_string()),
        types: vec![Type::Object],
        additional_properties: Some(false),
        required: vec!["reason"],
        properties: Properties(vec![
            ("reason".to_string(), reason),
            ("owner".to_string(), owner),
            ("expires".to_string(), expires),
        ]),
        ..Schema::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::rules;

    fn json(schema: &Schema) -> serde_json::Value {
        serde_json::to_value(schema).expect("a schema serialises")
    }

    #[test]
    fn each_fact_type_maps_to_its_json_type_with_its_bounds_and_default() {
        let schema = json(&workload_schema(&rules()));
        assert_eq!(schema["$schema"], DIALECT);
        assert_eq!(schema["additionalProperties"], false);
        let team = &schema["properties"]["team"];
        assert_eq!(team["additionalProperties"], false);
        let experience = &team["properties"]["experience"];
        assert_eq!(experience["type"], "string");
        assert_eq!(experience["enum"], serde_json::json!(["none", "some", "lots"]));
        assert_eq!(experience["enumDescriptions"].as_array().map(Vec::len), Some(3));
        let vcpu = &schema["properties"]["requirements"]["properties"]["vcpu"];
        assert_eq!(
            (vcpu["type"].as_str(), vcpu["minimum"].as_f64(), vcpu["maximum"].as_u64()),
            (Some("number"), Some(0.25), Some(448))
        );
        let gpu = &schema["properties"]["requirements"]["properties"]["gpu"];
        assert_eq!((gpu["type"].as_str(), gpu["default"].as_bool()), (Some("boolean"), Some(false)));
    }

    #[test]
    fn whole_numbers_are_written_without_a_fraction() {
        let text = |n: f64| serde_json::to_string(&Number(n)).expect("serialises");
        assert_eq!(
            (text(448.0), text(0.25), text(-3.0), text(1e300)),
            ("448".into(), "0.25".into(), "-3".into(), "1e+300".into())
        );
    }

    #[test]
    fn the_decision_schema_embeds_the_workload_schema_without_its_dialect() {
        let rules = rules();
        let decision = json(&decision_schema(&rules));
        let embedded = &decision["$defs"]["workload"];
        assert!(embedded.get("$schema").is_none());
        let mut standalone = json(&workload_schema(&rules));
        standalone.as_object_mut().expect("an object").remove("$schema");
        assert_eq!(embedded, &standalone);
        let block = &decision["properties"]["shipwise"];
        assert_eq!(block["required"], serde_json::json!(["platform", "workload"]));
        assert_eq!(block["properties"]["workload"]["oneOf"][1]["$ref"], WORKLOAD_REF);
    }
}
