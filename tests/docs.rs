//! Every YAML example in docs/rules.md is loaded the way shipwise would load it: pack fragments on
//! top of the default pack, test cases against the default rules, the `.shipwise.yaml` example as
//! a configuration file, and the workload example as a workload. A doc that drifts from the code
//! fails here.

use std::path::Path;

use shipwise::cases;
use shipwise::config::Config;
use shipwise::embedded::{default_pack, default_rules};
use shipwise::pack::Pack;
use shipwise::ruleset::RuleSet;
use shipwise::workload::Workload;
use shipwise::yaml::Source;

/// The ```yaml blocks of a Markdown file, each with the line it starts on.
fn yaml_blocks(markdown: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in markdown.lines().enumerate() {
        match (&mut current, line.trim_end()) {
            (None, "```yaml") => current = Some((i + 2, String::new())),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some((_, text)), _) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn every_example_in_the_rule_pack_reference_loads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let markdown = std::fs::read_to_string(root.join("docs/rules.md")).expect("docs/rules.md exists");
    let blocks = yaml_blocks(&markdown);
    assert!(blocks.len() >= 10, "found only {} YAML examples", blocks.len());
    let mut kinds = std::collections::BTreeMap::new();
    for (line, text) in &blocks {
        let name = format!("docs/rules.md:{line}");
        let kind = if text.starts_with("# .shipwise.yaml") {
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("docs-config");
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(dir.join("platform/shipwise-pack")).expect("pack folder");
            std::fs::write(dir.join(".shipwise.yaml"), text).expect("writes");
            let config = Config::read(&dir.join(".shipwise.yaml")).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(config.check.tolerance, Some(5.0), "{name}");
            "config"
        } else if text.starts_with("# yaml-language-server:") && !text.contains("\ncases:") {
            Workload::parse(&Source::new(&name, text.as_str()), &default_rules())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            "workload"
        } else if text.starts_with("id: ") && text.contains("\nchosen: ") {
            let found = shipwise::calibration::read(&[Source::new(&name, text.as_str())], &default_rules())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(found.len(), 1, "{name}");
            "calibration case"
        } else if text.starts_with("cases:") || text.contains("\ncases:") {
            let found = cases::read(&[Source::new(&name, text.as_str())], &default_rules())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let outcomes = cases::run(&default_rules(), &found);
            for outcome in &outcomes {
                assert!(outcome.passed(), "{name}: {} fails: {:?}", outcome.name, outcome.failures);
            }
            "cases"
        } else {
            let pack = Pack::parse(vec![Source::new(&name, text.as_str())]).unwrap_or_else(|e| panic!("{name}: {e}"));
            let base = default_pack().expect("the default pack parses");
            RuleSet::load(&[base, pack]).unwrap_or_else(|e| panic!("{name}: {e}"));
            "pack"
        };
        *kinds.entry(kind).or_insert(0) += 1;
    }
    assert_eq!(kinds.len(), 5, "every kind of example is present and tested: {kinds:?}");
}
