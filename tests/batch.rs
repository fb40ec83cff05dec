//! `shipwise batch` on a mixed folder: good, broken, non-YAML, ignored, hidden and nested files
//! and a symlink loop; every format; the summary's counts; the exit codes; the same output
//! whatever the number of threads.

use std::path::{Path, PathBuf};

mod common;

use common::{run, shipwise};

/// A portfolio folder: three good workloads (one nested), one broken, a README, a gitignored
/// workload, a hidden one and a symlink loop.
fn portfolio(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("team-b/nested")).expect("folders");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/workloads");
    let copy = |example: &str, to: &str| std::fs::copy(examples.join(example), dir.join(to)).map(|_| ()).expect("copy");
    copy("checkout-api.yaml", "checkout-api.yaml");
    copy("payments-platform.yaml", "team-b/payments-platform.yaml");
    copy("tenant-sandboxes.yaml", "team-b/nested/tenant-sandboxes.yml");
    copy("video-transcoding.yaml", "ignored.yaml");
    copy("nightly-reports.yaml", ".hidden.yaml");
    std::fs::write(dir.join("broken.yaml"), "name: broken\nteam:\n  kubernetes_experience: expert\n").expect("write");
    std::fs::write(dir.join("README.md"), "# not a workload\n").expect("write");
    std::fs::write(dir.join(".gitignore"), "ignored.yaml\n").expect("write");
    std::os::unix::fs::symlink(&dir, dir.join("team-b/loop")).expect("symlink");
    dir
}

fn redact(text: &str, dir: &Path) -> String {
    text.replace(&dir.display().to_string(), "<portfolio>")
}

#[test]
fn a_mixed_folder_lists_every_workload_and_every_problem() {
    let dir = portfolio("batch-mixed");
    // Wide enough for every column (narrow terminals are the next test's).
    let output = shipwise().env("COLUMNS", "200").args(["batch", &dir.display().to_string()]).output().expect("runs");
    let (code, stdout, stderr) =
        (output.status.code(), String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert_eq!(code, Some(2), "a broken file makes the run exit 2: {stderr}");
    assert!(!stdout.contains("Not shown"), "every column fits in 200: {stdout}");
    let stdout = redact(&stdout, &dir);
    assert!(stdout.contains("5 workloads: 3 evaluated, 2 failed"), "{stdout}");
    assert!(stdout.contains("kubernetes_experience cannot be \"expert\""), "the broken file's error: {stdout}");
    assert!(stdout.contains("File system loop found"), "the symlink loop is reported: {stdout}");
    assert!(!stdout.contains("ignored.yaml") && !stdout.contains(".hidden.yaml"), "{stdout}");
    insta::assert_snapshot!("batch_table", stdout);
}

#[test]
fn a_narrow_terminal_gets_the_columns_that_fit_and_is_told_what_it_misses() {
    for (width, hidden) in
        [("100", "Assumed, Out, Name, Current"), ("80", "Assumed, Out, Name, Current, Margin, Runner-up")]
    {
        let output = shipwise().env("COLUMNS", width).args(["batch", "examples/workloads"]).output().expect("runs");
        let stdout = String::from_utf8(output.stdout).expect("UTF-8");
        let table: Vec<&str> = stdout.lines().take_while(|line| !line.starts_with("Summary")).collect();
        let widest = table.iter().map(|line| line.chars().count()).max().unwrap_or(0);
        assert!(widest <= width.parse().expect("a number"), "{widest} columns wide at {width}:\n{stdout}");
        assert!(stdout.contains(&format!("Not shown at {width} columns: {hidden}")), "{stdout}");
        for kept in ["File", "Platform", "Score", "checkout-api.yaml", "ecs-fargate"] {
            assert!(table.iter().any(|line| line.contains(kept)), "{kept} kept at {width}: {stdout}");
        }
    }
}

#[test]
fn a_clean_folder_exits_0_and_no_file_at_all_exits_2() {
    let (code, stdout, _) = run(&["batch", "examples/workloads"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("15 workloads: 15 evaluated, 0 failed"), "{stdout}");
    let empty = Path::new(env!("CARGO_TARGET_TMPDIR")).join("batch-empty");
    std::fs::create_dir_all(&empty).expect("folder");
    let (code, stdout, stderr) = run(&["batch", &empty.display().to_string()]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("no workload files found"), "{stderr}");
}

#[test]
fn every_format_is_snapshotted() {
    let dir = portfolio("batch-formats");
    let path = dir.display().to_string();
    for (format, name) in [("csv", "batch_csv"), ("markdown", "batch_markdown"), ("jsonl", "batch_jsonl")] {
        let (_, stdout, _) = run(&["batch", &path, "--format", format]);
        insta::assert_snapshot!(name, redact(&stdout, &dir));
    }
    let (_, json, _) = run(&["batch", &path, "--format", "json"]);
    let document: serde_json::Value = serde_json::from_str(&json).expect("one JSON document");
    let items = document["items"].as_array().expect("items");
    assert_eq!(items.len(), 5);
    assert_eq!(items.iter().filter(|i| i.get("error").is_some()).count(), 2);
    let good = items.iter().find(|i| i.get("ranking").is_some()).expect("a good item");
    for key in ["file", "schema_version", "name", "ranking", "excluded", "assumptions", "notes"] {
        assert!(good.get(key).is_some(), "{key} missing");
    }
    assert_eq!(document["summary"]["errors"], 2);
    assert_eq!(document["summary"]["workloads"], 5);
}

#[test]
fn jsonl_lines_are_each_a_json_object_in_path_order() {
    let (_, stdout, _) = run(&["batch", "examples/workloads", "--format", "jsonl"]);
    let files: Vec<String> = stdout
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line).expect("a JSON line")["file"]
                .as_str()
                .expect("file")
                .to_string()
        })
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files.len(), 15);
    assert_eq!(files, sorted);
}

#[test]
fn the_output_is_the_same_whatever_the_number_of_threads() {
    let dir = portfolio("batch-threads");
    let path = dir.display().to_string();
    let one = run(&["batch", &path, "--format", "csv", "--threads", "1"]).1;
    let two = run(&["batch", &path, "--format", "csv", "--threads", "2"]).1;
    let many = run(&["batch", &path, "--format", "csv", "--threads", "7"]).1;
    assert_eq!(one, two);
    assert_eq!(one, many);
}

#[test]
fn glob_chooses_the_file_names() {
    let dir = portfolio("batch-glob");
    let (_, stdout, _) = run(&["batch", &dir.display().to_string(), "--glob", "*.yml", "--format", "csv"]);
    let rows: Vec<&str> = stdout.lines().skip(1).filter(|l| !l.contains("File system loop")).collect();
    assert_eq!(rows.len(), 1, "{stdout}");
    assert!(rows[0].contains("tenant-sandboxes.yml"));
}

#[test]
fn close_calls_and_changes_of_platform_are_summarised() {
    let (_, stdout, _) = run(&["batch", "examples/workloads", "--close", "6"]);
    // checkout-api (5.5 over ecs-managed-instances) and sovereign-analytics (1.2) are close calls.
    assert!(stdout.contains("Close calls (margin under 6 points): 2"), "{stdout}");
    let (_, csv, _) = run(&["batch", "examples/workloads", "--format", "csv"]);
    assert!(csv.lines().all(|line| !line.contains('≠')), "no example team is told to switch orchestrator");
}
