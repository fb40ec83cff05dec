//! `shipwise explain FILE --why-not PLATFORM`: what keeps a platform from first place; and
//! `shipwise explain FILE --what-if`: the smallest changes of answers that would change the result.

use anyhow::{Result, bail};

use super::{Outcome, read_workload, write_stdout};
use crate::cli::ExplainArgs;
use crate::engine::evaluate;
use crate::render::{Style, render_what_if, render_why_not};
use crate::report::{WhatIf, WhyNot};
use crate::ruleset::RuleSet;
use crate::sensitivity::{WHAT_IF_BUDGET, tipping_points_within};

/// Runs `explain`.
pub(super) fn run(rules: &RuleSet, args: &ExplainArgs, style: Style) -> Result<Outcome> {
    let platform = match args.why_not.as_deref().map(|id| rules.resolve_platform(id)) {
        Some(Ok(platform)) => Some(platform),
        Some(Err(message)) => bail!("--why-not: {message}"),
        None => None,
    };
    let workload = read_workload(&args.file, rules)?;
    let evaluation = evaluate(rules, &workload);
    let text = match platform {
        Some(platform) => render_why_not(
            &WhyNot::new(rules, &evaluation, platform),
            crate::cli::Format::from(args.format).into(),
            style,
        ),
        None => {
            let (tips, searched) = tipping_points_within(rules, &workload, WHAT_IF_BUDGET);
            let mut what_if = WhatIf::new(rules, &workload, &evaluation, &tips);
            what_if.search_stopped = (!searched.is_complete()).then_some(searched);
            render_what_if(&what_if, crate::cli::Format::from(args.format).into(), style)
        }
    };
    write_stdout(&text)?;
    Ok(Outcome::Done)
}
