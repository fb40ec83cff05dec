//! Checks of the default pack as a whole: every rule can fire (no dead rules), every hard
//! constraint cites a source, and the fact catalog covers the workload contract of DESIGN.md.

use shipwise::catalog::{FactId, Value};
use shipwise::sensitivity::candidate_values;
use shipwise::{Workload, evaluate};

#[test]
fn every_rule_fires_for_some_workload() {
    let rules = shipwise::embedded::default_rules();
    let candidates = candidate_values(&rules);
    let mut fired = vec![false; rules.rules.len()];
    let mut record = |workload: &Workload| {
        for (i, did) in evaluate(&rules, workload).fired.iter().enumerate() {
            fired[i] |= did;
        }
    };
    let base = Workload::defaults(&rules);
    record(&base);
    // Every single change of the defaults, and every pair of changes.
    let changes: Vec<(FactId, Value)> =
        candidates.iter().enumerate().flat_map(|(f, values)| values.iter().map(move |v| (FactId(f), *v))).collect();
    for (i, &(fact, value)) in changes.iter().enumerate() {
        let mut one = base.clone();
        one.set(fact, value);
        record(&one);
        for &(other, other_value) in &changes[i + 1..] {
            if other != fact {
                let mut two = one.clone();
                two.set(other, other_value);
                record(&two);
            }
        }
    }
    // A rule whose condition reads three or more facts may need them all changed: try every
    // combination of the values of the facts it reads (a few hundred at most).
    let unfired: Vec<usize> = (0..rules.rules.len()).filter(|&i| !fired[i]).collect();
    for i in unfired {
        let rule = &rules.rules[i];
        let mut read = Vec::new();
        rule.when.facts(&mut read);
        read.sort_by_key(|f| f.0);
        read.dedup();
        let mut workloads = vec![base.clone()];
        for fact in read {
            workloads = workloads
                .iter()
                .flat_map(|w| candidates[fact.0].iter().map(move |&v| (w.clone(), v)))
                .map(|(mut w, v)| {
                    w.set(fact, v);
                    w
                })
                .collect();
            assert!(workloads.len() <= 100_000, "rule {} reads too many facts to try them all", rule.id);
        }
        fired[i] = workloads.iter().any(|w| evaluate(&rules, w).fired[i]);
    }
    let dead: Vec<&str> = rules.rules.iter().zip(&fired).filter(|(_, f)| !**f).map(|(r, _)| r.id.as_str()).collect();
    assert!(
        dead.is_empty(),
        "rules that no workload fires (with one or two changed answers, or every value of the facts they read): {dead:?}"
    );
}

#[test]
fn every_hard_constraint_cites_a_public_source_and_a_review_date() {
    let rules = shipwise::embedded::default_rules();
    let hard: Vec<_> = rules.rules.iter().filter(|r| r.is_hard()).collect();
    assert!(hard.len() >= 16, "the quick list of hard constraints has at least 16 rows");
    // Loading already guarantees a source, a reason and a date; what it cannot know is whose page
    // the source is. A hard constraint rests on AWS's own documentation (or its GitHub sources),
    // not on a third party's account of it alone.
    let aws = |url: &str| {
        [
            "https://docs.aws.amazon.com/",
            "https://aws.amazon.com/",
            "https://docs.amazonaws.cn/",
            "https://github.com/aws/",
            "https://github.com/awsdocs/",
            "https://anywhere.eks.amazonaws.com/",
        ]
        .iter()
        .any(|prefix| url.starts_with(prefix))
    };
    let third_party_only: Vec<&str> =
        hard.iter().filter(|r| !r.sources.iter().any(|s| aws(s))).map(|r| r.id.as_str()).collect();
    assert!(third_party_only.is_empty(), "hard constraints without an AWS source: {third_party_only:?}");
    let unreviewed: Vec<&str> = hard.iter().filter(|r| r.reviewed.is_none()).map(|r| r.id.as_str()).collect();
    assert!(unreviewed.is_empty(), "{unreviewed:?}");
}

#[test]
fn the_catalog_covers_the_workload_contract() {
    let rules = shipwise::embedded::default_rules();
    // (fact, allowed values or type, default) as DESIGN.md states the public contract.
    let contract: &[(&str, &str, &str)] = &[
        ("team.kubernetes_experience", "none, basic, intermediate, advanced", "none"),
        ("team.ops_capacity", "none, part-time, dedicated-platform-team", "part-time"),
        ("team.current_platform", "none, ecs, eks, self-managed-kubernetes, vms, serverless, other", "none"),
        ("team.vendor_support_required", "true, false", "false"),
        ("workload.services", "number", "12"),
        ("workload.scale", "small, medium, large", "small"),
        ("workload.traffic", "steady, spiky, scheduled, event-driven", "spiky"),
        ("workload.stateful", "none, shared-filesystem, block-storage", "none"),
        ("workload.os", "linux, windows", "linux"),
        ("workload.cpu_architecture", "x86, arm, any", "any"),
        ("requirements.gpu", "true, false", "false"),
        ("requirements.privileged", "true, false", "false"),
        ("requirements.daemonsets", "true, false", "false"),
        ("requirements.max_task_vcpu", "number", "2"),
        ("requirements.max_task_memory_gib", "number", "4"),
        ("requirements.ephemeral_storage_gib", "number", "20"),
        ("requirements.host_networking", "true, false", "false"),
        ("requirements.node_customization", "true, false", "false"),
        ("placement.on_premises", "none, hybrid, required, air-gapped", "none"),
        ("placement.multi_cloud", "none, nice-to-have, required", "none"),
        ("ecosystem.existing_kubernetes_assets", "true, false", "false"),
        ("ecosystem.needs_kubernetes_ecosystem", "true, false", "false"),
        ("ecosystem.aws_native_cicd", "true, false", "false"),
        ("cost.sensitivity", "low, medium, high", "medium"),
        ("cost.utilization", "low, variable, high-steady", "variable"),
        ("cost.spot_tolerant", "true, false", "false"),
    ];
    for (id, allowed, default) in contract {
        let fact = rules.fact_of(rules.catalog.lookup(id).unwrap_or_else(|| panic!("{id} is missing")));
        if *allowed == "number" {
            assert!(fact.is_number(), "{id} is a number");
        } else {
            assert_eq!(fact.allowed(), *allowed, "{id}");
        }
        assert_eq!(fact.show(fact.default).to_string(), *default, "{id}");
    }
}
