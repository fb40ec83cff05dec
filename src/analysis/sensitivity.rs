//! What could change an answer: the values worth trying for each fact, and whether changing one
//! fact could put a different platform first. The questionnaire uses it to skip questions that
//! cannot matter; reports use it to say which assumptions are worth answering.

use crate::catalog::{FactId, FactKind, Value};
use crate::condition::{Comparison, Condition, Test};
use crate::engine::first_platform;
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
                thin_out(&mut values);
                values.into_iter().map(Value::Number).collect()
            }
        })
        .collect()
}

/// The most values tried for one number fact. A real pack compares a number with a few bounds;
/// a hostile one with thousands would make every question and report try them all.
pub const MAX_VALUES_PER_FACT: usize = 256;

/// Keeps at most [`MAX_VALUES_PER_FACT`] values, evenly spread, the smallest and largest among them.
fn thin_out(values: &mut Vec<f64>) {
    if values.len() <= MAX_VALUES_PER_FACT {
        return;
    }
    let last = values.len() - 1;
    let kept: Vec<f64> = (0..MAX_VALUES_PER_FACT).map(|i| values[i * last / (MAX_VALUES_PER_FACT - 1)]).collect();
    *values = kept;
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
    first_platform(rules, &workload.values, &workload.stated)
}

/// Whether some value of `fact` (from `candidates`) would put a different platform first than
/// the workload as it stands.
pub fn can_change_top(rules: &RuleSet, workload: &Workload, fact: FactId, candidates: &[Value]) -> bool {
    let now = top(rules, workload);
    let mut trial = workload.clone();
    candidates.iter().any(|&value| {
        // Answering a question states the fact.
        trial.set(fact, value);
        top(rules, &trial) != now
    })
}

/// One changed answer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Change {
    /// The fact.
    pub fact: FactId,
    /// Its value now (stated or assumed).
    pub from: Value,
    /// The value that would change the result.
    pub to: Value,
}

/// A smallest set of changed answers that puts another platform first.
#[derive(Clone, Debug, PartialEq)]
pub struct TippingPoint {
    /// The platform that would come first.
    pub platform: PlatformId,
    /// One change, or two.
    pub changes: Vec<Change>,
}

/// How much work the what-if search may do, in condition tests and ratings read: a few million
/// for the default pack's every change of one or two answers; a pack of thousands of facts or
/// rules would need billions, and is searched only this far.
pub const WHAT_IF_BUDGET: usize = 50_000_000;

/// How far a what-if search went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Searched {
    /// Changes of one or two answers tried.
    pub tried: usize,
    /// Changes of one or two answers there are.
    pub combinations: usize,
}

impl Searched {
    /// True when every combination was tried.
    pub fn is_complete(&self) -> bool {
        self.tried >= self.combinations
    }
}

/// What would change the answer: for each platform that one or two changed answers could put
/// first, those changes. A platform that a single change reaches is reported with single changes
/// only; pairs are tried only for the others, and never with a change that is a tipping point on
/// its own (it would not be a smallest change). Exhaustive over the candidate values, in catalog
/// and value order, so the result is deterministic, up to [`WHAT_IF_BUDGET`].
pub fn tipping_points(rules: &RuleSet, workload: &Workload) -> Vec<TippingPoint> {
    tipping_points_within(rules, workload, WHAT_IF_BUDGET).0
}

/// [`tipping_points`] within a budget of work, and how far the search went: changes are tried in
/// the same order, and the search stops when the next one would exceed the budget (pairs only
/// once every single change was tried, so that what is reported is always a smallest change).
pub fn tipping_points_within(rules: &RuleSet, workload: &Workload, budget: usize) -> (Vec<TippingPoint>, Searched) {
    // What finding the winner of one set of answers costs, roughly.
    let cost = rules.rules.len() + rules.platforms.len() * rules.criteria.len().max(1) + 1;
    let mut left = budget / cost;
    let candidates = candidate_values(rules);
    let now = first_platform(rules, &workload.values, &workload.stated);
    let mut values = workload.values.clone();
    // A changed answer is a stated one.
    let mut stated = workload.stated.clone();
    let changes: Vec<Change> = candidates
        .iter()
        .enumerate()
        .flat_map(|(f, options)| {
            // A firm fact the workload states (where it must run, say) is not the team's to change.
            let fixed = workload.stated[f] && rules.fact_of(FactId(f)).firm;
            let from = workload.values[f];
            options.iter().filter(move |v| **v != from && !fixed).map(move |&to| Change { fact: FactId(f), from, to })
        })
        .collect();
    // A change that makes the answers impossible together (Windows on ARM, say) is no advice.
    let possible = |changed: &[Change]| {
        let mut trial = workload.clone();
        for change in changed {
            trial.set(change.fact, change.to);
        }
        trial.contradiction(rules).is_none()
    };
    let combinations = changes.len() + changes.len() * changes.len().saturating_sub(1) / 2;
    // Combinations tried, or passed over because they cannot be smallest.
    let mut searched = 0;

    let mut found: Vec<TippingPoint> = Vec::new();
    let mut tips_alone = vec![false; changes.len()];
    for (i, change) in changes.iter().enumerate() {
        if left == 0 {
            return (found, Searched { tried: searched, combinations });
        }
        left -= 1;
        searched += 1;
        values[change.fact.0] = change.to;
        let was = std::mem::replace(&mut stated[change.fact.0], true);
        if let Some(platform) =
            first_platform(rules, &values, &stated).filter(|p| Some(*p) != now && possible(&[*change]))
        {
            tips_alone[i] = true;
            found.push(TippingPoint { platform, changes: vec![*change] });
        }
        stated[change.fact.0] = was;
        values[change.fact.0] = change.from;
    }
    // A number that tips at 8 also tips at 16 and 448: keep, per platform, fact and direction,
    // only the change nearest the current value.
    let distance = |c: &Change| match (c.from, c.to) {
        (Value::Number(from), Value::Number(to)) => Some(((to > from), (to - from).abs())),
        _ => None,
    };
    let singles = found.clone();
    found.retain(|tip| {
        let change = &tip.changes[0];
        let Some((up, gap)) = distance(change) else { return true };
        !singles.iter().any(|other| {
            let theirs = &other.changes[0];
            other.platform == tip.platform
                && theirs.fact == change.fact
                && distance(theirs).is_some_and(|(other_up, other_gap)| other_up == up && other_gap < gap)
        })
    });
    let reached_alone: Vec<PlatformId> = found.iter().map(|t| t.platform).collect();
    let mut stopped = false;
    'pairs: for i in 0..changes.len() {
        if tips_alone[i] {
            searched += changes.len() - i - 1;
            continue;
        }
        let first = changes[i];
        values[first.fact.0] = first.to;
        let first_was = std::mem::replace(&mut stated[first.fact.0], true);
        for (j, second) in changes.iter().enumerate().skip(i + 1) {
            if tips_alone[j] || second.fact == first.fact {
                searched += 1;
                continue;
            }
            if left == 0 {
                stopped = true;
                values[first.fact.0] = first.from;
                break 'pairs;
            }
            left -= 1;
            searched += 1;
            values[second.fact.0] = second.to;
            let second_was = std::mem::replace(&mut stated[second.fact.0], true);
            if let Some(platform) = first_platform(rules, &values, &stated)
                .filter(|p| Some(*p) != now && !reached_alone.contains(p) && possible(&[first, *second]))
            {
                found.push(TippingPoint { platform, changes: vec![first, *second] });
            }
            values[second.fact.0] = second.from;
            stated[second.fact.0] = second_was;
        }
        values[first.fact.0] = first.from;
        stated[first.fact.0] = first_was;
    }
    // Grouped by platform (in id order), single changes before pairs, each in search order.
    found.sort_by_key(|t| (t.platform, t.changes.len()));
    let tried = if stopped { searched } else { combinations };
    (found, Searched { tried, combinations })
}

/// Facts the workload does not state whose answer could put another platform first: the
/// assumptions worth answering.
pub fn open_questions(rules: &RuleSet, workload: &Workload) -> Vec<FactId> {
    let candidates = candidate_values(rules);
    rules
        .catalog
        .iter()
        .map(|(id, _)| id)
        .filter(|id| !workload.stated[id.0] && can_change_top(rules, workload, *id, &candidates[id.0]))
        .collect()
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
    fn tipping_points_are_the_smallest_changes_that_move_the_top() {
        let rules = rules();
        let w = workload(&rules, "name: x\n").expect("valid");
        let tips = tipping_points(&rules, &w);
        let nodes = rules.platform("nodes").expect("defined");
        // Experience (some or lots) alone puts nodes first: single changes, and no pairs for nodes.
        let for_nodes: Vec<&TippingPoint> = tips.iter().filter(|t| t.platform == nodes).collect();
        assert!(!for_nodes.is_empty());
        assert!(for_nodes.iter().all(|t| t.changes.len() == 1), "{for_nodes:?}");
        // Applying any reported change does put its platform first.
        for tip in &tips {
            let mut changed = w.clone();
            for change in &tip.changes {
                changed.set(change.fact, change.to);
            }
            assert_eq!(top(&rules, &changed), Some(tip.platform));
        }
        // onprem is rated too low to come first by one or two changes: with on-premises placement
        // required it is viable, but serverless or (once serverless is ruled out) nodes still lead.
        let onprem = rules.platform("onprem").expect("defined");
        assert!(!tips.iter().any(|t| t.platform == onprem), "{tips:?}");
    }

    #[test]
    fn open_questions_are_unstated_facts_that_could_change_the_top() {
        let rules = rules();
        let w = workload(&rules, "name: x\n").expect("valid");
        let open: Vec<&str> = open_questions(&rules, &w).iter().map(|&f| rules.fact_of(f).id.as_str()).collect();
        assert!(open.contains(&"team.experience") && open.contains(&"requirements.gpu"), "{open:?}");
        let answered = workload(&rules, "team: { experience: none }\n").expect("valid");
        assert!(!open_questions(&rules, &answered).iter().any(|&f| rules.fact_of(f).id == "team.experience"));
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
