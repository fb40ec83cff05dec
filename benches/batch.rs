//! `cargo bench --bench batch`: generates N varied workload files (10,000 and 100,000 by default,
//! or the counts given as arguments) under target/, then runs the release binary's `batch` on
//! them in JSON Lines and in the table format, and reports wall time, throughput and peak memory
//! (the child's VmHWM, read from /proc while it runs).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use shipwise::catalog::FactId;
use shipwise::sensitivity::candidate_values;
use shipwise::{RuleSet, Workload};

/// A small deterministic generator (xorshift), so every run writes the same files.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Writes `count` workloads, each stating a random third of the facts with random allowed values.
fn generate(rules: &RuleSet, dir: &Path, count: usize) {
    if dir.join(".complete").exists() {
        return;
    }
    let _ = std::fs::remove_dir_all(dir);
    let candidates = candidate_values(rules);
    let mut random = Random(0x5eed_cafe_f00d_1234);
    for i in 0..count {
        let mut workload = Workload::defaults(rules);
        workload.name = Some(format!("service-{i:06}"));
        for (fact, values) in candidates.iter().enumerate() {
            if !values.is_empty() && random.below(3) == 0 {
                workload.set(FactId(fact), values[random.below(values.len())]);
            }
        }
        let folder = dir.join(format!("team-{:03}", i % 100));
        std::fs::create_dir_all(&folder).expect("folder");
        std::fs::write(folder.join(format!("service-{i:06}.yaml")), workload.to_yaml(rules)).expect("write");
    }
    std::fs::write(dir.join(".complete"), "").expect("write");
}

/// Peak resident memory of a process so far, in KiB (VmHWM).
fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs the binary, discarding its output; returns the wall time and the peak memory in MiB.
fn measure(args: &[&str]) -> (Duration, f64) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_shipwise"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let mut peak = 0;
    loop {
        if let Some(kib) = peak_kib(child.id()) {
            peak = peak.max(kib);
        }
        if child.try_wait().expect("waits").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    (start.elapsed(), peak as f64 / 1024.0)
}

fn main() {
    let counts: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let counts = if counts.is_empty() { vec![10_000, 100_000] } else { counts };
    let rules = shipwise::embedded::default_rules();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-batch");
    println!(
        "{} cores; release binary; files generated under {}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        root.display()
    );
    for count in counts {
        let dir = root.join(count.to_string());
        generate(&rules, &dir, count);
        let path = dir.display().to_string();
        for format in ["jsonl", "csv", "table"] {
            // One warm-up run fills the page cache; then the best of three.
            measure(&["batch", &path, "--format", format]);
            let runs: Vec<(Duration, f64)> = (0..3).map(|_| measure(&["batch", &path, "--format", format])).collect();
            let best = runs.iter().map(|r| r.0).min().expect("three runs");
            let peak = runs.iter().map(|r| r.1).fold(0.0, f64::max);
            println!(
                "{count:>7} workloads  --format {format:<5}  wall {:>7.2} s  {:>8.0} workloads/s  peak {:>6.1} MiB",
                best.as_secs_f64(),
                count as f64 / best.as_secs_f64(),
                peak
            );
        }
    }
}
