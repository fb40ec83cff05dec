//! `.shipwise.yaml`: a repo's choice of rule packs and defaults, so that its CI and its people get
//! the same answers without flags. It is looked for in the current folder, then in each parent;
//! the first one found counts. Flags given on the command line win over it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::{Error, Location};
use crate::fence::Fence;
use crate::yaml::{Node, Shape, Source};

/// The keys of `.shipwise.yaml`, for reporting every unknown one at once.
pub const CONFIG_SHAPE: Shape = Shape::Map(
    "`.shipwise.yaml`",
    &[
        ("rules", Shape::Any),
        ("default_rules", Shape::Any),
        (
            "check",
            Shape::Map(
                "`check`",
                &[("tolerance", Shape::Any), ("fail_on_warn", Shape::Any), ("min_confidence", Shape::Any)],
            ),
        ),
        ("lint", Shape::Map("`lint`", &[("max_age", Shape::Any), ("fail_on_warn", Shape::Any)])),
        ("test", Shape::Map("`test`", &[("min_coverage", Shape::Any)])),
    ],
);

/// The file name looked for.
pub const FILE_NAME: &str = ".shipwise.yaml";

/// `.shipwise.yaml` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    /// Rule-pack folders, relative to the file, layered in order on top of the default pack (a
    /// list, or one folder).
    rules: Option<Spanned<Node>>,
    /// false: use only the packs under `rules`.
    default_rules: Option<bool>,
    /// Defaults of `shipwise check`.
    #[serde(default)]
    check: RawCheck,
    /// Defaults of `shipwise rules lint`.
    #[serde(default)]
    lint: RawLint,
    /// Defaults of `shipwise rules test`.
    #[serde(default)]
    test: RawTest,
}

/// `check:` as written, with places for range errors.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    tolerance: Option<Spanned<f64>>,
    fail_on_warn: Option<bool>,
    min_confidence: Option<Spanned<f64>>,
}

/// `lint:` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLint {
    max_age: Option<Spanned<f64>>,
    fail_on_warn: Option<bool>,
}

/// `test:` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTest {
    min_coverage: Option<Spanned<f64>>,
}

/// Defaults of `shipwise check`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckDefaults {
    /// `--tolerance`.
    pub tolerance: Option<f64>,
    /// `--fail-on-warn`.
    pub fail_on_warn: Option<bool>,
    /// `--min-confidence`.
    pub min_confidence: Option<f64>,
}

/// Defaults of `shipwise rules lint`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintDefaults {
    /// `--max-age`, in months.
    pub max_age: Option<u32>,
    /// `--fail-on-warn`.
    pub fail_on_warn: Option<bool>,
}

/// Defaults of `shipwise rules test`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestDefaults {
    /// `--min-coverage`, in percent.
    pub min_coverage: Option<f64>,
}

/// A `.shipwise.yaml`, read and checked: its packs exist and are folders.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The file it came from.
    pub path: PathBuf,
    /// Rule-pack folders, resolved against the file's folder, in order.
    pub rules: Vec<PathBuf>,
    /// Whether the default pack is loaded under them (`default_rules`, true unless said).
    pub default_rules: bool,
    /// Defaults of `check`.
    pub check: CheckDefaults,
    /// Defaults of `rules lint`.
    pub lint: LintDefaults,
    /// Defaults of `rules test`.
    pub test: TestDefaults,
}

impl Config {
    /// The `.shipwise.yaml` in `start` or its nearest parent that has one, never above the
    /// project root (the folder holding `.git`): a file above the repository is not the
    /// repository's. Its packs must lie inside the project. Messages name it relative to `start`
    /// (`../../.shipwise.yaml`), as the user would.
    pub fn discover(start: &Path) -> Result<Option<Config>, Error> {
        for (up, dir) in start.ancestors().enumerate() {
            let path = dir.join(FILE_NAME);
            if path.is_file() || path.is_symlink() {
                let shown = format!("{}{FILE_NAME}", "../".repeat(up));
                let fence = Fence::around(dir, false);
                fence.admit(&path).map_err(|message| Error::at(Location::file(&Arc::from(shown.as_str())), message))?;
                return Config::read_as(&path, &shown, Some(&fence)).map(Some);
            }
            if dir.join(".git").exists() {
                break;
            }
        }
        Ok(None)
    }

    /// Reads a configuration file the user named (`--config`); every pack folder it names must
    /// exist, wherever it is.
    pub fn read(path: &Path) -> Result<Config, Error> {
        Config::read_as(path, &path.display().to_string(), None)
    }

    /// Reads a configuration file; with a fence, the packs it names must lie inside it.
    fn read_as(path: &Path, shown: &str, fence: Option<&Fence>) -> Result<Config, Error> {
        Config::parse(&crate::commands::read_source_as(path, shown)?, path, fence)
    }

    /// A configuration from its text, as if read from `path` (pack folders are resolved against
    /// its folder, and must exist); with a fence, they must lie inside it.
    pub fn parse(source: &Source, path: &Path, fence: Option<&Fence>) -> Result<Config, Error> {
        let raw: RawConfig =
            if source.is_blank() { RawConfig::default() } else { source.parse_shaped(&CONFIG_SHAPE)? };
        let base = path.parent().unwrap_or(Path::new("."));
        let mut rules = Vec::new();
        let mut problems = Vec::new();
        let entries: Vec<Spanned<String>> = match &raw.rules {
            None => Vec::new(),
            Some(node) => {
                let items: Vec<&Spanned<Node>> = match &node.value {
                    Node::Seq(items) => items.iter().collect(),
                    _ => vec![node],
                };
                let mut entries = Vec::new();
                for item in items {
                    match &item.value {
                        Node::String(dir) if dir.trim().is_empty() => problems.push(crate::error::Diagnostic {
                            at: source.locate(&item.referenced),
                            message: "a `rules` entry names a folder; write `.` for the folder of this file".into(),
                        }),
                        Node::String(dir) => entries.push(Spanned::new(dir.clone(), item.referenced, item.defined)),
                        other => problems.push(crate::error::Diagnostic {
                            at: source.locate(&item.referenced),
                            message: format!(
                                "`rules` lists pack folders, such as [platform/shipwise-pack], not {}",
                                other.kind()
                            ),
                        }),
                    }
                }
                entries
            }
        };
        for entry in &entries {
            let dir = base.join(&entry.value);
            let outside = fence.filter(|fence| dir.is_dir() && !fence.contains(&dir));
            if let Some(fence) = outside {
                problems.push(crate::error::Diagnostic {
                    at: source.locate(&entry.referenced),
                    message: format!(
                        "rule pack \"{}\" is outside the project ({}); a repository's .shipwise.yaml names packs inside it (a pack of your own elsewhere: --rules DIR or --config FILE)",
                        crate::escape::excerpt(&entry.value),
                        fence.root().display()
                    ),
                });
            } else if dir.is_dir() {
                rules.push(dir);
            } else {
                let what = if dir.exists() { "is not a folder" } else { "does not exist" };
                problems.push(crate::error::Diagnostic {
                    at: source.locate(&entry.referenced),
                    message: format!(
                        "rule pack \"{}\" {what} (paths are relative to {}); name a folder of *.yaml rule files",
                        crate::escape::excerpt(&entry.value),
                        source.name
                    ),
                });
            }
        }
        let mut number = |value: &Option<Spanned<f64>>, name: &str, max: f64, whole: bool, what: &str| {
            let value = value.as_ref()?;
            if value.value.is_finite() && (0.0..=max).contains(&value.value) && (!whole || value.value.fract() == 0.0) {
                return Some(value.value);
            }
            problems.push(crate::error::Diagnostic {
                at: source.locate(&value.referenced),
                message: format!("`{name}` takes {what}, not {}", value.value),
            });
            None
        };
        let check = CheckDefaults {
            tolerance: number(
                &raw.check.tolerance,
                "check.tolerance",
                f64::MAX,
                false,
                "a number of points of at least 0",
            ),
            fail_on_warn: raw.check.fail_on_warn,
            min_confidence: number(
                &raw.check.min_confidence,
                "check.min_confidence",
                100.0,
                false,
                "a percentage from 0 to 100",
            ),
        };
        let lint = LintDefaults {
            max_age: number(&raw.lint.max_age, "lint.max_age", 1200.0, true, "a whole number of months from 0 to 1200")
                .map(|months| months as u32),
            fail_on_warn: raw.lint.fail_on_warn,
        };
        let test = TestDefaults {
            min_coverage: number(
                &raw.test.min_coverage,
                "test.min_coverage",
                100.0,
                false,
                "a percentage from 0 to 100",
            ),
        };
        if !problems.is_empty() {
            return Err(Error::invalid(problems));
        }
        let default_rules = raw.default_rules.unwrap_or(true);
        if !default_rules && rules.is_empty() {
            return Err(Error::at(
                Location::file(&source.name),
                "`default_rules: false` needs at least one pack under `rules`; otherwise no rules are left",
            ));
        }
        Ok(Config { path: path.to_path_buf(), rules, default_rules, check, lint, test })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        crate::testing::scratch(&format!("config-{name}"))
    }

    #[test]
    fn the_shape_names_every_key() {
        crate::yaml::assert_shape_matches::<RawConfig>(&CONFIG_SHAPE);
        let Shape::Map(_, sections) = &CONFIG_SHAPE else { panic!("a mapping") };
        let section = |name: &str| &sections.iter().find(|(key, _)| *key == name).expect("a section").1;
        crate::yaml::assert_shape_matches::<RawCheck>(section("check"));
        crate::yaml::assert_shape_matches::<RawLint>(section("lint"));
        crate::yaml::assert_shape_matches::<RawTest>(section("test"));
    }

    #[test]
    fn is_found_in_a_parent_and_resolves_packs_against_its_folder() {
        let root = scratch("parent");
        std::fs::create_dir_all(root.join("policy")).expect("pack dir");
        std::fs::create_dir_all(root.join("a/b")).expect("sub dirs");
        std::fs::write(root.join(FILE_NAME), "rules: [policy]\ncheck: { tolerance: 4 }\n").expect("writes");
        let config = Config::discover(&root.join("a/b")).expect("reads").expect("found");
        assert_eq!(config.rules, vec![root.join("policy")]);
        assert!(config.default_rules);
        assert_eq!(config.check.tolerance, Some(4.0));
        std::fs::remove_dir_all(&root).expect("cleans up");
    }

    #[test]
    fn names_the_line_of_a_missing_pack_and_of_an_unknown_key() {
        let root = scratch("bad");
        std::fs::write(root.join(FILE_NAME), "rules:\n  - nowhere\n").expect("writes");
        let err = Config::read(&root.join(FILE_NAME)).expect_err("missing pack");
        assert!(err.to_string().contains(":2:5: rule pack \"nowhere\" does not exist"), "{err}");
        std::fs::write(root.join(FILE_NAME), "rule: [x]\n").expect("writes");
        let err = Config::read(&root.join(FILE_NAME)).expect_err("unknown key");
        assert!(err.to_string().contains(":1:1"), "{err}");
        std::fs::write(root.join(FILE_NAME), "check:\n  tolerance: -1\ntest: { min_coverage: 150 }\n").expect("writes");
        let err = Config::read(&root.join(FILE_NAME)).expect_err("out of range").to_string();
        assert!(err.contains(":2:14: `check.tolerance` takes a number of points of at least 0, not -1"), "{err}");
        assert!(err.contains(":3:23: `test.min_coverage` takes a percentage from 0 to 100, not 150"), "{err}");
        std::fs::remove_dir_all(&root).expect("cleans up");
    }
}
