//! Engine invariants over random workloads of the default pack: same input, same output; scores
//! within 0-100; an excluded platform is never ranked and names its rule; the order of rules and
//! rule files changes nothing; every unstated fact is an assumption; a workload survives a YAML
//! round trip.

use proptest::prelude::*;
use shipwise::catalog::{FactKind, Value};
use shipwise::pack::Pack;
use shipwise::report::Report;
use shipwise::yaml::Source;
use shipwise::{RuleSet, Workload, evaluate};

/// The default pack, loaded once for all cases.
fn default_rules() -> &'static RuleSet {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(shipwise::embedded::default_rules)
}

/// A random workload: each fact stated or not, with a value its type allows.
fn workloads() -> impl Strategy<Value = Workload> {
    let rules = default_rules();
    let kinds: Vec<FactKind> = rules.catalog.iter().map(|(_, f)| f.kind.clone()).collect();
    let per_fact: Vec<BoxedStrategy<Option<Value>>> = kinds
        .into_iter()
        .map(|kind| {
            let value: BoxedStrategy<Value> = match kind {
                FactKind::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
                FactKind::Enum(choices) => (0..choices.len()).prop_map(Value::Choice).boxed(),
                FactKind::Number { min, max, .. } => {
                    let (lo, hi) = (min.unwrap_or(0.0), max.unwrap_or(1000.0));
                    (0u32..=400)
                        .prop_map(move |step| {
                            let raw = lo + (hi - lo) * f64::from(step) / 400.0;
                            Value::Number(((raw * 4.0).round() / 4.0).clamp(lo, hi))
                        })
                        .boxed()
                }
            };
            proptest::option::of(value).boxed()
        })
        .collect();
    per_fact.prop_map(move |values| {
        let rules = default_rules();
        let mut workload = Workload::defaults(rules);
        workload.name = Some("generated".to_string());
        for (i, value) in values.into_iter().enumerate() {
            if let Some(value) = value {
                workload.set(shipwise::catalog::FactId(i), value);
            }
        }
        workload
    })
}

/// The default pack's files with their rules in reverse order, under names that sort in reverse.
fn reordered_pack() -> RuleSet {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("rules/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    let count = names.len();
    let sources = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let text = std::fs::read_to_string(dir.join(name)).expect("readable");
            // Split the rules list into items and reverse them; items start at "  - id:".
            let text = match text.find("\nrules:\n") {
                Some(start) => {
                    let (head, list) = text.split_at(start + "\nrules:\n".len());
                    let mut items: Vec<String> = Vec::new();
                    for line in list.lines() {
                        if line.starts_with("  - id:") || items.is_empty() {
                            items.push(String::new());
                        }
                        let last = items.last_mut().expect("one item at least");
                        last.push_str(line);
                        last.push('\n');
                    }
                    items.reverse();
                    format!("{head}{}", items.concat())
                }
                None => text,
            };
            Source::new(&format!("{:03}-{name}", count - i), text)
        })
        .collect();
    RuleSet::load(&[Pack::parse(sources).expect("reordered pack parses")]).expect("reordered pack is valid")
}

fn report_json(rules: &RuleSet, workload: &Workload) -> String {
    let evaluation = evaluate(rules, workload);
    serde_json::to_string(&Report::new(rules, workload, &evaluation, true)).expect("serialises")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn same_input_same_output(workload in workloads()) {
        let rules = default_rules();
        prop_assert_eq!(evaluate(rules, &workload), evaluate(rules, &workload));
    }

    #[test]
    fn scores_stay_within_0_and_100_and_rank_best_first(workload in workloads()) {
        let rules = default_rules();
        let evaluation = evaluate(rules, &workload);
        for ranked in &evaluation.ranking {
            prop_assert!((0.0..=100.0).contains(&ranked.score));
        }
        for pair in evaluation.ranking.windows(2) {
            prop_assert!(pair[0].score >= pair[1].score);
        }
    }

    #[test]
    fn excluded_platforms_are_never_ranked_and_name_a_rule(workload in workloads()) {
        let rules = default_rules();
        let evaluation = evaluate(rules, &workload);
        prop_assert_eq!(evaluation.ranking.len() + evaluation.excluded.len(), rules.platforms.len());
        for exclusion in &evaluation.excluded {
            prop_assert!(evaluation.ranked(exclusion.platform).is_none());
            prop_assert!(!exclusion.rules.is_empty());
            for rule in &exclusion.rules {
                prop_assert!(evaluation.fired[rule.0]);
                prop_assert!(rules.rule_of(*rule).exclude.contains(&exclusion.platform));
            }
        }
    }

    #[test]
    fn every_unstated_fact_is_an_assumption(workload in workloads()) {
        let rules = default_rules();
        let evaluation = evaluate(rules, &workload);
        let unstated: Vec<usize> = (0..workload.stated.len()).filter(|i| !workload.stated[*i]).collect();
        let assumed: Vec<usize> = evaluation.assumptions.iter().map(|f| f.0).collect();
        prop_assert_eq!(unstated, assumed);
    }

    #[test]
    fn a_workload_survives_a_yaml_round_trip(workload in workloads()) {
        let rules = default_rules();
        // Reading a file settles its answers (implications set, contradictions refused), so the
        // property is about a settled workload.
        let mut workload = workload;
        prop_assume!(workload.settle(rules).is_none());
        let text = workload.to_yaml(rules);
        let back = Workload::parse(&Source::new("round-trip.yaml", text.clone()), rules);
        prop_assert!(back.is_ok(), "{}\n{}", text, back.err().map(|e| e.to_string()).unwrap_or_default());
        prop_assert_eq!(back.expect("checked"), workload);
    }
}

#[test]
fn reordering_rules_and_rule_files_changes_nothing() {
    let rules = default_rules();
    let reordered = reordered_pack();
    let ids = |r: &RuleSet| r.rules.iter().map(|rule| rule.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(rules), ids(&reordered));
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases: 128, ..ProptestConfig::default() });
    runner
        .run(&workloads(), |workload| {
            prop_assert_eq!(report_json(rules, &workload), report_json(&reordered, &workload));
            Ok(())
        })
        .expect("reordering changes nothing");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn the_fast_winner_agrees_with_the_full_evaluation(workload in workloads()) {
        let rules = default_rules();
        let full = evaluate(rules, &workload).first().map(|w| w.platform);
        prop_assert_eq!(shipwise::engine::first_platform(rules, &workload.values, &workload.stated), full);
    }

    /// The three scoring paths agree: evaluate's raw scores are what the sampler computes with
    /// all factors at 1, and with whole-number factors what evaluate gives for a pack whose base
    /// weights were multiplied by them.
    #[test]
    fn every_scoring_path_gives_the_same_scores(workload in workloads(), factors in prop::collection::vec(0u8..4, 10)) {
        let rules = default_rules();
        let evaluation = evaluate(rules, &workload);
        let sampled = shipwise::engine::scores_with_weights(rules, &workload.values, &workload.stated, None);
        for ranked in &evaluation.ranking {
            prop_assert_eq!(sampled[ranked.platform.0], Some(ranked.raw));
        }
        for exclusion in &evaluation.excluded {
            prop_assert_eq!(sampled[exclusion.platform.0], None);
        }
        let factors: Vec<f64> = factors.iter().take(rules.criteria.len()).map(|f| f64::from(*f)).collect();
        prop_assume!(factors.len() == rules.criteria.len());
        let mut scaled = rules.clone();
        for (criterion, factor) in scaled.criteria.iter_mut().zip(&factors) {
            criterion.weight *= *factor as i64;
        }
        let with_factors = shipwise::engine::scores_with_weights(rules, &workload.values, &workload.stated, Some(&factors));
        let rescored = evaluate(&scaled, &workload);
        for ranked in &rescored.ranking {
            prop_assert_eq!(with_factors[ranked.platform.0], Some(ranked.raw));
        }
        let first = shipwise::engine::first_of(
            with_factors.iter().enumerate().filter_map(|(p, s)| s.map(|s| (shipwise::ruleset::PlatformId(p), s))),
        );
        prop_assert_eq!(first, rescored.first().map(|w| w.platform));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn applying_a_tipping_point_puts_its_platform_first(workload in workloads()) {
        let rules = default_rules();
        let now = shipwise::engine::first_platform(rules, &workload.values, &workload.stated);
        for tip in shipwise::sensitivity::tipping_points(rules, &workload) {
            prop_assert!(Some(tip.platform) != now);
            prop_assert!(tip.changes.len() == 1 || tip.changes.len() == 2);
            let mut changed = workload.clone();
            for change in &tip.changes {
                prop_assert_eq!(changed.values[change.fact.0], change.from);
                changed.set(change.fact, change.to);
            }
            prop_assert_eq!(evaluate(rules, &changed).first().map(|w| w.platform), Some(tip.platform));
        }
    }
}
