//! Every file shipwise writes reads back: for any answers, the workload `ask --save` writes is the
//! same workload to `recommend`, and the decision record `ask --record` writes is one `check`
//! accepts, with its workload inline or by path. Questions whose text holds line breaks of every
//! kind (a carriage return among them) and escape sequences are written as comments only.

use proptest::prelude::*;
use shipwise::catalog::{FactKind, Value};
use shipwise::commands::read_record;
use shipwise::decision::WorkloadSource;
use shipwise::pack::Pack;
use shipwise::report::Report;
use shipwise::yaml::Source;
use shipwise::{RuleSet, Workload, evaluate};

/// Questions that would inject YAML if a comment ended where YAML ends a line.
const PROMPTS: [&str; 6] = [
    "Injected?\rname: injected",
    "Two lines\nteam: { injected: true }",
    "Next line\u{85}name: nel\u{2028}name: ls\u{2029}name: ps",
    "\u{1b}]0;PWNED\u{7}\u{1b}[2J clear the screen?",
    "---\n...\n# not the end",
    "\r\n\r\n",
];

/// The default pack with a fact per hostile question on top, loaded once.
fn rules() -> &'static RuleSet {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        let mut pack = String::from("facts:\n");
        for (i, prompt) in PROMPTS.iter().enumerate() {
            let prompt = serde_json::to_string(prompt).expect("a string");
            pack.push_str(&format!("  - {{ id: hostile.q{i}, type: bool, default: false, prompt: {prompt} }}\n"));
        }
        let base = shipwise::embedded::default_pack().expect("the default pack parses");
        let top = Pack::parse(vec![Source::new("hostile.yaml", pack)]).expect("the hostile pack parses");
        RuleSet::load(&[base, top]).expect("the hostile pack loads")
    })
}

/// Any answers: each fact answered or left to its default, and any one-line name.
fn answers() -> impl Strategy<Value = Workload> {
    let per_fact: Vec<BoxedStrategy<Option<Value>>> = rules()
        .catalog
        .iter()
        .map(|(_, fact)| {
            let value: BoxedStrategy<Value> = match fact.kind.clone() {
                FactKind::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
                FactKind::Enum(choices) => (0..choices.len()).prop_map(Value::Choice).boxed(),
                FactKind::Number { min, max, .. } => {
                    let (lo, hi) = (min.unwrap_or(0.0), max.unwrap_or(1.0e12));
                    (0.0..=1.0f64).prop_map(move |share| Value::Number(lo + (hi - lo) * share)).boxed()
                }
            };
            proptest::option::of(value).boxed()
        })
        .collect();
    let name = proptest::option::of("[a-z :#\"'`\\\\{}\\[\\],&*!|>%@é\u{2028}\u{feff}-]{0,16}");
    (per_fact, name).prop_map(|(values, name)| {
        let mut workload = Workload::defaults(rules());
        workload.name = name;
        for (i, value) in values.into_iter().enumerate() {
            if let Some(value) = value {
                workload.set(shipwise::catalog::FactId(i), value);
            }
        }
        workload
    })
}

fn scratch() -> std::path::PathBuf {
    static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("written-{n}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("decisions")).expect("scratch folder");
    dir
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn saved_answers_and_decision_records_read_back(workload in answers()) {
        let rules = rules();
        // `ask` saves answers as it holds them: settled (implications set, no contradiction).
        let mut workload = workload;
        prop_assume!(workload.settle(rules).is_none());
        let saved = shipwise::commands::saved_workload(rules, &workload);
        let back = Workload::parse(&Source::new("w.yaml", saved.clone()), rules);
        prop_assert!(back.is_ok(), "{}\n{}", saved, back.err().map(|e| e.to_string()).unwrap_or_default());
        prop_assert_eq!(back.expect("checked"), workload.clone());

        let evaluation = evaluate(rules, &workload);
        let report = Report::new(rules, &workload, &evaluation, false);
        let top = report.ranking.first().map_or("none", |r| r.platform).to_string();
        let dir = scratch();
        // Inline: the record holds the workload.
        let path = dir.join("decisions/0001-inline.md");
        let record = shipwise::commands::record_text(rules, &workload, &report, &path, None, "2026-11-27");
        std::fs::write(&path, &record).expect("write");
        let decision = read_record(&path);
        prop_assert!(matches!(decision, Ok(Some(_))), "{}\n{:?}", record, decision.err().map(|e| e.to_string()));
        let decision = decision.expect("checked").expect("checked");
        prop_assert_eq!(&decision.platform.value, &top);
        let WorkloadSource::Inline(node) = &decision.workload else { panic!("an inline workload") };
        let inline = Workload::from_node(&decision.source, node, rules);
        prop_assert!(inline.is_ok(), "{}\n{:?}", record, inline.err().map(|e| e.to_string()));
        prop_assert_eq!(inline.expect("checked"), workload.clone());
        // By path: the record names the saved workload relative to itself.
        std::fs::write(dir.join("w.yaml"), &saved).expect("write");
        let path = dir.join("decisions/0002-by-path.md");
        let record = shipwise::commands::record_text(rules, &workload, &report, &path, Some(&dir.join("w.yaml")), "2026-11-27");
        std::fs::write(&path, &record).expect("write");
        let decision = read_record(&path).expect("a valid record").expect("a record");
        let WorkloadSource::Path(named) = &decision.workload else { panic!("a workload by path") };
        prop_assert_eq!(named.value.as_str(), "../w.yaml");
        std::fs::remove_dir_all(&dir).expect("cleans up");
    }
}

#[test]
fn dont_know_everywhere_writes_a_record_check_accepts() {
    let rules = rules();
    let workload = Workload::defaults(rules);
    let evaluation = evaluate(rules, &workload);
    let report = Report::new(rules, &workload, &evaluation, false);
    let dir = scratch();
    let path = dir.join("decisions/0001.md");
    let record = shipwise::commands::record_text(rules, &workload, &report, &path, None, "2026-11-27");
    assert!(record.contains("  workload:\n    {}\n"), "{record}");
    std::fs::write(&path, &record).expect("write");
    let decision = read_record(&path).expect("valid").expect("a record");
    let WorkloadSource::Inline(node) = &decision.workload else { panic!("inline") };
    assert_eq!(Workload::from_node(&decision.source, node, rules).expect("the defaults"), workload);
    assert_eq!(shipwise::commands::saved_workload(rules, &workload).lines().last(), Some("{}"));
    std::fs::remove_dir_all(&dir).expect("cleans up");
}

/// Runs shipwise in `dir`; (exit code, stderr).
fn run_in(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_shipwise"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("shipwise runs");
    (output.status.code().expect("an exit code"), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[cfg(unix)]
#[test]
fn a_report_replaces_an_earlier_report_but_never_an_input_a_link_or_a_read_only_file() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = scratch();
    std::fs::create_dir_all(dir.join(".git")).expect("a repository");
    std::fs::write(dir.join("w.yaml"), "name: w\n").expect("workload");
    std::fs::write(dir.join("decisions/r.yaml"), "shipwise:\n  platform: ecs-fargate\n  workload: ../w.yaml\n")
        .expect("record");
    let check = |output: &str| run_in(&dir, &["check", "decisions", "--today", "2026-11-27", "--output-file", output]);
    assert_eq!(check("report.txt").0, 0);
    assert_eq!(check("report.txt").0, 0, "a rerun replaces its own report");
    // The workload a record names, and a record reached through a linked folder.
    symlink("decisions", dir.join("dd")).expect("link");
    for input in ["w.yaml", "dd/r.yaml", "./decisions/../decisions/r.yaml"] {
        let (code, stderr) = check(input);
        assert_eq!(code, 2, "{input}: {stderr}");
        assert!(stderr.contains("is one of the files this run reads"), "{input}: {stderr}");
    }
    assert_eq!(std::fs::read_to_string(dir.join("w.yaml")).expect("intact"), "name: w\n");
    // A link (even to a file of no importance), a read-only file, a FIFO.
    std::fs::write(dir.join("victim.txt"), "precious\n").expect("victim");
    symlink("victim.txt", dir.join("link.txt")).expect("link");
    let (code, stderr) = check("link.txt");
    assert!(code == 2 && stderr.contains("is a symbolic link"), "{stderr}");
    std::fs::set_permissions(dir.join("victim.txt"), std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let (code, stderr) = check("victim.txt");
    assert!(code == 2 && stderr.contains("is read-only"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.join("victim.txt")).expect("intact"), "precious\n");
    assert!(std::process::Command::new("mkfifo").arg(dir.join("fifo")).status().expect("mkfifo").success());
    let (code, stderr) = check("fifo");
    assert!(code == 2 && stderr.contains("is not a regular file"), "{stderr}");
    // man --dir replaces its own pages, never a link planted among them.
    std::fs::create_dir_all(dir.join("man")).expect("folder");
    assert_eq!(run_in(&dir, &["man", "--dir", "man"]).0, 0);
    assert_eq!(run_in(&dir, &["man", "--dir", "man"]).0, 0, "reinstalling replaces the pages");
    std::fs::remove_file(dir.join("man/shipwise.1")).expect("remove");
    symlink("../victim.txt", dir.join("man/shipwise.1")).expect("link");
    let (code, stderr) = run_in(&dir, &["man", "--dir", "man"]);
    assert!(code == 2 && stderr.contains("is a symbolic link"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.join("victim.txt")).expect("intact"), "precious\n");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("lists")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().to_string()))
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    std::fs::remove_dir_all(&dir).expect("cleans up");
}
