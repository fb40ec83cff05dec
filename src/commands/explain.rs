//! `shipwise explain FILE --why-not PLATFORM`: what keeps a platform from first place.

use anyhow::{Result, bail};

use super::{Outcome, read_workload, write_stdout};
use crate::cli::ExplainArgs;
use crate::engine::evaluate;
use crate::render::{Style, render_why_not};
use crate::report::WhyNot;
use crate::ruleset::RuleSet;

/// Runs `explain`.
pub fn run(rules: &RuleSet, args: &ExplainArgs, style: Style) -> Result<Outcome> {
    let platform = match rules.resolve_platform(&args.why_not) {
        Ok(platform) => platform,
        Err(message) => bail!("--why-not: {message}"),
    };
    let workload = read_workload(&args.file, rules)?;
    let evaluation = evaluate(rules, &workload);
    let why = WhyNot::new(rules, &evaluation, platform);
    write_stdout(&render_why_not(&why, args.format.into(), style))?;
    Ok(Outcome::Done)
}
