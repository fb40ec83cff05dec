//! Rule-pack files as written: serde types that mirror the YAML (see docs/rules.md) and the
//! reading of a pack folder. Nothing here is checked beyond the shape of the YAML; `ruleset`
//! validates the packs together into the only type the engine accepts.

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::Error;
use crate::yaml::{Node, Shape, Source};

/// The keys of a pack file, for reporting every unknown one at once (kept in step with the
/// structs below by a test).
pub const PACK_SHAPE: Shape = Shape::Map(
    "a pack file",
    &[
        ("platforms", Shape::List(&PLATFORM_SHAPE)),
        ("criteria", Shape::List(&CRITERION_SHAPE)),
        ("facts", Shape::List(&FACT_SHAPE)),
        ("rules", Shape::List(&RULE_SHAPE)),
        ("disable", Shape::Any),
        ("pricing", PRICING_SHAPE),
    ],
);
const PLATFORM_SHAPE: Shape = Shape::Map(
    "a platform",
    &[
        ("id", Shape::Any),
        ("name", Shape::Any),
        ("summary", Shape::Any),
        ("available_since", Shape::Any),
        ("available_source", Shape::Any),
        ("ratings", Shape::Any),
    ],
);
const CRITERION_SHAPE: Shape = Shape::Map(
    "a criterion",
    &[("id", Shape::Any), ("name", Shape::Any), ("weight", Shape::Any), ("help", Shape::Any)],
);
const FACT_SHAPE: Shape = Shape::Map(
    "a fact",
    &[
        ("id", Shape::Any),
        ("type", Shape::Any),
        ("values", Shape::Any),
        ("default", Shape::Any),
        ("prompt", Shape::Any),
        ("help", Shape::Any),
        ("ask_if", Shape::Any),
        ("firm", Shape::Any),
        ("min", Shape::Any),
        ("max", Shape::Any),
        ("unit", Shape::Any),
    ],
);
const RULE_SHAPE: Shape = Shape::Map(
    "a rule",
    &[
        ("id", Shape::Any),
        ("title", Shape::Any),
        ("when", Shape::Any),
        ("exclude", Shape::Any),
        ("adjust", Shape::Any),
        ("weight", Shape::Any),
        ("note", Shape::Any),
        ("about", Shape::Any),
        ("reject", Shape::Any),
        ("imply", Shape::Any),
        ("since", Shape::Any),
        ("until", Shape::Any),
        ("stated_only", Shape::Any),
        ("because", Shape::Any),
        ("source", Shape::Any),
        ("reviewed", Shape::Any),
    ],
);
const PRICING_SHAPE: Shape = Shape::Map(
    "`pricing`",
    &[
        ("date", Shape::Any),
        ("region", Shape::Any),
        ("fargate", Shape::Any),
        ("fargate_spot_discount", Shape::Any),
        ("ec2_families", Shape::Any),
        ("ec2_spot_discount", Shape::Any),
        ("windows_licence_vcpu_hour", Shape::Any),
        ("ec2_packing", Shape::Any),
        ("eks_cluster_hour", Shape::Any),
        ("auto_mode_fee", Shape::Any),
        ("managed_instances_fee", Shape::Any),
        ("hybrid_nodes_vcpu_hour", Shape::Any),
        ("ecs_anywhere_instance_hour", Shape::Any),
        ("models", Shape::Any),
        ("feeds", Shape::Any),
        ("sources", Shape::Any),
    ],
);

/// The most `*.yaml` files a pack folder may hold (the default pack has 15).
pub const MAX_PACK_FILES: usize = 200;

/// The most YAML a pack folder may hold, in bytes (the default pack has about 170 KB): a bound on
/// the work a hostile pack can cause, since checking a pack grows with its size.
pub const MAX_PACK_BYTES: usize = 4 << 20;

/// One file of a rule pack. Every section is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    /// Platforms (new ones, or changes to ratings of an earlier pack's).
    #[serde(default)]
    pub platforms: Vec<RawPlatform>,
    /// Criteria (new ones, or new weights for an earlier pack's).
    #[serde(default)]
    pub criteria: Vec<RawCriterion>,
    /// Facts of the catalog.
    #[serde(default)]
    pub facts: Vec<RawFact>,
    /// Rules.
    #[serde(default)]
    pub rules: Vec<RawRule>,
    /// Ids of an earlier pack's rules to switch off.
    #[serde(default)]
    pub disable: Vec<Spanned<String>>,
    /// Prices for cost estimates (a later pack's table replaces an earlier one).
    pub pricing: Option<Spanned<RawPricing>>,
}

/// How a platform is priced in a cost estimate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CostModel {
    /// Fargate per vCPU-hour and GB-hour (with Fargate Spot when the work tolerates it).
    Fargate,
    /// Fargate (x86 only) plus the EKS control plane.
    FargateWithEks,
    /// EC2 instances at the stated utilization.
    Ec2,
    /// EC2 instances plus the EKS control plane.
    Ec2WithEks,
    /// EC2 instances, the EKS Auto Mode fee and the EKS control plane.
    Ec2WithAutoMode,
    /// EC2 instances plus the ECS Managed Instances fee.
    ManagedInstances,
    /// The EKS control plane and the Hybrid Nodes fee per vCPU-hour (the hardware is the team's).
    HybridNodes,
    /// The ECS Anywhere fee per registered instance (the hardware is the team's).
    Anywhere,
}

impl CostModel {
    /// Whether the estimate covers the capacity itself (not the team's own hardware), so that it
    /// can be compared with the others.
    pub fn prices_capacity(self) -> bool {
        !matches!(self, CostModel::HybridNodes | CostModel::Anywhere)
    }
}

/// Fargate's prices for one operating system and architecture.
#[derive(Clone, Copy, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct FargateRate {
    /// Per vCPU-hour.
    pub vcpu_hour: f64,
    /// Per GB-hour of memory.
    pub gb_hour: f64,
    /// The operating-system licence per vCPU-hour (Windows).
    #[serde(default)]
    pub licence_vcpu_hour: f64,
}

/// Fargate's prices by operating system and architecture.
#[derive(Clone, Copy, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct FargatePrices {
    /// Linux on x86_64.
    pub linux_x86: FargateRate,
    /// Linux on ARM64 (Graviton; ECS only).
    pub linux_arm: FargateRate,
    /// Windows Server on x86_64 (ECS only).
    pub windows_x86: FargateRate,
}

/// What an instance family is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InstanceKind {
    /// General purpose (about 4 GiB a vCPU).
    General,
    /// Memory-optimised (about 8 GiB a vCPU).
    Memory,
    /// With GPUs.
    Gpu,
}

/// A CPU architecture of an instance family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Arch {
    /// x86_64.
    X86,
    /// ARM64 (Graviton).
    Arm,
}

/// An EC2 instance family, priced per vCPU-hour (its sizes scale linearly in price).
#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Ec2Family {
    /// The family (`m7g`).
    pub family: String,
    /// What it is for.
    pub kind: InstanceKind,
    /// Its architecture.
    pub arch: Arch,
    /// Linux On-Demand price per vCPU-hour.
    pub vcpu_hour: f64,
    /// GiB of memory per vCPU.
    pub gib_per_vcpu: f64,
    /// The vCPU counts of its sizes, smallest first.
    pub sizes: Vec<f64>,
}

/// The `pricing` section, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPricing {
    /// When the prices were read (YYYY-MM-DD).
    pub date: Spanned<String>,
    /// The Region they are for.
    pub region: String,
    /// Fargate, by operating system and architecture.
    pub fargate: FargatePrices,
    /// Fargate Spot's largest discount (0-1).
    pub fargate_spot_discount: f64,
    /// The EC2 instance families estimates choose from.
    pub ec2_families: Spanned<Vec<Ec2Family>>,
    /// EC2 Spot's largest discount (0-1).
    pub ec2_spot_discount: f64,
    /// The Windows Server licence on EC2, per vCPU-hour.
    pub windows_licence_vcpu_hour: f64,
    /// How full instances are kept, by value of `cost.utilization`: [best, worst].
    pub ec2_packing: Spanned<Node>,
    /// The EKS control plane, per cluster-hour (standard support).
    pub eks_cluster_hour: f64,
    /// The EKS Auto Mode fee, as a fraction of the instances' On-Demand price.
    pub auto_mode_fee: Option<f64>,
    /// The ECS Managed Instances fee, as a fraction of the instances' On-Demand price.
    pub managed_instances_fee: Option<f64>,
    /// EKS Hybrid Nodes, per vCPU-hour of attached nodes.
    pub hybrid_nodes_vcpu_hour: Option<f64>,
    /// ECS Anywhere, per instance-hour.
    pub ecs_anywhere_instance_hour: Option<f64>,
    /// Platform id to cost model.
    pub models: Spanned<std::collections::BTreeMap<String, Spanned<CostModel>>>,
    /// Criteria whose ratings the estimate sets.
    #[serde(default)]
    pub feeds: Vec<Spanned<String>>,
    /// Public sources of the prices.
    pub sources: Vec<String>,
}

/// A platform entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlatform {
    /// Stable kebab-case id.
    pub id: Spanned<String>,
    /// Display name.
    pub name: Option<String>,
    /// One-line summary.
    pub summary: Option<String>,
    /// Its general-availability date (YYYY-MM-DD).
    pub available_since: Option<Spanned<String>>,
    /// The public announcement of that date (a URL).
    pub available_source: Option<Spanned<String>>,
    /// Criterion id to rating (0-5).
    pub ratings: Option<Spanned<Node>>,
}

/// A criterion entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCriterion {
    /// Stable kebab-case id.
    pub id: Spanned<String>,
    /// Display name.
    pub name: Option<String>,
    /// Base weight (0-10).
    pub weight: Option<Spanned<i64>>,
    /// What the criterion measures.
    pub help: Option<String>,
}

/// The type of a fact, as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RawFactType {
    /// true or false.
    Bool,
    /// One of a list of values.
    Enum,
    /// A number, optionally within a range.
    Number,
}

/// A fact of the catalog.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFact {
    /// `group.name`.
    pub id: Spanned<String>,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: Spanned<RawFactType>,
    /// Enum facts: value to one-line explanation, in the order to offer them.
    pub values: Option<Spanned<Node>>,
    /// The value assumed when a workload does not state the fact.
    pub default: Option<Spanned<Node>>,
    /// The question.
    pub prompt: Option<String>,
    /// Why it is asked, and what it moves.
    pub help: Option<String>,
    /// Ask only when this condition holds.
    pub ask_if: Option<Spanned<Node>>,
    /// A stated answer is a fact of the world that `explain --what-if` must not change.
    #[serde(default)]
    pub firm: bool,
    /// Number facts: smallest allowed value.
    pub min: Option<Spanned<f64>>,
    /// Number facts: largest allowed value.
    pub max: Option<Spanned<f64>>,
    /// Number facts: unit shown after the value.
    pub unit: Option<String>,
}

/// A rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// Stable kebab-case id.
    pub id: Spanned<String>,
    /// One-line title.
    pub title: Option<String>,
    /// The condition; none means always.
    pub when: Option<Spanned<Node>>,
    /// Platforms ruled out when the condition holds.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Platform id to points.
    pub adjust: Option<Spanned<Node>>,
    /// Criterion id to weight change.
    pub weight: Option<Spanned<Node>>,
    /// Advice shown with the result.
    pub note: Option<String>,
    /// Show the note only when one of these platforms is viable.
    #[serde(default)]
    pub about: Vec<Spanned<String>>,
    /// The fact whose stated answer cannot hold with the others the condition names.
    pub reject: Option<Spanned<String>>,
    /// Facts (id to value) that the stated answers imply.
    pub imply: Option<Spanned<Node>>,
    /// When the fact behind the rule became true (YYYY-MM-DD), for judging older decisions.
    pub since: Option<Spanned<String>>,
    /// When the fact behind the rule stopped being true (YYYY-MM-DD): the rule then applies only
    /// to rules read as of an earlier date.
    pub until: Option<Spanned<String>>,
    /// The condition must hold on what the workload states: an assumed default never fires it.
    #[serde(default)]
    pub stated_only: bool,
    /// Plain-words reason.
    pub because: Option<String>,
    /// A URL or a list of URLs.
    pub source: Option<Spanned<Node>>,
    /// When the fact behind the rule was last checked (YYYY-MM-DD).
    pub reviewed: Option<Spanned<String>>,
}

/// A pack file with the name to show in messages.
#[derive(Debug)]
pub struct LoadedFile {
    /// Where it came from.
    pub source: Source,
    /// What it holds.
    pub content: PackFile,
}

/// A whole pack: its files in name order.
#[derive(Debug, Default)]
pub struct Pack {
    /// The files, sorted by name so that the order on disk never matters.
    pub files: Vec<LoadedFile>,
}

impl Pack {
    /// Parses pack files from sources; every file's problems are reported together.
    pub fn parse(sources: Vec<Source>) -> Result<Self, Error> {
        let mut files = Vec::new();
        let mut problems = Vec::new();
        for source in sources {
            match source.parse_shaped::<PackFile>(&PACK_SHAPE) {
                Ok(content) => files.push(LoadedFile { source, content }),
                Err(err) => problems.extend(err.diagnostics().iter().cloned()),
            }
        }
        if !problems.is_empty() {
            return Err(Error::invalid(problems));
        }
        files.sort_by(|a, b| a.source.name.cmp(&b.source.name));
        Ok(Pack { files })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::assert_shape_matches;

    #[test]
    fn the_shapes_name_every_field_of_a_pack_file() {
        assert_shape_matches::<PackFile>(&PACK_SHAPE);
        assert_shape_matches::<RawPlatform>(&PLATFORM_SHAPE);
        assert_shape_matches::<RawCriterion>(&CRITERION_SHAPE);
        assert_shape_matches::<RawFact>(&FACT_SHAPE);
        assert_shape_matches::<RawRule>(&RULE_SHAPE);
        assert_shape_matches::<RawPricing>(&PRICING_SHAPE);
    }

    #[test]
    fn every_unknown_key_is_reported_at_once_with_a_suggestion() {
        let text = "rules:\n  - id: x\n    excludes: [a]\n    reviewd: 2020-01-01\nplatform: []\n";
        let err = Pack::parse(vec![Source::new("p.yaml", text)]).expect_err("unknown keys");
        let lines: Vec<String> = err.diagnostics().iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 3, "{lines:#?}");
        assert!(
            lines[0].starts_with("p.yaml:3:5: unknown key \"excludes\" (did you mean \"exclude\"?); a rule takes id,")
        );
        assert!(lines[1].starts_with("p.yaml:4:5: unknown key \"reviewd\" (did you mean \"reviewed\"?)"));
        assert!(
            lines[2]
                .starts_with("p.yaml:5:1: unknown key \"platform\" (did you mean \"platforms\"?); a pack file takes")
        );
    }
}
