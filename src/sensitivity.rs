//! What could change an answer: the values worth trying for each fact, and whether changing one
//! fact could put a different platform first. The questionnaire uses it to skip questions that
//! cannot matter; reports use it to say which assumptions are worth answering.

use crate::catalog::{FactId, FactKind, Value};
use crate::condition::{Comparison, Condition, Test};
use crate::engine::evaluate;
use crate::ruleset::{PlatformId, RuleSet};
use crate::workload::Workload;

/// Values worth trying for every fact, indexed by [`FactId`]: each choice, both booleans, or for
/// numbers the default, the range ends and both sides of every bound a rule compares with (the
/// only places where a number can change which rules fire).
pub fn candidate_values(rules: &RuleSet) -> Vec<Vec<Value>> {
    let mut bounds: Vec<Vec<f64>> = vec![Vec::new(); rules.catalog.len()];
    for rule in &rules.rules {
        collect_bounds(&rule.when, &mut bounds);
    }
    for (_, fact) in rules.catalog.iter() {
        if let Some(condition) = &fact.ask_if {
            collect_bounds(condition, &mut bounds);
        }
    }
    rules
        .catalog
        .iter()
        .map(|(id, fact)| match &fact.kind {
            FactKind::Bool => vec![Value::Bool(false), Value::Bool(true)],
            FactKind::Enum(choices) => (0..choices.len()).map(Value::Choice).collect(),
            FactKind::Number { min, max, .. } => {
                let mut values: Vec<f64> = bounds[id.0].clone();
                values.extend(min.iter().chain(max.iter()));
                if let Value::Number(default) = fact.default {
                    values.push(default);
                }
                values.retain(|v| min.is_none_or(|m| *v >= m) && max.is_none_or(|m| *v <= m));
                values.sort_by(f64::total_cmp);
                values.dedup();
                values.into_iter().map(Value::Number).collect()
            }
        })
        .collect()
}

/// Records, per fact, each number a condition compares with and a value just past it.
fn collect_bounds(condition: &Condition, bounds: &mut [Vec<f64>]) {
    match condition {
        Condition::All(parts) | Condition::Any(parts) => parts.iter().for_each(|part| collect_bounds(part, bounds)),
        Condition::Not(part) => collect_bounds(part, bounds),
        Condition::Fact(fact, Test::Compare(op, bound)) => {
            let past = if matches!(op, Comparison::Gt | Comparison::Lte) { bound + 0.25 } else { bound - 0.25 };
            bounds[fact.0].extend([*bound, past]);
        }
        Condition::Fact(fact, Test::Eq(Value::Number(n)) | Test::Ne(Value::Number(n))) => {
            bounds[fact.0].extend([*n, n + 0.25]);
        }
        Condition::Fact(fact, Test::OneOf(values)) => {
            bounds[fact.0].extend(values.iter().filter_map(|v| if let Value::Number(n) = v { Some(*n) } else { None }));
        }
        Condition::Fact(..) => {}
    }
}

/// The platform first for a workload, if any is viable.
pub fn top(rules: &RuleSet, workload: &Workload) -> Option<PlatformId> {
    evaluate(rules, workload).winner().map(|w| w.platform)
}

/// Whether some value of `fact` (from `candidates`) would put a different platform first than
/// the workload as it stands.
pub fn can_change_top(rules: &RuleSet, workload: &Workload, fact: FactId, candidates: &[Value]) -> bool {
    let now = top(rules, workload);
    let mut trial = workload.clone();
    candidates.iter().any(|&value| {
        trial.values[fact.0] = value;
        top(rules, &trial) != now
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{rules, workload};

    #[test]
    fn numbers_are_tried_on_both_sides_of_every_bound() {
        let rules = rules();
        let vcpu = rules.catalog.lookup("requirements.vcpu").expect("defined");
        let values = &candidate_values(&rules)[vcpu.0];
        assert!(values.contains(&Value::Number(16.0)) && values.contains(&Value::Number(16.25)), "{values:?}");
        assert!(values.contains(&Value::Number(0.25)) && values.contains(&Value::Number(448.0)));
    }

    #[test]
    fn a_fact_matters_only_when_a_value_moves_the_top() {
        let rules = rules();
        let candidates = candidate_values(&rules);
        let gpu = rules.catalog.lookup("requirements.gpu").expect("defined");
        let w = workload(&rules, "name: x\n").expect("valid");
        // GPUs rule out the serverless platform, which is first by default.
        assert!(can_change_top(&rules, &w, gpu, &candidates[gpu.0]));
        // Once the team is experienced, nodes lead and GPUs no longer change that.
        let w = workload(&rules, "team: { experience: lots }\n").expect("valid");
        assert!(!can_change_top(&rules, &w, gpu, &candidates[gpu.0]));
    }
}
