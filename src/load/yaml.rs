//! Reading YAML inputs safely: size and encoding checks before parsing, parse budgets against alias
//! bombs, and a small spanned tree (`Node`) for documents whose keys are data (workloads, rule
//! conditions), so that checks made after parsing still point at a line and column.

use std::fmt;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::error::{Error, Location};

/// Inputs larger than this are refused before parsing: no real workload or rule file comes close.
pub const MAX_INPUT_BYTES: u64 = 1024 * 1024;

/// A number written with more characters than this is reported as too long rather than as
/// infinite or out of range (every finite `f64` is written in fewer).
pub const MAX_NUMBER_CHARS: usize = 400;

/// How much of the parser's own message is kept (it may quote the value it stopped at).
const MAX_PARSER_MESSAGE_CHARS: usize = 160;

/// The text of one input and the name to show for it in messages.
#[derive(Clone, Debug)]
pub struct Source {
    /// The name shown in messages: the path as given, or `-` for standard input.
    pub name: Arc<str>,
    /// The whole text.
    pub text: String,
}

impl Source {
    /// A source from text already in memory (embedded files, tests).
    pub fn new(name: &str, text: impl Into<String>) -> Self {
        Source { name: Arc::from(name), text: text.into() }
    }

    /// A source from the bytes of a file: refused when over [`MAX_INPUT_BYTES`] (give at most
    /// one byte more to tell) or not UTF-8, with the line and column of the first bad byte.
    /// Reading the bytes is the caller's (`commands/`); this does no I/O.
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<Self, Error> {
        let name: Arc<str> = Arc::from(name);
        if bytes.len() as u64 > MAX_INPUT_BYTES {
            return Err(Error::at(
                Location::file(&name),
                format!(
                    "is larger than {} KiB; shipwise reads workload and rule files up to that size",
                    MAX_INPUT_BYTES / 1024
                ),
            ));
        }
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Source { name, text }),
            Err(err) => {
                let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
                let valid = std::str::from_utf8(valid).expect("valid_up_to marks a UTF-8 prefix");
                let line = valid.matches('\n').count() as u64 + 1;
                let column = valid.rsplit('\n').next().map_or(0, |tail| tail.chars().count()) as u64 + 1;
                Err(Error::at(Location::at(&name, line, column), "is not valid UTF-8 text; save the file as UTF-8"))
            }
        }
    }

    /// The location of a parsed value in this source.
    pub fn locate(&self, at: &serde_saphyr::Location) -> Location {
        Location::at(&self.name, at.line(), at.column())
    }

    /// Parses the whole source into `T`, turning YAML and structure errors into a located error.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Error> {
        // An empty file parses to null, which most types refuse with a less helpful message; it
        // is told apart only then, so the common case does not scan the text twice.
        serde_saphyr::from_str_with_options(&self.text, parse_options())
            .map_err(|err| if self.is_blank() { self.empty() } else { self.yaml_error(&err) })
    }

    /// Like [`Source::parse`], but when parsing fails, every key the `shape` does not allow is
    /// reported at once (with "did you mean"), instead of only the first that stopped the parser.
    pub fn parse_shaped<T: DeserializeOwned>(&self, shape: &Shape) -> Result<T, Error> {
        self.parse().map_err(|err| {
            let mut problems = Vec::new();
            if let Ok(root) = self.parse::<Spanned<Node>>() {
                shape.unknown_keys(self, &root, &mut problems);
            }
            // The parser's own error stays, unless it is about one of the unknown keys above.
            let about_a_key = |d: &crate::error::Diagnostic| d.message.contains("unknown field");
            let keys_found = !problems.is_empty();
            problems.extend(err.diagnostics().iter().filter(|d| !keys_found || !about_a_key(d)).cloned());
            problems.sort_by(|a, b| a.at.cmp(&b.at));
            Error::invalid(problems)
        })
    }

    /// The error for a file with nothing in it.
    pub fn empty(&self) -> Error {
        Error::at(Location::file(&self.name), "is empty; expected a YAML mapping")
    }

    /// True when the text holds nothing but blank lines and comments.
    pub fn is_blank(&self) -> bool {
        let text = self.text.strip_prefix('\u{feff}').unwrap_or(&self.text);
        text.lines().map(str::trim).all(|line| line.is_empty() || line.starts_with('#') || line == "---")
    }

    fn yaml_error(&self, err: &serde_saphyr::Error) -> Error {
        let at = match err.location() {
            Some(at) => self.locate(&at),
            None => Location::file(&self.name),
        };
        let message = plain_words(&first_line(&err.without_snippet().to_string()));
        if let Some(length) = self.number_at(&at).map(str::len).filter(|n| *n > MAX_NUMBER_CHARS) {
            return Error::at(
                at,
                format!(
                    "this number is {length} characters long; shipwise reads numbers of up to {MAX_NUMBER_CHARS} characters"
                ),
            );
        }
        // The parser may quote the value it choked on: keep the message short.
        let message = match message.char_indices().nth(MAX_PARSER_MESSAGE_CHARS) {
            Some((cut, _)) => format!("{}…", &message[..cut]),
            None => message,
        };
        Error::at(at, message)
    }

    /// The scalar that starts at a location, when it looks like a number.
    fn number_at(&self, at: &Location) -> Option<&str> {
        let line = self.text.lines().nth(usize::try_from(at.line).ok()?.checked_sub(1)?)?;
        let start = line.char_indices().nth(usize::try_from(at.column).ok()?.checked_sub(1)?)?.0;
        let token = line[start..].split(|c: char| c.is_whitespace() || ",]}#".contains(c)).next()?;
        let digits = token.trim_start_matches(['-', '+']);
        digits.starts_with(|c: char| c.is_ascii_digit() || c == '.').then_some(token)
    }
}

/// Options shared by every parse: strict booleans (`yes` stays a string) and tight budgets, so a
/// hostile file fails fast instead of exhausting memory.
fn parse_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_events = 200_000;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_depth = 64;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.strict_booleans = true;
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    options.alias_limits.max_total_replayed_events = 10_000;
    options
}

/// Parser messages that name library internals, in words that say what to do.
fn plain_words(message: &str) -> String {
    let translated = [
        ("DuplicateKeyPolicy", "a key appears twice in the same mapping; keep one of them"),
        ("replayed_events", "repeats aliases too often for a shipwise file; write it out plainly"),
        ("multiple YAML documents", "holds more than one YAML document (`---`); put one document in each file"),
        ("budget breached: Depth", "nests deeper than 64 levels; shipwise files are a few levels deep"),
        ("budget breached", "is too large or repeats aliases too often for a shipwise file; write it out plainly"),
        ("non-finite float", "numbers must be finite (.nan and .inf are not allowed)"),
        ("invalid i64", "expected a whole number here (such as 3), not too large"),
        ("invalid u64", "expected a whole number of at least 0 here (such as 3), not too large"),
        ("invalid u32", "expected a whole number of at least 0 here (such as 3), not too large"),
        ("invalid floating point", "expected a number here (such as 2.5)"),
    ];
    translated
        .iter()
        .find(|(internal, _)| message.contains(internal))
        .map_or_else(|| message.to_string(), |(_, words)| (*words).to_string())
}

/// The first line of a parser message, without the location prefix the parser may add itself.
fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or("invalid YAML").trim();
    let line = line.strip_prefix("error: ").unwrap_or(line);
    match line.rsplit_once(" at line ") {
        Some((head, tail)) if tail.starts_with(|c: char| c.is_ascii_digit()) => head.to_string(),
        _ => line.to_string(),
    }
}

/// The keys a document's mappings may have, for reporting every unknown key at once. Values are
/// checked by the parser afterwards; a shape only names keys.
#[derive(Debug)]
pub enum Shape {
    /// A mapping: what it is (for messages) and its keys, each with the shape of its value.
    Map(&'static str, &'static [(&'static str, Shape)]),
    /// A list whose items have one shape.
    List(&'static Shape),
    /// A value whose keys are data or are checked elsewhere.
    Any,
}

impl Shape {
    /// Records a problem for every key of `node` (and below) that the shape does not allow.
    pub fn unknown_keys(&self, source: &Source, node: &Spanned<Node>, out: &mut Vec<crate::error::Diagnostic>) {
        match (self, &node.value) {
            (Shape::Map(what, keys), Node::Map(entries)) => {
                for (key, value) in entries {
                    match keys.iter().find(|(name, _)| *name == key.value) {
                        Some((_, shape)) => shape.unknown_keys(source, value, out),
                        None => {
                            let names = keys.iter().map(|(name, _)| *name);
                            let hint = crate::error::suggestion(&key.value, names.clone());
                            let allowed: Vec<&str> = names.collect();
                            out.push(crate::error::Diagnostic {
                                at: source.locate(&key.referenced),
                                message: format!(
                                    "unknown key \"{}\"{hint}; {what} takes {}",
                                    crate::escape::excerpt(&key.value),
                                    allowed.join(", ")
                                ),
                            });
                        }
                    }
                }
            }
            (Shape::List(item), Node::Seq(items)) => {
                for each in items {
                    item.unknown_keys(source, each, out);
                }
            }
            _ => {}
        }
    }

    /// The keys of a mapping shape (empty for others).
    pub fn keys(&self) -> Vec<&'static str> {
        match self {
            Shape::Map(_, keys) => keys.iter().map(|(name, _)| *name).collect(),
            _ => Vec::new(),
        }
    }
}

/// A YAML value whose every part keeps its position.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// `~`, `null` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer or a float.
    Number(f64),
    /// Any other scalar.
    String(String),
    /// A sequence.
    Seq(Vec<Spanned<Node>>),
    /// A mapping, in file order, with string keys.
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
}

impl Node {
    /// A short name of the kind of value, for messages ("a list", "a number").
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "nothing (null)",
            Node::Bool(_) => "a boolean",
            Node::Number(_) => "a number",
            Node::String(_) => "a string",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a mapping",
        }
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Null => f.write_str("null"),
            Node::Bool(value) => write!(f, "{value}"),
            Node::Number(value) => write!(f, "{value}"),
            Node::String(value) => write!(f, "\"{}\"", crate::escape::excerpt(value)),
            Node::Seq(_) => f.write_str("a list"),
            Node::Map(_) => f.write_str("a mapping"),
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor::<true>)
    }
}

/// Builds a [`Node`]; with `SPANNED` false every position is left unknown, which parses about
/// twice as fast (see [`Unspanned`]).
struct NodeVisitor<const SPANNED: bool>;

/// A [`Node`] read without positions: the fast first pass for files that are usually valid.
/// When a check fails, the caller parses again with positions to say where.
pub struct Unspanned(pub Node);

impl<'de> Deserialize<'de> for Unspanned {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor::<false>).map(Unspanned)
    }
}

/// Reads a child node, with or without its position.
fn child<'de, A: SeqAccess<'de>, const SPANNED: bool>(seq: &mut A) -> Result<Option<Spanned<Node>>, A::Error> {
    if SPANNED {
        seq.next_element::<Spanned<Node>>()
    } else {
        let unknown = serde_saphyr::Location::UNKNOWN;
        Ok(seq.next_element::<Unspanned>()?.map(|node| Spanned::new(node.0, unknown, unknown)))
    }
}

impl<'de, const SPANNED: bool> Visitor<'de> for NodeVisitor<SPANNED> {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_bool<E>(self, value: bool) -> Result<Node, E> {
        Ok(Node::Bool(value))
    }
    fn visit_i64<E>(self, value: i64) -> Result<Node, E> {
        Ok(Node::Number(value as f64))
    }
    fn visit_u64<E>(self, value: u64) -> Result<Node, E> {
        Ok(Node::Number(value as f64))
    }
    fn visit_f64<E>(self, value: f64) -> Result<Node, E> {
        Ok(Node::Number(value))
    }
    fn visit_str<E>(self, value: &str) -> Result<Node, E> {
        Ok(Node::String(value.to_string()))
    }
    fn visit_string<E>(self, value: String) -> Result<Node, E> {
        Ok(Node::String(value))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = child::<A, SPANNED>(&mut seq)? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        let unknown = serde_saphyr::Location::UNKNOWN;
        while let Some(key) = if SPANNED {
            map.next_key::<Spanned<NodeKey>>()?
        } else {
            map.next_key::<NodeKey>()?.map(|key| Spanned::new(key, unknown, unknown))
        } {
            let value = if SPANNED {
                map.next_value::<Spanned<Node>>()?
            } else {
                Spanned::new(map.next_value::<Unspanned>()?.0, unknown, unknown)
            };
            entries.push((Spanned::new(key.value.0, key.referenced, key.defined), value));
        }
        Ok(Node::Map(entries))
    }
}

/// A mapping key: any scalar, kept as its text (`1: x` has the key "1").
struct NodeKey(String);

impl<'de> Deserialize<'de> for NodeKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = NodeKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a plain mapping key")
            }
            fn visit_str<E>(self, value: &str) -> Result<NodeKey, E> {
                Ok(NodeKey(value.to_string()))
            }
            fn visit_bool<E>(self, value: bool) -> Result<NodeKey, E> {
                Ok(NodeKey(value.to_string()))
            }
            fn visit_i64<E>(self, value: i64) -> Result<NodeKey, E> {
                Ok(NodeKey(value.to_string()))
            }
            fn visit_u64<E>(self, value: u64) -> Result<NodeKey, E> {
                Ok(NodeKey(value.to_string()))
            }
            fn visit_f64<E>(self, value: f64) -> Result<NodeKey, E> {
                Ok(NodeKey(value.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<NodeKey, E> {
                Err(E::custom("a mapping key is empty"))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

/// Checks that a [`Shape`] names exactly the fields that `T` accepts, as the parser's own
/// "unknown field" message lists them.
#[cfg(test)]
pub(crate) fn assert_shape_matches<T: DeserializeOwned + fmt::Debug>(shape: &Shape) {
    let err = serde_saphyr::from_str::<T>("zzz_not_a_field: 1\n").expect_err("an unknown field is refused");
    let message = err.to_string();
    let listed = message.split_once("expected one of ").map_or("", |(_, tail)| tail.lines().next().unwrap_or(""));
    let mut fields: Vec<&str> = listed.split(", ").map(|f| f.trim_matches('`')).collect();
    let mut keys = shape.keys();
    fields.sort_unstable();
    keys.sort_unstable();
    assert_eq!(fields, keys, "the shape and the struct disagree ({message})");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Spanned<Node>, Error> {
        Source::new("t.yaml", text).parse()
    }

    #[test]
    fn nodes_keep_positions_of_keys_and_values() {
        let node = parse("team:\n  kubernetes_experience: basic\n").expect("valid YAML");
        let Node::Map(entries) = node.value else { panic!("expected a mapping") };
        let (key, value) = &entries[0];
        assert_eq!(key.value, "team");
        let Node::Map(inner) = &value.value else { panic!("expected a mapping") };
        assert_eq!(inner[0].0.value, "kubernetes_experience");
        assert_eq!((inner[0].0.referenced.line(), inner[0].0.referenced.column()), (2, 3));
        assert_eq!(inner[0].1.value, Node::String("basic".into()));
        assert_eq!((inner[0].1.referenced.line(), inner[0].1.referenced.column()), (2, 26));
    }

    #[test]
    fn yaml_errors_name_line_and_column() {
        let err = parse("team:\n  a: [1, 2\n").expect_err("unclosed list");
        let at = &err.diagnostics()[0].at;
        assert_eq!(&*at.file, "t.yaml");
        assert!(at.line >= 2, "{err}");
    }

    #[test]
    fn empty_input_is_refused() {
        let source = Source::new("t.yaml", "  \n# only a comment\n");
        let err = source.parse::<String>().expect_err("empty");
        assert!(source.is_blank());
        assert_eq!(err.to_string(), "t.yaml: is empty; expected a YAML mapping");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        assert!(parse(&text).is_err());
    }

    #[test]
    fn duplicate_keys_are_refused() {
        assert!(parse("a: 1\na: 2\n").is_err());
    }
}
