//! `shipwise check` on real records: every verdict and exit code, every report format (SARIF
//! checked against the 2.1.0 schema, JUnit parsed as XML), the path fence and .gitignore.

use std::path::{Path, PathBuf};

mod common;

use common::{run, shipwise};

const TODAY: &str = "2026-11-27";

fn check(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["check", "--today", TODAY];
    all.extend_from_slice(args);
    run(&all)
}

/// The code and each record's `verdict: message`, from the JSON report (no line wrapping).
fn messages(args: &[&str]) -> (i32, Vec<String>) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = check(&all);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("JSON: {stdout}{stderr}"));
    let lines = report["decisions"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| format!("{}: {}", d["verdict"].as_str().unwrap_or(""), d["message"].as_str().unwrap_or("")))
        .collect();
    (code, lines)
}

/// A scratch repo: `decisions/` and `workloads/` with copies of the examples named.
fn repo(name: &str, decisions: &[&str]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("decisions")).expect("folder");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let copy = |from: &Path, to: &Path| std::fs::copy(from, to).map(|_| ()).expect("copy");
    std::fs::create_dir_all(dir.join("workloads")).expect("folder");
    for entry in std::fs::read_dir(examples.join("workloads")).expect("examples") {
        let path = entry.expect("entry").path();
        copy(&path, &dir.join("workloads").join(path.file_name().expect("name")));
    }
    for decision in decisions {
        copy(&examples.join("decisions").join(decision), &dir.join("decisions").join(decision));
    }
    dir
}

fn path(dir: &Path) -> String {
    dir.display().to_string()
}

#[test]
fn the_examples_give_every_verdict_and_exit_1_for_the_fail() {
    let (code, stdout, stderr) = check(&["examples"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.ends_with("5 decisions: 2 pass, 1 warn, 1 fail, 1 waived, 0 error\n"), "{stdout}");
    insta::assert_snapshot!("check_text", stdout);
}

#[test]
fn exit_codes_follow_the_worst_verdict() {
    let passing = repo("check-pass", &["0001-checkout-api-platform.md", "0002-tenant-sandboxes-platform.md"]);
    assert_eq!(check(&[&path(&passing)]).0, 0);
    let warning = repo("check-warn", &["0003-nightly-reports-platform.yaml"]);
    assert_eq!(check(&[&path(&warning)]).0, 0, "a warn alone passes");
    assert_eq!(check(&[&path(&warning), "--fail-on-warn"]).0, 1);
    let waived = repo("check-waived", &["0005-ledger-platform.md"]);
    assert_eq!(check(&[&path(&waived)]).0, 0, "an unexpired waiver passes");
    let (code, stdout, _) = run(&["check", "--today", "2027-04-01", "--format", "json", &path(&waived)]);
    assert_eq!(code, 1, "an expired waiver fails: {stdout}");
    assert!(stdout.contains("its waiver expired (expires: 2027-03-31)"), "{stdout}");
    // A broken record is an error, and 2 wins over 1.
    let broken = repo("check-broken", &["0004-video-transcoding-platform.md"]);
    std::fs::write(
        broken.join("decisions/9999-broken.yaml"),
        "shipwise:\n  platform: ecs-fargte\n  workload: ../workloads/checkout-api.yaml\n",
    )
    .expect("write");
    let (code, lines) = messages(&[&path(&broken)]);
    assert_eq!(code, 2, "{lines:?}");
    assert!(lines[1].contains("unknown platform \"ecs-fargte\" (did you mean \"ecs-fargate\"?)"), "{lines:?}");
    assert!(check(&[&path(&broken)]).1.ends_with("2 decisions: 0 pass, 0 warn, 1 fail, 0 waived, 1 error\n"));
}

#[test]
fn json_carries_the_contract_keys() {
    let (_, stdout, _) = check(&["examples", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    assert_eq!(report["schema_version"], 1);
    for decision in report["decisions"].as_array().expect("a list") {
        for key in ["file", "platform", "best", "verdict", "message"] {
            assert!(decision.get(key).is_some(), "{key} missing in {decision}");
        }
    }
    assert_eq!(report["summary"]["fail"], 1);
    insta::assert_snapshot!("check_json", stdout);
}

#[test]
fn sarif_is_valid_against_the_2_1_0_schema_and_points_at_the_platform_line() {
    let (_, stdout, _) = check(&["examples", "--format", "sarif"]);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_path).expect("schema")).expect("schema JSON");
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("file:///sarif-schema-2.1.0.json", schema).expect("schema loads");
    let index = compiler.compile("file:///sarif-schema-2.1.0.json", &mut schemas).expect("schema compiles");
    if let Err(err) = schemas.validate(&report, index) {
        panic!("SARIF does not match the schema: {err:#}");
    }
    let results = report["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 3, "the warn, the fail and the waived record; passes are not findings");
    let fail = results.iter().find(|r| r["level"] == "error").expect("the fail");
    assert_eq!(fail["ruleId"], "fargate-no-gpu");
    let location = &fail["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "examples/decisions/0004-video-transcoding-platform.md");
    assert_eq!(location["region"]["startLine"], 5, "the line of `platform:`");
    insta::assert_snapshot!("check_sarif", stdout);
}

#[test]
fn junit_parses_as_xml_with_one_case_per_record() {
    let (_, stdout, _) = check(&["examples", "--format", "junit"]);
    let document = roxmltree::Document::parse(&stdout).expect("well-formed XML");
    let cases: Vec<_> = document.descendants().filter(|n| n.has_tag_name("testcase")).collect();
    assert_eq!(cases.len(), 5);
    let failures = document.descendants().filter(|n| n.has_tag_name("failure")).count();
    let skipped = document.descendants().filter(|n| n.has_tag_name("skipped")).count();
    assert_eq!((failures, skipped), (2, 1), "the warn and the fail fail; the waived record is skipped");
    assert!(stdout.trim_end().ends_with("<!-- 5 decisions: 2 pass, 1 warn, 1 fail, 1 waived, 0 error -->"));
    insta::assert_snapshot!("check_junit", stdout);
}

#[test]
fn github_annotations_and_the_step_summary() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("check-github");
    std::fs::create_dir_all(&dir).expect("folder");
    let summary = dir.join("summary.md");
    let _ = std::fs::remove_file(&summary);
    let output = shipwise()
        .args(["check", "--today", TODAY, "examples", "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        stdout.contains(
            "::error file=examples/decisions/0004-video-transcoding-platform.md,line=5,title=shipwise check%3A fail::"
        ),
        "{stdout}"
    );
    insta::assert_snapshot!("check_github", stdout);
    let written = std::fs::read_to_string(&summary).expect("the step summary is written");
    assert!(written.starts_with("## shipwise check\n") && written.contains("| fail |"), "{written}");
}

#[test]
fn markdown_is_a_pull_request_comment() {
    let (_, stdout, _) = check(&["examples", "--format", "markdown"]);
    insta::assert_snapshot!("check_markdown", stdout);
}

#[test]
fn output_file_keeps_the_report_out_of_the_log() {
    let dir = repo("check-output", &["0001-checkout-api-platform.md"]);
    let report = dir.join("report.xml");
    let (code, stdout, _) = check(&[&path(&dir), "--format", "junit", "--output-file", &report.display().to_string()]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert!(std::fs::read_to_string(&report).expect("written").contains("<testsuites"));
}

#[test]
fn workloads_outside_the_repository_are_refused_unless_allowed() {
    // A repository of its own (a .git folder): its records may read any workload inside it.
    let dir = repo("check-fence", &["0001-checkout-api-platform.md"]);
    std::fs::create_dir_all(dir.join(".git")).expect("a repository");
    let sub_folder =
        shipwise().args(["check", "--today", TODAY, "decisions"]).current_dir(&dir).output().expect("runs");
    assert_eq!(sub_folder.status.code(), Some(0), "checking a sub-folder may read ../workloads inside the repository");
    let outside = dir.parent().expect("a parent").join("outside-workload.yaml");
    std::fs::write(&outside, "name: outside\n").expect("write");
    std::fs::write(
        dir.join("decisions/out.yaml"),
        "shipwise:\n  platform: ecs-fargate\n  workload: ../../outside-workload.yaml\n",
    )
    .expect("write");
    let (code, lines) = messages(&[&path(&dir)]);
    assert_eq!(code, 2, "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("is outside the project") && l.contains("--allow-outside")), "{lines:?}");
    let (code, _) = messages(&[&path(&dir), "--allow-outside"]);
    assert_eq!(code, 0, "with --allow-outside the workload is read");
    std::fs::write(dir.join("decisions/out.yaml"), "shipwise:\n  platform: ecs-fargate\n  workload: /etc/passwd\n")
        .expect("write");
    let (code, lines) = messages(&[&path(&dir)]);
    assert_eq!(code, 2);
    assert!(
        lines.iter().any(|l| l.contains("workload /etc/passwd is an absolute path, outside the project")),
        "{lines:?}"
    );
}

#[test]
fn gitignored_and_unrelated_files_are_not_records() {
    let dir = repo("check-ignore", &["0001-checkout-api-platform.md", "0004-video-transcoding-platform.md"]);
    std::fs::write(dir.join(".gitignore"), "decisions/0004-*\n").expect("write");
    std::fs::write(dir.join("notes.md"), "# Notes\nshipwise: is mentioned but not in front matter\n").expect("write");
    let (code, stdout, _) = check(&[&path(&dir)]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.ends_with("1 decision: 1 pass, 0 warn, 0 fail, 0 waived, 0 error\n"), "{stdout}");
}

#[test]
fn an_inline_workload_is_read_from_the_record() {
    let dir = repo("check-inline", &[]);
    std::fs::write(
        dir.join("decisions/inline.md"),
        "---\nshipwise:\n  platform: ecs-ec2\n  workload:\n    name: gpu-batch\n    requirements:\n      gpu: true\n---\n# GPU batch\n",
    )
    .expect("write");
    let (code, stdout, _) = check(&[&path(&dir)]);
    assert_eq!(code, 0, "{stdout}");
    std::fs::write(
        dir.join("decisions/inline.md"),
        "---\nshipwise:\n  platform: ecs-fargate\n  workload:\n    requirements:\n      gpuu: true\n---\n",
    )
    .expect("write");
    let (code, lines) = messages(&[&path(&dir)]);
    assert_eq!(code, 2);
    assert!(
        lines[0].starts_with("error: unknown fact \"gpuu\" in `requirements` (did you mean \"gpu\"?)"),
        "{lines:?}"
    );
    let (_, json, _) = check(&[&path(&dir), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(
        (report["decisions"][0]["line"].as_u64(), report["decisions"][0]["column"].as_u64()),
        (Some(6), Some(7))
    );
}

#[test]
fn no_records_at_all_is_bad_input() {
    let dir = repo("check-empty", &[]);
    let (code, stdout, stderr) = check(&[&path(&dir)]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("no decision records found"), "{stderr}");
    assert!(check(&["no/such/dir"]).2.contains("no such file or folder"));
    assert!(run(&["check", "--today", "tomorrow", "examples"]).2.contains("write the date as YYYY-MM-DD"));
}

#[test]
fn a_record_written_by_ask_is_accepted() {
    // The decision-record renderer writes what `ask --record` writes; check must read it back.
    let dir = repo("check-ask-record", &[]);
    let (_, json, _) = run(&["recommend", "examples/workloads/checkout-api.yaml", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let top = report["ranking"][0]["platform"].as_str().expect("a platform");
    let record = format!(
        "---\nstatus: proposed\ndate: 2026-11-27\nshipwise:\n  platform: {top}\n  workload: ../workloads/checkout-api.yaml\n---\n\n# Run checkout-api\n"
    );
    std::fs::write(dir.join("decisions/0001-from-ask.md"), record).expect("write");
    assert_eq!(check(&[&path(&dir)]).0, 0);
}

#[test]
fn the_ci_examples_run_as_written_on_a_repository_of_records() {
    // A repository root holding the example records and workloads, where CI would run.
    let root = repo(
        "ci-examples",
        &[
            "0001-checkout-api-platform.md",
            "0002-tenant-sandboxes-platform.md",
            "0003-nightly-reports-platform.yaml",
            "0004-video-transcoding-platform.md",
            "0005-ledger-platform.md",
        ],
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ci");
    let mut commands = 0;
    for entry in std::fs::read_dir(&dir).expect("examples/ci") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("readable");
        for line in text.lines().map(str::trim) {
            let line = line.strip_prefix("- ").or(line.strip_prefix("run: ")).unwrap_or(line);
            let Some(command) = line.strip_prefix("shipwise ") else { continue };
            let args: Vec<&str> = command.split_whitespace().collect();
            let output = shipwise()
                .args(&args)
                .args(["--today", TODAY])
                .current_dir(&root)
                .env("GITHUB_STEP_SUMMARY", root.join("summary.md"))
                .output()
                .expect("runs");
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert_eq!(
                output.status.code(),
                Some(1),
                "{}: `shipwise {command}` should fail the build on the fail record:\n{stdout}",
                path.display()
            );
            if let Some(report) = args.iter().position(|a| *a == "--output-file").map(|i| args[i + 1]) {
                let xml = std::fs::read_to_string(root.join(report)).expect("the report file is written");
                let document = roxmltree::Document::parse(&xml).expect("JUnit XML");
                assert_eq!(document.descendants().filter(|n| n.has_tag_name("testcase")).count(), 5);
            } else {
                assert!(
                    stdout.contains("::error file=decisions/0004-video-transcoding-platform.md,line=5"),
                    "{stdout}"
                );
                assert!(std::fs::read_to_string(root.join("summary.md")).expect("step summary").contains("| fail |"));
            }
            commands += 1;
        }
    }
    assert_eq!(commands, 2, "one shipwise command in each CI example");
}

#[test]
fn check_with_no_path_searches_the_current_folder_and_keeps_lines() {
    let dir = repo("check-here", &["0001-checkout-api-platform.md"]);
    std::fs::create_dir_all(dir.join(".adr")).expect("a hidden folder");
    std::fs::write(
        dir.join(".adr/broken.yaml"),
        "shipwise:\n  platform: ecs-fargte\n  workload: ../workloads/checkout-api.yaml\n",
    )
    .expect("write");
    let output =
        shipwise().args(["check", "--today", TODAY, "--format", "json"]).current_dir(&dir).output().expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let decisions = report["decisions"].as_array().expect("a list");
    assert_eq!(decisions.len(), 2, "records in hidden folders count too: {decisions:?}");
    let broken = decisions.iter().find(|d| d["verdict"] == "error").expect("the broken record");
    assert_eq!(broken["file"], ".adr/broken.yaml");
    assert_eq!((broken["line"].as_u64(), broken["column"].as_u64()), (Some(2), Some(13)));
    let good = decisions.iter().find(|d| d["verdict"] == "pass").expect("the good record");
    assert_eq!(good["file"], "decisions/0001-checkout-api-platform.md");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn min_confidence_turns_a_fragile_pass_into_a_warn() {
    // ECS on Fargate leads EKS Auto Mode by 2.3 points for this team; choosing Auto Mode passes
    // within a 3-point tolerance, but not in every sample of the criterion weights.
    let dir = repo("check-confidence", &[]);
    std::fs::write(dir.join("workloads/close.yaml"), "name: close\nteam:\n  kubernetes_experience: intermediate\n")
        .expect("write");
    std::fs::write(
        dir.join("decisions/close.yaml"),
        "shipwise:\n  platform: eks-auto-mode\n  workload: ../workloads/close.yaml\n",
    )
    .expect("write");
    let (code, lines) = messages(&[&path(&dir), "--tolerance", "3"]);
    assert_eq!((code, lines[0].starts_with("pass: ")), (0, true), "{lines:?}");
    let (code, lines) = messages(&[&path(&dir), "--tolerance", "3", "--min-confidence", "99"]);
    assert_eq!(code, 0, "a warn alone does not fail the build");
    assert!(lines[0].starts_with("warn: ") && lines[0].contains("a fragile decision"), "{lines:?}");
    let (code, _) = messages(&[&path(&dir), "--tolerance", "3", "--min-confidence", "99", "--fail-on-warn"]);
    assert_eq!(code, 1);
    let (_, lines) = messages(&[&path(&dir), "--tolerance", "3", "--min-confidence", "10"]);
    assert!(lines[0].starts_with("pass: "), "{lines:?}");
}

#[test]
fn the_report_never_overwrites_a_record() {
    let dir = repo("check-overwrite", &["0001-checkout-api-platform.md"]);
    let record = dir.join("decisions/0001-checkout-api-platform.md");
    let before = std::fs::read_to_string(&record).expect("record");
    let (code, _, stderr) = check(&[&path(&dir), "--output-file", &record.display().to_string()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is one of the files this run reads"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&record).expect("record"), before);
}
