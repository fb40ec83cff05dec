//! `shipwise rules calibrate`: the rules in force measured against real, published platform
//! decisions. Each case states what its source says of a workload, when the decision was made and
//! which platform was chosen; it is evaluated with the rules as they stood on that date (platforms
//! not yet available are left out), and the report says how often shipwise agrees, where it does
//! not and why, and how much a corpus of this size can tell (a baseline and bootstrap intervals).
//! Cases fall into a tune half and a check half by a hash of their first source URL, so that a
//! pack tuned on one half can be judged on the other.
//!
//! A case, as written:
//!
//! ```yaml
//! id: gds-govuk-forms-ecs-fargate-2022
//! organisation: UK Government Digital Service (GOV.UK Forms)
//! sources: [https://github.com/alphagov/forms/blob/.../ADR009-replatforming-to-ECS.md]
//! decided: 2022-11                  # YYYY, YYYY-MM or YYYY-MM-DD
//! chosen: ecs-fargate
//! runner_up: eks-ec2                # optional
//! confidence: high                  # high | medium | low
//! reasons: The team wanted ... (a paraphrase)
//! workload: { team: { kubernetes_experience: none } }   # only what the source states
//! inferred: [team.kubernetes_experience]                # facts read from context
//! notes: What the fact catalog cannot express.          # optional
//! ```

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::date::Date;
use crate::engine::{GapItem, evaluate, gap};
use crate::error::{Diagnostic, Error, Location};
use crate::evaluation::Evaluation;
use crate::ruleset::{PlatformId, RuleSet};
use crate::workload::Workload;
use crate::yaml::{Node, Shape, Source};

/// The keys of a case file, for reporting every unknown one at once.
pub const CASE_SHAPE: Shape = Shape::Map(
    "a calibration case",
    &[
        ("id", Shape::Any),
        ("organisation", Shape::Any),
        ("sources", Shape::Any),
        ("decided", Shape::Any),
        ("chosen", Shape::Any),
        ("runner_up", Shape::Any),
        ("confidence", Shape::Any),
        ("reasons", Shape::Any),
        ("workload", Shape::Any),
        ("inferred", Shape::Any),
        ("notes", Shape::Any),
    ],
);

/// How much of a case its source states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// The source states the choice and the facts.
    High,
    /// Some facts read from context.
    Medium,
    /// Thin.
    Low,
}

/// Which half of the corpus a case belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Half {
    /// Cases a pack change may be tuned on.
    Tune,
    /// Cases kept aside to judge the change.
    Check,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    id: Spanned<String>,
    organisation: String,
    sources: Spanned<Vec<String>>,
    decided: Spanned<Node>,
    chosen: Spanned<String>,
    runner_up: Option<Spanned<String>>,
    confidence: Confidence,
    #[allow(dead_code, reason = "read so that a case must give it; reports do not print it")]
    reasons: String,
    workload: Spanned<Node>,
    #[serde(default)]
    inferred: Vec<Spanned<String>>,
    #[allow(dead_code, reason = "free text for readers of the corpus")]
    notes: Option<String>,
}

/// A calibration case, resolved against the rules in force.
#[derive(Clone, Debug)]
pub struct Case {
    /// Its id.
    pub id: String,
    /// Who decided.
    pub organisation: String,
    /// Public sources; the first states the choice.
    pub sources: Vec<String>,
    /// When, as `YYYY-MM-DD` (the middle of the month or year, when the source gives no day).
    pub decided: Date,
    /// The platform chosen.
    pub chosen: PlatformId,
    /// The alternative the source says was weighed.
    pub runner_up: Option<PlatformId>,
    /// How much the source states.
    pub confidence: Confidence,
    /// The facts the source states.
    pub workload: Workload,
    /// Its half of the corpus.
    pub half: Half,
    /// Where it is written.
    pub at: Location,
}

/// Reads case files; every problem in every file is reported at once.
pub fn read(sources: &[Source], rules: &RuleSet) -> Result<Vec<Case>, Error> {
    let mut cases: Vec<Case> = Vec::new();
    let mut problems = Vec::new();
    for source in sources {
        let raw: RawCase = match source.parse_shaped(&CASE_SHAPE) {
            Ok(raw) => raw,
            Err(err) => {
                problems.extend(err.diagnostics().iter().cloned());
                continue;
            }
        };
        let before = problems.len();
        let mut problem = |at: &serde_saphyr::Location, message: String| {
            problems.push(Diagnostic { at: source.locate(at), message });
        };
        let kebab = !raw.id.value.is_empty()
            && raw
                .id
                .value
                .split('-')
                .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
        if !kebab {
            problem(
                &raw.id.referenced,
                format!(
                    "case id \"{}\" must be kebab-case (lowercase words joined by -)",
                    crate::escape::excerpt(&raw.id.value)
                ),
            );
        }
        if let Some(first) = cases.iter().find(|c| c.id == raw.id.value) {
            problem(&raw.id.referenced, format!("case id \"{}\" is already used at {}", raw.id.value, first.at));
        }
        let is_url = |s: &String| s.starts_with("https://") || s.starts_with("http://");
        if raw.sources.value.is_empty() || !raw.sources.value.iter().all(is_url) {
            problem(&raw.sources.referenced, "`sources` lists the URLs of the public sources".into());
        }
        let decided = match &raw.decided.value {
            Node::String(text) => decision_date(text),
            Node::Number(year) if year.fract() == 0.0 => decision_date(&format!("{year}")),
            _ => None,
        };
        if decided.is_none() {
            problem(&raw.decided.referenced, "`decided` is a date written YYYY-MM-DD, YYYY-MM or YYYY".into());
        }
        let mut platform = |id: &Spanned<String>| match rules.resolve_platform(&id.value) {
            Ok(found) => Some(found),
            Err(message) => {
                problem(&id.referenced, message);
                None
            }
        };
        let chosen = platform(&raw.chosen);
        let runner_up = raw.runner_up.as_ref().and_then(&mut platform);
        for fact in &raw.inferred {
            if rules.catalog.lookup(&fact.value).is_none() {
                problem(&fact.referenced, format!("`inferred` names unknown fact \"{}\"", fact.value));
            }
        }
        let workload = match Workload::from_node(source, &raw.workload, rules) {
            Ok(workload) => Some(workload),
            Err(err) => {
                problems.extend(err.diagnostics().iter().cloned());
                None
            }
        };
        if problems.len() > before {
            continue;
        }
        let (Some(decided), Some(chosen), Some(workload)) = (decided, chosen, workload) else { continue };
        cases.push(Case {
            id: raw.id.value.clone(),
            organisation: raw.organisation,
            half: half_of(&raw.sources.value[0]),
            sources: raw.sources.value,
            decided,
            chosen,
            runner_up,
            confidence: raw.confidence,
            workload,
            at: source.locate(&raw.id.referenced),
        });
    }
    if problems.is_empty() { Ok(cases) } else { Err(Error::Invalid(problems)) }
}

/// A decision date: a source that gives only a year or a month is read as of the middle of it
/// (1 July, the 15th), the least biased guess: the start would deny a team what came out during
/// its year, the end would offer what came out after it decided.
pub fn decision_date(text: &str) -> Option<Date> {
    Date::parse_middle(text)
}

/// The half a case falls in: FNV-1a of its first source URL, even for tune, odd for check. It
/// depends on nothing but the URL, so adding cases never moves another between halves.
pub fn half_of(url: &str) -> Half {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in url.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    if hash.is_multiple_of(2) { Half::Tune } else { Half::Check }
}

/// How one case came out.
#[derive(Clone, Debug)]
pub struct CaseResult {
    /// The case.
    pub case: usize,
    /// The platforms in rank order, with their scores, as the rules stood on the decision date.
    pub ranking: Vec<(PlatformId, f64)>,
    /// Rules that rule the chosen platform out (a hard-fact violation: the rule or the case is wrong).
    pub violated_by: Vec<crate::ruleset::RuleId>,
    /// Whether the chosen platform did not exist yet on the decision date (the case is wrong).
    pub chosen_unavailable: bool,
    /// What puts the first ahead of the chosen platform, largest first (a miss only).
    pub gap: Vec<GapItem>,
}

impl CaseResult {
    /// The chosen platform's rank (1 for first), if it is viable.
    pub fn rank(&self, chosen: PlatformId) -> Option<usize> {
        self.ranking.iter().position(|(p, _)| *p == chosen).map(|i| i + 1)
    }
}

/// Evaluates every case with the rules as of its decision date.
pub fn run(rules: &RuleSet, cases: &[Case]) -> Vec<CaseResult> {
    cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let dated = rules.as_of(case.decided);
            let evaluation: Evaluation = evaluate(&dated, &case.workload);
            let ranking: Vec<(PlatformId, f64)> = evaluation.ranking.iter().map(|r| (r.platform, r.score)).collect();
            let violated_by = evaluation.exclusion(case.chosen).map(|e| e.rules.clone()).unwrap_or_default();
            // The dated rule set drops rules, so its rule ids are its own: name them in the full set.
            let violated_by = violated_by.into_iter().filter_map(|id| rules.rule(&dated.rule_of(id).id)).collect();
            let gap = match (evaluation.ranking.first(), evaluation.ranked(case.chosen)) {
                (Some(first), Some(chosen)) if first.platform != case.chosen => gap(first, chosen)
                    .into_iter()
                    .map(|item| match item {
                        GapItem::Rule(rule, points) => rules
                            .rule(&dated.rule_of(rule).id)
                            .map_or(GapItem::Clamp(points as f64), |id| GapItem::Rule(id, points)),
                        other => other,
                    })
                    .take(3)
                    .collect(),
                _ => Vec::new(),
            };
            CaseResult {
                case: i,
                ranking,
                violated_by,
                chosen_unavailable: evaluation.unavailable.contains(&case.chosen),
                gap,
            }
        })
        .collect()
}

/// Agreement over a set of cases: the share whose chosen platform is first, and within the first two.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Agreement {
    /// How many cases.
    pub cases: usize,
    /// Chosen platform first (0-1).
    pub top1: f64,
    /// Chosen platform first or second (0-1).
    pub top2: f64,
}

/// The agreement of the cases picked by `pick` (indices into `cases` and `results`).
pub fn agreement(cases: &[Case], results: &[CaseResult], pick: &[usize]) -> Agreement {
    if pick.is_empty() {
        return Agreement::default();
    }
    let rank = |i: usize| results[i].rank(cases[i].chosen);
    let hits = |within: usize| pick.iter().filter(|&&i| rank(i).is_some_and(|r| r <= within)).count();
    let n = pick.len() as f64;
    Agreement { cases: pick.len(), top1: hits(1) as f64 / n, top2: hits(2) as f64 / n }
}

/// A 95% bootstrap interval for top-1 and top-2 agreement: `samples` resamples of the cases with
/// replacement, from a fixed seed, so the same corpus always gives the same interval.
pub fn bootstrap(cases: &[Case], results: &[CaseResult], samples: usize, seed: u64) -> ((f64, f64), (f64, f64)) {
    let n = cases.len();
    if n == 0 || samples == 0 {
        return ((0.0, 0.0), (0.0, 0.0));
    }
    let mut state = seed.max(1);
    let mut next = move || {
        // xorshift64*: small, fast and plenty for resampling indices.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    let mut top1 = Vec::with_capacity(samples);
    let mut top2 = Vec::with_capacity(samples);
    let mut pick = vec![0; n];
    for _ in 0..samples {
        for slot in &mut pick {
            *slot = (next() % n as u64) as usize;
        }
        let a = agreement(cases, results, &pick);
        top1.push(a.top1);
        top2.push(a.top2);
    }
    let interval = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        let at = |q: f64| values[((q * (values.len() - 1) as f64).round() as usize).min(values.len() - 1)];
        (at(0.025), at(0.975))
    };
    (interval(top1), interval(top2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cases(text: &str) -> Result<Vec<Case>, Error> {
        let rules = crate::embedded::default_rules();
        read(&[Source::new("c.yaml", text)], &rules)
    }

    const CASE: &str = "id: a\norganisation: A\nsources: [https://example.org/adr]\ndecided: 2021-06\nchosen: ecs-fargate\nconfidence: high\nreasons: R\nworkload: { team: { kubernetes_experience: none } }\n";

    #[test]
    fn a_case_dated_by_month_or_year_is_read_as_of_its_middle() {
        let read = cases(CASE).expect("valid");
        assert_eq!(read[0].decided.to_string(), "2021-06-15");
        let year = cases(&CASE.replace("decided: 2021-06", "decided: 2019")).expect("valid");
        assert_eq!(year[0].decided.to_string(), "2019-07-01");
        let day = cases(&CASE.replace("decided: 2021-06", "decided: 2021-06-03")).expect("valid");
        assert_eq!(day[0].decided.to_string(), "2021-06-03");
    }

    #[test]
    fn bad_cases_say_where() {
        let err = cases(&CASE.replace("chosen: ecs-fargate", "chosen: ecs-fargte")).expect_err("typo");
        assert!(err.to_string().contains("c.yaml:5:9: unknown platform \"ecs-fargte\""), "{err}");
        let err = cases(&CASE.replace("decided: 2021-06", "decided: June 2021")).expect_err("bad date");
        assert!(err.to_string().contains("`decided` is a date"), "{err}");
        let err = cases(&CASE.replace("reasons: R\n", "reasons: R\nreason: x\n")).expect_err("unknown key");
        assert!(err.to_string().contains("unknown key \"reason\""), "{err}");
    }

    #[test]
    fn a_decision_is_judged_with_the_platforms_of_its_day() {
        let rules = crate::embedded::default_rules();
        let text = CASE.replace("chosen: ecs-fargate", "chosen: eks-ec2").replace(
            "{ team: { kubernetes_experience: none } }",
            "{ team: { kubernetes_experience: advanced, current_platform: eks } }",
        );
        let read = read(&[Source::new("c.yaml", text)], &rules).expect("valid");
        let results = run(&rules, &read);
        let auto = rules.platform("eks-auto-mode").expect("defined");
        assert!(results[0].ranking.iter().all(|(p, _)| *p != auto), "Auto Mode did not exist in 2021");
        assert!(!results[0].chosen_unavailable);
    }

    #[test]
    fn halves_depend_only_on_the_url_and_split_a_corpus() {
        assert_eq!(half_of("https://example.org/a"), half_of("https://example.org/a"));
        let tune = (0..200).filter(|i| half_of(&format!("https://example.org/{i}")) == Half::Tune).count();
        assert!((70..=130).contains(&tune), "{tune} of 200 in the tune half");
    }

    #[test]
    fn the_bootstrap_interval_holds_the_estimate_and_repeats() {
        let rules = crate::embedded::default_rules();
        let text: String = (0..10)
            .map(|i| {
                let chosen = if i % 2 == 0 { "ecs-fargate" } else { "eks-distro" };
                format!(
                    "id: c{i}\norganisation: O\nsources: [https://example.org/{i}]\ndecided: 2026\nchosen: {chosen}\nconfidence: low\nreasons: R\nworkload: {{}}\n"
                )
            })
            .collect::<Vec<_>>()
            .join("---\n");
        // One case a file: split the stream.
        let sources: Vec<Source> =
            text.split("---\n").enumerate().map(|(i, t)| Source::new(&format!("c{i}.yaml"), t)).collect();
        let read = read(&sources, &rules).expect("valid");
        let results = run(&rules, &read);
        let all: Vec<usize> = (0..read.len()).collect();
        let a = agreement(&read, &results, &all);
        assert!((a.top1 - 0.5).abs() < 1e-9, "{a:?}");
        let (top1, _) = bootstrap(&read, &results, 500, 7);
        assert!(top1.0 <= a.top1 && a.top1 <= top1.1, "{top1:?}");
        assert_eq!(bootstrap(&read, &results, 500, 7), bootstrap(&read, &results, 500, 7));
    }
}

/// The calibration report: the serialisable result every format prints.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Layout version.
    pub schema_version: u32,
    /// How many cases.
    pub cases: usize,
    /// Chosen platform first (0-1).
    pub top1: f64,
    /// Chosen platform first or second (0-1).
    pub top2: f64,
    /// 95% bootstrap intervals, `[low, high]`, for top1 and top2.
    pub intervals: Intervals,
    /// Always answering the most common chosen platform: the agreement to beat.
    pub baseline: Baseline,
    /// Cases whose chosen platform a rule rules out, or which did not exist yet.
    pub violations: usize,
    /// Each violation.
    pub violation_list: Vec<Violation>,
    /// Per platform: how often chosen, how often first, and how often shipwise agreed.
    pub per_platform: Vec<PlatformRow>,
    /// Chosen against first, for every pair that occurs.
    pub confusion: Vec<ConfusionCell>,
    /// The tune and check halves.
    pub halves: Halves,
    /// Each case whose chosen platform is not first, with what puts the first ahead.
    pub misses: Vec<Miss>,
    /// Cases whose first and second are within [`CLOSE`] points.
    pub close_calls: Vec<CloseCall>,
}

/// Points between the first two platforms under which a case counts as a close call.
pub const CLOSE: f64 = 5.0;

/// Bootstrap intervals.
#[derive(Debug, Serialize)]
pub struct Intervals {
    /// For top-1 agreement.
    pub top1: [f64; 2],
    /// For top-2 agreement.
    pub top2: [f64; 2],
    /// Resamples drawn.
    pub samples: usize,
}

/// The most-common-platform baseline.
#[derive(Debug, Serialize)]
pub struct Baseline {
    /// The platform chosen most often.
    pub platform: String,
    /// Its share of the cases (0-1).
    pub top1: f64,
}

/// A hard-fact violation.
#[derive(Debug, Serialize)]
pub struct Violation {
    /// The case.
    pub case: String,
    /// Its chosen platform.
    pub chosen: String,
    /// The rules that rule it out (empty when the platform did not exist yet).
    pub rules: Vec<String>,
    /// Why, in words.
    pub why: String,
}

/// One platform's row.
#[derive(Debug, Serialize)]
pub struct PlatformRow {
    /// The platform.
    pub platform: String,
    /// Cases that chose it.
    pub chosen: usize,
    /// Cases where shipwise puts it first.
    pub first: usize,
    /// Cases that chose it and where shipwise puts it first.
    pub agreed: usize,
    /// `agreed / chosen` (none when never chosen).
    pub recall: Option<f64>,
}

/// One cell of the confusion table.
#[derive(Debug, Serialize)]
pub struct ConfusionCell {
    /// The platform the case chose.
    pub chosen: String,
    /// The platform shipwise put first (none: every platform ruled out).
    pub first: Option<String>,
    /// How many cases.
    pub count: usize,
}

/// Both halves.
#[derive(Debug, Serialize)]
pub struct Halves {
    /// Cases a pack change may be tuned on.
    pub tune: Agreement,
    /// Cases kept aside.
    pub check: Agreement,
    /// The case ids of the tune half.
    pub tune_cases: Vec<String>,
    /// The case ids of the check half.
    pub check_cases: Vec<String>,
}

/// A case shipwise does not put first.
#[derive(Debug, Serialize)]
pub struct Miss {
    /// The case.
    pub case: String,
    /// Its half.
    pub half: Half,
    /// The platform chosen.
    pub chosen: String,
    /// Where shipwise ranks it (none: ruled out or not yet available).
    pub chosen_rank: Option<usize>,
    /// The platform shipwise puts first.
    pub first: Option<String>,
    /// Points between them.
    pub behind: Option<f64>,
    /// The largest contributions to that gap, in words.
    pub why: Vec<String>,
}

/// A case whose first two are close.
#[derive(Debug, Serialize)]
pub struct CloseCall {
    /// The case.
    pub case: String,
    /// First and second.
    pub first: String,
    /// Second.
    pub second: String,
    /// Points between them.
    pub margin: f64,
}

/// Builds the report from the cases and how they came out.
pub fn report(rules: &RuleSet, cases: &[Case], results: &[CaseResult]) -> Report {
    use crate::report::round1;
    let id = |p: PlatformId| rules.platform_of(p).id.clone();
    let all: Vec<usize> = (0..cases.len()).collect();
    let overall = agreement(cases, results, &all);
    let samples = 1000;
    let (i1, i2) = bootstrap(cases, results, samples, 1);
    let mut per_platform = Vec::new();
    for (p, platform) in rules.platforms.iter().enumerate() {
        let p = PlatformId(p);
        let chosen = cases.iter().filter(|c| c.chosen == p).count();
        let first = results.iter().filter(|r| r.ranking.first().map(|f| f.0) == Some(p)).count();
        let agreed = cases
            .iter()
            .zip(results)
            .filter(|(c, r)| c.chosen == p && r.ranking.first().map(|f| f.0) == Some(p))
            .count();
        per_platform.push(PlatformRow {
            platform: platform.id.clone(),
            chosen,
            first,
            agreed,
            recall: (chosen > 0).then(|| agreed as f64 / chosen as f64),
        });
    }
    // The most chosen platform; a tie goes to the first in platform-id order.
    let most = per_platform.iter().map(|row| row.chosen).max().unwrap_or(0);
    let baseline = per_platform.iter().find(|row| row.chosen == most).map_or(
        Baseline { platform: String::new(), top1: 0.0 },
        |row| Baseline {
            platform: row.platform.clone(),
            top1: if cases.is_empty() { 0.0 } else { row.chosen as f64 / cases.len() as f64 },
        },
    );
    let mut confusion: Vec<ConfusionCell> = Vec::new();
    for (case, result) in cases.iter().zip(results) {
        let first = result.ranking.first().map(|f| id(f.0));
        let chosen = id(case.chosen);
        match confusion.iter_mut().find(|c| c.chosen == chosen && c.first == first) {
            Some(cell) => cell.count += 1,
            None => confusion.push(ConfusionCell { chosen, first, count: 1 }),
        }
    }
    confusion.sort_by(|a, b| (&a.chosen, &a.first).cmp(&(&b.chosen, &b.first)));
    let mut violation_list = Vec::new();
    let mut misses = Vec::new();
    let mut close_calls = Vec::new();
    for (case, result) in cases.iter().zip(results) {
        if result.chosen_unavailable {
            let since = rules.platform_of(case.chosen).available_since.map(|d| d.to_string()).unwrap_or_default();
            violation_list.push(Violation {
                case: case.id.clone(),
                chosen: id(case.chosen),
                rules: Vec::new(),
                why: format!(
                    "{} was not available on {} (from {since}): the case's date or choice is wrong",
                    id(case.chosen),
                    case.decided
                ),
            });
        } else if !result.violated_by.is_empty() {
            let names: Vec<String> = result.violated_by.iter().map(|r| rules.rule_of(*r).id.clone()).collect();
            violation_list.push(Violation {
                case: case.id.clone(),
                chosen: id(case.chosen),
                why: format!("ruled out by {}: either the rule or the case is wrong", names.join(", ")),
                rules: names,
            });
        }
        let first = result.ranking.first();
        if first.map(|f| f.0) != Some(case.chosen) {
            let chosen_score = result.ranking.iter().find(|(p, _)| *p == case.chosen).map(|(_, s)| *s);
            let why = result
                .gap
                .iter()
                .map(|item| match *item {
                    GapItem::Criterion(c, d) => format!("{:+.1} {}", d, rules.criterion_of(c).name),
                    GapItem::Rule(r, p) => format!("{p:+} rule {}", rules.rule_of(r).id),
                    GapItem::Clamp(d) => format!("{d:+.1} from keeping scores within 0-100"),
                })
                .collect();
            misses.push(Miss {
                case: case.id.clone(),
                half: case.half,
                chosen: id(case.chosen),
                chosen_rank: result.rank(case.chosen),
                first: first.map(|f| id(f.0)),
                behind: first.zip(chosen_score).map(|(f, s)| round1(f.1 - s)),
                why,
            });
        }
        if let [a, b, ..] = result.ranking.as_slice()
            && a.1 - b.1 < CLOSE
        {
            close_calls.push(CloseCall {
                case: case.id.clone(),
                first: id(a.0),
                second: id(b.0),
                margin: round1(a.1 - b.1),
            });
        }
    }
    let half = |h: Half| {
        let pick: Vec<usize> = (0..cases.len()).filter(|&i| cases[i].half == h).collect();
        agreement(cases, results, &pick)
    };
    Report {
        schema_version: crate::report::SCHEMA_VERSION,
        cases: cases.len(),
        top1: overall.top1,
        top2: overall.top2,
        intervals: Intervals { top1: [i1.0, i1.1], top2: [i2.0, i2.1], samples },
        baseline,
        violations: violation_list.len(),
        violation_list,
        per_platform,
        confusion,
        halves: Halves {
            tune: half(Half::Tune),
            check: half(Half::Check),
            tune_cases: cases.iter().filter(|c| c.half == Half::Tune).map(|c| c.id.clone()).collect(),
            check_cases: cases.iter().filter(|c| c.half == Half::Check).map(|c| c.id.clone()).collect(),
        },
        misses,
        close_calls,
    }
}
