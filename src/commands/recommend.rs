//! `shipwise recommend FILE`: rank the platforms for one workload and explain the result.

use anyhow::Result;

use super::{Outcome, read_workload, write_stdout};
use crate::cli::RecommendArgs;
use crate::engine::evaluate;
use crate::render::{Style, render_report};
use crate::report::Report;
use crate::ruleset::RuleSet;

/// Runs `recommend`.
pub(super) fn run(rules: &RuleSet, args: &RecommendArgs, style: Style) -> Result<Outcome> {
    let workload = read_workload(&args.file, rules)?;
    let evaluation = evaluate(rules, &workload);
    let mut report = Report::new(rules, &workload, &evaluation, args.explain);
    let open = crate::sensitivity::open_questions(rules, &workload);
    let open: Vec<&str> = open.iter().map(|&fact| rules.fact_of(fact).id.as_str()).collect();
    report.mark_open_questions(&open);
    if args.robustness {
        if !(args.band.is_finite() && (0.0..100.0).contains(&args.band)) {
            anyhow::bail!("--band takes a percentage from 0 to under 100");
        }
        if args.samples == 0 {
            anyhow::bail!("--samples takes at least 1 sample");
        }
        let sampling = crate::robustness::Sampling { samples: args.samples, band: args.band / 100.0, seed: args.seed };
        let result = crate::robustness::robustness(rules, &workload, sampling);
        report.robustness = Some(crate::robustness::RobustnessView::new(rules, &result));
    }
    write_stdout(&render_report(&report, args.format.into(), style))?;
    Ok(Outcome::Done)
}
