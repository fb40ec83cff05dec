//! The `shipwise` binary: parse arguments, run the command, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;
use shipwise::cli::Cli;
use shipwise::commands;
use shipwise::error::exit;

fn main() -> ExitCode {
    match commands::run(Cli::parse()) {
        Ok(outcome) => outcome.exit_code(),
        Err(err) => report(&err),
    }
}

/// Prints an error chain as `error: …` on stderr and returns the bad-input exit code.
fn report(err: &anyhow::Error) -> ExitCode {
    #[allow(clippy::print_stderr, reason = "the one place the binary reports an error")]
    {
        eprintln!("error: {}", commands::error_text(err));
    }
    ExitCode::from(exit::BAD_INPUT)
}
