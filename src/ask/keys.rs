//! What a key does on the current screen of `shipwise ask`: the cursor, the number being typed,
//! whether help is shown, and which [`Input`] a key sends to the question flow. Pure, so every key
//! can be tested without a terminal; `terminal` turns real key presses into [`Key`]s.

use crate::catalog::{FactId, FactKind, Value};
use crate::questionnaire::{Input, Questionnaire, Screen};
use crate::ruleset::RuleSet;

/// A key press, as the questionnaire sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Key {
    /// Arrow up (or k).
    Up,
    /// Arrow down (or j).
    Down,
    /// Enter.
    Enter,
    /// Escape: go back.
    Esc,
    /// Backspace.
    Backspace,
    /// Ctrl-C, or the terminal went away.
    Interrupt,
    /// The terminal changed size: draw again.
    Resize,
    /// A printable character.
    Char(char),
}

/// What the command should do after a key.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Action {
    /// Send this to the question flow.
    Send(Input),
    /// Redraw: only the prompt's own state changed.
    Redraw,
    /// Stop without writing anything.
    Quit,
}

/// One line of a question's option list.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum OptionLine {
    /// A value of the fact.
    Value(Value),
    /// The typed number (number facts).
    Typed,
    /// "Don't know".
    DontKnow,
}

/// The prompt's own state for the screen on display.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Prompt {
    /// The highlighted line.
    pub cursor: usize,
    /// The number typed so far (number facts).
    pub typed: String,
    /// Whether the help text is shown.
    pub help: bool,
    /// A problem with what was typed, shown until the next key.
    pub error: Option<String>,
    /// True while `typed` still holds the current value as shown: the first digit replaces it.
    pub fresh: bool,
}

/// The values of a question that are not offered because they cannot be true with the answers
/// given so far, each with the rule that says so.
pub(crate) fn refused(
    rules: &RuleSet,
    fact: FactId,
    answers: &crate::workload::Workload,
) -> Vec<(Value, crate::workload::Contradiction)> {
    let values: Vec<Value> = match &rules.fact_of(fact).kind {
        FactKind::Bool => vec![Value::Bool(true), Value::Bool(false)],
        FactKind::Enum(values) => (0..values.len()).map(Value::Choice).collect(),
        FactKind::Number { .. } => Vec::new(),
    };
    values
        .into_iter()
        .filter_map(|value| {
            let mut trial = answers.clone();
            trial.set(fact, value);
            trial.contradiction(rules).map(|c| (value, c))
        })
        .collect()
}

/// The option lines of a question: its values (or the typed number), then "don't know". A value
/// that cannot be true with the answers given so far (a `reject` rule says so) is not offered.
pub(crate) fn choices(rules: &RuleSet, fact: FactId, answers: &crate::workload::Workload) -> Vec<OptionLine> {
    let possible = |value: &Value| {
        let mut trial = answers.clone();
        trial.set(fact, *value);
        trial.contradiction(rules).is_none()
    };
    let values: Vec<Value> = match &rules.fact_of(fact).kind {
        FactKind::Bool => vec![Value::Bool(true), Value::Bool(false)],
        FactKind::Enum(values) => (0..values.len()).map(Value::Choice).collect(),
        FactKind::Number { .. } => Vec::new(),
    };
    let mut lines: Vec<OptionLine> = if rules.fact_of(fact).is_number() {
        vec![OptionLine::Typed]
    } else {
        values.into_iter().filter(possible).map(OptionLine::Value).collect()
    };
    lines.push(OptionLine::DontKnow);
    lines
}

impl Prompt {
    /// A fresh prompt for the screen the questionnaire is on: the cursor on the current answer.
    pub(crate) fn for_screen(questionnaire: &Questionnaire<'_>, rules: &RuleSet) -> Self {
        match questionnaire.screen() {
            Screen::Question(fact) => {
                let current = questionnaire.workload().value(fact);
                let lines = choices(rules, fact, questionnaire.workload());
                let cursor = if questionnaire.is_unknown(fact) {
                    lines.len() - 1
                } else {
                    lines.iter().position(|c| *c == OptionLine::Value(current)).unwrap_or(0)
                };
                let typed = match current {
                    Value::Number(n) => rules.fact_of(fact).show(Value::Number(n)).to_string(),
                    _ => String::new(),
                };
                Prompt { cursor, fresh: !typed.is_empty(), typed, help: false, error: None }
            }
            Screen::Review => Prompt { cursor: questionnaire.review_facts().len(), ..Prompt::default() },
            Screen::Done => Prompt::default(),
        }
    }

    /// Handles a key on the current screen.
    pub(crate) fn handle(&mut self, key: Key, questionnaire: &Questionnaire<'_>, rules: &RuleSet) -> Action {
        self.error = None;
        match key {
            Key::Interrupt => return Action::Quit,
            Key::Resize => return Action::Redraw,
            Key::Esc => return Action::Send(Input::Back),
            Key::Char('?') => {
                self.help = !self.help;
                return Action::Redraw;
            }
            _ => {}
        }
        match questionnaire.screen() {
            Screen::Question(fact) => self.on_question(key, fact, questionnaire, rules),
            Screen::Review => self.on_review(key, questionnaire),
            Screen::Done => Action::Redraw,
        }
    }

    fn on_question(&mut self, key: Key, fact: FactId, questionnaire: &Questionnaire<'_>, rules: &RuleSet) -> Action {
        let lines = choices(rules, fact, questionnaire.workload());
        let typing = lines.get(self.cursor) == Some(&OptionLine::Typed);
        match key {
            Key::Up | Key::Char('k') if !typing || key == Key::Up => self.cursor = self.cursor.saturating_sub(1),
            Key::Down | Key::Char('j') if !typing || key == Key::Down => {
                self.cursor = (self.cursor + 1).min(lines.len() - 1);
            }
            Key::Char(c) if typing && (c.is_ascii_digit() || c == '.') => {
                if self.fresh {
                    self.typed.clear();
                }
                self.fresh = false;
                self.typed.push(c);
            }
            Key::Backspace if typing => {
                self.fresh = false;
                self.typed.pop();
            }
            Key::Char(c) if !typing && c.is_ascii_digit() => {
                let index = c.to_digit(10).map_or(0, |d| d as usize);
                if (1..=lines.len()).contains(&index) {
                    self.cursor = index - 1;
                    return self.submit(&lines, fact, rules);
                }
            }
            Key::Enter => return self.submit(&lines, fact, rules),
            _ => {}
        }
        Action::Redraw
    }

    fn submit(&mut self, lines: &[OptionLine], fact: FactId, rules: &RuleSet) -> Action {
        match &lines[self.cursor.min(lines.len() - 1)] {
            OptionLine::Value(value) => Action::Send(Input::Answer(*value)),
            OptionLine::DontKnow => Action::Send(Input::DontKnow),
            OptionLine::Typed => {
                let parsed = self.typed.parse::<f64>().map_err(|_| "type a number, such as 2 or 0.5".to_string());
                match parsed.and_then(|n| rules.fact_of(fact).parse_value(&crate::yaml::Node::Number(n))) {
                    Ok(value) => Action::Send(Input::Answer(value)),
                    Err(message) => {
                        self.error = Some(message);
                        Action::Redraw
                    }
                }
            }
        }
    }

    fn on_review(&mut self, key: Key, questionnaire: &Questionnaire<'_>) -> Action {
        let facts = questionnaire.review_facts();
        // Lines: every answer, then "show the recommendation".
        match key {
            Key::Up | Key::Char('k') => self.cursor = self.cursor.saturating_sub(1),
            Key::Down | Key::Char('j') => self.cursor = (self.cursor + 1).min(facts.len()),
            Key::Enter => {
                return match facts.get(self.cursor) {
                    Some(&fact) => Action::Send(Input::Edit(fact)),
                    None => Action::Send(Input::Confirm),
                };
            }
            _ => {}
        }
        Action::Redraw
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::rules;
    use crate::workload::Workload;

    #[test]
    fn arrows_move_and_enter_answers() {
        let rules = rules();
        let q = Questionnaire::new(&rules, Workload::defaults(&rules));
        let mut prompt = Prompt::for_screen(&q, &rules);
        assert_eq!(prompt.cursor, 0, "the cursor starts on the current value (the default)");
        assert_eq!(prompt.handle(Key::Down, &q, &rules), Action::Redraw);
        assert_eq!(prompt.handle(Key::Down, &q, &rules), Action::Redraw);
        assert_eq!(prompt.handle(Key::Enter, &q, &rules), Action::Send(Input::Answer(Value::Choice(2))));
    }

    #[test]
    fn a_digit_picks_that_line_and_the_last_line_is_dont_know() {
        let rules = rules();
        let q = Questionnaire::new(&rules, Workload::defaults(&rules));
        let mut prompt = Prompt::for_screen(&q, &rules);
        assert_eq!(prompt.handle(Key::Char('2'), &q, &rules), Action::Send(Input::Answer(Value::Choice(1))));
        assert_eq!(prompt.handle(Key::Char('4'), &q, &rules), Action::Send(Input::DontKnow));
        assert_eq!(prompt.handle(Key::Char('9'), &q, &rules), Action::Redraw, "no line 9");
    }

    #[test]
    fn esc_goes_back_question_mark_toggles_help_and_ctrl_c_quits() {
        let rules = rules();
        let q = Questionnaire::new(&rules, Workload::defaults(&rules));
        let mut prompt = Prompt::for_screen(&q, &rules);
        assert_eq!(prompt.handle(Key::Esc, &q, &rules), Action::Send(Input::Back));
        assert_eq!(prompt.handle(Key::Char('?'), &q, &rules), Action::Redraw);
        assert!(prompt.help);
        assert_eq!(prompt.handle(Key::Interrupt, &q, &rules), Action::Quit);
    }

    #[test]
    fn numbers_are_typed_checked_and_sent() {
        let rules = rules();
        let start = crate::testing::workload(
            &rules,
            "team: { experience: none }\nrequirements: { gpu: false, vcpu: 2 }\nplacement: { on_premises: none }\n",
        )
        .expect("valid");
        let mut q = Questionnaire::new(&rules, start);
        assert_eq!(q.screen(), Screen::Review, "everything is answered up front");
        let vcpu = rules.catalog.lookup("requirements.vcpu").expect("defined");
        q.apply(Input::Edit(vcpu));
        let mut prompt = Prompt::for_screen(&q, &rules);
        assert_eq!(prompt.typed, "2", "starts from the current value");
        prompt.handle(Key::Char('4'), &q, &rules);
        assert_eq!(prompt.typed, "4", "the first digit replaces the value shown");
        prompt.handle(Key::Backspace, &q, &rules);
        for c in "1000".chars() {
            prompt.handle(Key::Char(c), &q, &rules);
        }
        assert_eq!(prompt.handle(Key::Enter, &q, &rules), Action::Redraw);
        assert!(prompt.error.as_deref().is_some_and(|e| e.contains("above the largest allowed value 448")));
        for _ in 0..4 {
            prompt.handle(Key::Backspace, &q, &rules);
        }
        prompt.handle(Key::Char('8'), &q, &rules);
        assert_eq!(prompt.handle(Key::Enter, &q, &rules), Action::Send(Input::Answer(Value::Number(8.0))));
    }

    #[test]
    fn review_enter_edits_the_line_or_confirms_on_the_last() {
        let rules = rules();
        let mut q = Questionnaire::new(&rules, Workload::defaults(&rules));
        q.apply(Input::Answer(Value::Choice(2)));
        assert_eq!(q.screen(), Screen::Review);
        let mut prompt = Prompt::for_screen(&q, &rules);
        assert_eq!(prompt.handle(Key::Enter, &q, &rules), Action::Send(Input::Confirm));
        // The answered fact comes first, then the ones not asked; any of them can be changed.
        let facts = q.review_facts();
        let experience = rules.catalog.lookup("team.experience").expect("defined");
        assert_eq!(facts[0], experience);
        prompt.handle(Key::Up, &q, &rules);
        assert_eq!(prompt.handle(Key::Enter, &q, &rules), Action::Send(Input::Edit(facts[facts.len() - 1])));
        for _ in 0..facts.len() {
            prompt.handle(Key::Up, &q, &rules);
        }
        assert_eq!(prompt.handle(Key::Enter, &q, &rules), Action::Send(Input::Edit(experience)));
    }
}
