//! The one JUnit XML writer, for `check` and `rules test`: suites of cases, each passed, skipped,
//! failed or in error, every text escaped for XML.

use super::Lines as _;

use super::check::xml;

/// How a test case came out.
pub enum Result {
    /// It passed.
    Pass,
    /// It was skipped (a waived decision), with why.
    Skipped {
        /// Why.
        message: String,
    },
    /// It failed.
    Failure {
        /// The kind of failure, when there are several (`warn`, `fail`).
        kind: Option<String>,
        /// One line.
        message: String,
        /// The whole story.
        details: String,
    },
    /// It could not be run.
    Error {
        /// Why.
        message: String,
    },
}

/// One test case.
pub struct Case {
    /// The class it belongs to (a file, a command).
    pub classname: String,
    /// Its name.
    pub name: String,
    /// Where it is written, when it is written in a file.
    pub file: Option<(String, u64)>,
    /// How it came out.
    pub result: Result,
}

/// One test suite.
pub struct Suite {
    /// Its name.
    pub name: String,
    /// Its cases.
    pub cases: Vec<Case>,
}

/// The document. `counts` adds the errors and skipped counts to the suites (for reports that
/// can have them); `comment` ends the document with an XML comment (a tally).
pub fn document(name: &str, suites: &[Suite], counts: bool, comment: Option<&str>) -> String {
    let tally = |cases: &mut dyn Iterator<Item = &Case>| {
        let (mut tests, mut failures, mut errors, mut skipped) = (0, 0, 0, 0);
        for case in cases {
            tests += 1;
            match case.result {
                Result::Pass => {}
                Result::Skipped { .. } => skipped += 1,
                Result::Failure { .. } => failures += 1,
                Result::Error { .. } => errors += 1,
            }
        }
        let extra = if counts { format!(" errors=\"{errors}\" skipped=\"{skipped}\"") } else { String::new() };
        format!("tests=\"{tests}\" failures=\"{failures}\"{extra}")
    };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let all = tally(&mut suites.iter().flat_map(|s| s.cases.iter()));
    out.line(format!("<testsuites name=\"{}\" {all}>", xml(name)));
    for suite in suites {
        out.line(format!("  <testsuite name=\"{}\" {}>", xml(&suite.name), tally(&mut suite.cases.iter())));
        for case in &suite.cases {
            out.push_str(&format!("    <testcase classname=\"{}\" name=\"{}\"", xml(&case.classname), xml(&case.name)));
            if let Some((file, line)) = &case.file {
                out.push_str(&format!(" file=\"{}\" line=\"{line}\"", xml(file)));
            }
            match &case.result {
                Result::Pass => out.push_str("/>\n"),
                Result::Skipped { message } => {
                    out.line(format!(">\n      <skipped message=\"{}\"/>\n    </testcase>", xml(message)));
                }
                Result::Failure { kind, message, details } => {
                    let kind = kind.as_ref().map_or(String::new(), |k| format!(" type=\"{}\"", xml(k)));
                    out.line(format!(
                        ">\n      <failure{kind} message=\"{}\">{}</failure>\n    </testcase>",
                        xml(message),
                        xml(details)
                    ));
                }
                Result::Error { message } => {
                    out.line(format!(">\n      <error message=\"{}\"/>\n    </testcase>", xml(message)));
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    if let Some(comment) = comment {
        out.line(format!("<!-- {} -->", xml(comment)));
    }
    out
}
