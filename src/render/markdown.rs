//! Markdown: the same columns as the terminal table, as pipe tables, for a pull request or wiki.

use super::Lines as _;

use super::REASONS_SHOWN;
use super::{Column, escape, excluded_columns, ranking_columns};
use crate::report::{ReasonEntry, ReasonKind, Report};

/// Escapes the characters that would break a table cell: control characters (a carriage return
/// or line break would split the row) and pipes.
pub fn cell(text: &str) -> String {
    escape(text).replace('|', "\\|")
}

/// A code span holding `text` whatever backticks it holds: fenced by one more backtick than its
/// longest run of them, with spaces inside when it starts or ends with one (CommonMark 6.1).
pub fn code(text: &str) -> String {
    let text = escape(text);
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A pipe table of rows under the given columns.
pub fn grid<T>(columns: &[Column<T>], rows: &[T]) -> String {
    let mut out = String::new();
    let headers: Vec<&str> = columns.iter().map(|c| c.header).collect();
    out.line(format!("| {} |", headers.join(" | ")));
    let rules: Vec<&str> = columns.iter().map(|c| if c.right { "---:" } else { "---" }).collect();
    out.line(format!("| {} |", rules.join(" | ")));
    for row in rows {
        let cells: Vec<String> = columns.iter().map(|c| cell(&(c.cell)(row))).collect();
        out.line(format!("| {} |", cells.join(" | ")));
    }
    out
}

/// How a list of reasons is worded: plainly, or as MADR's "Good, because" and "Bad, because".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// The reason's name.
    Plain,
    /// "Good, because it rates well on …".
    Good,
    /// "Bad, because it rates low on …".
    Bad,
}

/// A list of reasons, each with its points and, for a rule, its id and sources.
pub fn reasons(out: &mut String, reasons: &[ReasonEntry<'_>], tone: Tone) {
    for reason in reasons.iter().take(REASONS_SHOWN) {
        let what = match (reason.kind, tone) {
            (ReasonKind::Rule, Tone::Plain) => format!("{} (rule `{}`)", reason.text, reason.id),
            (ReasonKind::Rule, Tone::Good) => format!("Good, because of a rule: {} (`{}`)", reason.text, reason.id),
            (ReasonKind::Rule, Tone::Bad) => format!("Bad, because of a rule: {} (`{}`)", reason.text, reason.id),
            (ReasonKind::Criterion, Tone::Plain) => reason.text.to_string(),
            (ReasonKind::Criterion, Tone::Good) => {
                format!("Good, because it rates well on {}", lower_first(reason.text))
            }
            (ReasonKind::Criterion, Tone::Bad) => format!("Bad, because it rates low on {}", lower_first(reason.text)),
        };
        let sources = reason.sources.iter().map(|s| format!("<{}>", escape(s))).collect::<Vec<_>>().join(", ");
        let cite = if sources.is_empty() { String::new() } else { format!("; {sources}") };
        out.line(format!("- {} ({:+.1} points{cite})", cell(&what), reason.points));
    }
}

/// The text with its first letter in lower case, unless the first word is an acronym ("AWS").
fn lower_first(text: &str) -> String {
    let first_word = text.split_whitespace().next().unwrap_or("");
    if first_word.len() > 1 && first_word.chars().all(|c| c.is_ascii_uppercase()) {
        return text.to_string();
    }
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

/// A whole recommendation.
pub fn report(report: &Report<'_>) -> String {
    let mut out = String::new();
    let name = escape(report.name.unwrap_or("Workload"));
    out.line(format!("# {name}: where it should run\n"));
    out.line(format!("**{}**.\n", escape(&super::headline(report))));
    let (options, far) = super::split_poor_fits(&report.ranking);
    if !options.is_empty() {
        out.push_str(&grid(&ranking_columns(), options));
    }
    if !far.is_empty() {
        out.line(format!("\n{}.", super::poor_fit_line(far)));
    }
    if let Some(best) = report.ranking.first() {
        out.line(format!("\n## Why {}\n", best.platform));
        reasons(&mut out, &best.reasons, Tone::Plain);
        if !best.drawbacks.is_empty() {
            out.line(format!("\n## Against {}\n", best.platform));
            reasons(&mut out, &best.drawbacks, Tone::Plain);
        }
    }
    if let (Some(date), false) = (report.as_of, report.unavailable.is_empty()) {
        let listed: Vec<String> = report
            .unavailable
            .iter()
            .map(|u| {
                format!("`{}` (from {})", u.platform, u.available_since.map_or("?".to_string(), |d| d.to_string()))
            })
            .collect();
        out.line(format!("\n## Not yet available on {date}\n\n{}", listed.join(", ")));
    }
    if !report.excluded.is_empty() {
        out.line("\n## Ruled out\n");
        out.push_str(&grid(&excluded_columns(), &report.excluded));
        out.line("");
        for group in &report.exclusions_by_rule {
            let sources: Vec<String> = group.rule.sources.iter().map(|s| format!("<{}>", escape(s))).collect();
            out.line(format!("- `{}` ({}): {}", group.rule.id, group.platforms.join(", "), sources.join(", ")));
        }
    }
    if !report.assumptions.is_empty() {
        out.line("\n## Assumptions\n");
        for assumption in &report.assumptions {
            let open = if assumption.could_change_result == Some(true) {
                " (answering this could change the result)"
            } else {
                ""
            };
            out.line(format!("- `{}` = `{}`{open}", assumption.fact, assumption.value));
        }
    }
    if !report.notes.is_empty() {
        out.line("\n## Notes\n");
        for note in &report.notes {
            out.line(format!("- {} (`{}`)", cell(note.text), note.rule));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{cell, code};

    #[test]
    fn cells_keep_their_row_and_code_spans_hold_any_backticks() {
        for (input, expected) in [
            ("plain", "plain"),
            ("a|b", "a\\|b"),
            ("two\nlines", "two\\nlines"),
            ("\u{1b}]0;x\u{7}", "\\u{1b}]0;x\\u{7}"),
        ] {
            assert_eq!(cell(input), expected, "cell({input:?})");
        }
        for (input, expected) in [("id", "`id`"), ("a`b", "``a`b``"), ("`x", "`` `x ``"), ("a``b`", "``` a``b` ```")] {
            assert_eq!(code(input), expected, "code({input:?})");
        }
    }
}
