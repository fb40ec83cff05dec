//! The validated rule set: packs merged in order (the default pack first, then each `--rules`
//! folder), every platform, criterion, fact and value resolved to a typed id. Loading reports every
//! problem at once with its file, line and column; a bad pack never produces a `RuleSet`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use serde_saphyr::Spanned;

use crate::catalog::{Catalog, Choice, Fact, FactId, FactKind, Value};
use crate::condition::{Condition, ConditionParser};
use crate::date::Date;
use crate::error::{Diagnostic, Error, Location, suggestion};
use crate::pack::{Pack, RawFact, RawFactType, RawRule};
use crate::yaml::Node;

/// Highest rating a platform can have on a criterion.
pub const MAX_RATING: i64 = 5;
/// Highest base weight of a criterion.
pub const MAX_WEIGHT: i64 = 10;

/// Index of a platform (platforms are kept sorted by id, so a smaller index breaks a tie).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct PlatformId(pub usize);

/// Index of a criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct CriterionId(pub usize);

/// Index of a rule (rules are kept sorted by id, so file order never matters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct RuleId(pub usize);

/// A place containers can run.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Platform {
    /// Stable id (`ecs-fargate`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// One-line summary.
    pub summary: String,
    /// Its general-availability date, if the pack gives it.
    pub available_since: Option<Date>,
    /// The public announcement of that date.
    pub available_source: Option<String>,
    /// Rating (0-5) per criterion, indexed by [`CriterionId`].
    pub ratings: Vec<i64>,
}

impl Platform {
    /// Whether the platform was generally available on `date` (YYYY-MM-DD); a platform without
    /// a date always was.
    pub fn is_available_on(&self, date: Date) -> bool {
        self.available_since.is_none_or(|since| since <= date)
    }
}

/// Something platforms are scored on.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Criterion {
    /// Stable id (`operational-simplicity`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Base weight (0-10) before rules change it.
    pub weight: i64,
    /// What it measures.
    pub help: String,
}

/// A rule: a condition and its effects, with the reason and sources behind it.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Rule {
    /// Stable id.
    pub id: String,
    /// One-line title.
    pub title: String,
    /// When the rule fires.
    pub when: Condition,
    /// Platforms it rules out.
    pub exclude: Vec<PlatformId>,
    /// Points added to platforms' scores.
    pub adjust: Vec<(PlatformId, i64)>,
    /// Changes to criterion weights.
    pub weight: Vec<(CriterionId, i64)>,
    /// Advice shown with the result.
    pub note: Option<String>,
    /// Show the note only when one of these is viable (empty: always).
    pub about: Vec<PlatformId>,
    /// A rejection: the stated answers the condition names cannot all be true, and this is the
    /// fact whose line the error points at.
    pub reject: Option<FactId>,
    /// Facts the stated answers imply, set when the workload does not state them.
    pub imply: Vec<(FactId, Value)>,
    /// When the fact behind the rule became true, if later than the platforms it names.
    pub since: Option<Date>,
    /// When the fact stopped being true: a rule of the past, applied only `as_of` earlier dates.
    #[serde(default)]
    pub until: Option<Date>,
    /// Fires only on stated answers, never on assumed defaults.
    #[serde(default)]
    pub stated_only: bool,
    /// Plain-words reason.
    pub because: String,
    /// Public sources (URLs).
    pub sources: Vec<String>,
    /// When the fact was last checked (none only in a rule that failed validation).
    pub reviewed: Option<Date>,
    /// Where the rule is defined.
    pub defined_at: Location,
}

impl Rule {
    /// True when the rule rules out at least one platform.
    pub fn is_hard(&self) -> bool {
        !self.exclude.is_empty()
    }

    /// True for a rule that acts on the answers themselves (`reject` or `imply`) rather than on
    /// the platforms: it reads only what a workload states, never an assumed default.
    pub fn reads_answers(&self) -> bool {
        self.reject.is_some() || !self.imply.is_empty()
    }

    /// True for a rule whose condition must hold on stated answers alone (`reject`, `imply`, and
    /// rules marked `stated_only`, such as a penalty for a skill the team may well have).
    pub fn needs_stated(&self) -> bool {
        self.reads_answers() || self.stated_only
    }

    /// Whether the condition holds on stated answers alone: every fact it reads is stated.
    pub fn holds_on_stated(&self, values: &[Value], stated: &[bool]) -> bool {
        self.when.holds(values) && self.when.reads_only(&|fact| stated[fact.0])
    }
}

/// Every platform, criterion, fact and rule in force, validated.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct RuleSet {
    /// Platforms, sorted by id.
    pub platforms: Vec<Platform>,
    /// Criteria, in the order they were defined.
    pub criteria: Vec<Criterion>,
    /// The fact catalog.
    pub catalog: Catalog,
    /// Rules in force, sorted by id.
    pub rules: Vec<Rule>,
    /// Prices for cost estimates, if a pack gives them.
    pub pricing: Option<Pricing>,
    /// Rules a pack switched off, with where (so a message can say so rather than "unknown").
    #[serde(default)]
    pub disabled: Vec<(String, Location)>,
    /// The date the rules are read as of ([`RuleSet::as_of`]); none: today's rules.
    #[serde(default)]
    pub as_of: Option<Date>,
    /// Rules of the past (with `until`), sorted by id: in force only as of an earlier date.
    #[serde(default)]
    pub historical: Vec<Rule>,
}

/// The facts a cost estimate reads, with the enum values it tells apart.
#[derive(Clone, Copy, Debug, serde::Serialize, serde::Deserialize)]
pub struct CostInputs {
    /// Average running tasks (`size.average_tasks`).
    pub tasks: FactId,
    /// Hours a month (`size.hours_per_month`).
    pub hours: FactId,
    /// vCPU per task (`requirements.max_task_vcpu`).
    pub vcpu: FactId,
    /// GiB per task (`requirements.max_task_memory_gib`).
    pub memory: FactId,
    /// How busy capacity is kept (`cost.utilization`).
    pub utilization: FactId,
    /// Whether Spot is acceptable (`cost.spot_tolerant`).
    pub spot: FactId,
    /// Whether the budget depends on Spot (`cost.spot_required`): estimates are then compared at
    /// their Spot end.
    pub spot_required: FactId,
    /// Whether tasks need GPUs (`requirements.gpu`).
    pub gpu: FactId,
    /// The operating system (`workload.os`) and the index of its `windows` value.
    pub os: (FactId, usize),
    /// The architecture (`workload.cpu_architecture`) and the indices of its `x86` and `arm` values.
    pub arch: (FactId, usize, usize),
}

/// A validated pricing table: dated, sourced, and resolved to platform, criterion and fact ids.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Pricing {
    /// When the prices were read.
    pub date: String,
    /// The Region.
    pub region: String,
    /// Fargate by operating system and architecture.
    pub fargate: crate::pack::FargatePrices,
    /// Fargate Spot's largest discount (0-1).
    pub fargate_spot_discount: f64,
    /// EC2 families an estimate chooses from.
    pub ec2_families: Vec<crate::pack::Ec2Family>,
    /// EC2 Spot's largest discount (0-1).
    pub ec2_spot_discount: f64,
    /// The Windows Server licence on EC2, per vCPU-hour.
    pub windows_licence_vcpu_hour: f64,
    /// How full instances are kept, [best, worst], indexed by the utilization fact's choice.
    pub ec2_packing: Vec<(f64, f64)>,
    /// EKS control plane, per cluster-hour.
    pub eks_cluster_hour: f64,
    /// The Auto Mode fee as a fraction of the On-Demand instance price (none: not counted).
    pub auto_mode_fee: Option<f64>,
    /// The Managed Instances fee as a fraction of the On-Demand instance price (none: not counted).
    pub managed_instances_fee: Option<f64>,
    /// EKS Hybrid Nodes per vCPU-hour (none: not counted).
    pub hybrid_nodes_vcpu_hour: Option<f64>,
    /// ECS Anywhere per instance-hour (none: not counted).
    pub ecs_anywhere_instance_hour: Option<f64>,
    /// How each platform is priced, indexed by [`PlatformId`] (none: not estimated).
    pub models: Vec<Option<crate::pack::CostModel>>,
    /// Criteria whose ratings an estimate sets.
    pub feeds: Vec<CriterionId>,
    /// Public sources.
    pub sources: Vec<String>,
    /// The facts the estimate reads.
    pub inputs: CostInputs,
}

impl RuleSet {
    /// Merges packs in order and validates the result.
    pub fn load(packs: &[Pack]) -> Result<Self, Error> {
        let mut builder = Builder::default();
        for pack in packs {
            builder.add_pack(pack);
        }
        builder.finish()
    }

    /// The rules as they stood on `date` (YYYY-MM-DD): platforms not yet generally available are
    /// left out of every evaluation (listed as not available, not as ruled out), and rules whose
    /// fact became true later (`since`) are dropped.
    pub fn as_of(&self, date: Date) -> RuleSet {
        let mut dated = self.clone();
        let held =
            |rule: &Rule| rule.since.is_none_or(|since| since <= date) && rule.until.is_none_or(|until| date < until);
        dated.rules.retain(held);
        dated.rules.extend(self.historical.iter().filter(|rule| held(rule)).cloned());
        dated.rules.sort_by(|a, b| a.id.cmp(&b.id));
        dated.historical.clear();
        dated.as_of = Some(date);
        dated
    }

    /// Whether a platform is left out because it did not exist yet on the `as_of` date.
    pub fn is_unavailable(&self, platform: PlatformId) -> bool {
        self.as_of.is_some_and(|date| !self.platforms[platform.0].is_available_on(date))
    }

    /// The platform with this id (platforms are sorted by id).
    pub fn platform(&self, id: &str) -> Option<PlatformId> {
        self.platforms.binary_search_by(|p| p.id.as_str().cmp(id)).ok().map(PlatformId)
    }

    /// The platform with this id, or a message naming the known ones.
    pub fn resolve_platform(&self, id: &str) -> Result<PlatformId, String> {
        self.platform(id).ok_or_else(|| unknown_platform(id, &self.platforms))
    }

    /// The rule with this id (rules are sorted by id).
    pub fn rule(&self, id: &str) -> Option<RuleId> {
        self.rules.binary_search_by(|r| r.id.as_str().cmp(id)).ok().map(RuleId)
    }

    /// "unknown rule", or where a pack switched it off, for a rule id that is not in force.
    pub fn missing_rule(&self, id: &str) -> String {
        match self.disabled.iter().find(|(disabled, _)| disabled == id) {
            Some((_, at)) => format!("rule \"{id}\" is switched off by the `disable` at {at}"),
            None => format!(
                "unknown rule \"{}\"{}; `shipwise rules list` lists the rules in force",
                crate::escape::excerpt(id),
                suggestion(id, self.rules.iter().map(|r| r.id.as_str()))
            ),
        }
    }

    /// Accessors by typed id.
    pub fn platform_of(&self, id: PlatformId) -> &Platform {
        &self.platforms[id.0]
    }
    /// The criterion behind an id.
    pub fn criterion_of(&self, id: CriterionId) -> &Criterion {
        &self.criteria[id.0]
    }
    /// The rule behind an id.
    pub fn rule_of(&self, id: RuleId) -> &Rule {
        &self.rules[id.0]
    }
    /// The fact behind an id.
    pub fn fact_of(&self, id: FactId) -> &Fact {
        self.catalog.get(id)
    }

    /// Platforms that the answer to a fact can move: those excluded or adjusted by a rule whose
    /// condition reads the fact, in platform-id order.
    pub fn platforms_moved_by(&self, fact: FactId) -> Vec<PlatformId> {
        let mut moved = Vec::new();
        let mut read = Vec::new();
        for rule in &self.rules {
            read.clear();
            rule.when.facts(&mut read);
            if read.contains(&fact) {
                moved.extend(rule.exclude.iter().copied());
                moved.extend(rule.adjust.iter().map(|(platform, _)| *platform));
            }
        }
        moved.sort();
        moved.dedup();
        moved
    }
}

fn unknown_platform(id: &str, platforms: &[Platform]) -> String {
    format!(
        "unknown platform \"{}\"{}; known platforms: {}",
        crate::escape::excerpt(id),
        suggestion(id, platforms.iter().map(|p| p.id.as_str())),
        platforms.iter().map(|p| p.id.as_str()).collect::<Vec<_>>().join(", ")
    )
}

/// A rule or fact waiting for the whole catalog before its conditions can be resolved.
struct Pending<'a, T> {
    file: Arc<str>,
    raw: &'a T,
}

/// A platform as the packs describe it so far, ratings by criterion id.
struct PlatformDraft {
    id: String,
    name: String,
    summary: String,
    available_since: Option<Date>,
    available_source: Option<String>,
    ratings: BTreeMap<String, i64>,
    at: Location,
    /// The pack that first defined it.
    pack: usize,
}

/// Collects every pack's parts, then validates them together.
#[derive(Default)]
struct Builder<'a> {
    problems: Vec<Diagnostic>,
    platforms: Vec<PlatformDraft>,
    criteria: Vec<Criterion>,
    catalog: Catalog,
    facts: Vec<(FactId, Pending<'a, RawFact>)>,
    rules: Vec<Pending<'a, RawRule>>,
    disabled: Vec<(String, Location)>,
    /// Which pack (0 = the first) defined each criterion, and where.
    criterion_origin: Vec<(usize, Location)>,
    /// How many packs have been added.
    packs: usize,
    /// Platform and criterion ids defined by the pack being added, to catch a second definition.
    defined_here: HashMap<String, Location>,
    /// The pricing table of the last pack that has one.
    pricing: Option<(Arc<str>, &'a Spanned<crate::pack::RawPricing>)>,
    /// Where each criterion and platform id is in `criteria` and `platforms`: lookups stay
    /// linear in the size of the packs, however many ids a hostile one defines.
    criterion_at: HashMap<String, usize>,
    /// The same for platforms.
    platform_at: HashMap<String, usize>,
}

impl<'a> Builder<'a> {
    fn problem(&mut self, file: &Arc<str>, at: &serde_saphyr::Location, message: impl Into<String>) {
        self.problems.push(Diagnostic { at: Location::at(file, at.line(), at.column()), message: message.into() });
    }

    fn add_pack(&mut self, pack: &'a Pack) {
        self.defined_here.clear();
        for file in &pack.files {
            let name = &file.source.name;
            for criterion in &file.content.criteria {
                self.add_criterion(name, criterion);
            }
        }
        for file in &pack.files {
            let name = &file.source.name;
            for platform in &file.content.platforms {
                self.add_platform(name, platform);
            }
            for fact in &file.content.facts {
                self.add_fact(name, fact);
            }
        }
        // A pack may disable only rules of the packs loaded before it.
        let earlier: HashSet<&str> = self.rules.iter().map(|r| r.raw.id.value.as_str()).collect();
        for file in &pack.files {
            let name = &file.source.name;
            let mut unknown = 0;
            for id in &file.content.disable {
                if earlier.contains(id.value.as_str()) {
                    self.disabled
                        .push((id.value.clone(), Location::at(name, id.referenced.line(), id.referenced.column())));
                } else {
                    // "Did you mean" only for the problems a message shows.
                    unknown += 1;
                    let hint = if unknown <= crate::error::MAX_PROBLEMS_PER_FILE {
                        suggestion(&id.value, earlier.iter().copied())
                    } else {
                        String::new()
                    };
                    self.problem(
                        name,
                        &id.referenced,
                        format!(
                            "cannot disable unknown rule \"{}\"{hint}; only rules of an earlier pack can be disabled",
                            crate::escape::excerpt(&id.value)
                        ),
                    );
                }
            }
            for rule in &file.content.rules {
                self.rules.push(Pending { file: Arc::clone(name), raw: rule });
            }
            if let Some(pricing) = &file.content.pricing {
                self.pricing = Some((Arc::clone(name), pricing));
            }
        }
        self.packs += 1;
    }

    /// Records that this pack defines `what` `id` at `at`; a second definition in the same pack
    /// is a problem (packs on top may redefine on purpose, but one pack saying it twice is a slip).
    fn define_once(&mut self, file: &Arc<str>, what: &str, id: &Spanned<String>) -> bool {
        let at = Location::at(file, id.referenced.line(), id.referenced.column());
        let key = format!("{what} {}", id.value);
        if let Some(first) = self.defined_here.get(&key) {
            let message = format!("{what} \"{}\" is already defined at {first}; define it once per pack", id.value);
            self.problems.push(Diagnostic { at, message });
            return false;
        }
        self.defined_here.insert(key, at);
        true
    }

    fn add_criterion(&mut self, file: &Arc<str>, raw: &crate::pack::RawCriterion) {
        if !self.define_once(file, "criterion", &raw.id) {
            return;
        }
        let weight = match &raw.weight {
            Some(w) if !(0..=MAX_WEIGHT).contains(&w.value) => {
                self.problem(
                    file,
                    &w.referenced,
                    format!("weight {} is out of range; use a whole number from 0 to {MAX_WEIGHT}", w.value),
                );
                None
            }
            Some(w) => Some(w.value),
            None => None,
        };
        if let Some(known) = self.criterion_at.get(&raw.id.value).map(|&at| &mut self.criteria[at]) {
            if let Some(weight) = weight {
                known.weight = weight;
            }
            if let Some(name) = &raw.name {
                known.name.clone_from(name);
            }
            if let Some(help) = &raw.help {
                known.help.clone_from(help);
            }
            return;
        }
        if !is_kebab(&raw.id.value) {
            self.problem(
                file,
                &raw.id.referenced,
                format!("criterion id \"{}\" must be kebab-case (lowercase words joined by -)", raw.id.value),
            );
        }
        let Some(weight) = weight else {
            if raw.weight.is_none() {
                self.problem(
                    file,
                    &raw.id.referenced,
                    format!("criterion \"{}\" needs a weight (0 to {MAX_WEIGHT})", raw.id.value),
                );
            }
            return;
        };
        self.criterion_origin
            .push((self.packs, Location::at(file, raw.id.referenced.line(), raw.id.referenced.column())));
        self.criterion_at.insert(raw.id.value.clone(), self.criteria.len());
        self.criteria.push(Criterion {
            id: raw.id.value.clone(),
            name: raw.name.clone().unwrap_or_else(|| raw.id.value.clone()),
            weight,
            help: raw.help.clone().unwrap_or_default(),
        });
    }

    fn add_platform(&mut self, file: &Arc<str>, raw: &crate::pack::RawPlatform) {
        if !self.define_once(file, "platform", &raw.id) {
            return;
        }
        if let Some(date) = &raw.available_since
            && Date::parse(&date.value).is_none()
        {
            self.problem(
                file,
                &date.referenced,
                format!("`available_since` must be a date written YYYY-MM-DD, not \"{}\"", date.value),
            );
        }
        if let Some(url) = &raw.available_source
            && !url.value.starts_with("https://")
        {
            self.problem(file, &url.referenced, "`available_source` is the https:// URL that announced the date");
        }
        if let (Some(date), None) = (&raw.available_since, &raw.available_source) {
            self.problem(
                file,
                &date.referenced,
                "`available_since` needs `available_source`: the URL of the announcement that gives the date",
            );
        }
        let mut ratings = BTreeMap::new();
        if let Some(node) = &raw.ratings {
            for (key, value) in whole_numbers(file, node, "ratings", 0..=MAX_RATING, &mut self.problems) {
                if self.criterion_at.contains_key(&key.value) {
                    ratings.insert(key.value.clone(), value);
                } else {
                    let hint = suggestion(&key.value, self.criteria.iter().map(|c| c.id.as_str()));
                    self.problem(file, &key.referenced, format!("unknown criterion \"{}\"{hint}", key.value));
                }
            }
        }
        if let Some(known) = self.platform_at.get(&raw.id.value).map(|&at| &mut self.platforms[at]) {
            if let Some(name) = &raw.name {
                known.name.clone_from(name);
            }
            if let Some(summary) = &raw.summary {
                known.summary.clone_from(summary);
            }
            if let Some(date) = &raw.available_since {
                known.available_since = Date::parse(&date.value);
                known.available_source = raw.available_source.as_ref().map(|u| u.value.clone());
            }
            known.ratings.extend(ratings);
            return;
        }
        if !is_kebab(&raw.id.value) {
            self.problem(
                file,
                &raw.id.referenced,
                format!("platform id \"{}\" must be kebab-case (lowercase words joined by -)", raw.id.value),
            );
        }
        self.platform_at.insert(raw.id.value.clone(), self.platforms.len());
        self.platforms.push(PlatformDraft {
            id: raw.id.value.clone(),
            name: raw.name.clone().unwrap_or_else(|| raw.id.value.clone()),
            summary: raw.summary.clone().unwrap_or_default(),
            available_since: raw.available_since.as_ref().and_then(|d| Date::parse(&d.value)),
            available_source: raw.available_source.as_ref().map(|u| u.value.clone()),
            ratings,
            at: Location::at(file, raw.id.referenced.line(), raw.id.referenced.column()),
            pack: self.packs,
        });
    }

    fn add_fact(&mut self, file: &Arc<str>, raw: &'a RawFact) {
        let id = &raw.id.value;
        let Some((group, name)) = id.split_once('.').filter(|(g, n)| is_key(g) && is_key(n)) else {
            self.problem(
                file,
                &raw.id.referenced,
                format!(
                    "fact id \"{id}\" must be group.name in lowercase snake_case, such as team.kubernetes_experience"
                ),
            );
            return;
        };
        if group == "name" {
            self.problem(file, &raw.id.referenced, "the group \"name\" is reserved for the workload's name");
            return;
        }
        let kind = match raw.kind.value {
            RawFactType::Bool => FactKind::Bool,
            RawFactType::Number => {
                let (min, max) = (raw.min.as_ref().map(|m| m.value), raw.max.as_ref().map(|m| m.value));
                for bound in raw.min.iter().chain(raw.max.iter()) {
                    if !bound.value.is_finite() {
                        self.problem(file, &bound.referenced, "`min` and `max` must be finite numbers");
                        return;
                    }
                }
                if let (Some(low), Some(high), Some(at)) = (min, max, raw.max.as_ref())
                    && low > high
                {
                    self.problem(file, &at.referenced, format!("`max` {high} is below `min` {low}"));
                    return;
                }
                FactKind::Number { min, max, unit: raw.unit.clone() }
            }
            RawFactType::Enum => {
                let Some(values) = &raw.values else {
                    self.problem(
                        file,
                        &raw.kind.referenced,
                        format!("enum fact \"{id}\" needs `values`: each allowed value with a one-line explanation"),
                    );
                    return;
                };
                let Node::Map(entries) = &values.value else {
                    self.problem(
                        file,
                        &values.referenced,
                        "`values` is a mapping of each allowed value to a one-line explanation",
                    );
                    return;
                };
                let mut choices: Vec<Choice> = Vec::with_capacity(entries.len());
                for (key, help) in entries {
                    // Values are written bare in workloads, so they must read back as text.
                    if !is_value_name(&key.value) {
                        let message = format!(
                            "value \"{}\" of {id} must be a lowercase word (letters, digits, - or _, starting with a letter), so that workloads can write it unquoted",
                            key.value
                        );
                        self.problem(file, &key.referenced, message);
                        continue;
                    }
                    match &help.value {
                        Node::String(text) => choices.push(Choice { name: key.value.clone(), help: text.clone() }),
                        other => self.problem(
                            file,
                            &help.referenced,
                            format!("the explanation of value \"{}\" must be text, not {}", key.value, other.kind()),
                        ),
                    }
                }
                if choices.is_empty() {
                    self.problem(file, &values.referenced, format!("enum fact \"{id}\" needs at least one value"));
                    return;
                }
                FactKind::Enum(choices)
            }
        };
        if raw.kind.value != RawFactType::Enum && raw.values.is_some() {
            self.problem(file, &raw.kind.referenced, "`values` is only for enum facts");
        }
        if raw.kind.value != RawFactType::Number && (raw.min.is_some() || raw.max.is_some() || raw.unit.is_some()) {
            self.problem(file, &raw.kind.referenced, "`min`, `max` and `unit` are only for number facts");
        }
        let mut fact = Fact {
            id: id.clone(),
            group: group.to_string(),
            name: name.to_string(),
            kind,
            default: Value::Bool(false),
            prompt: raw.prompt.clone().unwrap_or_default(),
            help: raw.help.clone().unwrap_or_default(),
            ask_if: None,
            firm: raw.firm,
            defined_at: Location::at(file, raw.id.referenced.line(), raw.id.referenced.column()),
        };
        match &raw.default {
            None => {
                self.problem(
                    file,
                    &raw.id.referenced,
                    format!("fact \"{id}\" needs a `default`: the value assumed when a workload does not say"),
                );
                return;
            }
            Some(node) => match fact.parse_value(&node.value) {
                Ok(value) => fact.default = value,
                Err(message) => {
                    self.problem(file, &node.referenced, format!("default: {message}"));
                    return;
                }
            },
        }
        if raw.prompt.is_none() {
            self.problem(file, &raw.id.referenced, format!("fact \"{id}\" needs a `prompt`: the question to ask"));
        }
        match self.catalog.insert(fact) {
            Ok(fact_id) => self.facts.push((fact_id, Pending { file: Arc::clone(file), raw })),
            Err(known) => {
                let message =
                    format!("fact \"{id}\" is already defined at {}; fact ids must be unique", known.defined_at);
                self.problem(file, &raw.id.referenced, message);
            }
        }
    }

    fn finish(mut self) -> Result<RuleSet, Error> {
        // Platforms: sorted by id; every one rated on every criterion.
        self.platforms.sort_by(|a, b| a.id.cmp(&b.id));
        let mut platforms = Vec::with_capacity(self.platforms.len());
        let mut unrated_new_criteria: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
        for draft in &self.platforms {
            let mut missing = Vec::new();
            for (c, criterion) in self.criteria.iter().enumerate() {
                if draft.ratings.contains_key(&criterion.id) {
                    continue;
                }
                // A criterion added by a later pack than the platform: say so at the criterion.
                if self.criterion_origin[c].0 > draft.pack {
                    unrated_new_criteria.entry(c).or_default().push(&draft.id);
                } else {
                    missing.push(criterion.id.as_str());
                }
            }
            if !missing.is_empty() {
                let message = format!(
                    "platform \"{}\" has no rating for {}; rate it from 0 to {MAX_RATING} under `ratings`",
                    draft.id,
                    missing.join(", ")
                );
                self.problems.push(Diagnostic { at: draft.at.clone(), message });
            }
            platforms.push(Platform {
                id: draft.id.clone(),
                name: draft.name.clone(),
                summary: draft.summary.clone(),
                available_since: draft.available_since,
                available_source: draft.available_source.clone(),
                ratings: self.criteria.iter().map(|c| draft.ratings.get(&c.id).copied().unwrap_or(0)).collect(),
            });
        }
        for (c, unrated) in unrated_new_criteria {
            let message = format!(
                "criterion \"{}\" is new in this pack, so rate every platform on it: add `- id: PLATFORM` with `ratings: {{ {}: 0-{MAX_RATING} }}` under `platforms:` for {}",
                self.criteria[c].id,
                self.criteria[c].id,
                unrated.join(", ")
            );
            self.problems.push(Diagnostic { at: self.criterion_origin[c].1.clone(), message });
        }
        if !self.criteria.is_empty() && self.criteria.iter().all(|c| c.weight == 0) {
            let at = self.criterion_origin[0].1.clone();
            let message = "every criterion has weight 0, so every platform would score the same; give at least one a weight above 0".to_string();
            self.problems.push(Diagnostic { at, message });
        }
        if self.criteria.is_empty() {
            let at = Location::file(&Arc::from("rule packs"));
            let message = "no criteria are defined; a pack needs a `criteria` section to score platforms on".into();
            self.problems.push(Diagnostic { at, message });
        }
        if platforms.is_empty() {
            let at = Location::file(&Arc::from("rule packs"));
            self.problems.push(Diagnostic {
                at,
                message: "no platforms are defined; a pack needs a `platforms` section".into(),
            });
        }
        let platform_index: HashMap<&str, PlatformId> =
            platforms.iter().enumerate().map(|(i, p)| (p.id.as_str(), PlatformId(i))).collect();
        let criterion_index: HashMap<&str, CriterionId> =
            self.criteria.iter().enumerate().map(|(i, c)| (c.id.as_str(), CriterionId(i))).collect();

        // Conditions of questions.
        let mut problems = std::mem::take(&mut self.problems);
        let mut catalog = std::mem::take(&mut self.catalog);
        let mut ask_ifs = Vec::new();
        for (fact_id, pending) in &self.facts {
            if let Some(node) = &pending.raw.ask_if {
                let mut parser = ConditionParser { catalog: &catalog, file: &pending.file, problems: &mut problems };
                ask_ifs.push((*fact_id, parser.parse(node)));
            }
        }
        for (fact_id, condition) in ask_ifs {
            catalog.set_ask_if(fact_id, condition);
        }

        // Rules.
        let mut rules: Vec<Rule> = Vec::new();
        let mut seen: HashMap<String, Location> = HashMap::new();
        for pending in &self.rules {
            let raw = pending.raw;
            let file = &pending.file;
            let at = Location::at(file, raw.id.referenced.line(), raw.id.referenced.column());
            if let Some(first) = seen.get(&raw.id.value) {
                problems.push(Diagnostic { at, message: format!("duplicate rule id \"{}\" (first defined at {first}); rule ids must be unique and are never reused", raw.id.value) });
                continue;
            }
            seen.insert(raw.id.value.clone(), at.clone());
            let mut check = Validator { file, problems: &mut problems };
            if let Some(rule) = check.rule(raw, at, &catalog, &platform_index, &criterion_index, &platforms) {
                rules.push(rule);
            }
        }
        let disabled: HashSet<&str> = self.disabled.iter().map(|(id, _)| id.as_str()).collect();
        rules.retain(|rule| !disabled.contains(rule.id.as_str()));
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        let (historical, rules): (Vec<Rule>, Vec<Rule>) = rules.into_iter().partition(|rule| rule.until.is_some());
        let pricing = self.pricing.and_then(|(file, raw)| {
            let mut check = Validator { file: &file, problems: &mut problems };
            check.pricing(raw, &catalog, &platform_index, &criterion_index, platforms.len())
        });
        if !problems.is_empty() {
            return Err(Error::invalid(problems));
        }
        Ok(RuleSet {
            platforms,
            criteria: self.criteria,
            catalog,
            rules,
            pricing,
            disabled: self.disabled,
            as_of: None,
            historical,
        })
    }
}

/// Validating a pricing table (see below for the struct and rules).
impl Validator<'_> {
    fn pricing(
        &mut self,
        spanned: &Spanned<crate::pack::RawPricing>,
        catalog: &Catalog,
        platform_index: &HashMap<&str, PlatformId>,
        criterion_index: &HashMap<&str, CriterionId>,
        platforms: usize,
    ) -> Option<Pricing> {
        let before = self.problems.len();
        let raw = &spanned.value;
        let at = &spanned.referenced;
        if Date::parse(&raw.date.value).is_none() {
            self.problem(
                &raw.date.referenced,
                format!("`date` must be written YYYY-MM-DD, not \"{}\"", raw.date.value),
            );
        }
        let rates = [
            ("fargate.linux_x86", raw.fargate.linux_x86),
            ("fargate.linux_arm", raw.fargate.linux_arm),
            ("fargate.windows_x86", raw.fargate.windows_x86),
        ];
        let mut prices: Vec<(String, f64)> = rates
            .iter()
            .flat_map(|(name, r)| {
                [
                    (format!("{name}.vcpu_hour"), r.vcpu_hour),
                    (format!("{name}.gb_hour"), r.gb_hour),
                    (format!("{name}.licence_vcpu_hour"), r.licence_vcpu_hour),
                ]
            })
            .collect();
        prices.extend([
            ("fargate_spot_discount".to_string(), raw.fargate_spot_discount),
            ("ec2_spot_discount".to_string(), raw.ec2_spot_discount),
            ("windows_licence_vcpu_hour".to_string(), raw.windows_licence_vcpu_hour),
            ("eks_cluster_hour".to_string(), raw.eks_cluster_hour),
        ]);
        for (name, value) in [
            ("auto_mode_fee", raw.auto_mode_fee),
            ("managed_instances_fee", raw.managed_instances_fee),
            ("hybrid_nodes_vcpu_hour", raw.hybrid_nodes_vcpu_hour),
            ("ecs_anywhere_instance_hour", raw.ecs_anywhere_instance_hour),
        ] {
            if let Some(value) = value {
                prices.push((name.to_string(), value));
            }
        }
        for family in &raw.ec2_families.value {
            prices.push((format!("ec2_families {}: vcpu_hour", family.family), family.vcpu_hour));
        }
        for (name, value) in &prices {
            if !(value.is_finite() && *value >= 0.0) {
                self.problem(at, format!("pricing `{name}` must be a number of at least 0, not {value}"));
            }
        }
        let fractions = [
            ("fargate_spot_discount", Some(raw.fargate_spot_discount)),
            ("ec2_spot_discount", Some(raw.ec2_spot_discount)),
            ("auto_mode_fee", raw.auto_mode_fee),
            ("managed_instances_fee", raw.managed_instances_fee),
        ];
        for (name, value) in fractions {
            if value.is_some_and(|v| v > 1.0) {
                self.problem(at, format!("pricing `{name}` is a fraction, at most 1"));
            }
        }
        if raw.ec2_families.value.is_empty() {
            self.problem(&raw.ec2_families.referenced, "`ec2_families` needs at least one instance family");
        }
        for family in &raw.ec2_families.value {
            let sizes_ok = !family.sizes.is_empty()
                && family.sizes.iter().all(|s| s.is_finite() && *s > 0.0)
                && family.sizes.windows(2).all(|w| w[0] < w[1]);
            if !(family.gib_per_vcpu.is_finite() && family.gib_per_vcpu > 0.0 && sizes_ok) {
                self.problem(
                    &raw.ec2_families.referenced,
                    format!(
                        "instance family {}: `gib_per_vcpu` is above 0 and `sizes` lists vCPU counts above 0, smallest first",
                        family.family
                    ),
                );
            }
        }
        if raw.sources.is_empty() || raw.sources.iter().any(|s| !s.starts_with("https://")) {
            self.problem(at, "pricing needs `sources`: the https:// URLs the prices were read from");
        }
        let fact = |check: &mut Self, id: &str, want: RawFactType| -> Option<FactId> {
            let found = catalog.lookup(id).filter(|f| {
                matches!(
                    (&catalog.get(*f).kind, want),
                    (FactKind::Number { .. }, RawFactType::Number)
                        | (FactKind::Enum(_), RawFactType::Enum)
                        | (FactKind::Bool, RawFactType::Bool)
                )
            });
            if found.is_none() {
                let kind = format!("{want:?}").to_lowercase();
                check.problem(at, format!("pricing reads the fact {id} ({kind}), which the catalog does not define"));
            }
            found
        };
        let choice = |check: &mut Self, fact: Option<FactId>, value: &str| -> Option<usize> {
            let fact = fact?;
            let FactKind::Enum(choices) = &catalog.get(fact).kind else { return None };
            let found = choices.iter().position(|c| c.name == value);
            if found.is_none() {
                let id = &catalog.get(fact).id;
                check.problem(at, format!("pricing tells {id}: {value} apart, but {id} has no value {value}"));
            }
            found
        };
        let inputs = (
            fact(self, "size.average_tasks", RawFactType::Number),
            fact(self, "size.hours_per_month", RawFactType::Number),
            fact(self, "requirements.max_task_vcpu", RawFactType::Number),
            fact(self, "requirements.max_task_memory_gib", RawFactType::Number),
            fact(self, "cost.utilization", RawFactType::Enum),
            fact(self, "cost.spot_tolerant", RawFactType::Bool),
            fact(self, "requirements.gpu", RawFactType::Bool),
            fact(self, "cost.spot_required", RawFactType::Bool),
        );
        let os = fact(self, "workload.os", RawFactType::Enum);
        let arch = fact(self, "workload.cpu_architecture", RawFactType::Enum);
        let windows = choice(self, os, "windows");
        let x86 = choice(self, arch, "x86");
        let arm = choice(self, arch, "arm");
        let (
            Some(tasks),
            Some(hours),
            Some(vcpu),
            Some(memory),
            Some(utilization),
            Some(spot),
            Some(gpu),
            Some(spot_required),
        ) = inputs
        else {
            return None;
        };
        let (Some(os), Some(windows), Some(arch), Some(x86), Some(arm)) = (os, windows, arch, x86, arm) else {
            return None;
        };
        // Packing: a [best, worst] pair for every value of the utilization fact.
        let FactKind::Enum(choices) = &catalog.get(utilization).kind else { return None };
        let mut packing = vec![(0.0, 0.0); choices.len()];
        match &raw.ec2_packing.value {
            Node::Map(entries) => {
                for (i, choice) in choices.iter().enumerate() {
                    let pair = entries.iter().find(|(k, _)| k.value == choice.name).and_then(|(_, v)| match &v.value {
                        Node::Seq(items) => match (items.first().map(|n| &n.value), items.get(1).map(|n| &n.value)) {
                            (Some(Node::Number(a)), Some(Node::Number(b))) if items.len() == 2 => Some((*a, *b)),
                            _ => None,
                        },
                        _ => None,
                    });
                    match pair {
                        Some((a, b)) if a > 0.0 && a <= 1.0 && b > 0.0 && b <= 1.0 => packing[i] = (a, b),
                        _ => self.problem(
                            &raw.ec2_packing.referenced,
                            format!(
                                "`ec2_packing` needs `{}: [best, worst]`, two fractions above 0 and at most 1",
                                choice.name
                            ),
                        ),
                    }
                }
            }
            other => {
                self.problem(&raw.ec2_packing.referenced, format!("`ec2_packing` is a mapping, not {}", other.kind()))
            }
        }
        let mut models = vec![None; platforms];
        for (platform, model) in &raw.models.value {
            match platform_index.get(platform.as_str()) {
                Some(&found) => models[found.0] = Some(model.value),
                None => self.problem(&model.referenced, format!("unknown platform \"{platform}\" in `models`")),
            }
        }
        let mut feeds = Vec::new();
        for id in &raw.feeds {
            match criterion_index.get(id.value.as_str()) {
                Some(&criterion) => feeds.push(criterion),
                None => self.problem(&id.referenced, format!("unknown criterion \"{}\" in `feeds`", id.value)),
            }
        }
        if self.problems.len() > before {
            return None;
        }
        Some(Pricing {
            date: raw.date.value.clone(),
            region: raw.region.clone(),
            fargate: raw.fargate,
            fargate_spot_discount: raw.fargate_spot_discount,
            ec2_families: raw.ec2_families.value.clone(),
            ec2_spot_discount: raw.ec2_spot_discount,
            windows_licence_vcpu_hour: raw.windows_licence_vcpu_hour,
            ec2_packing: packing,
            eks_cluster_hour: raw.eks_cluster_hour,
            auto_mode_fee: raw.auto_mode_fee,
            managed_instances_fee: raw.managed_instances_fee,
            hybrid_nodes_vcpu_hour: raw.hybrid_nodes_vcpu_hour,
            ecs_anywhere_instance_hour: raw.ecs_anywhere_instance_hour,
            models,
            feeds,
            sources: raw.sources.clone(),
            inputs: CostInputs {
                tasks,
                hours,
                vcpu,
                memory,
                utilization,
                spot,
                spot_required,
                gpu,
                os: (os, windows),
                arch: (arch, x86, arm),
            },
        })
    }
}

/// Validates a rule or the pricing table of one file, recording every problem with its place.
struct Validator<'p> {
    file: &'p Arc<str>,
    problems: &'p mut Vec<Diagnostic>,
}

impl Validator<'_> {
    fn problem(&mut self, at: &serde_saphyr::Location, message: impl Into<String>) {
        self.problems.push(Diagnostic { at: Location::at(self.file, at.line(), at.column()), message: message.into() });
    }

    fn rule(
        &mut self,
        raw: &RawRule,
        at: Location,
        catalog: &Catalog,
        platform_index: &HashMap<&str, PlatformId>,
        criterion_index: &HashMap<&str, CriterionId>,
        platforms: &[Platform],
    ) -> Option<Rule> {
        let before = self.problems.len();
        let id = &raw.id.value;
        if !is_kebab(id) {
            self.problem(
                &raw.id.referenced,
                format!("rule id \"{id}\" must be kebab-case (lowercase words joined by -)"),
            );
        }
        let when = match &raw.when {
            Some(node) => ConditionParser { catalog, file: self.file, problems: self.problems }.parse(node),
            None => Condition::always(),
        };
        let platform = |check: &mut Self, key: &Spanned<String>| match platform_index.get(key.value.as_str()) {
            Some(&found) => Some(found),
            None => {
                check.problem(&key.referenced, unknown_platform(&key.value, platforms));
                None
            }
        };
        let exclude: Vec<PlatformId> = raw.exclude.iter().filter_map(|key| platform(self, key)).collect();
        let about: Vec<PlatformId> = raw.about.iter().filter_map(|key| platform(self, key)).collect();
        for (list, name) in [(&raw.exclude, "exclude"), (&raw.about, "about")] {
            let mut seen = HashSet::new();
            for key in list {
                if !seen.insert(key.value.as_str()) {
                    self.problem(&key.referenced, format!("\"{}\" is listed twice in `{name}`", key.value));
                }
            }
        }
        let mut adjust = Vec::new();
        if let Some(node) = &raw.adjust {
            for (key, points) in whole_numbers(self.file, node, "adjust", -100..=100, self.problems) {
                if let Some(found) = platform(self, key) {
                    adjust.push((found, points));
                }
            }
        }
        let mut weight = Vec::new();
        if let Some(node) = &raw.weight {
            for (key, change) in whole_numbers(self.file, node, "weight", -MAX_WEIGHT..=MAX_WEIGHT, self.problems) {
                match criterion_index.get(key.value.as_str()) {
                    Some(&found) => weight.push((found, change)),
                    None => {
                        let hint = suggestion(&key.value, criterion_index.keys().copied());
                        self.problem(&key.referenced, format!("unknown criterion \"{}\"{hint}", key.value));
                    }
                }
            }
        }
        let reject = raw.reject.as_ref().and_then(|key| match catalog.lookup(&key.value) {
            Some(fact) => {
                let mut read = Vec::new();
                when.facts(&mut read);
                if !read.contains(&fact) {
                    self.problem(
                        &key.referenced,
                        format!("`reject` names {}, which the rule's `when` does not read; name the fact whose answer cannot hold with the others", key.value),
                    );
                }
                Some(fact)
            }
            None => {
                let hint = suggestion(&key.value, catalog.iter().map(|(_, f)| f.id.as_str()));
                self.problem(&key.referenced, format!("unknown fact \"{}\"{hint} in `reject`", key.value));
                None
            }
        });
        let imply = raw.imply.as_ref().map(|node| self.implications(node, catalog)).unwrap_or_default();
        if (reject.is_some() || raw.reject.is_some() || raw.imply.is_some())
            && (!raw.exclude.is_empty() || raw.adjust.is_some() || raw.weight.is_some() || raw.note.is_some())
        {
            self.problem(
                &raw.id.referenced,
                format!("rule \"{id}\": `reject` and `imply` act on the answers, so they stand alone; move `exclude`, `adjust`, `weight` and `note` to a rule of their own"),
            );
        }
        if raw.reject.is_some() && raw.imply.is_some() {
            self.problem(
                &raw.id.referenced,
                format!("rule \"{id}\" has both `reject` and `imply`; give each its own rule"),
            );
        }
        if (raw.reject.is_some() || raw.imply.is_some()) && raw.when.is_none() {
            self.problem(
                &raw.id.referenced,
                format!("rule \"{id}\": `reject` and `imply` need a `when` naming the answers they read"),
            );
        }
        for (key, date) in [("since", &raw.since), ("until", &raw.until)] {
            if let Some(date) = date
                && Date::parse(&date.value).is_none()
            {
                self.problem(
                    &date.referenced,
                    format!("`{key}` must be a date written YYYY-MM-DD, not \"{}\"", date.value),
                );
            }
        }
        if let (Some(since), Some(until)) = (
            raw.since.as_ref().and_then(|d| Date::parse(&d.value)),
            raw.until.as_ref().and_then(|d| Date::parse(&d.value)),
        ) && since >= until
        {
            let at = raw.until.as_ref().map_or(raw.id.referenced, |u| u.referenced);
            self.problem(&at, "`until` must come after `since`");
        }
        let sources = self.sources(raw);
        if raw.title.is_none() {
            self.problem(
                &raw.id.referenced,
                format!("rule \"{id}\" needs a `title`: one line saying what it is about"),
            );
        }
        if raw.because.as_deref().is_none_or(|b| b.trim().is_empty()) {
            self.problem(&raw.id.referenced, format!("rule \"{id}\" needs `because`: the reason in plain words"));
        }
        match &raw.reviewed {
            None => self.problem(
                &raw.id.referenced,
                format!("rule \"{id}\" needs `reviewed`: the date its fact was last checked (YYYY-MM-DD)"),
            ),
            Some(date) if Date::parse(&date.value).is_none() => {
                self.problem(
                    &date.referenced,
                    format!("`reviewed` must be a date written YYYY-MM-DD, not \"{}\"", date.value),
                );
            }
            Some(_) => {}
        }
        if exclude.is_empty()
            && adjust.is_empty()
            && weight.is_empty()
            && raw.note.is_none()
            && raw.reject.is_none()
            && raw.imply.is_none()
            && self.problems.len() == before
        {
            self.problem(
                &raw.id.referenced,
                format!(
                    "rule \"{id}\" has no effect; give it `exclude`, `adjust`, `weight`, `note`, `reject` or `imply`"
                ),
            );
        }
        if !raw.about.is_empty() && raw.note.is_none() {
            self.problem(&raw.about[0].referenced, "`about` only applies to a rule with a `note`");
        }
        if self.problems.len() > before {
            return None;
        }
        Some(Rule {
            id: id.clone(),
            title: raw.title.clone().unwrap_or_default(),
            when,
            exclude,
            adjust,
            weight,
            note: raw.note.clone(),
            about,
            reject,
            imply,
            since: raw.since.as_ref().and_then(|d| Date::parse(&d.value)),
            until: raw.until.as_ref().and_then(|d| Date::parse(&d.value)),
            stated_only: raw.stated_only,
            because: raw.because.clone().unwrap_or_default(),
            sources,
            reviewed: raw.reviewed.as_ref().and_then(|d| Date::parse(&d.value)),
            defined_at: at,
        })
    }

    /// The `imply` mapping: fact ids to the values they take.
    fn implications(&mut self, node: &Spanned<Node>, catalog: &Catalog) -> Vec<(FactId, Value)> {
        let Node::Map(entries) = &node.value else {
            self.problem(
                &node.referenced,
                format!("`imply` is a mapping of fact ids to values, not {}", node.value.kind()),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, value) in entries {
            let Some(fact) = catalog.lookup(&key.value) else {
                let hint = suggestion(&key.value, catalog.iter().map(|(_, f)| f.id.as_str()));
                self.problem(&key.referenced, format!("unknown fact \"{}\"{hint} in `imply`", key.value));
                continue;
            };
            match catalog.get(fact).parse_value(&value.value) {
                Ok(parsed) => out.push((fact, parsed)),
                Err(message) => self.problem(&value.referenced, format!("`imply` of {}: {message}", key.value)),
            }
        }
        out
    }

    fn sources(&mut self, raw: &RawRule) -> Vec<String> {
        let hard = !raw.exclude.is_empty() || raw.reject.is_some();
        let Some(node) = &raw.source else {
            let what =
                if hard { "a hard constraint (`exclude`) needs a `source`" } else { "every rule needs a `source`" };
            self.problem(
                &raw.id.referenced,
                format!("rule \"{}\": {what}: the URL of the public fact it rests on", raw.id.value),
            );
            return Vec::new();
        };
        let items: Vec<&Spanned<Node>> = match &node.value {
            Node::Seq(items) => items.iter().collect(),
            _ => vec![node],
        };
        let mut urls = Vec::new();
        for item in items {
            match &item.value {
                Node::String(url) if urls.contains(url) => {
                    self.problem(&item.referenced, format!("source {url} is listed twice"));
                }
                Node::String(url) if url.starts_with("https://") || url.starts_with("http://") => {
                    urls.push(url.clone())
                }
                other => {
                    self.problem(&item.referenced, format!("a source is a URL starting with https://, not {other}"))
                }
            }
        }
        if urls.is_empty() && !matches!(&node.value, Node::String(_)) {
            self.problem(&node.referenced, "`source` needs at least one URL");
        }
        urls
    }
}

/// Entries of a mapping of ids to whole numbers within `-limit..=limit`; other values are
/// recorded as problems.
fn whole_numbers<'n>(
    file: &Arc<str>,
    node: &'n Spanned<Node>,
    what: &str,
    range: std::ops::RangeInclusive<i64>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(&'n Spanned<String>, i64)> {
    let mut problem = |at: &serde_saphyr::Location, message: String| {
        problems.push(Diagnostic { at: Location::at(file, at.line(), at.column()), message });
    };
    let Node::Map(entries) = &node.value else {
        problem(&node.referenced, format!("`{what}` is a mapping of ids to whole numbers, not {}", node.value.kind()));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in entries {
        match value.value {
            Node::Number(n) if n.fract() == 0.0 && range.contains(&(n as i64)) && n.abs() < 1e9 => {
                out.push((key, n as i64));
            }
            _ => problem(
                &value.referenced,
                format!(
                    "`{what}` of {} must be a whole number from {} to {}, not {}",
                    key.value,
                    range.start(),
                    range.end(),
                    value.value
                ),
            ),
        }
    }
    out
}

/// Lowercase words joined by single hyphens.
fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id
            .split('-')
            .all(|word| !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

/// An enum value's name: a lowercase word that YAML reads back as a string (not a number,
/// boolean or null).
fn is_value_name(word: &str) -> bool {
    is_kebab(&word.replace('_', "-"))
        && word.starts_with(|c: char| c.is_ascii_lowercase())
        && !matches!(word, "true" | "false" | "null")
}

/// A lowercase snake_case key.
fn is_key(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && word.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use crate::testing::{PACK, load};

    /// Loads the test pack with `extra` appended to its rules and returns the first error line.
    #[track_caller]
    fn case(extra: &str, expected: &str) {
        let text = format!("{PACK}{extra}");
        let err = load(&text).expect_err("the pack should be refused");
        let first = err.diagnostics()[0].to_string();
        assert!(first.contains(expected), "expected {expected:?} in {first:?}");
    }

    #[test]
    fn rejects_bad_rules_with_their_position() {
        let rule =
            |body: &str| format!("  - id: extra\n    title: T\n    because: B\n    reviewed: 2026-11-27\n{body}");
        case(
            &rule("    source: https://x.example\n    exclude: [serverles]\n"),
            "unknown platform \"serverles\" (did you mean \"serverless\"?)",
        );
        case(
            &rule("    source: https://x.example\n    exclude: [serverless]\n    when: { team.experiance: none }\n"),
            "unknown fact \"team.experiance\" (did you mean \"team.experience\"?)",
        );
        case(&rule("    exclude: [serverless]\n"), "a hard constraint (`exclude`) needs a `source`");
        case(
            &rule("    source: https://x.example\n    when: { team.experience: expert }\n    adjust: { nodes: 1 }\n"),
            "cannot be \"expert\"; use one of: none, some, lots",
        );
        case(
            &rule(
                "    source: https://x.example\n    when: { team.experience: { gt: 1 } }\n    adjust: { nodes: 1 }\n",
            ),
            "`gt` compares numbers",
        );
        case(
            &rule("    source: https://x.example\n    weight: { simplicty: 1 }\n"),
            "unknown criterion \"simplicty\" (did you mean \"simplicity\"?)",
        );
        case(&rule("    source: not-a-url\n    adjust: { nodes: 1 }\n"), "a source is a URL");
        case(&rule("    source: https://x.example\n"), "has no effect");
        case(
            "  - id: big-tasks\n    title: T\n    because: B\n    source: https://x\n    reviewed: 2026-11-27\n    adjust: { nodes: 1 }\n",
            "duplicate rule id \"big-tasks\"",
        );
    }

    #[test]
    fn rejects_slips_that_would_otherwise_load_silently() {
        let rule = |body: &str| {
            format!(
                "  - id: extra\n    title: T\n    because: B\n    reviewed: 2026-11-27\n    source: https://x.example\n{body}"
            )
        };
        case(&rule("    exclude: [nodes, nodes]\n"), "\"nodes\" is listed twice in `exclude`");
        case(&rule("    when: {}\n    adjust: { nodes: 1 }\n"), "an empty condition always holds");
        case(&rule("    when: { any: [] }\n    adjust: { nodes: 1 }\n"), "`any` needs at least one condition");
        case(
            &rule("    when: { team.experience: [] }\n    adjust: { nodes: 1 }\n"),
            "an empty list of values never matches",
        );
        case(
            &rule("    when: { requirements.vcpu: { gt: 1000 } }\n    adjust: { nodes: 1 }\n"),
            "the bound 1000 is outside the range of requirements.vcpu",
        );
        case(&rule("    adjust: { nodes: 1.5 }\n"), "`adjust` of nodes must be a whole number from -100 to 100");
        let err =
            load(&PACK.replace("reviewed: 2026-11-27\n  - id: big-tasks", "reviewed: 2026-02-30\n  - id: big-tasks"))
                .expect_err("no 30 February");
        assert!(err.to_string().contains("`reviewed` must be a date"), "{err}");
    }

    #[test]
    fn rejects_bad_definitions_of_platforms_criteria_and_facts() {
        let refuse = |text: String, expected: &str| {
            let err = load(&text).expect_err("refused");
            assert!(err.to_string().contains(expected), "expected {expected:?} in {err}");
        };
        refuse(
            PACK.replace(
                "  - { id: control, name: Control, weight: 1 }",
                "  - { id: control, name: Control, weight: 1 }\n  - { id: control, weight: 9 }",
            ),
            "criterion \"control\" is already defined at pack.yaml:",
        );
        refuse(
            PACK.replace(
                "  - { id: onprem,",
                "  - { id: nodes, ratings: { simplicity: 1, control: 1 } }\n  - { id: onprem,",
            ),
            "platform \"nodes\" is already defined at pack.yaml:",
        );
        refuse(
            PACK.replace("ratings: { simplicity: 5, control: 1 }", "ratings: { simplicity: 7, control: 1 }"),
            "`ratings` of simplicity must be a whole number from 0 to 5",
        );
        refuse(
            PACK.replace("weight: 2 }", "weight: 0 }").replace("weight: 1 }", "weight: 0 }"),
            "every criterion has weight 0",
        );
        refuse(
            PACK.replace("values: { none: No experience,", "values: { 1: One, none: No experience,"),
            "value \"1\" of team.experience must be a lowercase word",
        );
        refuse(
            PACK.replace("    min: 0.25\n    max: 448", "    min: 448\n    max: 0.25"),
            "`max` 0.25 is below `min` 448",
        );
    }

    #[test]
    fn problems_carry_file_line_and_column() {
        let text = format!(
            "{PACK}  - id: extra\n    title: T\n    because: B\n    reviewed: 2026-11-27\n    source: https://x\n    exclude: [nope]\n"
        );
        let err = load(&text).expect_err("unknown platform");
        let at = &err.diagnostics()[0].at;
        let line = text.lines().position(|l| l.contains("exclude: [nope]")).expect("present") as u64 + 1;
        assert_eq!((&*at.file, at.line, at.column), ("pack.yaml", line, 15));
    }

    #[test]
    fn reports_every_problem_at_once() {
        let text =
            format!("{PACK}  - id: a\n    title: T\n    exclude: [x1]\n  - id: b\n    title: T\n    exclude: [x2]\n");
        let err = load(&text).expect_err("two bad rules");
        assert!(err.diagnostics().len() >= 4, "{err}");
    }

    #[test]
    fn rejects_unknown_keys_in_a_pack() {
        let err = load(&PACK.replace("    because: No GPUs there.", "    becuase: No GPUs there.")).expect_err("typo");
        assert!(err.to_string().contains("becuase"), "{err}");
    }

    #[test]
    fn disabling_a_rule_needs_an_earlier_pack() {
        let err = load(&format!("{PACK}disable: [big-tasks]\n")).expect_err("same pack");
        assert!(err.to_string().contains("cannot disable unknown rule \"big-tasks\""), "{err}");
    }

    #[test]
    fn a_pack_on_top_adds_facts_rules_and_disables_defaults() {
        use crate::pack::Pack;
        use crate::yaml::Source;
        let base = Pack::parse(vec![Source::new("base.yaml", PACK)]).expect("valid");
        let overlay = Pack::parse(vec![Source::new(
            "org.yaml",
            "disable: [cloud-only]\nfacts:\n  - { id: org.govcloud, type: bool, default: false, prompt: GovCloud? }\nrules:\n  - id: org-govcloud\n    title: T\n    when: { org.govcloud: true }\n    exclude: [nodes]\n    because: B\n    source: https://x.example\n    reviewed: 2026-11-27\n",
        )])
        .expect("valid");
        let rules = super::RuleSet::load(&[base, overlay]).expect("valid overlay");
        assert!(rules.rule("cloud-only").is_none());
        assert!(rules.rule("org-govcloud").is_some());
        assert!(rules.catalog.lookup("org.govcloud").is_some());
    }

    #[test]
    fn a_criterion_added_on_top_is_reported_where_it_is_added() {
        use crate::pack::Pack;
        use crate::yaml::Source;
        let base = Pack::parse(vec![Source::new("base.yaml", PACK)]).expect("valid");
        let overlay = Pack::parse(vec![Source::new("org.yaml", "criteria:\n  - { id: compliance, weight: 2 }\n")])
            .expect("valid");
        let err = super::RuleSet::load(&[base, overlay]).expect_err("unrated");
        let first = err.diagnostics()[0].to_string();
        assert!(first.starts_with("org.yaml:2:11: criterion \"compliance\" is new in this pack"), "{first}");
        assert!(first.contains("for nodes, onprem, serverless"), "{first}");
    }

    #[test]
    fn rules_apply_between_their_since_and_until_dates() {
        let rules = crate::embedded::default_rules();
        let d = |text: &str| crate::date::Date::parse(text).expect("a date");
        // Fargate Spot took ARM tasks from 2024-09-06: the old exclusion is a rule of the past.
        assert!(rules.rule("fargate-spot-x86-linux-only").is_none(), "not in force today");
        assert!(rules.as_of(d("2024-09-05")).rule("fargate-spot-x86-linux-only").is_some());
        assert!(rules.as_of(d("2024-09-06")).rule("fargate-spot-x86-linux-only").is_none());
        // EBS volumes on ECS Fargate tasks came on 2024-01-11: the soft rule starts then.
        assert!(rules.as_of(d("2024-01-10")).rule("ecs-fargate-scratch-beyond-200gib-needs-ebs").is_none());
        assert!(rules.as_of(d("2024-01-11")).rule("ecs-fargate-scratch-beyond-200gib-needs-ebs").is_some());
        let dated = rules.as_of(d("2020-01-01"));
        let ids: Vec<&str> = dated.rules.iter().map(|r| r.id.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted, "a dated rule set keeps rules in id order");
    }

    #[test]
    fn every_platform_needs_every_rating() {
        let err =
            load(&PACK.replace("{ simplicity: 1, control: 4 }", "{ simplicity: 1 }")).expect_err("missing rating");
        assert!(err.to_string().contains("platform \"onprem\" has no rating for control"), "{err}");
    }
}
