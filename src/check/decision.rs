//! Decision records: a YAML file with a top-level `shipwise:` block, or a Markdown ADR whose YAML
//! front matter has one (MADR style; other keys are left alone). Reading a record finds the chosen
//! platform (with the line of its `platform:` key), the workload it names (a path relative to the
//! record, or an inline mapping) and an optional waiver.

use std::path::{Path, PathBuf};

use serde_saphyr::Spanned;

use crate::error::{Diagnostic, Error, Location, suggestion};
use crate::escape::excerpt;
use crate::yaml::{Node, Source};

/// A recorded decision.
#[derive(Clone, Debug)]
pub struct Decision {
    /// The record file, as found.
    pub path: PathBuf,
    /// The record's YAML (for a Markdown record, its front matter at its real line numbers).
    pub source: Source,
    /// The chosen platform id, where it is written.
    pub platform: Spanned<String>,
    /// The workload the decision was made for.
    pub workload: WorkloadSource,
    /// A deliberate deviation, if the record explains one.
    pub waiver: Option<Waiver>,
}

/// Where a record's workload is.
#[derive(Clone, Debug)]
pub enum WorkloadSource {
    /// A path, relative to the record's folder (or absolute).
    Path(Spanned<String>),
    /// The workload written inline in the record.
    Inline(Spanned<Node>),
}

/// A waiver: why the team deviates on purpose, who owns it, until when.
#[derive(Clone, Debug)]
pub struct Waiver {
    /// Why the team deviates.
    pub reason: String,
    /// Who owns the deviation.
    pub owner: Option<String>,
    /// `YYYY-MM-DD`; after this date, or if it cannot be read, the waiver no longer counts.
    pub expires: Option<String>,
}

/// The keys a `shipwise:` block takes.
const BLOCK_KEYS: [&str; 3] = ["platform", "workload", "waiver"];
/// The keys a waiver takes.
const WAIVER_KEYS: [&str; 3] = ["reason", "owner", "expires"];

/// Whether a file name is one `check` looks at.
pub fn is_candidate(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ["yaml", "yml", "md"].iter().any(|candidate| ext.eq_ignore_ascii_case(candidate)))
}

/// Reads a record from its text: a Markdown file's front matter (by `path`'s extension), or the
/// whole YAML file; `Ok(None)` when it holds no `shipwise:` block. No I/O.
pub fn parse_record(path: &Path, file: Source) -> Result<Option<Decision>, Error> {
    let is_markdown = path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("md"));
    let source = if is_markdown {
        match front_matter(&file.text) {
            FrontMatter::Yaml(yaml) => Source { name: file.name.clone(), text: yaml },
            FrontMatter::None => return Ok(None),
            FrontMatter::Unclosed => {
                let message = "the front matter opened by `---` on line 1 is never closed; end it with a `---` line";
                return Err(Error::at(Location::at(&file.name, 1, 1), message));
            }
        }
    } else {
        file
    };
    let root: Spanned<Node> = source.parse()?;
    let Node::Map(entries) = &root.value else {
        return Ok(None);
    };
    let Some((key, block)) = entries.iter().find(|(key, _)| key.value == "shipwise") else {
        return Ok(None);
    };
    let mut problems = Vec::new();
    let decision = parse_block(path, &source, key, block, &mut problems);
    match decision {
        Some(decision) if problems.is_empty() => Ok(Some(decision)),
        _ => Err(Error::invalid(problems)),
    }
}

/// Whether a file's bytes mention `shipwise` at all: a file that never does is passed over
/// without being checked for size or encoding, so that an unrelated large or Latin-1 file in the
/// repository is not an error.
pub fn mentions_shipwise(bytes: &[u8]) -> bool {
    bytes.windows(8).any(|w| w == b"shipwise")
}

/// What a Markdown file starts with.
enum FrontMatter {
    /// YAML front matter, padded so its line numbers match the file's.
    Yaml(String),
    /// No front matter.
    None,
    /// A `---` line with no closing one.
    Unclosed,
}

/// The YAML front matter of a Markdown file, with a blank line in place of the opening `---`
/// so that line numbers match the file.
fn front_matter(text: &str) -> FrontMatter {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return FrontMatter::None;
    }
    let mut yaml = String::from("\n");
    for line in lines {
        if matches!(line.trim_end(), "---" | "...") {
            return FrontMatter::Yaml(yaml);
        }
        yaml.push_str(line);
        yaml.push('\n');
    }
    FrontMatter::Unclosed
}

fn parse_block(
    path: &Path,
    source: &Source,
    key: &Spanned<String>,
    block: &Spanned<Node>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Decision> {
    let mut problem = |at: &serde_saphyr::Location, message: String| {
        problems.push(Diagnostic { at: source.locate(at), message });
    };
    let Node::Map(entries) = &block.value else {
        problem(
            &block.referenced,
            format!(
                "`shipwise` is a mapping with platform, workload and (optionally) waiver, not {}",
                block.value.kind()
            ),
        );
        return None;
    };
    let (mut platform, mut workload, mut waiver) = (None, None, None);
    for (name, value) in entries {
        match (name.value.as_str(), &value.value) {
            ("platform", Node::String(id)) => {
                platform = Some(Spanned::new(id.clone(), value.referenced, value.defined));
            }
            ("platform", other) => problem(
                &value.referenced,
                format!("`platform` is a platform id such as ecs-fargate, not {}", other.kind()),
            ),
            ("workload", Node::String(file)) => {
                workload = Some(WorkloadSource::Path(Spanned::new(file.clone(), value.referenced, value.defined)));
            }
            ("workload", Node::Map(_)) => workload = Some(WorkloadSource::Inline(value.clone())),
            ("workload", other) => problem(
                &value.referenced,
                format!("`workload` is a path to a workload file or an inline mapping, not {}", other.kind()),
            ),
            ("waiver", Node::Map(fields)) => waiver = Some(parse_waiver(value, fields, &mut problem)),
            ("waiver", other) => problem(
                &value.referenced,
                format!("`waiver` is a mapping with reason, owner and expires, not {}", other.kind()),
            ),
            (other, _) => problem(
                &name.referenced,
                format!(
                    "unknown key \"{}\" in `shipwise`{}; it takes {}",
                    excerpt(other),
                    suggestion(other, BLOCK_KEYS),
                    BLOCK_KEYS.join(", ")
                ),
            ),
        }
    }
    if platform.is_none() {
        problem(&key.referenced, "the `shipwise` block needs `platform`: the platform id the team chose".to_string());
    }
    if workload.is_none() {
        problem(
            &key.referenced,
            "the `shipwise` block needs `workload`: a path to the workload file, or the workload inline".to_string(),
        );
    }
    Some(Decision {
        path: path.to_path_buf(),
        source: source.clone(),
        platform: platform?,
        workload: workload?,
        waiver: waiver.flatten(),
    })
}

fn parse_waiver(
    node: &Spanned<Node>,
    fields: &[(Spanned<String>, Spanned<Node>)],
    problem: &mut impl FnMut(&serde_saphyr::Location, String),
) -> Option<Waiver> {
    let mut waiver = Waiver { reason: String::new(), owner: None, expires: None };
    for (name, value) in fields {
        let text = match &value.value {
            Node::String(text) => text.clone(),
            Node::Number(n) => n.to_string(),
            other => {
                problem(&value.referenced, format!("`{}` is text, not {}", name.value, other.kind()));
                continue;
            }
        };
        match name.value.as_str() {
            "reason" => waiver.reason = text,
            "owner" => waiver.owner = Some(text),
            "expires" => waiver.expires = Some(text),
            other => problem(
                &name.referenced,
                format!(
                    "unknown key \"{}\" in `waiver`{}; it takes {}",
                    excerpt(other),
                    suggestion(other, WAIVER_KEYS),
                    WAIVER_KEYS.join(", ")
                ),
            ),
        }
    }
    if waiver.reason.trim().is_empty() {
        problem(&node.referenced, "a waiver needs a `reason`: why the team deviates on purpose".to_string());
        return None;
    }
    Some(waiver)
}

impl Decision {
    /// Where the `platform:` value is written.
    pub fn platform_location(&self) -> Location {
        self.source.locate(&self.platform.referenced)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::read_record;

    fn write(name: &str, text: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("shipwise-decision-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        path
    }

    #[test]
    fn markdown_front_matter_keeps_real_line_numbers() {
        let path = write(
            "a.md",
            "---\nstatus: accepted\nshipwise:\n  platform: ecs-fargate\n  workload: ../w.yaml\n---\n# Title\n",
        );
        let decision = read_record(&path).expect("valid").expect("a record");
        assert_eq!(decision.platform.value, "ecs-fargate");
        assert_eq!(decision.platform_location().line, 4);
        assert!(matches!(&decision.workload, WorkloadSource::Path(p) if p.value == "../w.yaml"));
    }

    #[test]
    fn files_without_a_shipwise_block_are_not_records() {
        assert!(read_record(&write("b.md", "# Just notes\n")).expect("fine").is_none());
        assert!(read_record(&write("c.md", "---\ntitle: x\n---\n")).expect("fine").is_none());
        assert!(read_record(&write("d.yaml", "key: [unclosed\n")).expect("not parsed").is_none());
        let latin1 = write("h.md", "caf\u{e9}\n");
        std::fs::write(&latin1, b"# caf\xe9 notes\n").expect("write");
        assert!(read_record(&latin1).expect("not read as text").is_none());
    }

    #[test]
    fn any_spelling_of_the_block_is_found() {
        let bom = read_record(&write("i.yaml", "\u{feff}shipwise:\n  platform: ecs-fargate\n  workload: w.yaml\n"));
        assert!(bom.expect("valid").is_some(), "a byte-order mark");
        let flow = read_record(&write("j.yaml", "{shipwise: {platform: ecs-fargate, workload: w.yaml}}\n"));
        assert!(flow.expect("valid").is_some(), "flow style");
        let quoted = read_record(&write("k.yaml", "\"shipwise\":\n  platform: ecs-fargate\n  workload: w.yaml\n"));
        assert!(quoted.expect("valid").is_some(), "a quoted key");
        let unclosed = read_record(&write("l.md", "---\nshipwise:\n  platform: ecs-fargate\n# no end\n"));
        assert!(unclosed.expect_err("unclosed").to_string().contains("never closed"));
    }

    #[test]
    fn a_broken_block_is_an_error_at_its_line() {
        let err = read_record(&write("e.yaml", "shipwise:\n  platfrom: ecs-fargate\n  workload: w.yaml\n"))
            .expect_err("typo");
        let first = err.diagnostics()[0].to_string();
        assert!(
            first.contains("e.yaml:2:3: unknown key \"platfrom\" in `shipwise` (did you mean \"platform\"?)"),
            "{first}"
        );
    }

    #[test]
    fn waivers_need_a_reason() {
        let err = read_record(&write(
            "f.yaml",
            "shipwise:\n  platform: eks-ec2\n  workload: w.yaml\n  waiver:\n    owner: team\n",
        ))
        .expect_err("no reason");
        assert!(err.to_string().contains("a waiver needs a `reason`"), "{err}");
        let ok = read_record(&write("g.yaml", "shipwise:\n  platform: eks-ec2\n  workload: w.yaml\n  waiver:\n    reason: shared cluster\n    expires: 2027-03-31\n")).expect("valid").expect("a record");
        assert_eq!(ok.waiver.and_then(|w| w.expires).as_deref(), Some("2027-03-31"));
    }
}
