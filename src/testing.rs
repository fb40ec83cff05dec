//! A small rule pack for unit tests, so engine tests do not move when the default pack is tuned,
//! and scratch folders for the tests that touch files.

use crate::error::Error;
use crate::pack::Pack;
use crate::ruleset::RuleSet;
use crate::workload::Workload;
use crate::yaml::Source;

/// Three platforms, two criteria, four facts and a few rules.
pub(crate) const PACK: &str = r#"
criteria:
  - { id: simplicity, name: Simplicity, weight: 2 }
  - { id: control, name: Control, weight: 1 }
platforms:
  - { id: serverless, name: Serverless, ratings: { simplicity: 5, control: 1 } }
  - { id: nodes, name: Nodes, ratings: { simplicity: 2, control: 5 } }
  - { id: onprem, name: On premises, ratings: { simplicity: 1, control: 4 } }
facts:
  - id: team.experience
    type: enum
    values: { none: No experience, some: Some, lots: Lots }
    default: none
    prompt: How experienced is the team?
  - id: requirements.gpu
    type: bool
    default: false
    prompt: GPUs?
  - id: requirements.vcpu
    type: number
    min: 0.25
    max: 448
    default: 2
    prompt: vCPU per task?
  - id: placement.on_premises
    type: enum
    values: { none: Cloud only, required: Own hardware }
    default: none
    prompt: On premises?
rules:
  - id: no-gpu-serverless
    title: Serverless has no GPUs
    when: { requirements.gpu: true }
    exclude: [serverless]
    because: No GPUs there.
    source: https://example.com/gpu
    reviewed: 2026-11-27
  - id: big-tasks
    title: Big tasks need nodes
    when: { requirements.vcpu: { gt: 16 } }
    exclude: [serverless]
    because: Too big.
    source: https://example.com/size
    reviewed: 2026-11-27
  - id: cloud-only
    title: Cloud workloads do not need own hardware
    when: { placement.on_premises: none }
    exclude: [onprem]
    because: Nothing to run on premises.
    source: https://example.com/onprem
    reviewed: 2026-11-27
  - id: experienced-team
    title: An experienced team wants control
    when: { team.experience: [some, lots] }
    weight: { control: 2 }
    adjust: { nodes: 5 }
    because: They can use it.
    source: https://example.com/team
    reviewed: 2026-11-27
  - id: novice-note
    title: Start simple
    when: { not: { team.experience: lots } }
    note: Start with the serverless option.
    about: [serverless]
    because: Less to run.
    source: https://example.com/note
    reviewed: 2026-11-27
"#;

/// The test pack, validated.
pub(crate) fn rules() -> RuleSet {
    load(PACK).expect("the test pack is valid")
}

/// Loads a pack from text.
pub(crate) fn load(text: &str) -> Result<RuleSet, Error> {
    RuleSet::load(&[Pack::parse(vec![Source::new("pack.yaml", text)])?])
}

/// A workload from YAML text under the test pack.
pub(crate) fn workload(rules: &RuleSet, text: &str) -> Result<Workload, Error> {
    Workload::parse(&Source::new("w.yaml", text), rules)
}

/// An empty scratch folder in the system's temporary folder, named for the test that uses it
/// (`fence-root`, `write-replace`) and this process, so that parallel tests never share one.
pub(crate) fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("shipwise-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
