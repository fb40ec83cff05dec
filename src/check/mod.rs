//! Judging a recorded decision against the current rules: pass (the chosen platform is first, or
//! within the tolerance of it), warn (viable but further behind), fail (a hard constraint rules it
//! out), waived (a warn or fail the record explains with a waiver that has not expired), or error
//! (the record or its workload cannot be read). Pure: the date is passed in.

pub mod decision;

use serde::Serialize;

use crate::decision::Decision;
use crate::engine::evaluate;
use crate::error::Location;
use crate::report::round1;
use crate::ruleset::RuleSet;
use crate::workload::Workload;

/// A record's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The chosen platform is first, or within the tolerance of first.
    Pass,
    /// Viable, but further behind the best than the tolerance.
    Warn,
    /// Ruled out by a hard constraint.
    Fail,
    /// A warn or fail that an unexpired waiver explains.
    Waived,
    /// The record or its workload could not be read or evaluated.
    Error,
}

impl Verdict {
    /// The verdict as a word (`pass`).
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Warn => "warn",
            Verdict::Fail => "fail",
            Verdict::Waived => "waived",
            Verdict::Error => "error",
        }
    }
}

/// A rule cited by a verdict.
#[derive(Clone, Debug, Serialize)]
pub struct CitedRule {
    /// Rule id.
    pub id: String,
    /// Plain-words reason.
    pub because: String,
    /// Public sources.
    pub sources: Vec<String>,
}

/// A waiver as judged.
#[derive(Clone, Debug, Serialize)]
pub struct WaiverStatus {
    /// Why the team deviates.
    pub reason: String,
    /// Who owns it.
    pub owner: Option<String>,
    /// When it expires, as written.
    pub expires: Option<String>,
    /// True when the date has passed, is missing or cannot be read.
    pub expired: bool,
}

/// The judgement of one record.
#[derive(Clone, Debug, Serialize)]
pub struct Judgement {
    /// The record file.
    pub file: String,
    /// Line of the `platform:` value (or of the problem, for an error); 0 when unknown.
    pub line: u64,
    /// Column of the same.
    pub column: u64,
    /// The chosen platform.
    pub platform: Option<String>,
    /// The platform the rules put first now.
    pub best: Option<String>,
    /// The chosen platform's score (when viable).
    pub score: Option<f64>,
    /// The best platform's score.
    pub best_score: Option<f64>,
    /// Points the chosen platform is behind the best (when viable).
    pub margin: Option<f64>,
    /// The verdict.
    pub verdict: Verdict,
    /// One line saying why.
    pub message: String,
    /// The rules that rule the chosen platform out (for a fail).
    pub rules: Vec<CitedRule>,
    /// The record's waiver, if any.
    pub waiver: Option<WaiverStatus>,
    /// With `--min-confidence`: the share (0-1) of criterion-weight samples in which the chosen
    /// platform stays within the tolerance of first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

impl Judgement {
    /// A record that could not be read or evaluated.
    pub fn error(file: &str, at: Option<&Location>, message: String) -> Self {
        Judgement {
            file: file.to_string(),
            line: at.map_or(0, |at| at.line),
            column: at.map_or(0, |at| at.column),
            platform: None,
            best: None,
            score: None,
            best_score: None,
            margin: None,
            verdict: Verdict::Error,
            message,
            rules: Vec::new(),
            waiver: None,
            confidence: None,
        }
    }

    /// True when the record's waiver no longer counts.
    pub fn has_expired_waiver(&self) -> bool {
        self.waiver.as_ref().is_some_and(|w| w.expired) && matches!(self.verdict, Verdict::Warn | Verdict::Fail)
    }
}

/// How strict `check` is.
#[derive(Clone, Debug)]
pub struct Policy {
    /// A chosen platform this many points behind the best (or fewer) still passes.
    pub tolerance: f64,
    /// Today's date, `YYYY-MM-DD`, for waivers.
    pub today: crate::date::Date,
    /// A pass that holds in fewer than this share (0-1) of criterion-weight samples is a warn.
    pub min_confidence: Option<f64>,
}

/// Judges a decision: its workload evaluated under the rules, the chosen platform compared with
/// the best. `file` names the record in the result.
pub fn judge(rules: &RuleSet, decision: &Decision, workload: &Workload, policy: &Policy, file: &str) -> Judgement {
    let at = decision.platform_location();
    let chosen_id = &decision.platform.value;
    let Some(chosen) = rules.platform(chosen_id) else {
        let message = rules.resolve_platform(chosen_id).err().unwrap_or_default();
        return Judgement::error(file, Some(&at), message);
    };
    let evaluation = evaluate(rules, workload);
    let best = evaluation.first();
    let mut judgement = Judgement {
        file: file.to_string(),
        line: at.line,
        column: at.column,
        platform: Some(chosen_id.clone()),
        best: best.map(|b| rules.platform_of(b.platform).id.clone()),
        score: None,
        best_score: best.map(|b| round1(b.score)),
        margin: None,
        verdict: Verdict::Pass,
        message: String::new(),
        rules: Vec::new(),
        waiver: None,
        confidence: None,
    };
    let best_name = judgement.best.clone().unwrap_or_else(|| "nothing (every platform is ruled out)".to_string());
    if let Some(exclusion) = evaluation.exclusion(chosen) {
        judgement.verdict = Verdict::Fail;
        judgement.rules = exclusion
            .rules
            .iter()
            .map(|&id| {
                let rule = rules.rule_of(id);
                CitedRule { id: rule.id.clone(), because: rule.because.clone(), sources: rule.sources.clone() }
            })
            .collect();
        let ids: Vec<&str> = judgement.rules.iter().map(|r| r.id.as_str()).collect();
        judgement.message = format!("{chosen_id} is ruled out by {}; the best now is {best_name}", ids.join(", "));
    } else if let (Some(best), Some(ranked)) = (best, evaluation.ranked(chosen)) {
        let margin = round1(best.score - ranked.score);
        judgement.score = Some(round1(ranked.score));
        judgement.margin = Some(margin);
        if best.platform == chosen {
            judgement.message = format!("{chosen_id} is still first ({:.1})", ranked.score);
        } else if margin <= policy.tolerance {
            judgement.message = format!(
                "{chosen_id} is {margin:.1} points behind {best_name}, within the tolerance of {}",
                policy.tolerance
            );
        } else {
            judgement.verdict = Verdict::Warn;
            judgement.message = format!(
                "{chosen_id} is viable but {margin:.1} points behind {best_name} (tolerance {})",
                policy.tolerance
            );
        }
        if let (Verdict::Pass, Some(minimum)) = (judgement.verdict, policy.min_confidence) {
            let sampling = crate::robustness::Sampling::default();
            let confidence = crate::robustness::confidence(rules, workload, chosen, policy.tolerance, sampling);
            judgement.confidence = Some((confidence * 1000.0).round() / 1000.0);
            if confidence < minimum {
                judgement.verdict = Verdict::Warn;
                judgement.message = format!(
                    "{}, but that holds in only {:.1}% of criterion-weight samples (±{:.0}%, minimum {:.1}%): a fragile decision",
                    judgement.message,
                    confidence * 100.0,
                    sampling.band * 100.0,
                    minimum * 100.0
                );
            }
        }
    }
    if let Some(waiver) = &decision.waiver {
        let readable = waiver.expires.as_deref().and_then(crate::date::Date::parse);
        let expired = readable.is_none_or(|date| date < policy.today);
        judgement.waiver = Some(WaiverStatus {
            reason: waiver.reason.clone(),
            owner: waiver.owner.clone(),
            expires: waiver.expires.clone(),
            expired,
        });
        if matches!(judgement.verdict, Verdict::Warn | Verdict::Fail) {
            let until = waiver.expires.as_deref().unwrap_or("no date");
            if readable.is_none() {
                let written =
                    waiver.expires.as_deref().map_or("no `expires` date".to_string(), |d| format!("expires: {d}"));
                judgement.message = format!(
                    "{}; its waiver does not count: {written} is not a real YYYY-MM-DD date",
                    judgement.message
                );
            } else if expired {
                judgement.message = format!("{}; its waiver expired (expires: {until})", judgement.message);
            } else {
                judgement.message = format!("{}; waived until {until}: {}", judgement.message, waiver.reason);
                judgement.verdict = Verdict::Waived;
            }
        }
    }
    judgement
}

/// Counts of each verdict.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CheckSummary {
    /// Records judged.
    pub total: usize,
    /// Passes.
    pub pass: usize,
    /// Warnings.
    pub warn: usize,
    /// Failures.
    pub fail: usize,
    /// Waived.
    pub waived: usize,
    /// Errors.
    pub error: usize,
    /// Records whose waiver expired.
    pub expired_waivers: usize,
}

impl CheckSummary {
    /// Counts the verdicts.
    pub fn of(judgements: &[Judgement]) -> Self {
        let mut summary = CheckSummary { total: judgements.len(), ..CheckSummary::default() };
        for judgement in judgements {
            match judgement.verdict {
                Verdict::Pass => summary.pass += 1,
                Verdict::Warn => summary.warn += 1,
                Verdict::Fail => summary.fail += 1,
                Verdict::Waived => summary.waived += 1,
                Verdict::Error => summary.error += 1,
            }
            summary.expired_waivers += usize::from(judgement.has_expired_waiver());
        }
        summary
    }

    /// The one-line tally every format ends with.
    pub fn tally(&self) -> String {
        let noun = if self.total == 1 { "decision" } else { "decisions" };
        format!(
            "{} {noun}: {} pass, {} warn, {} fail, {} waived, {} error",
            self.total, self.pass, self.warn, self.fail, self.waived, self.error
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::read_record;
    use crate::testing::{rules, workload};

    fn decision(block: &str) -> Decision {
        let dir = std::env::temp_dir().join(format!("shipwise-check-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = dir.join(format!("record-{n}.yaml"));
        std::fs::write(&path, format!("shipwise:\n{block}")).expect("write");
        read_record(&path).expect("valid").expect("a record")
    }

    #[track_caller]
    fn case(block: &str, workload_text: &str, expected: Verdict) -> Judgement {
        let rules = rules();
        let policy = Policy {
            tolerance: 10.0,
            today: crate::date::Date::parse("2026-11-27").expect("a date"),
            min_confidence: None,
        };
        let w = workload(&rules, workload_text).expect("valid workload");
        let judgement = judge(&rules, &decision(block), &w, &policy, "d.yaml");
        assert_eq!(judgement.verdict, expected, "{}", judgement.message);
        judgement
    }

    #[test]
    fn verdicts_follow_the_rules() {
        // Default workload: serverless 73.3, nodes 60.
        case("  platform: serverless\n  workload: w.yaml\n", "name: x", Verdict::Pass);
        let warn = case("  platform: nodes\n  workload: w.yaml\n", "name: x", Verdict::Warn);
        assert_eq!(warn.margin, Some(13.3));
        let fail = case("  platform: onprem\n  workload: w.yaml\n", "name: x", Verdict::Fail);
        assert_eq!(fail.rules[0].id, "cloud-only");
        let within = Policy {
            tolerance: 15.0,
            today: crate::date::Date::parse("2026-11-27").expect("a date"),
            min_confidence: None,
        };
        let rules = rules();
        let w = workload(&rules, "name: x").expect("valid");
        let judgement = judge(&rules, &decision("  platform: nodes\n  workload: a.yaml\n"), &w, &within, "d");
        assert_eq!(judgement.verdict, Verdict::Pass);
    }

    #[test]
    fn a_fragile_pass_is_a_warn_under_min_confidence() {
        // Default workload: serverless leads nodes by 13.3 points; within a 15-point tolerance
        // nodes passes at base weights, but not in every weight sample.
        let rules = rules();
        let w = workload(&rules, "name: x").expect("valid");
        let record = decision("  platform: nodes\n  workload: w.yaml\n");
        let lenient = Policy {
            tolerance: 15.0,
            today: crate::date::Date::parse("2026-11-27").expect("a date"),
            min_confidence: None,
        };
        assert_eq!(judge(&rules, &record, &w, &lenient, "d").verdict, Verdict::Pass);
        let strict = Policy { min_confidence: Some(0.99), ..lenient.clone() };
        let judged = judge(&rules, &record, &w, &strict, "d");
        assert_eq!(judged.verdict, Verdict::Warn, "{}", judged.message);
        assert!(judged.message.contains("a fragile decision"), "{}", judged.message);
        let easy = Policy { min_confidence: Some(0.10), ..lenient };
        assert_eq!(judge(&rules, &record, &w, &easy, "d").verdict, Verdict::Pass);
    }

    #[test]
    fn waivers_count_until_they_expire() {
        let waived =
            "  platform: onprem\n  workload: w.yaml\n  waiver:\n    reason: lab hardware\n    expires: 2027-01-01\n";
        case(waived, "name: x", Verdict::Waived);
        let expired = case(&waived.replace("2027-01-01", "2026-11-26"), "name: x", Verdict::Fail);
        assert!(expired.has_expired_waiver(), "{}", expired.message);
        let unreadable = case(&waived.replace("2027-01-01", "2027-02-30"), "name: x", Verdict::Fail);
        assert!(unreadable.has_expired_waiver());
        assert!(
            unreadable.message.contains("expires: 2027-02-30 is not a real YYYY-MM-DD date"),
            "{}",
            unreadable.message
        );
        // On its last day a waiver still counts.
        case(&waived.replace("2027-01-01", "2026-11-27"), "name: x", Verdict::Waived);
    }

    #[test]
    fn an_unknown_platform_is_an_error_at_its_line() {
        let judgement = case("  platform: serverles\n  workload: w.yaml\n", "name: x", Verdict::Error);
        assert_eq!(judgement.line, 2);
        assert!(judgement.message.contains("did you mean \"serverless\""), "{}", judgement.message);
    }

    #[test]
    fn the_tally_counts_every_verdict() {
        let judgements = vec![
            case("  platform: serverless\n  workload: w.yaml\n", "name: x", Verdict::Pass),
            case("  platform: onprem\n  workload: w.yaml\n", "name: x", Verdict::Fail),
        ];
        assert_eq!(CheckSummary::of(&judgements).tally(), "2 decisions: 1 pass, 0 warn, 1 fail, 0 waived, 0 error");
    }
}
