//! `shipwise rules test`: a pack's own test cases (`tests/*.yaml` in the pack's folder), run
//! against the rules in force, and the coverage they give: the pack's rules that no case fires,
//! and the answer values of its facts that never change any case's outcome.
//!
//! A case file, as written:
//!
//! ```yaml
//! cases:
//!   - name: GPU training rules out both Fargate platforms
//!     workload: { requirements: { gpu: true } }
//!     expect:
//!       top: eks-ec2                      # or a list: any one of them
//!       excluded: [ecs-fargate, eks-fargate]
//!       not_excluded: [eks-ec2]
//!       order: [eks-ec2, ecs-ec2]         # each viable, each above the next
//!       fires: [fargate-no-gpu]
//!       not_fires: [fargate-spot]
//!       notes: [note-ecr-registry]        # rules whose note is shown
//!   - name: Windows containers cannot run on ARM
//!     workload: { workload: { os: windows, cpu_architecture: arm } }
//!     expect:
//!       rejected: windows-containers-not-on-arm   # the answers cannot all be true
//! ```

use std::collections::HashSet;
use std::sync::Arc;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::catalog::FactKind;
use crate::engine::evaluate;
use crate::error::{Diagnostic, Error, Location};
use crate::evaluation::Evaluation;
use crate::ruleset::{PlatformId, RuleId, RuleSet};
use crate::sensitivity::candidate_values;
use crate::workload::{Contradiction, Workload};
use crate::yaml::{Node, Shape, Source};

/// The keys of a case file, for reporting every unknown one at once.
pub const CASES_SHAPE: Shape = Shape::Map("a case file", &[("cases", Shape::List(&CASE_SHAPE))]);
const CASE_SHAPE: Shape =
    Shape::Map("a case", &[("name", Shape::Any), ("workload", Shape::Any), ("expect", EXPECT_SHAPE)]);
const EXPECT_SHAPE: Shape = Shape::Map(
    "`expect`",
    &[
        ("top", Shape::Any),
        ("excluded", Shape::Any),
        ("not_excluded", Shape::Any),
        ("order", Shape::Any),
        ("fires", Shape::Any),
        ("not_fires", Shape::Any),
        ("notes", Shape::Any),
        ("rejected", Shape::Any),
    ],
);

/// A test-case file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    cases: Vec<RawCase>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    name: Spanned<String>,
    workload: Spanned<Node>,
    expect: Spanned<RawExpect>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpect {
    top: Option<Spanned<Node>>,
    #[serde(default)]
    excluded: Vec<Spanned<String>>,
    #[serde(default)]
    not_excluded: Vec<Spanned<String>>,
    #[serde(default)]
    order: Vec<Spanned<String>>,
    #[serde(default)]
    fires: Vec<Spanned<String>>,
    #[serde(default)]
    not_fires: Vec<Spanned<String>>,
    #[serde(default)]
    notes: Vec<Spanned<String>>,
    rejected: Option<Spanned<String>>,
}

/// What a case expects of its evaluation.
#[derive(Clone, Debug, PartialEq)]
pub enum Expectation {
    /// The first platform is one of these.
    Top(Vec<PlatformId>),
    /// The platform is ruled out.
    Excluded(PlatformId),
    /// The platform is viable.
    NotExcluded(PlatformId),
    /// These platforms are viable and rank in this order.
    Order(Vec<PlatformId>),
    /// The rule's condition holds.
    Fires(RuleId),
    /// The rule's condition does not hold.
    NotFires(RuleId),
    /// The rule's note is shown.
    Note(RuleId),
    /// The workload's answers cannot all be true, and this `reject` (or `imply`) rule says so.
    Rejected(RuleId),
}

/// A test case, resolved against the rules in force.
#[derive(Clone, Debug)]
pub struct Case {
    /// Its name.
    pub name: String,
    /// Where it is written (its `name`).
    pub at: Location,
    /// The workload.
    pub workload: Workload,
    /// The rule that found its answers cannot all be true, if one did.
    pub rejection: Option<Contradiction>,
    /// What it expects, each with where it is written.
    pub expect: Vec<(Expectation, Location)>,
}

/// Reads case files; every problem in every file is reported at once.
pub fn read(sources: &[Source], rules: &RuleSet) -> Result<Vec<Case>, Error> {
    let mut cases = Vec::new();
    let mut problems = Vec::new();
    for source in sources {
        let file: CaseFile = match source.parse_shaped(&CASES_SHAPE) {
            Ok(file) => file,
            Err(err) => {
                problems.extend(err.diagnostics().iter().cloned());
                continue;
            }
        };
        if file.cases.is_empty() {
            problems.push(Diagnostic {
                at: Location::file(&source.name),
                message: "`cases` is empty; add a case or delete the file".into(),
            });
        }
        let mut reader = Reader { source, rules, problems: &mut problems };
        for raw in &file.cases {
            if let Some(case) = reader.case(raw, &cases) {
                cases.push(case);
            }
        }
    }
    if problems.is_empty() { Ok(cases) } else { Err(Error::invalid(problems)) }
}

struct Reader<'a> {
    source: &'a Source,
    rules: &'a RuleSet,
    problems: &'a mut Vec<Diagnostic>,
}

impl Reader<'_> {
    fn problem(&mut self, at: &serde_saphyr::Location, message: impl Into<String>) {
        self.problems.push(Diagnostic { at: self.source.locate(at), message: message.into() });
    }

    fn case(&mut self, raw: &RawCase, earlier: &[Case]) -> Option<Case> {
        let before = self.problems.len();
        let at = self.source.locate(&raw.name.referenced);
        if raw.name.value.trim().is_empty() {
            self.problem(&raw.name.referenced, "a case needs a `name` saying what it shows");
        }
        if let Some(first) = earlier.iter().find(|c| c.name == raw.name.value && c.at.file == at.file) {
            self.problem(
                &raw.name.referenced,
                format!(
                    "case \"{}\" is already defined at {}; give each case its own name",
                    crate::escape::excerpt(&raw.name.value),
                    first.at
                ),
            );
        }
        let workload = match Workload::from_node_unsettled(self.source, &raw.workload, self.rules) {
            Ok(workload) => Some(workload),
            Err(err) => {
                self.problems.extend(err.diagnostics().iter().cloned());
                None
            }
        };
        let expect = self.expectations(&raw.expect);
        if expect.is_empty() && self.problems.len() == before {
            self.problem(
                &raw.expect.referenced,
                "`expect` is empty; expect at least one of top, excluded, not_excluded, order, fires, not_fires, notes, rejected",
            );
        }
        let rejects = expect.iter().any(|(e, _)| matches!(e, Expectation::Rejected(_)));
        if rejects && expect.len() > 1 {
            self.problem(
                &raw.expect.referenced,
                "a case that expects `rejected` expects nothing else: a rejected workload is never evaluated",
            );
        }
        let (workload, rejection) = workload?;
        (self.problems.len() == before).then(|| Case { name: raw.name.value.clone(), at, workload, rejection, expect })
    }

    fn platform(&mut self, id: &Spanned<String>) -> Option<PlatformId> {
        match self.rules.resolve_platform(&id.value) {
            Ok(found) => Some(found),
            Err(message) => {
                self.problem(&id.referenced, message);
                None
            }
        }
    }

    fn rule(&mut self, id: &Spanned<String>) -> Option<RuleId> {
        let found = self.rules.rule(&id.value);
        if found.is_none() {
            self.problem(&id.referenced, self.rules.missing_rule(&id.value));
        }
        found
    }

    fn expectations(&mut self, raw: &Spanned<RawExpect>) -> Vec<(Expectation, Location)> {
        let mut out = Vec::new();
        let raw_expect = &raw.value;
        if let Some(top) = &raw_expect.top {
            let ids: Vec<Spanned<String>> = match &top.value {
                Node::String(id) => vec![Spanned::new(id.clone(), top.referenced, top.defined)],
                Node::Seq(items) if !items.is_empty() => items
                    .iter()
                    .filter_map(|item| match &item.value {
                        Node::String(id) => Some(Spanned::new(id.clone(), item.referenced, item.defined)),
                        other => {
                            self.problem(&item.referenced, format!("`top` lists platform ids, not {}", other.kind()));
                            None
                        }
                    })
                    .collect(),
                _ => {
                    self.problem(&top.referenced, "`top` is a platform id, or a list of ids of which any may be first");
                    Vec::new()
                }
            };
            let platforms: Vec<PlatformId> = ids.iter().filter_map(|id| self.platform(id)).collect();
            if platforms.len() == ids.len() && !ids.is_empty() {
                out.push((Expectation::Top(platforms), self.source.locate(&top.referenced)));
            }
        }
        for (list, make) in [
            (&raw_expect.excluded, Expectation::Excluded as fn(PlatformId) -> Expectation),
            (&raw_expect.not_excluded, Expectation::NotExcluded),
        ] {
            for id in list {
                if let Some(platform) = self.platform(id) {
                    out.push((make(platform), self.source.locate(&id.referenced)));
                }
            }
        }
        if !raw_expect.order.is_empty() {
            let first = &raw_expect.order[0];
            if raw_expect.order.len() < 2 {
                self.problem(&first.referenced, "`order` lists at least two platforms, best first");
            }
            let platforms: Vec<PlatformId> = raw_expect.order.iter().filter_map(|id| self.platform(id)).collect();
            if platforms.len() == raw_expect.order.len() && platforms.len() >= 2 {
                out.push((Expectation::Order(platforms), self.source.locate(&first.referenced)));
            }
        }
        if let Some(id) = &raw_expect.rejected
            && let Some(rule) = self.rule(id)
        {
            if self.rules.rule_of(rule).reads_answers() {
                out.push((Expectation::Rejected(rule), self.source.locate(&id.referenced)));
            } else {
                self.problem(
                    &id.referenced,
                    format!("rule \"{}\" has no `reject` or `imply`, so it never rejects a workload", id.value),
                );
            }
        }
        for (list, make) in [
            (&raw_expect.fires, Expectation::Fires as fn(RuleId) -> Expectation),
            (&raw_expect.not_fires, Expectation::NotFires),
            (&raw_expect.notes, Expectation::Note),
        ] {
            for id in list {
                if let Some(rule) = self.rule(id) {
                    out.push((make(rule), self.source.locate(&id.referenced)));
                }
            }
        }
        out
    }
}

/// How one case went.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CaseOutcome {
    /// The case's name.
    pub name: String,
    /// Where it is written.
    #[serde(serialize_with = "crate::error::location_text")]
    pub at: Location,
    /// The first platform, if any is viable.
    pub top: Option<String>,
    /// Each expectation that did not hold, in plain words, with where it is written.
    pub failures: Vec<Failure>,
}

/// An expectation that did not hold.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Failure {
    /// Where the expectation is written.
    #[serde(serialize_with = "crate::error::location_text")]
    pub at: Location,
    /// What was expected and what happened.
    pub message: String,
}

impl CaseOutcome {
    /// True when every expectation held.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Runs every case.
pub fn run(rules: &RuleSet, cases: &[Case]) -> Vec<CaseOutcome> {
    cases.iter().map(|case| run_case(rules, case)).collect()
}

fn run_case(rules: &RuleSet, case: &Case) -> CaseOutcome {
    if let Some(found) = case.rejection {
        return rejected_case(rules, case, found);
    }
    let evaluation = evaluate(rules, &case.workload);
    let id = |p: PlatformId| rules.platform_of(p).id.as_str();
    let place = |p: PlatformId| -> String {
        match evaluation.ranking.iter().position(|r| r.platform == p) {
            Some(i) => format!("{} is #{} with {:.1}", id(p), i + 1, evaluation.ranking[i].score),
            None => format!("{} is ruled out by {}", id(p), excluders(rules, &evaluation, p)),
        }
    };
    let mut failures = Vec::new();
    for (expectation, at) in &case.expect {
        let failure = match expectation {
            Expectation::Top(any) => match evaluation.first() {
                Some(first) if any.contains(&first.platform) => None,
                winner => {
                    let wanted: Vec<&str> = any.iter().map(|p| id(*p)).collect();
                    let got = winner
                        .map_or("no viable platform".to_string(), |w| format!("{} ({:.1})", id(w.platform), w.score));
                    let places: Vec<String> = any.iter().map(|p| place(*p)).collect();
                    Some(format!("expected {} first, got {got}; {}", wanted.join(" or "), places.join("; ")))
                }
            },
            Expectation::Excluded(p) => (evaluation.exclusion(*p).is_none())
                .then(|| format!("expected {} to be ruled out, but {}", id(*p), place(*p))),
            Expectation::NotExcluded(p) => (evaluation.exclusion(*p).is_some()).then(|| {
                format!(
                    "expected {} to be viable, but it is ruled out by {}",
                    id(*p),
                    excluders(rules, &evaluation, *p)
                )
            }),
            Expectation::Order(chain) => {
                let positions: Vec<Option<usize>> =
                    chain.iter().map(|p| evaluation.ranking.iter().position(|r| r.platform == *p)).collect();
                let in_order = positions.windows(2).all(|w| matches!(w, [Some(a), Some(b)] if a < b));
                (!in_order).then(|| {
                    let wanted: Vec<&str> = chain.iter().map(|p| id(*p)).collect();
                    let places: Vec<String> = chain.iter().map(|p| place(*p)).collect();
                    format!("expected the order {}, but {}", wanted.join(" > "), places.join("; "))
                })
            }
            Expectation::Fires(r) => (!evaluation.fired[r.0])
                .then(|| format!("expected rule {} to fire, but its condition does not hold", rules.rule_of(*r).id)),
            Expectation::NotFires(r) => (evaluation.fired[r.0])
                .then(|| format!("expected rule {} not to fire, but its condition holds", rules.rule_of(*r).id)),
            Expectation::Rejected(r) => Some(format!(
                "expected rule {} to reject the workload, but its answers were accepted",
                rules.rule_of(*r).id
            )),
            Expectation::Note(r) => (!evaluation.notes.contains(r)).then(|| {
                let why = if rules.rule_of(*r).note.is_none() {
                    "it has no note"
                } else if evaluation.fired[r.0] {
                    "it fired, yet none of the platforms its `about` names is viable"
                } else {
                    "its condition does not hold"
                };
                format!("expected the note of rule {}, but {why}", rules.rule_of(*r).id)
            }),
        };
        if let Some(message) = failure {
            failures.push(Failure { at: at.clone(), message });
        }
    }
    failures.sort_by(|a, b| a.at.cmp(&b.at));
    CaseOutcome {
        name: case.name.clone(),
        at: case.at.clone(),
        top: evaluation.first().map(|w| id(w.platform).to_string()),
        failures,
    }
}

/// A case whose answers cannot all be true: it passes only when it expects that very rejection.
fn rejected_case(rules: &RuleSet, case: &Case, found: Contradiction) -> CaseOutcome {
    let expected = case.expect.iter().find_map(|(e, at)| match e {
        Expectation::Rejected(r) => Some((*r, at)),
        _ => None,
    });
    let message = found.message(rules, &case.workload);
    let failures = match expected {
        Some((rule, _)) if rule == found.rule => Vec::new(),
        Some((rule, at)) => vec![Failure {
            at: at.clone(),
            message: format!("expected rule {} to reject the workload, but {message}", rules.rule_of(rule).id),
        }],
        None => vec![Failure { at: case.at.clone(), message: format!("the workload is rejected: {message}") }],
    };
    CaseOutcome { name: case.name.clone(), at: case.at.clone(), top: None, failures }
}

fn excluders(rules: &RuleSet, evaluation: &Evaluation, platform: PlatformId) -> String {
    evaluation.exclusion(platform).map_or_else(String::new, |e| {
        e.rules.iter().map(|r| rules.rule_of(*r).id.as_str()).collect::<Vec<_>>().join(", ")
    })
}

/// Which of a pack's rules and answer values the cases exercise.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Coverage {
    /// The pack's rules.
    pub rules: usize,
    /// Those that no case fires, with where they are defined.
    pub unfired: Vec<(String, String)>,
    /// The pack's answer values (each value of an enum or bool fact; a number fact counts once).
    pub values: usize,
    /// Those that change no case's outcome, as `fact: value`.
    pub unchanging: Vec<String>,
}

impl Coverage {
    /// Percentage of the pack's rules that some case fires (100 when it has none).
    pub fn rule_percent(&self) -> f64 {
        percent(self.rules - self.unfired.len(), self.rules)
    }

    /// Percentage of the pack's answer values that change some case's outcome (100 when none).
    pub fn value_percent(&self) -> f64 {
        percent(self.values - self.unchanging.len(), self.values)
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 { 100.0 } else { 100.0 * part as f64 / whole as f64 }
}

/// What a reader of a result would notice changing: the order of the viable platforms, which are
/// ruled out, and the notes.
#[derive(PartialEq)]
struct Seen {
    ranking: Vec<PlatformId>,
    excluded: Vec<PlatformId>,
    notes: Vec<RuleId>,
}

impl Seen {
    fn of(evaluation: Evaluation) -> Self {
        Seen {
            ranking: evaluation.ranking.iter().map(|r| r.platform).collect(),
            excluded: evaluation.excluded.iter().map(|e| e.platform).collect(),
            notes: evaluation.notes,
        }
    }
}

/// Coverage of the rules and facts defined in `files` (the pack under test) by `cases`.
/// An answer value counts as covered when, in some case, giving that answer instead of the case's
/// own changes what a reader sees (the order, the exclusions or the notes); the case's own answer
/// is then covered too.
pub fn coverage(rules: &RuleSet, cases: &[Case], files: &HashSet<Arc<str>>) -> Coverage {
    let mine = |at: &Location| files.contains(&at.file);
    // Each case is evaluated once as written: which rules fire, and what a reader sees.
    let mut fired = vec![false; rules.rules.len()];
    let mut as_written = Vec::with_capacity(cases.len());
    for case in cases {
        if let Some(rejection) = case.rejection {
            fired[rejection.rule.0] = true;
        }
        let evaluation = evaluate(rules, &case.workload);
        for (i, did) in evaluation.fired.iter().enumerate() {
            fired[i] |= did;
        }
        as_written.push(Seen::of(evaluation));
    }
    let unfired = rules
        .rules
        .iter()
        .zip(&fired)
        .filter(|(rule, did)| mine(&rule.defined_at) && !**did)
        .map(|(rule, _)| (rule.id.clone(), rule.defined_at.to_string()))
        .collect();
    let candidates = candidate_values(rules);
    let mut values = 0;
    let mut unchanging = Vec::new();
    for (fact_id, fact) in rules.catalog.iter().filter(|(_, f)| mine(&f.defined_at)) {
        let options = &candidates[fact_id.0];
        let mut changes = vec![false; options.len()];
        for (case, before) in cases.iter().zip(&as_written).filter(|(case, _)| case.rejection.is_none()) {
            let own = options.iter().position(|v| *v == case.workload.value(fact_id));
            for (i, value) in options.iter().enumerate() {
                // Nothing to learn from the case's own answer, or from a pair already known to differ.
                if Some(i) == own || (changes[i] && own.is_none_or(|o| changes[o])) {
                    continue;
                }
                let mut changed = case.workload.clone();
                changed.set(fact_id, *value);
                if Seen::of(evaluate(rules, &changed)) != *before {
                    changes[i] = true;
                    if let Some(o) = own {
                        changes[o] = true;
                    }
                }
            }
        }
        if matches!(fact.kind, FactKind::Number { .. }) {
            values += 1;
            if !changes.iter().any(|c| *c) {
                unchanging.push(format!("{}: any number", fact.id));
            }
        } else {
            values += options.len();
            for (value, changed) in options.iter().zip(&changes) {
                if !changed {
                    unchanging.push(format!("{}: {}", fact.id, fact.show(*value)));
                }
            }
        }
    }
    Coverage { rules: rules.rules.iter().filter(|r| mine(&r.defined_at)).count(), unfired, values, unchanging }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::rules;

    fn outcomes(text: &str) -> Result<Vec<CaseOutcome>, Error> {
        let rules = rules();
        let cases = read(&[Source::new("tests/t.yaml", text)], &rules)?;
        Ok(run(&rules, &cases))
    }

    #[test]
    fn passing_and_failing_expectations_say_what_happened() {
        let results = outcomes(
            r#"cases:
  - name: GPUs rule serverless out
    workload: { requirements: { gpu: true } }
    expect:
      top: nodes
      excluded: [serverless, onprem]
      fires: [no-gpu-serverless]
      not_fires: [big-tasks]
  - name: wrong on purpose
    workload: { team: { experience: lots } }
    expect:
      top: [serverless, onprem]
      not_excluded: [onprem]
      order: [serverless, nodes]
      notes: [novice-note]
"#,
        )
        .expect("valid cases");
        assert!(results[0].passed(), "{:?}", results[0].failures);
        let messages: Vec<String> = results[1].failures.iter().map(|f| format!("{}: {}", f.at, f.message)).collect();
        assert_eq!(messages.len(), 4, "{messages:#?}");
        assert!(
            messages[0].starts_with("tests/t.yaml:12:12: expected serverless or onprem first, got nodes"),
            "{}",
            messages[0]
        );
        assert!(
            messages[1].contains("expected onprem to be viable, but it is ruled out by cloud-only"),
            "{}",
            messages[1]
        );
        assert!(messages[2].contains("expected the order serverless > nodes, but serverless is #2"), "{}", messages[2]);
        assert!(
            messages[3].contains("expected the note of rule novice-note, but its condition does not hold"),
            "{}",
            messages[3]
        );
    }

    #[test]
    fn the_shapes_name_every_field_of_a_case_file() {
        crate::yaml::assert_shape_matches::<CaseFile>(&CASES_SHAPE);
        crate::yaml::assert_shape_matches::<RawCase>(&CASE_SHAPE);
        crate::yaml::assert_shape_matches::<RawExpect>(&EXPECT_SHAPE);
    }

    #[test]
    fn bad_cases_are_reported_together_with_their_place() {
        let err = outcomes(
            "cases:\n  - name: a\n    workload: { requirements: { gpus: true } }\n    expect: { top: node, fires: [no-gpu] }\n",
        )
        .expect_err("bad case");
        let text = err.to_string();
        assert!(text.contains("tests/t.yaml:3:33: unknown fact \"gpus\""), "{text}");
        assert!(text.contains("tests/t.yaml:4:20: unknown platform \"node\" (did you mean \"nodes\"?)"), "{text}");
        assert!(text.contains("tests/t.yaml:4:34: unknown rule \"no-gpu\""), "{text}");
    }

    #[test]
    fn coverage_names_unfired_rules_and_answers_that_change_nothing() {
        let rules = rules();
        let cases = read(
            &[Source::new(
                "t.yaml",
                "cases:\n  - name: gpu\n    workload: { requirements: { gpu: true } }\n    expect: { top: nodes }\n",
            )],
            &rules,
        )
        .expect("valid");
        let files: HashSet<Arc<str>> = [Arc::from("pack.yaml")].into_iter().collect();
        let coverage = coverage(&rules, &cases, &files);
        assert_eq!(coverage.rules, 5);
        let unfired: Vec<&str> = coverage.unfired.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(unfired, ["big-tasks", "experienced-team"]);
        // gpu true/false change the exclusions; every value of the other facts changes something too,
        // except vcpu (serverless is already ruled out by the GPU) and nothing else.
        assert!(
            coverage.unchanging.contains(&"requirements.vcpu: any number".to_string()),
            "{:?}",
            coverage.unchanging
        );
        assert!(!coverage.unchanging.iter().any(|v| v.starts_with("requirements.gpu")), "{:?}", coverage.unchanging);
    }
}
