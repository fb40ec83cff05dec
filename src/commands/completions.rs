//! `shipwise completions SHELL`: a completion script generated from the command line's definition.

use anyhow::Result;
use clap::CommandFactory;

use super::{Outcome, write_stdout};
use crate::cli::Cli;

/// Prints the completion script for a shell.
pub fn run(shell: clap_complete::Shell) -> Result<Outcome> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "shipwise", &mut script);
    write_stdout(&String::from_utf8_lossy(&script))?;
    Ok(Outcome::Done)
}
