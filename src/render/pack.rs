//! The reports of `rules lint` (text, JSON) and `rules test` (text, JSON, JUnit XML).

use super::Lines as _;

use super::formats::{LintFormat, TestFormat};
use super::{Style, escape, wrap};
use crate::cases::{CaseOutcome, Coverage};
use crate::lint::{Finding, Severity, Tally};

/// The JSON layout version, one for every report shipwise writes.
pub use crate::report::SCHEMA_VERSION;

/// The lint report.
pub fn render_lint(findings: &[Finding], packs: &[String], tally: Tally, format: LintFormat, style: Style) -> String {
    match format {
        LintFormat::Text => {
            let mut out = String::new();
            for finding in findings {
                let word = match finding.severity {
                    Severity::Error => style.bad("error"),
                    Severity::Warning => style.dim("warning"),
                };
                out.line(format!("{word}: {}: {}", finding.at, escape(&finding.message)));
            }
            out.line(lint_tally(packs, tally));
            out
        }
        LintFormat::Json => {
            let report = serde_json::json!({
                "schema_version": SCHEMA_VERSION,
                "packs": packs,
                "findings": findings,
                "summary": tally,
            });
            super::json(&report)
        }
    }
}

fn lint_tally(packs: &[String], tally: Tally) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!("{}: {}, {}", escape(&packs.join(", ")), plural(tally.errors, "error"), plural(tally.warnings, "warning"))
}

/// One pack's test results.
#[derive(Clone, Debug, serde::Serialize)]
pub struct PackTests {
    /// The pack's name.
    pub pack: String,
    /// How each case went.
    #[serde(rename = "cases")]
    pub outcomes: Vec<CaseOutcome>,
    /// What the cases cover (nothing when the pack has no cases).
    pub coverage: Coverage,
}

impl PackTests {
    /// Whether coverage reaches `min` percent on both rules and answer values.
    pub fn meets(&self, min: Option<f64>) -> bool {
        min.is_none_or(|min| self.coverage.rule_percent() >= min && self.coverage.value_percent() >= min)
    }
}

/// The test report.
pub fn render_tests(reports: &[PackTests], min_coverage: Option<f64>, format: TestFormat, style: Style) -> String {
    match format {
        TestFormat::Text => tests_text(reports, min_coverage, style),
        TestFormat::Json => {
            let (total, failed) = counts(reports);
            let report = serde_json::json!({
                "schema_version": SCHEMA_VERSION,
                "packs": reports,
                "summary": {
                    "cases": total,
                    "passed": total - failed,
                    "failed": failed,
                    "min_coverage": min_coverage,
                    "coverage_met": reports.iter().all(|r| r.meets(min_coverage)),
                },
            });
            super::json(&report)
        }
        TestFormat::Junit => junit(reports, min_coverage),
    }
}

fn counts(reports: &[PackTests]) -> (usize, usize) {
    let total = reports.iter().map(|r| r.outcomes.len()).sum();
    let failed = reports.iter().flat_map(|r| &r.outcomes).filter(|o| !o.passed()).count();
    (total, failed)
}

fn coverage_line(coverage: &Coverage) -> String {
    format!(
        "coverage: {} of {} rules fired ({:.0}%), {} of {} answer values change an outcome ({:.0}%)",
        coverage.rules - coverage.unfired.len(),
        coverage.rules,
        coverage.rule_percent(),
        coverage.values - coverage.unchanging.len(),
        coverage.values,
        coverage.value_percent()
    )
}

fn tests_text(reports: &[PackTests], min_coverage: Option<f64>, style: Style) -> String {
    let width = usize::from(style.width);
    let mut out = String::new();
    for report in reports {
        out.line(style.heading(&report.pack));
        let coverage = &report.coverage;
        if report.outcomes.is_empty() {
            out.line("  no test cases (a pack's cases go in its tests/*.yaml)");
        }
        for outcome in &report.outcomes {
            let word = if outcome.passed() { style.good("ok  ") } else { style.bad("FAIL") };
            out.line(format!("  {word}  {}  {}", escape(&outcome.name), style.dim(&outcome.at.to_string())));
            for failure in &outcome.failures {
                out.line(format!("        {}", wrap(&format!("{}: {}", failure.at, failure.message), width, 8)));
            }
        }
        if reports.len() > 1 {
            let passed = report.outcomes.iter().filter(|o| o.passed()).count();
            let failed = report.outcomes.len() - passed;
            out.line(format!("  {} cases: {passed} passed, {failed} failed", report.outcomes.len()));
        }
        let line = coverage_line(coverage);
        let line = if report.meets(min_coverage) {
            line
        } else {
            style.bad(&format!("{line}, below {}%", min_coverage.unwrap_or(0.0)))
        };
        out.line(format!("  {line}"));
        if !coverage.unfired.is_empty() {
            out.line("  rules no case fires:");
            for (id, at) in &coverage.unfired {
                out.line(format!("    {}  {}", escape(id), style.dim(at)));
            }
        }
        if !coverage.unchanging.is_empty() {
            out.line("  answer values that change no case's outcome:");
            out.line(format!("    {}", wrap(&coverage.unchanging.join(", "), width, 4)));
        }
        out.push('\n');
    }
    // The last line says how the run went, coverage included.
    let (total, failed) = counts(reports);
    let short: Vec<&str> = reports.iter().filter(|r| !r.meets(min_coverage)).map(|r| r.pack.as_str()).collect();
    let mut last = format!("{total} cases: {} passed, {failed} failed", total - failed);
    if !short.is_empty() {
        last.push_str(&format!("; coverage below {}% in {}", min_coverage.unwrap_or(0.0), short.join(", ")));
    }
    let last = if failed > 0 || !short.is_empty() { style.bad(&last) } else { escape(&last).into_owned() };
    out.line(&last);
    out
}

fn junit(reports: &[PackTests], min_coverage: Option<f64>) -> String {
    use super::junit::{Case, Result, Suite, document};
    let suites: Vec<Suite> = reports
        .iter()
        .map(|report| {
            let mut cases: Vec<Case> = report
                .outcomes
                .iter()
                .map(|outcome| {
                    let file = outcome.at.file.to_string();
                    let result = if outcome.passed() {
                        Result::Pass
                    } else {
                        let lines: Vec<String> =
                            outcome.failures.iter().map(|f| format!("{}: {}", f.at, f.message)).collect();
                        let message = outcome.failures.first().map_or(String::new(), |f| f.message.clone());
                        Result::Failure { kind: None, message, details: lines.join("\n") }
                    };
                    Case {
                        classname: file.clone(),
                        name: outcome.name.clone(),
                        file: Some((file, outcome.at.line)),
                        result,
                    }
                })
                .collect();
            if let Some(min) = min_coverage {
                let coverage = &report.coverage;
                let result = if report.meets(min_coverage) {
                    Result::Pass
                } else {
                    let mut details = vec![coverage_line(coverage)];
                    details.extend(coverage.unfired.iter().map(|(id, at)| format!("rule no case fires: {id} ({at})")));
                    details.extend(
                        coverage.unchanging.iter().map(|v| format!("answer value that changes no outcome: {v}")),
                    );
                    Result::Failure { kind: None, message: coverage_line(coverage), details: details.join("\n") }
                };
                cases.push(Case {
                    classname: report.pack.clone(),
                    name: format!("coverage of at least {min}%"),
                    file: None,
                    result,
                });
            }
            Suite { name: report.pack.clone(), cases }
        })
        .collect();
    document("shipwise rules test", &suites, false, None)
}
