//! The screens of `shipwise ask` as plain lines: a question with its options, and the review of
//! every answer. The terminal layer draws them; tests read them.

use crate::catalog::{FactKind, Value};
use crate::prompt::{OptionLine, Prompt, choices};
use crate::questionnaire::{Questionnaire, Screen};
use crate::render::wrap;
use crate::ruleset::RuleSet;

const HOW_SKIPPING_WORKS: &str = "shipwise asks only what can still change its answer: a question is skipped when \
its condition does not apply, or when none of its answers would put another platform first given your answers \
so far. Skipped questions keep their defaults and are listed as assumptions.";

/// The lines of the current screen.
pub(crate) fn screen(
    questionnaire: &Questionnaire<'_>,
    prompt: &Prompt,
    rules: &RuleSet,
    width: usize,
    height: usize,
) -> Vec<String> {
    match questionnaire.screen() {
        Screen::Question(fact) => {
            // On a short terminal the explanations go first, so that the question stays on screen.
            let full = question(questionnaire, prompt, rules, fact, width, true);
            let rows: usize = full.iter().map(|line| line.lines().count().max(1)).sum();
            if rows <= height { full } else { question(questionnaire, prompt, rules, fact, width, false) }
        }
        Screen::Review | Screen::Done => review(questionnaire, prompt, rules, width, height),
    }
}

fn question(
    questionnaire: &Questionnaire<'_>,
    prompt: &Prompt,
    rules: &RuleSet,
    fact_id: crate::catalog::FactId,
    width: usize,
    explained: bool,
) -> Vec<String> {
    let fact = rules.fact_of(fact_id);
    let progress = if questionnaire.is_editing() {
        "changing an answer".to_string()
    } else {
        let remaining = questionnaire.remaining();
        format!("question {} · about {} more to go", questionnaire.answered() + 1, remaining.saturating_sub(1))
    };
    let mut lines = vec![
        wrap(&format!("shipwise ask · {progress} · {}", fact.id), width, 2),
        String::new(),
        wrap(&fact.prompt, width, 0),
        String::new(),
    ];
    let default = shown(fact, fact.default);
    for (i, choice) in choices(rules, fact_id, questionnaire.workload()).iter().enumerate() {
        let mark = if i == prompt.cursor { ">" } else { " " };
        let (label, explanation) = match (choice, &fact.kind) {
            (OptionLine::Value(Value::Choice(index)), FactKind::Enum(values)) => {
                (values[*index].name.clone(), values[*index].help.clone())
            }
            (OptionLine::Value(value @ Value::Bool(_)), _) => (shown(fact, *value), String::new()),
            (OptionLine::Value(value), _) => (fact.show(*value).to_string(), String::new()),
            (OptionLine::Typed, FactKind::Number { unit, min, max }) => {
                let cursor = if i == prompt.cursor { "_" } else { "" };
                let unit = unit.as_deref().unwrap_or("");
                let range = match (min, max) {
                    (Some(min), Some(max)) => format!("from {min} to {max} {unit}"),
                    _ => unit.to_string(),
                };
                (format!("{}{cursor}", prompt.typed), format!("type a number {range}"))
            }
            (OptionLine::Typed, _) => (prompt.typed.clone(), String::new()),
            (OptionLine::DontKnow, _) => {
                ("don't know".to_string(), format!("keep the default ({default}) and list it as an assumption"))
            }
        };
        let is_default = matches!(choice, OptionLine::Value(v) if *v == fact.default);
        let default_mark = if is_default { " (default)" } else { "" };
        let explanation = if explained || matches!(choice, OptionLine::Typed) { explanation } else { String::new() };
        let head = format!("  {mark} {}. {label:<24} ", i + 1);
        let indent = head.chars().count();
        let line = format!("{head}{}", wrap(&format!("{explanation}{default_mark}"), width, indent));
        lines.push(line.trim_end().to_string());
    }
    for (value, contradiction) in
        crate::prompt::refused(rules, fact_id, questionnaire.workload()).into_iter().filter(|_| explained)
    {
        let rule = rules.rule_of(contradiction.rule);
        let why =
            format!("not offered: {} cannot be true with your other answers ({})", shown(fact, value), rule.title);
        lines.push(format!("    {}", wrap(&why, width, 4)));
    }
    if let Some(error) = &prompt.error {
        lines.push(String::new());
        lines.push(format!("  ! {}", crate::render::escape(error)));
    }
    lines.push(String::new());
    if prompt.help {
        if !fact.help.is_empty() {
            lines.push(wrap(&fact.help, width, 0));
        }
        let moved: Vec<&str> =
            rules.platforms_moved_by(fact_id).into_iter().map(|p| rules.platform_of(p).id.as_str()).collect();
        if !moved.is_empty() {
            lines.push(wrap(&format!("Moves: {}.", moved.join(", ")), width, 0));
        }
        lines.push(wrap(HOW_SKIPPING_WORKS, width, 0));
        lines.push(String::new());
    }
    lines.push("↑/↓ or a number to choose · Enter to confirm · ? help · Esc back · Ctrl-C quit".to_string());
    lines
}

fn review(
    questionnaire: &Questionnaire<'_>,
    prompt: &Prompt,
    rules: &RuleSet,
    width: usize,
    height: usize,
) -> Vec<String> {
    let mut lines = vec![
        "shipwise ask · review your answers".to_string(),
        String::new(),
        wrap("Pick an answer to change it, or go on to the recommendation.", width, 0),
        String::new(),
    ];
    let facts = questionnaire.review_facts();
    let id_width = facts.iter().map(|f| rules.fact_of(*f).id.len()).max().unwrap_or(0);
    // The list: group headings and one line per fact; remember which line holds the cursor.
    let mut list: Vec<String> = Vec::new();
    let mut cursor_line = 0;
    for (i, &fact_id) in facts.iter().enumerate() {
        let visited = questionnaire.is_visited(fact_id);
        if i == 0 && visited {
            list.push("  Your answers".to_string());
        }
        if !visited && (i == 0 || questionnaire.is_visited(facts[i - 1])) {
            list.push(String::new());
            list.push("  Not asked: they could not change the result, so their defaults are assumed".to_string());
        }
        let fact = rules.fact_of(fact_id);
        let mark = if i == prompt.cursor { ">" } else { " " };
        if i == prompt.cursor {
            cursor_line = list.len();
        }
        let value = shown(fact, questionnaire.workload().value(fact_id));
        let value =
            if questionnaire.is_unknown(fact_id) { format!("{value} (don't know: default assumed)") } else { value };
        list.push(format!("  {mark} {:>2}. {:<id_width$}  {value}", i + 1, fact.id));
    }
    list.push(String::new());
    if prompt.cursor >= facts.len() {
        cursor_line = list.len();
    }
    let mark = if prompt.cursor >= facts.len() { ">" } else { " " };
    list.push(format!("  {mark} Show the recommendation"));

    let mut footer = Vec::new();
    if prompt.help {
        footer.push(String::new());
        footer.push(wrap(HOW_SKIPPING_WORKS, width, 0));
    }
    footer.push(String::new());
    footer.push("↑/↓ to choose · Enter to change an answer or finish · Esc back · Ctrl-C quit".to_string());

    // Show a window of the list around the cursor when it does not fit the terminal.
    let room = height.saturating_sub(lines.len() + footer.len() + 1).max(5);
    if list.len() > room {
        let start = cursor_line.saturating_sub(room / 2).min(list.len() - room);
        let end = start + room;
        let mut window: Vec<String> = list[start..end].to_vec();
        if start > 0 {
            window[0] = format!("  ↑ {start} more lines");
        }
        if end < list.len() {
            window[room - 1] = format!("  ↓ {} more lines", list.len() - end);
        }
        list = window;
    }
    lines.extend(list);
    lines.extend(footer);
    lines
}

/// A value as a person reads it: booleans as yes and no.
fn shown(fact: &crate::catalog::Fact, value: Value) -> String {
    match value {
        Value::Bool(true) => "yes".to_string(),
        Value::Bool(false) => "no".to_string(),
        other => fact.show(other).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::Input;
    use crate::testing::rules;
    use crate::workload::Workload;

    #[test]
    fn a_question_lists_its_options_with_the_default_marked() {
        let rules = rules();
        let q = Questionnaire::new(&rules, Workload::defaults(&rules));
        let mut prompt = Prompt::for_screen(&q, &rules);
        prompt.help = true;
        let text = screen(&q, &prompt, &rules, 100, 50).join("\n");
        insta::assert_snapshot!(text, @r"
        shipwise ask · question 1 · about 2 more to go · team.experience

        How experienced is the team?

          > 1. none                     No experience (default)
            2. some                     Some
            3. lots                     Lots
            4. don't know               keep the default (none) and list it as an assumption

        Moves: nodes.
        shipwise asks only what can still change its answer: a question is skipped when its condition does
        not apply, or when none of its answers would put another platform first given your answers so far.
        Skipped questions keep their defaults and are listed as assumptions.

        ↑/↓ or a number to choose · Enter to confirm · ? help · Esc back · Ctrl-C quit
        ");
    }

    #[test]
    fn the_review_lists_every_answer_and_marks_dont_know() {
        let rules = rules();
        let mut q = Questionnaire::new(&rules, Workload::defaults(&rules));
        q.apply(Input::DontKnow);
        while let Screen::Question(_) = q.screen() {
            q.apply(Input::DontKnow);
        }
        let prompt = Prompt::for_screen(&q, &rules);
        let text = screen(&q, &prompt, &rules, 100, 50).join("\n");
        assert!(text.contains("1. team.experience        none (don't know: default assumed)"), "{text}");
        assert!(text.contains("2. requirements.gpu       no (don't know: default assumed)"), "{text}");
        assert!(text.contains("Not asked: they could not change the result"), "{text}");
        assert!(text.contains("4. placement.on_premises  none"), "{text}");
        assert!(text.contains("> Show the recommendation"), "{text}");
    }
}
