//! A Markdown decision record in the MADR style, from a recommendation: front matter with the
//! `shipwise:` block that `shipwise check` reads, then the context, the options considered with
//! their pros and cons, the outcome with its sources, what was ruled out, the assumptions, and
//! how to re-check the decision.

use std::fmt::Write as _;

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
    let _ = writeln!(out, "---\nstatus: proposed\ndate: {date}\nshipwise:");
    match report.ranking.first() {
        Some(best) => {
            let _ = writeln!(out, "  platform: {}", best.platform);
        }
        None => {
            let _ = writeln!(out, "  platform: none  # every platform was ruled out; choose one and add a waiver");
        }
    }
    match workload {
        WorkloadRef::Path(path) => {
            // Quoted: a path may hold `#`, `: ` or spaces that plain YAML would misread.
            let _ = writeln!(out, "  workload: {}", serde_json::to_string(path).expect("a string serialises"));
        }
        WorkloadRef::Inline(yaml) => {
            let _ = writeln!(out, "  workload:");
            for line in yaml.lines() {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    let _ = writeln!(out, "---\n");
    let chosen = report.ranking.first();
    match chosen {
        Some(best) => {
            let _ = writeln!(out, "# Run {name} on {}\n", escape(best.name));
        }
        None => {
            let _ = writeln!(out, "# Where to run {name}\n");
        }
    }
    let _ = writeln!(out, "## Context and problem statement\n");
    let _ = writeln!(
        out,
        "Where should {name} run on AWS? This record was drafted by `shipwise ask` from the team's answers \
         (the workload named above) and the rules in force. Points come from the platforms' ratings on \
         weighted criteria and from rules, each rule with its public source.\n"
    );
    let _ = writeln!(out, "## Considered options\n");
    for entry in &report.ranking {
        let _ = writeln!(out, "- `{}` ({}): score {:.1}", entry.platform, escape(entry.name), entry.score);
    }
    for entry in &report.excluded {
        let _ = writeln!(out, "- `{}` ({}): ruled out", entry.platform, escape(entry.name));
    }
    let _ = writeln!(out, "\n## Decision outcome\n");
    match chosen {
        Some(best) => {
            let main: Vec<String> = best.reasons.iter().take(3).map(|r| escape(r.text).into_owned()).collect();
            let _ = writeln!(
                out,
                "Chosen option: `{}`, scoring {:.1} of 100, because it ranks first under the rules in force; \
                 its largest advantages: {}.",
                best.platform,
                best.score,
                main.join("; ")
            );
            let _ = writeln!(out, "\n### Consequences\n");
            reasons(&mut out, &best.reasons, Tone::Good);
            reasons(&mut out, &best.drawbacks, Tone::Bad);
        }
        None => {
            let _ = writeln!(out, "No platform fits: every one is ruled out by a hard constraint (below).");
        }
    }
    let _ = writeln!(out, "\n## Pros and cons of the options\n");
    for entry in report.ranking.iter().skip(1) {
        let _ = writeln!(out, "### `{}` (score {:.1})\n", entry.platform, entry.score);
        reasons(&mut out, &entry.reasons, Tone::Good);
        reasons(&mut out, &entry.drawbacks, Tone::Bad);
        let _ = writeln!(out);
    }
    if !report.exclusions_by_rule.is_empty() {
        let _ = writeln!(out, "## Ruled out\n");
        for group in &report.exclusions_by_rule {
            let sources = group.rule.sources.iter().map(|s| format!("<{}>", escape(s))).collect::<Vec<_>>().join(", ");
            let _ = writeln!(
                out,
                "- {} by `{}`: {} ({sources})",
                group.platforms.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", "),
                group.rule.id,
                escape(group.rule.because)
            );
        }
        let _ = writeln!(out);
    }
    if !report.assumptions.is_empty() {
        let _ = writeln!(out, "## Assumptions\n");
        let _ = writeln!(out, "Not stated by the team; the defaults below were used:\n");
        for assumption in &report.assumptions {
            let _ = writeln!(out, "- `{}` = `{}`", assumption.fact, assumption.value);
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## Validation\n");
    let _ = writeln!(
        out,
        "Re-check this decision whenever the rules or the workload change: `shipwise check {record_path}` \
         passes while the chosen platform stays first (or within tolerance) and fails if a hard \
         constraint rules it out."
    );
    out
}
