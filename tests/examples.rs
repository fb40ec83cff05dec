//! Every example workload is evaluated with the default pack, and its top platform must be the one
//! its `# shipwise-expect:` line declares. Together the examples put each platform on top.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use shipwise::yaml::Source;
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
        let source = Source::read(&path).expect("readable example");
        let expected = expected_top(&source.text, &path);
        let workload = Workload::parse(&source, &rules).unwrap_or_else(|err| panic!("{err}"));
        let evaluation = evaluate(&rules, &workload);
        let top = evaluation.winner().map(|w| rules.platform_of(w.platform).id.clone()).unwrap_or_default();
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
    let all: BTreeSet<String> = rules.platforms.iter().map(|p| p.id.clone()).collect();
    assert!(examples().len() >= 10, "at least ten examples");
    assert_eq!(expected, all, "platforms never expected on top: {:?}", all.difference(&expected).collect::<Vec<_>>());
}

#[test]
fn a_workload_that_states_nothing_gets_ecs_on_fargate() {
    let rules = shipwise::embedded::default_rules();
    let evaluation = evaluate(&rules, &Workload::defaults(&rules));
    assert_eq!(evaluation.winner().map(|w| rules.platform_of(w.platform).id.as_str()), Some("ecs-fargate"));
}
