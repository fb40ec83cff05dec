//! Bounded work: a hostile pack finishes in about a second or is refused, `batch --threads` takes
//! a sane number, a number of a million digits is "too long". The reproducers of issue 13, part 4.
//! The release binary takes well under a second on each pack below (README, Performance); this
//! debug build gets a generous bound that the quadratic code of before (minutes) did not meet.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{scratch, shipwise};

/// How long a debug build may take on a hostile pack.
const BOUND: Duration = Duration::from_secs(20);

/// Runs shipwise in `dir`, timing it; (exit code, stdout, stderr, elapsed).
fn timed(dir: &Path, args: &[&str]) -> (i32, String, String, Duration) {
    let started = Instant::now();
    let output = shipwise().current_dir(dir).args(args).timeout(BOUND * 3).output().expect("runs");
    let elapsed = started.elapsed();
    (
        output.status.code().expect("exited by itself, in time"),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        elapsed,
    )
}

/// `count` rules in files of at most 9,000 (each file stays under 1 MiB), named `prefix0`...
fn rules_pack(dir: &Path, count: usize, when: impl Fn(usize) -> String) -> PathBuf {
    std::fs::create_dir_all(dir).expect("pack folder");
    for (file, start) in (0..count).step_by(9_000).enumerate() {
        let mut text = String::from("rules:\n");
        for i in start..count.min(start + 9_000) {
            text.push_str(&format!(
                "  - {{ id: r{i}, title: t,{} adjust: {{ ecs-ec2: 1 }}, because: b, source: \"https://x\", reviewed: 2026-01-01 }}\n",
                when(i)
            ));
        }
        std::fs::write(dir.join(format!("r{file}.yaml")), text).expect("pack file");
    }
    dir.to_path_buf()
}

#[test]
fn sixty_thousand_unknown_ids_under_disable_on_a_large_pack() {
    let dir = scratch("bounded-disable");
    rules_pack(&dir.join("big"), 36_000, |_| String::new());
    std::fs::create_dir_all(dir.join("top")).expect("folder");
    let ids: Vec<String> = (0..60_000).map(|i| format!("x{i}")).collect();
    std::fs::write(dir.join("top/d.yaml"), format!("disable: [{}]\n", ids.join(", "))).expect("pack");
    let (code, _, stderr, elapsed) = timed(&dir, &["--rules", "big", "--rules", "top", "rules", "list"]);
    assert_eq!(code, 2);
    assert!(elapsed < BOUND, "took {elapsed:?}");
    assert!(stderr.contains("and 59970 more problems in this file"), "{stderr}");
    assert!(stderr.lines().count() <= 31, "{stderr}");
}

#[test]
fn a_pack_of_36000_rules_loads_lints_and_explains_in_bounded_time() {
    let dir = scratch("bounded-rules");
    rules_pack(&dir.join("big"), 36_000, |_| String::new());
    std::fs::write(dir.join("w.yaml"), "name: w\n").expect("workload");
    for args in [
        &["--rules", "big", "rules", "list"][..],
        &["--rules", "big", "recommend", "w.yaml"],
        &["rules", "lint", "big"],
        &["--rules", "big", "explain", "w.yaml", "--what-if"],
    ] {
        let (code, _, stderr, elapsed) = timed(&dir, args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert!(elapsed < BOUND, "{args:?} took {elapsed:?}");
    }
    // The same id 9,000 times: one message per duplicate, found with a lookup, not a scan.
    std::fs::create_dir_all(dir.join("dups")).expect("folder");
    let rule =
        "  - { id: same, title: t, adjust: { ecs-ec2: 1 }, because: b, source: \"https://x\", reviewed: 2026-01-01 }\n";
    std::fs::write(dir.join("dups/r.yaml"), format!("rules:\n{}", rule.repeat(9_000))).expect("pack");
    let (_, _, _, elapsed) = timed(&dir, &["--rules", "dups", "rules", "list"]);
    assert!(elapsed < BOUND, "took {elapsed:?}");
}

#[test]
fn what_if_over_1500_facts_stops_at_its_limit_and_says_so() {
    let dir = scratch("bounded-what-if");
    std::fs::create_dir_all(dir.join("facts")).expect("folder");
    let mut text = String::from("facts:\n");
    for i in 0..1_500 {
        text.push_str(&format!(
            "  - {{ id: f.q{i}, type: enum, values: {{ a: A, b: B, c: C }}, default: a, prompt: Q }}\n"
        ));
    }
    text.push_str("rules:\n");
    for i in 0..1_500 {
        text.push_str(&format!(
            "  - {{ id: r{i}, title: t, when: {{ f.q{i}: b }}, adjust: {{ eks-distro: 3 }}, because: b, source: \"https://x\", reviewed: 2026-01-01 }}\n"
        ));
    }
    std::fs::write(dir.join("facts/f.yaml"), text).expect("pack");
    std::fs::write(dir.join("w.yaml"), "name: w\n").expect("workload");
    let (code, stdout, stderr, elapsed) = timed(&dir, &["--rules", "facts", "explain", "w.yaml", "--what-if"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(elapsed < BOUND, "took {elapsed:?}");
    assert!(
        stdout.contains("The search stopped after ") && stdout.contains(" changes of one or two answers"),
        "{stdout}"
    );
    let (_, json, _, _) = timed(&dir, &["--rules", "facts", "explain", "w.yaml", "--what-if", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert!(report["search_stopped"]["tried"].as_u64() < report["search_stopped"]["combinations"].as_u64());
    // The default pack is searched in full, and says nothing of a limit.
    let (_, json, _, _) = timed(&dir, &["explain", "w.yaml", "--what-if", "--format", "json"]);
    assert!(!json.contains("search_stopped"), "{json}");
}

#[test]
fn a_number_fact_compared_with_6000_bounds_stays_quick() {
    let dir = scratch("bounded-bounds");
    rules_pack(&dir.join("bounds"), 6_000, |i| {
        format!(" when: {{ requirements.max_task_vcpu: {{ gt: {} }} }},", 1.0 + i as f64 / 100.0)
    });
    std::fs::write(dir.join("w.yaml"), "name: w\n").expect("workload");
    for args in
        [&["--rules", "bounds", "recommend", "w.yaml"][..], &["--rules", "bounds", "explain", "w.yaml", "--what-if"]]
    {
        let (code, _, stderr, elapsed) = timed(&dir, args);
        assert_eq!(code, 0, "{stderr}");
        assert!(elapsed < BOUND, "{args:?} took {elapsed:?}");
    }
}

#[test]
fn packs_are_bounded_in_files_and_bytes() {
    let dir = scratch("bounded-pack-size");
    std::fs::create_dir_all(dir.join("many")).expect("folder");
    for i in 0..201 {
        std::fs::write(dir.join(format!("many/f{i:03}.yaml")), "criteria: []\n").expect("file");
    }
    let (code, _, stderr, _) = timed(&dir, &["--rules", "many", "rules", "list"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("many: holds more than 200 *.yaml files"), "{stderr}");
    std::fs::create_dir_all(dir.join("large")).expect("folder");
    let filler = format!("# {}\n", "x".repeat(1000)).repeat(1000);
    for i in 0..5 {
        std::fs::write(dir.join(format!("large/f{i}.yaml")), format!("{filler}criteria: []\n")).expect("file");
    }
    let (code, _, stderr, _) = timed(&dir, &["--rules", "large", "rules", "list"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("large: holds more than 4 MiB of YAML"), "{stderr}");
}

#[test]
fn batch_threads_are_bounded() {
    for threads in ["0", "257", "20000", "18446744073709551615"] {
        let (code, _, stderr, _) =
            timed(Path::new(env!("CARGO_MANIFEST_DIR")), &["batch", "examples/workloads", "--threads", threads]);
        assert_eq!(code, 2, "--threads {threads}");
        assert!(stderr.contains("--threads"), "{stderr}");
    }
    let (code, _, _, _) =
        timed(Path::new(env!("CARGO_MANIFEST_DIR")), &["batch", "examples/workloads", "--threads", "256"]);
    assert_eq!(code, 0);
}

#[test]
fn a_number_of_a_million_digits_is_too_long() {
    let dir = scratch("bounded-number");
    std::fs::write(dir.join("w.yaml"), format!("workload:\n  services: {}\n", "9".repeat(1_000_000 - 100)))
        .expect("file");
    let (code, stdout, stderr, _) = timed(&dir, &["recommend", "w.yaml"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr,
        "error: w.yaml:2:13: this number is 999900 characters long; shipwise reads numbers of up to 400 characters\n"
    );
    // Every finite number is written in fewer: the largest still reads.
    std::fs::write(dir.join("w.yaml"), format!("size:\n  average_tasks: {}\n", f64::MAX)).expect("file");
    let (_, _, stderr, _) = timed(&dir, &["recommend", "w.yaml"]);
    assert!(!stderr.contains("characters long"), "{stderr}");
}
