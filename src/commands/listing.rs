//! `shipwise platforms`, `shipwise rules list` and `shipwise rules show ID`: what the packs hold.

use anyhow::{Result, bail};

use super::{Outcome, write_stdout};
use crate::cli::{Format, RulesListArgs};
use crate::render::{Style, render_facts, render_platforms, render_rule, render_rules};
use crate::ruleset::RuleSet;

/// Lists the platforms.
pub(super) fn platforms(rules: &RuleSet, format: Format, style: Style) -> Result<Outcome> {
    write_stdout(&render_platforms(rules, format.into(), style))?;
    Ok(Outcome::Done)
}

/// Lists the rules, or the facts.
pub(super) fn rules(rules: &RuleSet, args: &RulesListArgs, style: Style) -> Result<Outcome> {
    let text = if args.facts {
        render_facts(rules, args.format.into(), style)
    } else {
        render_rules(rules, args.format.into(), style)
    };
    write_stdout(&text)?;
    Ok(Outcome::Done)
}

/// Shows one rule.
pub(super) fn show(rules: &RuleSet, id: &str, style: Style) -> Result<Outcome> {
    let Some(rule) = rules.rule(id) else {
        bail!("{}", rules.missing_rule(id));
    };
    write_stdout(&render_rule(rules, rules.rule_of(rule), style))?;
    Ok(Outcome::Done)
}
