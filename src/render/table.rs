//! The terminal format: a ranking table and short sections, fitted to the terminal width.

use std::fmt::Write as _;

use comfy_table::{CellAlignment, ContentArrangement, LineStyle, Table, TableStyle};

use super::{Column, Style, ranking_columns, wrap};
use crate::report::{Report, WhyNot};
use crate::ruleset::{Rule, RuleSet};

/// A table of rows under the given columns.
pub fn grid<T>(columns: &[Column<T>], rows: &[T], style: Style) -> String {
    let mut table = Table::new();
    table
        .load_style(TableStyle::new().header_separator(LineStyle::none().fill('─').junction('─')))
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width)
        .set_header(columns.iter().map(|c| c.header));
    for row in rows {
        table.add_row(columns.iter().map(|c| (c.cell)(row)));
    }
    for (i, column) in columns.iter().enumerate() {
        if let Some(col) = table.column_mut(i).filter(|_| column.right) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    // comfy-table pads every cell; trailing blanks only get in the way of diffs and pipes.
    table.lines().map(|line| line.trim_end().to_string() + "\n").collect()
}

/// A whole recommendation.
pub fn report(report: &Report<'_>, style: Style) -> String {
    let mut out = String::new();
    let width = usize::from(style.width);
    let name = report.name.unwrap_or("this workload");
    match report.ranking.first() {
        Some(best) => {
            let line = format!("{name}: {} ({}) fits best, scoring {:.1} of 100", best.platform, best.name, best.score);
            let _ = writeln!(out, "{}\n", style.good(&line));
        }
        None => {
            let line = format!("{name}: every platform is ruled out; see \"Ruled out\" below");
            let _ = writeln!(out, "{}\n", style.bad(&line));
        }
    }
    if !report.ranking.is_empty() {
        out.push_str(&grid(&ranking_columns(), &report.ranking, style));
    }
    if let Some(best) = report.ranking.first() {
        let _ = writeln!(out, "\n{}", style.heading(&format!("Why {}", best.platform)));
        for reason in best.reasons.iter().take(6) {
            let what = if reason.kind == "rule" {
                format!("rule {}: {}", reason.id, reason.text)
            } else {
                reason.text.to_string()
            };
            let _ = writeln!(out, "  {:>+6.1}  {what}", reason.points);
            for source in reason.sources {
                let _ = writeln!(out, "          {}", style.dim(source));
            }
        }
        if best.reasons.is_empty() {
            let _ = writeln!(out, "  nothing sets it apart: it is first by platform id among equals");
        }
        let _ = writeln!(
            out,
            "  {}",
            style.dim("(points above the mean of the viable platforms; rules count their full adjustment)")
        );
    }
    if !report.excluded.is_empty() {
        let _ = writeln!(out, "\n{}", style.heading("Ruled out"));
        for entry in &report.excluded {
            for rule in &entry.rules {
                let _ = writeln!(out, "  {:<14} {}", entry.platform, style.bad(rule.id));
                let _ = writeln!(out, "  {:<14} {}", "", wrap(rule.because, width, 17));
                for source in rule.sources {
                    let _ = writeln!(out, "  {:<14} {}", "", style.dim(source));
                }
            }
        }
    }
    if !report.assumptions.is_empty() {
        let _ = writeln!(out, "\n{}", style.heading("Assumptions (not stated in the workload; defaults used)"));
        for assumption in &report.assumptions {
            let _ = writeln!(out, "  {} = {}", assumption.fact, assumption.value);
        }
    }
    if !report.notes.is_empty() {
        let _ = writeln!(out, "\n{}", style.heading("Notes"));
        for note in &report.notes {
            let text = wrap(&format!("{} [{}]", note.text, note.rule), width, 4);
            let _ = writeln!(out, "  - {text}");
        }
    }
    if let Some(trace) = &report.trace {
        let _ = writeln!(out, "\n{}", style.heading("Trace: criterion weights (base -> for this workload)"));
        for weight in &trace.weights {
            let _ = writeln!(out, "  {:<28} {:>2} -> {:>2}", weight.criterion, weight.base, weight.effective);
        }
        let _ = writeln!(out, "\n{}", style.heading("Trace: points per platform"));
        for entry in &report.ranking {
            let _ = writeln!(out, "  {} = {:.1}", entry.platform, entry.score);
            for c in &entry.contributions.criteria {
                let _ = writeln!(
                    out,
                    "    {:>6.1}  {} (rated {}/5 x weight {})",
                    c.points, c.criterion, c.rating, c.weight
                );
            }
            for r in &entry.contributions.rules {
                let _ = writeln!(out, "    {:>+6}  rule {}", r.points, r.rule);
            }
            if entry.contributions.clamp != 0.0 {
                let _ = writeln!(out, "    {:>+6.1}  kept within 0-100", entry.contributions.clamp);
            }
        }
        let _ = writeln!(out, "\n{}", style.heading("Trace: rules"));
        for rule in &trace.rules {
            let mark = if rule.fired { style.good("fired") } else { style.dim("  -  ") };
            let _ = writeln!(out, "  {mark}  {}  {}", rule.id, style.dim(rule.title));
        }
    }
    out
}

/// Why a platform is not first.
pub fn why_not(why: &WhyNot<'_>, style: Style) -> String {
    let mut out = String::new();
    let best = why.best.unwrap_or("nothing");
    match why.status {
        "best" => {
            let _ = writeln!(out, "{} is already first, scoring {:.1}.", why.platform, why.score);
        }
        "excluded" => {
            let _ = writeln!(out, "{}", style.bad(&format!("{} is ruled out:", why.platform)));
            for rule in &why.excluded_by {
                let _ = writeln!(out, "  {}: {}", rule.id, wrap(rule.because, usize::from(style.width), 4));
                for source in rule.sources {
                    let _ = writeln!(out, "    {}", style.dim(source));
                }
            }
            let _ = writeln!(out, "Without that, it would score {:.1} (first: {best}).", why.score);
        }
        _ => {
            let best_score = why.best_score.unwrap_or(0.0);
            let _ = writeln!(
                out,
                "{} scores {:.1}, {:.1} behind {best} ({best_score:.1}). Where the gap comes from:",
                why.platform,
                why.score,
                best_score - why.score
            );
            for item in &why.gap {
                let what = match item.kind {
                    "rule" => format!("rule {}: {}", item.id, item.text),
                    _ => item.text.to_string(),
                };
                let side =
                    if item.points >= 0.0 { format!("favours {best}") } else { format!("favours {}", why.platform) };
                let _ = writeln!(out, "  {:>+6.1}  {what} {}", item.points, style.dim(&format!("({side})")));
            }
        }
    }
    out
}

/// One rule in full.
pub fn rule(rules: &RuleSet, rule: &Rule, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}  {}", style.heading(&rule.id), rule.title);
    let _ = writeln!(out, "  defined at  {}", rule.defined_at);
    let platforms = |ids: &[crate::ruleset::PlatformId]| {
        ids.iter().map(|&p| rules.platform_of(p).id.as_str()).collect::<Vec<_>>().join(", ")
    };
    if rule.is_hard() {
        let _ = writeln!(out, "  excludes    {}", platforms(&rule.exclude));
    }
    for &(platform, points) in &rule.adjust {
        let _ = writeln!(out, "  adjusts     {} {points:+}", rules.platform_of(platform).id);
    }
    for &(criterion, change) in &rule.weight {
        let _ = writeln!(out, "  weighs      {} {change:+}", rules.criterion_of(criterion).id);
    }
    if let Some(note) = &rule.note {
        let _ = writeln!(out, "  note        {note}");
        if !rule.about.is_empty() {
            let _ = writeln!(out, "  note about  {}", platforms(&rule.about));
        }
    }
    let _ = writeln!(out, "  because     {}", rule.because);
    for source in &rule.sources {
        let _ = writeln!(out, "  source      {source}");
    }
    let _ = writeln!(out, "  reviewed    {}", rule.reviewed);
    out
}
