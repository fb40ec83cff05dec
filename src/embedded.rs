//! The default rule pack, embedded in the binary twice: as its YAML files (the base on which
//! `--rules` packs are layered) and as the `RuleSet` that build.rs validated and compiled from
//! them, so that a plain run starts without parsing YAML (see the README's Performance section).

use crate::error::Error;
use crate::pack::Pack;
use crate::ruleset::RuleSet;
use crate::yaml::Source;

/// The default pack's files: (name shown in messages, YAML text).
const DEFAULT_PACK: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/default_pack.rs"));

/// The default pack's test cases: (name shown in messages, YAML text).
const DEFAULT_TESTS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/default_tests.rs"));

/// The default pack validated at build time, as JSON.
const COMPILED: &str = include_str!(concat!(env!("OUT_DIR"), "/default_rules.json"));

/// The default pack's files, parsed (for layering other packs on top).
pub fn default_pack() -> Result<Pack, Error> {
    Pack::parse(DEFAULT_PACK.iter().map(|(name, text)| Source::new(name, *text)).collect())
}

/// The default pack's test cases (`rules/tests/*.yaml`), unparsed.
pub fn default_tests() -> Vec<Source> {
    DEFAULT_TESTS.iter().map(|(name, text)| Source::new(name, *text)).collect()
}

/// The default rules, as validated at build time.
pub fn default_rules() -> RuleSet {
    serde_json::from_str(COMPILED).expect("build.rs wrote this from the validated default pack")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_rules_equal_the_rules_loaded_from_yaml() {
        let compiled = serde_json::to_string(&default_rules()).expect("serialises");
        let fresh = RuleSet::load(&[default_pack().expect("parses")]).expect("valid");
        assert_eq!(compiled, serde_json::to_string(&fresh).expect("serialises"));
    }
}
