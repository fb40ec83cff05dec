//! `shipwise ask`: the questionnaire. Reads the starting answers, refuses to run without a
//! terminal, drives the question flow with the terminal session, then prints the same report as
//! `recommend` and writes the workload and the decision record, each atomically.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::files::{absolute, relative, today};
use super::write::{Replace, check_target, write_file};
use super::{Outcome, write_stdout};
use crate::cli::AskArgs;
use crate::engine::evaluate;
use crate::prompt::{Action, Prompt};
use crate::questionnaire::{Questionnaire, Screen};
use crate::render::record::{WorkloadRef, decision_record};
use crate::render::{Style, render_report};
use crate::report::Report;
use crate::ruleset::RuleSet;
use crate::terminal::Session;
use crate::workload::Workload;
use crate::yaml::{Node, Source};

/// Runs `ask`.
pub(super) fn run(rules: &RuleSet, args: &AskArgs, style: Style) -> Result<Outcome> {
    let mut start = match &args.answers {
        Some(path) => super::read_workload(path, rules)?,
        None => Workload::defaults(rules),
    };
    for assignment in &args.set {
        apply_set(rules, &mut start, assignment)?;
    }
    // What the answers imply is filled in, and answers that cannot all be true are refused
    // here, as a workload file's would be: the questionnaire never offers them.
    if let Some(contradiction) = start.settle(rules) {
        bail!("--set: {}", contradiction.message(rules, &start));
    }
    if let Some(name) = &args.name {
        if name.chars().any(char::is_control) {
            bail!("--name is one line of plain text (no line breaks, tabs or control characters)");
        }
        start.name = Some(name.clone());
    } else if start.name.is_none() {
        // A file name with a control character in it would make a name the workload cannot hold.
        let stem = args.save.as_deref().and_then(Path::file_stem).map(|stem| stem.to_string_lossy().to_string());
        start.name = stem.filter(|stem| !stem.chars().any(char::is_control));
    }
    check_outputs(args)?;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        bail!(
            "`shipwise ask` asks questions in a terminal, and this is not one; in a script or pipe, \
             write the answers to a file and run `shipwise recommend FILE`, or run \
             `shipwise ask --answers FILE` in a terminal to revise them"
        );
    }

    let Some(workload) = questionnaire(rules, start)? else {
        #[allow(clippy::print_stderr, reason = "a one-line farewell after the terminal is restored")]
        {
            eprintln!("Quit: nothing was written.");
        }
        return Ok(Outcome::Interrupted);
    };
    let evaluation = evaluate(rules, &workload);
    let report = Report::new(rules, &workload, &evaluation, false);
    // The result is shown before any file is written, so a failed write never loses it.
    write_stdout(&render_report(&report, crate::render::Format::Table, style))?;
    let mut text = String::new();

    // Each file is checked again as it is written: one created during the questions stays.
    let replace = replace(args.force);
    if let Some(path) = &args.save {
        write_file(path, &saved_workload(rules, &workload), replace)?;
        text.push_str(&format!("\nSaved the answers to {}\n", crate::escape::escape(&path.display().to_string())));
    }
    if let Some(path) = &args.record {
        let record = record_text(rules, &workload, &report, path, args.save.as_deref(), &today().to_string());
        write_file(path, &record, replace)?;
        text.push_str(&format!("Wrote the decision record {}\n", crate::escape::escape(&path.display().to_string())));
    }
    write_stdout(&text)?;
    Ok(Outcome::Done)
}

/// What `ask` may replace: nothing, or with `--force` an earlier file (never a link or a
/// read-only file).
fn replace(force: bool) -> Replace<'static> {
    if force { Replace::Output(&[]) } else { Replace::Never }
}

/// The workload file `--save` writes.
pub fn saved_workload(rules: &RuleSet, workload: &Workload) -> String {
    let header = "# A workload profile written by `shipwise ask`; `shipwise recommend` reads it back.\n";
    format!("{header}{}", workload.to_yaml(rules))
}

/// The decision record `--record` writes at `path`: it names the `--save` file relative to
/// itself, or holds the workload inline.
pub fn record_text(
    rules: &RuleSet,
    workload: &Workload,
    report: &Report<'_>,
    path: &Path,
    save: Option<&Path>,
    date: &str,
) -> String {
    let record_dir = absolute(path).parent().map(Path::to_path_buf).unwrap_or_default();
    let inline = workload.to_yaml(rules);
    let saved = save.map(|saved| relative(&record_dir, &absolute(saved)));
    let reference = match &saved {
        Some(saved) => WorkloadRef::Path(saved),
        None => WorkloadRef::Inline(&inline),
    };
    decision_record(report, &reference, date, &path.display().to_string())
}

/// Refuses, before any question, outputs that cannot be written as asked: an existing file
/// without --force, a folder that does not exist, one file for both, a record that is not .md.
fn check_outputs(args: &AskArgs) -> Result<()> {
    if let (Some(save), Some(record)) = (&args.save, &args.record)
        && absolute(save) == absolute(record)
    {
        bail!("--save and --record name the same file; give each its own");
    }
    if let Some(record) = &args.record
        && !record.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("md"))
    {
        bail!("--record {}: a decision record is a Markdown file; name it something.md", record.display());
    }
    for path in args.save.iter().chain(args.record.iter()) {
        check_target(path, replace(args.force))?;
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if !folder.is_dir() {
            bail!("{}: the folder {} does not exist; create it first", path.display(), folder.display());
        }
    }
    Ok(())
}

/// Asks the questions; `None` when the person quit.
fn questionnaire(rules: &RuleSet, start: Workload) -> Result<Option<Workload>> {
    let mut flow = Questionnaire::new(rules, start);
    let mut prompt = Prompt::for_screen(&flow, rules);
    let mut session = Session::start().context("cannot set up the terminal for questions")?;
    loop {
        let lines = crate::ask::screen::screen(&flow, &prompt, rules, session.width(), session.height());
        session.draw(&lines).context("cannot draw on the terminal")?;
        match prompt.handle(session.key(), &flow, rules) {
            Action::Quit => return Ok(None),
            Action::Redraw => {}
            Action::Send(input) => {
                flow.apply(input);
                if flow.screen() == Screen::Done {
                    return Ok(Some(flow.workload().clone()));
                }
                prompt = Prompt::for_screen(&flow, rules);
            }
        }
    }
}

/// Applies one `--set group.fact=value`.
fn apply_set(rules: &RuleSet, workload: &mut Workload, assignment: &str) -> Result<()> {
    let Some((id, text)) = assignment.split_once('=') else {
        bail!("--set {assignment}: write it as group.fact=value, for example --set team.kubernetes_experience=basic");
    };
    let fact = rules.catalog.resolve(id.trim()).map_err(|message| anyhow::anyhow!("--set {assignment}: {message}"))?;
    let node: Node = match Source::new("--set", text.trim()).parse::<serde_saphyr::Spanned<Node>>() {
        Ok(node) => node.value,
        Err(_) => Node::String(text.trim().to_string()),
    };
    let value =
        rules.fact_of(fact).parse_value(&node).map_err(|message| anyhow::anyhow!("--set {assignment}: {message}"))?;
    workload.set(fact, value);
    Ok(())
}
