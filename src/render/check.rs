//! The reports of `shipwise check`: text for a person, JSON, JUnit XML, SARIF 2.1.0, GitHub
//! workflow commands and Markdown. Every format ends with the tally line.

use super::Lines as _;

use serde::Serialize;

use super::formats::CheckFormat;
use super::{Column, Style, escape, wrap};
use crate::check::{CheckSummary, Judgement, Verdict};

/// The JSON layout version, one for every report shipwise writes.
pub use crate::report::SCHEMA_VERSION;

/// The report in the chosen format.
pub fn render_check(judgements: &[Judgement], summary: &CheckSummary, format: CheckFormat, style: Style) -> String {
    match format {
        CheckFormat::Text => text(judgements, summary, style),
        CheckFormat::Json => json(judgements, summary),
        CheckFormat::Junit => junit(judgements, summary),
        CheckFormat::Sarif => sarif(judgements, summary),
        CheckFormat::Github => github(judgements, summary),
        CheckFormat::Markdown => markdown(judgements, summary),
    }
}

fn text(judgements: &[Judgement], summary: &CheckSummary, style: Style) -> String {
    let mut out = String::new();
    let width = usize::from(style.width);
    for judgement in judgements {
        let word = format!("{:<6}", judgement.verdict.word());
        let word = match judgement.verdict {
            Verdict::Pass | Verdict::Waived => style.good(&word),
            Verdict::Warn => style.dim(&word),
            Verdict::Fail | Verdict::Error => style.bad(&word),
        };
        out.line(format!("{word} {}", escape(&place(judgement))));
        out.line(format!("       {}", wrap(&judgement.message, width, 7)));
        for rule in &judgement.rules {
            out.line(format!("       {}", wrap(&format!("{}: {}", rule.id, rule.because), width, 9)));
            for source in &rule.sources {
                out.line(format!("         {}", style.dim(source)));
            }
        }
    }
    out.line(summary.tally());
    out
}

/// `file:line` (or the file alone when the line is not known).
fn place(judgement: &Judgement) -> String {
    if judgement.line == 0 { judgement.file.clone() } else { format!("{}:{}", judgement.file, judgement.line) }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    decisions: &'a [Judgement],
    summary: &'a CheckSummary,
    tally: String,
}

fn json(judgements: &[Judgement], summary: &CheckSummary) -> String {
    let report = JsonReport { schema_version: SCHEMA_VERSION, decisions: judgements, summary, tally: summary.tally() };
    super::json(&report)
}

/// Escapes text for XML attributes and content. Control characters and the non-characters
/// U+FFFE and U+FFFF, which XML 1.0 does not allow even as references, are shown escaped first.
pub(crate) fn xml(text: &str) -> String {
    escape(text)
        .chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&apos;".to_string(),
            other => other.to_string(),
        })
        .collect()
}

fn junit(judgements: &[Judgement], summary: &CheckSummary) -> String {
    use super::junit::{Case, Result, Suite, document};
    let cases = judgements
        .iter()
        .map(|judgement| {
            let platform = judgement.platform.as_deref().unwrap_or("?");
            let message = judgement.message.clone();
            let result = match judgement.verdict {
                Verdict::Pass => Result::Pass,
                Verdict::Waived => Result::Skipped { message },
                Verdict::Warn | Verdict::Fail => {
                    let details: Vec<String> = judgement
                        .rules
                        .iter()
                        .map(|r| format!("{}: {} {}", r.id, r.because, r.sources.join(" ")))
                        .collect();
                    Result::Failure {
                        kind: Some(judgement.verdict.word().to_string()),
                        message,
                        details: details.join("\n"),
                    }
                }
                Verdict::Error => Result::Error { message },
            };
            Case {
                classname: "shipwise.check".into(),
                name: format!("{} ({platform})", place(judgement)),
                file: None,
                result,
            }
        })
        .collect();
    document("shipwise check", &[Suite { name: "shipwise check".into(), cases }], true, Some(&summary.tally()))
}

/// The SARIF rule id of a judgement: the excluding rule for a fail, otherwise a shipwise id.
fn sarif_rule(judgement: &Judgement) -> String {
    match (judgement.verdict, judgement.rules.first()) {
        (_, Some(rule)) => rule.id.clone(),
        (Verdict::Warn | Verdict::Waived, None) => "shipwise/behind-best".to_string(),
        _ => "shipwise/unreadable-record".to_string(),
    }
}

fn sarif(judgements: &[Judgement], summary: &CheckSummary) -> String {
    let findings: Vec<&Judgement> = judgements.iter().filter(|j| j.verdict != Verdict::Pass).collect();
    let mut rule_ids: Vec<String> = findings.iter().map(|j| sarif_rule(j)).collect();
    rule_ids.sort();
    rule_ids.dedup();
    let rules: Vec<serde_json::Value> = rule_ids
        .iter()
        .map(|id| {
            let cited = findings.iter().flat_map(|j| j.rules.iter()).find(|r| &r.id == id);
            let text = match (id.as_str(), cited) {
                (_, Some(rule)) => rule.because.clone(),
                ("shipwise/behind-best", _) => {
                    "The chosen platform is viable but behind the best by more than the tolerance.".to_string()
                }
                _ => "The decision record or its workload cannot be read or evaluated.".to_string(),
            };
            let mut rule = serde_json::json!({ "id": id, "shortDescription": { "text": text } });
            if let Some(source) = cited.and_then(|r| r.sources.first()) {
                rule["helpUri"] = serde_json::json!(source);
            }
            rule
        })
        .collect();
    let results: Vec<serde_json::Value> = findings
        .iter()
        .map(|j| {
            let level = match j.verdict {
                Verdict::Fail | Verdict::Error => "error",
                Verdict::Warn => "warning",
                Verdict::Waived | Verdict::Pass => "note",
            };
            let mut region = serde_json::json!({ "startLine": j.line.max(1) });
            if j.column > 0 {
                region["startColumn"] = serde_json::json!(j.column);
            }
            serde_json::json!({
                "ruleId": sarif_rule(j),
                "level": level,
                "message": { "text": j.message },
                "locations": [{ "physicalLocation": {
                    "artifactLocation": { "uri": uri(&j.file) },
                    "region": region,
                } }],
            })
        })
        .collect();
    let report = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "shipwise",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            } },
            "results": results,
            "properties": { "tally": summary.tally() },
        }],
    });
    super::json(&report)
}

/// A relative file path as a URI reference (RFC 3986): forward slashes, and every byte other
/// than an unreserved character or `/` percent-encoded.
fn uri(file: &str) -> String {
    let mut out = String::new();
    for byte in file.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Escapes a GitHub workflow-command property or message: control characters first (so that a
/// line break in input shows as `\n` instead of continuing the annotation), then the command's
/// own escapes.
fn workflow(text: &str, property: bool) -> String {
    let text = escape(text).replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    if property { text.replace(':', "%3A").replace(',', "%2C") } else { text }
}

fn github(judgements: &[Judgement], summary: &CheckSummary) -> String {
    let mut out = String::new();
    for judgement in judgements {
        let command = match judgement.verdict {
            Verdict::Pass => continue,
            Verdict::Fail | Verdict::Error => "error",
            Verdict::Warn => "warning",
            Verdict::Waived => "notice",
        };
        let line = if judgement.line > 0 { format!(",line={}", judgement.line) } else { String::new() };
        let title = format!("shipwise check: {}", judgement.verdict.word());
        out.line(format!(
            "::{command} file={}{line},title={}::{}",
            workflow(&judgement.file, true),
            workflow(&title, true),
            workflow(&judgement.message, false)
        ));
    }
    out.line(summary.tally());
    out
}

/// The Markdown table's columns.
fn markdown_columns() -> [Column<Judgement>; 4] {
    [
        Column { header: "Verdict", right: false, cell: |j| j.verdict.word().to_string() },
        Column { header: "Record", right: false, cell: |j| super::markdown::code(&place(j)) },
        Column { header: "Platform", right: false, cell: |j| j.platform.clone().unwrap_or_default() },
        Column { header: "Why", right: false, cell: |j| j.message.clone() },
    ]
}

/// Markdown for a pull-request comment or a workflow's step summary.
pub fn markdown(judgements: &[Judgement], summary: &CheckSummary) -> String {
    let mut out = String::from("## shipwise check\n\n");
    out.push_str(&super::markdown::grid(&markdown_columns(), judgements));
    let cited: Vec<String> = judgements
        .iter()
        .flat_map(|j| j.rules.iter())
        .map(|r| {
            format!(
                "- `{}`: {} ({})",
                r.id,
                escape(&r.because),
                r.sources.iter().map(|s| format!("<{}>", escape(s))).collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    if !cited.is_empty() {
        out.line("\nRules cited:\n");
        let mut seen = Vec::new();
        for line in cited {
            if !seen.contains(&line) {
                out.line(&line);
                seen.push(line);
            }
        }
    }
    out.line(format!("\n{}", summary.tally()));
    out
}

#[cfg(test)]
mod escaper_tests {
    use super::{uri, workflow, xml};

    #[test]
    fn uri_references_encode_every_byte_but_unreserved_ones_and_slashes() {
        for (input, expected) in [
            ("docs/adr/0001-api_v2.~md", "docs/adr/0001-api_v2.~md"),
            ("docs\\adr\\a b.md", "docs/adr/a%20b.md"),
            ("a#b?c%d&e", "a%23b%3Fc%25d%26e"),
            ("é.md", "%C3%A9.md"),
            ("x\ny)", "x%0Ay%29"),
        ] {
            assert_eq!(uri(input), expected, "uri({input:?})");
        }
    }

    #[test]
    fn workflow_commands_cannot_be_ended_or_started_by_input() {
        for (input, property, expected) in [
            ("plain words", false, "plain words"),
            ("50% done", false, "50%25 done"),
            ("a\nb\rc", false, "a\\nb\\rc"),
            ("a:b,c", false, "a:b,c"),
            ("a:b,c", true, "a%3Ab%2Cc"),
            ("::error::x", false, "\\u{3a}:error::x"),
            ("::error::x", true, "\\u{3a}%3Aerror%3A%3Ax"),
            ("%0A::", true, "%250A%3A%3A"),
        ] {
            assert_eq!(workflow(input, property), expected, "workflow({input:?}, {property})");
            assert!(!workflow(input, property).contains(['\n', '\r']));
        }
    }

    #[test]
    fn xml_escapes_markup_and_what_xml_cannot_hold() {
        for (input, expected) in [
            ("plain", "plain"),
            ("<a href=\"x\">&'", "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"),
            ("]]>", "]]&gt;"),
            ("\u{1b}[2J\u{0}", "\\u{1b}[2J\\u{0}"),
            ("\u{fffe}", "\\u{fffe}"),
        ] {
            assert_eq!(xml(input), expected, "xml({input:?})");
        }
    }
}
