//! Rule packs as code, as a platform team uses them: `rules lint`, `rules test` (text and JUnit),
//! `.shipwise.yaml` (found in a parent, overridden by flags) and the example organisation pack.

mod common;

use std::path::Path;

use common::{run, scratch, shipwise};

const ORG_PACK: &str = "examples/org-pack";

/// Runs shipwise in `dir` and returns (exit code, stdout, stderr).
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = shipwise().current_dir(dir).args(args).output().expect("shipwise runs");
    (
        output.status.code().expect("exited normally"),
        String::from_utf8(output.stdout).expect("UTF-8"),
        String::from_utf8(output.stderr).expect("UTF-8"),
    )
}

/// A pack folder with one rule file and, optionally, one test file.
fn pack(name: &str, rules: &str, tests: Option<&str>) -> std::path::PathBuf {
    let dir = scratch(name);
    std::fs::write(dir.join("policy.yaml"), rules).expect("writes the pack");
    if let Some(tests) = tests {
        std::fs::create_dir_all(dir.join("tests")).expect("tests folder");
        std::fs::write(dir.join("tests/cases.yaml"), tests).expect("writes the cases");
    }
    dir
}

const GOOD_RULE: &str = "rules:
  - id: no-eks-distro
    title: We do not run self-assembled Kubernetes
    exclude: [eks-distro]
    because: Policy.
    source: https://wiki.example.com/policy
    reviewed: 2026-10-01
";

/// A rule whose condition can never hold (more than 16 vCPU and fewer than 8).
const NEVER: &str = "  - id: never
    title: Never holds
    when: { all: [{ requirements.max_task_vcpu: { gt: 16 } }, { requirements.max_task_vcpu: { lt: 8 } }] }
    adjust: { eks-ec2: 5 }
    because: x
    source: https://example.com/b
    reviewed: 2026-10-01
";

#[test]
fn lint_reports_every_problem_at_once_with_its_place_and_exits_2() {
    let dir = pack(
        "lint-errors",
        &"rules:
  - id: gpu-typo
    title: Typo in a fact
    when: { requirements.gpus: true }
    exclude: [ecs-fargat]
    because: x
    source: https://example.com/a
    reviewed: 2026-10-01
NEVER
  - id: no-source
    title: No source
    exclude: [ecs-anywhere]
    because: x
    reviewed: 2026-10-01
  - id: gpu-typo
    title: Twice
    note: x
    because: x
    source: https://example.com/c
    reviewed: 2026-10-01
  - id: too-much
    title: Out of range
    adjust: { eks-ec2: 500 }
    because: x
    source: https://example.com/d
    reviewed: 2026-10-01
"
        .replace("NEVER\n", &NEVER.replace("2026-10-01", "2020-01-01")),
        None,
    );
    let dir_arg = dir.to_str().expect("UTF-8 path");
    let (code, stdout, stderr) = run(&["rules", "lint", dir_arg, "--today", "2026-11-27"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    let file = format!("{dir_arg}/policy.yaml");
    for expected in [
        format!("error: {file}:4:13: unknown fact \"requirements.gpus\" (did you mean \"requirements.gpu\"?)"),
        format!("error: {file}:5:15: unknown platform \"ecs-fargat\" (did you mean \"ecs-fargate\"?)"),
        format!("error: {file}:16:9: rule \"no-source\": a hard constraint (`exclude`) needs a `source`"),
        format!("error: {file}:21:9: duplicate rule id \"gpu-typo\""),
        format!("error: {file}:29:24: `adjust` of eks-ec2 must be a whole number from -100 to 100, not 500"),
        format!("warning: {file}:15:15: rule \"never\" was last reviewed on 2020-01-01, 82 months ago"),
    ] {
        assert!(stdout.contains(&expected), "missing {expected:?} in:\n{stdout}");
    }
    assert!(stdout.ends_with(&format!("{dir_arg}: 5 errors, 1 warning\n")), "{stdout}");
    // A condition that can never hold is found once the pack loads.
    let dir = pack("lint-never", &format!("rules:\n{NEVER}"), None);
    let (code, stdout, _) = run(&["rules", "lint", dir.to_str().expect("UTF-8")]);
    assert_eq!(code, 2, "{stdout}");
    assert!(stdout.contains("policy.yaml:4:11: the condition of rule \"never\" can never hold"), "{stdout}");
}

#[test]
fn lint_warnings_pass_unless_fail_on_warn() {
    let dir = pack("lint-warn", &GOOD_RULE.replace("2026-10-01", "2024-01-01"), None);
    let dir_arg = dir.to_str().expect("UTF-8 path");
    let (code, stdout, _) = run(&["rules", "lint", dir_arg, "--today", "2026-11-27"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("34 months ago (--max-age 18)"), "{stdout}");
    let (code, _, _) = run(&["rules", "lint", dir_arg, "--today", "2026-11-27", "--fail-on-warn"]);
    assert_eq!(code, 1);
    let (code, stdout, _) = run(&["rules", "lint", dir_arg, "--today", "2026-11-27", "--max-age", "36"]);
    assert_eq!((code, stdout), (0, format!("{dir_arg}: 0 errors, 0 warnings\n")));
    let (code, stdout, _) = run(&["rules", "lint", dir_arg, "--today", "2026-11-27", "--format", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["summary"]["warnings"], 1);
    assert_eq!(json["findings"][0]["severity"], "warning");
}

#[test]
fn the_default_pack_and_the_org_pack_lint_clean() {
    let (code, stdout, _) = run(&["rules", "lint"]);
    assert_eq!((code, stdout.as_str()), (0, "the default pack: 0 errors, 0 warnings\n"));
    let (code, stdout, _) = run(&["rules", "lint", ORG_PACK, "--today", "2026-11-27"]);
    assert_eq!((code, stdout.as_str()), (0, "examples/org-pack: 0 errors, 0 warnings\n"));
}

#[test]
fn the_default_pack_tests_pass_and_fire_every_rule() {
    let (code, stdout, stderr) = run(&["rules", "test", "--min-coverage", "100"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("coverage: 150 of 150 rules fired (100%)"), "{stdout}");
    assert!(!stdout.contains("FAIL"), "{stdout}");
}

#[test]
fn the_org_pack_tests_pass_with_full_coverage() {
    let (code, stdout, stderr) = run(&["--rules", ORG_PACK, "rules", "test", ORG_PACK, "--min-coverage", "100"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    insta::assert_snapshot!("org_pack_tests", stdout);
}

#[test]
fn a_failing_case_says_what_happened_and_exits_1() {
    let dir = pack(
        "test-fail",
        GOOD_RULE,
        Some(
            "cases:
  - name: GPUs keep EKS Distro out
    workload: { requirements: { gpu: true } }
    expect:
      excluded: [eks-distro]
      top: ecs-fargate
  - name: The rule fires for everyone
    workload: {}
    expect: { fires: [no-eks-distro] }
",
        ),
    );
    let dir_arg = dir.to_str().expect("UTF-8 path");
    // Wide enough that the failure stays on one line wherever the scratch folder is.
    let output = shipwise().env("COLUMNS", "300").args(["rules", "test", dir_arg]).output().expect("runs");
    let (code, stdout) =
        (output.status.code().expect("an exit code"), String::from_utf8(output.stdout).expect("UTF-8"));
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("FAIL  GPUs keep EKS Distro out"), "{stdout}");
    // Text output wraps long lines, and where a line breaks depends on the checkout's path: compare
    // the words, not the line breaks.
    let words = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("cases.yaml:6:12: expected ecs-fargate first, got"), "{stdout}");
    assert!(words.contains("ecs-fargate is ruled out by fargate-no-gpu"), "{stdout}");
    assert!(stdout.contains("ok    The rule fires for everyone"), "{stdout}");
    assert!(stdout.ends_with("2 cases: 1 passed, 1 failed\n"), "{stdout}");

    let (code, xml, _) = run(&["rules", "test", dir_arg, "--format", "junit"]);
    assert_eq!(code, 1);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.attribute("tests"), Some("2"));
    assert_eq!(root.attribute("failures"), Some("1"));
    let failures: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("failure")).collect();
    assert_eq!(failures.len(), 1);
    assert!(failures[0].attribute("message").is_some_and(|m| m.starts_with("expected ecs-fargate first")));
}

#[test]
fn coverage_below_the_minimum_fails_and_names_what_is_missing() {
    let rules = format!(
        "{GOOD_RULE}
  - id: gpu-note
    title: GPUs
    when: {{ requirements.gpu: true }}
    note: Ask the platform team for GPU quota.
    because: Quota.
    source: https://wiki.example.com/gpu
    reviewed: 2026-10-01
"
    );
    let tests = "cases:\n  - name: plain\n    workload: {}\n    expect: { excluded: [eks-distro] }\n";
    let dir = pack("test-coverage", &rules, Some(tests));
    let dir_arg = dir.to_str().expect("UTF-8 path");
    let (code, stdout, _) = run(&["rules", "test", dir_arg]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("coverage: 1 of 2 rules fired (50%)"), "{stdout}");
    assert!(stdout.contains("rules no case fires:\n    gpu-note"), "{stdout}");
    let (code, stdout, _) = run(&["rules", "test", dir_arg, "--min-coverage", "80"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("below 80%"), "{stdout}");
}

#[test]
fn a_bad_case_file_is_bad_input_with_its_place() {
    let tests = "cases:\n  - name: typo\n    workload: { team: { kubernetes_experience: expert } }\n    expect: { top: eks-ec }\n";
    let dir = pack("test-bad", GOOD_RULE, Some(tests));
    let (code, stdout, stderr) = run(&["rules", "test", dir.to_str().expect("UTF-8")]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("cases.yaml:3:48: team.kubernetes_experience cannot be \"expert\""), "{stderr}");
    assert!(stderr.contains("cases.yaml:4:20: unknown platform \"eks-ec\" (did you mean \"eks-ec2\"?)"), "{stderr}");
    let empty = pack("test-none", GOOD_RULE, None);
    let (code, _, stderr) = run(&["rules", "test", empty.to_str().expect("UTF-8")]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no test cases; put them in"), "{stderr}");
}

#[test]
fn a_config_file_in_a_parent_names_the_packs_and_flags_win() {
    let root = scratch("config-repo");
    let pack_dir = root.join("platform/pack");
    std::fs::create_dir_all(&pack_dir).expect("pack folder");
    std::fs::write(pack_dir.join("policy.yaml"), GOOD_RULE).expect("writes");
    std::fs::write(root.join(".shipwise.yaml"), "rules: [platform/pack]\ncheck: { tolerance: 4 }\n").expect("writes");
    let deep = root.join("services/checkout");
    std::fs::create_dir_all(&deep).expect("sub folder");
    let workload = deep.join("w.yaml");
    std::fs::write(&workload, "placement: { on_premises: air-gapped }\n").expect("writes");

    // From a sub folder, the pack is in force: EKS Distro is ruled out by it.
    let (code, stdout, stderr) = run_in(&deep, &["recommend", "w.yaml", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let excluded = json["excluded"].as_array().expect("excluded").iter();
    let distro = excluded.clone().find(|e| e["platform"] == "eks-distro").expect("EKS Distro is ruled out");
    assert!(distro["rules"].as_array().expect("rules").iter().any(|r| r["id"] == "no-eks-distro"), "{distro}");

    // --no-config, or --rules naming another pack, replaces the file's packs.
    for flags in [vec!["--no-config"], vec!["--rules", ORG_PACK_ABS]] {
        let mut args = flags.clone();
        args.extend(["recommend", "w.yaml", "--format", "json"]);
        let (code, stdout, _) = run_in(&deep, &args);
        assert_eq!(code, 0);
        assert!(!stdout.contains("no-eks-distro"), "{flags:?} still loads the config's pack");
    }
}

const ORG_PACK_ABS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/org-pack");

#[test]
fn a_broken_config_file_is_bad_input_with_its_place() {
    let root = scratch("config-broken");
    std::fs::write(root.join(".shipwise.yaml"), "rules:\n  - missing/pack\ncheck: { tolerence: 4 }\n").expect("writes");
    let (code, stdout, stderr) = run_in(&root, &["platforms"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains(".shipwise.yaml:3:"), "{stderr}");
    assert!(stderr.contains("tolerence"), "{stderr}");
    std::fs::write(root.join(".shipwise.yaml"), "rules:\n  - missing/pack\n").expect("writes");
    let (code, _, stderr) = run_in(&root, &["platforms"]);
    assert_eq!(code, 2);
    assert!(stderr.contains(".shipwise.yaml:2:5: rule pack \"missing/pack\" does not exist"), "{stderr}");
    let (code, _, _) = run_in(&root, &["--no-config", "platforms"]);
    assert_eq!(code, 0);
}

#[test]
fn check_takes_its_tolerance_from_the_config_unless_a_flag_says_otherwise() {
    let root = scratch("config-check");
    std::fs::write(root.join("w.yaml"), "name: w\n").expect("writes");
    // ecs-ec2 is a few points behind ecs-fargate for the default workload.
    std::fs::write(root.join("decision.yaml"), "shipwise:\n  platform: ecs-ec2\n  workload: w.yaml\n").expect("writes");
    std::fs::write(root.join(".shipwise.yaml"), "check: { tolerance: 1 }\n").expect("writes");
    let (code, stdout, _) = run_in(&root, &["check", "decision.yaml"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.starts_with("warn"), "{stdout}");
    let (_, stdout, _) = run_in(&root, &["check", "decision.yaml", "--tolerance", "20"]);
    assert!(stdout.starts_with("pass"), "{stdout}");
    std::fs::write(root.join(".shipwise.yaml"), "check: { tolerance: 1, fail_on_warn: true }\n").expect("writes");
    let (code, _, _) = run_in(&root, &["check", "decision.yaml"]);
    assert_eq!(code, 1);
    // The last flag wins, so a script can switch off what the file switched on.
    let (code, _, _) = run_in(&root, &["check", "decision.yaml", "--no-fail-on-warn"]);
    assert_eq!(code, 0);
    let (code, _, _) = run_in(&root, &["check", "decision.yaml", "--no-fail-on-warn", "--fail-on-warn"]);
    assert_eq!(code, 1);
}

#[test]
fn a_pack_in_force_is_linted_and_tested_on_the_packs_beneath_it_only() {
    // team disables a rule of base; linting base must not load team beneath it.
    let root = scratch("config-stack");
    std::fs::create_dir_all(root.join("base")).expect("base");
    std::fs::create_dir_all(root.join("team")).expect("team");
    std::fs::write(root.join("base/policy.yaml"), GOOD_RULE).expect("writes");
    std::fs::write(root.join("team/policy.yaml"), "disable: [no-eks-distro]\n").expect("writes");
    std::fs::write(root.join(".shipwise.yaml"), "rules: [base, team]\ntest: { min_coverage: 100 }\n").expect("writes");
    let (code, stdout, _) = run_in(&root, &["rules", "lint", "base"]);
    assert_eq!((code, stdout.as_str()), (0, "base: 0 errors, 0 warnings\n"));
    // Without DIR, lint takes the packs the repository keeps, not the embedded default pack.
    let (code, stdout, _) = run_in(&root, &["rules", "lint"]);
    assert_eq!((code, stdout.as_str()), (0, "base, team: 0 errors, 0 warnings\n"));
    // No case in any pack: an error, not a green run.
    let (code, _, stderr) = run_in(&root, &["rules", "test"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no test cases in base, team; put each pack's cases in its tests/*.yaml"), "{stderr}");
    // A pack without cases covers none of its rules, so the configured minimum fails the run.
    std::fs::create_dir_all(root.join("team/tests")).expect("tests folder");
    let case = "cases:\n  - name: distro back\n    workload: {}\n    expect: { not_excluded: [eks-distro] }\n";
    std::fs::write(root.join("team/tests/cases.yaml"), case).expect("writes");
    let (code, stdout, _) = run_in(&root, &["rules", "test"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("base\n  no test cases"), "{stdout}");
    assert!(stdout.contains("coverage: 0 of 1 rules fired (0%)"), "{stdout}");
    assert!(stdout.ends_with("1 cases: 1 passed, 0 failed; coverage below 100% in base\n"), "{stdout}");
}

#[test]
fn a_disabled_rule_is_named_as_disabled_not_unknown() {
    let tests = "cases:\n  - name: x\n    workload: {}\n    expect: { fires: [aws-native-delivery] }\n";
    let dir = scratch("test-disabled");
    for file in ["facts.yaml", "policies.yaml", "overrides.yaml"] {
        std::fs::copy(Path::new(ORG_PACK_ABS).join(file), dir.join(file)).expect("copies the org pack");
    }
    std::fs::create_dir_all(dir.join("tests")).expect("tests folder");
    std::fs::write(dir.join("tests/cases.yaml"), tests).expect("writes");
    let (code, _, stderr) = run(&["rules", "test", dir.to_str().expect("UTF-8")]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cases.yaml:4:23: rule \"aws-native-delivery\" is switched off by the `disable` at"),
        "{stderr}"
    );
    assert!(stderr.contains("overrides.yaml:18:5"), "{stderr}");
}

#[test]
fn every_unknown_key_of_a_case_file_and_a_config_is_reported_at_once() {
    let tests = "cases:\n  - name: x\n    workloads: {}\n    expected: { top: eks-ec2 }\n";
    let dir = pack("test-keys", GOOD_RULE, Some(tests));
    let (code, _, stderr) = run(&["rules", "test", dir.to_str().expect("UTF-8")]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cases.yaml:3:5: unknown key \"workloads\" (did you mean \"workload\"?)"), "{stderr}");
    assert!(stderr.contains("cases.yaml:4:5: unknown key \"expected\" (did you mean \"expect\"?)"), "{stderr}");
    let root = scratch("config-keys");
    std::fs::create_dir_all(root.join("sub")).expect("sub folder");
    std::fs::write(root.join(".shipwise.yaml"), "rule: [x]\ncheck: { tolerence: 3 }\n").expect("writes");
    let (code, _, stderr) = run_in(&root.join("sub"), &["platforms"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("../.shipwise.yaml:1:1: unknown key \"rule\" (did you mean \"rules\"?)"), "{stderr}");
    assert!(
        stderr.contains("../.shipwise.yaml:2:10: unknown key \"tolerence\" (did you mean \"tolerance\"?)"),
        "{stderr}"
    );
}
