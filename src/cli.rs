//! Command-line arguments (clap derive types only). `commands` turns them into domain values once.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXIT_CODES: &str = "\
Exit codes:
  0  done; nothing failed
  1  a check failed
  2  bad input or usage (unreadable file, invalid YAML, unknown fact, bad rule pack, bad flag)";

/// Where should these containers run on AWS, and why?
///
/// shipwise ranks Amazon ECS and EKS, on EC2 or Fargate, ECS Managed Instances, EKS Auto Mode, EKS
/// Hybrid Nodes, EKS Anywhere, EKS Distro and ECS Anywhere for a workload profile, rules out what
/// cannot work, and cites the rule and public source behind every line.
#[derive(Debug, Parser)]
#[command(name = "shipwise", version, after_help = EXIT_CODES, max_term_width = 100)]
pub struct Cli {
    /// Global options.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options that every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// A rule-pack folder to load on top of the default pack (repeatable; later packs win; replaces
    /// the packs named in .shipwise.yaml).
    #[arg(long = "rules", value_name = "DIR", global = true, help_heading = "Global options")]
    pub rules: Vec<PathBuf>,
    /// Use only the packs given with --rules (or in .shipwise.yaml), not the embedded default pack.
    #[arg(long, global = true, help_heading = "Global options")]
    pub no_default_rules: bool,
    /// Read packs and defaults from this file instead of the .shipwise.yaml found in the current
    /// folder or a parent.
    #[arg(long, value_name = "FILE", global = true, conflicts_with = "no_config", help_heading = "Global options")]
    pub config: Option<PathBuf>,
    /// Ignore any .shipwise.yaml.
    #[arg(long, global = true, help_heading = "Global options")]
    pub no_config: bool,
    /// When to colour the output (NO_COLOR turns it off for `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN", help_heading = "Global options")]
    pub color: ColorChoice,
}

/// When to use colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Output formats of a recommendation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned tables and sections for a person at a terminal.
    Table,
    /// JSON (the `schema_version` 1 report).
    Json,
    /// YAML (the same report as JSON).
    Yaml,
    /// Markdown, for a pull request or a wiki page.
    Markdown,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Rank the platforms for a workload file and explain the result.
    #[command(after_help = EXIT_CODES)]
    Recommend(RecommendArgs),
    /// Answer a few questions in the terminal and get a recommendation, a workload file and a
    /// decision record.
    #[command(after_help = ASK_HELP)]
    Ask(AskArgs),
    /// Explain a result: why a platform is not first (--why-not), or what would change the
    /// answer (--what-if).
    #[command(after_help = EXIT_CODES)]
    Explain(ExplainArgs),
    /// Evaluate a whole folder of workload files: a portfolio view for a platform team.
    #[command(after_help = BATCH_HELP)]
    Batch(BatchArgs),
    /// Re-check the decisions recorded in a repo; fail when a chosen platform no longer holds.
    #[command(after_help = CHECK_HELP)]
    Check(CheckArgs),
    /// List the platforms (`--format json` adds their ratings).
    Platforms(ListArgs),
    /// Look at the rules in force.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Print the JSON Schema of a workload file or a decision record, for editors.
    #[command(after_help = SCHEMA_HELP)]
    Schema(SchemaArgs),
    /// Print a shell completion script.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
    /// Print the man page (roff), or write one page per command with --dir.
    #[command(after_help = MAN_HELP)]
    Man(ManArgs),
}

/// Arguments of `recommend`.
#[derive(Debug, Args)]
pub struct RecommendArgs {
    /// Read the rules as of this date (YYYY-MM-DD, YYYY-MM or YYYY): platforms not yet generally
    /// available then are left out, and rules whose fact became true later do not apply.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// The workload file (YAML); `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Add the full trace: every rule, fired or not, and each platform's per-criterion points.
    #[arg(long)]
    pub explain: bool,
    /// Sample the criterion weights and report how often the winner stays first.
    #[arg(long)]
    pub robustness: bool,
    /// Weight samples for --robustness.
    #[arg(long, default_value_t = 1000, value_name = "N", requires = "robustness")]
    pub samples: usize,
    /// Each weight varies within ± this percentage for --robustness.
    #[arg(long, default_value_t = 25.0, value_name = "PCT", requires = "robustness")]
    pub band: f64,
    /// Seed of the sampling for --robustness (the same seed gives the same figures).
    #[arg(long, default_value_t = 1, value_name = "N", requires = "robustness")]
    pub seed: u64,
}

const ASK_HELP: &str = "\
Keys: ↑/↓ or a number to choose, Enter to confirm, ? for help on the question, Esc to go back,
Ctrl-C to quit without writing anything. A review of every answer comes before the result.

Questions are skipped when their condition does not apply, or when no answer to them could put
another platform first given the answers so far; skipped facts keep their defaults and are listed
as assumptions.

Exit codes:
  0    done
  2    bad input or usage, or no terminal (use `shipwise recommend FILE` in scripts)
  130  quit with Ctrl-C, or the terminal closed; nothing was written";

/// Arguments of `ask`.
#[derive(Debug, Args)]
pub struct AskArgs {
    /// Write the answers as a workload file (YAML), each under its question as a comment.
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    /// Write a Markdown decision record (MADR) of the recommendation, ready for `shipwise check`.
    #[arg(long, value_name = "FILE.md")]
    pub record: Option<PathBuf>,
    /// Start from a saved workload file, to revise it.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Answer a question up front, as group.fact=value (repeatable).
    #[arg(long = "set", value_name = "FACT=VALUE")]
    pub set: Vec<String>,
    /// The workload's name (default: from --answers, or the --save file's name).
    #[arg(long)]
    pub name: Option<String>,
    /// Overwrite the --save and --record files if they exist.
    #[arg(long)]
    pub force: bool,
}

const BATCH_HELP: &str = "\
Folders are searched recursively, honouring .gitignore and skipping hidden files. A file that
cannot be read or evaluated is listed with its error and does not stop the run.

Exit codes:
  0  every workload was evaluated
  2  a workload could not be read or evaluated, no workload file was found, or bad usage";

/// Arguments of `batch`.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Read the rules as of this date (YYYY-MM-DD, YYYY-MM or YYYY): platforms not yet generally
    /// available then are left out, and rules whose fact became true later do not apply.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Workload files and folders (searched recursively).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Which file names count as workloads (repeatable; default *.yaml and *.yml).
    #[arg(long, value_name = "GLOB")]
    pub glob: Vec<String>,
    /// Report format.
    #[arg(long, short, value_enum, default_value_t = BatchFormat::Table)]
    pub format: BatchFormat,
    /// A margin under this many points between first and second is a close call.
    #[arg(long, default_value_t = 5.0, value_name = "POINTS", allow_negative_numbers = true)]
    pub close: f64,
    /// Worker threads, from 1 to 256 (default: one per core).
    #[arg(long, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=256))]
    pub threads: Option<usize>,
    /// Read workload files outside the project too (the repository around each PATH; see the
    /// README), such as those a link in a folder leads to.
    #[arg(long)]
    pub allow_outside: bool,
}

/// Report formats of `batch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BatchFormat {
    /// A row per workload and a summary, for a person.
    Table,
    /// One JSON document: every item (the `recommend` report plus its file, or an error) and a summary.
    Json,
    /// One JSON line per workload, streamed.
    Jsonl,
    /// CSV, a row per workload, streamed.
    Csv,
    /// Markdown: the table and the summary.
    Markdown,
}

const CHECK_HELP: &str = "\
A decision record is a .yaml/.yml file with a top-level `shipwise:` block, or a Markdown file whose
YAML front matter has one:

  shipwise:
    platform: ecs-fargate
    workload: ../workloads/checkout-api.yaml   # relative to the record, or an inline mapping
    waiver:                                    # optional: a deliberate deviation
      reason: the team runs every other service on this cluster
      owner: payments-platform
      expires: 2027-03-31

Verdicts: pass (first, or within --tolerance points of first), warn (viable but further behind),
fail (ruled out by a hard constraint), waived (a warn or fail with an unexpired waiver), error.

Exit codes:
  0  nothing failed
  1  a fail, an expired waiver, or a warn under --fail-on-warn
  2  a record or its workload could not be read or evaluated, or bad usage (2 wins over 1)";

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Read the rules as of this date (YYYY-MM-DD, YYYY-MM or YYYY): platforms not yet generally
    /// available then are left out, and rules whose fact became true later do not apply.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Files or folders to search for decision records (default: the current folder).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Report format.
    #[arg(long, short, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// A chosen platform this many points behind the best still passes [default: 10, or
    /// `check.tolerance` in .shipwise.yaml].
    #[arg(long, value_name = "POINTS", allow_negative_numbers = true)]
    pub tolerance: Option<f64>,
    /// Treat a warn as a failure (exit 1); also `check.fail_on_warn` in .shipwise.yaml.
    #[arg(long, overrides_with = "no_fail_on_warn")]
    pub fail_on_warn: bool,
    /// Do not treat a warn as a failure, whatever .shipwise.yaml says.
    #[arg(long, overrides_with = "fail_on_warn")]
    pub no_fail_on_warn: bool,
    /// Turn a pass into a warn when the chosen platform stays within the tolerance in fewer than
    /// this percentage of criterion-weight samples (±25%, 1,000 samples, seed 1).
    #[arg(long, value_name = "PCT")]
    pub min_confidence: Option<f64>,
    /// Judge waivers as of this date (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Read records and workload files outside the project too (the repository around each PATH,
    /// else the folder holding .shipwise.yaml, else PATH itself), such as those a link leads to.
    #[arg(long)]
    pub allow_outside: bool,
    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
}

/// Report formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// One line per record for a person, then the tally.
    Text,
    /// JSON with `schema_version`, `decisions` and `summary`.
    Json,
    /// JUnit XML, one test case per record.
    Junit,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// GitHub Actions annotations (and a step summary when GITHUB_STEP_SUMMARY is set).
    Github,
    /// Markdown, for a pull-request comment.
    Markdown,
}

/// Arguments of `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Read the rules as of this date (YYYY-MM-DD, YYYY-MM or YYYY): platforms not yet generally
    /// available then are left out, and rules whose fact became true later do not apply.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// The workload file (YAML); `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// What keeps this platform (for example eks-ec2) from first place.
    #[arg(long, value_name = "PLATFORM", required_unless_present = "what_if", conflicts_with = "what_if")]
    pub why_not: Option<String>,
    /// The smallest changes of answers (one, then two) that would put another platform first.
    #[arg(long)]
    pub what_if: bool,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ExplainFormat::Table)]
    pub format: ExplainFormat,
}

/// Output formats of an explanation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// Text for a person at a terminal.
    Table,
    /// JSON.
    Json,
    /// YAML (the same data as JSON).
    Yaml,
}

impl From<ExplainFormat> for Format {
    fn from(format: ExplainFormat) -> Self {
        match format {
            ExplainFormat::Table => Format::Table,
            ExplainFormat::Json => Format::Json,
            ExplainFormat::Yaml => Format::Yaml,
        }
    }
}

/// Arguments of listing commands.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `rules` subcommands.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List the rules in force (or the facts, with --facts).
    List(RulesListArgs),
    /// Show one rule in full.
    Show(RulesShowArgs),
    /// Report every problem of a rule pack at once, with file:line:column.
    #[command(after_help = LINT_HELP)]
    Lint(RulesLintArgs),
    /// Run a rule pack's test cases (its tests/*.yaml) and report what they cover.
    #[command(after_help = TEST_HELP)]
    Test(RulesTestArgs),
    /// Measure the rules against real, published platform decisions (calibration/ by default).
    #[command(after_help = CALIBRATE_HELP)]
    Calibrate(RulesCalibrateArgs),
}

const CALIBRATE_HELP: &str = "\
Every *.yaml file under DIR (default: calibration/) is a case: a real decision with its sources,
its date, the platform chosen and the facts its source states (see docs/rules.md). Each case is
evaluated with the rules as they stood on its date: platforms not yet available are left out.
The report gives top-1 and top-2 agreement (with 95% bootstrap intervals), the baseline of always
answering the most chosen platform, per-platform counts, chosen against first, hard-fact
violations (a chosen platform a rule rules out), the misses with what put the first ahead, and
the tune and check halves (split by a hash of each case's first source URL).

Exit codes:
  0  the report was made, and agreement reached --min-top1 and --min-top2
  1  agreement fell below --min-top1 or --min-top2
  2  a case could not be read, no case was found, or bad usage";

/// Arguments of `rules calibrate`.
#[derive(Debug, Args)]
pub struct RulesCalibrateArgs {
    /// The folder of cases (searched recursively for *.yaml).
    #[arg(value_name = "DIR", default_value = "calibration")]
    pub dir: PathBuf,
    /// Fail when top-1 agreement is below this percentage.
    #[arg(long, value_name = "PCT")]
    pub min_top1: Option<f64>,
    /// Fail when top-2 agreement is below this percentage.
    #[arg(long, value_name = "PCT")]
    pub min_top2: Option<f64>,
    /// Only the cases of one half: `tune` while reasoning about a pack change, `check` to judge it.
    #[arg(long, value_enum, value_name = "HALF")]
    pub half: Option<CalibrateHalf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = CalibrateFormat::Text)]
    pub format: CalibrateFormat,
}

/// A half of the calibration corpus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CalibrateHalf {
    /// The cases a pack change may be reasoned from.
    Tune,
    /// The cases kept aside to judge it.
    Check,
}

/// Report formats of `rules calibrate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CalibrateFormat {
    /// Agreement, per platform, chosen against first, misses and close calls.
    Text,
    /// JSON with schema_version, cases, top1, top2, violations, per_platform, misses, halves.
    Json,
    /// Markdown tables, for a pull-request comment or the README.
    Markdown,
}

const LINT_HELP: &str = "\
Without DIR, the packs of .shipwise.yaml or --rules are linted, each on top of the packs beneath
it (the embedded default pack only when there are none). With DIR, that folder is linted on top of
the packs in force beneath it.

Errors: what stops a pack from loading (unknown facts, values, platforms or criteria; duplicate
ids; a rule without because, source or reviewed; weights or ratings out of range) and conditions
that can never hold. Warnings: a reviewed date older than --max-age months, a plain-http source, a
fact no rule reads, a condition that always holds, a rule that rules out every platform, a
condition too large to check.

Exit codes:
  0  no errors (warnings may remain)
  1  warnings only, with --fail-on-warn
  2  errors, or bad usage";

/// Arguments of `rules lint`.
#[derive(Debug, Args)]
pub struct RulesLintArgs {
    /// The rule-pack folder to lint (default: the packs of .shipwise.yaml or --rules).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Warn about rules whose `reviewed` date is this many months old or more [default: 18, or
    /// `lint.max_age` in .shipwise.yaml].
    #[arg(long, value_name = "MONTHS")]
    pub max_age: Option<u32>,
    /// Exit 1 when there are warnings; also `lint.fail_on_warn` in .shipwise.yaml.
    #[arg(long, overrides_with = "no_fail_on_warn")]
    pub fail_on_warn: bool,
    /// Exit 0 despite warnings, whatever .shipwise.yaml says.
    #[arg(long, overrides_with = "fail_on_warn")]
    pub no_fail_on_warn: bool,
    /// Judge `reviewed` dates as of this date (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
}

/// Report formats of `rules lint`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// One line per finding, as `severity: file:line:column: message`, then a tally.
    Text,
    /// JSON with `findings` and `summary`.
    Json,
}

const TEST_HELP: &str = "\
A pack's cases live in tests/*.yaml inside its folder; each names a workload and what to expect
(top, excluded, not_excluded, order, fires, not_fires, notes; see docs/rules.md). Without DIR, the
cases of the packs of .shipwise.yaml or --rules are run, each pack's against itself and the packs
beneath it (the embedded default pack's own cases only when there are no other packs).

Coverage counts the pack's own rules that some case fires, and the answer values of its own facts
that change some case's outcome (the order, the exclusions or the notes) when given instead of the
case's answer.

Exit codes:
  0  every case passed, and coverage reached --min-coverage
  1  a case failed, or coverage fell below --min-coverage
  2  a case or pack could not be read, or bad usage";

/// Arguments of `rules test`.
#[derive(Debug, Args)]
pub struct RulesTestArgs {
    /// The rule-pack folder whose tests to run (default: the packs of .shipwise.yaml or --rules).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Fail when rule or answer-value coverage is below this percentage [default: none, or
    /// `test.min_coverage` in .shipwise.yaml].
    #[arg(long, value_name = "PCT")]
    pub min_coverage: Option<f64>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = TestFormat::Text)]
    pub format: TestFormat,
}

/// Report formats of `rules test`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TestFormat {
    /// One line per case with failures in full, the coverage, then the tally.
    Text,
    /// JSON with `packs`, each with `cases` and `coverage`, and `summary`.
    Json,
    /// JUnit XML: a test suite per pack, a test case per case.
    Junit,
}

/// Arguments of `rules list`.
#[derive(Debug, Args)]
pub struct RulesListArgs {
    /// List the fact catalog instead of the rules.
    #[arg(long)]
    pub facts: bool,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Arguments of `rules show`.
#[derive(Debug, Args)]
pub struct RulesShowArgs {
    /// The rule id.
    #[arg(value_name = "ID")]
    pub id: String,
}

const SCHEMA_HELP: &str = "\
The schema is built from the rules in force, so --rules adds a pack's own facts and platforms:

  shipwise --rules org-pack schema workload > workload.schema.json

Editors that use yaml-language-server (VS Code's YAML extension, Neovim, Helix, Zed, ...) read a
first line such as:

  # yaml-language-server: $schema=../schema/workload.schema.json

Exit codes:
  0  done
  2  bad input or usage (a bad rule pack, a bad flag)";

/// Arguments of `schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file the schema describes.
    #[arg(value_enum, value_name = "KIND")]
    pub kind: SchemaKind,
}

/// The files `schema` describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// A workload file, as `recommend` reads it.
    Workload,
    /// A decision record (YAML, or Markdown front matter), as `check` reads it.
    Decision,
    /// A rule pack's test-case file (tests/*.yaml), as `rules test` reads it.
    Cases,
}

const COMPLETIONS_HELP: &str = "\
Install (then open a new shell):
  bash        shipwise completions bash > ~/.local/share/bash-completion/completions/shipwise
  zsh         shipwise completions zsh > ~/.zfunc/_shipwise   # a folder on $fpath
  fish        shipwise completions fish > ~/.config/fish/completions/shipwise.fish
  powershell  shipwise completions powershell | Out-String | Invoke-Expression   # in $PROFILE

Exit codes:
  0  done
  2  bad usage (an unknown shell, a bad flag)";

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

const MAN_HELP: &str = "\
Install:
  shipwise man > ~/.local/share/man/man1/shipwise.1
  shipwise man --dir ~/.local/share/man/man1     # shipwise.1, shipwise-recommend.1, ...

Exit codes:
  0  done
  2  bad usage, or a page could not be written";

/// Arguments of `man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write one page per command (shipwise.1, shipwise-recommend.1, ...) into this folder instead.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}
