//! Embeds the default rule pack (every `rules/*.yaml` file) in the binary, and validates and
//! compiles it into a `RuleSet` here, once, so that the binary starts without parsing YAML and a
//! broken default pack fails the build with file:line:column. It compiles `src/load/` (with the
//! three files those modules use, below) as modules of its own: they must not use the rest of the
//! crate, or this script stops compiling.

#![allow(dead_code, reason = "the build script shares the crate's loading modules but not all their uses")]

#[path = "src/load/catalog.rs"]
mod catalog;
#[path = "src/load/condition.rs"]
mod condition;
#[path = "src/load/date.rs"]
mod date;
#[path = "src/error.rs"]
mod error;
#[path = "src/render/escape.rs"]
mod escape;
#[path = "src/commands/fence.rs"]
mod fence;
#[path = "src/load/pack.rs"]
mod pack;
#[path = "src/load/ruleset.rs"]
mod ruleset;
#[path = "src/load/yaml.rs"]
mod yaml;

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed=rules");
    for module in [
        "load/catalog",
        "load/condition",
        "load/date",
        "load/pack",
        "load/ruleset",
        "load/yaml",
        "error",
        "render/escape",
        "commands/fence",
    ] {
        println!("cargo:rerun-if-changed=src/{module}.rs");
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("rules"))
        .expect("the rules/ folder exists")
        .map(|entry| entry.expect("rules/ is readable").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml"))
        .collect();
    files.sort();

    let mut code = String::from("&[\n");
    let mut sources = Vec::new();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = format!("<default>/{}", path.file_name().expect("a file name").to_string_lossy());
        writeln!(code, "    ({name:?}, include_str!({:?})),", path.display().to_string()).expect("writing to a String");
        sources.push(yaml::Source::new(&name, std::fs::read_to_string(path).expect("rules/*.yaml is UTF-8 text")));
    }
    code.push(']');
    std::fs::write(out.join("default_pack.rs"), code).expect("OUT_DIR is writable");

    // The pack's test cases, run by `shipwise rules test` (and by `cargo test`).
    println!("cargo:rerun-if-changed=rules/tests");
    let mut tests: Vec<PathBuf> = std::fs::read_dir(root.join("rules/tests"))
        .map(|entries| entries.filter_map(|entry| entry.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    tests.retain(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml"));
    tests.sort();
    let mut code = String::from("&[\n");
    for path in &tests {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = format!("<default>/tests/{}", path.file_name().expect("a file name").to_string_lossy());
        writeln!(code, "    ({name:?}, include_str!({:?})),", path.display().to_string()).expect("writing to a String");
    }
    code.push(']');
    std::fs::write(out.join("default_tests.rs"), code).expect("OUT_DIR is writable");

    let compiled = pack::Pack::parse(sources).and_then(|pack| ruleset::RuleSet::load(&[pack]));
    let rules = match compiled {
        Ok(rules) => rules,
        Err(err) => {
            for diagnostic in err.diagnostics() {
                println!("cargo:warning={}", diagnostic.to_string().replace("<default>/", "rules/"));
            }
            panic!("the default rule pack in rules/ is invalid; see the warnings above");
        }
    };
    let json = serde_json::to_string(&rules).expect("a RuleSet serialises");
    std::fs::write(out.join("default_rules.json"), json).expect("OUT_DIR is writable");
}
