//! A portfolio of workloads, as `shipwise batch` sees it: one row per workload (its advice, the
//! runner-up and the margin, what was ruled out and assumed, and the team's current platform) and
//! a summary a platform lead can show in a meeting.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::evaluation::Evaluation;
use crate::report::round1;
use crate::ruleset::RuleSet;
use crate::workload::Workload;

/// One workload's line.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Row {
    /// The workload file.
    pub file: String,
    /// The workload's name.
    pub name: Option<String>,
    /// The recommended platform (none when every platform is ruled out, or on error).
    pub platform: Option<String>,
    /// Its score.
    pub score: Option<f64>,
    /// The second platform.
    pub runner_up: Option<String>,
    /// Points between first and second.
    pub margin: Option<f64>,
    /// How many platforms were ruled out.
    pub ruled_out: usize,
    /// How many facts were assumed.
    pub assumptions: usize,
    /// The team's current platform, as the workload states it (`team.current_platform`).
    pub current: Option<String>,
    /// True when the current platform is ECS or Kubernetes and the advice is the other one.
    pub differs: bool,
    /// Why the workload could not be evaluated.
    pub error: Option<String>,
}

impl Row {
    /// The row of an evaluated workload.
    pub fn of(rules: &RuleSet, workload: &Workload, evaluation: &Evaluation, file: &str) -> Self {
        let first = evaluation.ranking.first();
        let second = evaluation.ranking.get(1);
        let id = |ranked: Option<&crate::evaluation::Ranked>| ranked.map(|r| rules.platform_of(r.platform).id.clone());
        let current = current_platform(rules, workload);
        let platform = id(first);
        let differs = matches!((&current, &platform), (Some(current), Some(advice)) if family_differs(current, advice));
        Row {
            file: file.to_string(),
            name: workload.name.clone(),
            platform,
            score: first.map(|r| round1(r.score)),
            runner_up: id(second),
            margin: first.zip(second).map(|(a, b)| round1(a.score - b.score)),
            ruled_out: evaluation.excluded.len(),
            assumptions: evaluation.assumptions.len(),
            current,
            differs,
            error: None,
        }
    }

    /// The row of a workload that could not be read or evaluated.
    pub fn error(file: &str, message: String) -> Self {
        Row { file: file.to_string(), error: Some(message), ..Row::default() }
    }
}

/// The platform the workload says it runs on today: `team.current_capacity` when it names a
/// platform of the pack (`ecs-fargate`, `eks-ec2`, ...), else `team.current_platform`. An implied
/// answer (EKS capacity implies EKS) counts as stated.
fn current_platform(rules: &RuleSet, workload: &Workload) -> Option<String> {
    let stated = |id: &str| {
        let fact = rules.catalog.lookup(id).filter(|fact| workload.stated[fact.0])?;
        Some(rules.fact_of(fact).show(workload.value(fact)).to_string())
    };
    stated("team.current_capacity")
        .filter(|capacity| rules.platforms.iter().any(|p| p.id == *capacity))
        .or_else(|| stated("team.current_platform"))
}

/// Whether advice moves a team off the orchestrator it runs today: ECS to an EKS flavour, or EKS
/// (or self-run Kubernetes) to an ECS flavour. Other current platforms (none, VMs, serverless)
/// are moves whatever the advice, so they are not marked. The default pack's values are meant:
/// an organisation pack without `team.current_platform` gets no marks.
fn family_differs(current: &str, advice: &str) -> bool {
    let family = match current {
        "ecs" => "ecs-",
        "eks" | "self-managed-kubernetes" => "eks-",
        _ if current.starts_with("ecs-") => "ecs-",
        _ if current.starts_with("eks-") => "eks-",
        _ => return false,
    };
    !advice.starts_with(family)
}

/// A close call: first and second are nearer than the threshold.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CloseCall {
    /// The workload file.
    pub file: String,
    /// First.
    pub platform: String,
    /// Second.
    pub runner_up: String,
    /// Points between them.
    pub margin: f64,
}

/// Where the portfolio stands.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PortfolioSummary {
    /// Workload files found.
    pub workloads: usize,
    /// Files that could not be read or evaluated.
    pub errors: usize,
    /// How many workloads each platform is recommended for (none when all are ruled out).
    pub per_platform: BTreeMap<String, usize>,
    /// Workloads whose first and second platforms are close.
    pub close_calls: Vec<CloseCall>,
    /// Workloads whose current platform differs from the advice: (file, current, advice).
    pub differs: Vec<(String, String, String)>,
    /// Files that failed, with their errors.
    pub failed: Vec<(String, String)>,
}

impl PortfolioSummary {
    /// Counts a row in; `close` is the close-call threshold in points.
    pub fn add(&mut self, row: &Row, close: f64) {
        self.workloads += 1;
        if let Some(error) = &row.error {
            self.errors += 1;
            self.failed.push((row.file.clone(), error.clone()));
            return;
        }
        let platform = row.platform.clone().unwrap_or_else(|| "(every platform ruled out)".to_string());
        *self.per_platform.entry(platform).or_default() += 1;
        if let (Some(platform), Some(runner_up), Some(margin)) = (&row.platform, &row.runner_up, row.margin)
            && margin < close
        {
            self.close_calls.push(CloseCall {
                file: row.file.clone(),
                platform: platform.clone(),
                runner_up: runner_up.clone(),
                margin,
            });
        }
        if row.differs
            && let (Some(current), Some(platform)) = (&row.current, &row.platform)
        {
            self.differs.push((row.file.clone(), current.clone(), platform.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_change_of_orchestrator_is_marked() {
        assert!(!family_differs("ecs", "ecs-fargate"));
        assert!(family_differs("ecs", "eks-auto-mode"));
        assert!(!family_differs("eks", "eks-ec2"));
        assert!(family_differs("self-managed-kubernetes", "ecs-ec2"));
        assert!(!family_differs("vms", "ecs-fargate"));
        assert!(family_differs("ecs-fargate", "eks-ec2"));
        assert!(!family_differs("ecs-ec2", "ecs-managed-instances"));
        assert!(family_differs("eks-auto-mode", "ecs-fargate"));
        assert!(!family_differs("eks-fargate", "eks-auto-mode"));
    }

    #[test]
    fn the_current_platform_names_the_capacity_when_the_workload_does() {
        let rules = crate::embedded::default_rules();
        let current =
            |text: &str| current_platform(&rules, &crate::testing::workload(&rules, text).expect("a valid workload"));
        assert_eq!(
            current("team: { current_platform: ecs, current_capacity: ecs-fargate }").as_deref(),
            Some("ecs-fargate")
        );
        assert_eq!(current("team: { current_platform: eks, current_capacity: eks-ec2 }").as_deref(), Some("eks-ec2"));
        assert_eq!(current("team: { current_platform: eks, current_capacity: mixed }").as_deref(), Some("eks"));
        assert_eq!(current("team: { current_platform: eks }").as_deref(), Some("eks"));
        assert_eq!(current("team: { current_capacity: eks-auto-mode }").as_deref(), Some("eks-auto-mode"));
        assert_eq!(current("team: { current_platform: vms }").as_deref(), Some("vms"));
        assert_eq!(current("team: { kubernetes_experience: basic }"), None);
    }

    #[test]
    fn the_summary_counts_platforms_close_calls_and_errors() {
        let mut summary = PortfolioSummary::default();
        let row = |platform: &str, margin: f64| Row {
            file: format!("{platform}-{margin}.yaml"),
            platform: Some(platform.into()),
            runner_up: Some("ecs-ec2".into()),
            margin: Some(margin),
            ..Row::default()
        };
        summary.add(&row("ecs-fargate", 2.0), 5.0);
        summary.add(&row("ecs-fargate", 12.0), 5.0);
        summary.add(&Row::error("bad.yaml", "bad.yaml:1:1: oops".into()), 5.0);
        assert_eq!(summary.workloads, 3);
        assert_eq!(summary.per_platform.get("ecs-fargate"), Some(&2));
        assert_eq!(summary.close_calls.len(), 1);
        assert_eq!(summary.errors, 1);
    }
}
