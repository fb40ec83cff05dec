//! `shipwise completions SHELL`: a completion script generated from the command line's definition,
//! with the platform and rule ids of the rules in force (the embedded pack, plus `--rules`) as the
//! values of the arguments that take them.

use anyhow::Result;
use clap::CommandFactory;
use clap::builder::{PossibleValue, PossibleValuesParser};

use super::{Outcome, write_stdout};
use crate::cli::Cli;
use crate::ruleset::RuleSet;

/// Prints the completion script for a shell.
pub(super) fn run(rules: &RuleSet, shell: clap_complete::Shell) -> Result<Outcome> {
    let mut command = with_ids(Cli::command(), rules);
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "shipwise", &mut script);
    write_stdout(&String::from_utf8_lossy(&script))?;
    Ok(Outcome::Done)
}

/// The command tree with platform ids offered for `PLATFORM` arguments and rule ids for `ID`
/// (`rules show`). Only the completion script sees these: parsing keeps its own messages, which
/// name the known ids with a suggestion.
fn with_ids(command: clap::Command, rules: &RuleSet) -> clap::Command {
    let platforms: Vec<String> = rules.platforms.iter().map(|p| p.id.clone()).collect();
    let rule_ids: Vec<String> = rules.rules.iter().map(|r| r.id.clone()).collect();
    offer(command, &platforms, &rule_ids)
}

fn offer(command: clap::Command, platforms: &[String], rules: &[String]) -> clap::Command {
    let names: Vec<String> = command
        .get_arguments()
        .filter_map(|a| a.get_value_names().map(|v| (a.get_id().to_string(), v)))
        .filter_map(|(id, values)| values.iter().any(|v| v == "PLATFORM" || v == "ID").then_some(id))
        .collect();
    let mut command = command;
    for id in names {
        command = command.mut_arg(id, |arg| {
            let is_platform = arg.get_value_names().is_some_and(|v| v.iter().any(|n| n == "PLATFORM"));
            let values = if is_platform { platforms } else { rules };
            arg.value_parser(PossibleValuesParser::new(values.iter().map(|v| PossibleValue::new(v.clone()))))
        });
    }
    let subcommands: Vec<String> = command.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in subcommands {
        command = command.mut_subcommand(name, |sub| offer(sub, platforms, rules));
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_offers_every_platform_and_rule_id() {
        let rules = crate::embedded::default_rules();
        let mut command = with_ids(Cli::command(), &rules);
        let mut script = Vec::new();
        clap_complete::generate(clap_complete::Shell::Bash, &mut command, "shipwise", &mut script);
        let script = String::from_utf8(script).expect("UTF-8");
        for platform in &rules.platforms {
            assert!(script.contains(&platform.id), "{} missing", platform.id);
        }
        assert!(script.contains(&rules.rules[0].id));
    }
}
