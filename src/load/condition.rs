//! Conditions of rules and questions: parsed once from YAML against the fact catalog into typed
//! tests on fact ids, then evaluated on a workload's values without any lookup or allocation.

use std::sync::Arc;

use serde_saphyr::Spanned;

use crate::catalog::{Catalog, FactId, FactKind, Value};
use crate::error::{Diagnostic, Location};
use crate::yaml::Node;

/// A condition on a workload's facts.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Condition {
    /// Every part holds (an empty list always holds).
    All(Vec<Condition>),
    /// At least one part holds.
    Any(Vec<Condition>),
    /// The part does not hold.
    Not(Box<Condition>),
    /// A test on one fact.
    Fact(FactId, Test),
}

/// A test on one fact's value.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Test {
    /// Equal to the value.
    Eq(Value),
    /// Not equal to the value.
    Ne(Value),
    /// Equal to one of the values.
    OneOf(Vec<Value>),
    /// A numeric comparison with a bound.
    Compare(Comparison, f64),
}

/// A numeric comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Comparison {
    /// Greater than.
    Gt,
    /// Greater than or equal.
    Gte,
    /// Less than.
    Lt,
    /// Less than or equal.
    Lte,
}

impl Comparison {
    fn parse(word: &str) -> Option<Self> {
        match word {
            "gt" => Some(Comparison::Gt),
            "gte" => Some(Comparison::Gte),
            "lt" => Some(Comparison::Lt),
            "lte" => Some(Comparison::Lte),
            _ => None,
        }
    }
}

impl Condition {
    /// A condition that always holds.
    pub fn always() -> Self {
        Condition::All(Vec::new())
    }

    /// Whether the condition holds for these values (indexed by [`FactId`]).
    pub fn holds(&self, values: &[Value]) -> bool {
        match self {
            Condition::All(parts) => parts.iter().all(|part| part.holds(values)),
            Condition::Any(parts) => parts.iter().any(|part| part.holds(values)),
            Condition::Not(part) => !part.holds(values),
            Condition::Fact(fact, test) => test.holds(values[fact.0]),
        }
    }

    /// Whether every fact the condition reads passes `test` (without collecting them).
    pub fn reads_only(&self, test: &impl Fn(FactId) -> bool) -> bool {
        match self {
            Condition::All(parts) | Condition::Any(parts) => parts.iter().all(|part| part.reads_only(test)),
            Condition::Not(part) => part.reads_only(test),
            Condition::Fact(fact, _) => test(*fact),
        }
    }

    /// Every fact the condition reads, in order of appearance (with repeats).
    pub fn facts(&self, out: &mut Vec<FactId>) {
        match self {
            Condition::All(parts) | Condition::Any(parts) => parts.iter().for_each(|part| part.facts(out)),
            Condition::Not(part) => part.facts(out),
            Condition::Fact(fact, _) => out.push(*fact),
        }
    }
}

impl Test {
    fn holds(&self, value: Value) -> bool {
        match self {
            Test::Eq(expected) => value == *expected,
            Test::Ne(expected) => value != *expected,
            Test::OneOf(expected) => expected.contains(&value),
            Test::Compare(op, bound) => match value {
                Value::Number(number) => match op {
                    Comparison::Gt => number > *bound,
                    Comparison::Gte => number >= *bound,
                    Comparison::Lt => number < *bound,
                    Comparison::Lte => number <= *bound,
                },
                Value::Bool(_) | Value::Choice(_) => false,
            },
        }
    }
}

/// Parses conditions from YAML, collecting every problem with its location.
pub struct ConditionParser<'a> {
    /// The catalog that fact ids and values are resolved against.
    pub catalog: &'a Catalog,
    /// The file being read, for locations.
    pub file: &'a Arc<str>,
    /// Problems found so far.
    pub problems: &'a mut Vec<Diagnostic>,
}

impl ConditionParser<'_> {
    fn problem(&mut self, at: &serde_saphyr::Location, message: impl Into<String>) {
        self.problems.push(Diagnostic { at: Location::at(self.file, at.line(), at.column()), message: message.into() });
    }

    /// Parses a condition mapping; on a problem, records it and returns a condition that never
    /// matters (the pack is rejected anyway).
    pub fn parse(&mut self, node: &Spanned<Node>) -> Condition {
        let Node::Map(entries) = &node.value else {
            self.problem(
                &node.referenced,
                format!("a condition is a mapping such as {{ requirements.gpu: true }}, not {}", node.value.kind()),
            );
            return Condition::always();
        };
        if entries.is_empty() {
            self.problem(
                &node.referenced,
                "an empty condition always holds; leave `when` out for a rule that always applies",
            );
        }
        let mut parts = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            match key.value.as_str() {
                "all" | "any" => {
                    let Node::Seq(items) = &value.value else {
                        self.problem(&value.referenced, format!("`{}` takes a list of conditions", key.value));
                        continue;
                    };
                    if items.is_empty() {
                        self.problem(&value.referenced, format!("`{}` needs at least one condition", key.value));
                        continue;
                    }
                    let inner = items.iter().map(|item| self.parse(item)).collect();
                    parts.push(if key.value == "all" { Condition::All(inner) } else { Condition::Any(inner) });
                }
                "not" => parts.push(Condition::Not(Box::new(self.parse(value)))),
                fact_id => match self.catalog.resolve(fact_id) {
                    Ok(fact) => {
                        if let Some(test) = self.parse_test(fact, value) {
                            parts.push(Condition::Fact(fact, test));
                        }
                    }
                    Err(message) => self.problem(&key.referenced, message),
                },
            }
        }
        if parts.len() == 1 { parts.pop().expect("one part") } else { Condition::All(parts) }
    }

    fn value(&mut self, fact: FactId, node: &Spanned<Node>) -> Option<Value> {
        match self.catalog.get(fact).parse_value(&node.value) {
            Ok(value) => Some(value),
            Err(message) => {
                self.problem(&node.referenced, message);
                None
            }
        }
    }

    fn parse_test(&mut self, fact: FactId, node: &Spanned<Node>) -> Option<Test> {
        match &node.value {
            Node::Seq(items) => {
                if items.is_empty() {
                    self.problem(&node.referenced, "an empty list of values never matches; list at least one value");
                    return None;
                }
                let values: Vec<Value> = items.iter().filter_map(|item| self.value(fact, item)).collect();
                (values.len() == items.len()).then_some(Test::OneOf(values))
            }
            Node::Map(entries) => {
                if entries.len() != 1 {
                    self.problem(
                        &node.referenced,
                        "a comparison has exactly one operator, such as { gt: 16 }; use all: [...] to combine two",
                    );
                    return None;
                }
                let (op, bound) = &entries[0];
                match op.value.as_str() {
                    "eq" => self.value(fact, bound).map(Test::Eq),
                    "ne" => self.value(fact, bound).map(Test::Ne),
                    word => {
                        let Some(comparison) = Comparison::parse(word) else {
                            self.problem(
                                &op.referenced,
                                format!("unknown comparison \"{word}\"; use gt, gte, lt, lte, eq or ne"),
                            );
                            return None;
                        };
                        let facts = self.catalog.get(fact);
                        if !facts.is_number() {
                            self.problem(&op.referenced, format!("`{word}` compares numbers, but {} is not a number fact; use a value or a list of values", facts.id));
                            return None;
                        }
                        match (&bound.value, facts.parse_value(&bound.value)) {
                            (Node::Number(_), Ok(Value::Number(number))) => Some(Test::Compare(comparison, number)),
                            (Node::Number(number), _) if number.is_finite() => {
                                let message = format!(
                                    "the bound {number} is outside the range of {} ({}), so this comparison always or never holds",
                                    facts.id,
                                    facts.allowed()
                                );
                                self.problem(&bound.referenced, message);
                                None
                            }
                            (other, _) => {
                                self.problem(&bound.referenced, format!("`{word}` takes a finite number, not {other}"));
                                None
                            }
                        }
                    }
                }
            }
            _ => self.value(fact, node).map(Test::Eq),
        }
    }
}

/// What a condition can do over every workload the catalog allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// It holds for no workload.
    Never,
    /// It holds for some workloads and not for others.
    Sometimes,
    /// It holds for every workload.
    Always,
    /// Too many combinations to try (more than [`Condition::REACH_LIMIT`]).
    Unknown,
}

impl Condition {
    /// The most combinations of values [`Condition::reach`] tries.
    pub const REACH_LIMIT: usize = 1 << 20;

    /// Whether the condition can hold, and whether it can fail, under the catalog. Exact: it tries
    /// one value from every region that the condition's own bounds cut each fact's range into.
    pub fn reach(&self, catalog: &Catalog) -> Reach {
        let mut unlimited = usize::MAX;
        self.reach_within(catalog, &mut unlimited)
    }

    /// Like [`Condition::reach`], trying no more combinations than `budget` holds, and taking
    /// those it tries from it: a check of many conditions (`rules lint`) stays bounded in all.
    pub fn reach_within(&self, catalog: &Catalog, budget: &mut usize) -> Reach {
        let mut facts = Vec::new();
        self.facts(&mut facts);
        facts.sort();
        facts.dedup();
        let choices: Vec<Vec<Value>> = facts.iter().map(|&fact| self.representatives(fact, catalog)).collect();
        let combinations = choices.iter().try_fold(1usize, |n, values| n.checked_mul(values.len().max(1)));
        match combinations {
            Some(n) if n <= Self::REACH_LIMIT.min(*budget) => *budget -= n,
            _ => return Reach::Unknown,
        }
        let mut values = catalog.defaults();
        let mut index = vec![0usize; facts.len()];
        let (mut holds, mut fails) = (false, false);
        loop {
            for (slot, &fact) in facts.iter().enumerate() {
                if let Some(&value) = choices[slot].get(index[slot]) {
                    values[fact.0] = value;
                }
            }
            if self.holds(&values) {
                holds = true;
            } else {
                fails = true;
            }
            if holds && fails {
                return Reach::Sometimes;
            }
            // The next combination, like an odometer.
            let mut slot = 0;
            loop {
                if slot == facts.len() {
                    return if holds { Reach::Always } else { Reach::Never };
                }
                index[slot] += 1;
                if index[slot] < choices[slot].len() {
                    break;
                }
                index[slot] = 0;
                slot += 1;
            }
        }
    }

    /// One value of `fact` from each region that this condition's tests on it distinguish.
    fn representatives(&self, fact: FactId, catalog: &Catalog) -> Vec<Value> {
        match &catalog.get(fact).kind {
            FactKind::Bool => vec![Value::Bool(false), Value::Bool(true)],
            FactKind::Enum(choices) => (0..choices.len()).map(Value::Choice).collect(),
            FactKind::Number { min, max, .. } => {
                let mut bounds = Vec::new();
                self.number_bounds(fact, &mut bounds);
                let low = min.unwrap_or(f64::NEG_INFINITY);
                let high = max.unwrap_or(f64::INFINITY);
                bounds.retain(|b| (low..=high).contains(b));
                bounds.extend(min.iter().chain(max.iter()));
                bounds.sort_by(f64::total_cmp);
                bounds.dedup();
                let mut points = bounds.clone();
                // Halves first, so that huge bounds do not overflow; steps outward that move
                // even a bound beyond 2^53, where adding 1 changes nothing.
                for pair in bounds.windows(2) {
                    points.push(pair[0] / 2.0 + pair[1] / 2.0);
                }
                match (bounds.first(), bounds.last()) {
                    (Some(&first), Some(&last)) => {
                        if min.is_none() {
                            points.push(first - first.abs().max(1.0));
                        }
                        if max.is_none() {
                            points.push(last + last.abs().max(1.0));
                        }
                    }
                    _ => points.push(0.0),
                }
                points.into_iter().map(Value::Number).collect()
            }
        }
    }

    fn number_bounds(&self, fact: FactId, out: &mut Vec<f64>) {
        match self {
            Condition::All(parts) | Condition::Any(parts) => parts.iter().for_each(|p| p.number_bounds(fact, out)),
            Condition::Not(part) => part.number_bounds(fact, out),
            Condition::Fact(id, test) if *id == fact => match test {
                Test::Eq(Value::Number(n)) | Test::Ne(Value::Number(n)) | Test::Compare(_, n) => out.push(*n),
                Test::OneOf(values) => out.extend(values.iter().filter_map(|v| match v {
                    Value::Number(n) => Some(*n),
                    _ => None,
                })),
                _ => {}
            },
            Condition::Fact(..) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{rules, workload};
    use crate::yaml::{Node, Source};

    /// Parses a condition that must be valid under `rules`.
    #[track_caller]
    fn parse(rules: &crate::RuleSet, condition: &str) -> super::Condition {
        let node: serde_saphyr::Spanned<Node> = Source::new("c.yaml", condition).parse().expect("valid YAML");
        let mut problems = Vec::new();
        let file = std::sync::Arc::from("c.yaml");
        let parsed =
            super::ConditionParser { catalog: &rules.catalog, file: &file, problems: &mut problems }.parse(&node);
        assert!(problems.is_empty(), "{problems:?}");
        parsed
    }

    #[track_caller]
    fn case(condition: &str, workload_text: &str, expected: bool) {
        let rules = rules();
        let parsed = parse(&rules, condition);
        let w = workload(&rules, workload_text).expect("valid workload");
        assert_eq!(parsed.holds(&w.values), expected, "{condition} on {workload_text}");
    }

    #[test]
    fn conditions_hold_as_documented() {
        case("{ requirements.gpu: true }", "requirements: { gpu: true }", true);
        case("{ requirements.gpu: true }", "name: x", false);
        case("{ team.experience: [some, lots] }", "team: { experience: lots }", true);
        case("{ team.experience: [some, lots] }", "name: x", false);
        case("{ requirements.vcpu: { gte: 2 } }", "name: x", true);
        case("{ requirements.vcpu: { lt: 2 } }", "name: x", false);
        case("{ requirements.vcpu: { ne: 2 } }", "requirements: { vcpu: 4 }", true);
        case("{ any: [{ requirements.gpu: true }, { team.experience: lots }] }", "team: { experience: lots }", true);
        case("{ all: [{ requirements.gpu: true }, { team.experience: lots }] }", "team: { experience: lots }", false);
        case("{ not: { requirements.gpu: true } }", "name: x", true);
        case("{ requirements.gpu: false, team.experience: none }", "name: x", true);
    }

    #[track_caller]
    fn reach(condition: &str) -> super::Reach {
        reach_in(&rules(), condition)
    }

    #[track_caller]
    fn reach_in(rules: &crate::RuleSet, condition: &str) -> super::Reach {
        parse(rules, condition).reach(&rules.catalog)
    }

    #[test]
    fn reach_finds_conditions_that_never_hold_or_always_hold() {
        use super::Reach::{Always, Never, Sometimes};
        assert_eq!(reach("{ requirements.gpu: true }"), Sometimes);
        // Beyond the fact's range (max 448), or an empty interval.
        assert_eq!(reach("{ requirements.vcpu: { gt: 448 } }"), Never);
        assert_eq!(reach("{ all: [{ requirements.vcpu: { gt: 16 } }, { requirements.vcpu: { lt: 8 } }] }"), Never);
        assert_eq!(reach("{ all: [{ requirements.vcpu: { gt: 16 } }, { requirements.vcpu: { lt: 17 } }] }"), Sometimes);
        assert_eq!(reach("{ all: [{ team.experience: none }, { team.experience: lots }] }"), Never);
        assert_eq!(reach("{ all: [{ requirements.gpu: true }, { not: { requirements.gpu: true } }] }"), Never);
        assert_eq!(reach("{ team.experience: [none, some, lots] }"), Always);
        assert_eq!(reach("{ any: [{ requirements.vcpu: { lte: 4 } }, { requirements.vcpu: { gt: 4 } }] }"), Always);
        assert_eq!(reach("{ requirements.vcpu: { gte: 0.25 } }"), Always);
        assert_eq!(
            reach("{ all: [{ requirements.vcpu: { gt: 400 } }, { requirements.vcpu: { lt: 400.5 } }] }"),
            Sometimes
        );
        // A number with no range, and bounds beyond 2^53 (where adding 1 changes nothing) or near the
        // largest float (where a sum overflows).
        let open = crate::testing::load(&crate::testing::PACK.replace("    min: 0.25\n    max: 448\n", ""))
            .expect("the pack loads without the range");
        assert_eq!(reach_in(&open, "{ requirements.vcpu: { lt: 1.0e16 } }"), Sometimes);
        assert_eq!(reach_in(&open, "{ requirements.vcpu: { gt: -1.0e16 } }"), Sometimes);
        let huge = "{ all: [{ requirements.vcpu: { gt: 1.0e308 } }, { requirements.vcpu: { lt: 1.5e308 } }] }";
        assert_eq!(reach_in(&open, huge), Sometimes);
    }
}
