//! Text from input made safe to print. Every renderer, every error message and the top-level
//! error printer pass what came from a file (names, keys, values, pack texts) through [`escape`],
//! so that no input can move the cursor, retitle or clear a terminal, or start a line of its own
//! in a log (where GitHub Actions would run a line starting with `::` as a workflow command).
//! shipwise's own colour codes are added after escaping, by `render::Style`.

use std::borrow::Cow;

/// The longest excerpt of a key or value that a message quotes, in characters of its escaped form.
pub const EXCERPT_CHARS: usize = 60;

/// Whether a character must not reach a terminal or a log as it is: the C0 and C1 controls and
/// DEL (line breaks, tabs and escape sequences among them), the Unicode line and paragraph
/// separators, the bidirectional embeddings, overrides and isolates that reorder what a reader
/// sees, and the two non-characters that XML refuses.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{fffe}' | '\u{ffff}')
}

/// `text` with every unsafe character written as a visible escape (`\n`, `\r`, `\t`, `\u{1b}`),
/// and a `::` that would begin a word written `\u{3a}:`, so that no wrapping or table layout can
/// put it at the start of a line. Escaping twice changes nothing more.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !needs_escape(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    push_escaped(&mut out, text, usize::MAX);
    Cow::Owned(out)
}

/// A short, escaped excerpt of a key or value for a message: at most [`EXCERPT_CHARS`]
/// characters, with `…` where it was cut.
pub fn excerpt(text: &str) -> String {
    let mut out = String::new();
    if push_escaped(&mut out, text, EXCERPT_CHARS) {
        out.push('…');
    }
    out
}

/// A JSON document safe to print: serde_json escapes the C0 controls itself but leaves DEL, the
/// C1 controls and the other unsafe characters raw inside strings, where `\uXXXX` means the same.
pub fn json(text: String) -> String {
    // Below U+0020 only the layout's own line breaks and indents are raw; serde escaped the rest.
    let raw = |c: char| is_unsafe(c) && c > '\u{1f}';
    // Every such character is DEL or starts with one of three UTF-8 lead bytes (C1 controls 0xC2,
    // the separators and bidi controls 0xE2, the non-characters 0xEF): a byte scan rules most
    // documents out at once.
    if !text.bytes().any(|b| matches!(b, 0x7f | 0xc2 | 0xe2 | 0xef)) || !text.chars().any(raw) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if raw(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// The last guard before text leaves the process (stdout, report files, the terminal of `ask`):
/// every control character except a line break, a tab and shipwise's own colour codes is
/// escaped. Renderers escape what came from input with [`escape`] already; this catches what
/// one of them may have missed, so that no escape sequence from input ever reaches a terminal.
pub fn output(text: &str) -> Cow<'_, str> {
    let is_loose = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(is_loose) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(code) = COLOURS.iter().find(|code| rest.starts_with(**code)) {
            out.push_str(code);
            rest = &rest[code.len()..];
            continue;
        }
        if is_loose(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// The SGR codes `render::Style` writes: bold, dim, red, green, and reset.
pub const COLOURS: [&str; 5] = ["\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[32m", "\x1b[0m"];

fn needs_escape(text: &str) -> bool {
    text.chars().any(is_unsafe) || text.match_indices("::").any(|(i, _)| begins_a_word(text, i))
}

/// Whether byte `at` of `text` is the start of the text or follows whitespace that stays
/// whitespace (a line break or tab is escaped, so what follows it no longer starts a word).
fn begins_a_word(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_none_or(|c| c.is_whitespace() && !is_unsafe(c))
}

/// Appends `text` escaped, stopping once `limit` characters are written (an escape is never cut);
/// true when it stopped early.
fn push_escaped(out: &mut String, text: &str, limit: usize) -> bool {
    let mut written = 0;
    for (i, c) in text.char_indices() {
        if written >= limit {
            return true;
        }
        let before = out.len();
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ':' if text[i..].starts_with("::") && begins_a_word(text, i) => out.push_str("\\u{3a}"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
        written += out[before..].chars().count();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(input: &str, expected: &str) {
        assert_eq!(escape(input), expected);
        assert_eq!(escape(expected), expected, "escaping twice changes nothing more");
    }

    #[test]
    fn control_characters_become_visible_escapes() {
        case("plain text: a::b", "plain text: a::b");
        case("x\n::error title=Injected::pwn", "x\\n::error title=Injected::pwn");
        case("\u{1b}]0;PWNED\u{7}\u{1b}[2J", "\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J");
        case("a\u{a0}::b", "a\u{a0}\\u{3a}:b");
        case("a\rb\tc\u{7f}\u{9b}31m", "a\\rb\\tc\\u{7f}\\u{9b}31m");
        case("line\u{2028}sep \u{202e}reversed", "line\\u{2028}sep \\u{202e}reversed");
        case("\u{fffe}\u{ffff}", "\\u{fffe}\\u{ffff}");
    }

    #[test]
    fn a_word_never_begins_with_two_colons() {
        case("::error::x", "\\u{3a}:error::x");
        case("a ::warning::y", "a \\u{3a}:warning::y");
        case("std::fs and :: alone", "std::fs and \\u{3a}: alone");
    }

    #[test]
    fn excerpts_are_short_and_say_where_they_were_cut() {
        assert_eq!(excerpt("gpuu"), "gpuu");
        let long = "root:*:20228:0:99999:7:::".repeat(10);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), EXCERPT_CHARS + 1);
        assert!(cut.ends_with('…'));
        let escapes = excerpt(&format!("a{}", "\u{1b}".repeat(100)));
        assert!(
            escapes.ends_with("\\u{1b}…") && escapes.chars().count() == 62,
            "whole escapes, then the mark: {escapes}"
        );
    }

    #[test]
    fn the_output_guard_keeps_line_breaks_tabs_and_colours_only() {
        let text = "\x1b[1mHeading\x1b[0m\n\tcell \x1b]0;PWNED\x07 \r\u{9b}2J\n";
        assert_eq!(output(text), "\x1b[1mHeading\x1b[0m\n\tcell \\u{1b}]0;PWNED\\u{7} \\u{d}\\u{9b}2J\n");
        assert!(matches!(output("plain\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_keeps_its_meaning_without_raw_c1_controls() {
        let text = serde_json::to_string("a\u{9b}b\u{7f}\n").expect("serialises");
        let safe = json(text.clone());
        assert!(!safe.chars().any(is_unsafe), "{safe}");
        let back: String = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back, "a\u{9b}b\u{7f}\n");
    }
}
