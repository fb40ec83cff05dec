//! The one pure function at the centre: `evaluate(&RuleSet, &Workload) -> Evaluation`. No I/O, no
//! clock, no string lookups: conditions test typed values, scores come from integer ratings and
//! weights, and every contribution is recorded so that any number can be explained. Every path
//! that scores (`evaluate`, `winner` for searches, `scores_with_weights` for sampling) walks the
//! same fired rules (`fired`), the same weights, [`raw_score`] and the tie-break [`first_of`].

pub mod cost;
pub mod evaluation;

use crate::catalog::Value;
use crate::evaluation::{Evaluation, Exclusion, Ranked, Reason};
use crate::ruleset::{CriterionId, PlatformId, Rule, RuleId, RuleSet};
use crate::workload::Workload;

/// Whether a rule fires. Rules that need stated answers (`imply`, `reject`, `stated_only`) look
/// at stated answers only; the others read every value, stated or assumed.
fn fires(rule: &Rule, values: &[Value], stated: &[bool]) -> bool {
    if rule.needs_stated() { rule.holds_on_stated(values, stated) } else { rule.when.holds(values) }
}

/// The fired rules, in rule-id order: the one loop every scoring path walks.
fn fired<'r>(
    rules: &'r RuleSet,
    values: &'r [Value],
    stated: &'r [bool],
) -> impl Iterator<Item = (RuleId, &'r Rule)> + 'r {
    rules.rules.iter().enumerate().filter(move |(_, rule)| fires(rule, values, stated)).map(|(i, r)| (RuleId(i), r))
}

/// The criterion weights for a set of fired rules: each base weight times its factor (1 outside
/// sampling), plus the rules' changes, kept at 0 or above.
fn weights<'r>(rules: &RuleSet, factors: Option<&[f64]>, fired: impl Iterator<Item = &'r Rule>) -> Vec<f64> {
    let mut weights: Vec<f64> = rules
        .criteria
        .iter()
        .enumerate()
        .map(|(c, criterion)| criterion.weight as f64 * factors.map_or(1.0, |f| f[c]))
        .collect();
    for rule in fired {
        for &(criterion, change) in &rule.weight {
            weights[criterion.0] += change as f64;
        }
    }
    for weight in &mut weights {
        *weight = weight.max(0.0);
    }
    weights
}

/// A platform's raw score: its weighted ratings normalised so that 5 on everything is 100, plus
/// the rules' adjustments; not yet kept within 0-100 (the ranking orders by it). With whole-number
/// weights every sum here is exact, so the order of rules and criteria never matters.
pub fn raw_score(ratings: &[i64], weights: &[f64], adjustment: i64) -> f64 {
    let best_possible = weights.iter().sum::<f64>() * crate::ruleset::MAX_RATING as f64;
    let earned: f64 = weights.iter().zip(ratings).map(|(w, r)| w * *r as f64).sum();
    let base = if best_possible == 0.0 { 0.0 } else { 100.0 * earned / best_possible };
    base + adjustment as f64
}

/// The first of a set of raw scores: the highest, a tie going to the smaller platform id.
pub fn first_of(scores: impl IntoIterator<Item = (PlatformId, f64)>) -> Option<PlatformId> {
    let mut best: Option<(f64, PlatformId)> = None;
    for (platform, score) in scores {
        let better = match best {
            None => true,
            Some((top, first)) => score > top || (score == top && platform < first),
        };
        if better {
            best = Some((score, platform));
        }
    }
    best.map(|(_, platform)| platform)
}

/// Ranks the platforms for a workload and records why.
pub fn evaluate(rules: &RuleSet, workload: &Workload) -> Evaluation {
    let platforms = rules.platforms.len();
    let values = &workload.values;
    let stated = workload.stated.as_slice();
    let fired: Vec<(RuleId, &Rule)> = fired(rules, values, stated).collect();
    let mut fired_flags = vec![false; rules.rules.len()];
    for (id, _) in &fired {
        fired_flags[id.0] = true;
    }
    // With a size and a pricing table, the estimate sets the ratings of the criteria it feeds.
    let costed = crate::cost::effective_ratings(rules, values);

    let weights = weights(rules, None, fired.iter().map(|(_, r)| *r));
    let mut adjustments: Vec<Vec<(RuleId, i64)>> = vec![Vec::new(); platforms];
    let mut excluded_by: Vec<Vec<RuleId>> = vec![Vec::new(); platforms];
    let mut noted: Vec<RuleId> = Vec::new();
    for &(id, rule) in &fired {
        for &(platform, points) in &rule.adjust {
            adjustments[platform.0].push((id, points));
        }
        for platform in &rule.exclude {
            excluded_by[platform.0].push(id);
        }
        if rule.note.is_some() {
            noted.push(id);
        }
    }
    let best_possible = weights.iter().sum::<f64>() * crate::ruleset::MAX_RATING as f64;

    let mut excluded = Vec::new();
    let mut ranking = Vec::with_capacity(platforms);
    let mut unavailable = Vec::new();
    for (p, adjustments) in adjustments.into_iter().enumerate() {
        if rules.is_unavailable(PlatformId(p)) {
            unavailable.push(PlatformId(p));
            continue;
        }
        let ratings = costed.as_ref().map_or(&rules.platforms[p].ratings, |costed| &costed[p]);
        let mut ranked = score(PlatformId(p), ratings, &weights, best_possible, adjustments);
        ranked.ratings = costed.as_ref().map(|costed| costed[p].clone());
        if excluded_by[p].is_empty() {
            ranking.push(ranked);
        } else {
            let rules = std::mem::take(&mut excluded_by[p]);
            excluded.push(Exclusion { platform: PlatformId(p), rules, would_score: ranked.score });
        }
    }
    // Rank on the raw score: two platforms pushed past 100 (or below 0) still differ.
    ranking.sort_by(|a, b| b.unclamped().total_cmp(&a.unclamped()).then(a.platform.cmp(&b.platform)));
    explain_differences(&mut ranking, rules.criteria.len());
    if let Some(first) = ranking.first().map(|r| r.score) {
        for ranked in &mut ranking {
            ranked.poor_fit = first - ranked.score >= crate::evaluation::POOR_FIT_GAP;
        }
    }

    // A note speaks of its `about` platforms, so it shows only while one of them is a real option.
    let is_viable = |p: &PlatformId| ranking.iter().any(|r| r.platform == *p && !r.poor_fit);
    let notes = noted
        .into_iter()
        .filter(|id| {
            let about = &rules.rule_of(*id).about;
            about.is_empty() || about.iter().any(is_viable)
        })
        .collect();
    let assumptions = rules.catalog.iter().filter(|(id, _)| !workload.stated[id.0]).map(|(id, _)| id).collect();
    let weights = weights.iter().map(|w| *w as i64).collect();

    let exclusions_by_rule = group_by_rule(&excluded);
    Evaluation { ranking, excluded, exclusions_by_rule, weights, fired: fired_flags, notes, assumptions, unavailable }
}

/// Each excluding rule (in rule-id order) with the platforms it ruled out (in platform-id order).
fn group_by_rule(excluded: &[Exclusion]) -> Vec<(RuleId, Vec<PlatformId>)> {
    let mut rules: Vec<RuleId> = excluded.iter().flat_map(|e| e.rules.iter().copied()).collect();
    rules.sort();
    rules.dedup();
    rules
        .into_iter()
        .map(|rule| (rule, excluded.iter().filter(|e| e.rules.contains(&rule)).map(|e| e.platform).collect()))
        .collect()
}

/// The platform `evaluate` would put first, computed without recording anything: for searches
/// that try many variants of a workload (tipping points, the value of an answer). It walks the
/// same fired rules and scores with the same [`raw_score`] and [`first_of`] as [`evaluate`], so
/// the two always agree (a property test checks it).
pub fn first_platform(rules: &RuleSet, values: &[Value], stated: &[bool]) -> Option<PlatformId> {
    let scores = scores_with_weights(rules, values, stated, None);
    first_of(scores.into_iter().enumerate().filter_map(|(p, s)| s.map(|s| (PlatformId(p), s))))
}

/// Every platform's raw score (none when ruled out or not yet available), each criterion's base
/// weight multiplied by a factor when `factors` is given: for sampling how much the answer
/// depends on the weights. Rules' weight changes and adjustments apply as usual.
pub fn scores_with_weights(
    rules: &RuleSet,
    values: &[Value],
    stated: &[bool],
    factors: Option<&[f64]>,
) -> Vec<Option<f64>> {
    let fired: Vec<&Rule> = fired(rules, values, stated).map(|(_, r)| r).collect();
    let weights = weights(rules, factors, fired.iter().copied());
    let mut adjustment = vec![0i64; rules.platforms.len()];
    let mut excluded = vec![false; rules.platforms.len()];
    for rule in fired {
        for &(platform, points) in &rule.adjust {
            adjustment[platform.0] += points;
        }
        for platform in &rule.exclude {
            excluded[platform.0] = true;
        }
    }
    let costed = crate::cost::effective_ratings(rules, values);
    rules
        .platforms
        .iter()
        .enumerate()
        .map(|(p, platform)| {
            (!excluded[p] && !rules.is_unavailable(PlatformId(p))).then(|| {
                let ratings = costed.as_ref().map_or(&platform.ratings, |costed| &costed[p]);
                raw_score(ratings, &weights, adjustment[p])
            })
        })
        .collect()
}

/// A platform's score: criterion points normalised to 0-100, plus rule adjustments, kept in 0-100.
fn score(
    platform: PlatformId,
    ratings: &[i64],
    weights: &[f64],
    best_possible: f64,
    adjustments: Vec<(RuleId, i64)>,
) -> Ranked {
    let criteria: Vec<f64> = if best_possible == 0.0 {
        vec![0.0; weights.len()]
    } else {
        weights.iter().zip(ratings).map(|(w, r)| 100.0 * (w * *r as f64) / best_possible).collect()
    };
    let raw = raw_score(ratings, weights, adjustments.iter().map(|(_, points)| *points).sum());
    let score = raw.clamp(0.0, 100.0);
    Ranked {
        platform,
        score,
        raw,
        criteria,
        ratings: None,
        adjustments,
        clamp: score - raw,
        poor_fit: false,
        reasons: Vec::new(),
        drawbacks: Vec::new(),
    }
}

/// Fills in each viable platform's reasons and drawbacks: criteria where it is above or below the mean
/// of the viable platforms, and the rules that adjusted it, largest first.
fn explain_differences(ranking: &mut [Ranked], criteria: usize) {
    if ranking.is_empty() {
        return;
    }
    let count = ranking.len() as f64;
    let means: Vec<f64> = (0..criteria).map(|c| ranking.iter().map(|r| r.criteria[c]).sum::<f64>() / count).collect();
    for ranked in ranking.iter_mut() {
        let mut all: Vec<Reason> = (0..criteria)
            .map(|c| Reason::Criterion {
                criterion: CriterionId(c),
                points: ranked.criteria[c],
                edge: ranked.criteria[c] - means[c],
            })
            .filter(|reason| reason.weight().abs() >= 0.05)
            .chain(ranked.adjustments.iter().map(|&(rule, points)| Reason::Rule { rule, points }))
            .collect();
        all.sort_by(|a, b| b.weight().abs().total_cmp(&a.weight().abs()));
        let (reasons, drawbacks) = all.into_iter().partition(|reason| reason.weight() > 0.0);
        ranked.reasons = reasons;
        ranked.drawbacks = drawbacks;
    }
}

/// One line of the difference between two viable platforms' scores.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum GapItem {
    /// Points the leader earns more (positive) from a criterion.
    Criterion(CriterionId, f64),
    /// Points a rule gives the leader more (positive) or the other more (negative).
    Rule(RuleId, i64),
    /// Points lost or gained by keeping scores within 0-100.
    Clamp(f64),
}

/// Why `leader` scores above `other`: the score gap broken into criteria and rules, largest first.
pub fn gap(leader: &Ranked, other: &Ranked) -> Vec<GapItem> {
    let mut items: Vec<GapItem> = leader
        .criteria
        .iter()
        .zip(&other.criteria)
        .enumerate()
        .map(|(c, (a, b))| GapItem::Criterion(CriterionId(c), a - b))
        .filter(|item| matches!(item, GapItem::Criterion(_, d) if d.abs() >= 0.05))
        .collect();
    let mut rules: Vec<(RuleId, i64)> = leader.adjustments.clone();
    for &(rule, points) in &other.adjustments {
        match rules.iter_mut().find(|(r, _)| *r == rule) {
            Some(entry) => entry.1 -= points,
            None => rules.push((rule, -points)),
        }
    }
    items.extend(rules.into_iter().filter(|(_, p)| *p != 0).map(|(r, p)| GapItem::Rule(r, p)));
    let clamp = leader.clamp - other.clamp;
    if clamp.abs() >= 0.05 {
        items.push(GapItem::Clamp(clamp));
    }
    let size = |item: &GapItem| match item {
        GapItem::Criterion(_, d) | GapItem::Clamp(d) => d.abs(),
        GapItem::Rule(_, p) => p.abs() as f64,
    };
    items.sort_by(|a, b| size(b).total_cmp(&size(a)));
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{rules, workload};

    fn ranking(text: &str) -> Vec<(String, f64)> {
        let rules = rules();
        let evaluation = evaluate(&rules, &workload(&rules, text).expect("valid workload"));
        evaluation.ranking.iter().map(|r| (rules.platform_of(r.platform).id.clone(), r.score)).collect()
    }

    #[test]
    fn scores_are_weighted_ratings_normalised_to_100() {
        // Weights simplicity 2, control 1: best possible 15. serverless 2*5+1*1 = 11 -> 73.3;
        // nodes 2*2+1*5 = 9 -> 60.
        let ranked = ranking("name: x\n");
        assert_eq!(ranked[0].0, "serverless");
        assert!((ranked[0].1 - 1100.0 / 15.0).abs() < 1e-9);
        assert_eq!(ranked[1].0, "nodes");
        assert!((ranked[1].1 - 60.0).abs() < 1e-9);
    }

    #[test]
    fn weight_changes_and_adjustments_apply_when_a_rule_fires() {
        // control weight 1+2 = 3: best 25. serverless 10+3 = 13 -> 52; nodes 4+15 = 19 -> 76, +5 = 81.
        let ranked = ranking("team: { experience: some }\n");
        assert_eq!(ranked[0].0, "nodes");
        assert!((ranked[0].1 - 81.0).abs() < 1e-9);
        assert!((ranked[1].1 - 52.0).abs() < 1e-9);
    }

    #[test]
    fn hard_constraints_exclude_and_name_their_rules() {
        let rules = rules();
        let evaluation = evaluate(&rules, &workload(&rules, "requirements: { gpu: true, vcpu: 32 }\n").expect("valid"));
        let serverless = rules.platform("serverless").expect("defined");
        let exclusion = evaluation.exclusion(serverless).expect("excluded");
        let ids: Vec<&str> = exclusion.rules.iter().map(|&r| rules.rule_of(r).id.as_str()).collect();
        assert_eq!(ids, ["big-tasks", "no-gpu-serverless"]);
        assert!(evaluation.ranked(serverless).is_none());
    }

    #[test]
    fn numeric_comparisons_are_strict_where_written_so() {
        let rules = rules();
        let at_16 = evaluate(&rules, &workload(&rules, "requirements: { vcpu: 16 }\n").expect("valid"));
        assert!(at_16.excluded.iter().all(|e| rules.platform_of(e.platform).id != "serverless"));
        let at_17 = evaluate(&rules, &workload(&rules, "requirements: { vcpu: 16.5 }\n").expect("valid"));
        assert!(at_17.excluded.iter().any(|e| rules.platform_of(e.platform).id == "serverless"));
    }

    #[test]
    fn contributions_add_up_to_the_score() {
        let rules = rules();
        let evaluation = evaluate(&rules, &workload(&rules, "team: { experience: lots }\n").expect("valid"));
        for ranked in &evaluation.ranking {
            let sum: f64 = ranked.criteria.iter().sum::<f64>()
                + ranked.adjustments.iter().map(|(_, p)| *p as f64).sum::<f64>()
                + ranked.clamp;
            assert!((sum - ranked.score).abs() < 1e-9, "{sum} vs {}", ranked.score);
        }
    }

    #[test]
    fn notes_show_only_when_their_platform_is_viable() {
        let rules = rules();
        let note = rules.rule("novice-note").expect("defined");
        let viable = evaluate(&rules, &workload(&rules, "name: x\n").expect("valid"));
        assert_eq!(viable.notes, [note]);
        let excluded = evaluate(&rules, &workload(&rules, "requirements: { gpu: true }\n").expect("valid"));
        assert!(excluded.notes.is_empty());
    }

    #[test]
    fn unstated_facts_are_assumptions() {
        let rules = rules();
        let evaluation = evaluate(&rules, &workload(&rules, "requirements: { gpu: false }\n").expect("valid"));
        let ids: Vec<&str> = evaluation.assumptions.iter().map(|&f| rules.fact_of(f).id.as_str()).collect();
        assert_eq!(ids, ["team.experience", "requirements.vcpu", "placement.on_premises"]);
    }

    #[test]
    fn a_stated_only_rule_never_fires_on_an_assumed_default() {
        let text = format!(
            "{}  - id: novice-penalty\n    title: T\n    when: {{ team.experience: none }}\n    stated_only: true\n    adjust: {{ nodes: -5 }}\n    because: B\n    source: https://example.com/p\n    reviewed: 2026-11-27\n",
            crate::testing::PACK
        );
        let rules = crate::testing::load(&text).expect("valid");
        let penalty = rules.rule("novice-penalty").expect("defined");
        // `none` is the default: assumed, the rule stays silent; stated, it fires.
        let assumed = evaluate(&rules, &workload(&rules, "name: x\n").expect("valid"));
        assert!(!assumed.fired[penalty.0]);
        let stated = evaluate(&rules, &workload(&rules, "team: { experience: none }\n").expect("valid"));
        assert!(stated.fired[penalty.0]);
        assert_eq!(
            first_platform(&rules, &workload(&rules, "name: x\n").expect("valid").values, &[false; 3]),
            assumed.first().map(|w| w.platform)
        );
    }

    #[test]
    fn ties_break_by_platform_id() {
        let text = crate::testing::PACK.replace("{ simplicity: 2, control: 5 }", "{ simplicity: 5, control: 1 }");
        let rules = crate::testing::load(&text).expect("valid");
        let evaluation = evaluate(&rules, &workload(&rules, "name: x\n").expect("valid"));
        let ids: Vec<&str> = evaluation.ranking.iter().map(|r| rules.platform_of(r.platform).id.as_str()).collect();
        assert_eq!(ids, ["nodes", "serverless"]);
    }

    #[test]
    fn gap_explains_the_whole_difference() {
        let rules = rules();
        let evaluation = evaluate(&rules, &workload(&rules, "team: { experience: some }\n").expect("valid"));
        let (leader, other) = (&evaluation.ranking[0], &evaluation.ranking[1]);
        let total: f64 = gap(leader, other)
            .iter()
            .map(|item| match item {
                GapItem::Criterion(_, d) | GapItem::Clamp(d) => *d,
                GapItem::Rule(_, p) => *p as f64,
            })
            .sum();
        assert!((total - (leader.score - other.score)).abs() < 1e-9);
    }
}
