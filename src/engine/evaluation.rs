//! The result of evaluating a workload: the ranking of viable platforms with every contribution to
//! every score, the exclusions with their rules, the assumptions and the notes. Plain data with
//! typed ids; `report` turns it into the named, serialisable form that renderers print.

use crate::catalog::FactId;
use crate::ruleset::{CriterionId, PlatformId, RuleId};

/// How far behind the first a platform must score to be a poor fit: it stays in the ranking,
/// flagged, but no note is shown for it and the text report lists it apart, without reasons.
pub const POOR_FIT_GAP: f64 = 40.0;

/// What `evaluate` returns.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    /// Viable platforms, best first (ties broken by platform id).
    pub ranking: Vec<Ranked>,
    /// Platforms ruled out by a hard constraint, in platform-id order.
    pub excluded: Vec<Exclusion>,
    /// The same exclusions by rule: each excluding rule (rule-id order) with its platforms.
    pub exclusions_by_rule: Vec<(RuleId, Vec<PlatformId>)>,
    /// Each criterion's weight after the rules changed it, indexed by [`CriterionId`].
    pub weights: Vec<i64>,
    /// Whether each rule fired, indexed by [`RuleId`].
    pub fired: Vec<bool>,
    /// Rules whose note applies, in rule-id order.
    pub notes: Vec<RuleId>,
    /// Facts the workload did not state (their defaults were used), in catalog order.
    pub assumptions: Vec<FactId>,
    /// Platforms left out because they were not yet available on the rules' `as_of` date.
    pub unavailable: Vec<PlatformId>,
}

/// A platform's score and how it was reached.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranked {
    /// The platform.
    pub platform: PlatformId,
    /// Final score, 0-100.
    pub score: f64,
    /// The score before it was kept within 0-100: what the ranking orders by.
    pub raw: f64,
    /// Points from each criterion (rating x weight, normalised), indexed by [`CriterionId`].
    pub criteria: Vec<f64>,
    /// The ratings used when a cost estimate set some of them (none: the pack's ratings).
    pub ratings: Option<Vec<i64>>,
    /// Points added or taken by rules, in rule-id order.
    pub adjustments: Vec<(RuleId, i64)>,
    /// Points removed (negative) or added (positive) to keep the score within 0-100.
    pub clamp: f64,
    /// [`POOR_FIT_GAP`] points or more behind the first.
    pub poor_fit: bool,
    /// What sets this platform apart for the better, largest first.
    pub reasons: Vec<Reason>,
    /// What sets it apart for the worse, largest first.
    pub drawbacks: Vec<Reason>,
}

/// One contribution that sets a platform apart from the other viable ones.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Reason {
    /// A criterion on which the platform scores above (or below) the viable platforms' mean.
    Criterion {
        /// The criterion.
        criterion: CriterionId,
        /// Points from it for this platform.
        points: f64,
        /// Points above (positive) or below the mean of the viable platforms.
        edge: f64,
    },
    /// A rule that adjusted the platform's score.
    Rule {
        /// The rule.
        rule: RuleId,
        /// Points it added (or took).
        points: i64,
    },
}

impl Reason {
    /// How much this reason sets the platform apart, in points (signed).
    pub fn weight(&self) -> f64 {
        match self {
            Reason::Criterion { edge, .. } => *edge,
            Reason::Rule { points, .. } => *points as f64,
        }
    }
}

/// A platform ruled out, the rules that did it, and where it would have stood.
#[derive(Clone, Debug, PartialEq)]
pub struct Exclusion {
    /// The platform.
    pub platform: PlatformId,
    /// Every rule that excluded it, in rule-id order.
    pub rules: Vec<RuleId>,
    /// The score it would have had without the exclusion.
    pub would_score: f64,
}

impl Ranked {
    /// The score before it was kept within 0-100: what the ranking orders by.
    pub fn unclamped(&self) -> f64 {
        self.raw
    }
}

impl Evaluation {
    /// The best viable platform, if any platform is viable.
    pub fn first(&self) -> Option<&Ranked> {
        self.ranking.first()
    }

    /// The ranking entry of a platform, if viable.
    pub fn ranked(&self, platform: PlatformId) -> Option<&Ranked> {
        self.ranking.iter().find(|r| r.platform == platform)
    }

    /// The exclusion of a platform, if ruled out.
    pub fn exclusion(&self, platform: PlatformId) -> Option<&Exclusion> {
        self.excluded.iter().find(|e| e.platform == platform)
    }
}
