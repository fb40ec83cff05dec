//! The `shipwise-check` hook in `.pre-commit-hooks.yaml`, run by the real pre-commit framework
//! (installed from PyPI into a virtual environment) in a scratch git repository that uses the hook
//! from this checkout: it passes on a good decision and fails on a bad one.
//!
//! pre-commit builds the hook from the committed HEAD of this checkout with `cargo install`; the
//! build shares a target folder under target/ so that later runs are quick.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PRE_COMMIT_VERSION: &str = "4.7.0";

fn tmp() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
}

fn run(command: &mut Command) -> Output {
    command.output().unwrap_or_else(|err| panic!("cannot run {command:?}: {err}"))
}

#[track_caller]
fn succeed(command: &mut Command) -> Output {
    let output = run(command);
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// pre-commit in a virtual environment of its own, installed once.
fn pre_commit() -> PathBuf {
    let venv = tmp().join("pre-commit-venv");
    let bin = venv.join("bin/pre-commit");
    if !bin.exists() {
        succeed(Command::new("python3").args(["-m", "venv"]).arg(&venv));
        succeed(
            Command::new(venv.join("bin/pip"))
                .args(["install", "--quiet", "--disable-pip-version-check"])
                .arg(format!("pre-commit=={PRE_COMMIT_VERSION}")),
        );
    }
    bin
}

fn git(repo: &Path, args: &[&str]) -> Output {
    succeed(
        Command::new("git")
            .args(["-c", "user.name=shipwise test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(repo),
    )
}

#[test]
#[ignore = "installs pre-commit from PyPI and shipwise with cargo install (minutes); .ci/run runs it with --ignored"]
fn the_hook_passes_a_good_decision_and_fails_a_bad_one() {
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR"));
    let head = String::from_utf8(git(checkout, &["rev-parse", "HEAD"]).stdout).expect("a sha").trim().to_string();
    let pre_commit = pre_commit();

    let repo = tmp().join("pre-commit-repo");
    let _ = std::fs::remove_dir_all(&repo);
    std::fs::create_dir_all(repo.join("decisions")).expect("folder");
    std::fs::create_dir_all(repo.join("workloads")).expect("folder");
    git(&repo, &["init", "--quiet"]);
    for example in ["checkout-api.yaml", "video-transcoding.yaml"] {
        std::fs::copy(checkout.join("examples/workloads").join(example), repo.join("workloads").join(example))
            .expect("copy");
    }
    let record = |workload: &str| {
        format!(
            "---\nstatus: accepted\nshipwise:\n  platform: ecs-fargate\n  workload: ../workloads/{workload}\n---\n# Decision\n"
        )
    };
    std::fs::write(repo.join("decisions/0001.md"), record("checkout-api.yaml")).expect("write");
    std::fs::write(
        repo.join(".pre-commit-config.yaml"),
        format!("repos:\n  - repo: {}\n    rev: {head}\n    hooks:\n      - id: shipwise-check\n", checkout.display()),
    )
    .expect("write");
    git(&repo, &["add", "."]);

    let hook = |repo: &Path| {
        run(Command::new(&pre_commit)
            .args(["run", "--all-files", "--color", "never"])
            .current_dir(repo)
            .env("PRE_COMMIT_HOME", tmp().join("pre-commit-home"))
            .env("CARGO_TARGET_DIR", tmp().join("pre-commit-target")))
    };
    let good = hook(&repo);
    let good_out = String::from_utf8_lossy(&good.stdout).to_string() + &String::from_utf8_lossy(&good.stderr);
    assert!(good.status.success(), "the hook should pass a good decision:\n{good_out}");
    assert!(good_out.contains("shipwise check") && good_out.contains("Passed"), "{good_out}");

    // ECS on Fargate for GPU transcoding is ruled out: the hook must fail and say why.
    std::fs::write(repo.join("decisions/0002.md"), record("video-transcoding.yaml")).expect("write");
    git(&repo, &["add", "."]);
    let bad = hook(&repo);
    let bad_out = String::from_utf8_lossy(&bad.stdout).to_string() + &String::from_utf8_lossy(&bad.stderr);
    assert!(!bad.status.success(), "the hook should fail a bad decision:\n{bad_out}");
    assert!(bad_out.contains("fargate-no-gpu") && bad_out.contains("1 fail"), "{bad_out}");
}
