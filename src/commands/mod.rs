//! One file per subcommand: read inputs, evaluate, render, and say how it went. This module holds
//! what they share: loading the rule packs, choosing the style, and writing to stdout.

mod ask;
mod batch;
mod check;
mod completions;
mod explain;
mod files;
mod listing;
mod man;
mod recommend;
mod schema;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::{Cli, ColorChoice, Command, GlobalArgs, RulesCommand};
use crate::embedded;
use crate::error::exit;
use crate::pack::Pack;
use crate::render::Style;
use crate::ruleset::RuleSet;
use crate::workload::Workload;
use crate::yaml::Source;

/// How a command ended, mapped to the public exit codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Done; nothing failed (exit 0).
    Done,
    /// A check failed (exit 1).
    CheckFailed,
    /// The person quit, or the terminal closed (exit 130).
    Interrupted,
    /// Some input could not be read, after a report was still written (exit 2).
    BadInput,
}

impl Outcome {
    /// The process exit code.
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Done => ExitCode::from(exit::DONE),
            Outcome::CheckFailed => ExitCode::from(exit::CHECK_FAILED),
            Outcome::Interrupted => ExitCode::from(exit::INTERRUPTED),
            Outcome::BadInput => ExitCode::from(exit::BAD_INPUT),
        }
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    let style = style(&cli.global);
    // Loaded only by the commands that use them: completions and the man page describe the
    // command line itself, and a broken --rules pack should not stop them.
    let rules = || load_rules(&cli.global);
    match cli.command {
        Command::Recommend(args) => recommend::run(&rules()?, &args, style),
        Command::Ask(args) => ask::run(&rules()?, &args, style),
        Command::Batch(args) => batch::run(&rules()?, &args, style),
        Command::Check(args) => check::run(&rules()?, &args, style),
        Command::Explain(args) => explain::run(&rules()?, &args, style),
        Command::Platforms(args) => listing::platforms(&rules()?, args.format, style),
        Command::Rules(RulesCommand::List(args)) => listing::rules(&rules()?, &args, style),
        Command::Rules(RulesCommand::Show(args)) => listing::show(&rules()?, &args.id, style),
        Command::Schema(args) => schema::run(&rules()?, args.kind),
        Command::Completions(args) => completions::run(args.shell),
        Command::Man(args) => man::run(&args),
    }
}

/// The default pack (unless switched off) with every `--rules` pack on top.
pub fn load_rules(global: &GlobalArgs) -> Result<RuleSet> {
    if global.rules.is_empty() {
        return Ok(embedded::default_rules());
    }
    let mut packs = Vec::new();
    if !global.no_default_rules {
        packs.push(embedded::default_pack()?);
    }
    for dir in &global.rules {
        packs.push(Pack::read_dir(dir)?);
    }
    Ok(RuleSet::load(&packs)?)
}

fn style(global: &GlobalArgs) -> Style {
    let color = match global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
        }
    };
    // COLUMNS wins (tests set it); then the terminal's own width; then 100 for files and pipes.
    let terminal = || std::io::stdout().is_terminal().then(|| crossterm::terminal::size().ok()).flatten();
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| terminal().map(|(columns, _)| columns))
        .filter(|w| *w >= 40)
        .unwrap_or(100);
    Style { color, width }
}

/// Reads and validates a workload file against the rules in force.
fn read_workload(path: &std::path::Path, rules: &RuleSet) -> Result<Workload> {
    let source = Source::read(path)?;
    Ok(Workload::parse(&source, rules)?)
}

/// Writes the whole output at once. A closed pipe (`| head`) is not an error.
fn write_stdout(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other.context("cannot write to standard output")?),
    }
}
