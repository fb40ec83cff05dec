//! Nothing outside the project is read without `--allow-outside`, whatever the working folder and
//! whatever the links: records, the workloads they name, batch inputs, packs named by a
//! repository's `.shipwise.yaml` and their test cases; only regular files are read; a link to
//! nothing or a loop is an error row, not the end of the run. The reproducers of issue 13, part 1.

#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::shipwise;

/// A scratch folder outside any repository (the system's temporary folder), empty.
fn outside_any_repository(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("shipwise-fence-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    assert!(!dir.ancestors().any(|d| d.join(".git").exists()), "the temporary folder is in no repository");
    dir
}

/// A project folder holding `decisions/` and `workloads/` (and a `.git` when `repository`), and
/// a secret file beside it, outside.
fn project(name: &str, repository: bool) -> (PathBuf, PathBuf) {
    let base = outside_any_repository(name);
    let dir = base.join("project");
    std::fs::create_dir_all(dir.join("decisions")).expect("folder");
    std::fs::create_dir_all(dir.join("workloads")).expect("folder");
    if repository {
        std::fs::create_dir_all(dir.join(".git")).expect("a repository");
    }
    std::fs::write(dir.join("workloads/api.yaml"), "name: api\n").expect("workload");
    std::fs::write(
        dir.join("decisions/0001.yaml"),
        "shipwise:\n  platform: ecs-fargate\n  workload: ../workloads/api.yaml\n",
    )
    .expect("record");
    std::fs::create_dir_all(base.join("outside")).expect("folder");
    std::fs::write(base.join("outside/secret.yaml"), "top_secret_key: hunter2\nshipwise:\n  platform: x\n")
        .expect("secret");
    (base, dir)
}

/// Runs shipwise in `dir`; (exit code, stdout, stderr). Never waits more than 20 seconds.
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = shipwise().current_dir(dir).args(args).timeout(Duration::from_secs(20)).output().expect("runs");
    (
        output.status.code().expect("exited by itself, in time"),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn check(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["check", "--today", "2026-11-27"];
    all.extend_from_slice(args);
    run_in(dir, &all)
}

#[test]
fn without_a_repository_the_fence_is_the_folder_checked_not_the_working_folder() {
    let (base, dir) = project("no-git", false);
    std::fs::write(
        dir.join("decisions/0002.yaml"),
        format!("shipwise:\n  platform: ecs-fargate\n  workload: {}../../../../../../../../etc/passwd\n", ""),
    )
    .expect("record");
    // Run from `/`, as a container's default working folder, naming the project.
    let (code, stdout, stderr) = check(Path::new("/"), &[dir.to_str().expect("UTF-8")]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stdout.contains("is outside the project"), "{stdout}");
    assert!(!stdout.contains("root:") && !stderr.contains("root:"), "nothing of /etc/passwd is echoed: {stdout}");
    assert!(stdout.contains("pass "), "the good record is still judged: {stdout}");
    // From the project itself, with no path, the fence is the same folder.
    let (code, stdout, _) = check(&dir, &[]);
    assert_eq!(code, 2);
    assert!(stdout.contains("0002.yaml") && stdout.contains("is outside the project"), "{stdout}");
    std::fs::remove_dir_all(&base).expect("cleans up");
}

#[test]
fn records_linked_out_of_the_project_are_error_rows_unless_allowed() {
    let (base, dir) = project("record-link", true);
    symlink("../../outside/secret.yaml", dir.join("decisions/z.yaml")).expect("link");
    symlink("../../outside", dir.join("decisions/linked-folder")).expect("link");
    let (code, stdout, stderr) = check(&dir, &["decisions"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stdout.contains("decisions/z.yaml"), "{stdout}");
    assert!(
        stdout.contains("through a symbolic link; shipwise reads nothing outside it without --allow-outside"),
        "{stdout}"
    );
    assert!(!stdout.contains("hunter2") && !stdout.contains("top_secret"), "{stdout}");
    assert!(!stdout.contains("linked-folder"), "a folder linked from outside is not walked: {stdout}");
    assert!(stdout.ends_with("2 decisions: 1 pass, 0 warn, 0 fail, 0 waived, 1 error\n"), "{stdout}");
    let (_, stdout, _) = check(&dir, &["decisions", "--allow-outside"]);
    assert!(stdout.contains("error  decisions/z.yaml:2"), "with --allow-outside the record is read: {stdout}");
    // A record named on the command line through a link is refused the same way.
    let (code, stdout, _) = check(&dir, &["decisions/z.yaml"]);
    assert_eq!(code, 2);
    assert!(stdout.contains("is outside the project"), "{stdout}");
    std::fs::remove_dir_all(&base).expect("cleans up");
}

#[test]
fn a_folder_of_records_that_is_itself_a_link_out_is_refused() {
    let (base, dir) = project("folder-link", true);
    symlink("../outside", dir.join("adr")).expect("link");
    let (code, stdout, _) = check(&dir, &["adr", "decisions"]);
    assert_eq!(code, 2, "{stdout}");
    assert!(stdout.contains("adr: is outside the project"), "{stdout}");
    assert!(!stdout.contains("hunter2"), "{stdout}");
    std::fs::remove_dir_all(&base).expect("cleans up");
}

#[test]
fn batch_inputs_linked_out_are_error_rows_whose_lines_are_not_echoed() {
    let (base, dir) = project("batch-link", true);
    symlink("/etc/passwd", dir.join("workloads/shadow.yaml")).expect("link");
    let (code, stdout, stderr) = run_in(&dir, &["batch", "workloads"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stdout.contains("workloads/shadow.yaml: is outside the project"), "{stdout}");
    assert!(!stdout.contains("root:"), "{stdout}");
    let (_, stdout, _) = run_in(&dir, &["batch", "workloads", "--allow-outside", "--format", "csv"]);
    assert!(stdout.contains("shadow.yaml,,ERROR"), "--allow-outside reads it (and it is no workload): {stdout}");
    std::fs::remove_dir_all(&base).expect("cleans up");
}

#[test]
fn a_fifo_is_refused_not_waited_for() {
    let (base, dir) = project("fifo", true);
    let made = std::process::Command::new("mkfifo").arg(dir.join("workloads/fifo.yaml")).status().expect("mkfifo");
    assert!(made.success());
    std::fs::write(
        dir.join("decisions/0002.yaml"),
        "shipwise:\n  platform: ecs-fargate\n  workload: ../workloads/fifo.yaml\n",
    )
    .expect("record");
    let (code, stdout, _) = check(&dir, &["decisions"]);
    assert_eq!(code, 2, "{stdout}");
    assert!(stdout.contains("workload ../workloads/fifo.yaml is not a regular file"), "{stdout}");
    let (code, _, stderr) = run_in(&dir, &["recommend", "workloads/fifo.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is not a regular file (a FIFO, socket or device)"), "{stderr}");
    let (_, stdout, _) = run_in(&dir, &["batch", "workloads"]);
    assert!(stdout.contains("1 workloads: 1 evaluated"), "batch skips special files: {stdout}");
    std::fs::remove_dir_all(&base).expect("cleans up");
}

#[test]
fn a_dangling_link_or_a_loop_is_an_error_row_and_the_rest_is_judged() {
    let (base, dir) = project("dangling", true);
    symlink("nowhere.yaml", dir.join("decisions/dangling.yaml")).expect("link");
    symlink(".", dir.join("decisions/loop")).expect("link");
    let (code, stdout, stderr) = check(&dir, &[]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stdout.contains("decisions/dangling.yaml: is a symbolic link to nothing"), "{stdout}");
    assert!(stdout.contains("pass   decisions/0001.yaml"), "{stdout}");
    assert!(!stderr.contains("cannot walk"), "{stderr}");
    std::fs::remove_dir_all(&base).expect("cleans up");
}

#[test]
fn a_config_above_the_repository_is_not_the_repositorys() {
    let base = outside_any_repository("config-above");
    let repo = base.join("repo");
    std::fs::create_dir_all(repo.join(".git")).expect("a repository");
    std::fs::create_dir_all(base.join("pack")).expect("pack");
    std::fs::write(
        base.join("pack/distro.yaml"),
        "rules:\n  - id: favour-distro\n    title: T\n    adjust: { eks-distro: 100 }\n    because: B\n    source: https://example.com\n    reviewed: 2026-01-01\n",
    )
    .expect("pack");
    std::fs::write(base.join(".shipwise.yaml"), "rules: [pack]\n").expect("config above");
    std::fs::write(repo.join("gpu.yaml"), "requirements: { gpu: true }\n").expect("workload");
    let (code, stdout, stderr) = run_in(&repo, &["recommend", "gpu.yaml", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_ne!(report["ranking"][0]["platform"], "eks-distro", "the config above the repository is ignored");
    // Named with --config it is the user's own, and counts.
    let (_, stdout, _) = run_in(&repo, &["--config", "../.shipwise.yaml", "recommend", "gpu.yaml", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(report["ranking"][0]["platform"], "eks-distro");
    std::fs::remove_dir_all(&base).expect("cleans up");
}

#[test]
fn a_repositorys_config_names_packs_inside_it_only() {
    let base = outside_any_repository("config-packs");
    let repo = base.join("repo");
    std::fs::create_dir_all(repo.join(".git")).expect("a repository");
    std::fs::create_dir_all(base.join("elsewhere")).expect("pack");
    std::fs::write(base.join("elsewhere/x.yaml"), "disable: [fargate-no-gpu]\n").expect("pack");
    std::fs::write(repo.join(".shipwise.yaml"), "rules: [../elsewhere]\n").expect("config");
    std::fs::write(repo.join("w.yaml"), "name: w\n").expect("workload");
    let (code, _, stderr) = run_in(&repo, &["recommend", "w.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains(".shipwise.yaml:1:9: rule pack \"../elsewhere\" is outside the project"), "{stderr}");
    let (code, _, stderr) = run_in(&repo, &["--config", ".shipwise.yaml", "recommend", "w.yaml"]);
    assert_eq!(code, 0, "the user's own --config may name any pack: {stderr}");
    // A pack inside the repository whose file, or test case, is a link out is refused.
    std::fs::create_dir_all(repo.join("pack/tests")).expect("pack");
    std::fs::write(repo.join(".shipwise.yaml"), "rules: [pack]\n").expect("config");
    symlink("../../elsewhere/x.yaml", repo.join("pack/x.yaml")).expect("link");
    let (code, _, stderr) = run_in(&repo, &["recommend", "w.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("pack/x.yaml: is outside the project"), "{stderr}");
    std::fs::remove_file(repo.join("pack/x.yaml")).expect("unlink");
    std::fs::write(repo.join("pack/own.yaml"), "criteria: []\n").expect("pack");
    std::fs::write(base.join("elsewhere/cases.yaml"), "cases: []\n").expect("cases");
    symlink("../../../elsewhere/cases.yaml", repo.join("pack/tests/cases.yaml")).expect("link");
    let (code, _, stderr) = run_in(&repo, &["rules", "test", "pack"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("pack/tests/cases.yaml: is outside the project"), "{stderr}");
    // A .shipwise.yaml that is itself a link out is refused too.
    std::fs::write(base.join("elsewhere/config.yaml"), "rules: [.]\n").expect("config");
    std::fs::remove_file(repo.join(".shipwise.yaml")).expect("unlink");
    symlink("../elsewhere/config.yaml", repo.join(".shipwise.yaml")).expect("link");
    let (code, _, stderr) = run_in(&repo, &["recommend", "w.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains(".shipwise.yaml: is outside the project"), "{stderr}");
    std::fs::remove_dir_all(&base).expect("cleans up");
}
