//! shipwise: explainable advice on where containers should run on AWS.
//!
//! Rule packs (YAML) describe platforms, criteria, the fact catalog and rules; a workload holds a
//! team's answers. [`ruleset::RuleSet::load`] validates packs, [`workload::Workload::parse`] reads a
//! workload, and [`engine::evaluate`] ranks the platforms, a pure function that records every
//! contribution to every score. `report` names the result and `render` prints it.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod calibration;
pub mod cases;
pub mod catalog;
pub mod check;
pub mod cli;
pub mod commands;
pub mod condition;
pub mod config;
pub mod cost;
pub mod decision;
pub mod embedded;
pub mod engine;
pub mod error;
pub mod escape;
pub mod evaluation;
pub mod fence;
pub mod lint;
pub mod pack;
pub mod portfolio;
pub mod prompt;
pub mod questionnaire;
pub mod render;
pub mod report;
pub mod robustness;
pub mod ruleset;
pub mod schema;
pub mod sensitivity;
pub mod terminal;
pub mod workload;
pub mod yaml;

#[cfg(test)]
mod testing;

pub use engine::evaluate;
pub use evaluation::Evaluation;
pub use ruleset::RuleSet;
pub use workload::Workload;
