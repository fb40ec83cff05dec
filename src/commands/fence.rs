//! The project root (DESIGN.md, "The project root") and the fence around what shipwise reads on a
//! repository's say-so: decision records, the workloads they name, `batch` inputs, packs named by
//! a `.shipwise.yaml` and their test cases are read only when, with every symbolic link followed,
//! they lie inside the project root. `--allow-outside` opens the fence; nothing else does.

use std::path::{Component, Path, PathBuf};

/// The file whose folder is a project root when no repository is around it.
const CONFIG_FILE: &str = ".shipwise.yaml";

/// The project root of a file or folder: the nearest folder at or above it that holds `.git`;
/// else the nearest one holding `.shipwise.yaml`; else the folder itself (a file's own folder).
/// Found from where the path is written, not where its links lead, so that a link planted in a
/// repository cannot move the root elsewhere.
pub fn project_root(path: &Path) -> PathBuf {
    let path = absolute(path);
    let folder = if path.is_dir() { path.as_path() } else { path.parent().unwrap_or(Path::new("/")) };
    let holding = |name: &str| folder.ancestors().find(|dir| dir.join(name).exists()).map(Path::to_path_buf);
    holding(".git").or_else(|| holding(CONFIG_FILE)).unwrap_or_else(|| folder.to_path_buf())
}

/// What may be read: the files inside one project root.
#[derive(Clone, Debug)]
pub struct Fence {
    /// The project root as found (for messages).
    root: PathBuf,
    /// The same with every link resolved; none when it cannot be resolved (nothing is inside).
    real: Option<PathBuf>,
    /// `--allow-outside`: everything may be read.
    open: bool,
}

impl Fence {
    /// The fence at the project root of `path`.
    pub fn around(path: &Path, allow_outside: bool) -> Self {
        Fence::at(&project_root(path), allow_outside)
    }

    /// The fence at a given root.
    pub fn at(root: &Path, allow_outside: bool) -> Self {
        Fence { root: root.to_path_buf(), real: root.canonicalize().ok(), open: allow_outside }
    }

    /// The project root, as found.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether everything may be read (`--allow-outside`).
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Whether a path, with every link followed, is inside (a path that does not resolve is not).
    pub fn contains(&self, path: &Path) -> bool {
        self.open || self.real.as_ref().is_some_and(|root| path.canonicalize().is_ok_and(|real| real.starts_with(root)))
    }

    /// Checks that `path` may be read: it resolves, and into the project. The error says what to
    /// do, without the file's name (the caller's message has it).
    pub fn admit(&self, path: &Path) -> Result<(), String> {
        if self.open {
            return Ok(());
        }
        let Ok(real) = path.canonicalize() else {
            // Distinguish a link to nothing from a path that is not there at all.
            return Err(if path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
                "is a symbolic link to nothing; fix or remove the link".to_string()
            } else {
                "no such file; check the path".to_string()
            });
        };
        if self.real.as_ref().is_some_and(|root| real.starts_with(root)) {
            return Ok(());
        }
        let through = if absolute(path).starts_with(&self.root) { " through a symbolic link" } else { "" };
        Err(format!(
            "is outside the project ({}){through}; shipwise reads nothing outside it without --allow-outside",
            self.root.display()
        ))
    }
}

/// `path` made absolute against the current folder, with `.` and `..` resolved lexically.
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")).join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        crate::testing::scratch(&format!("fence-{name}"))
    }

    #[test]
    fn the_root_is_the_repository_else_the_config_else_the_folder() {
        let dir = scratch("root");
        std::fs::create_dir_all(dir.join("repo/a/b")).expect("folders");
        assert_eq!(project_root(&dir.join("repo/a/b")), dir.join("repo/a/b"), "nothing around it");
        std::fs::write(dir.join("repo/a/.shipwise.yaml"), "").expect("config");
        assert_eq!(project_root(&dir.join("repo/a/b")), dir.join("repo/a"));
        std::fs::create_dir_all(dir.join("repo/.git")).expect("repository");
        assert_eq!(project_root(&dir.join("repo/a/b")), dir.join("repo"), "the repository wins");
        std::fs::write(dir.join("repo/a/b/r.yaml"), "").expect("file");
        assert_eq!(project_root(&dir.join("repo/a/b/r.yaml")), dir.join("repo"), "a file's folder");
        std::fs::remove_dir_all(&dir).expect("cleans up");
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_project_and_to_nothing_are_refused() {
        let dir = scratch("ways-out");
        std::fs::create_dir_all(dir.join("repo/.git")).expect("repository");
        std::fs::write(dir.join("secret.yaml"), "x").expect("outside");
        std::fs::write(dir.join("repo/inside.yaml"), "x").expect("inside");
        std::os::unix::fs::symlink("../secret.yaml", dir.join("repo/out.yaml")).expect("link");
        std::os::unix::fs::symlink("nowhere.yaml", dir.join("repo/dangling.yaml")).expect("link");
        let fence = Fence::around(&dir.join("repo"), false);
        assert_eq!(fence.admit(&dir.join("repo/inside.yaml")), Ok(()));
        let out = fence.admit(&dir.join("repo/out.yaml")).expect_err("outside");
        assert!(out.contains("is outside the project") && out.contains("through a symbolic link"), "{out}");
        let above = fence.admit(&dir.join("repo/../secret.yaml")).expect_err("outside");
        assert!(!above.contains("symbolic"), "{above}");
        assert!(fence.admit(&dir.join("repo/dangling.yaml")).expect_err("dangling").contains("link to nothing"));
        assert_eq!(Fence::around(&dir.join("repo"), true).admit(&dir.join("repo/out.yaml")), Ok(()));
        std::fs::remove_dir_all(&dir).expect("cleans up");
    }
}
