//! `shipwise schema workload|decision|cases`: the JSON Schema of a workload file, a decision record
//! or a pack's test-case file, built from the rules in force, printed for editors.

use anyhow::{Context, Result};

use super::{Outcome, write_stdout};
use crate::cli::SchemaKind;
use crate::ruleset::RuleSet;
use crate::schema::{cases_schema, decision_schema, workload_schema};

/// Prints the schema as pretty JSON.
pub(super) fn run(rules: &RuleSet, kind: SchemaKind) -> Result<Outcome> {
    let schema = match kind {
        SchemaKind::Workload => workload_schema(rules),
        SchemaKind::Decision => decision_schema(rules),
        SchemaKind::Cases => cases_schema(rules),
    };
    let mut text = serde_json::to_string_pretty(&schema).context("cannot write the schema as JSON")?;
    text.push('\n');
    write_stdout(&crate::escape::json(text))?;
    Ok(Outcome::Done)
}
