//! Turning results into text. Columns are defined once here; each format supplies only what
//! differs (comfy-table for the terminal, pipes for Markdown). JSON and YAML are serde of the same
//! result types. Colour and width are decided here, never in the engine.

pub mod batch;
pub mod calibration;
pub mod check;
pub mod escape;
pub mod formats;
pub mod junit;
pub mod markdown;
pub mod pack;
pub mod record;
mod table;

use serde::Serialize;

use crate::catalog::FactKind;
pub use crate::escape::escape;
pub use crate::report::REASONS_SHOWN;
use crate::report::{ExcludedEntry, Fit, RankingEntry, Report, WhatIf, WhyNot};
use crate::ruleset::{Rule, RuleSet};
pub use formats::Format;

/// How text is styled: colour on or off, and the width to wrap tables to.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Use ANSI colour and bold.
    pub color: bool,
    /// Width to fit tables into.
    pub width: u16,
}

impl Style {
    /// Plain text at a fixed width (tests, files, pipes).
    pub fn plain() -> Self {
        Style { color: false, width: 100 }
    }

    /// Escapes `text` (it may come from input), then colours it: shipwise's own codes are the
    /// only escape sequences that reach the terminal.
    fn paint(&self, code: &str, text: &str) -> String {
        let text = escape(text);
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.into_owned() }
    }

    /// A section heading.
    pub fn heading(&self, text: &str) -> String {
        self.paint("1", text)
    }

    /// Good news.
    pub fn good(&self, text: &str) -> String {
        self.paint("32", text)
    }

    /// Bad news.
    pub fn bad(&self, text: &str) -> String {
        self.paint("31", text)
    }

    /// Less important text.
    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }

    /// Less important text that shipwise wrapped itself: each line is dimmed on its own, so its
    /// line breaks stay breaks (a break inside dimmed text is input, and is shown escaped).
    pub fn dim_lines(&self, text: &str) -> String {
        text.lines().map(|line| self.dim(line)).collect::<Vec<_>>().join("\n")
    }
}

/// Text built a line at a time. Writing to a `String` cannot fail, so there is no result to
/// throw away, as `let _ = writeln!(...)` did.
pub trait Lines {
    /// Appends `line` and a line break.
    fn line(&mut self, line: impl AsRef<str>);
}

impl Lines for String {
    fn line(&mut self, line: impl AsRef<str>) {
        self.push_str(line.as_ref());
        self.push('\n');
    }
}

/// A column of a table: its header, whether it aligns right, and how a row gives its cell.
pub struct Column<T> {
    /// Header text.
    pub header: &'static str,
    /// Numbers align right.
    pub right: bool,
    /// The cell of one row.
    pub cell: fn(&T) -> String,
}

/// The ranking table's columns.
pub fn ranking_columns<'a>() -> [Column<RankingEntry<'a>>; 4] {
    [
        Column { header: "#", right: true, cell: |r| r.rank.to_string() },
        Column { header: "Platform", right: false, cell: |r| r.platform.to_string() },
        Column { header: "Score", right: true, cell: |r| format!("{:.1}", r.score) },
        Column { header: "Why", right: false, cell: one_line_reason },
    ]
}

/// The real options of a ranking and, apart, the platforms far behind the first (which come
/// last, since the ranking is in score order).
pub fn split_poor_fits<'r, 'a>(ranking: &'r [RankingEntry<'a>]) -> (&'r [RankingEntry<'a>], &'r [RankingEntry<'a>]) {
    let split = ranking.iter().position(|r| r.poor_fit).unwrap_or(ranking.len());
    ranking.split_at(split)
}

/// One line naming the platforms far behind the first, with their scores.
pub fn poor_fit_line(far: &[RankingEntry<'_>]) -> String {
    let listed: Vec<String> = far.iter().map(|r| format!("{} {:.1}", r.platform, r.score)).collect();
    format!(
        "Far behind ({} points or more below the first, not a real option): {}",
        crate::evaluation::POOR_FIT_GAP,
        listed.join(", ")
    )
}

/// The ruled-out table's columns.
pub fn excluded_columns<'a>() -> [Column<ExcludedEntry<'a>>; 3] {
    [
        Column { header: "Platform", right: false, cell: |e| e.platform.to_string() },
        Column { header: "Rule", right: false, cell: |e| e.rules.iter().map(|r| r.id).collect::<Vec<_>>().join(", ") },
        Column {
            header: "Because",
            right: false,
            cell: |e| e.rules.iter().map(|r| r.because).collect::<Vec<_>>().join(" "),
        },
    ]
}

/// The platform list's columns.
pub const PLATFORMS: &[Column<crate::ruleset::Platform>] = &[
    Column { header: "Platform", right: false, cell: |p| p.id.clone() },
    Column { header: "Name", right: false, cell: |p| p.name.clone() },
    Column { header: "Summary", right: false, cell: |p| p.summary.clone() },
];

/// The rule list's columns.
pub const RULES: &[Column<Rule>] = &[
    Column { header: "Rule", right: false, cell: |r| r.id.clone() },
    Column { header: "Effect", right: false, cell: effect_summary },
    Column { header: "Title", right: false, cell: |r| r.title.clone() },
];

/// The fact list's columns.
pub fn fact_columns<'a>() -> [Column<&'a crate::catalog::Fact>; 3] {
    [
        Column { header: "Fact", right: false, cell: |f| f.id.clone() },
        Column { header: "Allowed", right: false, cell: |f| f.allowed() },
        Column { header: "Default", right: false, cell: |f| f.show(f.default).to_string() },
    ]
}

/// The first reasons of a ranking entry, in one line.
fn one_line_reason(entry: &RankingEntry<'_>) -> String {
    let parts: Vec<&str> = entry.reasons.iter().take(2).map(|r| r.text).collect();
    if parts.is_empty() { "no edge over the others".to_string() } else { parts.join("; ") }
}

/// What a rule does, in a few words.
pub fn effect_summary(rule: &Rule) -> String {
    let mut parts = Vec::new();
    if rule.is_hard() {
        parts.push("exclude".to_string());
    }
    if !rule.adjust.is_empty() {
        parts.push("adjust".to_string());
    }
    if !rule.weight.is_empty() {
        parts.push("weight".to_string());
    }
    if rule.note.is_some() {
        parts.push("note".to_string());
    }
    if rule.reject.is_some() {
        parts.push("reject".to_string());
    }
    if !rule.imply.is_empty() {
        parts.push("imply".to_string());
    }
    parts.join("+")
}

/// The one-line answer: which platform, how well it fits.
pub fn headline(report: &Report<'_>) -> String {
    let Some(best) = report.ranking.first() else {
        return "every platform is ruled out; see \"Ruled out\"".to_string();
    };
    let (platform, score) = (format!("{} ({})", best.platform, best.name), best.score);
    match report.fit {
        Fit::Good => format!("{platform} fits best, scoring {score:.1} of 100"),
        Fit::Fair => format!("{platform} fits best, scoring {score:.1} of 100: a fair fit, read its drawbacks"),
        Fit::Poor | Fit::Nothing => {
            format!("{platform} is the best of what is left, but a poor fit ({score:.1} of 100)")
        }
    }
}

/// Word-wraps `text` to `width` columns, every line after the first indented by `indent` spaces
/// (the first line's indent is the caller's). Words longer than a line stay whole. The text is
/// escaped first: a line break inside it is a space, and no word from input begins a line with `::`.
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let room = width.saturating_sub(indent).max(20);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let text = escape(&text.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > room {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines.join(&format!("\n{}", " ".repeat(indent)))
}

/// Serialises a result as JSON or YAML (both escape control characters inside strings; JSON
/// with [`crate::escape::json`] for those serde_json leaves raw).
fn serialize<T: Serialize>(value: &T, format: Format) -> String {
    match format {
        Format::Yaml => {
            // Plain scalars, not folded blocks: long URLs and sentences stay on one line.
            let mut options = serde_saphyr::SerializerOptions::default();
            options.prefer_block_scalars = false;
            serde_saphyr::to_string_with_options(value, options).expect("report types always serialise")
        }
        _ => json(value),
    }
}

/// The one JSON writer: pretty, one newline at the end, and every character serde_json leaves
/// raw inside a string escaped ([`crate::escape::json`]).
pub fn json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("report types always serialise");
    text.push('\n');
    crate::escape::json(text)
}

/// A recommendation in the chosen format.
pub fn render_report(report: &Report<'_>, format: Format, style: Style) -> String {
    match format {
        Format::Table => table::report(report, style),
        Format::Markdown => markdown::report(report),
        Format::Json | Format::Yaml => serialize(report, format),
    }
}

/// A why-not explanation in the chosen format.
pub fn render_why_not(why: &WhyNot<'_>, format: Format, style: Style) -> String {
    match format {
        Format::Table | Format::Markdown => table::why_not(why, style),
        Format::Json | Format::Yaml => serialize(why, format),
    }
}

/// What would change the answer, in the chosen format.
pub fn render_what_if(what_if: &WhatIf<'_>, format: Format, style: Style) -> String {
    match format {
        Format::Table | Format::Markdown => table::what_if(what_if, style),
        Format::Json | Format::Yaml => serialize(what_if, format),
    }
}

/// The platform list.
pub fn render_platforms(rules: &RuleSet, format: Format, style: Style) -> String {
    match format {
        Format::Table => table::grid(PLATFORMS, &rules.platforms, style),
        Format::Markdown => markdown::grid(PLATFORMS, &rules.platforms),
        Format::Json | Format::Yaml => serialize(&platform_list(rules), format),
    }
}

/// The rule list.
pub fn render_rules(rules: &RuleSet, format: Format, style: Style) -> String {
    match format {
        Format::Table => table::grid(RULES, &rules.rules, style),
        Format::Markdown => markdown::grid(RULES, &rules.rules),
        Format::Json | Format::Yaml => {
            serialize(&rules.rules.iter().map(|r| rule_view(rules, r)).collect::<Vec<_>>(), format)
        }
    }
}

/// The fact catalog.
pub fn render_facts(rules: &RuleSet, format: Format, style: Style) -> String {
    let facts: Vec<&crate::catalog::Fact> = rules.catalog.iter().map(|(_, f)| f).collect();
    match format {
        Format::Table => table::grid(&fact_columns(), &facts, style),
        Format::Markdown => markdown::grid(&fact_columns(), &facts),
        Format::Json | Format::Yaml => serialize(&facts.iter().map(|f| fact_view(f)).collect::<Vec<_>>(), format),
    }
}

/// One rule in full.
pub fn render_rule(rules: &RuleSet, rule: &Rule, style: Style) -> String {
    table::rule(rules, rule, style)
}

#[derive(Serialize)]
struct PlatformView<'a> {
    id: &'a str,
    name: &'a str,
    summary: &'a str,
    ratings: std::collections::BTreeMap<&'a str, i64>,
}

fn platform_list(rules: &RuleSet) -> Vec<PlatformView<'_>> {
    rules
        .platforms
        .iter()
        .map(|p| PlatformView {
            id: &p.id,
            name: &p.name,
            summary: &p.summary,
            ratings: rules.criteria.iter().zip(&p.ratings).map(|(c, r)| (c.id.as_str(), *r)).collect(),
        })
        .collect()
}

#[derive(Serialize)]
struct RuleView<'a> {
    id: &'a str,
    title: &'a str,
    exclude: Vec<&'a str>,
    adjust: std::collections::BTreeMap<&'a str, i64>,
    weight: std::collections::BTreeMap<&'a str, i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    because: &'a str,
    sources: &'a [String],
    reviewed: Option<crate::date::Date>,
    defined_at: String,
}

fn rule_view<'a>(rules: &'a RuleSet, rule: &'a Rule) -> RuleView<'a> {
    RuleView {
        id: &rule.id,
        title: &rule.title,
        exclude: rule.exclude.iter().map(|&p| rules.platform_of(p).id.as_str()).collect(),
        adjust: rule.adjust.iter().map(|&(p, n)| (rules.platform_of(p).id.as_str(), n)).collect(),
        weight: rule.weight.iter().map(|&(c, n)| (rules.criterion_of(c).id.as_str(), n)).collect(),
        note: rule.note.as_deref(),
        because: &rule.because,
        sources: &rule.sources,
        reviewed: rule.reviewed,
        defined_at: rule.defined_at.to_string(),
    }
}

#[derive(Serialize)]
struct FactView<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    allowed: String,
    default: crate::catalog::ShownValue<'a>,
    prompt: &'a str,
    help: &'a str,
}

fn fact_view(fact: &crate::catalog::Fact) -> FactView<'_> {
    let kind = match fact.kind {
        FactKind::Bool => "bool",
        FactKind::Enum(_) => "enum",
        FactKind::Number { .. } => "number",
    };
    FactView {
        id: &fact.id,
        kind,
        allowed: fact.allowed(),
        default: fact.show(fact.default),
        prompt: &fact.prompt,
        help: &fact.help,
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_breaks_at_spaces_and_indents_the_rest() {
        assert_eq!(wrap("one two three four five six", 60, 22), "one two three four five six");
        assert_eq!(wrap("aaaa bbbb cccc dddd eeee ffff", 24, 2), "aaaa bbbb cccc dddd\n  eeee ffff");
        assert_eq!(wrap("", 40, 2), "");
    }
}
