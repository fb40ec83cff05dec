//! One file per subcommand: read inputs, evaluate, render, and say how it went. This module holds
//! what they share: loading the rule packs, choosing the style, and writing to stdout.

mod ask;
mod batch;
mod check;
mod completions;
pub mod config;
mod explain;
pub mod fence;
mod files;
pub use check::read_record;
pub use files::{read_bytes, read_source, read_source_as};
mod listing;
mod man;
mod recommend;
mod rules;
mod schema;
mod walk;
mod write;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::{Cli, ColorChoice, Command, GlobalArgs, RulesCommand};
use crate::config::Config;
use crate::embedded;
use crate::error::exit;
use crate::pack::Pack;
use crate::render::Style;
use crate::ruleset::RuleSet;
use crate::workload::Workload;

pub use ask::{record_text, saved_workload};

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
    let setup = Setup::resolve(&cli.global)?;
    // Each command loads the rules itself: lint and test report a broken pack instead of stopping.
    let rules = || setup.load();
    match cli.command {
        Command::Recommend(args) => recommend::run(&dated(rules()?, args.as_of.as_deref())?, &args, style),
        Command::Ask(args) => ask::run(&rules()?, &args, style),
        Command::Batch(args) => batch::run(&dated(rules()?, args.as_of.as_deref())?, &args, style),
        Command::Check(args) => check::run(&dated(rules()?, args.as_of.as_deref())?, &args, &setup, style),
        Command::Explain(args) => explain::run(&dated(rules()?, args.as_of.as_deref())?, &args, style),
        Command::Platforms(args) => listing::platforms(&rules()?, args.format, style),
        Command::Rules(RulesCommand::List(args)) => listing::rules(&rules()?, &args, style),
        Command::Rules(RulesCommand::Show(args)) => listing::show(&rules()?, &args.id, style),
        Command::Rules(RulesCommand::Lint(args)) => rules::lint(&setup, &args, style),
        Command::Rules(RulesCommand::Test(args)) => rules::test(&setup, &args, style),
        Command::Rules(RulesCommand::Calibrate(args)) => rules::calibrate(&rules()?, &args, style),
        Command::Schema(args) => schema::run(&rules()?, args.kind),
        Command::Completions(args) => completions::run(&rules()?, args.shell),
        Command::Man(args) => man::run(&args),
    }
}

/// The rules as of `--as-of`, when given.
fn dated(rules: RuleSet, as_of: Option<&str>) -> Result<RuleSet> {
    let Some(text) = as_of else { return Ok(rules) };
    let date = crate::date::Date::parse_start(text).ok_or_else(|| {
        anyhow::anyhow!("--as-of takes a date written YYYY-MM-DD (or YYYY-MM, or YYYY), not {text:?}")
    })?;
    Ok(rules.as_of(date))
}

/// A rule pack in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackRef {
    /// The pack embedded in the binary.
    Default,
    /// A folder of YAML files.
    Dir(PathBuf),
}

impl PackRef {
    /// Reads the pack.
    pub fn read(&self) -> Result<Pack, crate::error::Error> {
        match self {
            PackRef::Default => embedded::default_pack(),
            // A pack's files stay inside its project: a link planted in it leads nowhere else.
            PackRef::Dir(dir) => read_pack_dir(dir, &crate::fence::Fence::around(dir, false)),
        }
    }

    /// The name shown for it.
    pub fn name(&self) -> String {
        match self {
            PackRef::Default => "the default pack".into(),
            PackRef::Dir(dir) => dir.display().to_string(),
        }
    }

    /// Whether two refs name the same pack (folders compared after resolving links).
    fn same(&self, other: &PackRef) -> bool {
        match (self, other) {
            (PackRef::Default, PackRef::Default) => true,
            (PackRef::Dir(a), PackRef::Dir(b)) => {
                a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
            }
            _ => false,
        }
    }
}

/// The packs in force and the defaults of `.shipwise.yaml`, after flags had their say.
#[derive(Clone, Debug, Default)]
pub struct Setup {
    /// Packs, bottom first.
    pub packs: Vec<PackRef>,
    /// The configuration file's settings (all empty when there is none).
    pub config: Config,
}

impl Setup {
    /// Applies the flags on top of `.shipwise.yaml` (found in the current folder or a parent,
    /// unless `--config` names one or `--no-config` turns it off): `--rules` replaces the file's
    /// packs, `--no-default-rules` drops the default pack.
    pub fn resolve(global: &GlobalArgs) -> Result<Setup> {
        let config = if global.no_config {
            None
        } else if let Some(path) = &global.config {
            Some(Config::read(path)?)
        } else {
            let here = std::env::current_dir().context("cannot read the current folder to look for .shipwise.yaml")?;
            Config::discover(&here)?
        };
        let mut config = config.unwrap_or(Config { default_rules: true, ..Config::default() });
        // Messages name a configured pack's files relative to where the command runs.
        if let Ok(here) = std::env::current_dir() {
            for dir in config.rules.iter_mut().filter(|dir| dir.is_absolute()) {
                let shown = files::relative(&here, dir);
                *dir = PathBuf::from(if shown.is_empty() { ".".to_string() } else { shown });
            }
        }
        let dirs = if global.rules.is_empty() { config.rules.clone() } else { global.rules.clone() };
        let mut packs = Vec::new();
        if config.default_rules && !global.no_default_rules {
            packs.push(PackRef::Default);
        }
        // The same folder named twice is one pack, not a pack clashing with itself.
        for dir in dirs.into_iter().map(PackRef::Dir) {
            if !packs.iter().any(|p| p.same(&dir)) {
                packs.push(dir);
            }
        }
        if packs.is_empty() {
            anyhow::bail!(
                "--no-default-rules leaves no rules; name a pack with --rules DIR (or under `rules:` in .shipwise.yaml)"
            );
        }
        Ok(Setup { packs, config })
    }

    /// The packs `dir` is layered on, and `dir` last: the packs in force up to `dir` when it is
    /// one of them (those above it stay out), or all of them with `dir` on top.
    pub fn with_top(&self, dir: &std::path::Path) -> Vec<PackRef> {
        let top = PackRef::Dir(dir.to_path_buf());
        match self.packs.iter().position(|p| p.same(&top)) {
            Some(at) => self.packs[..at].iter().cloned().chain([top]).collect(),
            None => self.packs.iter().cloned().chain([top]).collect(),
        }
    }

    /// Loads and validates the rules in force (the default pack alone comes precompiled).
    pub fn load(&self) -> Result<RuleSet> {
        load_packs(&self.packs)
    }
}

/// Loads packs into a rule set; the default pack alone comes precompiled.
pub fn load_packs(packs: &[PackRef]) -> Result<RuleSet> {
    // The default pack alone is not read at all: load_read takes it precompiled.
    let read = if packs == [PackRef::Default] {
        Vec::new()
    } else {
        packs.iter().map(PackRef::read).collect::<Result<Vec<_>, _>>()?
    };
    load_read(packs, &read)
}

/// Validates packs already read (`read[i]` is `packs[i]`); the default pack alone comes precompiled.
pub fn load_read(packs: &[PackRef], read: &[Pack]) -> Result<RuleSet> {
    if packs == [PackRef::Default] {
        return Ok(embedded::default_rules());
    }
    Ok(RuleSet::load(read)?)
}

fn style(global: &GlobalArgs) -> Style {
    let color = match global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
        }
    };
    // COLUMNS wins (tests set it); then the terminal's own width. Output to a file or a pipe is
    // not wrapped at all: wrapping is for a person at a terminal, and a line broken at a width
    // would split what a script or a CI log searches for.
    let terminal = || std::io::stdout().is_terminal().then(|| crossterm::terminal::size().ok()).flatten();
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| terminal().map(|(columns, _)| columns))
        .map_or(u16::MAX, |w: u16| w.max(40));
    Style { color, width }
}

/// Reads and validates a workload file against the rules in force.
fn read_workload(path: &std::path::Path, rules: &RuleSet) -> Result<Workload> {
    let source = crate::commands::read_source(path)?;
    Ok(Workload::parse(&source, rules)?)
}

/// An error chain as one text, the way `{:#}` shows it (`context: cause`), with every part from
/// input escaped: a problem in a file keeps its `file:line:column: message` lines (escaped by
/// [`crate::error::Diagnostic`]), other causes are escaped whole.
pub fn error_text(err: &anyhow::Error) -> String {
    let parts: Vec<String> = err
        .chain()
        .map(|cause| match cause.downcast_ref::<crate::error::Error>() {
            Some(invalid) => invalid.to_string(),
            None => crate::escape::escape(&cause.to_string()).into_owned(),
        })
        .collect();
    parts.join(": ")
}

/// Writes the whole output at once. A closed pipe (`| head`) is not an error.
fn write_stdout(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    let text = crate::escape::output(text);
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other.context("cannot write to standard output")?),
    }
}

// The command line's formats, as the renderers know them.
impl From<crate::cli::Format> for crate::render::Format {
    fn from(format: crate::cli::Format) -> Self {
        use crate::cli::Format as Cli;
        match format {
            Cli::Table => Self::Table,
            Cli::Json => Self::Json,
            Cli::Yaml => Self::Yaml,
            Cli::Markdown => Self::Markdown,
        }
    }
}

impl From<crate::cli::CheckFormat> for crate::render::formats::CheckFormat {
    fn from(format: crate::cli::CheckFormat) -> Self {
        use crate::cli::CheckFormat as Cli;
        match format {
            Cli::Text => Self::Text,
            Cli::Json => Self::Json,
            Cli::Junit => Self::Junit,
            Cli::Sarif => Self::Sarif,
            Cli::Github => Self::Github,
            Cli::Markdown => Self::Markdown,
        }
    }
}

impl From<crate::cli::CalibrateFormat> for crate::render::formats::CalibrateFormat {
    fn from(format: crate::cli::CalibrateFormat) -> Self {
        use crate::cli::CalibrateFormat as Cli;
        match format {
            Cli::Text => Self::Text,
            Cli::Json => Self::Json,
            Cli::Markdown => Self::Markdown,
        }
    }
}

impl From<crate::cli::LintFormat> for crate::render::formats::LintFormat {
    fn from(format: crate::cli::LintFormat) -> Self {
        use crate::cli::LintFormat as Cli;
        match format {
            Cli::Text => Self::Text,
            Cli::Json => Self::Json,
        }
    }
}

impl From<crate::cli::TestFormat> for crate::render::formats::TestFormat {
    fn from(format: crate::cli::TestFormat) -> Self {
        use crate::cli::TestFormat as Cli;
        match format {
            Cli::Text => Self::Text,
            Cli::Json => Self::Json,
            Cli::Junit => Self::Junit,
        }
    }
}

/// Reads every `*.yaml` and `*.yml` file directly inside `dir`, each inside `fence` (a link
/// out of the project is refused), at most [`crate::pack::MAX_PACK_FILES`] of them and [`crate::pack::MAX_PACK_BYTES`]
/// in all.
pub fn read_pack_dir(dir: &std::path::Path, fence: &crate::fence::Fence) -> Result<Pack, crate::error::Error> {
    use crate::error::{Error, Location};
    use std::sync::Arc;
    let name = std::sync::Arc::from(dir.display().to_string());
    let entries = std::fs::read_dir(dir).map_err(|err| {
        let message = match err.kind() {
            std::io::ErrorKind::NotFound => "no such rule-pack folder; check the path".to_string(),
            std::io::ErrorKind::NotADirectory => "is not a folder; --rules takes a folder of *.yaml files".to_string(),
            _ => format!("cannot be read: {err}"),
        };
        Error::at(Location::file(&name), message)
    })?;
    let mut sources = Vec::new();
    let mut bytes = 0;
    for entry in entries {
        let path = entry.map_err(|err| Error::at(Location::file(&name), format!("cannot be read: {err}")))?.path();
        // Hidden files (such as a .shipwise.yaml kept beside the pack) are not pack files.
        let hidden = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
        let is_yaml = !hidden && path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml");
        if !is_yaml || !(path.is_file() || path.is_symlink()) {
            continue;
        }
        let shown = Arc::from(path.display().to_string());
        fence.admit(&path).map_err(|message| Error::at(Location::file(&shown), message))?;
        if sources.len() == crate::pack::MAX_PACK_FILES {
            return Err(Error::at(
                Location::file(&name),
                format!(
                    "holds more than {} *.yaml files; a rule pack is a few files, one topic a file",
                    crate::pack::MAX_PACK_FILES
                ),
            ));
        }
        let source = read_source(&path)?;
        bytes += source.text.len();
        if bytes > crate::pack::MAX_PACK_BYTES {
            return Err(Error::at(
                Location::file(&name),
                format!(
                    "holds more than {} MiB of YAML; shipwise reads packs up to that size",
                    crate::pack::MAX_PACK_BYTES >> 20
                ),
            ));
        }
        sources.push(source);
    }
    if sources.is_empty() {
        return Err(Error::at(Location::file(&name), "holds no *.yaml files; a rule pack is a folder of YAML files"));
    }
    Pack::parse(sources)
}
