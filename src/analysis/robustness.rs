//! How much a recommendation rests on the criterion weights: the weights are sampled within a
//! band around their base values (seeded, so every run gives the same figures) and each sample
//! is ranked again. Reports how often each platform comes first, how often a chosen platform
//! stays within a tolerance of first, and which criterion's weight matters most.

use serde::Serialize;

use crate::engine::scores_with_weights;
use crate::ruleset::{CriterionId, PlatformId, RuleSet};
use crate::workload::Workload;

/// How a robustness analysis samples.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sampling {
    /// How many weight samples.
    pub samples: usize,
    /// Each base weight is multiplied by a factor drawn uniformly from 1 - band to 1 + band.
    pub band: f64,
    /// Seed of the generator.
    pub seed: u64,
}

impl Default for Sampling {
    fn default() -> Self {
        Sampling { samples: 1_000, band: 0.25, seed: 1 }
    }
}

/// The result of sampling.
#[derive(Clone, Debug, PartialEq)]
pub struct Robustness {
    /// How it was sampled.
    pub sampling: Sampling,
    /// How many samples each platform came first in, indexed by [`PlatformId`].
    pub first: Vec<usize>,
    /// The criterion whose weight, moved alone to either end of the band, brings the runner-up
    /// closest to first (or past it), with the smallest lead it leaves the winner.
    pub most_sensitive: Option<(CriterionId, f64)>,
}

/// A small deterministic generator (xorshift64*).
struct Random(u64);

impl Random {
    /// A generator whose state is the seed run through splitmix64, so every seed (0 too) gives
    /// its own sequence.
    fn seeded(seed: u64) -> Self {
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Random((z ^ (z >> 31)) | 1)
    }

    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let bits = self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11;
        bits as f64 / (1u64 << 53) as f64
    }
}

/// The first platform of a set of scores, by the engine's own tie-break.
fn first(scores: &[Option<f64>]) -> Option<PlatformId> {
    crate::engine::first_of(scores.iter().enumerate().filter_map(|(p, s)| s.map(|s| (PlatformId(p), s))))
}

/// The lead of the first platform over the second (infinite when it is alone).
fn lead(scores: &[Option<f64>]) -> f64 {
    let mut sorted: Vec<f64> = scores.iter().flatten().copied().collect();
    sorted.sort_by(|a, b| b.total_cmp(a));
    match sorted.as_slice() {
        [first, second, ..] => first - second,
        _ => f64::INFINITY,
    }
}

/// Samples the weights and ranks the workload again for each sample.
pub fn robustness(rules: &RuleSet, workload: &Workload, sampling: Sampling) -> Robustness {
    let criteria = rules.criteria.len();
    let mut random = Random::seeded(sampling.seed);
    let mut first_counts = vec![0usize; rules.platforms.len()];
    let mut factors = vec![1.0; criteria];
    for _ in 0..sampling.samples {
        for factor in &mut factors {
            *factor = 1.0 + sampling.band * (2.0 * random.unit() - 1.0);
        }
        if let Some(p) = first(&scores_with_weights(rules, &workload.values, &workload.stated, Some(&factors))) {
            first_counts[p.0] += 1;
        }
    }
    let base_scores = scores_with_weights(rules, &workload.values, &workload.stated, None);
    let base_winner = first(&base_scores);
    let base_lead = lead(&base_scores);
    let mut most_sensitive: Option<(CriterionId, f64)> = None;
    for c in 0..criteria {
        for factor in [1.0 - sampling.band, 1.0 + sampling.band] {
            let mut one = vec![1.0; criteria];
            one[c] = factor;
            let scores = scores_with_weights(rules, &workload.values, &workload.stated, Some(&one));
            // A negative lead means another platform overtakes the winner.
            let margin = if first(&scores) == base_winner { lead(&scores) } else { -lead(&scores) };
            // Only a weight that narrows the lead counts; with no band, none does.
            if margin.is_finite() && margin < base_lead - 1e-9 && most_sensitive.is_none_or(|(_, m)| margin < m) {
                most_sensitive = Some((CriterionId(c), margin));
            }
        }
    }
    Robustness { sampling, first: first_counts, most_sensitive }
}

/// The share of samples in which `platform` is first, or within `tolerance` points of first.
pub fn confidence(
    rules: &RuleSet,
    workload: &Workload,
    platform: PlatformId,
    tolerance: f64,
    sampling: Sampling,
) -> f64 {
    let criteria = rules.criteria.len();
    let mut random = Random::seeded(sampling.seed);
    let mut factors = vec![1.0; criteria];
    let mut holds = 0usize;
    for _ in 0..sampling.samples {
        for factor in &mut factors {
            *factor = 1.0 + sampling.band * (2.0 * random.unit() - 1.0);
        }
        let scores = scores_with_weights(rules, &workload.values, &workload.stated, Some(&factors));
        let best = scores.iter().flatten().copied().fold(f64::NEG_INFINITY, f64::max);
        if scores[platform.0].is_some_and(|score| best - score <= tolerance) {
            holds += 1;
        }
    }
    if sampling.samples == 0 { 1.0 } else { holds as f64 / sampling.samples as f64 }
}

/// A robustness analysis, named, for reports.
#[derive(Clone, Debug, Serialize)]
pub struct RobustnessView<'a> {
    /// Samples drawn.
    pub samples: usize,
    /// The band, in percent (25 means each weight within ±25%).
    pub band_percent: f64,
    /// The seed.
    pub seed: u64,
    /// How often each platform came first, most often first.
    pub first: Vec<Share<'a>>,
    /// The criterion whose weight matters most.
    pub most_sensitive_criterion: Option<&'a str>,
}

/// How often a platform came first.
#[derive(Clone, Debug, Serialize)]
pub struct Share<'a> {
    /// The platform.
    pub platform: &'a str,
    /// Samples it came first in.
    pub samples: usize,
    /// The same, in percent.
    pub percent: f64,
}

impl<'a> RobustnessView<'a> {
    /// Names a robustness analysis.
    pub fn new(rules: &'a RuleSet, robustness: &Robustness) -> Self {
        let total = robustness.sampling.samples.max(1) as f64;
        let mut first: Vec<Share<'a>> = robustness
            .first
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(p, n)| Share {
                platform: &rules.platforms[p].id,
                samples: *n,
                percent: (1000.0 * *n as f64 / total).round() / 10.0,
            })
            .collect();
        first.sort_by(|a, b| b.samples.cmp(&a.samples).then(a.platform.cmp(b.platform)));
        RobustnessView {
            samples: robustness.sampling.samples,
            band_percent: (robustness.sampling.band * 1000.0).round() / 10.0,
            seed: robustness.sampling.seed,
            first,
            most_sensitive_criterion: robustness.most_sensitive.map(|(c, _)| rules.criterion_of(c).id.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{rules, workload};

    #[test]
    fn sampling_is_deterministic_and_counts_every_sample() {
        let rules = rules();
        let w = workload(&rules, "name: x\n").expect("valid");
        let a = robustness(&rules, &w, Sampling::default());
        let b = robustness(&rules, &w, Sampling::default());
        assert_eq!(a, b);
        assert_eq!(a.first.iter().sum::<usize>(), 1_000);
        let serverless = rules.platform("serverless").expect("defined");
        // serverless beats nodes while 3 x simplicity weight > 4 x control weight, that is while
        // the simplicity factor over the control factor stays above 2/3. With both factors
        // uniform in [0.75, 1.25] that fails with probability 0.0052 / 0.25 = 2.1%.
        let share = a.first[serverless.0];
        assert!((960..=995).contains(&share), "about 979 of 1000 expected, got {share}");
    }

    #[test]
    fn a_close_call_is_fragile() {
        // "some" experience: nodes 81 vs serverless 52 with weights 2 and 3; make it close by
        // giving control less weight in the pack, then sample.
        let text = crate::testing::PACK
            .replace("{ id: control, name: Control, weight: 1 }", "{ id: control, name: Control, weight: 0 }");
        let rules = crate::testing::load(&text).expect("valid");
        let w = workload(&rules, "team: { experience: some }\n").expect("valid");
        // weights: simplicity 2, control 0+2: nodes (4+10)/20 = 70 + 5 = 75; serverless (10+2)/20 = 60.
        let result = robustness(&rules, &w, Sampling { samples: 500, band: 0.9, seed: 7 });
        let nodes = rules.platform("nodes").expect("defined");
        assert!(result.first[nodes.0] < 500, "a wide band moves the winner sometimes: {:?}", result.first);
        assert!(result.most_sensitive.is_some());
        let sure = confidence(&rules, &w, nodes, 100.0, Sampling::default());
        assert!((sure - 1.0).abs() < 1e-12, "within 100 points it always holds");
    }
}
