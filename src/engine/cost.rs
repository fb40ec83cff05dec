//! Rough monthly cost estimates from the pack's dated pricing table, for a workload that states
//! its size. Fargate is priced per vCPU-hour and GB-hour for the workload's operating system and
//! architecture (ARM where it may run there, Windows with its licence), with Fargate Spot for
//! interruptible Linux work. EC2 is priced from a small table of instance families: the family
//! that fits the task (GPU, memory-optimised or general purpose, Graviton where allowed), in the
//! smallest size that holds one task, as many instances as the stated utilization needs, with
//! EC2 Spot for interruptible work and the Windows licence where it applies. Each platform then
//! adds what it charges itself: the EKS control plane, the Auto Mode and Managed Instances fees,
//! the Hybrid Nodes vCPU fee, the ECS Anywhere instance fee. A fee the table does not give is
//! left out and named in [`not_counted`]. An estimate also sets the platforms' ratings on the
//! criteria the table feeds: the cheapest gets 5, the others in proportion.

use crate::catalog::{FactId, Value};
use crate::pack::{Arch, CostModel, Ec2Family, FargateRate, InstanceKind};
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

    fn plus(self, amount: f64) -> Self {
        CostRange { low: self.low + amount, high: self.high + amount }
    }
}

/// The EC2 instances an estimate prices: a family, the size that holds one task, and how many.
#[derive(Clone, Debug, PartialEq)]
pub struct Fleet {
    /// The family chosen.
    pub family: String,
    /// vCPUs of the size chosen.
    pub vcpu: f64,
    /// GiB of that size.
    pub gib: f64,
    /// Instances at the best and the worst packing.
    pub instances: (f64, f64),
    /// On-Demand price of one instance an hour, Linux.
    pub hour: f64,
}

/// What the workload states that prices depend on.
struct Shape {
    tasks: f64,
    hours: f64,
    vcpu: f64,
    memory: f64,
    packing: (f64, f64),
    spot: bool,
    gpu: bool,
    windows: bool,
    /// The architectures the workload may run on.
    x86: bool,
    arm: bool,
}

fn number(values: &[Value], fact: FactId) -> f64 {
    match values[fact.0] {
        Value::Number(n) => n,
        Value::Bool(_) | Value::Choice(_) => 0.0,
    }
}

fn shape(pricing: &Pricing, values: &[Value]) -> Option<Shape> {
    let inputs = &pricing.inputs;
    let tasks = number(values, inputs.tasks);
    if tasks <= 0.0 {
        return None;
    }
    let packing = match values[inputs.utilization.0] {
        Value::Choice(i) => pricing.ec2_packing.get(i).copied().unwrap_or((0.6, 0.4)),
        Value::Bool(_) | Value::Number(_) => (0.6, 0.4),
    };
    let windows = values[inputs.os.0.0] == Value::Choice(inputs.os.1);
    let arch = values[inputs.arch.0.0];
    Some(Shape {
        tasks,
        hours: number(values, inputs.hours),
        vcpu: number(values, inputs.vcpu),
        memory: number(values, inputs.memory),
        packing,
        spot: values[inputs.spot.0] == Value::Bool(true),
        gpu: values[inputs.gpu.0] == Value::Bool(true),
        windows,
        // Windows containers run on x86 only; `any` allows either.
        x86: arch != Value::Choice(inputs.arch.2) || windows,
        arm: arch != Value::Choice(inputs.arch.1) && !windows,
    })
}

/// The instance family for the work: GPUs if it needs them, memory-optimised when a task needs
/// more memory per vCPU than a general-purpose family gives, on an allowed architecture, the
/// cheapest per vCPU among those. `None` when the table has no family for the architecture.
fn family<'p>(pricing: &'p Pricing, work: &Shape) -> Option<&'p Ec2Family> {
    let general_ratio = pricing
        .ec2_families
        .iter()
        .filter(|f| f.kind == InstanceKind::General)
        .map(|f| f.gib_per_vcpu)
        .fold(0.0, f64::max);
    let kind = if work.gpu {
        InstanceKind::Gpu
    } else if work.vcpu > 0.0 && work.memory / work.vcpu > general_ratio {
        InstanceKind::Memory
    } else {
        InstanceKind::General
    };
    let allowed = |f: &&Ec2Family| match f.arch {
        Arch::X86 => work.x86,
        Arch::Arm => work.arm,
    };
    let cheapest = |kind: InstanceKind| {
        pricing
            .ec2_families
            .iter()
            .filter(|f| f.kind == kind)
            .filter(allowed)
            .min_by(|a, b| a.vcpu_hour.total_cmp(&b.vcpu_hour))
    };
    cheapest(kind).or_else(|| cheapest(InstanceKind::General))
}

/// The instances needed to run the tasks on a family at the workload's packing.
fn fleet(family: &Ec2Family, work: &Shape) -> Fleet {
    let needed = |size: &f64| *size >= work.vcpu && size * family.gib_per_vcpu >= work.memory;
    let largest = family.sizes.last().copied().unwrap_or(1.0);
    let vcpu = family.sizes.iter().copied().find(needed).unwrap_or(largest);
    let gib = vcpu * family.gib_per_vcpu;
    // Tasks larger than the largest size still need their whole vCPUs and memory.
    let by_cpu = work.tasks * work.vcpu / vcpu;
    let by_memory = work.tasks * work.memory / gib;
    let count = |packing: f64| (by_cpu.max(by_memory) / packing).ceil().max(1.0);
    Fleet {
        family: family.family.clone(),
        vcpu,
        gib,
        instances: (count(work.packing.0), count(work.packing.1)),
        hour: vcpu * family.vcpu_hour,
    }
}

/// The instances an estimate prices EC2 capacity with, for reports.
pub fn chosen_fleet(rules: &RuleSet, values: &[Value]) -> Option<Fleet> {
    let pricing = rules.pricing.as_ref()?;
    let work = shape(pricing, values)?;
    family(pricing, &work).map(|f| fleet(f, &work))
}

/// A cost range per platform (indexed by platform), or none when the pack has no pricing table
/// or the workload does not state its size (`size.average_tasks` above 0).
pub fn estimate(rules: &RuleSet, values: &[Value]) -> Option<Vec<Option<CostRange>>> {
    let pricing = rules.pricing.as_ref()?;
    let work = shape(pricing, values)?;
    let fargate_month = |rate: &FargateRate| {
        work.tasks * (work.vcpu * (rate.vcpu_hour + rate.licence_vcpu_hour) + work.memory * rate.gb_hour) * work.hours
    };
    // ECS on Fargate runs the workload's OS, on ARM where it may (cheaper); Spot for Linux only.
    let ecs_rate = if work.windows {
        &pricing.fargate.windows_x86
    } else if work.arm {
        &pricing.fargate.linux_arm
    } else {
        &pricing.fargate.linux_x86
    };
    let ecs_fargate = fargate_month(ecs_rate);
    let ecs_fargate_low =
        if work.spot && !work.windows { ecs_fargate * (1.0 - pricing.fargate_spot_discount) } else { ecs_fargate };
    // EKS on Fargate: Linux on x86 only, no Spot.
    let eks_fargate = fargate_month(&pricing.fargate.linux_x86);
    let cluster = pricing.eks_cluster_hour * CLUSTER_HOURS;

    let fleet = family(pricing, &work).map(|f| fleet(f, &work));
    let licence = |fleet: &Fleet| if work.windows { fleet.vcpu * pricing.windows_licence_vcpu_hour } else { 0.0 };
    // Instances: the best case packs tightly (on Spot when the work allows), the worst loosely.
    let ec2 = |fleet: &Fleet| {
        let spot = if work.spot { 1.0 - pricing.ec2_spot_discount } else { 1.0 };
        CostRange {
            low: fleet.instances.0 * (fleet.hour * spot + licence(fleet)) * work.hours,
            high: fleet.instances.1 * (fleet.hour + licence(fleet)) * work.hours,
        }
    };
    // A fee charged per instance as a fraction of its On-Demand price, Spot or not.
    let fee = |fleet: &Fleet, fraction: Option<f64>| {
        let fraction = fraction.unwrap_or(0.0);
        CostRange {
            low: fleet.instances.0 * fleet.hour * fraction * work.hours,
            high: fleet.instances.1 * fleet.hour * fraction * work.hours,
        }
    };
    let add = |a: CostRange, b: CostRange| CostRange { low: a.low + b.low, high: a.high + b.high };
    let hybrid = cluster + pricing.hybrid_nodes_vcpu_hour.unwrap_or(0.0) * work.tasks * work.vcpu * work.hours;
    let ranges = pricing
        .models
        .iter()
        .enumerate()
        .map(|(p, model)| {
            let model = (*model).filter(|_| !rules.is_unavailable(crate::ruleset::PlatformId(p)))?;
            match model {
                CostModel::Fargate => Some(CostRange { low: ecs_fargate_low, high: ecs_fargate }),
                CostModel::FargateWithEks => Some(CostRange { low: eks_fargate, high: eks_fargate }.plus(cluster)),
                CostModel::Ec2 => fleet.as_ref().map(ec2),
                CostModel::Ec2WithEks => fleet.as_ref().map(|f| ec2(f).plus(cluster)),
                CostModel::Ec2WithAutoMode => {
                    fleet.as_ref().map(|f| add(ec2(f), fee(f, pricing.auto_mode_fee)).plus(cluster))
                }
                CostModel::ManagedInstances => {
                    fleet.as_ref().map(|f| add(ec2(f), fee(f, pricing.managed_instances_fee)))
                }
                CostModel::HybridNodes => Some(CostRange { low: hybrid, high: hybrid }),
                CostModel::Anywhere => fleet.as_ref().map(|f| {
                    let hour = pricing.ecs_anywhere_instance_hour.unwrap_or(0.0);
                    CostRange { low: f.instances.0 * hour * work.hours, high: f.instances.1 * hour * work.hours }
                }),
            }
        })
        .collect();
    Some(ranges)
}

/// What an estimate of a model counts, when it is not the capacity itself.
pub fn what_it_counts(model: CostModel) -> Option<&'static str> {
    match model {
        CostModel::HybridNodes => Some("the control plane only: the vCPU fee and the team's hardware are not counted"),
        CostModel::Anywhere => Some("the AWS fee only: the team's hardware is not counted"),
        _ => None,
    }
}

/// What the estimates leave out, in plain words: fees the table gives no figure for, what no
/// estimate here counts, and where the instance table stretches (GPU sizes priced from the
/// smallest one).
pub fn not_counted(pricing: &Pricing, fleet: Option<&Fleet>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(fleet) = fleet
        && let Some(family) = pricing.ec2_families.iter().find(|f| f.family == fleet.family)
        && family.kind == InstanceKind::Gpu
        && family.sizes.first().is_some_and(|smallest| fleet.vcpu > *smallest)
    {
        out.push(format!(
            "the price of larger {} sizes (priced at the smallest size's rate per vCPU, which overstates them)",
            fleet.family
        ));
    }
    let uses = |model: CostModel| pricing.models.contains(&Some(model));
    if uses(CostModel::Ec2WithAutoMode) && pricing.auto_mode_fee.is_none() {
        out.push("the EKS Auto Mode fee per instance (no figure in the pricing table)".to_string());
    }
    if uses(CostModel::ManagedInstances) && pricing.managed_instances_fee.is_none() {
        out.push("the ECS Managed Instances fee per instance (no figure in the pricing table)".to_string());
    }
    if uses(CostModel::HybridNodes) && pricing.hybrid_nodes_vcpu_hour.is_none() {
        out.push("the EKS Hybrid Nodes fee per vCPU-hour (no AWS figure read)".to_string());
    }
    if uses(CostModel::Anywhere) && pricing.ecs_anywhere_instance_hour.is_none() {
        out.push("the ECS Anywhere fee per instance-hour (no figure in the pricing table)".to_string());
    }
    out.push("the team's own hardware (ECS Anywhere, EKS Hybrid Nodes, EKS Anywhere, EKS Distro)".to_string());
    out.push(format!(
        "EKS extended support (a cluster costs more per hour once its Kubernetes version leaves standard support; ${:.2} is the standard rate)",
        pricing.eks_cluster_hour
    ));
    out.push("Savings Plans, load balancers, storage, data transfer and support plans".to_string());
    out
}

/// The ratings an estimate gives on the criteria the table feeds, per platform: 5 for the
/// cheapest estimate, the others in proportion to it. Only estimates of the capacity itself are
/// compared: Hybrid Nodes and ECS Anywhere fees leave out the team's own hardware, so those keep
/// the pack's rating (none), as do platforms without an estimate.
pub fn cost_ratings(rules: &RuleSet, values: &[Value]) -> Option<Vec<Option<i64>>> {
    let ranges = estimate(rules, values)?;
    let pricing = rules.pricing.as_ref()?;
    let comparable: Vec<Option<CostRange>> = ranges
        .iter()
        .zip(&pricing.models)
        .map(|(range, model)| range.filter(|_| model.is_some_and(CostModel::prices_capacity)))
        .collect();
    // A budget that depends on Spot is compared at the Spot end of each range; otherwise the
    // middle, which weighs the best and the worst case alike.
    let on_spot = values[pricing.inputs.spot_required.0] == Value::Bool(true);
    let point = |range: &CostRange| if on_spot { range.low } else { range.middle() };
    let cheapest = comparable.iter().flatten().map(point).fold(f64::INFINITY, f64::min);
    Some(
        comparable
            .iter()
            .map(|range| {
                range.map(|range| {
                    let middle = point(&range);
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

    fn ranges(text: &str) -> (RuleSet, Vec<Option<CostRange>>) {
        let rules = crate::embedded::default_rules();
        let values = workload(text);
        let ranges = estimate(&rules, &values).expect("an estimate");
        (rules, ranges)
    }

    #[track_caller]
    fn close(got: f64, want: f64) {
        assert!((got - want).abs() < 1e-6, "got {got}, want {want}");
    }

    const SMALL: &str = "requirements: { max_task_vcpu: 1, max_task_memory_gib: 2 }\nsize: { average_tasks: 10, hours_per_month: 730 }\n";

    #[test]
    fn no_size_no_estimate() {
        let rules = crate::embedded::default_rules();
        assert!(estimate(&rules, &workload("name: x\n")).is_none());
    }

    #[test]
    fn linux_estimates_follow_the_table_by_hand() {
        // 10 tasks of 1 vCPU and 2 GiB, 730 hours, variable utilization (packing 0.6 / 0.4), any
        // architecture: ECS may use Graviton.
        let (rules, ranges) = ranges(SMALL);
        let id = |p: &str| rules.platform(p).expect("defined").0;
        // ECS on Fargate, ARM: 10 x (1 x 0.03238 + 2 x 0.00356) x 730 = 10 x 0.0395 x 730 = 288.35.
        let fargate = ranges[id("ecs-fargate")].expect("priced");
        close(fargate.high, 288.35);
        assert_eq!(fargate.low, fargate.high, "no Spot unless the work tolerates it");
        // EKS on Fargate is x86 only: 10 x (0.04048 + 2 x 0.004445) x 730 = 360.401, plus 0.10 x 730.
        close(ranges[id("eks-fargate")].expect("priced").high, 360.401 + 73.0);
        // EC2: the cheapest general family allowed is m7g; its 1 vCPU / 4 GiB size holds a task.
        // 10 vCPU on 1-vCPU instances: at 0.6 packing 17 instances, at 0.4 25; $0.0408 an hour each.
        let ec2 = ranges[id("ecs-ec2")].expect("priced");
        close(ec2.low, 17.0 * 0.0408 * 730.0);
        close(ec2.high, 25.0 * 0.0408 * 730.0);
        close(ranges[id("eks-ec2")].expect("priced").high, 25.0 * 0.0408 * 730.0 + 73.0);
        // Auto Mode adds the control plane (its fee has no AWS figure here, so it is not counted);
        // Managed Instances add their fee, 12% of On-Demand.
        close(ranges[id("eks-auto-mode")].expect("priced").high, 25.0 * 0.0408 * 730.0 + 73.0);
        close(ranges[id("ecs-managed-instances")].expect("priced").low, 17.0 * 0.0408 * 1.12 * 730.0);
        // ECS Anywhere: the fee per instance-hour only.
        close(ranges[id("ecs-anywhere")].expect("priced").high, 25.0 * 0.01025 * 730.0);
        assert!(ranges[id("eks-distro")].is_none(), "no AWS price for a self-run distribution");
    }

    #[test]
    fn spot_lowers_fargate_and_ec2_alike() {
        let (rules, ranges) = ranges(&format!("{SMALL}cost: {{ spot_tolerant: true }}\n"));
        let id = |p: &str| rules.platform(p).expect("defined").0;
        let fargate = ranges[id("ecs-fargate")].expect("priced");
        close(fargate.low, 288.35 * 0.3);
        // EC2 Spot takes the same 70% ceiling as Fargate Spot.
        let ec2 = ranges[id("ecs-ec2")].expect("priced");
        close(ec2.low, 17.0 * 0.0408 * 0.3 * 730.0);
        close(ec2.high, 25.0 * 0.0408 * 730.0);
        // The Managed Instances fee is charged on the On-Demand price, Spot or not.
        let managed = ranges[id("ecs-managed-instances")].expect("priced");
        close(managed.low, 17.0 * (0.0408 * 0.3 + 0.0408 * 0.12) * 730.0);
    }

    #[test]
    fn x86_and_windows_are_priced_as_such() {
        let (rules, x86) = ranges(&format!("{SMALL}workload: {{ cpu_architecture: x86 }}\n"));
        let id = |p: &str| rules.platform(p).expect("defined").0;
        close(x86[id("ecs-fargate")].expect("priced").high, 360.401);
        // m7i's smallest size is 2 vCPU / 8 GiB: 5 instances' worth, 9 and 13 at 0.6 and 0.4.
        close(x86[id("ecs-ec2")].expect("priced").high, 13.0 * 0.1008 * 730.0);
        let (_, windows) = ranges(&format!("{SMALL}workload: {{ os: windows }}\n"));
        // Fargate Windows: (1 x (0.09148 + 0.046 licence) + 2 x 0.01005) x 10 x 730.
        close(windows[id("ecs-fargate")].expect("priced").high, 10.0 * (0.13748 + 0.0201) * 730.0);
        // EC2 Windows: m7i plus the licence on its 2 vCPU.
        close(windows[id("ecs-ec2")].expect("priced").high, 13.0 * (0.1008 + 2.0 * 0.046) * 730.0);
    }

    #[test]
    fn big_and_gpu_tasks_get_instances_that_fit_them() {
        let rules = crate::embedded::default_rules();
        let values = workload(
            "requirements: { gpu: true, max_task_vcpu: 96, max_task_memory_gib: 384 }\nsize: { average_tasks: 2 }\n",
        );
        let fleet = chosen_fleet(&rules, &values).expect("a fleet");
        assert_eq!((fleet.family.as_str(), fleet.vcpu, fleet.gib), ("g5", 96.0, 384.0));
        // Two tasks, one per instance: 2 / 0.6 and 2 / 0.4 rounded up.
        assert_eq!(fleet.instances, (4.0, 5.0));
        let memory =
            workload("requirements: { max_task_vcpu: 2, max_task_memory_gib: 15 }\nsize: { average_tasks: 1 }\n");
        let fleet = chosen_fleet(&rules, &memory).expect("a fleet");
        assert_eq!((fleet.family.as_str(), fleet.vcpu), ("r7g", 2.0), "8 GiB a vCPU needs a memory family");
    }

    #[test]
    fn the_cheapest_estimate_rates_5() {
        let rules = crate::embedded::default_rules();
        let ratings = cost_ratings(&rules, &workload(SMALL)).expect("ratings");
        assert_eq!(ratings.iter().flatten().max(), Some(&5));
        assert!(ratings.iter().flatten().all(|r| (0..=5).contains(r)));
        let anywhere = rules.platform("ecs-anywhere").expect("defined").0;
        assert_eq!(ratings[anywhere], None, "the team's own hardware is not priced, so not compared");
    }

    #[test]
    fn fees_without_a_figure_are_named() {
        let rules = crate::embedded::default_rules();
        let pricing = rules.pricing.as_ref().expect("the default pack has prices");
        let left_out = not_counted(pricing, None).join("; ");
        assert!(left_out.contains("EKS Hybrid Nodes fee per vCPU-hour"), "{left_out}");
        assert!(left_out.contains("EKS Auto Mode fee"), "{left_out}");
        assert!(!left_out.contains("Managed Instances fee"), "{left_out}");
    }
}
