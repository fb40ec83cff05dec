//! The evaluation with names: the one serialisable result type that every renderer prints (JSON
//! and YAML are serde of it; the table and Markdown read the same fields). Building it only looks
//! names up and rounds numbers for display; scoring and ordering stay in the engine.

pub mod portfolio;
pub mod schema;

use serde::Serialize;

use crate::catalog::ShownValue;
use crate::engine::{GapItem, gap};
use crate::evaluation::{Evaluation, Ranked, Reason};
use crate::ruleset::{PlatformId, RuleId, RuleSet};
use crate::workload::Workload;

/// How many reasons (and drawbacks) a report names for each platform: the largest ones.
pub const REASONS_SHOWN: usize = 5;

/// Version of the JSON/YAML report layout; raised when a key changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

/// A recommendation, ready to render.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    /// The workload file, when the report is one of many (`batch`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<&'a str>,
    /// Where the workload says it runs today (`batch`, as its `Current` column), when it says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<&'a str>,
    /// Layout version.
    pub schema_version: u32,
    /// The workload's name.
    pub name: Option<&'a str>,
    /// Viable platforms, best first.
    pub ranking: Vec<RankingEntry<'a>>,
    /// Platforms ruled out, with the rules that did it.
    pub excluded: Vec<ExcludedEntry<'a>>,
    /// The date the rules were read as of (`--as-of`), when not today.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<crate::date::Date>,
    /// Platforms left out because they were not yet generally available on `as_of`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unavailable: Vec<UnavailableEntry<'a>>,
    /// Facts not stated, with the default used.
    pub assumptions: Vec<AssumptionEntry<'a>>,
    /// Advice that applies.
    pub notes: Vec<NoteEntry<'a>>,
    /// The full trace (with `--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Trace<'a>>,
    /// Rough monthly cost estimates (when the workload states its size and the pack has prices).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub costs: Option<CostView<'a>>,
    /// How much the answer rests on the weights (with `--robustness`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub robustness: Option<crate::robustness::RobustnessView<'a>>,
    /// The same exclusions grouped by rule (in rule-id order), for text that cites each rule once.
    #[serde(skip)]
    pub exclusions_by_rule: Vec<RuleExclusion<'a>>,
    /// How well the best platform fits, in words.
    #[serde(skip)]
    pub fit: Fit,
}

/// A platform that did not exist yet on the date the rules are read as of.
#[derive(Debug, Serialize)]
pub struct UnavailableEntry<'a> {
    /// The platform.
    pub platform: &'a str,
    /// Its general-availability date.
    pub available_since: Option<crate::date::Date>,
}

/// A rule and every platform it ruled out.
#[derive(Debug)]
pub struct RuleExclusion<'a> {
    /// The rule.
    pub rule: RuleRef<'a>,
    /// The platforms it ruled out, in platform-id order.
    pub platforms: Vec<&'a str>,
}

/// How well the best platform fits the workload, from its score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    /// 70 or more.
    Good,
    /// 50 to 70.
    Fair,
    /// Under 50: the best of what is left, not a good answer.
    Poor,
    /// Every platform is ruled out.
    Nothing,
}

impl Fit {
    /// The fit of a best score (`None`: nothing is viable).
    pub fn of(best: Option<f64>) -> Self {
        match best {
            None => Fit::Nothing,
            Some(score) if score >= 70.0 => Fit::Good,
            Some(score) if score >= 50.0 => Fit::Fair,
            Some(_) => Fit::Poor,
        }
    }
}

/// One viable platform.
#[derive(Debug, Serialize)]
pub struct RankingEntry<'a> {
    /// 1 for the best.
    pub rank: usize,
    /// Platform id.
    pub platform: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Score, 0-100, one decimal.
    pub score: f64,
    /// Far behind the first (40 points or more): listed, but not a real option.
    pub poor_fit: bool,
    /// What sets it apart for the better, largest first (at most [`REASONS_SHOWN`]).
    pub reasons: Vec<ReasonEntry<'a>>,
    /// What sets it apart for the worse, largest first.
    pub drawbacks: Vec<ReasonEntry<'a>>,
    /// Every contribution to the score (with `--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contributions: Option<Contributions<'a>>,
}

/// What a reason is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReasonKind {
    /// A criterion's points.
    Criterion,
    /// A rule's adjustment.
    Rule,
}

/// Where a platform stands, for `explain --why-not`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WhyNotStatus {
    /// It is first.
    Best,
    /// A hard constraint rules it out.
    Excluded,
    /// It is viable but scores lower.
    Behind,
}

/// What part of a score gap comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GapKind {
    /// A criterion's points.
    Criterion,
    /// A rule's adjustment.
    Rule,
    /// Keeping scores within 0-100.
    Clamp,
}

/// A reason, named.
#[derive(Debug, Serialize)]
pub struct ReasonEntry<'a> {
    /// What the reason is about.
    pub kind: ReasonKind,
    /// The criterion or rule id.
    pub id: &'a str,
    /// The criterion name or rule title.
    pub text: &'a str,
    /// Points: for a criterion, above or below the viable platforms' mean; for a rule, its adjustment.
    pub points: f64,
    /// A rule's public sources.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub sources: &'a [String],
}

/// Every contribution to one score: they add up to it.
#[derive(Debug, Serialize)]
pub struct Contributions<'a> {
    /// Points per criterion.
    pub criteria: Vec<CriterionPoints<'a>>,
    /// Points per rule that adjusted the score.
    pub rules: Vec<RulePoints<'a>>,
    /// Points removed to keep the score within 0-100 (0 almost always).
    pub clamp: f64,
}

/// A criterion's share of a score.
#[derive(Debug, Serialize)]
pub struct CriterionPoints<'a> {
    /// Criterion id.
    pub criterion: &'a str,
    /// The platform's rating on it (0-5).
    pub rating: i64,
    /// Its weight for this workload.
    pub weight: i64,
    /// Points it contributes.
    pub points: f64,
}

/// A rule's adjustment of a score.
#[derive(Debug, Serialize)]
pub struct RulePoints<'a> {
    /// Rule id.
    pub rule: &'a str,
    /// Points added (negative: taken).
    pub points: i64,
}

/// A rule as cited in a report.
#[derive(Debug, Serialize)]
pub struct RuleRef<'a> {
    /// Rule id.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// Plain-words reason.
    pub because: &'a str,
    /// Public sources.
    pub sources: &'a [String],
}

impl<'a> RuleRef<'a> {
    fn new(rules: &'a RuleSet, id: RuleId) -> Self {
        let rule = rules.rule_of(id);
        RuleRef { id: &rule.id, title: &rule.title, because: &rule.because, sources: &rule.sources }
    }
}

/// A platform ruled out.
#[derive(Debug, Serialize)]
pub struct ExcludedEntry<'a> {
    /// Platform id.
    pub platform: &'a str,
    /// Display name.
    pub name: &'a str,
    /// The rules that ruled it out.
    pub rules: Vec<RuleRef<'a>>,
    /// The score it would have had.
    pub would_score: f64,
}

/// A fact not stated.
#[derive(Debug, Serialize)]
pub struct AssumptionEntry<'a> {
    /// Fact id.
    pub fact: &'a str,
    /// The default used.
    pub value: ShownValue<'a>,
    /// Whether answering the fact could put another platform first (when it was worked out:
    /// `recommend` does, `batch` does not, to stay fast).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub could_change_result: Option<bool>,
}

/// Advice that applies.
#[derive(Debug, Serialize)]
pub struct NoteEntry<'a> {
    /// The rule carrying the note.
    pub rule: &'a str,
    /// The advice.
    pub text: &'a str,
    /// Public sources.
    pub sources: &'a [String],
}

/// The full trace: weights, and every rule fired or not.
#[derive(Debug, Serialize)]
pub struct Trace<'a> {
    /// Each criterion's base and effective weight.
    pub weights: Vec<WeightEntry<'a>>,
    /// Every rule, in id order.
    pub rules: Vec<TraceRule<'a>>,
}

/// A criterion's weight before and after the rules.
#[derive(Debug, Serialize)]
pub struct WeightEntry<'a> {
    /// Criterion id.
    pub criterion: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Weight in the pack.
    pub base: i64,
    /// Weight for this workload.
    pub effective: i64,
}

/// One rule in the trace.
#[derive(Debug, Serialize)]
pub struct TraceRule<'a> {
    /// Rule id.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// Whether its condition held.
    pub fired: bool,
}

/// Rounds to one decimal, the precision every output shows.
pub fn round1(value: f64) -> f64 {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded == 0.0 { 0.0 } else { rounded }
}

impl<'a> Report<'a> {
    /// Names every id of an evaluation; `explain` adds the full trace.
    pub fn new(rules: &'a RuleSet, workload: &'a Workload, evaluation: &Evaluation, explain: bool) -> Self {
        let ranking = evaluation
            .ranking
            .iter()
            .enumerate()
            .map(|(i, ranked)| ranking_entry(rules, evaluation, i + 1, ranked, explain))
            .collect();
        let excluded = evaluation
            .excluded
            .iter()
            .map(|exclusion| {
                let platform = rules.platform_of(exclusion.platform);
                ExcludedEntry {
                    platform: &platform.id,
                    name: &platform.name,
                    rules: exclusion.rules.iter().map(|&id| RuleRef::new(rules, id)).collect(),
                    would_score: round1(exclusion.would_score),
                }
            })
            .collect();
        let assumptions = evaluation
            .assumptions
            .iter()
            .map(|&id| {
                let fact = rules.fact_of(id);
                AssumptionEntry { fact: &fact.id, value: fact.show(workload.value(id)), could_change_result: None }
            })
            .collect();
        let notes = evaluation
            .notes
            .iter()
            .map(|&id| {
                let rule = rules.rule_of(id);
                NoteEntry { rule: &rule.id, text: rule.note.as_deref().unwrap_or_default(), sources: &rule.sources }
            })
            .collect();
        let trace = explain.then(|| Trace {
            weights: rules
                .criteria
                .iter()
                .zip(&evaluation.weights)
                .map(|(c, &effective)| WeightEntry { criterion: &c.id, name: &c.name, base: c.weight, effective })
                .collect(),
            rules: rules
                .rules
                .iter()
                .zip(&evaluation.fired)
                .map(|(rule, &fired)| TraceRule { id: &rule.id, title: &rule.title, fired })
                .collect(),
        });
        let exclusions_by_rule = evaluation
            .exclusions_by_rule
            .iter()
            .map(|(rule, platforms)| RuleExclusion {
                rule: RuleRef::new(rules, *rule),
                platforms: platforms.iter().map(|&p| rules.platform_of(p).id.as_str()).collect(),
            })
            .collect();
        Report {
            file: None,
            current: None,
            schema_version: SCHEMA_VERSION,
            name: workload.name.as_deref(),
            fit: Fit::of(evaluation.first().map(|w| w.score)),
            ranking,
            excluded,
            as_of: rules.as_of,
            unavailable: evaluation
                .unavailable
                .iter()
                .map(|&p| {
                    let platform = rules.platform_of(p);
                    UnavailableEntry { platform: &platform.id, available_since: platform.available_since }
                })
                .collect(),
            assumptions,
            notes,
            trace,
            robustness: None,
            costs: CostView::new(rules, workload, evaluation),
            exclusions_by_rule,
        }
    }
}

impl Report<'_> {
    /// Marks the assumptions whose answer could change the result and lists them first (see
    /// `sensitivity::open_questions`); the rest keep catalog order.
    pub fn mark_open_questions(&mut self, open: &[&str]) {
        for assumption in &mut self.assumptions {
            assumption.could_change_result = Some(open.contains(&assumption.fact));
        }
        self.assumptions.sort_by_key(|a| a.could_change_result != Some(true));
    }
}

fn ranking_entry<'a>(
    rules: &'a RuleSet,
    evaluation: &Evaluation,
    rank: usize,
    ranked: &Ranked,
    explain: bool,
) -> RankingEntry<'a> {
    let platform = rules.platform_of(ranked.platform);
    let reason = |reason: &Reason| reason_entry(rules, reason);
    RankingEntry {
        rank,
        platform: &platform.id,
        name: &platform.name,
        score: round1(ranked.score),
        poor_fit: ranked.poor_fit,
        reasons: ranked.reasons.iter().take(REASONS_SHOWN).map(reason).collect(),
        drawbacks: ranked.drawbacks.iter().take(REASONS_SHOWN).map(reason).collect(),
        contributions: explain.then(|| Contributions {
            criteria: rules
                .criteria
                .iter()
                .enumerate()
                .map(|(c, criterion)| CriterionPoints {
                    criterion: &criterion.id,
                    rating: ranked.ratings.as_ref().map_or(platform.ratings[c], |ratings| ratings[c]),
                    weight: evaluation.weights[c],
                    points: round1(ranked.criteria[c]),
                })
                .collect(),
            rules: ranked
                .adjustments
                .iter()
                .map(|&(id, points)| RulePoints { rule: &rules.rule_of(id).id, points })
                .collect(),
            clamp: round1(ranked.clamp),
        }),
    }
}

fn reason_entry<'a>(rules: &'a RuleSet, reason: &Reason) -> ReasonEntry<'a> {
    match *reason {
        Reason::Criterion { criterion, edge, .. } => {
            let criterion = rules.criterion_of(criterion);
            ReasonEntry {
                kind: ReasonKind::Criterion,
                id: &criterion.id,
                text: &criterion.name,
                points: round1(edge),
                sources: &[],
            }
        }
        Reason::Rule { rule, points } => {
            let rule = rules.rule_of(rule);
            ReasonEntry {
                kind: ReasonKind::Rule,
                id: &rule.id,
                text: &rule.title,
                points: points as f64,
                sources: &rule.sources,
            }
        }
    }
}

/// What keeps a platform from first place.
#[derive(Debug, Serialize)]
pub struct WhyNot<'a> {
    /// Layout version.
    pub schema_version: u32,
    /// The platform asked about.
    pub platform: &'a str,
    /// The platform in first place (none when nothing is viable).
    pub best: Option<&'a str>,
    /// `best` (it is first), `excluded` or `behind`.
    pub status: WhyNotStatus,
    /// Rules that ruled it out (when excluded).
    pub excluded_by: Vec<RuleRef<'a>>,
    /// Its score, or the score it would have had when excluded.
    pub score: f64,
    /// The first platform's score.
    pub best_score: Option<f64>,
    /// The gap to first place, broken down (when behind).
    pub gap: Vec<GapEntry<'a>>,
}

/// One part of a score gap.
#[derive(Debug, Serialize)]
pub struct GapEntry<'a> {
    /// What this part of the gap comes from.
    pub kind: GapKind,
    /// Criterion or rule id (empty for clamp).
    pub id: &'a str,
    /// Criterion name or rule title.
    pub text: &'a str,
    /// Points the first platform gains over this one from it (negative: this one gains).
    pub points: f64,
}

impl<'a> WhyNot<'a> {
    /// Explains why `platform` is not first.
    pub fn new(rules: &'a RuleSet, evaluation: &Evaluation, platform: PlatformId) -> Self {
        let best = evaluation.first();
        let mut why = WhyNot {
            schema_version: SCHEMA_VERSION,
            platform: &rules.platform_of(platform).id,
            best: best.map(|b| rules.platform_of(b.platform).id.as_str()),
            status: WhyNotStatus::Behind,
            excluded_by: Vec::new(),
            score: 0.0,
            best_score: best.map(|b| round1(b.score)),
            gap: Vec::new(),
        };
        if let Some(exclusion) = evaluation.exclusion(platform) {
            why.status = WhyNotStatus::Excluded;
            why.excluded_by = exclusion.rules.iter().map(|&id| RuleRef::new(rules, id)).collect();
            why.score = round1(exclusion.would_score);
            return why;
        }
        let ranked = evaluation.ranked(platform).expect("a platform is either ranked or excluded");
        why.score = round1(ranked.score);
        match best {
            Some(best) if best.platform == platform => why.status = WhyNotStatus::Best,
            Some(best) => {
                why.gap = gap(best, ranked)
                    .into_iter()
                    .map(|item| match item {
                        GapItem::Criterion(c, points) => {
                            let criterion = rules.criterion_of(c);
                            GapEntry {
                                kind: GapKind::Criterion,
                                id: &criterion.id,
                                text: &criterion.name,
                                points: round1(points),
                            }
                        }
                        GapItem::Rule(r, points) => {
                            let rule = rules.rule_of(r);
                            GapEntry { kind: GapKind::Rule, id: &rule.id, text: &rule.title, points: points as f64 }
                        }
                        GapItem::Clamp(points) => {
                            GapEntry { kind: GapKind::Clamp, id: "", text: "kept within 0-100", points: round1(points) }
                        }
                    })
                    .collect();
            }
            None => {}
        }
        why
    }
}

/// What would change the answer: the tipping points, grouped by the platform they put first.
#[derive(Debug, Serialize)]
pub struct WhatIf<'a> {
    /// Layout version.
    pub schema_version: u32,
    /// The workload's name.
    pub name: Option<&'a str>,
    /// The platform first now.
    pub best: Option<&'a str>,
    /// Its score.
    pub best_score: Option<f64>,
    /// For each platform one or two changes could put first (platform-id order), those changes.
    pub tipping_points: Vec<TipGroup<'a>>,
    /// Platforms that no change of one or two answers puts first.
    pub out_of_reach: Vec<&'a str>,
    /// Set when the search stopped at its limit of work before trying every change (a very large
    /// pack): how many of the changes it tried.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_stopped: Option<crate::sensitivity::Searched>,
}

/// The changes that would put one platform first.
#[derive(Debug, Serialize)]
pub struct TipGroup<'a> {
    /// The platform.
    pub platform: &'a str,
    /// How many answers each change set touches (1 or 2).
    pub answers: usize,
    /// Every change set, in search order.
    pub changes: Vec<TipEntry<'a>>,
}

/// One change set and the score it would give.
#[derive(Debug, Serialize)]
pub struct TipEntry<'a> {
    /// The changed answers.
    pub answers: Vec<ChangeEntry<'a>>,
    /// The platform's score with these answers.
    pub score: f64,
    /// The score of the platform first now, with these answers (none: it would be ruled out).
    pub first_now_score: Option<f64>,
}

/// One changed answer.
#[derive(Debug, Serialize)]
pub struct ChangeEntry<'a> {
    /// Fact id.
    pub fact: &'a str,
    /// The value now (stated or assumed).
    pub from: ShownValue<'a>,
    /// The value that changes the result.
    pub to: ShownValue<'a>,
    /// Whether the value now is stated in the workload (false: assumed).
    pub stated: bool,
}

impl<'a> WhatIf<'a> {
    /// Names the tipping points of a workload.
    pub fn new(
        rules: &'a RuleSet,
        workload: &'a Workload,
        evaluation: &Evaluation,
        tips: &[crate::sensitivity::TippingPoint],
    ) -> Self {
        let mut groups: Vec<TipGroup<'a>> = Vec::new();
        for tip in tips {
            let platform = rules.platform_of(tip.platform).id.as_str();
            let mut changed = workload.clone();
            for change in &tip.changes {
                changed.set(change.fact, change.to);
            }
            let changed_evaluation = crate::engine::evaluate(rules, &changed);
            let score = changed_evaluation.ranked(tip.platform).map_or(0.0, |r| round1(r.score));
            let first_now_score =
                evaluation.first().and_then(|now| changed_evaluation.ranked(now.platform)).map(|r| round1(r.score));
            let answers = tip
                .changes
                .iter()
                .map(|change| {
                    let fact = rules.fact_of(change.fact);
                    ChangeEntry {
                        fact: &fact.id,
                        from: fact.show(change.from),
                        to: fact.show(change.to),
                        stated: workload.stated[change.fact.0],
                    }
                })
                .collect();
            let entry = TipEntry { answers, score, first_now_score };
            match groups.last_mut() {
                Some(group) if group.platform == platform => group.changes.push(entry),
                _ => groups.push(TipGroup { platform, answers: tip.changes.len(), changes: vec![entry] }),
            }
        }
        let best = evaluation.first();
        let out_of_reach = rules
            .platforms
            .iter()
            .filter(|p| best.is_none_or(|b| rules.platform_of(b.platform).id != p.id))
            .filter(|p| !groups.iter().any(|g| g.platform == p.id))
            .map(|p| p.id.as_str())
            .collect();
        WhatIf {
            schema_version: SCHEMA_VERSION,
            name: workload.name.as_deref(),
            best: best.map(|b| rules.platform_of(b.platform).id.as_str()),
            best_score: best.map(|b| round1(b.score)),
            tipping_points: groups,
            out_of_reach,
            search_stopped: None,
        }
    }
}

/// Rough monthly cost estimates, labelled with the date and sources of their prices.
#[derive(Debug, Serialize)]
pub struct CostView<'a> {
    /// What the figures are.
    pub label: &'static str,
    /// When the prices were read.
    pub prices_date: &'a str,
    /// The Region.
    pub region: &'a str,
    /// The EC2 instances the estimate prices, in words.
    pub ec2_instance: String,
    /// What the estimates leave out.
    pub not_counted: Vec<String>,
    /// Each viable platform with a price, in ranking order.
    pub estimates: Vec<CostEntry<'a>>,
    /// The criteria whose ratings the estimate set.
    pub feeds: Vec<&'a str>,
    /// Public sources of the prices.
    pub sources: &'a [String],
}

/// One platform's monthly range, in US dollars.
#[derive(Debug, Serialize)]
pub struct CostEntry<'a> {
    /// The platform.
    pub platform: &'a str,
    /// The cheaper end.
    pub low: f64,
    /// The dearer end.
    pub high: f64,
    /// What the figure counts, when it is not the capacity itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts: Option<&'static str>,
}

impl<'a> CostView<'a> {
    fn new(rules: &'a RuleSet, workload: &Workload, evaluation: &Evaluation) -> Option<Self> {
        let pricing = rules.pricing.as_ref()?;
        let ranges = crate::cost::estimate(rules, &workload.values)?;
        let estimates = evaluation
            .ranking
            .iter()
            .filter_map(|ranked| {
                ranges[ranked.platform.0].map(|range| CostEntry {
                    platform: &rules.platform_of(ranked.platform).id,
                    low: range.low.round(),
                    high: range.high.round(),
                    counts: pricing.models[ranked.platform.0].and_then(crate::cost::what_it_counts),
                })
            })
            .collect();
        Some(CostView {
            label: "rough estimate, US dollars a month: AWS capacity and orchestration at list prices, On-Demand to Spot where the work allows it (ECS Anywhere and EKS Hybrid Nodes: the AWS fees only, not the hardware)",
            prices_date: &pricing.date,
            region: &pricing.region,
            ec2_instance: crate::cost::chosen_fleet(rules, &workload.values).map_or_else(
                || "no instance family fits".to_string(),
                |fleet| {
                    format!(
                        "{} instances of {} vCPU and {} GiB (${:.4} an hour each, Linux On-Demand), {} to {} of them",
                        fleet.family, fleet.vcpu, fleet.gib, fleet.hour, fleet.instances.0, fleet.instances.1
                    )
                },
            ),
            not_counted: crate::cost::not_counted(pricing, crate::cost::chosen_fleet(rules, &workload.values).as_ref()),
            estimates,
            feeds: pricing.feeds.iter().map(|&c| rules.criterion_of(c).id.as_str()).collect(),
            sources: &pricing.sources,
        })
    }
}
