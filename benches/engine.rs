//! `cargo bench`: how long the engine's steps take (load the embedded pack, parse a workload,
//! evaluate), measured with a plain timing loop so no benchmark framework is needed. Prints the
//! median and the fastest of several rounds per step.

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use shipwise::{RuleSet, Workload, evaluate};

/// Runs `step` in rounds of `per_round` calls, prints the median and best time per call, and
/// returns the median.
fn measure<T>(name: &str, per_round: u32, mut step: impl FnMut() -> T) -> Duration {
    let rounds = 15;
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..per_round {
                black_box(step());
            }
            start.elapsed() / per_round
        })
        .collect();
    times.sort();
    println!(
        "{name:<40} median {:>10.2?}   best {:>10.2?}   ({rounds} rounds x {per_round})",
        times[rounds / 2],
        times[0]
    );
    times[rounds / 2]
}

fn main() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/workloads/checkout-api.yaml");
    let source = shipwise::commands::read_source(&example).expect("example is readable");
    let rules = shipwise::embedded::default_rules();
    let workload = Workload::parse(&source, &rules).expect("example is valid");

    measure("parse embedded pack YAML (with --rules)", 20, || shipwise::embedded::default_pack().expect("valid"));
    let pack = shipwise::embedded::default_pack().expect("valid");
    measure("validate pack into a RuleSet", 50, || RuleSet::load(std::slice::from_ref(&pack)).expect("valid"));
    measure("load compiled default rules", 200, shipwise::embedded::default_rules);
    measure("parse + validate one workload", 2_000, || Workload::parse(&source, &rules).expect("valid"));
    measure("evaluate one workload", 100_000, || evaluate(&rules, &workload));
    measure("  of which: test every rule's condition", 100_000, || {
        rules.rules.iter().filter(|rule| rule.when.holds(&workload.values)).count()
    });

    measure("what-if: every change of one or two answers", 20, || {
        shipwise::sensitivity::tipping_points(&rules, &workload)
    });
    measure("the assumptions worth answering", 200, || shipwise::sensitivity::open_questions(&rules, &workload));
    measure("robustness: 1,000 weight samples", 20, || {
        shipwise::robustness::robustness(&rules, &workload, shipwise::robustness::Sampling::default())
    });

    // Rule packs as code: the default pack's own test cases, and lint's checks.
    let case_sources = shipwise::embedded::default_tests();
    let cases = shipwise::cases::read(&case_sources, &rules).expect("the default cases are valid");
    measure("rules test: read the default cases", 20, || shipwise::cases::read(&case_sources, &rules).expect("valid"));
    measure("rules test: run them", 20, || shipwise::cases::run(&rules, &cases));
    let files = pack.files.iter().map(|f| std::sync::Arc::clone(&f.source.name)).collect();
    measure("rules test: coverage of rules and values", 5, || shipwise::cases::coverage(&rules, &cases, &files));
    let options = shipwise::lint::Options {
        today: shipwise::date::Date::parse("2026-11-27").expect("a date"),
        max_age_months: 18,
    };
    measure("rules lint: the default pack", 20, || shipwise::lint::lint(std::slice::from_ref(&pack), &options));

    // The whole process, against the floor of starting the binary at all.
    let bin = env!("CARGO_BIN_EXE_shipwise");
    let run = |args: &[&str]| {
        let output = Command::new(bin).args(args).output().expect("the binary runs");
        assert!(output.status.success());
    };
    let floor = measure("process: shipwise --version", 20, || run(&["--version"]));
    let example = example.to_str().expect("a UTF-8 path");
    let whole = measure("process: shipwise recommend (table)", 20, || run(&["recommend", example]));
    println!("{:<40} {:.2}x (target: at most 2x)", "recommend / --version", whole.as_secs_f64() / floor.as_secs_f64());
}
