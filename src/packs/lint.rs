//! `shipwise rules lint`: every problem of a rule pack at once. Errors are what loading rejects
//! (unknown ids, duplicates, missing `because` or `source`, values out of range) plus conditions
//! that can never hold; warnings are what still loads but deserves a look: a `reviewed` date
//! older than the allowed age, a plain-http source, a fact no rule reads, a condition that always
//! holds, a rule that rules out every platform.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::condition::{Condition, Reach};
use crate::date::Date;
use crate::error::{Diagnostic, Location};
use crate::pack::Pack;
use crate::ruleset::RuleSet;
use crate::yaml::Node;

/// How many combinations of values lint tries in all to tell whether conditions can hold: the
/// default pack needs a few thousand; a hostile pack gets "too many to check" past this.
pub const REACH_BUDGET: usize = 1 << 23;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The pack is wrong: it does not load, or a part of it can never take effect.
    Error,
    /// The pack loads, but something deserves a look.
    Warning,
}

impl Severity {
    /// The word printed before the message.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found in a pack.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// Where.
    #[serde(serialize_with = "crate::error::location_text")]
    pub at: Location,
    /// What is wrong and what to do.
    pub message: String,
}

impl Finding {
    /// An error found while loading.
    pub fn error(diagnostic: &Diagnostic) -> Self {
        Finding { severity: Severity::Error, at: diagnostic.at.clone(), message: diagnostic.message.clone() }
    }
}

/// What lint checks beyond loading.
#[derive(Clone, Debug)]
pub struct Options {
    /// Today, as `YYYY-MM-DD`.
    pub today: Date,
    /// A `reviewed` date older than this many months is a warning.
    pub max_age_months: u32,
}

/// Lints the last of `packs` as layered on the ones before it. Findings come sorted by file,
/// line and column; problems of the packs beneath are reported too, since they stop loading.
pub fn lint(packs: &[Pack], options: &Options) -> Vec<Finding> {
    let Some(pack) = packs.last() else { return Vec::new() };
    let mut findings = Vec::new();
    raw_checks(pack, options, &mut findings);
    match RuleSet::load(packs) {
        Err(err) => findings.extend(err.diagnostics().iter().map(Finding::error)),
        Ok(rules) => loaded_checks(pack, &rules, &mut findings),
    }
    findings.sort_by(|a, b| (&a.at, a.severity, &a.message).cmp(&(&b.at, b.severity, &b.message)));
    findings.dedup();
    cap_per_file(findings)
}

/// The first findings of each file, then one that says how many more there are (an error when
/// one of those is, so that the exit code stays the same).
fn cap_per_file(findings: Vec<Finding>) -> Vec<Finding> {
    let mut shown: HashMap<Arc<str>, usize> = HashMap::new();
    let mut more: Vec<(Location, usize, Severity)> = Vec::new();
    let mut kept = Vec::new();
    for finding in findings {
        let count = shown.entry(Arc::clone(&finding.at.file)).or_default();
        if *count < crate::error::MAX_PROBLEMS_PER_FILE {
            *count += 1;
            kept.push(finding);
            continue;
        }
        match more.iter_mut().find(|(at, _, _)| at.file == finding.at.file) {
            Some((_, hidden, severity)) => {
                *hidden += 1;
                *severity = (*severity).min(finding.severity);
            }
            None => more.push((finding.at, 1, finding.severity)),
        }
    }
    for (at, hidden, severity) in more {
        let message = format!("and {hidden} more findings in this file, not shown; fix the ones above and run again");
        kept.push(Finding { severity, at, message });
    }
    kept
}

/// Checks that need only the pack as written, so they run even when it does not load.
fn raw_checks(pack: &Pack, options: &Options, findings: &mut Vec<Finding>) {
    for file in &pack.files {
        let name = &file.source.name;
        control_characters(file, findings);
        for rule in &file.content.rules {
            if let Some((date, reviewed)) = rule.reviewed.as_ref().and_then(|d| Date::parse(&d.value).map(|r| (d, r))) {
                let at = Location::at(name, date.referenced.line(), date.referenced.column());
                if let Some(message) = review_age(&rule.id.value, reviewed, options) {
                    findings.push(Finding { severity: Severity::Warning, at, message });
                }
            }
            let urls: Vec<&serde_saphyr::Spanned<Node>> = match rule.source.as_ref().map(|s| (&s.value, s)) {
                Some((Node::Seq(items), _)) => items.iter().collect(),
                Some((_, node)) => vec![node],
                None => Vec::new(),
            };
            for url in urls {
                if let Node::String(text) = &url.value
                    && text.starts_with("http://")
                {
                    findings.push(Finding {
                        severity: Severity::Warning,
                        at: Location::at(name, url.referenced.line(), url.referenced.column()),
                        message: format!("source {text} is plain http; cite the https:// address"),
                    });
                }
            }
        }
    }
}

/// Warns about texts of a pack file that hold a control character other than a line break (an
/// escape sequence, a carriage return, a tab): shipwise prints them escaped, and a reader of the
/// YAML may not see them at all.
fn control_characters(file: &crate::pack::LoadedFile, findings: &mut Vec<Finding>) {
    let name = &file.source.name;
    let content = &file.content;
    let mut texts: Vec<(String, &serde_saphyr::Spanned<String>, &str)> = Vec::new();
    for rule in &content.rules {
        let what = |field: &str| format!("the {field} of rule \"{}\"", crate::escape::excerpt(&rule.id.value));
        for (field, text) in [("title", &rule.title), ("because", &rule.because), ("note", &rule.note)] {
            if let Some(text) = text {
                texts.push((what(field), &rule.id, text));
            }
        }
        let sources: Vec<&Node> = match rule.source.as_ref().map(|s| &s.value) {
            Some(Node::Seq(items)) => items.iter().map(|item| &item.value).collect(),
            Some(node) => vec![node],
            None => Vec::new(),
        };
        for source in sources {
            if let Node::String(text) = source {
                texts.push((what("source"), &rule.id, text));
            }
        }
    }
    for platform in &content.platforms {
        let what = |field: &str| format!("the {field} of platform \"{}\"", crate::escape::excerpt(&platform.id.value));
        for (field, text) in [("name", &platform.name), ("summary", &platform.summary)] {
            if let Some(text) = text {
                texts.push((what(field), &platform.id, text));
            }
        }
    }
    for criterion in &content.criteria {
        let what =
            |field: &str| format!("the {field} of criterion \"{}\"", crate::escape::excerpt(&criterion.id.value));
        for (field, text) in [("name", &criterion.name), ("help", &criterion.help)] {
            if let Some(text) = text {
                texts.push((what(field), &criterion.id, text));
            }
        }
    }
    for fact in &content.facts {
        let what = |field: &str| format!("the {field} of fact \"{}\"", crate::escape::excerpt(&fact.id.value));
        for (field, text) in [("prompt", &fact.prompt), ("help", &fact.help), ("unit", &fact.unit)] {
            if let Some(text) = text {
                texts.push((what(field), &fact.id, text));
            }
        }
        if let Some(Node::Map(values)) = fact.values.as_ref().map(|v| &v.value) {
            for (value, help) in values {
                if let Node::String(text) = &help.value {
                    texts.push((what(&format!("value \"{}\"", crate::escape::excerpt(&value.value))), &fact.id, text));
                }
            }
        }
    }
    for (what, id, text) in texts {
        if let Some(c) = text.chars().find(|&c| c != '\n' && crate::escape::is_unsafe(c)) {
            findings.push(Finding {
                severity: Severity::Warning,
                at: Location::at(name, id.referenced.line(), id.referenced.column()),
                message: format!(
                    "{what} holds the control character {}; shipwise prints it escaped, and readers of the YAML may not see it: remove it",
                    crate::escape::escape(&c.to_string())
                ),
            });
        }
    }
}

fn review_age(rule: &str, reviewed: Date, options: &Options) -> Option<String> {
    if reviewed > options.today {
        return Some(format!(
            "rule \"{rule}\" says it was reviewed on {reviewed}, which is after today ({}); write the date the source was read",
            options.today
        ));
    }
    let age = reviewed.months_until(options.today);
    (age >= i64::from(options.max_age_months)).then(|| {
        format!(
            "rule \"{rule}\" was last reviewed on {reviewed}, {age} months ago (--max-age {}); check its source still says so, then update `reviewed`",
            options.max_age_months
        )
    })
}

/// Checks of the loaded rule set, limited to what `pack` defines.
fn loaded_checks(pack: &Pack, rules: &RuleSet, findings: &mut Vec<Finding>) {
    let files: HashSet<&str> = pack.files.iter().map(|f| &*f.source.name).collect();
    let mine = |at: &Location| files.contains(&*at.file);
    // Where each rule's `when` is written, for pointing at the condition rather than the id (the
    // first rule of an id, as loading keeps).
    let mut when_at: HashMap<&str, Location> = HashMap::new();
    for file in &pack.files {
        for rule in &file.content.rules {
            if let Some(when) = &rule.when {
                let at = Location::at(&file.source.name, when.referenced.line(), when.referenced.column());
                when_at.entry(rule.id.value.as_str()).or_insert(at);
            }
        }
    }
    let mut budget = REACH_BUDGET;
    for rule in rules.rules.iter().filter(|r| mine(&r.defined_at)) {
        let at = when_at.get(rule.id.as_str()).cloned().unwrap_or_else(|| rule.defined_at.clone());
        match rule.when.reach_within(&rules.catalog, &mut budget) {
            Reach::Never => findings.push(Finding {
                severity: Severity::Error,
                at,
                message: format!(
                    "the condition of rule \"{}\" can never hold under the catalog, so the rule never fires; check its values and bounds against `shipwise rules list --facts`",
                    rule.id
                ),
            }),
            Reach::Unknown => findings.push(Finding {
                severity: Severity::Warning,
                at,
                message: format!(
                    "the condition of rule \"{}\" reads too many facts to check whether it can hold (lint tries {} combinations of values in all); consider splitting it",
                    rule.id, REACH_BUDGET
                ),
            }),
            Reach::Always if rule.when != Condition::always() => findings.push(Finding {
                severity: Severity::Warning,
                at,
                message: format!(
                    "the condition of rule \"{}\" holds for every workload; leave `when` out if that is meant",
                    rule.id
                ),
            }),
            _ => {}
        }
        if rule.exclude.len() == rules.platforms.len() {
            findings.push(Finding {
                severity: Severity::Warning,
                at: rule.defined_at.clone(),
                message: format!(
                    "rule \"{}\" rules out every platform, so a workload it fires for gets no recommendation",
                    rule.id
                ),
            });
        }
    }
    // Facts this pack defines: their questions' conditions, and whether anything reads them.
    let mut read = Vec::new();
    for rule in &rules.rules {
        rule.when.facts(&mut read);
    }
    for (_, fact) in rules.catalog.iter() {
        if let Some(ask_if) = &fact.ask_if {
            ask_if.facts(&mut read);
        }
    }
    if let Some(pricing) = &rules.pricing {
        let inputs = pricing.inputs;
        read.extend([inputs.tasks, inputs.hours, inputs.vcpu, inputs.memory, inputs.utilization, inputs.spot]);
    }
    let read: HashSet<crate::catalog::FactId> = read.into_iter().collect();
    for (id, fact) in rules.catalog.iter().filter(|(_, f)| mine(&f.defined_at)) {
        if fact.ask_if.as_ref().is_some_and(|c| c.reach_within(&rules.catalog, &mut budget) == Reach::Never) {
            findings.push(Finding {
                severity: Severity::Error,
                at: fact.defined_at.clone(),
                message: format!("the `ask_if` of fact \"{}\" can never hold, so the question is never asked", fact.id),
            });
        }
        if !read.contains(&id) {
            findings.push(Finding {
                severity: Severity::Warning,
                at: fact.defined_at.clone(),
                message: format!(
                    "no rule reads fact \"{}\", so its answer changes nothing; use it in a rule's `when` or remove it",
                    fact.id
                ),
            });
        }
    }
}

/// The counts printed after the findings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
}

impl Tally {
    /// Counts findings by severity.
    pub fn of(findings: &[Finding]) -> Self {
        let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
        Tally { errors, warnings: findings.len() - errors }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::Source;

    fn options() -> Options {
        Options { today: Date::parse("2026-11-27").expect("a date"), max_age_months: 18 }
    }

    fn lint_text(text: &str) -> Vec<String> {
        let base = Pack::parse(vec![Source::new("base.yaml", crate::testing::PACK)]).expect("parses");
        let top = Pack::parse(vec![Source::new("org/policy.yaml", text)]).expect("parses");
        lint(&[base, top], &options())
            .iter()
            .map(|f| format!("{}: {}: {}", f.severity.word(), f.at, f.message))
            .collect()
    }

    #[test]
    fn finds_old_reviews_http_sources_dead_conditions_and_unread_facts() {
        let found = lint_text(
            r#"
facts:
  - id: org.region
    type: enum
    values: { commercial: Commercial, govcloud: GovCloud }
    default: commercial
    prompt: Which partition?
rules:
  - id: huge-tasks
    title: Huge tasks
    when: { all: [{ requirements.vcpu: { gt: 64 } }, { requirements.vcpu: { lt: 32 } }] }
    adjust: { nodes: 5 }
    because: Never.
    source: http://example.com/x
    reviewed: 2024-01-01
"#,
        );
        let text = found.join("\n");
        assert!(text.contains("warning: org/policy.yaml:3:9: no rule reads fact \"org.region\""), "{text}");
        assert!(
            text.contains("error: org/policy.yaml:11:11: the condition of rule \"huge-tasks\" can never hold"),
            "{text}"
        );
        assert!(text.contains("warning: org/policy.yaml:14:13: source http://example.com/x is plain http"), "{text}");
        assert!(
            text.contains(
                "warning: org/policy.yaml:15:15: rule \"huge-tasks\" was last reviewed on 2024-01-01, 34 months ago"
            ),
            "{text}"
        );
        assert_eq!(found.len(), 4, "{text}");
    }

    #[test]
    fn reports_load_errors_and_warnings_together() {
        let found = lint_text(
            "rules:\n  - id: typo\n    title: T\n    when: { requirements.gpus: true }\n    adjust: { nodes: 1 }\n    because: B\n    source: https://example.com\n    reviewed: 2020-01-01\n",
        );
        let text = found.join("\n");
        assert!(text.contains("error: org/policy.yaml:4:13: unknown fact \"requirements.gpus\""), "{text}");
        assert!(text.contains("did you mean"), "{text}");
        assert!(text.contains("warning: org/policy.yaml:8:15"), "{text}");
    }

    #[test]
    fn a_clean_pack_has_no_findings() {
        let base = Pack::parse(vec![Source::new("base.yaml", crate::testing::PACK)]).expect("parses");
        assert_eq!(lint(&[base], &options()), Vec::new());
    }
}
