//! `shipwise rules lint [DIR]` and `shipwise rules test [DIR]`: a rule pack checked and tested
//! like code. Without DIR, the repository's packs (.shipwise.yaml or --rules) are taken in turn,
//! each on top of those beneath it; the embedded default pack only when there are none.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Result, bail};

use super::files::today;
use super::{Outcome, PackRef, Setup, load_read, write_stdout};
use crate::cases;
use crate::cli::{RulesLintArgs, RulesTestArgs};
use crate::embedded;
use crate::error::{Error, Location};
use crate::fence::Fence;
use crate::lint::{self, Options, Tally};
use crate::pack::Pack;
use crate::render::Style;
use crate::render::pack::{PackTests, render_lint, render_tests};
use crate::yaml::Source;

/// The packs to look at, bottom first, and from which index on to report on them.
fn stack(setup: &Setup, dir: Option<&Path>) -> (Vec<PackRef>, usize) {
    match dir {
        Some(dir) => {
            let packs = setup.with_top(dir);
            let last = packs.len() - 1;
            (packs, last)
        }
        // The packs a user keeps; the default pack only when it is the only one.
        None => {
            let first = setup.packs.iter().position(|p| *p != PackRef::Default).unwrap_or(0);
            (setup.packs.clone(), first)
        }
    }
}

/// Runs `rules lint`.
pub(super) fn lint(setup: &Setup, args: &RulesLintArgs, style: Style) -> Result<Outcome> {
    let today = match &args.today {
        Some(text) => match crate::date::Date::parse(text) {
            Some(date) => date,
            None => bail!("--today {text}: write the date as YYYY-MM-DD"),
        },
        None => today(),
    };
    let max_age_months = args.max_age.or(setup.config.lint.max_age).unwrap_or(18);
    let options = Options { today, max_age_months };
    let (refs, first) = stack(setup, args.dir.as_deref());
    let mut findings = Vec::new();
    let mut packs = Vec::new();
    for pack in &refs {
        match pack.read() {
            Ok(pack) => packs.push(pack),
            Err(err) => findings.extend(err.diagnostics().iter().map(lint::Finding::error)),
        }
    }
    // A pack that cannot even be parsed stops the rest: what sits on top of it cannot be resolved.
    if findings.is_empty() {
        for top in first..packs.len() {
            findings.extend(lint::lint(&packs[..=top], &options));
        }
    }
    findings.sort_by(|a, b| (&a.at, a.severity, &a.message).cmp(&(&b.at, b.severity, &b.message)));
    findings.dedup();
    let names: Vec<String> = refs[first..].iter().map(PackRef::name).collect();
    let tally = Tally::of(&findings);
    write_stdout(&render_lint(&findings, &names, tally, args.format.into(), style))?;
    let fail_on_warn = !args.no_fail_on_warn && (args.fail_on_warn || setup.config.lint.fail_on_warn.unwrap_or(false));
    Ok(if tally.errors > 0 {
        Outcome::BadInput
    } else if tally.warnings > 0 && fail_on_warn {
        Outcome::CheckFailed
    } else {
        Outcome::Done
    })
}

/// Runs `rules test`.
pub(super) fn test(setup: &Setup, args: &RulesTestArgs, style: Style) -> Result<Outcome> {
    let min_coverage = args.min_coverage.or(setup.config.test.min_coverage);
    if let Some(pct) = min_coverage
        && !(pct.is_finite() && (0.0..=100.0).contains(&pct))
    {
        bail!("--min-coverage takes a percentage from 0 to 100");
    }
    let (refs, first) = stack(setup, args.dir.as_deref());
    let packs = refs.iter().map(PackRef::read).collect::<Result<Vec<Pack>, Error>>()?;
    let mut reports = Vec::new();
    for top in first..refs.len() {
        let sources = match &refs[top] {
            PackRef::Default => embedded::default_tests(),
            PackRef::Dir(dir) => test_sources(dir)?,
        };
        if sources.is_empty() && args.dir.is_some() {
            bail!(
                "{}: no test cases; put them in {} as *.yaml files (see `shipwise rules test --help`)",
                refs[top].name(),
                refs[top].tests_dir().display()
            );
        }
        // The packs were read once above; each pack's rules are those of it and the packs beneath.
        let rules = load_read(&refs[..=top], &packs[..=top])?;
        let cases = cases::read(&sources, &rules)?;
        let outcomes = cases::run(&rules, &cases);
        let files: HashSet<Arc<str>> = packs[top].files.iter().map(|f| Arc::clone(&f.source.name)).collect();
        // A pack without cases covers nothing: it is reported, and fails a --min-coverage.
        let coverage = cases::coverage(&rules, &cases, &files);
        reports.push(PackTests { pack: refs[top].name(), outcomes, coverage });
    }
    if reports.iter().all(|r| r.outcomes.is_empty()) {
        let names: Vec<&str> = reports.iter().map(|r| r.pack.as_str()).collect();
        bail!(
            "no test cases in {}; put each pack's cases in its tests/*.yaml (see `shipwise rules test --help`)",
            names.join(", ")
        );
    }
    write_stdout(&render_tests(&reports, min_coverage, args.format.into(), style))?;
    let failed = reports.iter().any(|r| r.outcomes.iter().any(|o| !o.passed()))
        || reports.iter().any(|r| !r.meets(min_coverage));
    Ok(if failed { Outcome::CheckFailed } else { Outcome::Done })
}

impl PackRef {
    /// Where the pack's test cases live.
    pub fn tests_dir(&self) -> std::path::PathBuf {
        match self {
            PackRef::Default => "rules/tests".into(),
            PackRef::Dir(dir) => dir.join("tests"),
        }
    }
}

/// The `*.yaml` files in `DIR/tests`, in name order (none when there is no such folder).
fn test_sources(dir: &Path) -> Result<Vec<Source>> {
    let tests = dir.join("tests");
    let entries = match std::fs::read_dir(&tests) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => {
            let name = Arc::from(tests.display().to_string());
            return Err(Error::at(Location::file(&name), format!("cannot be read: {err}")).into());
        }
    };
    let mut paths: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml"))
        .filter(|path| path.is_file() || path.is_symlink())
        .collect();
    paths.sort();
    // Test cases are read like the pack: inside its project, links out refused.
    let fence = Fence::around(dir, false);
    let mut sources = Vec::new();
    let mut bytes = 0;
    for path in &paths {
        let name = Arc::from(path.display().to_string());
        fence.admit(path).map_err(|message| Error::at(Location::file(&name), message))?;
        let source = crate::commands::read_source(path)?;
        bytes += source.text.len();
        // The same bounds as the pack's own files.
        if sources.len() == crate::pack::MAX_PACK_FILES || bytes > crate::pack::MAX_PACK_BYTES {
            let name = Arc::from(tests.display().to_string());
            let message = format!(
                "holds more than {} case files or {} MiB; a pack's cases are a few files",
                crate::pack::MAX_PACK_FILES,
                crate::pack::MAX_PACK_BYTES >> 20
            );
            return Err(Error::at(Location::file(&name), message).into());
        }
        sources.push(source);
    }
    Ok(sources)
}

/// `rules calibrate [DIR]`.
pub(super) fn calibrate(
    rules: &crate::ruleset::RuleSet,
    args: &crate::cli::RulesCalibrateArgs,
    style: Style,
) -> Result<Outcome> {
    for (flag, value) in [("--min-top1", args.min_top1), ("--min-top2", args.min_top2)] {
        if let Some(pct) = value
            && !(pct.is_finite() && (0.0..=100.0).contains(&pct))
        {
            bail!("{flag} takes a percentage from 0 to 100");
        }
    }
    let sources = calibration_sources(&args.dir)?;
    if sources.is_empty() {
        bail!(
            "{}: no calibration cases; put each case in a *.yaml file there (see `shipwise rules calibrate --help`)",
            args.dir.display()
        );
    }
    let mut cases = crate::calibration::read(&sources, rules)?;
    if let Some(half) = args.half {
        let half = match half {
            crate::cli::CalibrateHalf::Tune => crate::calibration::Half::Tune,
            crate::cli::CalibrateHalf::Check => crate::calibration::Half::Check,
        };
        cases.retain(|case| case.half == half);
    }
    let results = crate::calibration::run(rules, &cases);
    let report = crate::calibration::report(rules, &cases, &results);
    write_stdout(&crate::render::calibration::render_calibration(&report, args.format.into(), style))?;
    let below = |min: Option<f64>, got: f64| min.is_some_and(|pct| got * 100.0 < pct);
    if below(args.min_top1, report.top1) || below(args.min_top2, report.top2) {
        return Ok(Outcome::CheckFailed);
    }
    Ok(Outcome::Done)
}

/// Every `*.yaml` file under `dir`, in path order; hidden files and folders are passed over.
fn calibration_sources(dir: &Path) -> Result<Vec<Source>> {
    let mut paths = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|err| {
            let name = Arc::from(folder.display().to_string());
            let message = match err.kind() {
                std::io::ErrorKind::NotFound => "no such folder of calibration cases; check the path".to_string(),
                _ => format!("cannot be read: {err}"),
            };
            Error::at(Location::file(&name), message)
        })?;
        for entry in entries.filter_map(|e| e.ok()) {
            let path = entry.path();
            let hidden = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
            let Ok(kind) = entry.file_type() else { continue };
            if hidden || kind.is_symlink() {
                continue;
            }
            if kind.is_dir() {
                folders.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    Ok(paths.iter().map(|path| crate::commands::read_source(path)).collect::<Result<Vec<_>, _>>()?)
}
