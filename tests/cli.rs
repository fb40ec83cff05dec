//! The binary as a user meets it: exit codes, stdout and stderr for successes, bad input and bad
//! flags, every output format and `--help`, snapshotted.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;

mod common;

use common::{run, scratch, shipwise};

const EXAMPLE: &str = "examples/workloads/checkout-api.yaml";

fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write test file");
    path.display().to_string()
}

/// Runs with bad input: exit 2, nothing on stdout, and stderr with `error: ` lines only.
#[track_caller]
fn bad_input(args: &[&str]) -> String {
    let (code, stdout, stderr) = run(args);
    assert_eq!(code, 2, "stderr: {stderr}");
    assert_eq!(stdout, "", "nothing on stdout for bad input");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// Replaces the scratch folder's path with a fixed word so snapshots do not depend on the machine.
fn redact(text: &str, dir: &Path) -> String {
    text.replace(&dir.display().to_string(), "<tmp>")
}

#[test]
fn recommend_prints_a_ranked_table() {
    let (code, stdout, stderr) = run(&["recommend", EXAMPLE]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    insta::assert_snapshot!("recommend_table", stdout);
}

#[test]
fn recommend_json_carries_the_contract_keys() {
    let (code, stdout, _) = run(&["recommend", EXAMPLE, "--format", "json"]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    for key in ["schema_version", "name", "ranking", "excluded", "assumptions", "notes"] {
        assert!(report.get(key).is_some(), "missing {key}");
    }
    let first = &report["ranking"][0];
    for key in ["platform", "score", "reasons"] {
        assert!(first.get(key).is_some(), "ranking item lacks {key}");
    }
    for excluded in report["excluded"].as_array().expect("a list") {
        assert!(excluded["platform"].is_string());
        assert!(!excluded["rules"].as_array().expect("a list").is_empty());
    }
    insta::assert_snapshot!("recommend_json", stdout);
}

#[test]
fn recommend_yaml_and_markdown_are_snapshotted() {
    let (code, yaml, _) = run(&["recommend", EXAMPLE, "--format", "yaml"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("recommend_yaml", yaml);
    let (code, markdown, _) = run(&["recommend", EXAMPLE, "--format", "markdown"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("recommend_markdown", markdown);
}

#[test]
fn recommend_explain_adds_the_full_trace() {
    let (code, stdout, _) = run(&["recommend", EXAMPLE, "--explain"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Trace: rules"));
    insta::assert_snapshot!("recommend_explain", stdout);
    let (_, json, _) = run(&["recommend", EXAMPLE, "--explain", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let rules = report["trace"]["rules"].as_array().expect("every rule in the trace");
    let (_, list, _) = run(&["rules", "list", "--format", "json"]);
    let all: serde_json::Value = serde_json::from_str(&list).expect("valid JSON");
    assert_eq!(rules.len(), all.as_array().expect("a list").len());
}

#[test]
fn recommend_reads_standard_input() {
    let file = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE)).expect("example");
    let from_stdin = shipwise().args(["recommend", "-", "--format", "json"]).write_stdin(file).output().expect("runs");
    let (_, from_file, _) = run(&["recommend", EXAMPLE, "--format", "json"]);
    assert!(from_stdin.status.success());
    assert_eq!(String::from_utf8(from_stdin.stdout).expect("UTF-8"), from_file);
}

#[test]
fn explain_why_not_breaks_down_the_gap_or_names_the_exclusion() {
    let (code, behind, _) = run(&["explain", EXAMPLE, "--why-not", "eks-auto-mode"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("explain_behind", behind);
    let (code, excluded, _) = run(&["explain", EXAMPLE, "--why-not", "eks-anywhere"]);
    assert_eq!(code, 0);
    assert!(excluded.contains("is ruled out"), "{excluded}");
    let (code, json, _) = run(&["explain", EXAMPLE, "--why-not", "eks-ec2", "--format", "json"]);
    assert_eq!(code, 0);
    let why: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let gap: f64 = why["gap"].as_array().expect("a list").iter().map(|g| g["points"].as_f64().expect("points")).sum();
    let expected = why["best_score"].as_f64().expect("a best") - why["score"].as_f64().expect("a score");
    assert!((gap - expected).abs() < 0.5, "gap parts {gap} vs gap {expected}");
}

#[test]
fn explain_rejects_an_unknown_platform() {
    let stderr = bad_input(&["explain", EXAMPLE, "--why-not", "ecs-fargte"]);
    insta::assert_snapshot!(stderr, @r#"error: --why-not: unknown platform "ecs-fargte" (did you mean "ecs-fargate"?); known platforms: ecs-anywhere, ecs-ec2, ecs-fargate, ecs-managed-instances, eks-anywhere, eks-auto-mode, eks-distro, eks-ec2, eks-fargate, eks-hybrid-nodes"#);
}

#[test]
fn platforms_and_rules_list_what_the_pack_holds() {
    let (code, platforms, _) = run(&["platforms"]);
    assert_eq!(code, 0);
    for id in [
        "ecs-fargate",
        "ecs-ec2",
        "eks-ec2",
        "eks-fargate",
        "eks-auto-mode",
        "eks-anywhere",
        "eks-distro",
        "ecs-anywhere",
    ] {
        assert!(platforms.contains(id), "{id} missing from\n{platforms}");
    }
    let (code, rules, _) = run(&["rules", "list"]);
    assert_eq!(code, 0);
    assert!(rules.contains("exclude"));
    let (code, facts, _) = run(&["rules", "list", "--facts"]);
    assert_eq!(code, 0);
    assert!(facts.contains("team.kubernetes_experience"));
}

#[test]
fn rules_show_prints_one_rule_with_its_source() {
    let (_, list, _) = run(&["rules", "list", "--format", "json"]);
    let all: serde_json::Value = serde_json::from_str(&list).expect("valid JSON");
    let id = all[0]["id"].as_str().expect("an id");
    let (code, shown, _) = run(&["rules", "show", id]);
    assert_eq!(code, 0);
    assert!(shown.contains("source      https://"), "{shown}");
    let stderr = bad_input(&["rules", "show", "no-such-rule"]);
    assert!(stderr.contains("unknown rule \"no-such-rule\""));
}

#[test]
fn help_is_snapshotted_for_every_command() {
    for (name, args) in [
        ("help_main", vec!["--help"]),
        ("help_recommend", vec!["recommend", "--help"]),
        ("help_explain", vec!["explain", "--help"]),
        ("help_ask", vec!["ask", "--help"]),
        ("help_platforms", vec!["platforms", "--help"]),
        ("help_rules_list", vec!["rules", "list", "--help"]),
        ("help_rules_show", vec!["rules", "show", "--help"]),
        ("help_rules_lint", vec!["rules", "lint", "--help"]),
        ("help_rules_test", vec!["rules", "test", "--help"]),
        ("help_rules_calibrate", vec!["rules", "calibrate", "--help"]),
        ("help_schema", vec!["schema", "--help"]),
        ("help_completions", vec!["completions", "--help"]),
        ("help_man", vec!["man", "--help"]),
    ] {
        let (code, stdout, _) = run(&args);
        assert_eq!(code, 0);
        insta::assert_snapshot!(name, stdout);
    }
}

/// The subcommands a user should find in completions and the man page.
const SUBCOMMANDS: [&str; 10] =
    ["recommend", "ask", "explain", "batch", "check", "platforms", "rules", "schema", "completions", "man"];

#[test]
fn completion_scripts_cover_every_subcommand_in_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (code, script, stderr) = run(&["completions", shell]);
        assert_eq!((code, stderr.as_str()), (0, ""), "{shell}");
        assert!(script.len() > 1000, "{shell}: a real script, not {} bytes", script.len());
        for subcommand in SUBCOMMANDS {
            assert!(script.contains(subcommand), "{shell} completes `{subcommand}`");
        }
    }
    // They offer the platform and rule ids in force, so they need the rules to load.
    let (_, bash, _) = run(&["completions", "bash"]);
    assert!(bash.contains("ecs-managed-instances") && bash.contains("eks-hybrid-nodes"), "platform ids offered");
    assert_eq!(run(&["--rules", "no/such/dir", "completions", "bash"]).0, 2);
    let (code, _, stderr) = run(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("invalid value 'tcsh'"), "{stderr}");
}

#[test]
fn the_man_page_is_roff_naming_every_subcommand() {
    let (code, page, stderr) = run(&["man"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    // clap_mangen opens with two lines defining the apostrophe string; the title comes next.
    let first_macro = page.lines().find(|line| !line.starts_with(".ie") && !line.starts_with(".el"));
    let title = format!(".TH shipwise 1  \"shipwise {}\" ", env!("CARGO_PKG_VERSION"));
    assert_eq!(first_macro, Some(title.as_str()), "{page}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS", ".SH EXTRA"] {
        assert!(page.contains(section), "missing {section}");
    }
    for subcommand in SUBCOMMANDS {
        assert!(page.contains(&format!("shipwise\\-{subcommand}(1)")), "the page names `{subcommand}`");
    }
}

#[test]
fn man_dir_writes_a_page_per_command() {
    let dir = scratch("man-pages");
    let (code, stdout, stderr) = run(&["man", "--dir", &dir.join("man1").display().to_string()]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));
    let mut pages: Vec<String> = std::fs::read_dir(dir.join("man1"))
        .expect("the folder was created")
        .map(|entry| entry.expect("readable").file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    let mut expected: Vec<String> = SUBCOMMANDS.iter().map(|s| format!("shipwise-{s}.1")).collect();
    expected.extend(
        [
            "shipwise.1",
            "shipwise-rules-list.1",
            "shipwise-rules-show.1",
            "shipwise-rules-calibrate.1",
            "shipwise-rules-lint.1",
            "shipwise-rules-test.1",
        ]
        .map(String::from),
    );
    expected.sort();
    assert_eq!(pages, expected);
    let (_, page, _) = run(&["man"]);
    assert_eq!(std::fs::read_to_string(dir.join("man1/shipwise.1")).expect("readable"), page);
}

#[test]
fn a_bad_flag_is_a_usage_error() {
    let (code, stdout, stderr) = run(&["recommend", EXAMPLE, "--format", "xml"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(stderr.contains("invalid value 'xml'"), "{stderr}");
}

#[test]
fn bad_workloads_get_one_located_line_and_exit_2() {
    let dir = scratch("bad-workloads");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.yaml", b"".to_vec()),
        ("invalid.yaml", b"team:\n  kubernetes_experience: [basic\n".to_vec()),
        ("list.yaml", b"- team\n- workload\n".to_vec()),
        ("unknown-key.yaml", b"requirements:\n  gpuu: true\n".to_vec()),
        ("wrong-type.yaml", b"requirements:\n  gpu: \"maybe\"\n".to_vec()),
        ("not-allowed.yaml", b"team:\n  kubernetes_experience: expert\n".to_vec()),
        ("negative.yaml", b"requirements:\n  max_task_vcpu: -1\n".to_vec()),
        ("not-utf8.yaml", b"name: caf\xe9\n".to_vec()),
    ];
    let mut seen = String::new();
    for (name, content) in cases {
        let path = write(&dir, name, content);
        let stderr = bad_input(&["recommend", &path]);
        assert_eq!(stderr.lines().count(), 1, "one line for {name}: {stderr}");
        seen.push_str(&redact(&stderr, &dir));
    }
    insta::assert_snapshot!("bad_workload_errors", seen);
}

#[test]
fn missing_files_directories_and_huge_files_are_refused_before_parsing() {
    let dir = scratch("unreadable");
    let missing = dir.join("nope.yaml").display().to_string();
    assert!(
        redact(&bad_input(&["recommend", &missing]), &dir).contains("<tmp>/nope.yaml: no such file; check the path")
    );
    let folder = dir.display().to_string();
    assert!(bad_input(&["recommend", &folder]).contains("is a directory"));
    let huge = write(&dir, "huge.yaml", format!("name: x\n{}", "# padding\n".repeat(120_000)));
    assert!(bad_input(&["recommend", &huge]).contains("is larger than 1024 KiB"));
}

#[test]
fn an_alias_bomb_is_refused() {
    let dir = scratch("alias-bomb");
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let path = write(&dir, "bomb.yaml", text);
    let stderr = bad_input(&["recommend", &path]);
    assert!(stderr.contains("bomb.yaml"), "{stderr}");
}

#[test]
fn every_bad_line_of_a_workload_is_reported_at_once() {
    let dir = scratch("many-problems");
    let path = write(
        &dir,
        "w.yaml",
        "requirements:\n  gpuu: true\n  max_task_vcpu: -1\nteam:\n  kubernetes_experience: expert\n",
    );
    let stderr = bad_input(&["recommend", &path]);
    assert_eq!(stderr.lines().count(), 3, "{stderr}");
}

/// Writes a one-file pack to a scratch folder and returns the folder.
fn pack(dir_name: &str, text: &str) -> (PathBuf, String) {
    let dir = scratch(dir_name);
    write(&dir, "org.yaml", text);
    let path = dir.display().to_string();
    (dir, path)
}

const RULE_TAIL: &str = "    because: B\n    reviewed: 2026-11-27\n";

#[test]
fn bad_rule_packs_name_file_line_and_column() {
    let cases = [
        (
            "unknown-fact",
            format!(
                "rules:\n  - id: org-x\n    title: T\n    when: {{ requirements.gpus: true }}\n    adjust: {{ eks-ec2: 5 }}\n    source: https://example.com\n{RULE_TAIL}"
            ),
            "org.yaml:4:13: unknown fact \"requirements.gpus\" (did you mean \"requirements.gpu\"?)",
        ),
        (
            "unknown-platform",
            format!(
                "rules:\n  - id: org-x\n    title: T\n    exclude: [ecs-fargte]\n    source: https://example.com\n{RULE_TAIL}"
            ),
            "org.yaml:4:15: unknown platform \"ecs-fargte\" (did you mean \"ecs-fargate\"?)",
        ),
        (
            "duplicate-id",
            format!(
                "rules:\n  - id: org-x\n    title: T\n    adjust: {{ eks-ec2: 1 }}\n    source: https://example.com\n{RULE_TAIL}  - id: org-x\n    title: T\n    adjust: {{ eks-ec2: 1 }}\n    source: https://example.com\n{RULE_TAIL}"
            ),
            "org.yaml:8:9: duplicate rule id \"org-x\" (first defined at ",
        ),
        (
            "no-source",
            format!("rules:\n  - id: org-x\n    title: T\n    exclude: [eks-distro]\n{RULE_TAIL}"),
            "org.yaml:2:9: rule \"org-x\": a hard constraint (`exclude`) needs a `source`",
        ),
    ];
    for (name, text, expected) in cases {
        let (dir, path) = pack(name, &text);
        let stderr = redact(&bad_input(&["--rules", &path, "recommend", EXAMPLE]), &dir);
        assert!(stderr.starts_with(&format!("error: <tmp>/{expected}")), "{name}: {stderr}");
    }
}

#[test]
fn an_organisation_pack_adds_facts_and_rules_and_disables_defaults() {
    let (_dir, path) = pack(
        "org-pack",
        &format!(
            "facts:\n  - id: org.no_self_managed_kubernetes\n    type: bool\n    default: true\n    prompt: Does policy forbid self-run Kubernetes?\nrules:\n  - id: org-no-self-run-kubernetes\n    title: Policy forbids self-run Kubernetes\n    when: {{ org.no_self_managed_kubernetes: true }}\n    exclude: [eks-distro]\n    source: https://example.com/policy\n{RULE_TAIL}"
        ),
    );
    let (code, stdout, stderr) =
        run(&["--rules", &path, "recommend", "examples/workloads/sovereign-analytics.yaml", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    let excluded_by: Vec<&str> = report["excluded"]
        .as_array()
        .expect("a list")
        .iter()
        .filter(|e| e["platform"] == "eks-distro")
        .flat_map(|e| e["rules"].as_array().expect("a list").iter().map(|r| r["id"].as_str().expect("an id")))
        .collect();
    assert!(excluded_by.contains(&"org-no-self-run-kubernetes"), "{excluded_by:?}");
    assert!(
        report["assumptions"].as_array().expect("a list").iter().any(|a| a["fact"] == "org.no_self_managed_kubernetes")
    );
}

#[test]
fn a_missing_rules_folder_is_bad_input() {
    assert!(bad_input(&["--rules", "no/such/dir", "platforms"]).contains("no such rule-pack folder"));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_shipwise"))
        .args(["recommend", EXAMPLE, "--explain", "--format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    drop(child.stdout.take()); // the reader goes away before shipwise writes, like `| head -0`
    let output = child.wait_with_output().expect("finishes");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn color_is_used_only_when_asked_or_on_a_terminal() {
    let (_, plain, _) = run(&["recommend", EXAMPLE]);
    assert!(!plain.contains('\u{1b}'));
    let (_, colored, _) = run(&["--color", "always", "recommend", EXAMPLE]);
    assert!(colored.contains("\u{1b}[1m"));
}

#[test]
fn version_prints_the_crate_version() {
    let (code, stdout, _) = run(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(stdout.trim(), format!("shipwise {}", env!("CARGO_PKG_VERSION")));
    let _ = std::io::stdout().flush();
}

#[test]
fn a_workload_nothing_can_run_says_so_and_still_explains() {
    let dir = scratch("impossible");
    let path = write(
        &dir,
        "w.yaml",
        "name: impossible\nteam:\n  vendor_support_required: true\nworkload:\n  os: windows\nplacement:\n  on_premises: air-gapped\n",
    );
    let (code, stdout, _) = run(&["recommend", &path]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("impossible: every platform is ruled out"), "{stdout}");
    let (_, json, _) = run(&["recommend", &path, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(report["ranking"].as_array().map(Vec::len), Some(0));
    assert_eq!(report["excluded"].as_array().map(Vec::len), Some(10));
}

#[test]
fn a_lone_survivor_is_called_a_poor_fit_when_it_scores_low() {
    let dir = scratch("poor-fit");
    let path = write(&dir, "w.yaml", "name: lonely\nworkload:\n  os: windows\nplacement:\n  on_premises: air-gapped\n");
    let (code, stdout, _) = run(&["recommend", &path]);
    assert_eq!(code, 0);
    let first = stdout.lines().next().expect("a headline");
    assert!(first.contains("eks-distro") && first.contains("poor fit"), "{first}");
    assert!(stdout.contains("it is the only platform not ruled out"));
}

#[test]
fn ask_without_a_terminal_exits_2_at_once_and_names_the_alternatives() {
    let stderr = bad_input(&["ask"]);
    assert!(stderr.contains("shipwise recommend FILE") && stderr.contains("--answers"), "{stderr}");
}

#[test]
fn ask_checks_its_arguments_before_asking_anything() {
    let stderr = bad_input(&["ask", "--set", "team.kubernetes_experience=expert"]);
    assert!(stderr.contains("cannot be \"expert\"; use one of: none, basic, intermediate, advanced"), "{stderr}");
    let stderr = bad_input(&["ask", "--set", "team.kubernetes_experiance=basic"]);
    assert!(stderr.contains("did you mean \"team.kubernetes_experience\""), "{stderr}");
    let stderr = bad_input(&["ask", "--set", "basic"]);
    assert!(stderr.contains("write it as group.fact=value"), "{stderr}");
    // Answers that cannot all be true are refused as a workload file's would be.
    let stderr =
        bad_input(&["ask", "--set", "team.current_platform=ecs", "--set", "team.current_capacity=eks-auto-mode"]);
    assert!(
        stderr.contains("--set: team.current_capacity: eks-auto-mode does not go with team.current_platform: ecs"),
        "{stderr}"
    );
    let stderr = bad_input(&["ask", "--save", EXAMPLE]);
    assert!(stderr.contains("already exists; choose another name, or add --force"), "{stderr}");
    let stderr = bad_input(&["ask", "--save", "same.md", "--record", "./same.md"]);
    assert!(stderr.contains("--save and --record name the same file"), "{stderr}");
    let stderr = bad_input(&["ask", "--record", "decision.txt"]);
    assert!(stderr.contains("a decision record is a Markdown file"), "{stderr}");
    let stderr = bad_input(&["ask", "--record", "no/such/folder/d.md"]);
    assert!(stderr.contains("the folder no/such/folder does not exist; create it first"), "{stderr}");
}

#[test]
fn what_if_lists_the_changes_that_would_change_the_answer() {
    let (code, stdout, _) = run(&["explain", EXAMPLE, "--what-if"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("explain_what_if", stdout);
    let (_, json, _) = run(&["explain", EXAMPLE, "--what-if", "--format", "json"]);
    let what_if: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(what_if["best"], "ecs-fargate");
    let auto_mode = what_if["tipping_points"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|g| g["platform"] == "eks-auto-mode")
        .expect("a way to put eks-auto-mode first");
    let change = &auto_mode["changes"][0]["answers"][0];
    let fact = change["fact"].as_str().expect("a fact");
    // Checked by hand: make that one change in the file and recommend again.
    let (group, key) = fact.split_once('.').expect("group.name");
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE)).expect("example");
    let to = match &change["to"] {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let edited = if text.contains(&format!("\n{group}:\n")) {
        text.replace(&format!("\n{group}:\n"), &format!("\n{group}:\n  {key}: {to}\n"))
    } else {
        format!("{text}{group}:\n  {key}: {to}\n")
    };
    let dir = scratch("what-if");
    let path = write(&dir, "edited.yaml", edited);
    let (_, report, _) = run(&["recommend", &path, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&report).expect("valid JSON");
    assert_eq!(report["ranking"][0]["platform"], "eks-auto-mode", "{fact} = {to}");
}

#[test]
fn explain_needs_exactly_one_question() {
    let (code, _, stderr) = run(&["explain", EXAMPLE]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = run(&["explain", EXAMPLE, "--what-if", "--why-not", "eks-ec2"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("cannot be used with"), "{stderr}");
}

#[test]
fn robustness_samples_the_weights_deterministically() {
    let dir = scratch("robustness");
    let path = write(&dir, "close.yaml", "name: close\nteam:\n  kubernetes_experience: intermediate\n");
    let (code, stdout, _) = run(&["recommend", &path, "--robustness", "--format", "json"]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    let robustness = &report["robustness"];
    assert_eq!(robustness["samples"], 1000);
    let shares: Vec<(String, u64)> = robustness["first"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| (s["platform"].as_str().expect("id").to_string(), s["samples"].as_u64().expect("count")))
        .collect();
    assert_eq!(shares.iter().map(|(_, n)| n).sum::<u64>(), 1000);
    assert_eq!(shares[0].0, "ecs-fargate", "{shares:?}");
    assert!(shares.len() >= 2, "a 2.3-point lead does not survive every sample: {shares:?}");
    let (_, again, _) = run(&["recommend", &path, "--robustness", "--format", "json"]);
    assert_eq!(stdout, again, "the same seed gives the same figures");
    let (_, other_seed, _) = run(&["recommend", &path, "--robustness", "--seed", "2", "--format", "json"]);
    assert_ne!(stdout, other_seed);
    let (code, _, stderr) = run(&["recommend", &path, "--samples", "10"]);
    assert_eq!(code, 2, "--samples needs --robustness: {stderr}");
    let (_, table, _) = run(&["recommend", &path, "--robustness"]);
    let section = &table[table.find("Robustness").expect("the section")..];
    insta::assert_snapshot!("recommend_robustness", &section[..section.find("\n\n").unwrap_or(section.len())]);
}

#[test]
fn a_sized_workload_gets_a_dated_cost_estimate_that_feeds_the_cost_ratings() {
    let dir = scratch("costs");
    let sized = "name: sized\nrequirements:\n  max_task_vcpu: 1\n  max_task_memory_gib: 2\nsize:\n  average_tasks: 40\ncost:\n  utilization: high-steady\n";
    let path = write(&dir, "sized.yaml", sized);
    let (code, stdout, _) = run(&["recommend", &path, "--explain", "--format", "json"]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    let costs = &report["costs"];
    assert_eq!(costs["prices_date"], "2026-11-30");
    assert!(costs["label"].as_str().expect("a label").starts_with("rough estimate"));
    let fargate =
        costs["estimates"].as_array().expect("a list").iter().find(|e| e["platform"] == "ecs-fargate").expect("priced");
    // Any architecture, so ECS on Fargate is priced on ARM: 40 x (1 x 0.03238 + 2 x 0.00356) x 730
    // = 1153.4 a month.
    assert_eq!(fargate["high"], 1153.0);
    // The estimate sets the cost ratings: the cheapest AWS-run platform is rated 5 on cost-steady.
    let cheapest =
        report["ranking"].as_array().expect("a list").iter().find(|r| r["platform"] == "ecs-fargate").expect("viable");
    let rating = cheapest["contributions"]["criteria"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|c| c["criterion"] == "cost-steady")
        .expect("the criterion")["rating"]
        .as_i64();
    // ECS on EC2 needs 48 to 58 m7g instances of 1 vCPU and 4 GiB ($1,430 to $1,727): a 2 GiB task
    // leaves half of each instance's memory idle, so Fargate on ARM is the cheapest here.
    assert_eq!(rating, Some(5), "ecs-fargate's $1,153 is the cheapest here");
    // Without a size there is no estimate, and the pack's ratings hold.
    let (_, plain, _) = run(&["recommend", EXAMPLE, "--format", "json"]);
    assert!(serde_json::from_str::<serde_json::Value>(&plain).expect("valid JSON").get("costs").is_none());
    let (_, table, _) = run(&["recommend", &path]);
    assert!(table.contains("Rough monthly cost (prices of 2026-11-30, us-east-1)"), "{table}");
    let section = &table[table.find("Rough monthly cost").expect("the section")..];
    insta::assert_snapshot!("recommend_costs", &section[..section.find("\n\n").unwrap_or(section.len())]);
}

#[test]
fn answers_that_cannot_all_be_true_are_refused_at_the_line_of_the_fact() {
    let dir = scratch("impossible-answers");
    let path = write(&dir, "w.yaml", "name: x\nworkload:\n  os: windows\n  cpu_architecture: arm\n");
    let (code, stdout, stderr) = run(&["recommend", &path]);
    assert_eq!((code, stdout.as_str()), (2, ""), "bad input, nothing printed on stdout");
    assert!(
        stderr.contains("w.yaml:4:21: workload.cpu_architecture: arm does not go with workload.os: windows"),
        "{stderr}"
    );
    assert!(stderr.contains("rule windows-containers-not-on-arm"), "{stderr}");
    assert!(stderr.contains("answer x86 or any, or Linux"), "the rule's reason says how to mend it: {stderr}");
    // One answer implies another instead: Spot required means Spot tolerated.
    let spot = write(&dir, "spot.yaml", "cost:\n  spot_required: true\n");
    let (code, json, _) = run(&["recommend", &spot, "--format", "json"]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let assumed: Vec<&str> =
        report["assumptions"].as_array().expect("a list").iter().filter_map(|a| a["fact"].as_str()).collect();
    assert!(!assumed.contains(&"cost.spot_tolerant"), "implied, not assumed: {assumed:?}");
    // Stating the opposite of what is implied is refused too.
    let both = write(&dir, "both.yaml", "cost:\n  spot_required: true\n  spot_tolerant: false\n");
    let (code, _, stderr) = run(&["recommend", &both]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("both.yaml:3:18: cost.spot_tolerant: false does not go with cost.spot_required: true"),
        "{stderr}"
    );
}

#[test]
fn platforms_far_behind_are_flagged_and_listed_apart() {
    let (code, json, _) = run(&["recommend", EXAMPLE, "--format", "json"]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let ranking = report["ranking"].as_array().expect("a list");
    let first = ranking[0]["score"].as_f64().expect("a score");
    for entry in ranking {
        let behind = first - entry["score"].as_f64().expect("a score") >= 40.0;
        assert_eq!(entry["poor_fit"].as_bool(), Some(behind), "{entry}");
    }
    assert!(ranking.iter().any(|e| e["poor_fit"] == true), "the example has a platform far behind");
    let (_, table, _) = run(&["recommend", EXAMPLE]);
    let far = table.lines().find(|l| l.contains("Far behind")).expect("a line for the poor fits");
    for entry in ranking.iter().filter(|e| e["poor_fit"] == true) {
        let id = entry["platform"].as_str().expect("an id");
        assert!(far.contains(id), "{far}");
        assert!(!table.contains(&format!("Why {id}\n")), "no Why for a poor fit");
    }
}

#[test]
fn calibrate_reports_agreement_and_fails_below_the_minimum() {
    let dir = scratch("calibrate");
    let case = |id: &str, chosen: &str, decided: &str, workload: &str| {
        format!(
            "id: {id}\norganisation: O\nsources: [https://example.org/{id}]\ndecided: {decided}\nchosen: {chosen}\nconfidence: high\nreasons: R\nworkload: {workload}\n"
        )
    };
    write(&dir, "a.yaml", case("a", "ecs-fargate", "2023-05", "{ team: { kubernetes_experience: none } }"));
    std::fs::create_dir_all(dir.join("nested")).expect("a folder");
    write(&dir, "nested/b.yaml", case("b", "eks-anywhere", "2022", "{ placement: { on_premises: air-gapped } }"));
    let path = dir.display().to_string();
    let (code, json, stderr) = run(&["rules", "calibrate", &path, "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    for key in ["schema_version", "cases", "top1", "top2", "violations", "per_platform", "misses", "halves"] {
        assert!(report.get(key).is_some(), "{key} in {json}");
    }
    assert_eq!(report["cases"], 2);
    let (code, text, _) = run(&["rules", "calibrate", &path, "--min-top1", "100.1"]);
    assert_eq!(code, 2, "a percentage above 100 is bad usage: {text}");
    // A chosen platform that did not exist yet is a violation of the case, not a miss of the rules.
    write(&dir, "c.yaml", case("c", "eks-auto-mode", "2021-03", "{}"));
    let (code, json, _) = run(&["rules", "calibrate", &path, "--format", "json", "--min-top1", "90"]);
    assert_eq!(code, 1, "agreement below --min-top1 fails");
    let report: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(report["violations"], 1);
    let (code, _, stderr) = run(&["rules", "calibrate", &dir.join("nowhere").display().to_string()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no such folder of calibration cases"), "{stderr}");
}

#[test]
fn the_committed_split_is_the_split_calibrate_makes() {
    // calibration/SPLIT.md is committed with the corpus before any pack change; a case added
    // without its line there, or a first source edited afterwards, would move the halves unseen.
    let (code, json, stderr) = run(&["rules", "calibrate", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let split = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("calibration/SPLIT.md"))
        .expect("SPLIT.md is committed");
    let listed = |half: &str| -> Vec<String> {
        let section = split.split(&format!("## {half} (")).nth(1).expect("a section per half");
        let mut ids: Vec<String> = section
            .lines()
            .skip(1)
            .take_while(|line| !line.starts_with("## "))
            .filter_map(|line| line.strip_prefix("- ").map(str::to_string))
            .collect();
        ids.sort();
        ids
    };
    for (half, key) in [("Tune", "tune_cases"), ("Check", "check_cases")] {
        let mut computed: Vec<String> = report["halves"][key]
            .as_array()
            .expect("the cases of each half")
            .iter()
            .filter_map(|id| id.as_str().map(str::to_string))
            .collect();
        computed.sort();
        assert_eq!(listed(half), computed, "the {half} half of calibration/SPLIT.md");
    }
}

#[test]
fn as_of_leaves_out_platforms_that_did_not_exist_yet() {
    let (code, json, _) = run(&["recommend", EXAMPLE, "--format", "json", "--as-of", "2020-06"]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(report["as_of"], "2020-06-01");
    let unavailable: Vec<&str> =
        report["unavailable"].as_array().expect("a list").iter().filter_map(|u| u["platform"].as_str()).collect();
    assert_eq!(
        unavailable,
        ["ecs-anywhere", "ecs-managed-instances", "eks-anywhere", "eks-auto-mode", "eks-distro", "eks-hybrid-nodes"]
    );
    let ranked: Vec<&str> =
        report["ranking"].as_array().expect("a list").iter().filter_map(|r| r["platform"].as_str()).collect();
    assert!(ranked.iter().all(|p| !unavailable.contains(p)), "{ranked:?}");
    let (code, _, stderr) = run(&["recommend", EXAMPLE, "--as-of", "June 2020"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--as-of takes a date"), "{stderr}");
}

#[test]
fn a_wrapped_dim_line_breaks_as_a_line_not_as_an_escape() {
    // The far-behind line is dimmed; dimming escapes control characters, so it must dim each
    // wrapped line rather than the text with its line breaks in it.
    let output = assert_cmd::Command::cargo_bin("shipwise")
        .expect("the binary")
        .env("COLUMNS", "80")
        .args(["recommend", EXAMPLE])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let far = stdout.lines().position(|l| l.contains("Far behind")).expect("a far-behind line");
    assert!(!stdout.contains("\\n"), "no escaped line break:\n{stdout}");
    assert!(stdout.lines().nth(far).is_some_and(|l| l.chars().count() <= 80), "{stdout}");
}

#[test]
fn output_to_a_pipe_is_not_wrapped() {
    let output = assert_cmd::Command::cargo_bin("shipwise")
        .expect("the binary")
        .env_remove("COLUMNS")
        .args(["recommend", EXAMPLE])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    // A long reason or source line stays whole: at 100 columns it would be broken in two.
    let longest = stdout.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest > 100, "the longest line has {longest} characters:\n{stdout}");
    let notes = stdout.lines().filter(|l| l.starts_with("  - ")).count();
    let note_lines =
        stdout[stdout.find("Notes").expect("notes")..].lines().skip(1).take_while(|l| !l.is_empty()).count();
    assert_eq!(notes, note_lines, "each note is one line");
}
