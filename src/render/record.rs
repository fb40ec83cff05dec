//! A Markdown decision record in the MADR style, from a recommendation: front matter with the
//! `shipwise:` block that `shipwise check` reads, then the context, the options considered with
//! their pros and cons, the outcome with its sources, what was ruled out, the assumptions, and
//! how to re-check the decision.

use super::Lines as _;

use super::escape;
use super::markdown::{Tone, reasons};
use crate::report::Report;

/// Where the record finds its workload.
pub enum WorkloadRef<'a> {
    /// A path relative to the record's folder.
    Path(&'a str),
    /// The workload inline, as YAML.
    Inline(&'a str),
}

/// The record's text. `date` is today's date; `record_path` is how to name the record in the
/// validation command.
pub fn decision_record(report: &Report<'_>, workload: &WorkloadRef<'_>, date: &str, record_path: &str) -> String {
    let mut out = String::new();
    let name = escape(report.name.unwrap_or("the workload"));
    let record_path = escape(record_path);
    out.line(format!("---\nstatus: proposed\ndate: {date}\nshipwise:"));
    match report.ranking.first() {
        Some(best) => {
            out.line(format!("  platform: {}", best.platform));
        }
        None => {
            out.line("  platform: none  # every platform was ruled out; choose one and add a waiver");
        }
    }
    match workload {
        WorkloadRef::Path(path) => {
            // Quoted: a path may hold `#`, `: ` or spaces that plain YAML would misread.
            out.line(format!("  workload: {}", serde_json::to_string(path).expect("a string serialises")));
        }
        WorkloadRef::Inline(yaml) => {
            out.line("  workload:");
            for line in yaml.lines() {
                out.line(format!("    {line}"));
            }
        }
    }
    out.line("---\n");
    let chosen = report.ranking.first();
    match chosen {
        Some(best) => {
            out.line(format!("# Run {name} on {}\n", escape(best.name)));
        }
        None => {
            out.line(format!("# Where to run {name}\n"));
        }
    }
    out.line("## Context and problem statement\n");
    out.line(format!(
        "Where should {name} run on AWS? This record was drafted by `shipwise ask` from the team's answers \
         (the workload named above) and the rules in force. Points come from the platforms' ratings on \
         weighted criteria and from rules, each rule with its public source.\n"
    ));
    out.line("## Considered options\n");
    for entry in &report.ranking {
        out.line(format!("- `{}` ({}): score {:.1}", entry.platform, escape(entry.name), entry.score));
    }
    for entry in &report.excluded {
        out.line(format!("- `{}` ({}): ruled out", entry.platform, escape(entry.name)));
    }
    out.line("\n## Decision outcome\n");
    match chosen {
        Some(best) => {
            let main: Vec<String> = best.reasons.iter().take(3).map(|r| escape(r.text).into_owned()).collect();
            out.line(format!(
                "Chosen option: `{}`, scoring {:.1} of 100, because it ranks first under the rules in force; \
                 its largest advantages: {}.",
                best.platform,
                best.score,
                main.join("; ")
            ));
            out.line("\n### Consequences\n");
            reasons(&mut out, &best.reasons, Tone::Good);
            reasons(&mut out, &best.drawbacks, Tone::Bad);
        }
        None => {
            out.line("No platform fits: every one is ruled out by a hard constraint (below).");
        }
    }
    out.line("\n## Pros and cons of the options\n");
    for entry in report.ranking.iter().skip(1) {
        out.line(format!("### `{}` (score {:.1})\n", entry.platform, entry.score));
        reasons(&mut out, &entry.reasons, Tone::Good);
        reasons(&mut out, &entry.drawbacks, Tone::Bad);
        out.line("");
    }
    if !report.exclusions_by_rule.is_empty() {
        out.line("## Ruled out\n");
        for group in &report.exclusions_by_rule {
            let sources = group.rule.sources.iter().map(|s| format!("<{}>", escape(s))).collect::<Vec<_>>().join(", ");
            out.line(format!(
                "- {} by `{}`: {} ({sources})",
                group.platforms.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", "),
                group.rule.id,
                escape(group.rule.because)
            ));
        }
        out.line("");
    }
    if !report.assumptions.is_empty() {
        out.line("## Assumptions\n");
        out.line("Not stated by the team; the defaults below were used:\n");
        for assumption in &report.assumptions {
            out.line(format!("- `{}` = `{}`", assumption.fact, assumption.value));
        }
        out.line("");
    }
    out.line("## Validation\n");
    out.line(format!(
        "Re-check this decision whenever the rules or the workload change: `shipwise check {record_path}` \
         passes while the chosen platform stays first (or within tolerance) and fails if a hard \
         constraint rules it out."
    ));
    out
}
