//! Rough monthly cost estimates from the pack's dated pricing table, for a workload that states
//! its size: Fargate per vCPU-hour and GB-hour (Fargate Spot when the work tolerates it), EC2
//! instances at the stated utilization, the EKS control-plane fee and the ECS Anywhere
//! instance-hour. An estimate also sets the platforms' ratings on the criteria the table feeds:
//! the cheapest gets 5, the others in proportion.

use crate::catalog::Value;
use crate::pack::CostModel;
use crate::ruleset::{Pricing, RuleSet};

/// Hours a cluster's control plane runs in a month: it runs whether or not the work does.
const CLUSTER_HOURS: f64 = 730.0;

/// A monthly cost range in the table's currency (US dollars).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CostRange {
    /// The cheaper end (Spot, tightly packed instances).
    pub low: f64,
    /// The dearer end.
    pub high: f64,
}

impl CostRange {
    /// The middle of the range, which the cost ratings compare.
    pub fn middle(&self) -> f64 {
        (self.low + self.high) / 2.0
    }
}

fn number(values: &[Value], fact: crate::catalog::FactId) -> f64 {
    match values[fact.0] {
        Value::Number(n) => n,
        Value::Bool(_) | Value::Choice(_) => 0.0,
    }
}

/// Instances of the comparable type needed to hold the tasks at a packing (0-1).
fn instances(pricing: &Pricing, tasks: f64, vcpu: f64, memory: f64, packing: f64) -> f64 {
    let by_cpu = tasks * vcpu / pricing.ec2_instance_vcpu;
    let by_memory = tasks * memory / pricing.ec2_instance_gib;
    (by_cpu.max(by_memory) / packing).ceil().max(1.0)
}

/// A cost range per platform (indexed by platform), or none when the pack has no pricing table
/// or the workload does not state its size (`size.average_tasks` above 0).
pub fn estimate(rules: &RuleSet, values: &[Value]) -> Option<Vec<Option<CostRange>>> {
    let pricing = rules.pricing.as_ref()?;
    let inputs = &pricing.inputs;
    let tasks = number(values, inputs.tasks);
    if tasks <= 0.0 {
        return None;
    }
    let hours = number(values, inputs.hours);
    let (vcpu, memory) = (number(values, inputs.vcpu), number(values, inputs.memory));
    let (best, worst) = match values[inputs.utilization.0] {
        Value::Choice(i) => pricing.ec2_packing.get(i).copied().unwrap_or((0.6, 0.4)),
        Value::Bool(_) | Value::Number(_) => (0.6, 0.4),
    };
    let spot = values[inputs.spot.0] == Value::Bool(true);
    let fargate = tasks * (vcpu * pricing.fargate_vcpu_hour + memory * pricing.fargate_gb_hour) * hours;
    let fargate_low = if spot { fargate * (1.0 - pricing.fargate_spot_discount) } else { fargate };
    let eks = pricing.eks_cluster_hour * CLUSTER_HOURS;
    let ec2 = |packing: f64| instances(pricing, tasks, vcpu, memory, packing) * pricing.ec2_instance_hour * hours;
    let anywhere =
        |packing: f64| instances(pricing, tasks, vcpu, memory, packing) * pricing.ecs_anywhere_instance_hour * hours;
    let ranges = pricing
        .models
        .iter()
        .map(|model| {
            model.map(|model| match model {
                CostModel::Fargate => CostRange { low: fargate_low, high: fargate },
                CostModel::FargateWithEks => CostRange { low: fargate + eks, high: fargate + eks },
                CostModel::Ec2 => CostRange { low: ec2(best), high: ec2(worst) },
                CostModel::Ec2WithEks => CostRange { low: ec2(best) + eks, high: ec2(worst) + eks },
                CostModel::Anywhere => CostRange { low: anywhere(best), high: anywhere(worst) },
            })
        })
        .collect();
    Some(ranges)
}

/// The ratings an estimate gives on the criteria the table feeds, per platform: 5 for the
/// cheapest estimate, the others in proportion to it. Only estimates of AWS-run capacity are
/// compared: the ECS Anywhere fee leaves out the team's own hardware, so it keeps the pack's
/// rating (none), as do platforms without an estimate.
pub fn cost_ratings(rules: &RuleSet, values: &[Value]) -> Option<Vec<Option<i64>>> {
    let ranges = estimate(rules, values)?;
    let models = &rules.pricing.as_ref()?.models;
    let comparable: Vec<Option<CostRange>> =
        ranges.iter().zip(models).map(|(range, model)| range.filter(|_| *model != Some(CostModel::Anywhere))).collect();
    let cheapest = comparable.iter().flatten().map(CostRange::middle).fold(f64::INFINITY, f64::min);
    Some(
        comparable
            .iter()
            .map(|range| {
                range.map(|range| {
                    let middle = range.middle();
                    if middle <= 0.0 { 5 } else { (5.0 * cheapest / middle).round().clamp(0.0, 5.0) as i64 }
                })
            })
            .collect(),
    )
}

/// Every platform's ratings for a workload: the pack's, with the criteria an estimate feeds
/// replaced by the estimate's ratings. `None` when there is no estimate (the pack's ratings hold).
pub fn effective_ratings(rules: &RuleSet, values: &[Value]) -> Option<Vec<Vec<i64>>> {
    let from_cost = cost_ratings(rules, values)?;
    let feeds = &rules.pricing.as_ref()?.feeds;
    Some(
        rules
            .platforms
            .iter()
            .zip(from_cost)
            .map(|(platform, cost)| {
                let mut ratings = platform.ratings.clone();
                if let Some(rating) = cost {
                    for criterion in feeds {
                        ratings[criterion.0] = rating;
                    }
                }
                ratings
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workload(text: &str) -> Vec<Value> {
        let rules = crate::embedded::default_rules();
        crate::workload::Workload::parse(&crate::yaml::Source::new("w.yaml", text), &rules).expect("valid").values
    }

    #[test]
    fn no_size_no_estimate() {
        let rules = crate::embedded::default_rules();
        assert!(estimate(&rules, &workload("name: x\n")).is_none());
    }

    #[test]
    fn estimates_follow_the_table_by_hand() {
        // 10 tasks of 1 vCPU and 2 GiB, 730 hours, variable utilization (packing 0.6 / 0.4).
        let rules = crate::embedded::default_rules();
        let values = workload(
            "requirements: { max_task_vcpu: 1, max_task_memory_gib: 2 }\nsize: { average_tasks: 10, hours_per_month: 730 }\n",
        );
        let ranges = estimate(&rules, &values).expect("an estimate");
        let id = |p: &str| rules.platform(p).expect("defined").0;
        // Fargate: 10 x (1 x 0.04048 + 2 x 0.004445) x 730 = 10 x 0.04937 x 730 = 360.401 a month.
        let fargate = ranges[id("ecs-fargate")].expect("priced");
        assert!((fargate.high - 360.401).abs() < 0.001, "{fargate:?}");
        assert_eq!(fargate.low, fargate.high, "no Spot unless the work tolerates it");
        // EKS on Fargate adds the control plane: 0.10 x 730 = 73.
        let eks_fargate = ranges[id("eks-fargate")].expect("priced");
        assert!((eks_fargate.high - fargate.high - 73.0).abs() < 1e-9);
        // EC2: 10 vCPU on 2-vCPU instances = 5; at 0.6 packing 9 instances, at 0.4 13.
        let ec2 = ranges[id("ecs-ec2")].expect("priced");
        assert!((ec2.low - 9.0 * 0.0816 * 730.0).abs() < 1e-9 && (ec2.high - 13.0 * 0.0816 * 730.0).abs() < 1e-9);
        assert!(ranges[id("eks-distro")].is_none(), "no AWS price for a self-run distribution");
        // Spot tolerance lowers the Fargate floor by the Spot discount.
        let spot = workload(
            "requirements: { max_task_vcpu: 1, max_task_memory_gib: 2 }\nsize: { average_tasks: 10 }\ncost: { spot_tolerant: true }\n",
        );
        let with_spot = estimate(&rules, &spot).expect("an estimate")[id("ecs-fargate")].expect("priced");
        assert!((with_spot.low - fargate.high * 0.3).abs() < 1e-6);
    }

    #[test]
    fn the_cheapest_estimate_rates_5() {
        let rules = crate::embedded::default_rules();
        let values =
            workload("requirements: { max_task_vcpu: 1, max_task_memory_gib: 2 }\nsize: { average_tasks: 10 }\n");
        let ratings = cost_ratings(&rules, &values).expect("ratings");
        assert_eq!(ratings.iter().flatten().max(), Some(&5));
        assert!(ratings.iter().flatten().all(|r| (0..=5).contains(r)));
    }
}
