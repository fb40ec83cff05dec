//! The fact catalog: every fact a workload may state, with its type, allowed values and default.
//! Facts are data (a pack may add its own), so loading resolves each one to a [`FactId`] and each
//! enum value to an index; the engine then compares only small typed values.

use std::collections::HashMap;
use std::fmt;

use crate::condition::Condition;
use crate::error::{Location, suggestion};
use crate::escape::excerpt;
use crate::yaml::Node;

/// Index of a fact in the catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct FactId(pub usize);

/// A typed answer to a fact.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    /// An answer to a `bool` fact.
    Bool(bool),
    /// An answer to an `enum` fact: the index of the value in the fact's list.
    Choice(usize),
    /// An answer to a `number` fact.
    Number(f64),
}

/// One allowed value of an enum fact.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Choice {
    /// The value as written in YAML (`intermediate`).
    pub name: String,
    /// One line saying what it means.
    pub help: String,
}

/// The type of a fact, with what it allows.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum FactKind {
    /// true or false.
    Bool,
    /// One of a list of values.
    Enum(Vec<Choice>),
    /// A number within an optional range.
    Number {
        /// Smallest allowed value.
        min: Option<f64>,
        /// Largest allowed value.
        max: Option<f64>,
        /// Unit shown after values.
        unit: Option<String>,
    },
}

/// A fact of the catalog.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Fact {
    /// `group.name`, as rules name it.
    pub id: String,
    /// The group key in a workload file (`team`).
    pub group: String,
    /// The key inside the group (`kubernetes_experience`).
    pub name: String,
    /// Type and allowed values.
    pub kind: FactKind,
    /// The value assumed when a workload does not state the fact.
    pub default: Value,
    /// The question.
    pub prompt: String,
    /// Why it is asked and what it moves.
    pub help: String,
    /// Ask only when this holds.
    pub ask_if: Option<Condition>,
    /// A stated answer describes the world, not a choice: `explain --what-if` never changes it.
    #[serde(default)]
    pub firm: bool,
    /// Where the fact is defined.
    pub defined_at: Location,
}

impl Fact {
    /// Turns a YAML value into a typed value of this fact, or says what is wrong and what is allowed.
    pub fn parse_value(&self, node: &Node) -> Result<Value, String> {
        match (&self.kind, node) {
            (FactKind::Bool, Node::Bool(value)) => Ok(Value::Bool(*value)),
            (FactKind::Bool, Node::String(word))
                if ["yes", "no", "on", "off", "y", "n"].contains(&word.to_ascii_lowercase().as_str()) =>
            {
                Err(format!(
                    "{} takes true or false, not \"{word}\" (YAML 1.2 reads {word} as text; write true or false)",
                    self.id
                ))
            }
            (FactKind::Bool, other) => Err(format!("{} takes true or false, not {other}", self.id)),
            (FactKind::Enum(choices), Node::String(text)) => match choices.iter().position(|c| c.name == *text) {
                Some(index) => Ok(Value::Choice(index)),
                None => Err(format!(
                    "{} cannot be \"{}\"; use one of: {}{}",
                    self.id,
                    excerpt(text),
                    self.allowed(),
                    suggestion(text, choices.iter().map(|c| c.name.as_str()))
                )),
            },
            (FactKind::Enum(_), other) => Err(format!("{} takes one of: {}; not {other}", self.id, self.allowed())),
            (FactKind::Number { min, max, unit }, Node::Number(value)) => {
                let unit = unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
                if !value.is_finite() {
                    return Err(format!("{} must be a finite number", self.id));
                }
                match (min, max) {
                    (Some(min), _) if value < min => {
                        Err(format!("{} is {value}{unit}, below the smallest allowed value {min}{unit}", self.id))
                    }
                    (_, Some(max)) if value > max => {
                        Err(format!("{} is {value}{unit}, above the largest allowed value {max}{unit}", self.id))
                    }
                    _ => Ok(Value::Number(*value)),
                }
            }
            (FactKind::Number { .. }, other) => Err(format!("{} takes a number, not {other}", self.id)),
        }
    }

    /// The allowed values, for messages (`none, basic, advanced`).
    pub fn allowed(&self) -> String {
        match &self.kind {
            FactKind::Bool => "true, false".to_string(),
            FactKind::Enum(choices) => choices.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", "),
            FactKind::Number { min, max, .. } => match (min, max) {
                (Some(min), Some(max)) => format!("a number from {min} to {max}"),
                (Some(min), None) => format!("a number of at least {min}"),
                (None, Some(max)) => format!("a number of at most {max}"),
                (None, None) => "a number".to_string(),
            },
        }
    }

    /// A value of this fact as it is written in YAML.
    pub fn show(&self, value: Value) -> ShownValue<'_> {
        ShownValue { fact: self, value }
    }

    /// True for number facts.
    pub fn is_number(&self) -> bool {
        matches!(self.kind, FactKind::Number { .. })
    }
}

/// A value shown the way YAML writes it.
#[derive(Clone, Copy, Debug)]
pub struct ShownValue<'a> {
    fact: &'a Fact,
    value: Value,
}

impl fmt::Display for ShownValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.fact.kind, self.value) {
            (_, Value::Bool(value)) => write!(f, "{value}"),
            (FactKind::Enum(choices), Value::Choice(index)) => f.write_str(&choices[index].name),
            (_, Value::Choice(index)) => write!(f, "#{index}"),
            (_, Value::Number(value)) => write!(f, "{value}"),
        }
    }
}

impl serde::Serialize for ShownValue<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.value {
            Value::Bool(value) => serializer.serialize_bool(value),
            Value::Number(value) => serializer.serialize_f64(value),
            Value::Choice(_) => serializer.collect_str(self),
        }
    }
}

/// Every fact, in catalog order, with a lookup by id.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(from = "Vec<Fact>", into = "Vec<Fact>")]
pub struct Catalog {
    facts: Vec<Fact>,
    index: HashMap<String, FactId>,
}

impl From<Vec<Fact>> for Catalog {
    fn from(facts: Vec<Fact>) -> Self {
        let index = facts.iter().enumerate().map(|(i, fact)| (fact.id.clone(), FactId(i))).collect();
        Catalog { facts, index }
    }
}

impl From<Catalog> for Vec<Fact> {
    fn from(catalog: Catalog) -> Self {
        catalog.facts
    }
}

impl Catalog {
    /// Adds a fact; returns the fact already known under that id, if any.
    pub fn insert(&mut self, fact: Fact) -> Result<FactId, &Fact> {
        if let Some(&known) = self.index.get(&fact.id) {
            return Err(&self.facts[known.0]);
        }
        let id = FactId(self.facts.len());
        self.index.insert(fact.id.clone(), id);
        self.facts.push(fact);
        Ok(id)
    }

    /// The fact with this id.
    pub fn lookup(&self, id: &str) -> Option<FactId> {
        self.index.get(id).copied()
    }

    /// The fact with this id, or a message with the closest known id.
    pub fn resolve(&self, id: &str) -> Result<FactId, String> {
        self.lookup(id).ok_or_else(|| {
            format!(
                "unknown fact \"{}\"{}; `shipwise rules list --facts` lists the facts",
                excerpt(id),
                suggestion(id, self.facts.iter().map(|f| f.id.as_str()))
            )
        })
    }

    /// The fact behind an id.
    pub fn get(&self, id: FactId) -> &Fact {
        &self.facts[id.0]
    }

    /// Every fact in catalog order.
    pub fn iter(&self) -> impl Iterator<Item = (FactId, &Fact)> {
        self.facts.iter().enumerate().map(|(i, f)| (FactId(i), f))
    }

    /// How many facts there are.
    pub fn len(&self) -> usize {
        self.facts.len()
    }

    /// True when the catalog has no facts.
    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// Sets the `ask_if` condition of a fact (resolved once every fact is known).
    pub fn set_ask_if(&mut self, id: FactId, condition: Condition) {
        self.facts[id.0].ask_if = Some(condition);
    }

    /// The defaults of every fact, indexed by [`FactId`].
    pub fn defaults(&self) -> Vec<Value> {
        self.facts.iter().map(|f| f.default).collect()
    }
}
