//! Helpers shared by the CLI test files: run the binary as a user would, with a fixed width and
//! no colour, from the repository root.

#![allow(dead_code, reason = "each test file uses the helpers it needs")]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The binary, run from the repository root at a fixed width, without CI-only variables.
pub fn shipwise() -> Command {
    let mut cmd = Command::cargo_bin("shipwise").expect("the binary is built");
    cmd.env("COLUMNS", "100")
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_STEP_SUMMARY")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Runs shipwise and returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let output = shipwise().args(args).output().expect("shipwise runs");
    (
        output.status.code().expect("exited normally, not by a signal"),
        String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    )
}

/// An empty scratch folder under target/ for files a test writes.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}
