//! The output formats the renderers know, as plain data. The command line has its own enums
//! (clap's, in `cli.rs`); `commands/` converts one into the other, so nothing here knows clap.

/// Formats of a recommendation and of the listings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A table for the terminal.
    Table,
    /// JSON.
    Json,
    /// YAML.
    Yaml,
    /// Markdown.
    Markdown,
}

/// Formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckFormat {
    /// One block per record, then a tally.
    Text,
    /// JSON.
    Json,
    /// JUnit XML.
    Junit,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions annotations.
    Github,
    /// Markdown.
    Markdown,
}

/// Formats of `rules calibrate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalibrateFormat {
    /// Agreement, per platform, chosen against first, misses and close calls.
    Text,
    /// JSON.
    Json,
    /// Markdown.
    Markdown,
}

/// Formats of `rules lint`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LintFormat {
    /// One line per finding, then a tally.
    Text,
    /// JSON.
    Json,
}

/// Formats of `rules test`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestFormat {
    /// One line per case, the coverage, then the tally.
    Text,
    /// JSON.
    Json,
    /// JUnit XML.
    Junit,
}
