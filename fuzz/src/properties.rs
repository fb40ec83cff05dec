//! What must hold for any input to each parser of untrusted input, beyond not panicking: what is
//! written reads back, every message and every rendered report is safe for a terminal or a CI
//! log (no raw control character, no line that input starts), and a file's problems stop after a
//! screenful. Used by the fuzz targets and, on the seeds and minimised crashers, by `cargo test`.

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use shipwise::check::{CheckSummary, Policy, judge};
use shipwise::decision::{WorkloadSource, parse_record};
use shipwise::pack::Pack;
use shipwise::render::Style;
use shipwise::render::formats::{CheckFormat, Format, LintFormat, TestFormat};
use shipwise::report::Report;
use shipwise::yaml::Source;
use shipwise::{RuleSet, Workload, evaluate};

/// The annotations the GitHub format writes itself; any other line starting with `::` was
/// started by input.
const OWN_COMMANDS: [&str; 3] = ["::error file=", "::warning file=", "::notice file="];

/// Fails when `text` holds a raw control character other than a line break or a tab, or a line
/// that begins (after its indent) with `::` and is not one of shipwise's own annotations.
pub fn assert_safe(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|&c| c.is_control() && c != '\n' && c != '\t') {
        panic!("{what}: a raw {c:?} reaches the output:\n{text}");
    }
    for line in text.lines() {
        let start = line.trim_start();
        let own = OWN_COMMANDS.iter().any(|own| start.starts_with(own));
        assert!(!start.starts_with("::") || own, "{what}: input starts the line {line:?}");
    }
}

/// Fails unless an error about one file is safe and stops after a screenful.
fn assert_error_safe(what: &str, err: &shipwise::error::Error) {
    let text = err.to_string();
    assert_safe(what, &text);
    let lines = text.lines().count();
    assert!(lines <= shipwise::error::MAX_PROBLEMS_PER_FILE + 1, "{what}: {lines} lines of problems for one file");
}

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(shipwise::embedded::default_rules)
}

/// Renders a recommendation in every format and checks each.
fn assert_report_safe(rules: &RuleSet, workload: &Workload) {
    let evaluation = evaluate(rules, workload);
    let report = Report::new(rules, workload, &evaluation, true);
    for format in [Format::Table, Format::Markdown, Format::Json, Format::Yaml] {
        let text = shipwise::render::render_report(&report, format, Style::plain());
        assert_safe(&format!("the {format:?} report"), &text);
    }
}

/// A workload file: refused safely, or read into a workload whose saved form reads back the same
/// and whose report is safe in every format.
pub fn workload(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let rules = rules();
    match Workload::parse(&Source::new("fuzz/w.yaml", text), rules) {
        Err(err) => assert_error_safe("a workload error", &err),
        Ok(workload) => {
            let saved = workload.to_yaml(rules);
            let back = Workload::parse(&Source::new("fuzz/saved.yaml", saved.as_str()), rules);
            match back {
                Ok(back) => assert_eq!(back, workload, "the saved workload reads back differently:\n{saved}"),
                Err(err) => panic!("the saved workload does not read back: {err}\n{saved}"),
            }
            assert_report_safe(rules, &workload);
        }
    }
}

/// A pack file layered on the default pack: refused safely, or loaded into rules whose every
/// listing and report is safe; lint's findings are safe either way.
pub fn pack(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let top = match Pack::parse(vec![Source::new("fuzz/pack.yaml", text)]) {
        Ok(top) => top,
        Err(err) => return assert_error_safe("a pack error", &err),
    };
    let options = shipwise::lint::Options {
        today: shipwise::date::Date::parse("2026-11-27").expect("a date"),
        max_age_months: 18,
    };
    let base = shipwise::embedded::default_pack().expect("the default pack parses");
    let packs = [base, top];
    let findings = shipwise::lint::lint(&packs, &options);
    let tally = shipwise::lint::Tally::of(&findings);
    for format in [LintFormat::Text, LintFormat::Json] {
        let text = shipwise::render::pack::render_lint(&findings, &["fuzz".into()], tally, format, Style::plain());
        assert_safe("the lint report", &text);
    }
    let rules = match RuleSet::load(&packs) {
        Ok(rules) => rules,
        Err(err) => return assert_safe("a pack error", &err.to_string()),
    };
    for format in [Format::Table, Format::Markdown, Format::Json] {
        assert_safe("the rule list", &shipwise::render::render_rules(&rules, format, Style::plain()));
        assert_safe("the platform list", &shipwise::render::render_platforms(&rules, format, Style::plain()));
        assert_safe("the fact list", &shipwise::render::render_facts(&rules, format, Style::plain()));
    }
    for rule in &rules.rules {
        assert_safe("a rule", &shipwise::render::render_rule(&rules, rule, Style::plain()));
    }
    assert_report_safe(&rules, &Workload::defaults(&rules));
}

/// A decision record, as YAML and as Markdown front matter: refused safely, or judged, with the
/// judgement safe in every report format.
pub fn record(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let rules = rules();
    for name in ["fuzz/decisions/r.yaml", "fuzz/decisions/r.md"] {
        let decision = match parse_record(Path::new(name), Source::new(name, text)) {
            Ok(Some(decision)) => decision,
            Ok(None) => continue,
            Err(err) => {
                assert_error_safe("a record error", &err);
                continue;
            }
        };
        let workload = match &decision.workload {
            WorkloadSource::Inline(node) => match Workload::from_node(&decision.source, node, rules) {
                Ok(workload) => workload,
                Err(err) => {
                    assert_error_safe("an inline workload error", &err);
                    continue;
                }
            },
            // A path is not read here: the fence and the file are `check`'s (tests/fence.rs).
            WorkloadSource::Path(_) => Workload::defaults(rules),
        };
        let policy = Policy {
            tolerance: 10.0,
            today: shipwise::date::Date::parse("2026-11-27").expect("a date"),
            min_confidence: None,
        };
        let judgements = vec![judge(rules, &decision, &workload, &policy, name)];
        let summary = CheckSummary::of(&judgements);
        for format in [
            CheckFormat::Text,
            CheckFormat::Json,
            CheckFormat::Junit,
            CheckFormat::Sarif,
            CheckFormat::Github,
            CheckFormat::Markdown,
        ] {
            let text = shipwise::render::check::render_check(&judgements, &summary, format, Style::plain());
            assert_safe(&format!("the {format:?} check report"), &text);
            if format == CheckFormat::Junit {
                assert!(!text.contains(['\u{fffe}', '\u{ffff}']), "JUnit holds a character XML refuses");
            }
        }
    }
}

/// A `.shipwise.yaml`: read, or refused safely.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let source = Source::new("fuzz/.shipwise.yaml", text);
    if let Err(err) = shipwise::config::Config::parse(&source, Path::new("/nonexistent/.shipwise.yaml"), None) {
        assert_error_safe("a configuration error", &err);
    }
}

/// A pack's test-case file: refused safely, or run, with the results safe in every format.
pub fn cases(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let rules = rules();
    let cases = match shipwise::cases::read(&[Source::new("fuzz/tests/c.yaml", text)], rules) {
        Ok(cases) => cases,
        Err(err) => return assert_error_safe("a case file error", &err),
    };
    let outcomes = shipwise::cases::run(rules, &cases);
    let files: HashSet<Arc<str>> = HashSet::new();
    let coverage = shipwise::cases::coverage(rules, &cases, &files);
    let reports = [shipwise::render::pack::PackTests { pack: "fuzz".into(), outcomes, coverage }];
    for format in [TestFormat::Text, TestFormat::Json, TestFormat::Junit] {
        let text = shipwise::render::pack::render_tests(&reports, Some(50.0), format, Style::plain());
        assert_safe("the test report", &text);
    }
}
