//! The report of `rules calibrate`: text, JSON (serde of [`crate::calibration::Report`]) and
//! Markdown.

use super::Lines as _;

use super::formats::CalibrateFormat;
use super::{Style, wrap};
use crate::calibration::{CLOSE, Report};
use crate::escape::escape;

fn pct(fraction: f64) -> String {
    format!("{:.1}%", fraction * 100.0)
}

/// The calibration report in a format.
pub fn render_calibration(report: &Report, format: CalibrateFormat, style: Style) -> String {
    match format {
        CalibrateFormat::Json => super::json(report),
        CalibrateFormat::Text => text(report, style),
        CalibrateFormat::Markdown => markdown(report),
    }
}

/// One line of agreement: over all cases, its bootstrap interval, and on each half.
struct Agreement {
    label: &'static str,
    all: f64,
    interval: [f64; 2],
    halves: [f64; 2],
}

/// Top-1 and top-2 agreement, as both the text and the Markdown report show them.
fn agreements(report: &Report) -> [Agreement; 2] {
    let (tune, check) = (&report.halves.tune, &report.halves.check);
    [
        Agreement {
            label: "top-1",
            all: report.top1,
            interval: report.intervals.top1,
            halves: [tune.top1, check.top1],
        },
        Agreement {
            label: "top-2",
            all: report.top2,
            interval: report.intervals.top2,
            halves: [tune.top2, check.top2],
        },
    ]
}

fn headline(report: &Report) -> String {
    format!(
        "{} cases: top-1 {}, top-2 {}, baseline {} ({}), {} hard-fact violations",
        report.cases,
        pct(report.top1),
        pct(report.top2),
        pct(report.baseline.top1),
        report.baseline.platform,
        report.violations
    )
}

fn text(report: &Report, style: Style) -> String {
    let width = usize::from(style.width);
    let mut out = String::new();
    out.line(style.heading("Agreement with published decisions"));
    for (row, agreement) in agreements(report).iter().enumerate() {
        let [tune, check] = agreement.halves.map(pct);
        let (tune, check) = if row == 0 {
            (format!("{tune} of {}", report.halves.tune.cases), format!("{check} of {}", report.halves.check.cases))
        } else {
            (tune, check)
        };
        let [low, high] = agreement.interval.map(pct);
        out.line(format!(
            "  {}  {:>6}  (95% interval {low}-{high})   tune {tune}, check {check}",
            agreement.label,
            pct(agreement.all)
        ));
    }
    out.line(format!(
        "  baseline: always answering {}, the most chosen, agrees {}",
        report.baseline.platform,
        pct(report.baseline.top1)
    ));
    out.line(format!("\n{}", style.heading(&format!("Hard-fact violations: {}", report.violations))));
    for v in &report.violation_list {
        out.line(format!(
            "  {}  {}",
            escape(&v.case),
            wrap(&escape(&format!("chose {}; {}", v.chosen, v.why)), width, 4)
        ));
    }
    out.line(format!("\n{}", style.heading("Per platform")));
    out.line(format!("  {:<22} {:>6} {:>6} {:>7} {:>7}", "platform", "chosen", "first", "agreed", "recall"));
    for row in report.per_platform.iter().filter(|r| r.chosen > 0 || r.first > 0) {
        let recall = row.recall.map_or("-".to_string(), pct);
        out.line(format!("  {:<22} {:>6} {:>6} {:>7} {:>7}", row.platform, row.chosen, row.first, row.agreed, recall));
    }
    out.line(format!("\n{}", style.heading("Chosen against first")));
    for cell in &report.confusion {
        let first = cell.first.as_deref().unwrap_or("(nothing viable)");
        let mark = if cell.first.as_deref() == Some(cell.chosen.as_str()) { " " } else { "≠" };
        out.line(format!("  {mark} {:<22} → {:<22} {:>3}", cell.chosen, first, cell.count));
    }
    if !report.misses.is_empty() {
        out.line(format!("\n{}", style.heading(&format!("Misses: {}", report.misses.len()))));
        for miss in &report.misses {
            let place = match (miss.chosen_rank, miss.behind) {
                (Some(rank), Some(behind)) => format!("#{rank}, {behind:.1} behind"),
                _ => "not viable".to_string(),
            };
            let first = miss.first.as_deref().unwrap_or("nothing");
            let why = if miss.why.is_empty() { String::new() } else { format!(": {}", miss.why.join("; ")) };
            let line = escape(&format!("chose {} ({place}), first {first}{why}", miss.chosen)).into_owned();
            out.line(format!("  {} [{:?}]\n    {}", escape(&miss.case), miss.half, wrap(&line, width, 4)));
        }
    }
    if !report.close_calls.is_empty() {
        out.line(format!("\n{}", style.heading(&format!("Close calls (first two within {CLOSE} points)"))));
        for call in &report.close_calls {
            out.line(format!("  {}: {} over {} by {:.1}", escape(&call.case), call.first, call.second, call.margin));
        }
    }
    out.line(format!("\n{}", headline(report)));
    out
}

fn markdown(report: &Report) -> String {
    let mut out = String::new();
    out.line(format!("# Calibration\n\n**{}**.\n", headline(report)));
    out.line("| | all | 95% interval | tune | check |\n| --- | --- | --- | --- | --- |");
    for (row, agreement) in agreements(report).iter().enumerate() {
        let [tune, check] = agreement.halves.map(pct);
        let (tune, check) = if row == 0 {
            (
                format!("{tune} ({} cases)", report.halves.tune.cases),
                format!("{check} ({} cases)", report.halves.check.cases),
            )
        } else {
            (tune, check)
        };
        let [low, high] = agreement.interval.map(pct);
        out.line(format!("| {} | {} | {low}-{high} | {tune} | {check} |", agreement.label, pct(agreement.all)));
    }
    out.line("");
    out.line("| platform | chosen | first | agreed | recall |\n| --- | ---: | ---: | ---: | ---: |");
    for row in report.per_platform.iter().filter(|r| r.chosen > 0 || r.first > 0) {
        let recall = row.recall.map_or("-".to_string(), pct);
        out.line(format!("| `{}` | {} | {} | {} | {} |", row.platform, row.chosen, row.first, row.agreed, recall));
    }
    if !report.violation_list.is_empty() {
        out.line("\n## Hard-fact violations\n");
        for v in &report.violation_list {
            out.line(format!("- `{}` chose `{}`: {}", escape(&v.case).replace('`', "'"), v.chosen, escape(&v.why)));
        }
    }
    if !report.misses.is_empty() {
        out.line("\n## Misses\n");
        for miss in &report.misses {
            let first = miss.first.as_deref().unwrap_or("nothing");
            let why = if miss.why.is_empty() { String::new() } else { format!(": {}", miss.why.join("; ")) };
            out.line(format!(
                "- `{}` chose `{}`, first `{first}`{}",
                escape(&miss.case).replace('`', "'"),
                miss.chosen,
                escape(&why)
            ));
        }
    }
    out
}
