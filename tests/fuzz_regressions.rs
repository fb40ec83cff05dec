//! The fuzz targets' properties (fuzz/src/properties.rs), run by `cargo test` on every seed the
//! fuzzers start from (the repository's own workloads, packs, records and cases) and on every
//! minimised crasher kept in fuzz/regressions/TARGET/, so that what fuzzing found stays fixed.

#[path = "../fuzz/src/properties.rs"]
mod properties;

use std::path::Path;

/// Runs `property` on every file under the folders (recursively), naming the file on failure.
fn replay(property: fn(&[u8]), folders: &[&str]) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut pending: Vec<std::path::PathBuf> = folders.iter().map(|f| root.join(f)).collect();
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries {
            let path = entry.expect("an entry").path();
            if path.is_dir() { pending.push(path) } else { files.push(path) }
        }
    }
    for file in &files {
        let data = std::fs::read(file).expect("readable");
        if std::panic::catch_unwind(|| property(&data)).is_err() {
            panic!("the property fails on {}", file.display());
        }
    }
    files.len()
}

#[test]
fn workloads_hold_the_workload_properties() {
    assert!(replay(properties::workload, &["examples/workloads", "fuzz/regressions/workload"]) >= 13);
}

#[test]
fn packs_hold_the_pack_properties() {
    assert!(replay(properties::pack, &["rules", "examples/org-pack", "fuzz/regressions/pack"]) >= 15);
}

#[test]
fn records_hold_the_record_properties() {
    assert!(replay(properties::record, &["examples/decisions", "fuzz/regressions/record"]) >= 5);
}

#[test]
fn configurations_hold_the_config_properties() {
    assert!(replay(properties::config, &["fuzz/seeds/config", "fuzz/regressions/config"]) >= 2);
}

#[test]
fn case_files_hold_the_cases_properties() {
    assert!(replay(properties::cases, &["rules/tests", "examples/org-pack/tests", "fuzz/regressions/cases"]) >= 11);
}

#[test]
fn hostile_inputs_hold_every_property() {
    let hostile = "name: \"x\\n::error::y\\e]0;PWNED\\a\"\nteam:\n  \"\\r::warning::z\\u009b\": 1\n";
    properties::workload(hostile.as_bytes());
    properties::pack(
        format!(
            "rules:\n  - {{ id: a, title: {:?}, note: n, because: b, source: https://x, reviewed: 2026-01-01 }}\n",
            "t\n::error::x\u{1b}[2J"
        )
        .as_bytes(),
    );
    properties::record(b"---\nshipwise:\n  platform: \"::error::x\\n\"\n  workload: { name: \"\\u2028\" }\n---\n");
    properties::config(b"rules: [\"\\n::error::x\"]\ncheck: { tolerance: -1 }\n");
    properties::cases(b"cases:\n  - name: \"a\\r\\n::error::b\"\n    workload: {}\n    expect: { top: \"\\e[2J\" }\n");
}
