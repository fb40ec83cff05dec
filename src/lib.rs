//! shipwise: explainable advice on where containers should run on AWS.
//!
//! Rule packs (YAML) describe platforms, criteria, the fact catalog and rules; a workload holds a
//! team's answers. [`ruleset::RuleSet::load`] validates packs, [`workload::Workload::parse`] reads a
//! workload, and [`engine::evaluate`] ranks the platforms, a pure function that records every
//! contribution to every score. `report` names the result and `render` prints it.
#![warn(clippy::print_stdout, clippy::print_stderr)]
#![warn(unreachable_pub)]

// The stages, in the order data flows through them.
pub mod analysis;
mod ask;
pub mod check;
pub mod commands;
pub mod engine;
pub mod load;
pub mod packs;
pub mod render;
pub mod report;
pub mod workload;

pub mod cli;
pub mod embedded;
pub mod error;

// Short paths to the modules every stage uses, so that `crate::ruleset` (and the same paths in
// build.rs, which compiles `load/` on its own) mean one thing wherever they are written.
pub use analysis::{calibration, robustness, sensitivity};
pub(crate) use ask::{flow as questionnaire, keys as prompt, terminal};
pub use check::decision;
pub use commands::{config, fence};
pub use engine::{cost, evaluation};
pub use load::{catalog, condition, date, pack, ruleset, yaml};
pub use packs::{cases, lint};
pub use render::escape;
pub use report::{portfolio, schema};

#[cfg(test)]
mod testing;

pub use engine::evaluate;
pub use evaluation::Evaluation;
pub use ruleset::RuleSet;
pub use workload::Workload;
