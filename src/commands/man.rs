//! `shipwise man`: the man page (roff) generated from the command line's definition, on stdout or
//! as one page per command in a folder.

use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_mangen::Man;

use super::write::{Replace, write_file};
use super::{Outcome, write_stdout};
use crate::cli::{Cli, ManArgs};

/// Prints the page of `shipwise`, or writes every command's page into `--dir`.
pub(super) fn run(args: &ManArgs) -> Result<Outcome> {
    // The `help` subcommand would get a page of its own; `--help` is on every page already.
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    match &args.dir {
        None => write_stdout(&render(&Man::new(command))?)?,
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            write_pages(&command, dir)?;
        }
    }
    Ok(Outcome::Done)
}

/// Writes the page of `command` and of each of its subcommands, `shipwise-rules-list.1` style.
fn write_pages(command: &clap::Command, dir: &Path) -> Result<()> {
    let man = Man::new(command.clone());
    // A page of an earlier install may be replaced; a link or a read-only file may not.
    write_file(&dir.join(man.get_filename()), &render(&man)?, Replace::Output(&[]))?;
    for subcommand in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(subcommand, dir)?;
    }
    Ok(())
}

fn render(man: &Man) -> Result<String> {
    let mut page = Vec::new();
    man.render(&mut page).context("cannot render the man page")?;
    Ok(String::from_utf8_lossy(&page).into_owned())
}
