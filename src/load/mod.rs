//! Stage 1, load: YAML in, rule packs merged and validated into the trusted [`ruleset::RuleSet`]
//! the engine accepts. These files are exactly what `build.rs` compiles (with `error.rs`,
//! `render/escape.rs` and `commands/fence.rs`, which they use) to validate the default pack at
//! build time; they may use nothing else of the crate.

pub mod catalog;
pub mod condition;
pub mod date;
pub mod pack;
pub mod ruleset;
pub mod yaml;
