//! The engine's error type: every problem with an input names the file, and where it can, the line
//! and column, and says what to do. Also the table of public exit codes, which `commands` maps
//! every outcome to and `main.rs` returns.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::escape::escape;

/// The public exit codes, in one place (README and `--help` show the same table).
pub mod exit {
    /// Done; nothing failed.
    pub const DONE: u8 = 0;
    /// A check failed.
    pub const CHECK_FAILED: u8 = 1;
    /// Bad input or usage.
    pub const BAD_INPUT: u8 = 2;
    /// The person quit `ask` (Ctrl-C) or the terminal closed; nothing was written.
    pub const INTERRUPTED: u8 = 130;
}

/// A place in an input file. Line and column are 1-based; 0 means "not known".
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// The file as the user named it (`-` for standard input, `<default>/x.yaml` for the embedded pack).
    pub file: Arc<str>,
    /// 1-based line, or 0 when unknown.
    pub line: u64,
    /// 1-based column, or 0 when unknown.
    pub column: u64,
}

impl Location {
    /// A location that names only the file.
    pub fn file(file: &Arc<str>) -> Self {
        Location { file: Arc::clone(file), line: 0, column: 0 }
    }

    /// A location at a line and column of a file.
    pub fn at(file: &Arc<str>, line: u64, column: u64) -> Self {
        Location { file: Arc::clone(file), line, column }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A file name is input too: a newline or an escape sequence in it is shown, not obeyed.
        let file = escape(&self.file);
        if self.line == 0 { write!(f, "{file}") } else { write!(f, "{file}:{}:{}", self.line, self.column) }
    }
}

/// Serialises a location as its text (`file:line:column`), for reports that show it to people.
pub fn location_text<S: serde::Serializer>(at: &Location, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(at)
}

/// One problem found in an input, at a location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is.
    pub at: Location,
    /// What is wrong and what to do, in one line.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, escape(&self.message))
    }
}

/// A file's problems shown before the rest are summed up in one line (see [`Error::invalid`]).
pub const MAX_PROBLEMS_PER_FILE: usize = 30;

/// The longest message a diagnostic keeps, in characters; what quotes a whole file is cut there.
pub const MAX_MESSAGE_CHARS: usize = 1_000;

/// How the line that sums up a file's other problems starts.
const MORE_PREFIX: &str = "and ";
/// How it goes on after the count.
const MORE_SUFFIX: &str = " more problems in this file, not shown; fix the ones above and run again";

/// Everything that can go wrong while reading rule packs and workloads.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in input files (a pack reports all of its problems at once).
    #[error("{}", join_lines(.0))]
    Invalid(Vec<Diagnostic>),
}

impl Error {
    /// An error with a single diagnostic.
    pub fn at(at: Location, message: impl Into<String>) -> Self {
        Error::invalid(vec![Diagnostic { at, message: message.into() }])
    }

    /// An error with these diagnostics: at most [`MAX_PROBLEMS_PER_FILE`] of each file, then one
    /// line saying how many more there are, and each message cut at [`MAX_MESSAGE_CHARS`]. A file
    /// of 99,000 unknown keys gives a screenful, not 23 MB.
    pub fn invalid(problems: Vec<Diagnostic>) -> Self {
        Error::Invalid(cap_per_file(problems))
    }

    /// The diagnostics this error carries.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Invalid(diagnostics) => diagnostics,
        }
    }
}

/// Keeps the first problems of each file and sums up the rest (counting the sums of earlier
/// capping, so that merging capped errors caps them again correctly).
fn cap_per_file(problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut shown: HashMap<Arc<str>, usize> = HashMap::new();
    let mut more: Vec<(Location, usize)> = Vec::new();
    let mut kept = Vec::with_capacity(problems.len().min(MAX_PROBLEMS_PER_FILE));
    for mut problem in problems {
        let count = shown.entry(Arc::clone(&problem.at.file)).or_default();
        let hidden = more_count(&problem.message);
        if hidden.is_none() && *count < MAX_PROBLEMS_PER_FILE {
            *count += 1;
            if problem.message.chars().count() > MAX_MESSAGE_CHARS {
                problem.message = problem.message.chars().take(MAX_MESSAGE_CHARS).collect::<String>() + "…";
            }
            kept.push(problem);
            continue;
        }
        match more.iter_mut().find(|(at, _)| at.file == problem.at.file) {
            Some((_, total)) => *total += hidden.unwrap_or(1),
            None => more.push((problem.at, hidden.unwrap_or(1))),
        }
    }
    for (at, count) in more {
        kept.push(Diagnostic { at, message: format!("{MORE_PREFIX}{count}{MORE_SUFFIX}") });
    }
    kept
}

/// The count of a line written by [`cap_per_file`].
fn more_count(message: &str) -> Option<usize> {
    message.strip_prefix(MORE_PREFIX)?.strip_suffix(MORE_SUFFIX)?.parse().ok()
}

fn join_lines(diagnostics: &[Diagnostic]) -> String {
    let lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    lines.join("\nerror: ")
}

/// How many candidates "did you mean" compares a word with: enough for every key and id of a
/// real pack, and a bound on the work a hostile one can cause (each comparison is quadratic in
/// the words' lengths).
pub const MAX_CANDIDATES: usize = 2_000;

/// The closest candidate to `word`, if one is close enough to be a likely typo. Only the first
/// [`MAX_CANDIDATES`] candidates are compared.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = word.chars().count();
    if length > 64 {
        return None; // nobody mistypes a word that long, and the distance is quadratic in it
    }
    let limit = (length / 3).max(1);
    candidates
        .into_iter()
        .take(MAX_CANDIDATES)
        // Lengths further apart than the limit cannot be within it: skip the quadratic part.
        .filter(|candidate| candidate.len().abs_diff(word.len()) <= 4 * limit)
        .map(|candidate| (edit_distance(word, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| candidate)
}

/// A suffix ` (did you mean "x"?)`, or nothing.
pub fn suggestion<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    match did_you_mean(word, candidates) {
        Some(best) => format!(" (did you mean \"{best}\"?)"),
        None => String::new(),
    }
}

/// Edit distance over characters where swapping two neighbours counts as one edit
/// (optimal string alignment), so "tema" is one edit from "team".
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(word: &str, expected: Option<&str>) {
        let candidates = ["gpu", "privileged", "daemonsets", "max_task_vcpu", "max_task_memory_gib"];
        assert_eq!(did_you_mean(word, candidates), expected);
    }

    #[test]
    fn suggests_close_names_only() {
        case("gpuu", Some("gpu"));
        case("privileged", Some("privileged"));
        case("priviledged", Some("privileged"));
        case("max_task_cpu", Some("max_task_vcpu"));
        case("bananas", None);
        case("daemonstes", Some("daemonsets"));
    }

    #[test]
    fn location_shows_line_and_column_when_known() {
        let file: Arc<str> = Arc::from("w.yaml");
        assert_eq!(Location::at(&file, 3, 7).to_string(), "w.yaml:3:7");
        assert_eq!(Location::file(&file).to_string(), "w.yaml");
    }
}
