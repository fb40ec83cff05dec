//! The reports of `shipwise batch`: a row per workload under columns defined once (the terminal
//! table, Markdown and CSV share them), then the portfolio summary.

use super::Lines as _;

use super::{Column, Style, escape};
use crate::portfolio::{PortfolioSummary, Row};

fn number(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.1}")).unwrap_or_default()
}

/// The columns of a portfolio row.
pub fn columns() -> [Column<Row>; 9] {
    [
        Column { header: "File", right: false, cell: |r| r.file.clone() },
        Column { header: "Name", right: false, cell: |r| r.name.clone().unwrap_or_default() },
        Column {
            header: "Platform",
            right: false,
            cell: |r| match (&r.error, &r.platform) {
                (Some(_), _) => "ERROR".to_string(),
                (None, Some(platform)) => platform.clone(),
                (None, None) => "(all ruled out)".to_string(),
            },
        },
        Column { header: "Score", right: true, cell: |r| number(r.score) },
        Column { header: "Runner-up", right: false, cell: |r| r.runner_up.clone().unwrap_or_default() },
        Column { header: "Margin", right: true, cell: |r| number(r.margin) },
        Column {
            header: "Out",
            right: true,
            cell: |r| if r.error.is_some() { String::new() } else { r.ruled_out.to_string() },
        },
        Column {
            header: "Assumed",
            right: true,
            cell: |r| if r.error.is_some() { String::new() } else { r.assumptions.to_string() },
        },
        Column {
            header: "Current",
            right: false,
            cell: |r| match &r.current {
                Some(current) if r.differs => format!("{current} ≠"),
                Some(current) => current.clone(),
                None => String::new(),
            },
        },
    ]
}

/// The folder every row's file is in, with its trailing `/` (empty when there is none).
fn common_folder(rows: &[Row]) -> String {
    let Some(first) = rows.first() else { return String::new() };
    let mut prefix = first.file.rsplit_once('/').map_or("", |(folder, _)| folder).to_string();
    for row in rows {
        while !prefix.is_empty() && !row.file.starts_with(&format!("{prefix}/")) {
            prefix = prefix.rsplit_once('/').map_or("", |(folder, _)| folder).to_string();
        }
    }
    if prefix.is_empty() { prefix } else { format!("{prefix}/") }
}

/// The terminal table (files shown relative to the folder they share, one line per workload) and
/// the summary.
pub fn table(rows: &[Row], summary: &PortfolioSummary, close: f64, style: Style) -> String {
    let folder = common_folder(rows);
    let shortened: Vec<Row> = rows
        .iter()
        .map(|r| Row { file: r.file.strip_prefix(&folder).unwrap_or(&r.file).to_string(), ..r.clone() })
        .collect();
    let mut out = String::new();
    if !folder.is_empty() {
        out.line(format!("Workloads in {}\n", escape(&folder)));
    }
    let (shown, hidden) = fitted(&shortened, style.width);
    out.push_str(&super::table::wide_grid(&shown, &shortened, style));
    if !hidden.is_empty() {
        let note =
            format!("Not shown at {} columns: {} (--format csv has every column).", style.width, hidden.join(", "));
        out.line(super::wrap(&note, usize::from(style.width), 0));
    }
    out.push('\n');
    out.push_str(&summary_text(summary, close, style));
    out
}

/// The columns that fit in `width` (every one when they all do), and the headers of those left
/// out: first the counts, then the name (the file says much the same), the current platform, and
/// last the runner-up and its margin.
/// File, platform and score always stay, so that each line still says which file gets what.
fn fitted(rows: &[Row], width: u16) -> (Vec<Column<Row>>, Vec<&'static str>) {
    const DROP_ORDER: [&str; 6] = ["Assumed", "Out", "Name", "Current", "Margin", "Runner-up"];
    // Each column takes its widest cell and a space either side.
    let natural = |column: &Column<Row>| {
        let cells = rows.iter().map(|r| escape(&(column.cell)(r)).chars().count());
        cells.chain([column.header.chars().count()]).max().unwrap_or(0) + 2
    };
    let mut shown: Vec<Column<Row>> = columns().into_iter().collect();
    let mut hidden = Vec::new();
    for header in DROP_ORDER {
        if shown.iter().map(natural).sum::<usize>() <= usize::from(width) {
            break;
        }
        shown.retain(|c| c.header != header);
        hidden.push(header);
    }
    (shown, hidden)
}

/// Markdown: the table and the summary.
pub fn markdown(rows: &[Row], summary: &PortfolioSummary, close: f64) -> String {
    let mut out = String::from("# Portfolio\n\n");
    out.push_str(&super::markdown::grid(&columns(), rows));
    out.push_str("\n## Summary\n\n");
    for line in summary_lines(summary, close) {
        out.line(&(if line.starts_with("  ") { format!("  - {}", line.trim_start()) } else { format!("- {line}") }));
    }
    out
}

fn summary_text(summary: &PortfolioSummary, close: f64, style: Style) -> String {
    let mut out = String::new();
    out.line(style.heading("Summary"));
    for line in summary_lines(summary, close) {
        out.line(format!("  {line}"));
    }
    out
}

/// The summary as lines (sub-items indented by two spaces).
fn summary_lines(summary: &PortfolioSummary, close: f64) -> Vec<String> {
    let evaluated = summary.workloads - summary.errors;
    let mut lines = vec![format!("{} workloads: {evaluated} evaluated, {} failed", summary.workloads, summary.errors)];
    lines.push("Recommended platforms:".to_string());
    let mut counts: Vec<(&String, &usize)> = summary.per_platform.iter().collect();
    counts.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (platform, count) in counts {
        lines.push(format!("  {platform}: {count}"));
    }
    lines.push(format!("Close calls (margin under {close} points): {}", summary.close_calls.len()));
    for call in &summary.close_calls {
        lines.push(format!("  {}: {} over {} by {:.1}", call.file, call.platform, call.runner_up, call.margin));
    }
    lines.push(format!("Current platform differs from the advice (≠): {}", summary.differs.len()));
    for (file, current, advice) in &summary.differs {
        lines.push(format!("  {file}: runs on {current}, advice {advice}"));
    }
    lines.push(format!("Errors: {}", summary.errors));
    for (_, error) in &summary.failed {
        lines.push(format!("  {error}"));
    }
    // File names and messages come from input: each line stays one line.
    lines.into_iter().map(|line| escape(&line).into_owned()).collect()
}

/// Quotes a CSV field when it needs it (after escaping: a line break from input is shown, so every
/// row stays one line). A field a spreadsheet would take as a formula (it starts with `=`, `+`,
/// `-` or `@` and is not a number) gets a leading `'`, as OWASP's advice on CSV injection has it,
/// so that a workload named `=HYPERLINK(...)` opens as text.
fn csv_field(text: &str) -> String {
    let text = escape(text);
    let formula = text.starts_with(['=', '+', '-', '@']) && text.parse::<f64>().is_err();
    let text = if formula { format!("'{text}") } else { text.into_owned() };
    if text.contains([',', '"']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

/// The CSV header line.
pub fn csv_header() -> String {
    let mut headers: Vec<String> = columns().iter().map(|c| csv_field(c.header)).collect();
    headers.push("Error".to_string());
    headers.join(",") + "\n"
}

/// One CSV line.
pub fn csv_row(row: &Row) -> String {
    let mut cells: Vec<String> = columns().iter().map(|c| csv_field(&(c.cell)(row))).collect();
    cells.push(csv_field(row.error.as_deref().unwrap_or("")));
    cells.join(",") + "\n"
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_stay_one_field_on_one_line_and_never_a_formula() {
        for (input, expected) in [
            ("orders-api", "orders-api"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines\r", "two\\nlines\\r"),
            ("\u{1b}[2J", "\\u{1b}[2J"),
            ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
            ("+1+cmd", "'+1+cmd"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("-12.5", "-12.5"),
            ("+3", "+3"),
            ("", ""),
        ] {
            assert_eq!(csv_field(input), expected, "csv_field({input:?})");
        }
    }
}
