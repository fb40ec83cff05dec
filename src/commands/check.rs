//! `shipwise check [PATH...]`: find the decision records (respecting .gitignore), judge each
//! against the current rules and the workload it names, report, and exit 0, 1 or 2.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::files::today;
use super::walk::{Found, walk};
use super::write::{Replace, check_target, write_file};
use super::{Outcome, write_stdout};
use super::{PackRef, Setup};
use crate::check::{CheckSummary, Judgement, Policy, judge};
use crate::cli::{CheckArgs, CheckFormat};
use crate::config::CheckDefaults;
use crate::decision::{Decision, WorkloadSource, is_candidate, mentions_shipwise, parse_record};
use crate::error::Error;
use crate::escape::excerpt;
use crate::fence::Fence;
use crate::render::Style;
use crate::render::check::{markdown, render_check};
use crate::ruleset::RuleSet;
use crate::workload::Workload;

/// Runs `check`.
pub(super) fn run(rules: &RuleSet, args: &CheckArgs, setup: &Setup, style: Style) -> Result<Outcome> {
    let defaults: &CheckDefaults = &setup.config.check;
    let tolerance = args.tolerance.or(defaults.tolerance).unwrap_or(10.0);
    let fail_on_warn = !args.no_fail_on_warn && (args.fail_on_warn || defaults.fail_on_warn.unwrap_or(false));
    let today = match &args.today {
        Some(text) => match crate::date::Date::parse(text) {
            Some(date) => date,
            None => bail!("--today {text}: write the date as YYYY-MM-DD"),
        },
        None => today(),
    };
    if !(tolerance.is_finite() && tolerance >= 0.0) {
        bail!("--tolerance takes a number of points of at least 0");
    }
    let min_confidence = match args.min_confidence.or(defaults.min_confidence) {
        Some(pct) if pct.is_finite() && (0.0..=100.0).contains(&pct) => Some(pct / 100.0),
        Some(_) => bail!("--min-confidence takes a percentage from 0 to 100"),
        None => None,
    };
    let policy = Policy { tolerance, today, min_confidence };
    let roots: Vec<PathBuf> = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };

    let mut files: Vec<(Found, Fence)> = Vec::new(); // (record, the project it may read workloads in)
    for root in &roots {
        if !root.exists() && root.symlink_metadata().is_err() {
            bail!("{}: no such file or folder", root.display());
        }
        let fence = Fence::around(root, args.allow_outside);
        for found in record_files(root, &fence) {
            if !files.iter().any(|(known, _)| *known == found) {
                files.push((found, fence.clone()));
            }
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    // The report may replace an earlier report, never an input: refused before the work, and
    // again when written (once the workloads read are known too).
    let mut inputs: Vec<PathBuf> = files.iter().filter_map(|(found, _)| found.path().canonicalize().ok()).collect();
    inputs.extend(pack_files(setup));
    if let Some(output) = &args.output_file {
        check_target(output, Replace::Output(&inputs)).context("--output-file")?;
    }
    let mut judgements = Vec::new();
    for (found, fence) in &files {
        let shown = display(found.path());
        let file = match found {
            Found::File(file) => file,
            Found::Problem(_, message) => {
                judgements.push(Judgement::error(&shown, None, message.clone()));
                continue;
            }
        };
        let judgement = match read_record(file) {
            Ok(None) => continue,
            Ok(Some(decision)) => match workload_of(&decision, rules, fence, &mut inputs) {
                Ok(workload) => judge(rules, &decision, &workload, &policy, &shown),
                Err(err) => error_judgement(&shown, &err),
            },
            Err(err) => error_judgement(&shown, &err),
        };
        judgements.push(judgement);
    }
    if judgements.is_empty() {
        let searched: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
        bail!(
            "no decision records found in {}; a record is a .yaml/.yml file with a top-level `shipwise:` block, or a .md file whose front matter has one",
            searched.join(", ")
        );
    }

    let summary = CheckSummary::of(&judgements);
    let report = render_check(&judgements, &summary, args.format.into(), style);
    match &args.output_file {
        Some(path) => write_file(path, &report, Replace::Output(&inputs)).context("--output-file")?,
        None => write_stdout(&report)?,
    }
    if args.format == CheckFormat::Github
        && let Some(summary_file) = std::env::var_os("GITHUB_STEP_SUMMARY")
    {
        let mut file =
            std::fs::OpenOptions::new().create(true).append(true).open(&summary_file).with_context(|| {
                format!("cannot open GITHUB_STEP_SUMMARY ({})", PathBuf::from(&summary_file).display())
            })?;
        file.write_all(crate::escape::output(&markdown(&judgements, &summary)).as_bytes())
            .context("cannot write the step summary")?;
    }

    if summary.error > 0 {
        return Ok(Outcome::BadInput);
    }
    let failed = summary.fail > 0 || summary.expired_waivers > 0 || (fail_on_warn && summary.warn > 0);
    Ok(if failed { Outcome::CheckFailed } else { Outcome::Done })
}

/// Every candidate file under a root, in path order; a file given by name is taken as it is.
/// Hidden folders are searched too (records often live in `.adr/`), but not `.git`, and
/// whatever .gitignore excludes is skipped. Links out of the project, links to nothing and
/// folders that cannot be read come back as problems, each a record of its own in the report.
fn record_files(root: &Path, fence: &Fence) -> Vec<Found> {
    let tidy = |path: &Path| path.strip_prefix(".").map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf());
    let mut builder = ignore::WalkBuilder::new(root);
    builder.require_git(false).hidden(false);
    walk(root, builder, fence, is_candidate, |entry| entry.file_name() == ".git")
        .into_iter()
        .map(|found| match found {
            Found::File(path) => Found::File(tidy(&path)),
            Found::Problem(path, message) => Found::Problem(tidy(&path), message),
        })
        .collect()
}

/// Every file of the packs in force and the configuration file, by canonical path: inputs the
/// report must never replace.
fn pack_files(setup: &Setup) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = setup.config.path.canonicalize().into_iter().collect();
    for pack in &setup.packs {
        let PackRef::Dir(dir) = pack else { continue };
        for folder in [dir.clone(), dir.join("tests")] {
            let Ok(entries) = std::fs::read_dir(&folder) else { continue };
            files.extend(entries.filter_map(|entry| entry.ok()?.path().canonicalize().ok()));
        }
    }
    files
}

/// A path as shown in reports.
fn display(path: &Path) -> String {
    path.display().to_string()
}

/// The workload a decision names, read from its file (inside the fence) or from the record.
fn workload_of(
    decision: &Decision,
    rules: &RuleSet,
    fence: &Fence,
    inputs: &mut Vec<PathBuf>,
) -> Result<Workload, Error> {
    match &decision.workload {
        WorkloadSource::Inline(node) => Workload::from_node(&decision.source, node, rules),
        WorkloadSource::Path(relative) => {
            let at = decision.source.locate(&relative.referenced);
            let shown = excerpt(&relative.value);
            let folder = decision.path.parent().unwrap_or(Path::new("."));
            let path = folder.join(&relative.value);
            if Path::new(&relative.value).is_absolute() && !fence.is_open() {
                let message = format!(
                    "workload {shown} is an absolute path, outside the project ({}) as far as a record goes; name it relative to the record, or add --allow-outside to read it",
                    fence.root().display()
                );
                return Err(Error::at(at, message));
            }
            if let Err(reason) = fence.admit(&path) {
                return Err(Error::at(at, format!("workload {shown} {reason}")));
            }
            inputs.extend(path.canonicalize().ok());
            let source = crate::commands::read_source(&path).map_err(|err| {
                let reason = err.diagnostics().first().map(|d| d.message.clone()).unwrap_or_default();
                Error::at(at.clone(), format!("workload {shown} {reason}"))
            })?;
            Workload::parse(&source, rules)
        }
    }
}

/// A record that could not be judged. A problem in the record itself keeps its line and column
/// apart from the message; a problem in the workload file it names keeps that file's place in
/// the message.
fn error_judgement(file: &str, err: &Error) -> Judgement {
    let diagnostics = err.diagnostics();
    let Some(first) = diagnostics.first() else {
        return Judgement::error(file, None, err.to_string());
    };
    let in_record = &*first.at.file == file && first.at.line > 0;
    let mut message = if in_record { first.message.clone() } else { first.to_string() };
    for other in &diagnostics[1..] {
        message.push_str("; ");
        message.push_str(&other.to_string());
    }
    Judgement::error(file, in_record.then_some(&first.at), message)
}

/// Reads a decision record, each file once: `Ok(None)` when it is not one (it never mentions
/// `shipwise`, or holds no `shipwise:` block). An unreadable file is reported, as a record.
pub fn read_record(path: &std::path::Path) -> Result<Option<Decision>, crate::error::Error> {
    let name = path.display().to_string();
    let bytes = super::read_bytes(path, &name)?;
    if !mentions_shipwise(&bytes) {
        return Ok(None);
    }
    parse_record(path, crate::yaml::Source::from_bytes(&name, bytes)?)
}
