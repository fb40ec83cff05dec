//! Nothing raw reaches the terminal or a CI log: control characters from file names, keys, values
//! and pack texts are shown escaped in every format, no input starts a line (GitHub Actions runs
//! a line starting with `::` as a workflow command), error messages quote short excerpts and stop
//! after a screenful, JUnit stays well-formed and Markdown rows stay rows. The reproducers of
//! issue 13, part 3.

mod common;

use std::path::{Path, PathBuf};

use common::{scratch, shipwise};

/// What a hostile input writes into every text it controls.
const HOSTILE: &str = "x\n::error title=Injected::MARK\r\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{9b}2J\u{7f}\u{2028}\u{202e}";

/// The same, as a YAML double-quoted scalar.
const HOSTILE_YAML: &str = r#""x\n::error title=Injected::MARK\r\e]0;PWNED\a\e[2J\u009b2J\u007f\u2028\u202e""#;

/// Runs shipwise in `dir` and returns (exit code, stdout, stderr), lossily decoded.
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = shipwise().current_dir(dir).args(args).output().expect("shipwise runs");
    (
        output.status.code().expect("exited normally"),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Fails when `text` holds a raw control character (other than a line break or tab), a line or
/// paragraph separator, a bidi override (YAML keeps those raw: they are data there, not control
/// characters), or a line that input starts: one beginning with `::` that is not one of the GitHub
/// format's own annotations.
#[track_caller]
fn assert_safe(what: &str, text: &str) {
    let bidi = |c: char| !what.contains("yaml") && matches!(c, '\u{202a}'..='\u{202e}');
    if let Some(c) = text
        .chars()
        .find(|&c| (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{2028}' | '\u{2029}') || bidi(c))
    {
        panic!("{what}: raw {c:?} in output:\n{text}");
    }
    for line in text.lines() {
        let start = line.trim_start();
        let own = ["::error file=", "::warning file=", "::notice file="].iter().any(|own| start.starts_with(own));
        assert!(!start.starts_with("::") || own, "{what}: input starts a line: {line:?}\n{text}");
    }
}

/// A project (its own `.git`) with a hostile pack, workloads and decision records.
fn hostile_project(name: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::create_dir_all(dir.join(".git")).expect("a repository");
    std::fs::create_dir_all(dir.join("pack/tests")).expect("pack folder");
    std::fs::create_dir_all(dir.join("w")).expect("workloads folder");
    std::fs::create_dir_all(dir.join("decisions")).expect("records folder");
    let h = HOSTILE_YAML;
    std::fs::write(
        dir.join("pack/hostile.yaml"),
        format!(
            "platforms:\n  - {{ id: ecs-fargate, name: {h}, summary: {h} }}\n\
             criteria:\n  - {{ id: operational-simplicity, name: {h}, help: {h} }}\n\
             facts:\n  - id: org.hostile\n    type: enum\n    values: {{ yes_please: {h}, no_thanks: {h} }}\n    default: yes_please\n    prompt: {h}\n    help: {h}\n\
             rules:\n  - id: hostile-rule\n    title: {h}\n    when: {{ org.hostile: yes_please }}\n    adjust: {{ ecs-fargate: 5 }}\n    note: {h}\n    because: {h}\n    source: \"https://example.com/\\n::error::MARK\\e[2J\"\n    reviewed: 2026-11-01\n  - id: hostile-exclude\n    title: {h}\n    when: {{ requirements.gpu: true }}\n    exclude: [eks-distro]\n    because: {h}\n    source: https://example.com/x\n    reviewed: 2026-11-01\n"
        ),
    )
    .expect("pack");
    std::fs::write(
        dir.join("pack/tests/cases.yaml"),
        format!("cases:\n  - name: {h}\n    workload: {{ org: {{ hostile: yes_please }} }}\n    expect: {{ top: eks-distro }}\n"),
    )
    .expect("cases");
    std::fs::write(dir.join("w/good.yaml"), "name: good\nrequirements: { gpu: true }\n").expect("workload");
    std::fs::write(dir.join("w/bad.yaml"), format!("team:\n  {h}: 1\nrequirements: {{ gpu: {h} }}\n")).expect("bad");
    std::fs::write(dir.join(format!("w/{HOSTILE}.yaml")), "name: hostile-file-name\n").expect("hostile name");
    std::fs::write(dir.join("w/::error title=x::y.yaml"), "name: colons\n").expect("colons");
    std::fs::write(
        dir.join("decisions/waived.yaml"),
        format!(
            "shipwise:\n  platform: eks-distro\n  workload: ../w/good.yaml\n  waiver: {{ reason: {h}, owner: {h}, expires: 2099-01-01 }}\n"
        ),
    )
    .expect("record");
    std::fs::write(
        dir.join("decisions/unknown.yaml"),
        format!("shipwise:\n  platform: {h}\n  workload: ../w/good.yaml\n  {h}: 1\n"),
    )
    .expect("record");
    std::fs::write(
        dir.join(format!("decisions/{HOSTILE}`tick`.yaml")),
        "shipwise:\n  platform: ecs-ec2\n  workload: ../w/good.yaml\n",
    )
    .expect("record");
    dir
}

#[test]
fn keys_and_values_from_a_workload_are_echoed_escaped_and_short() {
    let dir = hostile_project("safety-keys");
    let (code, stdout, stderr) = run_in(&dir, &["recommend", "w/bad.yaml"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_safe("recommend", &stderr);
    assert!(stderr.contains(r#"unknown fact "x\n::error title=Injected::MARK\r\u{1b}]0;PWNED"#), "{stderr}");
    let long = format!("team:\n  kubernetes_experience: \"{}\"\n", "root:*:20228:0:99999:7:::".repeat(400));
    std::fs::write(dir.join("w/long.yaml"), long).expect("write");
    let (_, _, stderr) = run_in(&dir, &["recommend", "w/long.yaml"]);
    assert!(stderr.len() < 600, "a 10,000-character key is quoted short: {stderr}");
    assert!(stderr.contains("…\""), "{stderr}");
}

#[test]
fn a_hundred_thousand_unknown_keys_give_a_screenful() {
    let dir = scratch("safety-many-keys");
    let mut text = String::new();
    for i in 0..99_000 {
        text.push_str(&format!("k{i:x}: 0\n"));
    }
    std::fs::write(dir.join("many.yaml"), text).expect("write");
    let started = std::time::Instant::now();
    let (code, _, stderr) = run_in(&dir, &["recommend", "many.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.len() < 16 * 1024, "{} bytes of stderr", stderr.len());
    assert_eq!(stderr.lines().count(), 31, "{stderr}");
    assert!(
        stderr.ends_with("and 98970 more problems in this file, not shown; fix the ones above and run again\n"),
        "{stderr}"
    );
    assert!(started.elapsed().as_secs() < 10, "took {:?}", started.elapsed());
}

#[test]
fn hostile_pack_texts_are_escaped_in_every_format() {
    let dir = hostile_project("safety-pack");
    let with_pack = |args: &[&str]| {
        let mut all = vec!["--rules", "pack", "--color", "never"];
        all.extend_from_slice(args);
        run_in(&dir, &all)
    };
    for format in ["table", "json", "yaml", "markdown"] {
        let (code, stdout, stderr) = with_pack(&["recommend", "w/good.yaml", "--format", format, "--explain"]);
        assert_eq!(code, 0, "{stderr}");
        assert_safe(&format!("recommend --format {format}"), &stdout);
        let (_, stdout, _) = with_pack(&["platforms", "--format", format]);
        assert_safe(&format!("platforms --format {format}"), &stdout);
        let (_, stdout, _) = with_pack(&["rules", "list", "--format", format]);
        assert_safe(&format!("rules list --format {format}"), &stdout);
        let (_, stdout, _) = with_pack(&["rules", "list", "--facts", "--format", format]);
        assert_safe(&format!("rules list --facts --format {format}"), &stdout);
    }
    for args in [
        &["rules", "show", "hostile-rule"][..],
        &["explain", "w/good.yaml", "--why-not", "ecs-fargate"],
        &["explain", "w/good.yaml", "--what-if"],
        &["schema", "workload"],
        &["rules", "lint", "pack"],
        &["rules", "lint", "pack", "--format", "json"],
        &["rules", "test", "pack"],
        &["rules", "test", "pack", "--format", "json"],
        &["rules", "test", "pack", "--format", "junit"],
    ] {
        let (_, stdout, stderr) = with_pack(args);
        assert_safe(&args.join(" "), &stdout);
        assert_safe(&args.join(" "), &stderr);
    }
    let (_, stdout, _) = with_pack(&["rules", "test", "pack", "--format", "junit"]);
    roxmltree::Document::parse(&stdout).expect("JUnit stays well-formed");
    let (_, stdout, _) = with_pack(&["rules", "lint", "pack"]);
    assert!(stdout.contains("the title of rule \"hostile-rule\" holds the control character \\r"), "{stdout}");
    assert!(stdout.contains("the summary of platform \"ecs-fargate\" holds the control character"), "{stdout}");
    assert!(stdout.contains("the prompt of fact \"org.hostile\" holds the control character"), "{stdout}");
}

#[test]
fn file_names_keys_and_waivers_are_escaped_in_check_and_batch() {
    let dir = hostile_project("safety-check");
    for format in ["text", "json", "junit", "sarif", "github", "markdown"] {
        let (code, stdout, stderr) = run_in(&dir, &["check", "decisions", "--today", "2026-11-27", "--format", format]);
        assert_eq!(code, 2, "the unknown platform is an error: {stdout}{stderr}");
        assert_safe(&format!("check --format {format}"), &stdout);
        assert_safe(&format!("check --format {format} (stderr)"), &stderr);
    }
    let (_, junit, _) = run_in(&dir, &["check", "decisions", "--today", "2026-11-27", "--format", "junit"]);
    roxmltree::Document::parse(&junit).expect("JUnit stays well-formed");
    let (_, markdown, _) = run_in(&dir, &["check", "decisions", "--today", "2026-11-27", "--format", "markdown"]);
    let rows: Vec<&str> = markdown.lines().filter(|l| l.starts_with("| ")).collect();
    assert_eq!(rows.len(), 2 + 3, "a header, its rule and one row per record:\n{markdown}");
    assert!(markdown.contains("``decisions/x\\n"), "a backtick in a name gets a longer code fence:\n{markdown}");
    for format in ["table", "json", "jsonl", "csv", "markdown"] {
        let (code, stdout, stderr) = run_in(&dir, &["batch", "w", "--format", format]);
        assert_eq!(code, 2, "w/bad.yaml is an error: {stdout}{stderr}");
        assert_safe(&format!("batch --format {format}"), &stdout);
        assert_safe(&format!("batch --format {format} (stderr)"), &stderr);
    }
    let (_, csv, _) = run_in(&dir, &["batch", "w", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 1 + 4, "a header and one line per file:\n{csv}");
}

#[test]
fn junit_is_well_formed_with_non_characters() {
    let dir = scratch("safety-junit");
    std::fs::write(dir.join("w.yaml"), "name: w\nrequirements: { gpu: true }\n").expect("workload");
    std::fs::write(
        dir.join("r.yaml"),
        "shipwise:\n  platform: ecs-fargate\n  workload: w.yaml\n  waiver: { reason: \"odd \\uFFFE\\uFFFF\\u0001 text\", expires: 2099-01-01 }\n",
    )
    .expect("record");
    let (code, stdout, _) = run_in(&dir, &["check", "r.yaml", "--today", "2026-11-27", "--format", "junit"]);
    assert_eq!(code, 0, "{stdout}");
    let document = roxmltree::Document::parse(&stdout).expect("JUnit is well-formed");
    let skipped = document.descendants().find(|n| n.has_tag_name("skipped")).expect("the waived record");
    assert!(skipped.attribute("message").is_some_and(|m| m.contains(r"odd \u{fffe}\u{ffff}\u{1} text")), "{stdout}");
}
