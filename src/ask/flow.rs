//! The question flow of `shipwise ask`, with no terminal in it: a state machine over the fact
//! catalog and the answers so far. It decides the next question (skipping those whose `ask_if`
//! fails and those that can no longer change the top platform), goes back, records "don't know",
//! and lets any answer be changed from the review screen. The terminal layer only draws its state
//! and turns keys into [`Input`]s.

use crate::catalog::{FactId, Value};
use crate::ruleset::RuleSet;
use crate::sensitivity::{can_change_top, candidate_values};
use crate::workload::Workload;

/// Where the person is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Screen {
    /// A question is on screen.
    Question(FactId),
    /// Every answer is listed; any can be changed.
    Review,
    /// The person confirmed the answers.
    Done,
}

/// What the person did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Input {
    /// Answered the question on screen.
    Answer(Value),
    /// Does not know: the default is kept and reported as an assumption.
    DontKnow,
    /// Go back to the previous question (Esc).
    Back,
    /// From the review screen: change this answer.
    Edit(FactId),
    /// From the review screen: the answers are final.
    Confirm,
}

/// One question answered, with what the fact held before (to undo it on Back).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Step {
    fact: FactId,
    before: Value,
    was_stated: bool,
}

/// The state of a questionnaire.
#[derive(Clone, Debug)]
pub(crate) struct Questionnaire<'r> {
    rules: &'r RuleSet,
    candidates: Vec<Vec<Value>>,
    workload: Workload,
    /// Facts the person has been through (answered or "don't know"), per fact.
    visited: Vec<bool>,
    /// Facts answered "don't know", per fact.
    unknown: Vec<bool>,
    /// The questions answered, in order, for Back.
    path: Vec<Step>,
    screen: Screen,
    /// Set while a question is open from the review screen: answering returns there.
    editing: bool,
}

impl<'r> Questionnaire<'r> {
    /// Starts from a workload; the facts it states count as answered already (`--answers`, `--set`).
    pub(crate) fn new(rules: &'r RuleSet, mut workload: Workload) -> Self {
        // Answers given up front imply others as a file's would; a contradiction among them was
        // refused when they were read.
        let _ = workload.settle(rules);
        let visited = workload.stated.clone();
        let count = visited.len();
        let mut questionnaire = Questionnaire {
            rules,
            candidates: candidate_values(rules),
            workload,
            visited,
            unknown: vec![false; count],
            path: Vec::new(),
            screen: Screen::Review,
            editing: false,
        };
        questionnaire.screen = questionnaire.next_screen();
        questionnaire
    }

    /// What is on screen.
    pub(crate) fn screen(&self) -> Screen {
        self.screen
    }

    /// The answers so far (unanswered facts hold their defaults).
    pub(crate) fn workload(&self) -> &Workload {
        &self.workload
    }

    /// Whether the question on screen was opened from the review (to change an answer).
    pub(crate) fn is_editing(&self) -> bool {
        self.editing
    }

    /// How many questions have been answered.
    pub(crate) fn answered(&self) -> usize {
        self.path.len()
    }

    /// Whether the person answered "don't know" to this fact.
    pub(crate) fn is_unknown(&self, fact: FactId) -> bool {
        self.unknown[fact.0]
    }

    /// Facts shown on the review screen, each of which can be changed there: first every one
    /// answered (or "don't know", or given up front), then every one not asked, each group in
    /// catalog order.
    pub(crate) fn review_facts(&self) -> Vec<FactId> {
        let (mut asked, not_asked): (Vec<FactId>, Vec<FactId>) =
            self.rules.catalog.iter().map(|(id, _)| id).partition(|id| self.visited[id.0]);
        asked.extend(not_asked);
        asked
    }

    /// Whether the person has been through this fact (answered, "don't know", or given up front).
    pub(crate) fn is_visited(&self, fact: FactId) -> bool {
        self.visited[fact.0]
    }

    /// Whether a fact is worth asking now: not yet visited, its `ask_if` holds, and some value of
    /// it would put a different platform first given the answers so far.
    pub(crate) fn is_worth_asking(&self, fact: FactId) -> bool {
        let holds = self.rules.fact_of(fact).ask_if.as_ref().is_none_or(|c| c.holds(&self.workload.values));
        if self.visited[fact.0] || !holds {
            return false;
        }
        // Only answers that can be true with the others count; one possible answer is no question.
        let possible: Vec<Value> = self.candidates[fact.0]
            .iter()
            .copied()
            .filter(|value| {
                let mut trial = self.workload.clone();
                trial.set(fact, *value);
                trial.contradiction(self.rules).is_none()
            })
            .collect();
        let choice = !self.rules.fact_of(fact).is_number();
        (!choice || possible.len() > 1) && can_change_top(self.rules, &self.workload, fact, &possible)
    }

    /// How many questions are still worth asking (the progress line's "to go").
    pub(crate) fn remaining(&self) -> usize {
        self.rules.catalog.iter().filter(|(id, _)| self.is_worth_asking(*id)).count()
    }

    /// The first question worth asking, in catalog order, or the review screen.
    fn next_screen(&self) -> Screen {
        self.rules
            .catalog
            .iter()
            .map(|(id, _)| id)
            .find(|id| self.is_worth_asking(*id))
            .map_or(Screen::Review, Screen::Question)
    }

    /// Applies what the person did and moves to the next screen.
    pub(crate) fn apply(&mut self, input: Input) {
        match (self.screen, input) {
            (Screen::Question(fact), Input::Answer(value)) => self.record(fact, Some(value)),
            (Screen::Question(fact), Input::DontKnow) => self.record(fact, None),
            (Screen::Question(_), Input::Back) if self.editing => {
                self.editing = false;
                self.screen = Screen::Review;
            }
            // From the review, Esc reopens the last question answered, keeping its answer.
            (Screen::Review, Input::Back) => {
                if let Some(last) = self.path.last() {
                    self.editing = true;
                    self.screen = Screen::Question(last.fact);
                }
            }
            (Screen::Question(_), Input::Back) => self.back(),
            (Screen::Review, Input::Edit(fact)) => {
                self.editing = true;
                self.screen = Screen::Question(fact);
            }
            (Screen::Review, Input::Confirm) => self.screen = Screen::Done,
            // Inputs that do not apply to the screen (e.g. Confirm on a question) change nothing.
            _ => {}
        }
    }

    fn record(&mut self, fact: FactId, answer: Option<Value>) {
        let step = Step { fact, before: self.workload.values[fact.0], was_stated: self.workload.stated[fact.0] };
        match answer {
            Some(value) => self.workload.set(fact, value),
            None => {
                self.workload.values[fact.0] = self.rules.fact_of(fact).default;
                self.workload.stated[fact.0] = false;
            }
        }
        self.unknown[fact.0] = answer.is_none();
        if !self.visited[fact.0] {
            self.path.push(step);
        }
        self.visited[fact.0] = true;
        // A changed answer can make an earlier one impossible (air-gapped after Outposts, say):
        // that one is asked again rather than kept. What the answers imply is set (and counts as
        // answered), as reading a workload file would.
        while let Some(contradiction) = self.workload.settle(self.rules) {
            let mut read = Vec::new();
            self.rules.rule_of(contradiction.rule).when.facts(&mut read);
            let Some(&other) = read.iter().find(|f| **f != fact && self.workload.stated[f.0]) else { break };
            self.workload.values[other.0] = self.rules.fact_of(other).default;
            self.workload.stated[other.0] = false;
            self.visited[other.0] = false;
            self.path.retain(|s| s.fact != other);
        }
        for (id, _) in self.rules.catalog.iter() {
            if self.workload.stated[id.0] {
                self.visited[id.0] = true;
            }
        }
        // After an edit from the review, questions that now matter are asked before the review
        // comes back.
        self.editing = false;
        self.screen = self.next_screen();
    }

    fn back(&mut self) {
        let Some(step) = self.path.pop() else {
            return; // nothing to go back to: stay where we are
        };
        self.workload.values[step.fact.0] = step.before;
        self.workload.stated[step.fact.0] = step.was_stated;
        self.visited[step.fact.0] = false;
        self.unknown[step.fact.0] = false;
        self.screen = Screen::Question(step.fact);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::rules;

    fn id(rules: &RuleSet, fact: &str) -> FactId {
        rules.catalog.lookup(fact).expect("defined")
    }

    #[test]
    fn asks_in_catalog_order_and_skips_what_cannot_matter() {
        let rules = rules();
        let mut q = Questionnaire::new(&rules, Workload::defaults(&rules));
        assert_eq!(q.screen(), Screen::Question(id(&rules, "team.experience")));
        // An experienced team puts nodes first; GPUs (which only rule out serverless) no longer
        // matter, and nor does the on-premises question (onprem is behind either way).
        q.apply(Input::Answer(Value::Choice(2)));
        assert_eq!(q.screen(), Screen::Review);
        assert!(!q.is_worth_asking(id(&rules, "requirements.gpu")));
    }

    #[test]
    fn back_undoes_the_last_answer_and_returns_to_its_question() {
        let rules = rules();
        let mut q = Questionnaire::new(&rules, Workload::defaults(&rules));
        let experience = id(&rules, "team.experience");
        // "none", stated, keeps serverless first, so the GPU question follows.
        q.apply(Input::Answer(Value::Choice(0)));
        assert_eq!(q.screen(), Screen::Question(id(&rules, "requirements.gpu")));
        q.apply(Input::Back);
        assert_eq!(q.screen(), Screen::Question(experience));
        assert_eq!(q.workload().value(experience), Value::Choice(0));
        assert!(!q.workload().stated[experience.0]);
        // Back on the first question stays there.
        q.apply(Input::Back);
        assert_eq!(q.screen(), Screen::Question(experience));
    }

    #[test]
    fn dont_know_keeps_the_default_as_an_assumption() {
        let rules = rules();
        let mut q = Questionnaire::new(&rules, Workload::defaults(&rules));
        let experience = id(&rules, "team.experience");
        q.apply(Input::DontKnow);
        assert!(q.is_unknown(experience));
        assert!(!q.workload().stated[experience.0]);
        assert_eq!(q.answered(), 1);
        assert!(q.review_facts().contains(&experience));
        assert_ne!(q.screen(), Screen::Question(experience));
    }

    #[test]
    fn review_edits_return_to_the_review_screen() {
        let rules = rules();
        let mut q = Questionnaire::new(&rules, Workload::defaults(&rules));
        let experience = id(&rules, "team.experience");
        q.apply(Input::Answer(Value::Choice(2)));
        assert_eq!(q.screen(), Screen::Review);
        q.apply(Input::Edit(experience));
        assert_eq!(q.screen(), Screen::Question(experience));
        q.apply(Input::Answer(Value::Choice(1)));
        assert_eq!(q.screen(), Screen::Review);
        assert_eq!(q.workload().value(experience), Value::Choice(1));
        assert_eq!(q.answered(), 1, "an edit is not a new step");
        q.apply(Input::Edit(experience));
        q.apply(Input::Back);
        assert_eq!(q.screen(), Screen::Review, "Esc while editing returns to the review");
        q.apply(Input::Back);
        assert_eq!(q.screen(), Screen::Question(experience), "Esc on the review reopens the last question");
        assert_eq!(q.workload().value(experience), Value::Choice(1), "and keeps its answer");
        q.apply(Input::Back);
        q.apply(Input::Confirm);
        assert_eq!(q.screen(), Screen::Done);
    }

    #[test]
    fn an_edit_that_makes_a_question_matter_asks_it_before_the_review() {
        let rules = rules();
        let mut q = Questionnaire::new(&rules, Workload::defaults(&rules));
        let experience = id(&rules, "team.experience");
        let gpu = id(&rules, "requirements.gpu");
        // Lots of experience: nodes lead, nothing else matters, straight to the review.
        q.apply(Input::Answer(Value::Choice(2)));
        assert_eq!(q.screen(), Screen::Review);
        // Back to no experience: serverless leads again and GPUs matter once more.
        q.apply(Input::Edit(experience));
        q.apply(Input::Answer(Value::Choice(0)));
        assert_eq!(q.screen(), Screen::Question(gpu));
    }

    #[test]
    fn facts_given_up_front_are_not_asked() {
        let rules = rules();
        let mut start = Workload::defaults(&rules);
        start.set(id(&rules, "team.experience"), Value::Choice(0));
        let q = Questionnaire::new(&rules, start);
        assert_ne!(q.screen(), Screen::Question(id(&rules, "team.experience")));
        assert!(q.review_facts().contains(&id(&rules, "team.experience")));
    }

    #[test]
    fn an_answer_that_cannot_be_true_with_the_others_is_neither_offered_nor_kept() {
        let rules = crate::embedded::default_rules();
        let place = id(&rules, "placement.on_premises");
        let outposts = id(&rules, "placement.outposts");
        let air_gapped = Value::Choice(3);
        assert_eq!(rules.fact_of(place).show(air_gapped).to_string(), "air-gapped");
        // Air-gapped first: Outposts racks are not offered, and the question is not worth asking.
        let mut start = Workload::defaults(&rules);
        start.set(place, air_gapped);
        let q = Questionnaire::new(&rules, start.clone());
        let offered = crate::prompt::choices(&rules, outposts, q.workload());
        assert!(!offered.contains(&crate::prompt::OptionLine::Value(Value::Bool(true))), "{offered:?}");
        assert_eq!(crate::prompt::refused(&rules, outposts, q.workload()).len(), 1);
        assert!(!q.is_worth_asking(outposts));
        // Outposts first, then air-gapped from the review: the Outposts answer is dropped, not kept.
        let mut start = Workload::defaults(&rules);
        start.set(outposts, Value::Bool(true));
        let mut q = Questionnaire::new(&rules, start);
        while matches!(q.screen(), Screen::Question(_)) {
            q.apply(Input::DontKnow);
        }
        q.apply(Input::Edit(place));
        q.apply(Input::Answer(air_gapped));
        assert!(!q.workload().stated[outposts.0]);
        assert!(q.workload().contradiction(&rules).is_none());
    }

    #[test]
    fn what_an_answer_implies_is_set_as_a_file_would_set_it() {
        let rules = crate::embedded::default_rules();
        let required = id(&rules, "cost.spot_required");
        let tolerant = id(&rules, "cost.spot_tolerant");
        let mut start = Workload::defaults(&rules);
        start.set(required, Value::Bool(true));
        let q = Questionnaire::new(&rules, start);
        assert_eq!(q.workload().value(tolerant), Value::Bool(true));
        assert!(q.workload().stated[tolerant.0] && q.is_visited(tolerant));
    }

    #[test]
    fn ask_if_hides_a_question_until_it_holds() {
        let text = crate::testing::PACK
            .replace("    prompt: GPUs?", "    prompt: GPUs?\n    ask_if: { team.experience: [some, lots] }");
        let rules = crate::testing::load(&text).expect("valid");
        let q = Questionnaire::new(&rules, Workload::defaults(&rules));
        assert!(!q.is_worth_asking(id(&rules, "requirements.gpu")));
    }
}
