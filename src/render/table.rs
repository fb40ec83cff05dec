//! The terminal format: a ranking table and short sections, fitted to the terminal width.

use super::Lines as _;

use comfy_table::{CellAlignment, ContentArrangement, LineStyle, Table, TableStyle};

use super::{Column, REASONS_SHOWN, Style, escape, headline, ranking_columns, wrap};
use crate::report::{Fit, GapKind, ReasonEntry, ReasonKind, Report, WhatIf, WhyNot, WhyNotStatus};
use crate::ruleset::{Rule, RuleSet};

/// A table of rows under the given columns.
pub(super) fn grid<T>(columns: &[Column<T>], rows: &[T], style: Style) -> String {
    grid_with(columns, rows, ContentArrangement::Dynamic, style)
}

/// A table whose rows stay on one line each, however wide (lists meant for grep and scrolling).
pub(super) fn wide_grid<T>(columns: &[Column<T>], rows: &[T], style: Style) -> String {
    grid_with(columns, rows, ContentArrangement::Disabled, style)
}

fn grid_with<T>(columns: &[Column<T>], rows: &[T], arrangement: ContentArrangement, style: Style) -> String {
    let mut table = Table::new();
    table
        .load_style(TableStyle::new().header_separator(LineStyle::none().fill('─').junction('─')))
        .set_content_arrangement(arrangement)
        .set_width(style.width)
        .set_header(columns.iter().map(|c| c.header));
    for row in rows {
        table.add_row(columns.iter().map(|c| escape(&(c.cell)(row)).into_owned()));
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
pub(super) fn report(report: &Report<'_>, style: Style) -> String {
    let mut out = String::new();
    let width = usize::from(style.width);
    let name = report.name.unwrap_or("this workload");
    let line = format!("{name}: {}", headline(report));
    let line = if report.fit == Fit::Good { style.good(&line) } else { style.bad(&line) };
    out.line(&line);
    let (options, far) = super::split_poor_fits(&report.ranking);
    if !options.is_empty() {
        out.push('\n');
        out.push_str(&grid(&ranking_columns(), options, style));
    }
    if !far.is_empty() {
        out.line(format!("  {}", style.dim_lines(&wrap(&super::poor_fit_line(far), width, 2))));
    }
    if let Some(best) = report.ranking.first() {
        out.line(format!("\n{}", style.heading(&format!("Why {}", best.platform))));
        reasons(&mut out, &best.reasons, style);
        if report.ranking.len() == 1 {
            out.line("  it is the only platform not ruled out");
        } else if best.reasons.is_empty() {
            out.line("  nothing sets it apart: it is first by platform id among equals");
        }
        if !best.drawbacks.is_empty() {
            out.line(format!("\n{}", style.heading(&format!("Against {}", best.platform))));
            reasons(&mut out, &best.drawbacks, style);
        }
        let note = "(criteria: points above or below the mean of the viable platforms; rules: their full adjustment)";
        out.line(format!("  {}", style.dim(note)));
    }
    if let (Some(date), false) = (report.as_of, report.unavailable.is_empty()) {
        let listed: Vec<String> = report
            .unavailable
            .iter()
            .map(|u| format!("{} (from {})", u.platform, u.available_since.map_or("?".to_string(), |d| d.to_string())))
            .collect();
        out.line(format!("\n{}", style.heading(&format!("Not yet available on {date}"))));
        out.line(format!("  {}", wrap(&listed.join(", "), width, 2)));
    }
    if !report.excluded.is_empty() {
        out.line(format!("\n{}", style.heading("Ruled out")));
        for group in &report.exclusions_by_rule {
            out.line(format!(
                "  {} {}",
                style.bad(&group.platforms.join(", ")),
                style.dim(&format!("[{}]", group.rule.id))
            ));
            out.line(format!("    {}", wrap(group.rule.because, width, 4)));
            for source in group.rule.sources {
                out.line(format!("    {}", style.dim(source)));
            }
        }
    }
    if !report.assumptions.is_empty() {
        out.line(format!("\n{}", style.heading("Assumptions (not stated in the workload; defaults used)")));
        // Assumptions worth answering come first (recommend marks them); say where each group starts.
        let mut previous = None;
        for assumption in &report.assumptions {
            if assumption.could_change_result.is_some() && previous != Some(assumption.could_change_result) {
                let heading = if assumption.could_change_result == Some(true) {
                    "worth answering: each could change the result"
                } else {
                    "could not change the result"
                };
                out.line(format!("  {}", style.dim(heading)));
            }
            previous = Some(assumption.could_change_result);
            out.line(format!("    {} = {}", assumption.fact, assumption.value));
        }
    }
    if !report.notes.is_empty() {
        out.line(format!("\n{}", style.heading("Notes")));
        for note in &report.notes {
            let text = wrap(&format!("{} [{}]", note.text, note.rule), width, 4);
            out.line(format!("  - {text}"));
        }
    }
    if let Some(costs) = &report.costs {
        out.line(format!(
            "\n{}",
            style.heading(&format!("Rough monthly cost (prices of {}, {})", costs.prices_date, costs.region))
        ));
        for entry in &costs.estimates {
            let range = if entry.low == entry.high {
                format!("${}", dollars(entry.high))
            } else {
                format!("${} to ${}", dollars(entry.low), dollars(entry.high))
            };
            let range = match entry.counts {
                Some(counts) => format!("{range}  ({counts})"),
                None => range,
            };
            out.line(format!("  {:<22} {range}", entry.platform));
        }
        let basis = format!(
            "{}; EC2 as {}. Not counted: {}. The estimate sets the ratings on {}.",
            costs.label,
            costs.ec2_instance,
            costs.not_counted.join("; "),
            costs.feeds.join(" and ")
        );
        out.line(format!("  {}", style.dim_lines(&wrap(&basis, width, 2))));
        for source in costs.sources {
            out.line(format!("  {}", style.dim(source)));
        }
    }
    if let Some(robustness) = &report.robustness {
        out.line(format!("\n{}", style.heading("Robustness")));
        out.line(format!(
            "  criterion weights sampled within ±{}% ({} samples, seed {}); first in:",
            robustness.band_percent, robustness.samples, robustness.seed
        ));
        for share in &robustness.first {
            let noun = if share.samples == 1 { "sample" } else { "samples" };
            out.line(format!("    {:<14} {:>5.1}%  ({} {noun})", share.platform, share.percent, share.samples));
        }
        if let Some(criterion) = robustness.most_sensitive_criterion {
            out.line(format!("  the weight that matters most: {}", escape(criterion)));
        }
    }
    if let Some(trace) = &report.trace {
        out.line(format!("\n{}", style.heading("Trace: criterion weights (base -> for this workload)")));
        for weight in &trace.weights {
            out.line(format!("  {:<28} {:>2} -> {:>2}", weight.criterion, weight.base, weight.effective));
        }
        out.line(format!("\n{}", style.heading("Trace: points per platform")));
        for entry in &report.ranking {
            out.line(format!("  {} = {:.1}", entry.platform, entry.score));
            let Some(contributions) = &entry.contributions else { continue };
            for c in &contributions.criteria {
                out.line(format!(
                    "    {:>6.1}  {} (rated {}/5 x weight {})",
                    c.points, c.criterion, c.rating, c.weight
                ));
            }
            for r in &contributions.rules {
                out.line(format!("    {:>+6}  rule {}", r.points, r.rule));
            }
            if contributions.clamp != 0.0 {
                out.line(format!("    {:>+6.1}  kept within 0-100", contributions.clamp));
            }
        }
        out.line(format!("\n{}", style.heading("Trace: rules")));
        for rule in &trace.rules {
            let mark = if rule.fired { style.good("fired") } else { style.dim("  -  ") };
            out.line(format!("  {mark}  {}  {}", rule.id, style.dim(rule.title)));
        }
    }
    out
}

/// The first few reasons of a list, each with its points and a rule's sources.
fn reasons(out: &mut String, reasons: &[ReasonEntry<'_>], style: Style) {
    for reason in reasons.iter().take(REASONS_SHOWN) {
        let what = if reason.kind == ReasonKind::Rule {
            format!("rule {}: {}", reason.id, reason.text)
        } else {
            reason.text.to_string()
        };
        out.line(format!("  {:>+6.1}  {}", reason.points, escape(&what)));
        for source in reason.sources {
            out.line(format!("          {}", style.dim(source)));
        }
    }
}

/// Why a platform is not first.
pub(super) fn why_not(why: &WhyNot<'_>, style: Style) -> String {
    let mut out = String::new();
    let best = why.best.unwrap_or("nothing");
    match why.status {
        WhyNotStatus::Best => {
            out.line(format!("{} is already first, scoring {:.1}.", why.platform, why.score));
        }
        WhyNotStatus::Excluded => {
            out.line(style.bad(&format!("{} is ruled out:", why.platform)));
            for rule in &why.excluded_by {
                out.line(format!("  {}: {}", rule.id, wrap(rule.because, usize::from(style.width), 4)));
                for source in rule.sources {
                    out.line(format!("    {}", style.dim(source)));
                }
            }
            out.line(format!("Without that, it would score {:.1} (first: {best}).", why.score));
        }
        WhyNotStatus::Behind => {
            let best_score = why.best_score.unwrap_or(0.0);
            out.line(format!(
                "{} scores {:.1}, {:.1} behind {best} ({best_score:.1}). Where the gap comes from:",
                why.platform,
                why.score,
                best_score - why.score
            ));
            for item in &why.gap {
                let what = match item.kind {
                    GapKind::Rule => format!("rule {}: {}", item.id, item.text),
                    GapKind::Criterion | GapKind::Clamp => item.text.to_string(),
                };
                let side =
                    if item.points >= 0.0 { format!("favours {best}") } else { format!("favours {}", why.platform) };
                out.line(format!("  {:>+6.1}  {} {}", item.points, escape(&what), style.dim(&format!("({side})"))));
            }
        }
    }
    out
}

/// How many change sets to show for each platform (the JSON has them all).
const CHANGES_SHOWN: usize = 4;

/// What would change the answer.
pub(super) fn what_if(what_if: &WhatIf<'_>, style: Style) -> String {
    let mut out = String::new();
    let name = what_if.name.unwrap_or("this workload");
    match (what_if.best, what_if.best_score) {
        (Some(best), Some(score)) => {
            out.line(format!("{}: {best} is first ({score:.1}). What would put another platform first:", escape(name)));
        }
        _ => {
            out.line(format!("{}: every platform is ruled out. What would make one viable:", escape(name)));
        }
    }
    for group in &what_if.tipping_points {
        let kind = if group.answers == 1 { "one changed answer" } else { "two changed answers" };
        out.line(format!("\n{} {}", style.heading(group.platform), style.dim(&format!("({kind})"))));
        for entry in group.changes.iter().take(CHANGES_SHOWN) {
            let parts: Vec<String> = entry
                .answers
                .iter()
                .map(|a| {
                    let now = if a.stated { "now" } else { "assumed" };
                    format!("{} were {} ({now} {})", a.fact, a.to, a.from)
                })
                .collect();
            let now = what_if.best.unwrap_or("");
            let then = match entry.first_now_score {
                Some(score) => format!("{now} {score:.1}"),
                None => format!("{now} ruled out"),
            };
            out.line(format!("  if {}: {} {:.1}, {then}", parts.join(" and "), group.platform, entry.score));
        }
        if group.changes.len() > CHANGES_SHOWN {
            out.line(format!(
                "  {}",
                style.dim(&format!("and {} more (see --format json)", group.changes.len() - CHANGES_SHOWN))
            ));
        }
    }
    if let Some(searched) = what_if.search_stopped {
        out.line(format!("\nThe search stopped after {} of {} changes of one or two answers: the rules are too many to try them all. What is listed holds; other changes may tip the result too.",
            searched.tried, searched.combinations));
    } else if what_if.tipping_points.is_empty() {
        out.line("\nNo change of one or two answers puts another platform first: the result is robust.");
    }
    if !what_if.out_of_reach.is_empty() {
        let reach = if what_if.search_stopped.is_some() {
            "Not reached by the changes tried"
        } else {
            "Out of reach with one or two changes"
        };
        out.line(format!("\n{reach}: {}", what_if.out_of_reach.join(", ")));
    }
    out
}

/// One rule in full.
pub(super) fn rule(rules: &RuleSet, rule: &Rule, style: Style) -> String {
    let mut out = String::new();
    out.line(format!("{}  {}", style.heading(&rule.id), escape(&rule.title)));
    out.line(format!("  defined at  {}", rule.defined_at));
    let platforms = |ids: &[crate::ruleset::PlatformId]| {
        ids.iter().map(|&p| rules.platform_of(p).id.as_str()).collect::<Vec<_>>().join(", ")
    };
    if rule.is_hard() {
        out.line(format!("  excludes    {}", platforms(&rule.exclude)));
    }
    for &(platform, points) in &rule.adjust {
        out.line(format!("  adjusts     {} {points:+}", rules.platform_of(platform).id));
    }
    for &(criterion, change) in &rule.weight {
        out.line(format!("  weighs      {} {change:+}", rules.criterion_of(criterion).id));
    }
    if let Some(fact) = rule.reject {
        out.line(format!(
            "  rejects     {} when the answers its condition reads are all stated",
            rules.fact_of(fact).id
        ));
    }
    for &(fact, value) in &rule.imply {
        let fact = rules.fact_of(fact);
        out.line(format!("  implies     {} = {}", fact.id, fact.show(value)));
    }
    for (word, date) in [("since", &rule.since), ("until", &rule.until)] {
        if let Some(date) = date {
            out.line(format!("  {word:<11} {date}"));
        }
    }
    if let Some(note) = &rule.note {
        out.line(format!("  note        {}", escape(note)));
        if !rule.about.is_empty() {
            out.line(format!("  note about  {}", platforms(&rule.about)));
        }
    }
    out.line(format!("  because     {}", escape(&rule.because)));
    for source in &rule.sources {
        out.line(format!("  source      {}", escape(source)));
    }
    if let Some(reviewed) = rule.reviewed {
        out.line(format!("  reviewed    {reviewed}"));
    }
    out
}

/// Whole dollars with thousands separated: 59220 as 59,220.
fn dollars(amount: f64) -> String {
    let digits = format!("{:.0}", amount.abs());
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if amount < -0.5 { format!("-{out}") } else { out }
}
