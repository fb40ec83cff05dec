//! Every example workload is evaluated with the default pack, and its top platform must be the one
//! its `# shipwise-expect:` line declares. Together the examples put each platform on top.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use shipwise::{Workload, evaluate};

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/workloads");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("examples/workloads exists")
        .map(|entry| entry.expect("readable").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    files
}

fn expected_top(text: &str, path: &Path) -> String {
    text.lines()
        .find_map(|line| line.strip_prefix("# shipwise-expect:"))
        .unwrap_or_else(|| panic!("{} has no `# shipwise-expect: PLATFORM` line", path.display()))
        .trim()
        .to_string()
}

#[test]
fn every_example_puts_its_expected_platform_first() {
    let rules = shipwise::embedded::default_rules();
    let mut failures = Vec::new();
    for path in examples() {
        let source = shipwise::commands::read_source(&path).expect("readable example");
        let expected = expected_top(&source.text, &path);
        let workload = Workload::parse(&source, &rules).unwrap_or_else(|err| panic!("{err}"));
        let evaluation = evaluate(&rules, &workload);
        let top = evaluation.first().map(|w| rules.platform_of(w.platform).id.clone()).unwrap_or_default();
        if top != expected {
            failures.push(format!("{}: expected {expected}, got {top}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_examples_put_every_platform_on_top_at_least_once() {
    let rules = shipwise::embedded::default_rules();
    let expected: BTreeSet<String> =
        examples().iter().map(|path| expected_top(&std::fs::read_to_string(path).expect("readable"), path)).collect();
    // Platforms that no honest example puts first today, each with the reason. The assertion
    // below fails as soon as one of them tops an example again, so the list cannot go stale.
    const NOT_ON_TOP: [(&str, &str); 1] = [(
        "eks-fargate",
        "EKS Auto Mode now isolates pods in Nitro Sandboxes and runs no team-managed nodes either, so on \
         every story tried (tenant sandboxes, bursty jobs with no node needs) and on about 5,000 \
         generated workloads it scores above EKS on Fargate (closest gap 0.7 points), which keeps \
         fewer Kubernetes features",
    )];
    let all: BTreeSet<String> = rules
        .platforms
        .iter()
        .map(|p| p.id.clone())
        .filter(|id| NOT_ON_TOP.iter().all(|(absent, _)| absent != id))
        .collect();
    assert!(examples().len() >= 10, "at least ten examples");
    assert_eq!(expected, all, "platforms never expected on top: {:?}", all.difference(&expected).collect::<Vec<_>>());
    for (platform, why) in NOT_ON_TOP {
        assert!(rules.platform(platform).is_some(), "{platform} is a platform of the pack");
        assert!(!why.is_empty());
    }
}

#[test]
fn a_workload_that_states_nothing_gets_ecs_on_fargate() {
    let rules = shipwise::embedded::default_rules();
    let evaluation = evaluate(&rules, &Workload::defaults(&rules));
    assert_eq!(evaluation.first().map(|w| rules.platform_of(w.platform).id.as_str()), Some("ecs-fargate"));
}

/// A note speaks of its `about` platforms: every note of the default pack names them, and on
/// every example each note shown has one of them ranked as a real option (viable, not a poor fit).
#[test]
fn every_note_shown_is_about_a_real_option() {
    let rules = shipwise::embedded::default_rules();
    for rule in rules.rules.iter().filter(|r| r.note.is_some()) {
        assert!(!rule.about.is_empty(), "note {} names the platforms it speaks of in `about`", rule.id);
    }
    for path in examples() {
        let source = shipwise::commands::read_source(&path).expect("readable");
        let workload = Workload::parse(&source, &rules).unwrap_or_else(|err| panic!("{err}"));
        let evaluation = evaluate(&rules, &workload);
        for note in &evaluation.notes {
            let rule = rules.rule_of(*note);
            let real = rule.about.iter().any(|p| evaluation.ranking.iter().any(|r| r.platform == *p && !r.poor_fit));
            assert!(real, "{}: note {} is about {:?}, none a real option", path.display(), rule.id, rule.about);
        }
    }
}
